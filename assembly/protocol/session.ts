// One PPP session per line: the RFC 1661 §3 phases (plus the callback step of protocols.md
// §6), frame dispatch by protocol and phase, timers, and the calls the owner makes. The
// protocol machines (lcp, pap, chap, cbcp, ipcp) report here through the parent table;
// only the owner (line layer) decides what a finished link means (hang up, call back).

import { arenaTake } from "../mem/arena";
import { Fsm, FsmEvent, FsmState, fsmInit, fsmEvent, fsmReceive, fsmTick, fsmSetReason, FSM_BYTES } from "./fsm";
import { PppConfig, configLoad, CONFIG_BYTES, CONFIG_FLAG_CAPTURE } from "./config";
import { pppFrameParse, PPP_HEADER_MAX, PROTOCOL_LCP, PROTOCOL_IPCP, PROTOCOL_IP, PROTOCOL_PAP, PROTOCOL_CHAP, PROTOCOL_CBCP } from "../wire/ppp-frame";
import { PACKET_HEADER_BYTES } from "../wire/control-packet";
import { writeU16 } from "../wire/bytes";
import { Session, SessionOwner, SessionParent, LcpOptions, Phase, Role, LinkDownReason, AUTH_DIRECTION_PEER, CALLBACK_KIND_RFC1570,
  CALLBACK_OPERATION_CBCP, CBCP_NUMBER_BYTES, LCP_OPTIONS_BYTES, MSCHAP_AREA_BYTES, NEG_ACCM, NEG_CALLBACK, NEG_MRU, callbackMessage, sessionSend,
  sessionTracing, sessionTraceEmit, sessionTraceIn } from "./session-state";
import { lcpCallbacks, lcpSetup, lcpEchoStart, lcpEchoTick } from "./lcp";
import { ipcpCallbacks, ipcpAddressesAsk } from "./ipcp";
import { authStart, authStop, authTick, papReceive, chapReceive, authDecided, authAnswered, authResponseGiven } from "./authenticate";
import { cbcpStart, cbcpStop, cbcpTick, cbcpReceive, callbackWaitStart } from "./cbcp";
import { traceStart, traceText, phaseName } from "./trace";

const TEXT_BYTES: i32 = 32;
// @ts-ignore: decorator
@lazy const protocolAt: usize = memory.data(4, 4);
const CHALLENGE_BYTES: i32 = 16;

/** Arena bytes one session takes with packet buffers of `bufferBytes`. */
export function sessionBytes(bufferBytes: i32): i32 {
  return <i32>offsetof<Session>() + CONFIG_BYTES + 2 * FSM_BYTES + 4 * LCP_OPTIONS_BYTES + CHALLENGE_BYTES + TEXT_BYTES + CBCP_NUMBER_BYTES +
    MSCHAP_AREA_BYTES + 2 * (bufferBytes + PPP_HEADER_MAX) + 64;
}

// The "why" texts of our Terminate-Requests (pppd's wording for the callback case).
// @ts-ignore: decorator
@lazy const REASON_USER: usize = memory.data<u8>([85, 115, 101, 114, 32, 114, 101, 113, 117, 101, 115, 116]); // "User request"
// @ts-ignore: decorator
@lazy const REASON_CALLBACK: usize = memory.data<u8>([
  67, 97, 108, 108, 32, 109, 101, 32, 98, 97, 99, 107, 44, 32, 112, 108, 101, 97, 115, 101,
]); // "Call me back, please"
// @ts-ignore: decorator
@lazy const REASON_CALLING_BACK: usize = memory.data<u8>([67, 97, 108, 108, 105, 110, 103, 32, 121, 111, 117, 32, 98, 97, 99, 107]); // "Calling you back"
// @ts-ignore: decorator
@lazy const REASON_AUTH: usize = memory.data<u8>([
  65, 117, 116, 104, 101, 110, 116, 105, 99, 97, 116, 105, 111, 110, 32, 102, 97, 105, 108, 101, 100,
]); // "Authentication failed"
// @ts-ignore: decorator
@lazy const REASON_NO_ADDRESS: usize = memory.data<u8>([
  78, 111, 32, 97, 100, 100, 114, 101, 115, 115, 32, 97, 118, 97, 105, 108, 97, 98, 108, 101,
]); // "No address available"

// @ts-ignore: decorator
@lazy const REASON_NAK_LOOP: usize = memory.data<u8>([
  78, 101, 103, 111, 116, 105, 97, 116, 105, 111, 110, 32, 102, 97, 105, 108, 101, 100,
]); // "Negotiation failed"

// What the owner may ask for from inside an upcall (Session.asked).
const ASK_CLOSE: u32 = 1;
const ASK_LOWER_DOWN: u32 = 2;

/** Carves a session for line `tty` from the arena (init only); null when it does not fit. */
export function sessionCreate(tty: u32, owner: SessionOwner, bufferBytes: i32): Session | null {
  const block = arenaTake(sessionBytes(bufferBytes), 8);
  if (block == 0) return null;
  const s = changetype<Session>(block);
  let at = block + offsetof<Session>();
  s.owner = owner;
  s.parent = parent();
  s.tty = tty;
  s.config = changetype<PppConfig>(at);
  at += <usize>CONFIG_BYTES;
  at = (at + 7) & ~7;
  s.lcp = changetype<Fsm>(at);
  at += <usize>FSM_BYTES;
  s.ipcp = changetype<Fsm>(at);
  at += <usize>FSM_BYTES;
  s.want = changetype<LcpOptions>(at);
  s.got = changetype<LcpOptions>(at + <usize>LCP_OPTIONS_BYTES);
  s.allow = changetype<LcpOptions>(at + 2 * <usize>LCP_OPTIONS_BYTES);
  s.his = changetype<LcpOptions>(at + 3 * <usize>LCP_OPTIONS_BYTES);
  at += 4 * <usize>LCP_OPTIONS_BYTES;
  s.challenge = at;
  at += <usize>CHALLENGE_BYTES;
  s.peerName = at;
  at += <usize>TEXT_BYTES;
  s.cbcpNumber = at;
  at += <usize>CBCP_NUMBER_BYTES;
  s.mschap = at;
  at += <usize>MSCHAP_AREA_BYTES;
  s.out = at + <usize>PPP_HEADER_MAX;
  at += <usize>(bufferBytes + PPP_HEADER_MAX);
  s.reply = at + <usize>PPP_HEADER_MAX;
  s.bufferBytes = bufferBytes;
  return s;
}

/**
 * Where the spare part of a session's block begins: from the IPCP machine's request copy on,
 * the block holds only what an open session uses (request copies, negotiated options, names,
 * packet buffers; sessionOpen sets them all again), while the record, the configuration and
 * both machines before it keep the phase and counters the owner reads between sessions.
 */
export function sessionSpare(s: Session): usize {
  return changetype<usize>(s.ipcp) + offsetof<Fsm>();
}

/** Bytes of the spare part (sessionSpare) of the session's block, to the block's end. */
export function sessionSpareBytes(s: Session): i32 {
  return <i32>(changetype<usize>(s) + <usize>sessionBytes(s.bufferBytes) - sessionSpare(s));
}

function sessionClear(s: Session): void {
  const from = offsetof<Session>("active");
  memory.fill(changetype<usize>(s) + from, 0, offsetof<Session>() - from);
}

/**
 * Starts a session as `role` with the options block at `options` (see config.ts) at time
 * `now`: LCP Up and Open (the line is connected). Returns false for a bad options block.
 */
export function sessionOpen(s: Session, role: u32, options: usize, optionsLen: i32, now: f64): bool {
  sessionClear(s);
  if (!configLoad(s.config, options, optionsLen)) return false;
  enter(s);
  s.now = now;
  s.role = role == 1 ? Role.Client : Role.Server;
  s.active = 1;
  fsmInit(s.lcp, lcpCallbacks(), changetype<usize>(s), PROTOCOL_LCP, s.out, s.reply, s.bufferBytes);
  fsmInit(s.ipcp, ipcpCallbacks(), changetype<usize>(s), PROTOCOL_IPCP, s.out, s.reply, s.bufferBytes);
  fsmSetReason(s.lcp, REASON_USER, 12);
  lcpSetup(s);
  sessionPhase(s, Phase.Establish);
  // The line is connected already: Up, then the administrative Open (Closed → Req-Sent, as
  // IOS traces it: "O CONFREQ [Closed]").
  fsmEvent(s.lcp, FsmEvent.Up, now);
  fsmEvent(s.lcp, FsmEvent.Open, now);
  leave(s);
  return true;
}

/**
 * Ends the session for `reason` (LinkDownReason): LCP Close (Terminate-Request), or at once
 * when LCP is not running. Asked from inside an upcall, it waits until the call that made
 * the upcall returns (see SessionOwner).
 */
export function sessionClose(s: Session, reason: u32): void {
  if (s.entries > 0) {
    if (s.asked == 0) {
      s.asked = ASK_CLOSE;
      s.askedReason = reason;
    }
    return;
  }
  enter(s);
  linkClose(s, reason);
  leave(s);
}

/**
 * The line went away under the session (carrier lost, hang-up): RFC 1661 Down event, the
 * session ends at once. Asked from inside an upcall, it waits like sessionClose.
 */
export function sessionLowerDown(s: Session, reason: u32): void {
  if (s.entries > 0) {
    if (s.asked != ASK_LOWER_DOWN) {
      s.asked = ASK_LOWER_DOWN;
      s.askedReason = reason;
    }
    return;
  }
  enter(s);
  linkLowerDown(s, reason);
  leave(s);
}

/** The host's answer to the check it was asked with `token` (authRequested); false when that check is not waiting. */
export function sessionAuthResult(s: Session, ok: bool, token: u32): bool {
  if (!s.active) return false;
  enter(s);
  const taken = authAnswered(s, ok, token);
  leave(s);
  return taken;
}

/** The host's MS-CHAPv2 authenticator response for the check `token` asked: 1 kept, 0 no such check, -2 malformed. */
export function sessionAuthResponse(s: Session, token: u32, text: usize, len: i32): i32 {
  return s.active ? authResponseGiven(s, token, text, len) : 0;
}

function enter(s: Session): void {
  s.entries++;
}

// The outermost call carries out what the owner asked meanwhile (the owner's upcalls it makes
// may ask again: a lower-down after a close). Returns true when it did anything.
function leave(s: Session): bool {
  let acted = false;
  while (s.entries == 1 && s.asked != 0) {
    const asked = s.asked;
    const reason = s.askedReason;
    s.asked = 0;
    s.askedReason = 0;
    if (asked == ASK_LOWER_DOWN) linkLowerDown(s, reason);
    else linkClose(s, reason);
    acted = true;
  }
  s.entries--;
  return acted;
}

// A close or lower-down the owner asked for is waiting: start nothing new (no callback, no network phase).
// @ts-ignore: decorator
@inline function closing(s: Session): bool {
  return s.asked != 0;
}

function linkClose(s: Session, reason: u32): void {
  if (!s.active) return;
  if (s.downReason == 0) s.downReason = reason;
  if (reason == LinkDownReason.AuthFailed || reason == LinkDownReason.AuthRefused) fsmSetReason(s.lcp, REASON_AUTH, 21);
  else if (reason == LinkDownReason.Callback && s.role == Role.Client) fsmSetReason(s.lcp, REASON_CALLBACK, 20);
  else if (reason == LinkDownReason.Callback) fsmSetReason(s.lcp, REASON_CALLING_BACK, 16);
  else if (reason == LinkDownReason.NakLoop) fsmSetReason(s.lcp, REASON_NAK_LOOP, 18);
  if (s.phase != Phase.Dead && s.phase != Phase.Terminate) sessionPhase(s, Phase.Terminate);
  fsmEvent(s.lcp, FsmEvent.Close, s.now);
  if (s.lcp.state == FsmState.Initial || s.lcp.state == FsmState.Closed) sessionFinished(s);
}

function linkLowerDown(s: Session, reason: u32): void {
  if (!s.active) return;
  if (s.downReason == 0) s.downReason = reason;
  fsmEvent(s.lcp, FsmEvent.Down, s.now);
  sessionFinished(s);
}

function sessionPhase(s: Session, phase: u32): void {
  if (s.phase == phase) return;
  s.phase = phase;
  if (sessionTracing(s)) {
    traceStart(s.tty);
    traceText("PPP: Phase is ");
    traceText(phaseName(phase));
    sessionTraceEmit(s);
  }
  s.owner.phaseChanged(s, phase);
}

/** LCP reached Opened (tlu): framing goes down to the line, then authentication. */
function sessionLinkUp(s: Session): void {
  s.owner.framingChanged(s, (s.his.neg & NEG_ACCM) != 0 ? s.his.accm : 0xffffffff, (s.got.neg & NEG_ACCM) != 0 ? s.got.accm : 0xffffffff);
  if ((s.his.neg & NEG_MRU) != 0) s.lcp.peerMru = s.his.mru;
  lcpEchoStart(s);
  sessionPhase(s, Phase.Authenticate);
  authStart(s);
}

/** LCP left Opened (tld): the network layer and authentication stop, framing resets. */
function sessionLinkDown(s: Session): void {
  if (s.ipcp.state >= FsmState.Closed) fsmEvent(s.ipcp, FsmEvent.Down, s.now);
  authStop(s);
  cbcpStop(s);
  s.owner.framingChanged(s, 0xffffffff, 0xffffffff);
  if (s.phase != Phase.Dead) sessionPhase(s, Phase.Terminate);
}

/** LCP finished (tlf): the link is dead; the owner decides what happens to the line. */
function sessionFinished(s: Session): void {
  if (!s.active) return;
  s.active = 0;
  authStop(s);
  cbcpStop(s);
  sessionPhase(s, Phase.Dead);
  s.owner.linkDown(s, s.downReason == 0 ? LinkDownReason.NegotiationFailed : s.downReason);
}

/** Every required direction authenticated: callback if one was agreed, else Network. */
function sessionAuthenticated(s: Session): void {
  if (s.phase != Phase.Authenticate || closing(s)) return;
  const callback = (s.his.neg & NEG_CALLBACK) != 0 ? s.his : (s.got.neg & NEG_CALLBACK) != 0 ? s.got : null;
  if (callback == null) {
    sessionNetwork(s);
    return;
  }
  if (callback.callbackOperation == CALLBACK_OPERATION_CBCP) {
    sessionPhase(s, Phase.Callback);
    cbcpStart(s);
    return;
  }
  // RFC 1570 §2.3: the callee ends the link and calls back; the caller waits for that.
  s.owner.callbackAgreed(s, CALLBACK_KIND_RFC1570, callback.callbackOperation, 0, callbackMessage(callback), <i32>callback.callbackMessageLen);
  s.downReason = LinkDownReason.Callback;
  if (s.role == Role.Server) {
    linkClose(s, LinkDownReason.Callback);
  } else {
    sessionPhase(s, Phase.Callback);
    callbackWaitStart(s);
  }
}

function sessionNetwork(s: Session): void {
  if (closing(s)) return;
  // The owner settles the addresses first; with none for the peer IPCP never starts.
  if (!ipcpAddressesAsk(s)) {
    fsmSetReason(s.lcp, REASON_NO_ADDRESS, 20); // the caller's pppd prints it: "LCP terminated by peer (...)"
    linkClose(s, LinkDownReason.NoAddress);
    return;
  }
  if (closing(s)) return;
  sessionPhase(s, Phase.Network);
  fsmEvent(s.ipcp, FsmEvent.Up, s.now);
  fsmEvent(s.ipcp, FsmEvent.Open, s.now);
}

/** Runs every timer due at `now`; returns the earliest next deadline, or -1. */
export function sessionTick(s: Session, now: f64): f64 {
  if (now > s.now) s.now = now;
  if (!s.active) return -1;
  enter(s);
  let next = timersRun(s);
  // A close the owner asked for meanwhile armed new timers: none of them is due yet.
  if (leave(s)) next = s.active ? timersRun(s) : -1;
  return next;
}

function timersRun(s: Session): f64 {
  let next = earliest(-1, fsmTick(s.lcp, s.now));
  if (!s.active) return -1;
  next = earliest(next, fsmTick(s.ipcp, s.now));
  next = earliest(next, authTick(s, s.now));
  next = earliest(next, cbcpTick(s, s.now));
  if (s.active) next = earliest(next, lcpEchoTick(s, s.now));
  if (!s.active) return -1;
  // A later timer's action can arm an automaton's (an authentication that times out closes
  // LCP): read their deadlines again, none of them is due yet.
  next = earliest(next, fsmTick(s.lcp, s.now));
  return earliest(next, fsmTick(s.ipcp, s.now));
}

function earliest(a: f64, b: f64): f64 {
  if (a < 0) return b;
  if (b < 0) return a;
  return a < b ? a : b;
}

/** A received frame (address/control and protocol in any compressed form, no FCS). */
export function sessionFrameIn(s: Session, frame: usize, len: i32): void {
  if (!s.active) return;
  enter(s);
  frameDispatch(s, frame, len);
  leave(s);
}

function frameDispatch(s: Session, frame: usize, len: i32): void {
  if ((<u32>s.config.flags & CONFIG_FLAG_CAPTURE) != 0) s.owner.frameCaptured(s, false, frame, len);
  const at = pppFrameParse(frame, len, protocolAt);
  if (at < 0) {
    s.badFrames++;
    return;
  }
  const protocol = load<u32>(protocolAt);
  const info = frame + <usize>at;
  const infoLen = len - at;
  if (protocol == PROTOCOL_LCP) {
    sessionTraceIn(s, protocol, info, infoLen, s.lcp.state);
    fsmReceive(s.lcp, info, infoLen, s.now);
    return;
  }
  const phase = s.phase;
  // RFC 1661 §3.4-3.5: only LCP in Establish; LCP and authentication in Authenticate.
  if (phase == Phase.Dead || phase == Phase.Establish || phase == Phase.Terminate || s.lcp.state != FsmState.Opened) {
    s.discarded++;
    return;
  }
  if (protocol == PROTOCOL_PAP) {
    sessionTraceIn(s, protocol, info, infoLen, -1);
    papReceive(s, info, infoLen);
  } else if (protocol == PROTOCOL_CHAP) {
    sessionTraceIn(s, protocol, info, infoLen, -1);
    chapReceive(s, info, infoLen);
  } else if (phase == Phase.Authenticate) {
    s.discarded++;
  } else if (protocol == PROTOCOL_CBCP && phase == Phase.Callback) {
    sessionTraceIn(s, protocol, info, infoLen, -1);
    cbcpReceive(s, info, infoLen);
  } else if (phase == Phase.Callback) {
    s.discarded++;
  } else if (protocol == PROTOCOL_IPCP) {
    sessionTraceIn(s, protocol, info, infoLen, s.ipcp.state);
    fsmReceive(s.ipcp, info, infoLen, s.now);
  } else if (protocol == PROTOCOL_IP) {
    if (s.ipcp.state == FsmState.Opened) s.owner.datagramIn(s, info, infoLen);
    else s.discarded++;
  } else {
    sessionProtocolReject(s, protocol, info, infoLen);
  }
}

// RFC 1661 §5.7: Rejected-Protocol + the information, truncated to the peer's MRU.
function sessionProtocolReject(s: Session, protocol: u32, info: usize, infoLen: i32): void {
  const f = s.lcp;
  const packet = s.out;
  let n = infoLen;
  const room = <i32>f.peerMru - PACKET_HEADER_BYTES - 2;
  if (n > room) n = room;
  if (n > s.bufferBytes - PACKET_HEADER_BYTES - 2) n = s.bufferBytes - PACKET_HEADER_BYTES - 2;
  writeU16(packet + PACKET_HEADER_BYTES, protocol);
  memory.copy(packet + PACKET_HEADER_BYTES + 2, info, n);
  f.identifier = (f.identifier + 1) & 0xff;
  store<u8>(packet, 8);
  store<u8>(packet, <u8>f.identifier, 1);
  writeU16(packet + 2, <u32>(n + 6));
  s.protocolRejectsSent++;
  sessionSend(s, PROTOCOL_LCP, packet, n + 6, f.state);
}

/** The peer Protocol-Rejected `protocol` (RFC 1661 §5.7). */
function sessionProtocolRejected(s: Session, protocol: u32): void {
  if (protocol == PROTOCOL_LCP) {
    s.downReason = LinkDownReason.ProtocolRejected;
    fsmEvent(s.lcp, FsmEvent.RejectCatastrophic, s.now);
  } else if (protocol == PROTOCOL_IPCP) {
    if (s.ipcp.state >= FsmState.Closed) fsmEvent(s.ipcp, FsmEvent.RejectCatastrophic, s.now);
  } else if (protocol == PROTOCOL_PAP || protocol == PROTOCOL_CHAP) {
    authDecided(s, AUTH_DIRECTION_PEER, false);
  } else if (protocol == PROTOCOL_CBCP) {
    linkClose(s, LinkDownReason.CallbackFailed);
  }
}


// @ts-ignore: decorator
@lazy const parentTable: usize = memory.data(offsetof<SessionParent>(), 8);
let parentReady = false;

/** The table through which the machines report to the session (filled on first use). */
function parent(): SessionParent {
  const p = changetype<SessionParent>(parentTable);
  if (!parentReady) {
    p.linkUp = sessionLinkUp;
    p.linkDown = sessionLinkDown;
    p.linkFinished = sessionFinished;
    p.authenticated = sessionAuthenticated;
    p.network = sessionNetwork;
    p.close = linkClose;
    p.protocolRejected = sessionProtocolRejected;
    parentReady = true;
  }
  return p;
}
