// The ARAP link of each line: an MNP class 4 link (protocol/mnp-link.ts) framed on the line
// (wire/mnp-frame.ts) and an ARAP session above it (protocol/arap-session.ts; its record in
// arap-session-state.ts, the roles in arap-server.ts and arap-client.ts), carved at init;
// their buffers are borrowed from the line's idle PPP session while the link runs (ppp-link.ts).
// The server side opens when autoselect sees the ARA client's start flag (the MNP responder),
// or on a callback leg the line dialled (the MNP initiator: the side that placed the call
// initiates, V.42 Annex A §A.7.1.1); the client side (the simulator's ARA caller) opens from
// the ABI. Reports become events (ARAP kinds 96-111); who authenticated goes to the line's
// owner (line-owner.ts), which decides on a callback; a session that ends hangs its line up
// once its last packet has left.

import { EventKind, eventEmit, eventSlotsFree, eventSlotsTotal } from "../mem/events";
import { LineCounter } from "../mem/counters";
import { MAX_LINES } from "../mem/tty";
import { clockNow } from "../mem/clock";
import { arenaTake } from "../mem/arena";
import { ringFree, ringWrite } from "../mem/ring";
import { Line, lineGet } from "./lines";
import { LineMachine, LineState, machineGet } from "./machine-state";
import { lineOwner } from "./line-owner";
import { hostnameCopyTo } from "./hostname";
import { mnpEncode, mnpDecode, mnpDecoderInit, mnpDecoderRestart, mnpDecoderStarted, MnpDecoder, MNP_DECODER_BYTES, MnpFrameReady } from "../wire/mnp-frame";
import { MNP_HEADER_MAX } from "../wire/mnp-header";
import { ArapCloseReason, ARAP_NAME_MAX, ARAP_NUMBER_MAX } from "../wire/arap-message";
import {
  MnpLink, MnpOwner, MnpRole, MnpState, MNP_N401, MNP_BUFFER_BYTES, mnpCreate, mnpOpen, mnpFrameIn, mnpSend, mnpTick, mnpClose, mnpLowerDown, mnpIdle,
} from "../protocol/mnp-link";
import { ArapSession, ArapOwner, ArapRole, ArapState, ArapNext, arapSessionCreate, ARAP_BUFFER_BYTES } from "../protocol/arap-session-state";
import {
  arapSessionOpen, arapSessionLinkUp, arapSessionLinkDown, arapSessionStreamIn, arapSessionTick, arapSessionClose, arapSessionEnded, arapSessionDatagramOut,
} from "../protocol/arap-session";
import { arapSessionServerInfo, arapSessionAuthResult } from "../protocol/arap-server";
import { arapSessionClientCredentials } from "../protocol/arap-client";
import { LinkBorrower, pppLinkSpareAt, pppLinkSpareBytes, pppLinkLend, pppLinkGiveBack } from "./ppp-link";
import { ArapKeyLayout, arapAcceptedUser } from "../protocol/arap-auth";
import { mnpTraceFrame } from "../protocol/mnp-trace";
import { tracePtr, traceLength } from "../protocol/trace";
import { globalArapNetwork, globalArapZonePtr, globalArapZoneLen, globalArapKeyShifted } from "../config/globals";

/** Event kinds of ARAP lines (96-111; boards/abi.md). */
export const enum ArapEvent {
  ArapPhase = 96, // arg0 = ArapState, arg1 = role (0 server, 1 client), arg2 = MnpState
  ArapTrace = 97, // data = one `debug arap` line
  ArapAuthenticated = 98, // arg0 = direction (0 the peer proved itself to us, 1 we to the peer); data = name
  ArapAuthFailed = 99, // arg0 = direction, arg1 = tries so far; data = name
  ArapLinkDown = 100, // arg0 = ArapCloseReason, arg1 = MnpDownReason, arg2 = LD reason code (-1 none)
  ArapDatagram = 101, // data = an AppleTalk datagram received
  ArapCallbackNotice = 102, // client: the server will call back; arg0 = wait in seconds (0 not said)
}

/** AuthRequest protocol code of an ARAP check (RADIUS's Framed-Protocol 3 is ARAP); data = name ‖ Cn ‖ Cc ‖ Rc. */
export const AUTH_REQUEST_ARAP: i32 = 3;

/** After the session ends, its last packets get this long to be acknowledged before the LD. */
const CLOSE_DRAIN_MS: f64 = 3000;

// arapOpen options (boards/abi.md, ARAP): flags, lengths, then the fields.
const OPT_TRACE: u8 = 1;
const OPT_SHIFTED: u8 = 2;
const OPT_ANSWERING: u8 = 4;
const OPT_USER_AT: usize = 4;
const OPT_SECRET_AT: usize = 36;
const OPT_NUMBER_AT: usize = 100;
export const ARAP_OPTIONS_BYTES: i32 = 132;

//  ArapLine: one line's MNP link, ARAP session and MNP decoder.
@unmanaged
class ArapLine {
  tty: u32;
  link: MnpLink;
  session: ArapSession;
  decoder: MnpDecoder;
  active: u32;
  role: u32;
  trace: u32;
  closing: u32;
  finishing: u32;
  closingUntil: f64;
  reportedState: u32;
  reportedMnp: u32;
  mnpReason: u32;
  ldReason: i32;
}

// @ts-ignore: decorator
@lazy const lines: usize = memory.data(MAX_LINES * 4, 4);
// @ts-ignore: decorator
@lazy const mnpOwnerTable: usize = memory.data(offsetof<MnpOwner>(), 8);
// @ts-ignore: decorator
@lazy const arapOwnerTable: usize = memory.data(offsetof<ArapOwner>(), 8);
// A frame on its way to a line's transmit ring (the worst case of the longest body).
const ENCODED_BYTES: i32 = 3 + 2 * (MNP_HEADER_MAX + <i32>MNP_N401) + 4;
// @ts-ignore: decorator
@lazy const encoded: usize = memory.data(ENCODED_BYTES, 8);
// The host name, on its way into a session's start information.
// @ts-ignore: decorator
@lazy const nameScratch: usize = memory.data(32, 4);
// An AuthRequest payload: name ‖ Cn ‖ Cc ‖ Rc, wiped once the event holds it.
// @ts-ignore: decorator
@lazy const askScratch: usize = memory.data(64, 8);
// The decoder's buffer: the longest body the link takes.
const DECODER_BYTES: u32 = <u32>MNP_HEADER_MAX + MNP_N401 + 8;

function noHangUp(tty: u32, now: f64): void {}

// The line machine's hang-up, registered at init (the machine opens ARAP, so it sits above).
let lineHangUp: (tty: u32, now: f64) => void = noHangUp;

/** Registered once at init: how a line whose ARAP session ended is hung up. */
export function arapLinkSetHangUp(hangUp: (tty: u32, now: f64) => void): void {
  lineHangUp = hangUp;
}

function recordAt(tty: u32): ArapLine | null {
  if (tty >= <u32>MAX_LINES) return null;
  const at = load<usize>(lines + (<usize>tty << 2));
  return at == 0 ? null : changetype<ArapLine>(at);
}

function recordOfLink(link: MnpLink): ArapLine {
  return changetype<ArapLine>(recordAt(link.tty));
}

function recordOfSession(s: ArapSession): ArapLine {
  return changetype<ArapLine>(recordAt(s.tty));
}

// The line's machine while it runs ARAP as the server (a report after it left changes nothing).
function arapMachine(tty: u32): LineMachine | null {
  const m = machineGet(<i32>tty);
  return m != null && m.state == LineState.Arap ? m : null;
}

/** Forgets every line's ARAP link (init, before the arena is carved again). */
export function arapLinkReset(): void {
  memory.fill(lines, 0, <usize>MAX_LINES * 4);
}

/**
 * Carves the ARAP link of `tty` (after its PPP session): the records here, the MNP and ARAP
 * buffers in the spare part of the line's PPP session block, borrowed while the link runs
 * (a line runs one of the two at a time). False when the arena is exhausted or the spare
 * part is too small for them (then nothing would be safe to lend).
 */
export function arapLinkCreate(tty: u32): bool {
  const buffers = pppLinkSpareAt(tty);
  if (buffers == 0 || (buffers & 7) != 0 || MNP_BUFFER_BYTES + ARAP_BUFFER_BYTES > pppLinkSpareBytes(tty)) return false;
  const at = arenaTake(offsetof<ArapLine>(), 8);
  const decoder = arenaTake(MNP_DECODER_BYTES, 8);
  const buf = arenaTake(<i32>DECODER_BYTES, 8);
  const link = mnpCreate(tty, mnpOwner(), buffers);
  const session = arapSessionCreate(tty, arapOwner(), buffers + <usize>MNP_BUFFER_BYTES);
  if (!at || !decoder || !buf || link == null || session == null) return false;
  const r = changetype<ArapLine>(at);
  r.tty = tty;
  r.link = link;
  r.session = session;
  r.decoder = changetype<MnpDecoder>(decoder);
  mnpDecoderInit(r.decoder, buf, DECODER_BYTES);
  r.ldReason = -1;
  store<usize>(lines + (<usize>tty << 2), at);
  return true;
}

// ---- Reports ----

// ArapPhase when the session's or the link's state changed since the last report.
function report(r: ArapLine): void {
  const state = r.session.state;
  const mnp = r.link.state;
  if (state == r.reportedState && mnp == r.reportedMnp) return;
  r.reportedState = state;
  r.reportedMnp = mnp;
  eventEmit(<i32>r.tty, <EventKind>ArapEvent.ArapPhase, <i32>state, <i32>r.role, <i32>mnp);
}

// The session is over and the link down: the story's last event, then the line hangs up (server).
function finish(r: ArapLine, now: f64): void {
  if (r.finishing != 0 || r.active == 0) return;
  r.finishing = 1;
  if (r.link.state != MnpState.Closed) mnpClose(r.link, now); // the LD
  const reason = r.session.closeReason;
  arapSessionEnded(r.session);
  r.active = 0;
  pppLinkGiveBack(r.tty, LinkBorrower.Arap);
  r.closing = 0;
  report(r);
  eventEmit(<i32>r.tty, <EventKind>ArapEvent.ArapLinkDown, <i32>reason, <i32>r.mnpReason, r.ldReason);
  r.finishing = 0;
  if (r.role == ArapRole.Server && arapMachine(r.tty) != null && lineGet(<i32>r.tty) != null) lineHangUp(r.tty, now);
}

// ---- The MNP link's owner ----

// A line traces its MNP frames (`debug arap`) where it traces its ARAP messages.
function traceFrame(r: ArapLine, outgoing: bool, frame: usize, len: i32, good: bool): void {
  if (r.trace == 0) return;
  mnpTraceFrame(r.tty, outgoing, frame, len, good);
  eventEmit(<i32>r.tty, <EventKind>ArapEvent.ArapTrace, 0, 0, 0, 0, tracePtr(), <u32>traceLength());
}

function frameOut(link: MnpLink, frame: usize, len: i32): void {
  const l = lineGet(<i32>link.tty);
  if (l == null) return;
  const n = mnpEncode(encoded, ENCODED_BYTES, frame, len);
  if (n < 0 || <u32>n > ringFree(l.txRing)) {
    l.txDropped++; // MNP sends it again
    return;
  }
  ringWrite(l.txRing, encoded, <u32>n);
  l.framesSent++;
  traceFrame(recordOfLink(link), true, frame, len, true);
}

function linkUp(link: MnpLink): void {
  const r = recordOfLink(link);
  arapSessionLinkUp(r.session, clockNow());
  report(r);
}

function dataIn(link: MnpLink, data: usize, len: i32): void {
  const r = recordOfLink(link);
  arapSessionStreamIn(r.session, data, len, clockNow());
}

function linkDown(link: MnpLink, reason: u32, ld: i32): void {
  const r = recordOfLink(link);
  r.mnpReason = reason;
  r.ldReason = ld;
  if (r.finishing != 0) return;
  const now = clockNow();
  arapSessionLinkDown(r.session, now);
  finish(r, now);
}

function mnpOwner(): MnpOwner {
  const o = changetype<MnpOwner>(mnpOwnerTable);
  o.frameOut = frameOut;
  o.linkUp = linkUp;
  o.dataIn = dataIn;
  o.linkDown = linkDown;
  return o;
}

// ---- The ARAP session's owner ----

function packetOut(s: ArapSession, packet: usize, len: i32): bool {
  const r = recordOfSession(s);
  return mnpSend(r.link, packet, len, clockNow()) == len;
}

function authRequested(s: ArapSession, token: u32, name: usize, nameLen: u32, data: usize, dataLen: u32): void {
  const n = nameLen < ARAP_NAME_MAX ? nameLen : ARAP_NAME_MAX;
  memory.copy(askScratch, name, n);
  memory.copy(askScratch + n, data, dataLen);
  eventEmit(<i32>s.tty, EventKind.AuthRequest, AUTH_REQUEST_ARAP, <i32>n, <i32>token, 0, askScratch, n + dataLen);
  memory.fill(askScratch, 0, 64);
}

function authFailed(s: ArapSession, name: usize, nameLen: u32, tries: u32): void {
  const direction = s.role == ArapRole.Server ? 0 : 1;
  eventEmit(<i32>s.tty, <EventKind>ArapEvent.ArapAuthFailed, direction, <i32>tries, 0, 0, name, nameLen);
}

/**
 * The server proved the client. On a callback leg the line's owner says whether it is the
 * user called back; elsewhere the user is the line's, and the owner says whether a callback
 * follows (`arap callback` and the user's callback settings) instead of the session.
 */
function authSucceeded(s: ArapSession, name: usize, nameLen: u32, number: usize, numberLen: u32): ArapNext {
  const direction = s.role == ArapRole.Server ? 0 : 1;
  eventEmit(<i32>s.tty, <EventKind>ArapEvent.ArapAuthenticated, direction, 0, 0, 0, name, nameLen);
  if (s.role != ArapRole.Server) return ArapNext.Continue;
  const m = arapMachine(s.tty);
  if (m == null) return ArapNext.Refuse;
  const now = clockNow();
  const user = arapAcceptedUser(name, nameLen);
  if (m.callbackLeg != 0) {
    if (!lineOwner().legAuthenticated(s.tty, user, now)) return ArapNext.Refuse; // only the user who asked may use the callback line
    m.userIndex = user;
    return ArapNext.Continue;
  }
  m.userIndex = user;
  return lineOwner().arapAuthenticated(s.tty, user, m.sessionId, number, numberLen, now) ? ArapNext.Callback : ArapNext.Continue;
}

function callbackNoticed(s: ArapSession, waitSeconds: u32): void {
  eventEmit(<i32>s.tty, <EventKind>ArapEvent.ArapCallbackNotice, <i32>waitSeconds);
}

function opened(s: ArapSession): void {
  const r = recordOfSession(s);
  report(r);
  if (s.role != ArapRole.Server) return;
  // On a callback leg, the session up is the callback done: the owner says whether it may stay.
  const m = arapMachine(s.tty);
  if (m == null || m.callbackLeg == 0) return;
  const ok = lineOwner().legSessionUp(s.tty, m.userIndex, clockNow());
  m.callbackLeg = 0;
  if (!ok) arapSessionClose(s, ArapCloseReason.WrongUser, clockNow());
}

function datagramIn(s: ArapSession, datagram: usize, len: i32): void {
  eventEmit(<i32>s.tty, <EventKind>ArapEvent.ArapDatagram, len, 0, 0, 0, datagram, <u32>len);
}

function closing(s: ArapSession, reason: u32): void {
  const r = recordOfSession(s);
  r.closing = 1;
  r.closingUntil = clockNow() + CLOSE_DRAIN_MS;
  report(r);
}

function trace(s: ArapSession, text: usize, len: i32): void {
  const r = recordOfSession(s);
  if (r.trace != 0) eventEmit(<i32>s.tty, <EventKind>ArapEvent.ArapTrace, 0, 0, 0, 0, text, <u32>len);
}

function arapOwner(): ArapOwner {
  const o = changetype<ArapOwner>(arapOwnerTable);
  o.packetOut = packetOut;
  o.authRequested = authRequested;
  o.authFailed = authFailed;
  o.authSucceeded = authSucceeded;
  o.callbackNoticed = callbackNoticed;
  o.opened = opened;
  o.datagramIn = datagramIn;
  o.closing = closing;
  o.trace = trace;
  return o;
}

// ---- Opening ----

// The link's buffers are borrowed from the line's PPP session (pppLinkLend) for as long as it runs.
function start(r: ArapLine, role: ArapRole, mnpRole: MnpRole, now: f64): void {
  mnpDecoderRestart(r.decoder);
  r.active = 1;
  r.role = role;
  r.closing = 0;
  r.finishing = 0;
  r.mnpReason = 0;
  r.ldReason = -1;
  r.reportedState = 0;
  r.reportedMnp = 0;
  arapSessionOpen(r.session, role, now);
  mnpOpen(r.link, mnpRole, now);
  report(r);
}

/**
 * Opens ARAP as the server on the line of `m`: answering an ARA client whose start flag
 * autoselect has just taken (`startSeen`), or on a callback leg this line dialled (`leg`:
 * the MNP initiator). Returns 0, -1 when the line has no ARAP link, -3 when a session (ARAP,
 * or PPP holding the line's buffers) runs.
 */
export function arapLinkOpenServer(m: LineMachine, leg: bool, startSeen: bool, now: f64): i32 {
  const r = recordAt(m.tty);
  if (r == null) return -1;
  if (r.active != 0 || !pppLinkLend(m.tty, LinkBorrower.Arap)) return -3; // PPP runs on the line (counted)
  const s = r.session;
  // Hostname and `arap network` as the start-up tells them; the node is the line's number.
  const nameLen = hostnameCopyTo(nameScratch, 32);
  arapSessionServerInfo(s, globalArapNetwork(), m.tty, globalArapZonePtr(), globalArapZoneLen(), nameScratch, nameLen);
  s.keyLayout = globalArapKeyShifted() ? ArapKeyLayout.Shifted : ArapKeyLayout.AsIs;
  r.trace = 1; // traces as events: the host decides what to show
  start(r, ArapRole.Server, leg ? MnpRole.Initiator : MnpRole.Responder, now);
  if (startSeen) mnpDecoderStarted(r.decoder);
  return 0;
}

/**
 * Opens ARAP as the client on `tty` with an options block (boards/abi.md, ARAP). Returns 0,
 * -1 no such line, -2 bad options, -3 a session (ARAP, or PPP holding the line's buffers) already runs.
 */
export function arapLinkOpenClient(tty: i32, options: usize, len: i32, now: f64): i32 {
  const r = recordAt(<u32>tty);
  if (r == null) return -1;
  if (r.active != 0) return -3;
  if (len < ARAP_OPTIONS_BYTES) return -2;
  const flags = load<u8>(options);
  const userLen = <u32>load<u8>(options, 1);
  const secretLen = <u32>load<u8>(options, 2);
  const numberLen = <u32>load<u8>(options, 3);
  if (userLen == 0 || userLen > ARAP_NAME_MAX || secretLen > 64 || numberLen > ARAP_NUMBER_MAX) return -2;
  const s = r.session;
  if (!pppLinkLend(<u32>tty, LinkBorrower.Arap)) return -3; // PPP runs on the line (counted)
  if (!arapSessionClientCredentials(s, options + OPT_USER_AT, userLen, options + OPT_SECRET_AT, secretLen, options + OPT_NUMBER_AT, numberLen)) {
    pppLinkGiveBack(<u32>tty, LinkBorrower.Arap);
    return -2;
  }
  s.keyLayout = (flags & OPT_SHIFTED) != 0 ? ArapKeyLayout.Shifted : ArapKeyLayout.AsIs;
  r.trace = (flags & OPT_TRACE) != 0 ? 1 : 0;
  // The caller originates the first call (it initiates MNP); on the callback it answers.
  start(r, ArapRole.Client, (flags & OPT_ANSWERING) != 0 ? MnpRole.Responder : MnpRole.Initiator, now);
  return 0;
}

// ---- Running ----

// Frames need one record slot each; a frame that completes ARAP's start-up raises a dozen.
const EVENT_RESERVE: u32 = 2;
const EVENT_RESERVE_ARAP: u32 = 24;

/** Whether `tty` runs an ARAP link (received octets are its). */
export function arapLinkActive(tty: i32): bool {
  const r = recordAt(<u32>tty);
  return r != null && r.active != 0;
}

/**
 * Octets received on a line running ARAP: through the MNP decoder into the link. Returns how
 * many were consumed: fewer than `len` when the event ring is nearly full (the host keeps the
 * rest and offers it again).
 */
export function arapLinkReceive(l: Line, src: usize, len: i32, now: f64): i32 {
  const r = recordAt(l.tty);
  if (r == null || r.active == 0) {
    l.rxBytes += <u32>len; // no link: nothing to hear (the line is ending)
    return len;
  }
  const half = eventSlotsTotal() >> 1;
  const reserve = EVENT_RESERVE_ARAP < half ? EVENT_RESERVE_ARAP : half > EVENT_RESERVE ? half : EVENT_RESERVE;
  const d = r.decoder;
  let used = 0;
  while (used < len && r.active != 0) {
    if (eventSlotsFree() < reserve) {
      l.rxRefused += <u32>(len - used);
      break;
    }
    used += mnpDecode(d, src + <usize>used, len - used);
    if (d.frameReady != MnpFrameReady.None) {
      traceFrame(r, false, d.buf, <i32>d.frameLen, d.frameReady == MnpFrameReady.Good);
      mnpFrameIn(r.link, d.buf, <i32>d.frameLen, d.frameReady == MnpFrameReady.Good, now);
      d.frameReady = MnpFrameReady.None;
      report(r);
    }
  }
  if (r.active == 0) used = len; // the session ended: the rest is the far end's last words
  l.rxBytes += <u32>used;
  return used;
}

/** Runs every ARAP link's timers at `now`; returns the earliest deadline or -1. */
export function arapLinkTick(now: f64): f64 {
  let next: f64 = -1;
  for (let tty: u32 = 0; tty < <u32>MAX_LINES; tty++) {
    const r = recordAt(tty);
    if (r == null || r.active == 0) continue;
    let d = mnpTick(r.link, now);
    if (r.active == 0) continue;
    const t = arapSessionTick(r.session, now);
    if (t >= 0 && (d < 0 || t < d)) d = t;
    if (r.closing != 0) {
      // The Close (and a callback notice) leaves first: then the LD and the hang-up.
      if (mnpIdle(r.link) || r.link.state != MnpState.Data || now >= r.closingUntil) {
        finish(r, now);
        continue;
      }
      if (d < 0 || r.closingUntil < d) d = r.closingUntil;
    }
    report(r);
    if (d >= 0 && (next < 0 || d < next)) next = d;
  }
  return next;
}

/** The line went down under the session (carrier lost, hung up): both end at once, without a word. */
export function arapLinkLowerDown(tty: i32): void {
  const r = recordAt(<u32>tty);
  if (r == null || r.active == 0) return;
  mnpLowerDown(r.link);
  r.finishing = 1; // no LD, no hang-up: the line is going down already
  arapSessionLinkDown(r.session, clockNow());
  const reason = r.session.closeReason;
  arapSessionEnded(r.session);
  r.active = 0;
  pppLinkGiveBack(<u32>tty, LinkBorrower.Arap);
  r.closing = 0;
  r.finishing = 0;
  report(r);
  eventEmit(<i32>tty, <EventKind>ArapEvent.ArapLinkDown, <i32>reason, <i32>r.mnpReason, r.ldReason);
}

/** Ends the session from our side (a Close, then the LD); 0, or -1 when none runs. */
export function arapLinkClose(tty: i32): i32 {
  const r = recordAt(<u32>tty);
  if (r == null || r.active == 0) return -1;
  arapSessionClose(r.session, ArapCloseReason.User, clockNow());
  if (r.session.state != ArapState.Closing) finish(r, clockNow()); // nothing to say first (the link was not up)
  return 0;
}

/** The session's state (ArapState), or -1 for a line without an ARAP link. */
export function arapLinkState(tty: i32): i32 {
  const r = recordAt(<u32>tty);
  return r == null ? -1 : <i32>r.session.state;
}

/** The host's AAA answer for the ARAP check it was asked (`token`), with Rs; false when that check is not waiting. */
export function arapLinkAuthResult(tty: i32, ok: bool, token: u32, rs: usize): bool {
  const r = recordAt(<u32>tty);
  if (r == null || r.active == 0) return false;
  const taken = arapSessionAuthResult(r.session, ok, token, rs, clockNow());
  report(r);
  return taken;
}

/** The line's MNP and ARAP counters (LineCounter 48-63). */
export function arapLinkCounter(l: Line, id: i32): u32 {
  const r = recordAt(l.tty);
  if (r == null) return 0;
  switch (id) {
    case LineCounter.MnpFramesIn: return r.link.framesIn;
    case LineCounter.MnpFramesOut: return r.link.framesOut;
    case LineCounter.MnpBadFcs: return r.decoder.badFcs;
    case LineCounter.MnpBadFrames: return r.link.badFrames + r.decoder.broken + r.decoder.runts + r.decoder.oversize;
    case LineCounter.MnpRetransmissions: return r.link.retransmissions;
    case LineCounter.MnpOutOfSequence: return r.link.outOfSequence;
    case LineCounter.MnpTimeouts: return r.link.timeouts;
    case LineCounter.ArapBadPackets: return r.session.badPackets;
    case LineCounter.ArapDatagramsIn: return r.session.datagramsIn;
  }
  return 0;
}

/** Lines whose ARAP link is running. */
export function arapLinkActiveCount(): i32 {
  let n = 0;
  for (let tty: u32 = 0; tty < <u32>MAX_LINES; tty++) {
    const r = recordAt(tty);
    if (r != null && r.active != 0) n++;
  }
  return n;
}

/** One AppleTalk datagram on the line's open session; false when none is open or it does not fit. */
export function arapLinkDatagramSend(tty: i32, datagram: usize, len: i32): bool {
  const r = recordAt(<u32>tty);
  if (r == null || r.active == 0) return false;
  return arapSessionDatagramOut(r.session, datagram, len, clockNow());
}
