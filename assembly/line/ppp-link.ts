// The PPP link of each line: its session (one per line, carved at init), opened as the
// server with the settings of the line's `interface async N`; octets from the line through
// the framer to the session, frames from the session to the line with the framing LCP
// agreed; the timers; and the session's owner: every report becomes an event (kinds 16-47),
// and those that matter to the line go on to the line's owner (line-owner.ts: who
// authenticated, a callback agreed by RFC 1570 or CBCP, IPCP up on a callback leg); a link
// that ends hangs its line up.

import { callScratch, SCRATCH_CAPTURE_AT, SCRATCH_LOG_AT } from "../mem/call-scratch";
import { EventKind, eventEmit, eventSlotsFree, eventSlotsTotal } from "../mem/events";
import { GlobalCounter, LineCounter, globalCount } from "../mem/counters";
import { MAX_LINES } from "../mem/tty";
import { clockNow } from "../mem/clock";
import { Line, lineGet, lineSendFrame } from "./lines";
import { LineMachine, LineState, machineGet } from "./machine-state";
import { lineOwner } from "./line-owner";
import { hostnameCopyTo } from "./hostname";
import { chatPoolInput } from "../chat/pool";
import {
  sessionCreate, sessionOpen, sessionClose, sessionLowerDown, sessionFrameIn, sessionTick, sessionAuthResult, sessionAuthResponse, sessionSpare,
  sessionSpareBytes,
} from "../protocol/session";
import {
  Session, SessionOwner, CbcpOffer, IpcpOffer, LinkDownReason, AUTH_DIRECTION_PEER, Role, NEG_MRU, NEG_CALLBACK, CBCP_NUMBER_BYTES, sessionSend,
} from "../protocol/session-state";
import { authAcceptedUser } from "../protocol/auth";
import { asciiCopy } from "../protocol/text";
import { FsmState } from "../protocol/fsm";
import {
  AUTH_CODE_PAP, AUTH_CODE_CHAP, AUTH_CODE_MSCHAP, CALLBACK_ACCEPT_RFC1570, CALLBACK_ACCEPT_CBCP, CONFIG_FLAG_TRACE,
  CONFIG_FLAG_CAPTURE, CONFIG_NAME, CONFIG_BYTES, CONFIG_AUTH_ORDER, CONFIG_USER, CONFIG_SECRET, CONFIG_PAP_USER, CONFIG_PAP_USER_LEN,
  CONFIG_PAP_SECRET, CONFIG_PAP_SECRET_LEN, CONFIG_FLAG_PEER_CHOOSES_ADDRESS, CONFIG_NAME_SERVERS,
} from "../protocol/config";
import { pppFrameProtocol, PROTOCOL_IP, PROTOCOL_LCP, PROTOCOL_CHAP } from "../wire/ppp-frame";
import { papPasswordAt, papPasswordHide } from "../wire/pap";
import { ACCM_DEFAULT, hdlcDecode } from "../wire/hdlc";
import { CBCP_ADMIN_NUMBER, CBCP_NO_CALLBACK, CBCP_USER_NUMBER } from "../wire/cbcp";
import { InterfaceFlag, interfaceFlags, interfaceExists, interfacePeerAddress, interfaceIpAddress } from "../config/interfaces";
import {
  InterfaceAuth, InterfaceExtraFlag, interfaceAuthAt, interfaceAuthCount, interfaceExtraFlags, interfaceNameServer,
} from "../config/interface-extras";
import { Credential, interfaceCredentialLen, interfaceCredentialPtr } from "../config/interface-credentials";
import { peerAddressOffer } from "./peer-address";
import { addressLeaseRelease } from "./address-lease";
import { directoryFlags, directoryDialstringLen, directoryDialstringPtr, USER_CALLBACK } from "../users/directory";

/** Packet buffer per session: an MRU of 1500 plus headroom for Protocol-Reject copies. */
const SESSION_BUFFER_BYTES: i32 = 1600;

// MS-CBCP §2.2.4.1 types offered until the user is known: 2 user-specified number, 3
// pre-specified number. After authentication pppLinkCbcpOffer narrows it to the user's.
const CBCP_OFFER: u8 = (1 << 2) | (1 << 3);

// @ts-ignore: decorator
@lazy const sessions: usize = memory.data(MAX_LINES * 4, 4);
// @ts-ignore: decorator
@lazy const ownerTable: usize = memory.data(offsetof<SessionOwner>(), 8);
// Scratch for AuthRequest payloads (name ‖ data).
// @ts-ignore: decorator
@lazy const authScratch: usize = memory.data(160, 8);
// @ts-ignore: decorator
@lazy const options: usize = memory.data(CONFIG_BYTES, 8);
let ownerReady = false;

function noHangUp(tty: u32, now: f64): void {}

// The line machine's hang-up (machine.ts), registered at init: a link that ends hangs its line
// up. Registered rather than imported: the machine opens and lowers links, so it sits above.
let lineHangUp: (tty: u32, now: f64) => void = noHangUp;

/** Registered once at init: how a line whose link ended is hung up. */
export function pppLinkSetHangUp(hangUp: (tty: u32, now: f64) => void): void {
  lineHangUp = hangUp;
}

function sessionAt(tty: u32): Session | null {
  if (tty >= <u32>MAX_LINES) return null;
  const at = load<usize>(sessions + (<usize>tty << 2));
  return at == 0 ? null : changetype<Session>(at);
}

// The line's machine while it runs PPP (a report that arrives after it left PPP changes nothing).
function pppMachine(tty: u32): LineMachine | null {
  const m = machineGet(<i32>tty);
  return m != null && m.state == LineState.Ppp ? m : null;
}

// ---- From the line to the session ----

// Frames need one record slot each; keep one spare for an Overflow record.
const EVENT_RESERVE: u32 = 2;
// A frame handled by a PPP session may raise several (traces, captures, phase, outcomes);
// never more than half the ring, so a small ring still takes input.
const EVENT_RESERVE_PPP: u32 = 16;

/**
 * Octets received on a line whose bytes are framed (PPP, ARAP, a frame-monitor line): a chat
 * script running on the line takes them first, the rest go through the line's framer, and
 * each frame to the line's session or, without one, out as a FrameReceived event. Returns
 * how many were consumed: fewer than `len` when the event ring is full (the host keeps the
 * rest and retries).
 */
export function pppLinkReceive(l: Line, src: usize, len: i32, now: f64): i32 {
  // While a chat script runs on the line, its bytes are the script's; what follows goes on.
  let used = chatPoolInput(<i32>l.tty, src, len, now);
  const d = l.decoder;
  const half = eventSlotsTotal() >> 1;
  const reserve = sessionRunning(l.tty) ? (EVENT_RESERVE_PPP < half ? EVENT_RESERVE_PPP : half > EVENT_RESERVE ? half : EVENT_RESERVE) : EVENT_RESERVE;
  while (used < len) {
    if (eventSlotsFree() < reserve) {
      l.rxRefused += <u32>(len - used);
      break;
    }
    used += hdlcDecode(d, src + used, len - used);
    if (d.frameReady) {
      if (frameIn(l, d.buf, d.frameLen)) l.pppFramesIn++;
      else eventEmit(<i32>l.tty, EventKind.FrameReceived, pppFrameProtocol(d.buf, <i32>d.frameLen), 0, 0, 0, d.buf, d.frameLen);
      d.frameReady = 0;
    }
  }
  return used;
}

// A received frame: true when the line's session took it.
function frameIn(l: Line, frame: usize, len: u32): bool {
  const s = sessionAt(l.tty);
  if (s == null || !s.active) return false;
  sessionFrameIn(s, frame, <i32>len);
  if (s.active && s.downReason == LinkDownReason.Loopback) sessionClose(s, LinkDownReason.Loopback);
  return true;
}

// ---- The session's owner: what it reports ----

function frameOut(s: Session, frame: usize, len: i32): void {
  const l = lineGet(<i32>s.tty);
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
  const l = lineGet(<i32>s.tty);
  if (l == null) return;
  l.txAccm = txAccm;
  l.decoder.accm = rxAccm;
  eventEmit(<i32>s.tty, EventKind.PppFraming, <i32>txAccm, <i32>rxAccm);
}

function phaseChanged(s: Session, phase: u32): void {
  eventEmit(<i32>s.tty, EventKind.PppPhase, <i32>phase, <i32>s.role);
}

// a2: the CHAP algorithm of that direction (5 MD5, 0x80 MS-CHAP, 0x81 MS-CHAPv2; 0 for PAP).
function authAlgorithm(s: Session, direction: i32, protocol: u32): i32 {
  if (protocol != PROTOCOL_CHAP) return 0;
  return <i32>(direction == AUTH_DIRECTION_PEER ? s.authPeerAlgorithm : s.authSelfAlgorithm);
}

function authSucceeded(s: Session, direction: i32, protocol: u32, name: usize, nameLen: i32): void {
  eventEmit(<i32>s.tty, EventKind.AuthSucceeded, direction, <i32>protocol, authAlgorithm(s, direction, protocol), 0, name, <u32>nameLen);
  if (direction == AUTH_DIRECTION_PEER && s.role == Role.Server) {
    const negotiated = ((s.his.neg | s.got.neg) & NEG_CALLBACK) != 0;
    peerAuthenticated(s.tty, name, <u32>nameLen, negotiated, clockNow());
  }
}

function authFailed(s: Session, direction: i32, protocol: u32, name: usize, nameLen: i32): void {
  eventEmit(<i32>s.tty, EventKind.AuthFailed, direction, <i32>protocol, authAlgorithm(s, direction, protocol), 0, name, <u32>nameLen);
}

function authRequested(s: Session, protocol: u32, token: u32, name: usize, nameLen: i32, data: usize, dataLen: i32): void {
  const n = nameLen < 64 ? nameLen : 64;
  const d = dataLen < 96 ? dataLen : 96;
  memory.copy(authScratch, name, n);
  memory.copy(authScratch + <usize>n, data, d);
  eventEmit(<i32>s.tty, EventKind.AuthRequest, <i32>protocol, n, <i32>token, authAlgorithm(s, AUTH_DIRECTION_PEER, protocol), authScratch, <u32>(n + d));
  memory.fill(authScratch, 0, <usize>(n + d)); // the password leaves memory once the event holds it
}

function callbackAgreed(s: Session, kind: i32, operation: u32, delay: u32, number: usize, numberLen: i32): void {
  eventEmit(<i32>s.tty, EventKind.CallbackAgreed, kind, <i32>operation, <i32>delay, <i32>s.role, number, <u32>numberLen);
  if (s.role != Role.Server) return;
  // The session ends the link itself; the line's owner hears who agreed to what.
  const m = pppMachine(s.tty);
  if (m != null) lineOwner().pppCallbackAgreed(s.tty, m.userIndex, m.sessionId, kind, operation, delay, number, <u32>numberLen, clockNow());
}

// The network phase starts: a line running PPP settles its addresses (peer-address.ts); a
// session the host opened itself keeps those of its options block.
function ipcpOffer(s: Session, offer: IpcpOffer): bool {
  const m = pppMachine(s.tty);
  if (m == null || s.role != Role.Server) return true;
  return peerAddressOffer(s.tty, m.userIndex, offer);
}

function ipcpUp(s: Session, ourAddress: u32, peerAddress: u32): void {
  eventEmit(<i32>s.tty, EventKind.IpcpUp, <i32>ourAddress, <i32>peerAddress);
  // On a callback leg, the network up is the session up: the owner says whether it may stay.
  const m = pppMachine(s.tty);
  if (m == null || m.callbackLeg == 0) return;
  const ok = lineOwner().legSessionUp(s.tty, m.userIndex, clockNow());
  m.callbackLeg = 0;
  if (!ok) pppLinkClose(<i32>s.tty);
}

function ipcpDown(s: Session): void {
  eventEmit(<i32>s.tty, EventKind.IpcpDown, 0);
}

function datagramIn(s: Session, datagram: usize, len: i32): void {
  eventEmit(<i32>s.tty, EventKind.IpDatagram, len, 0, 0, 0, datagram, <u32>len);
}

// A log line lives only until eventEmit has copied it (mem/call-scratch.ts).
// @ts-ignore: decorator
@lazy const logScratch: usize = callScratch + SCRATCH_LOG_AT;

// The link is gone (terminated, failed, or ended for a callback): the line hangs up.
function linkDown(s: Session, reason: u32): void {
  addressLeaseRelease(s.tty); // the pool's address is free again once the link has ended
  eventEmit(<i32>s.tty, EventKind.PppLinkDown, <i32>reason);
  // Said in the log, not only in the traces: the configuration and the caller do not agree.
  if (reason == LinkDownReason.AuthRefused) {
    const n = asciiCopy(logScratch, "PPP: the caller refused every protocol of ppp authentication, link closed");
    eventEmit(<i32>s.tty, EventKind.Log, 0, 0, 0, 0, logScratch, <u32>n);
  }
  if (pppMachine(s.tty) != null && lineGet(<i32>s.tty) != null) lineHangUp(s.tty, clockNow());
}

function trace(s: Session, text: usize, len: i32): void {
  eventEmit(<i32>s.tty, EventKind.PppTrace, 0, 0, 0, 0, text, <u32>len);
}

// Captures go to files people share: a PAP password is replaced by '*' before it leaves.
// The capture copy lives only until eventEmit has copied it (mem/call-scratch.ts).
// @ts-ignore: decorator
@lazy const captureScratch: usize = callScratch + SCRATCH_CAPTURE_AT;

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
    o.ipcpOffer = ipcpOffer;
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

// ---- What the line makes of a peer's authentication ----

/**
 * The peer proved who it is. On a callback leg the line's owner says whether it is the user
 * called back (else the link ends and nobody is the line's user); elsewhere the user is the
 * line's at once, and the owner says whether the link goes on (`ppp callback initiate` ends
 * it to call back).
 */
function peerAuthenticated(tty: u32, name: usize, nameLen: u32, callbackNegotiated: bool, now: f64): void {
  const m = pppMachine(tty);
  if (m == null) return;
  const user = authAcceptedUser(name, nameLen);
  if (m.callbackLeg != 0) {
    if (lineOwner().legAuthenticated(tty, user, now)) m.userIndex = user;
    else pppLinkClose(<i32>tty); // only the user who asked may use the callback line
    return;
  }
  m.userIndex = user;
  if (!lineOwner().peerAuthenticated(tty, user, callbackNegotiated, m.sessionId, now)) pppLinkClose(<i32>tty);
}

/**
 * Answers the session's question when CBCP starts: narrows the MS-CBCP `offer` to what the
 * user who authenticated on `tty` may use, as IOS does: no callback for a user without a
 * callback-dialstring, a number of the caller's choosing for an empty one, the configured
 * number (preset, type 3) otherwise. An AAA-accepted user is judged by what the server
 * allowed (callback/remote-user.ts); a user with no entry at all keeps the interface's offer.
 */
export function pppLinkCbcpOffer(tty: u32, offer: CbcpOffer): void {
  const m = pppMachine(tty);
  if (m == null || m.userIndex < 0 || offer.types == 0) return;
  const user = m.userIndex;
  if ((directoryFlags(user) & USER_CALLBACK) == 0) {
    offer.types = <u32>1 << CBCP_NO_CALLBACK;
    return;
  }
  const dialLen = directoryDialstringLen(user);
  if (dialLen == 0) {
    offer.types = <u32>1 << CBCP_USER_NUMBER;
    return;
  }
  offer.types = <u32>1 << CBCP_ADMIN_NUMBER;
  // The preset number the Ack and the CallbackAgreed event report (the wire carries none).
  const n = dialLen < <u32>CBCP_NUMBER_BYTES ? dialLen : <u32>CBCP_NUMBER_BYTES;
  memory.copy(offer.number, directoryDialstringPtr(user), n);
  offer.numberLen = n;
}

function cbcpOffer(s: Session, offer: CbcpOffer): void {
  pppLinkCbcpOffer(s.tty, offer);
}

// ---- The line opens its link ----

/**
 * The `ppp authentication` order of `interface async tty`, one protocol code per octet, first
 * in the low octet (AUTH_CODE_*: 1 PAP, 2 CHAP, 3 MS-CHAP, 4 MS-CHAP-v2); 0 for none. From
 * section 12; an image without it gives the protocols of section 6's flags, CHAP first.
 */
export function pppLinkAuthMethods(tty: u32): u32 {
  const listed = interfaceAuthCount(<i32>tty);
  let packed: u32 = 0;
  let shift: u32 = 0;
  for (let k: u32 = 0; k < listed && shift < 32; k++) {
    const code = interfaceAuthAt(<i32>tty, k);
    if (code == InterfaceAuth.Eap) continue; // not spoken: passed over as IOS passes over one the peer refuses
    packed |= code << shift;
    shift += 8;
  }
  if (packed != 0) return packed;
  const flags = interfaceFlags(<i32>tty);
  shift = 0;
  if (flags & InterfaceFlag.AuthChap) { packed |= AUTH_CODE_CHAP << shift; shift += 8; }
  if (flags & InterfaceFlag.AuthMsChap) { packed |= AUTH_CODE_MSCHAP << shift; shift += 8; }
  if (flags & InterfaceFlag.AuthPap) packed |= AUTH_CODE_PAP << shift;
  return packed;
}

// The options block's auth bits and order (config.ts) from a packed order.
function authOptionsWrite(order: u32): void {
  let bits: u32 = 0;
  for (let k: u32 = 0; k < 4; k++) {
    const code = (order >> (8 * k)) & 0xff;
    store<u8>(options + CONFIG_AUTH_ORDER + k, <u8>code);
    if (code != 0) bits |= <u32>1 << (code - 1); // AUTH_PAP 1, AUTH_CHAP 2, AUTH_MSCHAP 4, AUTH_MSCHAPV2 8
  }
  store<u8>(options, <u8>bits);
}

/**
 * Opens PPP as the server on the line of `m` with the settings of its interface. A callback
 * leg (`leg`) asks for `legAuth` (callback chose it: every leg authenticates) and cannot ask
 * for another callback. Returns the engine's status (0 = opened).
 */
export function pppLinkOpen(m: LineMachine, leg: bool, legAuth: u32, now: f64): i32 {
  memory.fill(options, 0, <usize>CONFIG_BYTES);
  const tty = <i32>m.tty;
  const flags = interfaceFlags(tty);
  authOptionsWrite(leg ? legAuth : pppLinkAuthMethods(m.tty));
  if (!leg && (flags & InterfaceFlag.CallbackAccept) != 0) {
    store<u8>(options, <u8>(CALLBACK_ACCEPT_RFC1570 | CALLBACK_ACCEPT_CBCP), 1);
    store<u8>(options, CBCP_OFFER, 3);
  }
  store<u8>(options, <u8>(CONFIG_FLAG_TRACE | CONFIG_FLAG_CAPTURE), 5); // traces and frames as events: the host decides what to keep
  // Our address: `ip address`, or the one `ip unnumbered IF` names (the compiler wrote it in the same field).
  if (interfaceExists(tty) && (flags & (InterfaceFlag.IpAddress | InterfaceFlag.Unnumbered)) != 0) store<u32>(options, interfaceIpAddress(tty), 8);
  if (interfaceExists(tty) && (flags & InterfaceFlag.PeerAddress) != 0) store<u32>(options, interfacePeerAddress(tty), 12);
  if ((interfaceExtraFlags(tty) & InterfaceExtraFlag.DynamicAddress) != 0) store<u8>(options, load<u8>(options, 5) | <u8>CONFIG_FLAG_PEER_CHOOSES_ADDRESS, 5);
  // RFC 1877: the DNS and NBNS servers `ppp ipcp dns|wins` name, for peers that ask.
  for (let k = 0; k < 4; k++) store<u32>(options + CONFIG_NAME_SERVERS + <usize>k * 4, interfaceNameServer(tty, k));
  // CHAP names us with the host name (the IOS default).
  const nameLen = hostnameCopyTo(options + CONFIG_NAME, 32);
  store<u8>(options, <u8>nameLen, 23);
  // For a peer that asks us to authenticate: `ppp chap hostname|password`, `ppp pap sent-username`.
  credentialCopy(tty, Credential.ChapHostname, CONFIG_USER, 20);
  credentialCopy(tty, Credential.ChapPassword, CONFIG_SECRET, 21);
  credentialCopy(tty, Credential.PapUser, CONFIG_PAP_USER, CONFIG_PAP_USER_LEN);
  credentialCopy(tty, Credential.PapPassword, CONFIG_PAP_SECRET, CONFIG_PAP_SECRET_LEN);
  return pppLinkSessionOpen(tty, Role.Server, options, CONFIG_BYTES, now);
}

// One credential of the interface into the options block: its text at `at`, its length at `lenAt`.
function credentialCopy(tty: i32, which: i32, at: usize, lenAt: usize): void {
  const len = interfaceCredentialLen(tty, which);
  memory.copy(options + at, interfaceCredentialPtr(tty, which), <usize>len);
  store<u8>(options + lenAt, <u8>len);
}

// ---- The sessions ----

/** Forgets every session (init, before the arena is carved again). */
export function pppLinkReset(): void {
  memory.fill(sessions, 0, <usize>MAX_LINES * 4);
  memory.fill(lentTo, 0, <usize>MAX_LINES);
}

// ---- The line's link buffers, lent ----
// A line runs PPP or ARAP, never both: while its session is not active, the spare part of
// the session's block (session.ts sessionSpare) is lent to the other protocol for its buffers,
// so each line carries one set of link buffers instead of two. Who holds them is recorded;
// a PPP open while they are lent, or a second borrower, is refused with a status and counted.

/** Who holds a line's spare session buffers. */
export const enum LinkBorrower {
  None = 0,
  Arap = 1,
}

// @ts-ignore: decorator
@lazy const lentTo: usize = memory.data(MAX_LINES, 4);

/** Bytes the line's session can lend (0 for a line without a session). */
export function pppLinkSpareBytes(tty: u32): i32 {
  const s = sessionAt(tty);
  return s == null ? 0 : sessionSpareBytes(s);
}

/** Where the line's lendable buffers begin (fixed from init on; 0 for a line without a session). */
export function pppLinkSpareAt(tty: u32): usize {
  const s = sessionAt(tty);
  return s == null ? 0 : sessionSpare(s);
}

/** Who holds the line's spare buffers (LinkBorrower). */
export function pppLinkLentTo(tty: u32): u32 {
  return tty < <u32>MAX_LINES ? <u32>load<u8>(lentTo + <usize>tty) : LinkBorrower.None;
}

/**
 * Lends the line's spare buffers to `who`, zeroed; false (counted) when the session is active
 * or they are lent already.
 */
export function pppLinkLend(tty: u32, who: LinkBorrower): bool {
  const s = sessionAt(tty);
  if (s == null || who == LinkBorrower.None || s.active != 0 || pppLinkLentTo(tty) != LinkBorrower.None) {
    globalCount(GlobalCounter.LinkBuffersBusy);
    return false;
  }
  memory.fill(sessionSpare(s), 0, <usize>sessionSpareBytes(s)); // nothing of the last PPP session leaks to the borrower
  store<u8>(lentTo + <usize>tty, <u8>who);
  return true;
}

/** `who` gives the line's buffers back, wiped; false (counted, nothing changed) when it does not hold them. */
export function pppLinkGiveBack(tty: u32, who: LinkBorrower): bool {
  const s = sessionAt(tty);
  if (s == null || who == LinkBorrower.None || pppLinkLentTo(tty) != who) {
    globalCount(GlobalCounter.LinkBuffersBusy);
    return false;
  }
  memory.fill(sessionSpare(s), 0, <usize>sessionSpareBytes(s)); // the borrower's packets and keys go with it
  store<u8>(lentTo + <usize>tty, <u8>LinkBorrower.None);
  return true;
}

/** Carves the session of line `l`; false when the arena is exhausted. */
export function pppLinkCreate(l: Line): bool {
  const s = sessionCreate(l.tty, owner(), SESSION_BUFFER_BYTES);
  if (s == null) return false;
  store<usize>(sessions + (<usize>l.tty << 2), changetype<usize>(s));
  return true;
}

/**
 * Starts the session of `tty` as `role` with an options block; 0, -1 no such line, -2 bad
 * options, -3 a session is already running (PPP, or ARAP holding the line's buffers).
 */
export function pppLinkSessionOpen(tty: i32, role: u32, options: usize, optionsLen: i32, now: f64): i32 {
  const s = sessionAt(<u32>tty);
  if (s == null) return -1;
  if (s.active) return -3;
  if (pppLinkLentTo(<u32>tty) != LinkBorrower.None) {
    globalCount(GlobalCounter.LinkBuffersBusy); // ARAP holds the line's buffers: its session runs
    return -3;
  }
  return sessionOpen(s, role, options, optionsLen, now) ? 0 : -2;
}

/** Ends the session with LCP Terminate-Request; 0, or -1 when none runs. */
export function pppLinkClose(tty: i32): i32 {
  const s = sessionAt(<u32>tty);
  if (s == null || !s.active) return -1;
  sessionClose(s, LinkDownReason.LocalClose);
  return 0;
}

/** The line lost its carrier or was hung up under the session. */
export function pppLinkLowerDown(tty: i32): i32 {
  const s = sessionAt(<u32>tty);
  if (s == null || !s.active) return -1;
  sessionLowerDown(s, LinkDownReason.LocalClose);
  return 0;
}

export function pppLinkPhase(tty: i32): i32 {
  const s = sessionAt(<u32>tty);
  return s == null ? -1 : <i32>s.phase;
}

function sessionRunning(tty: u32): bool {
  const s = sessionAt(tty);
  return s != null && s.active != 0;
}

/** An IPv4 datagram to send on the line's link; false when IPCP is not open or it exceeds the peer's MRU. */
export function pppLinkIpPush(tty: i32, datagram: usize, len: i32): bool {
  const s = sessionAt(<u32>tty);
  if (s == null || !s.active || s.ipcp.state != FsmState.Opened || len <= 0 || len > s.bufferBytes) return false;
  const mru = (s.his.neg & NEG_MRU) != 0 ? <i32>s.his.mru : 1500; // RFC 1661 §6.1
  if (len > mru) return false;
  memory.copy(s.out, datagram, <usize>len);
  sessionSend(s, PROTOCOL_IP, s.out, len, -1);
  return true;
}

/** The host's AAA answer for the check it was asked (AuthRequest, `token`); false when that check is not waiting. */
export function pppLinkAuthResult(tty: i32, ok: bool, token: u32): bool {
  const s = sessionAt(<u32>tty);
  if (s == null) return false;
  return sessionAuthResult(s, ok, token);
}

/** The host's MS-CHAPv2 authenticator response for the check `token` asked: 1 kept, 0 no such check, -2 malformed. */
export function pppLinkAuthResponse(tty: i32, token: u32, text: usize, len: i32): i32 {
  const s = sessionAt(<u32>tty);
  if (s == null) return 0;
  return sessionAuthResponse(s, token, text, len);
}

/** Runs every session's timers at `now`; returns the earliest deadline or -1. */
export function pppLinkTick(now: f64): f64 {
  let next: f64 = -1;
  for (let tty: u32 = 0; tty < <u32>MAX_LINES; tty++) {
    const s = sessionAt(tty);
    if (s == null || !s.active) continue;
    const d = sessionTick(s, now);
    if (d >= 0 && (next < 0 || d < next)) next = d;
  }
  return next;
}

/** The link's counters (LineCounter 16-47). */
export function pppLinkCounter(l: Line, id: i32): u32 {
  if (id == LineCounter.PppFramesIn) return l.pppFramesIn;
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
export function pppLinkActiveCount(): i32 {
  let n = 0;
  for (let tty: u32 = 0; tty < <u32>MAX_LINES; tty++) if (sessionRunning(tty)) n++;
  return n;
}

/** Sessions carved at init (one per modem line). */
export function pppLinkCount(): i32 {
  let n = 0;
  for (let tty: u32 = 0; tty < <u32>MAX_LINES; tty++) if (sessionAt(tty) != null) n++;
  return n;
}
