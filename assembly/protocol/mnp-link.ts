// One MNP class 4 link (V.42 Annex A §A.7): the establishment exchange LR / LR / LA with
// parameter negotiation (§A.7.1.5), the data phase with sequence numbers modulo 256, a send
// window of k LT frames kept for retransmission, LA acknowledgements with receive credit,
// retransmission on T401 and on a duplicate LA, a keep-alive LA, and LD (§A.7.2). Frames come
// in and go out unframed (header and information): wire/mnp-frame.ts frames them, the owner
// moves them. Everything is carved once per line at init (the buffers where the owner says);
// nothing is allocated afterwards.
//
// The timer values are dialback's: V.42 Annex A leaves them to the implementation.

import { arenaTake } from "../mem/arena";
import { Ring, ringInit, ringWrite, ringRead, ringUsed, ringClear, RING_HEADER_BYTES } from "../mem/ring";
import {
  MnpType, MnpLrParams, MnpFields, MNP_HEADER_MAX, mnpFrameType, mnpLrParse, mnpLrBuild, mnpLtBuild, mnpLtParse, mnpLaBuild, mnpLaParse,
  mnpLdBuild, mnpLdReason, MNP_FRAMING_OCTET, MNP_OPT_N401_256, MNP_OPT_FIXED_FIELDS, LR_SEEN_CONSTANT_2, LR_SEEN_FRAMING, LR_SEEN_WINDOW,
  LR_SEEN_N401, LR_SEEN_OPTIMISATION, MNP_LD_BAD_CONSTANT_1, MNP_LD_BAD_PARAMETER, MNP_LD_NO_LR, MNP_LD_PROTOCOL_ERROR, MNP_LD_USER,
} from "../wire/mnp-header";

/** The originating side's entity initiates (§A.7.1.1); the answering side responds. */
export const enum MnpRole {
  Responder = 0,
  Initiator = 1,
}

export const enum MnpState {
  Closed = 0,
  AwaitLr = 1, // responder: waiting for the initiator's LR
  LrSent = 2, // initiator: our LR out, waiting for the responder's
  LrAnswered = 3, // responder: our LR out, waiting for the confirming LA
  Data = 4,
}

/** Why a link ended (the owner's linkDown). */
export const enum MnpDownReason {
  None = 0,
  PeerDisconnected = 1, // an LD came in
  NoLr = 2, // establishment did not complete (no LR, no LA)
  Refused = 3, // parameter negotiation failed (an LD went out)
  RetryLimit = 4, // N400 retransmissions without an acknowledgement
  Silent = 5, // nothing heard for MNP_SILENT_MS
  LocalClose = 6, // the owner closed it (an LD went out)
}

/** T401: retransmission and establishment timer. */
export const MNP_T401_MS: f64 = 2000;
/** N400: retransmissions of the same frames before the link is given up. */
export const MNP_N400: u32 = 8;
/** How long a responder waits for the first LR. */
export const MNP_LR_WAIT_MS: f64 = 10000;
/** T404: an LA is sent after this long without sending anything (keep-alive). */
export const MNP_KEEPALIVE_MS: f64 = 10000;
/** A data phase with nothing received for this long is over. */
export const MNP_SILENT_MS: f64 = 60000;
/** Our k: LT frames outstanding at most (the send buffer holds this many). */
export const MNP_WINDOW: u32 = 4;
/** Our N401: the longest information field (with LR parameter 8 bit 1, 256). */
export const MNP_N401: u32 = 256;
/** Bytes the owner may queue for sending beyond the window. */
export const MNP_QUEUE_BYTES: u32 = 1024;
/** §A.6.4.1.7: N401 when an LR does not give it (MNP's default block). */
const N401_DEFAULT: u32 = 64;
const OUR_OPTIMISATION: u32 = MNP_OPT_N401_256 | MNP_OPT_FIXED_FIELDS;

//  MnpOwner: what a link reports (past tense) and how it sends.
@unmanaged
export class MnpOwner {
  /** A frame body (header and information) to be framed and sent. */
  frameOut: (link: MnpLink, frame: usize, len: i32) => void;
  /** The data phase began. */
  linkUp: (link: MnpLink) => void;
  /** In-sequence information, in order. */
  dataIn: (link: MnpLink, data: usize, len: i32) => void;
  /** The link ended (`ldReason`: the code of an LD received or sent, -1 none). */
  linkDown: (link: MnpLink, reason: u32, ldReason: i32) => void;
}

//  MnpLink: one line's link, carved at init.
@unmanaged
export class MnpLink {
  tty: u32;
  owner: MnpOwner;
  /** Send buffer: MNP_WINDOW slots of MNP_N401 octets, then their lengths (u16 each). */
  slots: usize;
  slotLens: usize;
  queue: Ring;
  /** A frame being built: header room, then information. */
  scratch: usize;
  /** Our LR: the initiator's offer, or the responder's answer (kept for a resend). */
  lr: MnpLrParams;
  /** The peer's LR as parsed. */
  peerLr: MnpLrParams;
  fields: MnpFields;
  // Cleared by mnpOpen from here on.
  role: u32;
  state: u32;
  window: u32;
  n401: u32;
  fixed: u32;
  /** V(S): N(S) of the next new LT. */
  vs: u32;
  /** N(S) of the oldest unacknowledged LT. */
  va: u32;
  /** V(R): N(S) expected next. */
  vr: u32;
  outstanding: u32;
  /** N(k) of the last LA received. */
  peerCredit: u32;
  retries: u32;
  lrResent: u32;
  /** A duplicate LA already caused a retransmission since the last acknowledgement. */
  fastRetransmitted: u32;
  downReason: u32;
  t401: f64;
  lastSent: f64;
  lastHeard: f64;
  // Counters (kept across calls; cleared at init only).
  framesIn: u32;
  framesOut: u32;
  badFrames: u32;
  retransmissions: u32;
  outOfSequence: u32;
  timeouts: u32;
}

const CLEARED_FROM: usize = offsetof<MnpLink>("role");
const CLEARED_TO: usize = offsetof<MnpLink>("framesIn");

// The link's buffers (send window slots, send queue, frame scratch), in `buffers` (mnpCreate).
const SLOTS_AT: usize = 0;
const QUEUE_AT: usize = SLOTS_AT + <usize>(MNP_WINDOW * MNP_N401);
const SCRATCH_AT: usize = QUEUE_AT + <usize>MNP_QUEUE_BYTES;
/** Bytes of a link's buffers (8-aligned). */
export const MNP_BUFFER_BYTES: i32 = <i32>((SCRATCH_AT + <usize>MNP_HEADER_MAX + <usize>MNP_N401 + 7) & ~7);

/**
 * Carves one link for `tty` reporting to `owner`, its buffers at `buffers` (MNP_BUFFER_BYTES,
 * 8-aligned): the owner's to place, used only between mnpOpen and the link's end. Null when
 * the arena is exhausted.
 */
export function mnpCreate(tty: u32, owner: MnpOwner, buffers: usize): MnpLink | null {
  const at = arenaTake(offsetof<MnpLink>(), 8);
  const slots = buffers == 0 ? <usize>0 : buffers + SLOTS_AT;
  const lens = arenaTake(<i32>(MNP_WINDOW * 2), 4);
  const ring = arenaTake(RING_HEADER_BYTES, 8);
  const ringData = buffers == 0 ? <usize>0 : buffers + QUEUE_AT;
  const scratch = buffers == 0 ? <usize>0 : buffers + SCRATCH_AT;
  const lr = arenaTake(offsetof<MnpLrParams>(), 4);
  const peerLr = arenaTake(offsetof<MnpLrParams>(), 4);
  const fields = arenaTake(offsetof<MnpFields>(), 4);
  if (!at || !slots || !lens || !ring || !ringData || !scratch || !lr || !peerLr || !fields) return null;
  const link = changetype<MnpLink>(at);
  link.tty = tty;
  link.owner = owner;
  link.slots = slots;
  link.slotLens = lens;
  link.queue = changetype<Ring>(ring);
  ringInit(link.queue, ringData, MNP_QUEUE_BYTES);
  link.scratch = scratch;
  link.lr = changetype<MnpLrParams>(lr);
  link.peerLr = changetype<MnpLrParams>(peerLr);
  link.fields = changetype<MnpFields>(fields);
  link.state = MnpState.Closed;
  link.t401 = -1;
  return link;
}

function send(link: MnpLink, frame: usize, len: i32, now: f64): void {
  link.framesOut++;
  link.lastSent = now;
  link.owner.frameOut(link, frame, len);
}

// Our LR: the initiator's offer, or the responder's answer (in link.lr).
function sendLr(link: MnpLink, now: f64): void {
  send(link, link.scratch, mnpLrBuild(link.scratch, link.lr), now);
}

function sendLa(link: MnpLink, now: f64): void {
  // §A.6.3.5: N(R) = V(R) - 1; N(k) = R(k): we take whatever arrives in sequence, so always k.
  const n = mnpLaBuild(link.scratch, (link.vr - 1) & 0xff, link.window, link.fixed != 0);
  send(link, link.scratch, n, now);
}

function down(link: MnpLink, reason: MnpDownReason, ldReason: i32): void {
  if (link.state == MnpState.Closed) return;
  link.state = MnpState.Closed;
  link.downReason = reason;
  link.t401 = -1;
  link.owner.linkDown(link, reason, ldReason);
}

// An LD goes out (Table A.5 `code`), then the link is down.
function disconnect(link: MnpLink, reason: MnpDownReason, code: u32, now: f64): void {
  if (link.state == MnpState.Closed) return;
  send(link, link.scratch, mnpLdBuild(link.scratch, code), now);
  down(link, reason, <i32>code);
}

/** Starts establishment as `role` at `now`: an initiator sends its LR, a responder waits for one. */
export function mnpOpen(link: MnpLink, role: MnpRole, now: f64): void {
  memory.fill(changetype<usize>(link) + CLEARED_FROM, 0, CLEARED_TO - CLEARED_FROM);
  ringClear(link.queue);
  link.role = role;
  link.lastHeard = now;
  link.lastSent = now;
  if (role == MnpRole.Initiator) {
    const p = link.lr;
    p.constant1 = 2;
    p.framing = MNP_FRAMING_OCTET;
    p.window = MNP_WINDOW;
    p.n401 = MNP_N401;
    p.optimisation = OUR_OPTIMISATION;
    p.seen = LR_SEEN_FRAMING | LR_SEEN_WINDOW | LR_SEEN_N401 | LR_SEEN_OPTIMISATION;
    link.state = MnpState.LrSent;
    link.t401 = now + MNP_T401_MS;
    sendLr(link, now);
  } else {
    link.state = MnpState.AwaitLr;
    link.t401 = now + MNP_LR_WAIT_MS;
  }
}

// §A.7.1.5: the responder's answer to `peer` in link.lr; 0, or the LD reason when it cannot agree.
function negotiate(link: MnpLink, peer: MnpLrParams): u32 {
  if (peer.constant1 != 2) return MNP_LD_BAD_CONSTANT_1; // §A.7.1.5.1
  if ((peer.seen & LR_SEEN_CONSTANT_2) == 0) return MNP_LD_BAD_PARAMETER; // §A.7.1.5.2: always present
  const framing = (peer.seen & LR_SEEN_FRAMING) != 0 ? (peer.framing < MNP_FRAMING_OCTET ? peer.framing : MNP_FRAMING_OCTET) : MNP_FRAMING_OCTET;
  if (framing != MNP_FRAMING_OCTET) return MNP_LD_BAD_PARAMETER; // the lower of the two (§A.7.1.5.3); we frame octets only
  const window = (peer.seen & LR_SEEN_WINDOW) != 0 ? (peer.window < MNP_WINDOW ? peer.window : MNP_WINDOW) : 1;
  if (window == 0) return MNP_LD_BAD_PARAMETER;
  const optimisation = (peer.seen & LR_SEEN_OPTIMISATION) != 0 ? peer.optimisation & OUR_OPTIMISATION : 0;
  let n401 = (peer.seen & LR_SEEN_N401) != 0 ? (peer.n401 < MNP_N401 ? peer.n401 : MNP_N401) : N401_DEFAULT;
  if (optimisation & MNP_OPT_N401_256) n401 = 256;
  if (n401 == 0) return MNP_LD_BAD_PARAMETER;
  const p = link.lr;
  p.constant1 = 2;
  p.framing = framing;
  p.window = window;
  p.n401 = n401;
  p.optimisation = optimisation;
  // §A.7.1.5.6: the answer names only what was received and understood.
  p.seen = peer.seen & (LR_SEEN_FRAMING | LR_SEEN_WINDOW | LR_SEEN_N401 | LR_SEEN_OPTIMISATION);
  link.window = window;
  link.n401 = n401;
  link.fixed = (optimisation & MNP_OPT_FIXED_FIELDS) != 0 ? 1 : 0;
  return 0;
}

// The initiator takes the responder's answer: it may only lower what we offered.
function adopt(link: MnpLink, answer: MnpLrParams): bool {
  if (answer.constant1 != 2) return false;
  if ((answer.seen & LR_SEEN_FRAMING) != 0 && answer.framing != MNP_FRAMING_OCTET) return false;
  const window = (answer.seen & LR_SEEN_WINDOW) != 0 ? answer.window : 1;
  if (window == 0 || window > MNP_WINDOW) return false;
  const optimisation = (answer.seen & LR_SEEN_OPTIMISATION) != 0 ? answer.optimisation : 0;
  if ((optimisation & ~OUR_OPTIMISATION) != 0) return false;
  let n401 = (answer.seen & LR_SEEN_N401) != 0 ? answer.n401 : N401_DEFAULT;
  if (optimisation & MNP_OPT_N401_256) n401 = 256;
  if (n401 == 0 || n401 > MNP_N401) return false;
  link.window = window;
  link.n401 = n401;
  link.fixed = (optimisation & MNP_OPT_FIXED_FIELDS) != 0 ? 1 : 0;
  return true;
}

// §A.6.3: V(S) = V(R) = 1 when the data phase begins; S(k) = k.
function enterData(link: MnpLink, now: f64): void {
  link.state = MnpState.Data;
  link.vs = 1;
  link.va = 1;
  link.vr = 1;
  link.outstanding = 0;
  link.peerCredit = link.window;
  link.retries = 0;
  link.t401 = -1;
  link.lastHeard = now;
  link.owner.linkUp(link);
  if (link.state == MnpState.Data) pump(link, now);
}

function slotAt(link: MnpLink, seq: u32): usize {
  return link.slots + <usize>((seq % MNP_WINDOW) * MNP_N401);
}

function slotLenAt(link: MnpLink, seq: u32): usize {
  return link.slotLens + <usize>((seq % MNP_WINDOW) << 1);
}

// Sends the LT with N(S) `seq` from its slot.
function sendLt(link: MnpLink, seq: u32, now: f64): void {
  const h = mnpLtBuild(link.scratch, seq, link.fixed != 0);
  const n = <i32>load<u16>(slotLenAt(link, seq));
  memory.copy(link.scratch + <usize>h, slotAt(link, seq), <usize>n);
  send(link, link.scratch, h + n, now);
}

// §A.7.3.1: new LT frames while the window and the peer's credit allow and data waits.
function pump(link: MnpLink, now: f64): void {
  while (link.state == MnpState.Data && link.outstanding < link.window && link.outstanding < link.peerCredit && ringUsed(link.queue) > 0) {
    const seq = link.vs;
    const n = ringRead(link.queue, slotAt(link, seq), link.n401);
    store<u16>(slotLenAt(link, seq), <u16>n);
    link.vs = (link.vs + 1) & 0xff;
    link.outstanding++;
    if (link.t401 < 0) link.t401 = now + MNP_T401_MS;
    sendLt(link, seq, now);
  }
}

// Every unacknowledged LT again, oldest first (go back to N(R) + 1).
function retransmit(link: MnpLink, now: f64): void {
  for (let i: u32 = 0; i < link.outstanding && link.state == MnpState.Data; i++) {
    link.retransmissions++;
    sendLt(link, (link.va + i) & 0xff, now);
  }
  link.t401 = link.outstanding > 0 ? now + MNP_T401_MS : -1;
}

// §A.7.3.2: an LT in sequence is taken and acknowledged; any other is dropped and answered
// with an LA that says what we expect (the sender retransmits from there).
function ltIn(link: MnpLink, frame: usize, len: i32, now: f64): void {
  const f = link.fields;
  if (!mnpLtParse(frame, len, f) || f.infoLen > link.n401) {
    link.badFrames++;
    return;
  }
  if (f.number != link.vr) {
    link.outOfSequence++;
    sendLa(link, now);
    return;
  }
  link.vr = (link.vr + 1) & 0xff;
  sendLa(link, now);
  link.owner.dataIn(link, f.info, <i32>f.infoLen);
}

// §A.7.3.4: an LA acknowledges every LT up to N(R); its N(k) less what is still in transit is
// the new credit. An LA that acknowledges nothing while frames are out says the peer is
// missing one: they are sent again, once until the next acknowledgement.
function laIn(link: MnpLink, frame: usize, len: i32, now: f64): void {
  const f = link.fields;
  if (!mnpLaParse(frame, len, f)) {
    link.badFrames++;
    return;
  }
  let acked = (f.number - ((link.va - 1) & 0xff)) & 0xff;
  if (acked > link.outstanding) acked = 0; // an old or impossible N(R): nothing new
  link.peerCredit = f.credit;
  if (acked > 0) {
    link.va = (link.va + acked) & 0xff;
    link.outstanding -= acked;
    link.retries = 0;
    link.fastRetransmitted = 0;
    link.t401 = link.outstanding > 0 ? now + MNP_T401_MS : -1;
  } else if (link.outstanding > 0 && link.fastRetransmitted == 0) {
    link.fastRetransmitted = 1;
    retransmit(link, now);
  }
  pump(link, now);
}

/**
 * A frame body received at `now`; `good` false for one whose FCS failed (only establishment
 * reacts to those, §A.7.1.3 b).
 */
export function mnpFrameIn(link: MnpLink, frame: usize, len: i32, good: bool, now: f64): void {
  if (link.state == MnpState.Closed) return;
  if (!good) {
    if (link.state == MnpState.LrAnswered) answerAgain(link, now);
    return;
  }
  link.framesIn++;
  link.lastHeard = now;
  const type = mnpFrameType(frame, len);
  if (type < 0) {
    link.badFrames++;
    return;
  }
  if (type == MnpType.LD) {
    down(link, MnpDownReason.PeerDisconnected, mnpLdReason(frame, len)); // §A.7.2: the physical connection ends too
    return;
  }
  switch (link.state) {
    case MnpState.AwaitLr: {
      if (type != MnpType.LR) return; // noise that looked like a frame, or a stray: still waiting
      const peer = link.peerLr;
      if (!mnpLrParse(frame, len, peer)) {
        link.badFrames++;
        return;
      }
      const refused = negotiate(link, peer);
      if (refused != 0) {
        disconnect(link, MnpDownReason.Refused, refused, now); // §A.7.1.4
        return;
      }
      link.state = MnpState.LrAnswered;
      link.t401 = now + MNP_T401_MS;
      sendLr(link, now);
      return;
    }
    case MnpState.LrSent: {
      if (type != MnpType.LR) return;
      const answer = link.peerLr;
      if (!mnpLrParse(frame, len, answer) || !adopt(link, answer)) {
        disconnect(link, MnpDownReason.Refused, MNP_LD_BAD_PARAMETER, now);
        return;
      }
      // §A.7.1.2: the confirming LA, N(R) 0 and our receive credit.
      send(link, link.scratch, mnpLaBuild(link.scratch, 0, link.window, link.fixed != 0), now);
      enterData(link, now);
      return;
    }
    case MnpState.LrAnswered:
      if (type == MnpType.LA) enterData(link, now);
      else if (type == MnpType.LR) answerAgain(link, now); // §A.7.1.3 c
      else if (type == MnpType.LT) {
        enterData(link, now); // the confirming LA was lost, the initiator is sending already
        if (link.state == MnpState.Data) ltIn(link, frame, len, now);
      }
      return;
    case MnpState.Data:
      if (type == MnpType.LT) ltIn(link, frame, len, now);
      else if (type == MnpType.LA) laIn(link, frame, len, now);
      else if (type == MnpType.LR) sendLa(link, now); // the responder did not see our LA: say where we are
      return;
  }
}

// §A.7.1.3: the responder resends its LR once; a second miss ends the attempt.
function answerAgain(link: MnpLink, now: f64): void {
  if (link.lrResent != 0) {
    disconnect(link, MnpDownReason.NoLr, MNP_LD_NO_LR, now);
    return;
  }
  link.lrResent = 1;
  link.t401 = now + MNP_T401_MS;
  sendLr(link, now);
}

/** Queues `len` octets for sending; returns how many fit (the rest must be offered again). */
export function mnpSend(link: MnpLink, src: usize, len: i32, now: f64): i32 {
  if (link.state == MnpState.Closed || len <= 0) return 0;
  const n = <i32>ringWrite(link.queue, src, <u32>len);
  pump(link, now);
  return n;
}

/** Octets queued and not yet sent in an LT. */
export function mnpQueued(link: MnpLink): u32 {
  return ringUsed(link.queue);
}

/** Whether every LT sent has been acknowledged and nothing waits to be sent. */
export function mnpIdle(link: MnpLink): bool {
  return link.outstanding == 0 && ringUsed(link.queue) == 0;
}

/** Runs the link's timers at `now`; returns its next deadline or -1. */
export function mnpTick(link: MnpLink, now: f64): f64 {
  if (link.state == MnpState.Closed) return -1;
  if (link.t401 >= 0 && now >= link.t401) {
    link.timeouts++;
    switch (link.state) {
      case MnpState.AwaitLr:
        down(link, MnpDownReason.NoLr, -1);
        return -1;
      case MnpState.LrSent:
        if (++link.retries > MNP_N400) {
          down(link, MnpDownReason.NoLr, -1);
          return -1;
        }
        link.t401 = now + MNP_T401_MS;
        sendLr(link, now);
        break;
      case MnpState.LrAnswered:
        answerAgain(link, now);
        break;
      case MnpState.Data:
        if (++link.retries > MNP_N400) {
          disconnect(link, MnpDownReason.RetryLimit, MNP_LD_PROTOCOL_ERROR, now);
          return -1;
        }
        retransmit(link, now);
        break;
    }
    if (link.state == MnpState.Closed) return -1;
  }
  if (link.state == MnpState.Data) {
    if (now - link.lastHeard >= MNP_SILENT_MS) {
      disconnect(link, MnpDownReason.Silent, MNP_LD_PROTOCOL_ERROR, now);
      return -1;
    }
    if (now - link.lastSent >= MNP_KEEPALIVE_MS) sendLa(link, now); // T404
  }
  let next = link.t401;
  if (link.state == MnpState.Data) {
    const keep = link.lastSent + MNP_KEEPALIVE_MS;
    const silent = link.lastHeard + MNP_SILENT_MS;
    const soonest = keep < silent ? keep : silent;
    if (next < 0 || soonest < next) next = soonest;
  }
  return next;
}

/** Ends the link with an LD (user-initiated, §A.7.2.1); the owner hears linkDown. */
export function mnpClose(link: MnpLink, now: f64): void {
  disconnect(link, MnpDownReason.LocalClose, MNP_LD_USER, now);
}

/** The line went down under the link: it ends at once, silently (the owner already knows). */
export function mnpLowerDown(link: MnpLink): void {
  link.state = MnpState.Closed;
  link.t401 = -1;
}
