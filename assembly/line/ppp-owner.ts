// The owner side of the PPP sessions: one session per line, carved at init. It moves frames
// between the line and its session, pushes the agreed framing down to the HDLC coder, runs
// the timers, and for now turns every outcome into an event (kinds 16-47). The line machine
// will take these upcalls over (hang up, call back) when it arrives.

import { EventKind, eventEmit } from "../mem/events";
import { LineCounter } from "../mem/counters";
import { Line, lineGet, lineSendFrame, MAX_LINES } from "./lines";
import { sessionCreate, sessionOpen, sessionClose, sessionLowerDown, sessionFrameIn, sessionTick, sessionAuthResult } from "../protocol/session";
import { Session, SessionOwner, CbcpOffer, LinkDownReason, AUTH_DIRECTION_PEER, Role, NEG_MRU, NEG_CALLBACK, sessionSend } from "../protocol/session-state";
import { FsmState } from "../protocol/fsm";
import { pppLinkAuthenticated, pppLinkCallbackAgreed, pppLinkCbcpOffer, pppLinkNetworkUp, pppLinkDown } from "./ppp-link";
import { pppFrameProtocol, PROTOCOL_IP, PROTOCOL_LCP } from "../wire/ppp-frame";
import { papPasswordAt, papPasswordHide } from "../wire/pap";
import { ACCM_DEFAULT } from "../wire/hdlc";

/** Packet buffer per session: an MRU of 1500 plus headroom for Protocol-Reject copies. */
const SESSION_BUFFER_BYTES: i32 = 1600;

// @ts-ignore: decorator
@lazy const sessions: usize = memory.data(MAX_LINES * 4, 4);
// @ts-ignore: decorator
@lazy const ownerTable: usize = memory.data(offsetof<SessionOwner>(), 8);
// Scratch for AuthRequest payloads (name ‖ data).
// @ts-ignore: decorator
@lazy const authScratch: usize = memory.data(160, 8);
let ownerReady = false;
let now: f64 = 0;

function sessionAt(tty: u32): Session | null {
  if (tty >= <u32>MAX_LINES) return null;
  const at = load<usize>(sessions + (<usize>tty << 2));
  return at == 0 ? null : changetype<Session>(at);
}

function lineOf(s: Session): Line | null {
  return lineGet(<i32>s.tty);
}

function frameOut(s: Session, frame: usize, len: i32): void {
  const l = lineOf(s);
  if (l == null) return;
  // RFC 1662 §7.1, as FreeBSD async.c does: LCP always goes out with the default ACCM.
  if (pppFrameProtocol(frame, len) == PROTOCOL_LCP) {
    const agreed = l.txAccm;
    l.txAccm = ACCM_DEFAULT;
    lineSendFrame(l, frame, len);
    l.txAccm = agreed;
    return;
  }
  lineSendFrame(l, frame, len);
}

// RFC 1662 §7.1 / RFC 1661 §6: each direction's ACCM as LCP agreed it.
function framingChanged(s: Session, txAccm: u32, rxAccm: u32): void {
  const l = lineOf(s);
  if (l == null) return;
  l.txAccm = txAccm;
  l.decoder.accm = rxAccm;
  eventEmit(<i32>s.tty, EventKind.PppFraming, <i32>txAccm, <i32>rxAccm);
}

function phaseChanged(s: Session, phase: u32): void {
  eventEmit(<i32>s.tty, EventKind.PppPhase, <i32>phase, <i32>s.role);
}

function authSucceeded(s: Session, direction: i32, protocol: u32, name: usize, nameLen: i32): void {
  eventEmit(<i32>s.tty, EventKind.AuthSucceeded, direction, <i32>protocol, 0, 0, name, <u32>nameLen);
  if (direction == AUTH_DIRECTION_PEER && s.role == Role.Server) {
    const negotiated = ((s.his.neg | s.got.neg) & NEG_CALLBACK) != 0;
    pppLinkAuthenticated(s.tty, name, <u32>nameLen, negotiated, now);
  }
}

function authFailed(s: Session, direction: i32, protocol: u32, name: usize, nameLen: i32): void {
  eventEmit(<i32>s.tty, EventKind.AuthFailed, direction, <i32>protocol, 0, 0, name, <u32>nameLen);
}

function authRequested(s: Session, protocol: u32, token: u32, name: usize, nameLen: i32, data: usize, dataLen: i32): void {
  const n = nameLen < 64 ? nameLen : 64;
  const d = dataLen < 96 ? dataLen : 96;
  memory.copy(authScratch, name, n);
  memory.copy(authScratch + <usize>n, data, d);
  eventEmit(<i32>s.tty, EventKind.AuthRequest, <i32>protocol, n, <i32>token, 0, authScratch, <u32>(n + d));
  memory.fill(authScratch, 0, <usize>(n + d)); // the password leaves memory once the event holds it
}

function cbcpOffer(s: Session, offer: CbcpOffer): void {
  pppLinkCbcpOffer(s.tty, offer);
}

function callbackAgreed(s: Session, kind: i32, operation: u32, delay: u32, number: usize, numberLen: i32): void {
  eventEmit(<i32>s.tty, EventKind.CallbackAgreed, kind, <i32>operation, <i32>delay, <i32>s.role, number, <u32>numberLen);
  if (s.role == Role.Server) pppLinkCallbackAgreed(s.tty, kind, operation, delay, number, <u32>numberLen, now);
}

function ipcpUp(s: Session, ourAddress: u32, peerAddress: u32): void {
  eventEmit(<i32>s.tty, EventKind.IpcpUp, <i32>ourAddress, <i32>peerAddress);
  pppLinkNetworkUp(s.tty, now);
}

function ipcpDown(s: Session): void {
  eventEmit(<i32>s.tty, EventKind.IpcpDown, 0);
}

function datagramIn(s: Session, datagram: usize, len: i32): void {
  eventEmit(<i32>s.tty, EventKind.IpDatagram, len, 0, 0, 0, datagram, <u32>len);
}

function linkDown(s: Session, reason: u32): void {
  eventEmit(<i32>s.tty, EventKind.PppLinkDown, <i32>reason);
  pppLinkDown(s.tty, now);
}

function trace(s: Session, text: usize, len: i32): void {
  eventEmit(<i32>s.tty, EventKind.PppTrace, 0, 0, 0, 0, text, <u32>len);
}

// Captures go to files people share: a PAP password is replaced by '*' before it leaves.
// @ts-ignore: decorator
@lazy const captureScratch: usize = memory.data(SESSION_BUFFER_BYTES + 8, 8);

function frameCaptured(s: Session, outgoing: bool, frame: usize, len: i32): void {
  let data = frame;
  if (papPasswordAt(frame, len) > 0 && len <= SESSION_BUFFER_BYTES) {
    memory.copy(captureScratch, frame, <usize>len);
    papPasswordHide(captureScratch, len);
    data = captureScratch;
  }
  eventEmit(<i32>s.tty, EventKind.PppFrame, outgoing ? 1 : 0, 0, 0, 0, data, <u32>len);
}

function owner(): SessionOwner {
  const o = changetype<SessionOwner>(ownerTable);
  if (!ownerReady) {
    o.frameOut = frameOut;
    o.framingChanged = framingChanged;
    o.phaseChanged = phaseChanged;
    o.authSucceeded = authSucceeded;
    o.authFailed = authFailed;
    o.authRequested = authRequested;
    o.cbcpOffer = cbcpOffer;
    o.callbackAgreed = callbackAgreed;
    o.ipcpUp = ipcpUp;
    o.ipcpDown = ipcpDown;
    o.datagramIn = datagramIn;
    o.linkDown = linkDown;
    o.trace = trace;
    o.frameCaptured = frameCaptured;
    ownerReady = true;
  }
  return o;
}

/** Forgets every session (init, before the arena is carved again). */
export function pppOwnerReset(): void {
  memory.fill(sessions, 0, <usize>MAX_LINES * 4);
}

/** Carves the session of line `l`; false when the arena is exhausted. */
export function pppOwnerCreate(l: Line): bool {
  const s = sessionCreate(l.tty, owner(), SESSION_BUFFER_BYTES);
  if (s == null) return false;
  store<usize>(sessions + (<usize>l.tty << 2), changetype<usize>(s));
  return true;
}

/** 0, -1 no such line, -2 bad options, -3 a session is already running. */
export function pppOwnerOpen(tty: i32, role: u32, options: usize, optionsLen: i32): i32 {
  const s = sessionAt(<u32>tty);
  if (s == null) return -1;
  if (s.active) return -3;
  return sessionOpen(s, role, options, optionsLen, now) ? 0 : -2;
}

export function pppOwnerClose(tty: i32): i32 {
  const s = sessionAt(<u32>tty);
  if (s == null || !s.active) return -1;
  sessionClose(s, LinkDownReason.LocalClose);
  return 0;
}

/** The line lost its carrier or was hung up under the session. */
export function pppOwnerLowerDown(tty: i32): i32 {
  const s = sessionAt(<u32>tty);
  if (s == null || !s.active) return -1;
  sessionLowerDown(s, LinkDownReason.LocalClose);
  return 0;
}

export function pppOwnerPhase(tty: i32): i32 {
  const s = sessionAt(<u32>tty);
  return s == null ? -1 : <i32>s.phase;
}

export function pppOwnerActive(l: Line): bool {
  const s = sessionAt(l.tty);
  return s != null && s.active != 0;
}

/** A received frame: true when the line's session took it. */
export function pppOwnerFrameIn(l: Line, frame: usize, len: u32): bool {
  const s = sessionAt(l.tty);
  if (s == null || !s.active) return false;
  sessionFrameIn(s, frame, <i32>len);
  if (s.active && s.downReason == LinkDownReason.Loopback) sessionClose(s, LinkDownReason.Loopback);
  return true;
}

/** An IPv4 datagram to send on the line's link; false when IPCP is not open or it exceeds the peer's MRU. */
export function pppOwnerIpPush(tty: i32, datagram: usize, len: i32): bool {
  const s = sessionAt(<u32>tty);
  if (s == null || !s.active || s.ipcp.state != FsmState.Opened || len <= 0 || len > s.bufferBytes) return false;
  const mru = (s.his.neg & NEG_MRU) != 0 ? <i32>s.his.mru : 1500; // RFC 1661 §6.1
  if (len > mru) return false;
  memory.copy(s.out, datagram, <usize>len);
  sessionSend(s, PROTOCOL_IP, s.out, len, -1);
  return true;
}

/** The host's AAA answer for the check it was asked (AuthRequest, `token`); false when that check is not waiting. */
export function pppOwnerAuthResult(tty: i32, ok: bool, token: u32): bool {
  const s = sessionAt(<u32>tty);
  if (s == null) return false;
  return sessionAuthResult(s, ok, token);
}

/** Runs every session's timers at `at`; returns the earliest deadline or -1. */
export function pppOwnerTick(at: f64): f64 {
  if (at > now) now = at;
  let next: f64 = -1;
  for (let tty: u32 = 0; tty < <u32>MAX_LINES; tty++) {
    const s = sessionAt(tty);
    if (s == null || !s.active) continue;
    const d = sessionTick(s, now);
    if (d >= 0 && (next < 0 || d < next)) next = d;
  }
  return next;
}

export function pppOwnerCounter(l: Line, id: i32): u32 {
  const s = sessionAt(l.tty);
  if (s == null) return 0;
  switch (id) {
    case LineCounter.PppDiscarded: return s.discarded;
    case LineCounter.PppBadPackets: return s.badFrames + s.lcp.badPackets + s.ipcp.badPackets;
    case LineCounter.PppProtocolRejectsSent: return s.protocolRejectsSent;
    case LineCounter.PppLoopbacks: return s.loopbacks;
    case LineCounter.PppEchoRequests: return s.echoRequests;
    case LineCounter.PppIllegalEvents: return s.lcp.illegalEvents + s.ipcp.illegalEvents;
  }
  return 0;
}

/** Sessions running on any line (0 when every line's PPP has ended). */
export function pppOwnerActiveCount(): i32 {
  let n = 0;
  for (let tty: u32 = 0; tty < <u32>MAX_LINES; tty++) {
    const s = sessionAt(tty);
    if (s != null && s.active) n++;
  }
  return n;
}

/** Sessions carved at init (one per modem line). */
export function pppOwnerCount(): i32 {
  let n = 0;
  for (let tty: u32 = 0; tty < <u32>MAX_LINES; tty++) if (sessionAt(tty) != null) n++;
  return n;
}
