// One ARAP session above the line's MNP link, as server (the access server) or client (the
// simulator's Macintosh): the version exchange, the DES challenge and response in both
// directions (arap-auth.ts), on the server the feature flags and then either the callback
// notice (the line drops and the client is called back, RFC 2869 §2.2) or the start
// information and zone list; then the session, which carries AppleTalk datagrams. Each
// control message is acknowledged by an Ack with its sequence number; a peer that
// acknowledges nothing for ARAP_ACK_WAIT_MS is gone. The message encoding is dialback's own
// (wire/arap-message.ts, PROVISIONAL); the order is RFC 2869's.
//
// The session reports to its owner (ArapOwner, past tense) and never touches the link: the
// owner carries its packets (line/arap-link.ts).

import { arenaTake } from "../mem/arena";
import { entropyFill } from "../crypto/entropy";
import { bytesEqual } from "../wire/bytes";
import {
  ArapAssembler, ArapControl, ArapAuthRequestView, ArapStartView, ArapCode, ArapCloseReason, arapAssemblerInit, arapAssemblerRestart,
  arapAssemble, arapControlBegin, arapPacketEnd, arapControlParse, arapIsData, arapVersionsPut, arapVersionLow, arapVersionHigh,
  arapBlockPut, arapAuthRequestPut, arapAuthRequestParse, arapAuthResponsePut, arapAuthAgainPut, arapStartInfoPut, arapStartInfoParse,
  arapZoneListPut, arapZoneListCount, arapCodeName, ARAP_PACKET_MAX, ARAP_LENGTH_BYTES, ARAP_BLOCK_BYTES,
  ARAP_NAME_MAX, ARAP_ZONE_MAX, ARAP_NUMBER_MAX, ARAP_FEATURES_BYTES, ARAP_VERSION_1, ARAP_VERSION_2, ARAP_AUTH_ACCEPTED, ARAP_AUTH_REFUSED,
  ARAP_CHANNEL_DATA,
} from "../wire/arap-message";
import { AuthVerdict } from "./auth";
import { authTokenNext } from "./auth-token";
import { ArapKeyLayout, arapCheck, arapResponse } from "./arap-auth";

export const enum ArapRole {
  Server = 0,
  Client = 1,
}

export const enum ArapState {
  Closed = 0,
  Link = 1, // waiting for the MNP link's data phase
  Version = 2, // server: SRVRVERSION sent; client: waiting for it
  Auth = 3, // server: challenge out, waiting for the request; client: request out, waiting for the response
  AuthWait = 4, // server: the host (an AAA server) is asked
  Startup = 5, // client: authenticated, waiting for the start information and zone list
  Open = 6, // the session is up
  Closing = 7, // a Close went out or came in; the owner ends the link once it has left
}

/** What the owner decides once the server has authenticated the client. */
export const enum ArapNext {
  Continue = 0, // the session comes up
  Callback = 1, // the client is told it will be called back, then the line drops
  Refuse = 2, // not the user called back (a callback leg): the session ends
}

/** The lowest and highest versions we speak. */
export const ARAP_OUR_LOWEST: u32 = ARAP_VERSION_1;
export const ARAP_OUR_HIGHEST: u32 = ARAP_VERSION_2;
/** Wrong responses a server takes before it closes (IOS logins allow three tries). */
export const ARAP_TRIES: u32 = 3;
/** How long each side waits for the next message of the start-up. */
export const ARAP_REPLY_WAIT_MS: f64 = 30000;
/** How long the server waits for the host's AAA answer (as for logins and PPP). */
export const ARAP_AAA_WAIT_MS: f64 = 60000;
/** An unacknowledged control message older than this ends the session. */
export const ARAP_ACK_WAIT_MS: f64 = 30000;
/** An idle open session tickles its peer this often. */
export const ARAP_TICKLE_MS: f64 = 20000;

//  ArapOwner: what a session reports (past tense) and how it sends.
@unmanaged
export class ArapOwner {
  /** A whole packet (length prefix included) to carry to the peer; false when it could not be queued. */
  packetOut: (s: ArapSession, packet: usize, len: i32) => bool;
  /** Server, host modes: the host must answer (token) whether name ‖ Cn ‖ Cc ‖ Rc is right. */
  authRequested: (s: ArapSession, token: u32, name: usize, nameLen: u32, data: usize, dataLen: u32) => void;
  /** Server: the client's response was wrong (or refused); client: the server refused us. */
  authFailed: (s: ArapSession, name: usize, nameLen: u32, tries: u32) => void;
  /**
   * Server: the client proved `name` (the number it offered for a callback, possibly empty);
   * the answer decides what follows. Client: the server proved itself (the answer is ignored).
   */
  authSucceeded: (s: ArapSession, name: usize, nameLen: u32, number: usize, numberLen: u32) => ArapNext;
  /** Client: the server will call back after `waitSeconds`. */
  callbackNoticed: (s: ArapSession, waitSeconds: u32) => void;
  /** The session is up (server: start-up sent; client: zone list received). */
  opened: (s: ArapSession) => void;
  /** An AppleTalk datagram arrived. */
  datagramIn: (s: ArapSession, datagram: usize, len: i32) => void;
  /** The session is ending for `reason`; the owner ends the link once what was sent has left. */
  closing: (s: ArapSession, reason: u32) => void;
  /** One trace line (`TTY4 ARAP: O SRVRVERSION seq 0 len 8`). */
  trace: (s: ArapSession, text: usize, len: i32) => void;
}

const TRACE_BYTES: i32 = 96;

//  ArapSession: one line's ARAP session, carved at init.
@unmanaged
export class ArapSession {
  tty: u32;
  owner: ArapOwner;
  assembler: ArapAssembler;
  out: usize;
  control: ArapControl;
  request: ArapAuthRequestView;
  start: ArapStartView;
  traceBuf: usize;
  /** Server: what StartInfo and ZoneList say (set by the owner before opening). */
  network: u32;
  node: u32;
  zone: usize;
  zoneLen: u32;
  serverName: usize;
  serverNameLen: u32;
  keyLayout: u32;
  /** Client: who we are and the number we offer for a callback. */
  name: usize;
  nameLen: u32;
  secret: usize;
  secretLen: u32;
  number: usize;
  numberLen: u32;
  // Cleared by arapSessionOpen from here on.
  role: u32;
  state: u32;
  version: u32;
  seqOut: u32;
  /** Sequence number of the last of our control messages the peer acknowledged (seqOut - 1 when all are). */
  ackedUpTo: u32;
  /** When the oldest unacknowledged control message went out, -1 when none waits. */
  waitingSince: f64;
  deadline: f64;
  lastSent: f64;
  tries: u32;
  token: u32;
  closeReason: u32;
  /** Client: the server's notice that it will call back, and its wait. */
  callbackNotice: u32;
  callbackWait: u32;
  /** Client: what StartInfo said. */
  peerNetwork: u32;
  peerNode: u32;
  zonesSeen: u32;
  /** Server: the length of the client's name and of the number it offered (at PEER_NAME, PEER_NUMBER). */
  peerNameLen: u32;
  peerNumberLen: u32;
  // Counters (cleared at init only).
  datagramsIn: u32;
  badPackets: u32;
}

// Per session, after the record: Cn, Cc, Rc, Rs (8 each), the peer's name and number.
const BLOCK_CN: usize = 0;
const BLOCK_CC: usize = 8;
const BLOCK_RC: usize = 16;
const BLOCK_RS: usize = 24;
const PEER_NAME: usize = 32;
const PEER_NUMBER: usize = PEER_NAME + 32;
const EXTRA_BYTES: i32 = <i32>(PEER_NUMBER + 32);

const CLEARED_FROM: usize = offsetof<ArapSession>("role");
const CLEARED_TO: usize = offsetof<ArapSession>("datagramsIn");

// The session's buffers (packet being assembled, packet being built, trace line), in `buffers`.
const PACKET_IN_AT: usize = 0;
const PACKET_OUT_AT: usize = (PACKET_IN_AT + <usize>ARAP_PACKET_MAX + 7) & ~7;
const TRACE_AT: usize = (PACKET_OUT_AT + <usize>(ARAP_PACKET_MAX + ARAP_LENGTH_BYTES) + 7) & ~7;
/** Bytes of a session's buffers (8-aligned). */
export const ARAP_BUFFER_BYTES: i32 = <i32>((TRACE_AT + <usize>TRACE_BYTES + 7) & ~7);

/**
 * Carves one session for `tty`, its buffers at `buffers` (ARAP_BUFFER_BYTES, 8-aligned): the
 * owner's to place, used only between arapSessionOpen and arapSessionEnded. Null when the
 * arena is exhausted.
 */
export function arapSessionCreate(tty: u32, owner: ArapOwner, buffers: usize): ArapSession | null {
  const at = arenaTake(offsetof<ArapSession>() + EXTRA_BYTES, 8);
  const assembler = arenaTake(offsetof<ArapAssembler>(), 4);
  const buf = buffers == 0 ? <usize>0 : buffers + PACKET_IN_AT;
  const out = buffers == 0 ? <usize>0 : buffers + PACKET_OUT_AT;
  const control = arenaTake(offsetof<ArapControl>(), 4);
  const request = arenaTake(offsetof<ArapAuthRequestView>(), 4);
  const start = arenaTake(offsetof<ArapStartView>(), 4);
  const traceBuf = buffers == 0 ? <usize>0 : buffers + TRACE_AT;
  const texts = arenaTake(<i32>(ARAP_ZONE_MAX * 2 + 32 + 64 + ARAP_NUMBER_MAX), 4);
  if (!at || !assembler || !buf || !out || !control || !request || !start || !traceBuf || !texts) return null;
  const s = changetype<ArapSession>(at);
  s.tty = tty;
  s.owner = owner;
  s.assembler = changetype<ArapAssembler>(assembler);
  arapAssemblerInit(s.assembler, buf, ARAP_PACKET_MAX);
  s.out = out;
  s.control = changetype<ArapControl>(control);
  s.request = changetype<ArapAuthRequestView>(request);
  s.start = changetype<ArapStartView>(start);
  s.traceBuf = traceBuf;
  s.zone = texts;
  s.serverName = texts + ARAP_ZONE_MAX;
  s.name = texts + 2 * ARAP_ZONE_MAX;
  s.secret = s.name + 32;
  s.number = s.secret + 64;
  s.state = ArapState.Closed;
  s.deadline = -1;
  return s;
}

function extra(s: ArapSession, at: usize): usize {
  return changetype<usize>(s) + offsetof<ArapSession>() + at;
}

// ---- Trace lines ----

let traceLen: i32 = 0;

function tput(s: ArapSession, text: string): void {
  const src = changetype<usize>(text);
  for (let i = 0; i < text.length && traceLen < TRACE_BYTES; i++) {
    store<u8>(s.traceBuf + <usize>traceLen, <u8>load<u16>(src + (<usize>i << 1)));
    traceLen++;
  }
}

function tnum(s: ArapSession, v: u32): void {
  let digits: u32 = 1;
  for (let x = v; x >= 10; x /= 10) digits++;
  if (traceLen + <i32>digits > TRACE_BYTES) return;
  for (let i = <i32>digits - 1; i >= 0; i--) {
    store<u8>(s.traceBuf + <usize>(traceLen + i), <u8>(0x30 + v % 10));
    v /= 10;
  }
  traceLen += <i32>digits;
}

function traceMessage(s: ArapSession, outgoing: bool, code: u32, seq: u32, len: u32): void {
  traceLen = 0;
  tput(s, "TTY");
  tnum(s, s.tty);
  tput(s, outgoing ? " ARAP: O " : " ARAP: I ");
  tput(s, arapCodeName(code));
  tput(s, " seq ");
  tnum(s, seq);
  tput(s, " len ");
  tnum(s, len);
  s.owner.trace(s, s.traceBuf, traceLen);
}

function traceNote(s: ArapSession, text: string): void {
  traceLen = 0;
  tput(s, "TTY");
  tnum(s, s.tty);
  tput(s, " ARAP: ");
  tput(s, text);
  s.owner.trace(s, s.traceBuf, traceLen);
}

// ---- Sending ----

function controlBody(s: ArapSession, code: ArapCode): usize {
  return arapControlBegin(s.out, s.seqOut, code);
}

// Sends the control packet whose body ends at `end`; a packet the owner cannot queue ends the session.
function controlSend(s: ArapSession, code: ArapCode, end: usize, now: f64): void {
  const len = arapPacketEnd(s.out, end);
  const seq = s.seqOut;
  traceMessage(s, true, code, seq, <u32>len - ARAP_LENGTH_BYTES);
  if (code != ArapCode.Ack) {
    s.seqOut = (s.seqOut + 1) & 0xff;
    if (s.waitingSince < 0) s.waitingSince = now;
  }
  s.lastSent = now;
  if (!s.owner.packetOut(s, s.out, len)) close(s, ArapCloseReason.ProtocolError, now);
}

function sendEmpty(s: ArapSession, code: ArapCode, now: f64): void {
  controlSend(s, code, controlBody(s, code), now);
}

function sendAck(s: ArapSession, seq: u32, now: f64): void {
  const body = arapControlBegin(s.out, seq, ArapCode.Ack);
  const len = arapPacketEnd(s.out, body);
  traceMessage(s, true, ArapCode.Ack, seq, <u32>len - ARAP_LENGTH_BYTES);
  s.lastSent = now;
  s.owner.packetOut(s, s.out, len);
}

/** The session ends for `reason`: a Close goes out (unless the peer or the link ended it), then the owner hears `closing`. */
function close(s: ArapSession, reason: ArapCloseReason, now: f64): void {
  if (s.state == ArapState.Closed || s.state == ArapState.Closing) return;
  const tell = reason != ArapCloseReason.PeerClosed && reason != ArapCloseReason.LinkLost && s.state != ArapState.Link;
  s.state = ArapState.Closing;
  s.closeReason = reason;
  s.deadline = -1;
  wipe(s);
  if (tell) {
    const body = controlBody(s, ArapCode.Close);
    store<u8>(body, <u8>reason);
    controlSend(s, ArapCode.Close, body + 1, now);
  }
  s.owner.closing(s, reason);
}

// Secrets and challenges leave memory as soon as they are no longer needed.
function wipe(s: ArapSession): void {
  memory.fill(extra(s, 0), 0, PEER_NAME);
  if (s.role == ArapRole.Client) memory.fill(s.secret, 0, 64);
}

// ---- Opening ----

/** Opens the session as `role` at `now`: it waits for the owner's arapSessionLinkUp. A client's credentials are set by arapSessionClientCredentials first. */
export function arapSessionOpen(s: ArapSession, role: ArapRole, now: f64): void {
  memory.fill(changetype<usize>(s) + CLEARED_FROM, 0, CLEARED_TO - CLEARED_FROM);
  memory.fill(extra(s, 0), 0, <usize>EXTRA_BYTES);
  arapAssemblerRestart(s.assembler);
  s.role = role;
  s.state = ArapState.Link;
  s.waitingSince = -1;
  s.deadline = -1;
  s.lastSent = now;
  if (role != ArapRole.Client) {
    memory.fill(s.secret, 0, 64); // a server keeps no secret of its own here
    s.secretLen = 0;
  }
}

/** Client: who we are (name ≤ 31, secret ≤ 64, number ≤ 32 octets); false when a field is too long or the name empty. */
export function arapSessionClientCredentials(s: ArapSession, name: usize, nameLen: u32, secret: usize, secretLen: u32, number: usize, numberLen: u32): bool {
  if (nameLen == 0 || nameLen > ARAP_NAME_MAX || secretLen > 64 || numberLen > ARAP_NUMBER_MAX) return false;
  memory.copy(s.name, name, nameLen);
  s.nameLen = nameLen;
  memory.fill(s.secret, 0, 64);
  memory.copy(s.secret, secret, secretLen);
  s.secretLen = secretLen;
  memory.copy(s.number, number, numberLen);
  s.numberLen = numberLen;
  return true;
}

/** Server: what the start-up tells the client (zone and server name cut to 32 octets). */
export function arapSessionServerInfo(s: ArapSession, network: u32, node: u32, zone: usize, zoneLen: u32, server: usize, serverLen: u32): void {
  s.network = network;
  s.node = node;
  s.zoneLen = zoneLen < ARAP_ZONE_MAX ? zoneLen : ARAP_ZONE_MAX;
  memory.copy(s.zone, zone, s.zoneLen);
  s.serverNameLen = serverLen < ARAP_ZONE_MAX ? serverLen : ARAP_ZONE_MAX;
  memory.copy(s.serverName, server, s.serverNameLen);
}

/** The MNP link reached its data phase: the server speaks first. */
export function arapSessionLinkUp(s: ArapSession, now: f64): void {
  if (s.state != ArapState.Link) return;
  s.state = ArapState.Version;
  s.deadline = now + ARAP_REPLY_WAIT_MS;
  if (s.role != ArapRole.Server) return;
  const body = controlBody(s, ArapCode.SrvrVersion);
  controlSend(s, ArapCode.SrvrVersion, arapVersionsPut(body, ARAP_OUR_LOWEST, ARAP_OUR_HIGHEST, true), now);
}

/** The MNP link (or the line) went down under the session. */
export function arapSessionLinkDown(s: ArapSession, now: f64): void {
  if (s.state == ArapState.Closing) {
    s.state = ArapState.Closed;
    return;
  }
  close(s, ArapCloseReason.LinkLost, now);
  s.state = ArapState.Closed;
}

/** The owner has ended the link after `closing`: the session is over. */
export function arapSessionEnded(s: ArapSession): void {
  s.state = ArapState.Closed;
  s.deadline = -1;
  wipe(s);
}

/** Ends an open (or opening) session from our side. */
export function arapSessionClose(s: ArapSession, reason: ArapCloseReason, now: f64): void {
  close(s, reason, now);
}

// ---- Receiving ----

/** Octets of the stream from the link; every complete packet is handled in order. */
export function arapSessionStreamIn(s: ArapSession, src: usize, len: i32, now: f64): void {
  let at = 0;
  while (at < len && s.state != ArapState.Closed && s.state != ArapState.Closing) {
    at += arapAssemble(s.assembler, src + <usize>at, len - at);
    if (s.assembler.broken != 0) {
      s.badPackets++;
      traceNote(s, "stream out of step (bad packet length)");
      close(s, ArapCloseReason.ProtocolError, now);
      return;
    }
    if (s.assembler.packetReady != 0) packetIn(s, s.assembler.buf, s.assembler.packetLen, now);
  }
}

function bad(s: ArapSession, now: f64): void {
  s.badPackets++;
  close(s, ArapCloseReason.ProtocolError, now);
}

function packetIn(s: ArapSession, packet: usize, len: u32, now: f64): void {
  if (arapIsData(packet, len)) {
    if (s.state != ArapState.Open) {
      s.badPackets++; // a datagram before the session is up: dropped
      return;
    }
    s.datagramsIn++;
    s.owner.datagramIn(s, packet + 1, <i32>len - 1);
    return;
  }
  const c = s.control;
  if (!arapControlParse(packet, len, c)) {
    bad(s, now);
    return;
  }
  traceMessage(s, false, c.code, c.seq, len);
  if (c.code == ArapCode.Ack) {
    ackIn(s, c.seq, now);
    return;
  }
  sendAck(s, c.seq, now);
  if (c.code == ArapCode.Close) {
    close(s, ArapCloseReason.PeerClosed, now);
    return;
  }
  if (c.code == ArapCode.Tickle) return;
  if (s.role == ArapRole.Server) serverIn(s, c, now);
  else clientIn(s, c, now);
}

// Every control message up to `seq` has arrived.
function ackIn(s: ArapSession, seq: u32, now: f64): void {
  const last = (s.seqOut - 1) & 0xff;
  const ahead = (last - seq) & 0xff;
  const outstanding = (last - s.ackedUpTo) & 0xff;
  if (ahead > outstanding) return; // acknowledges nothing we sent lately
  s.ackedUpTo = seq;
  s.waitingSince = seq == last ? -1 : now;
}

// ---- Server ----

function serverIn(s: ArapSession, c: ArapControl, now: f64): void {
  switch (s.state) {
    case ArapState.Version:
      if (c.code != ArapCode.ClientVersion) return bad(s, now);
      versionChosen(s, c, now);
      return;
    case ArapState.Auth:
      if (c.code != ArapCode.AuthRequest) return bad(s, now);
      requestIn(s, c, now);
      return;
    case ArapState.Open:
      return; // nothing else is asked of an open session
  }
  bad(s, now); // a message out of turn
}

function challenge(s: ArapSession, again: bool, now: f64): void {
  entropyFill(extra(s, BLOCK_CN), <i32>ARAP_BLOCK_BYTES);
  s.state = ArapState.Auth;
  s.deadline = now + ARAP_REPLY_WAIT_MS;
  if (again) {
    const body = controlBody(s, ArapCode.AuthAgain);
    controlSend(s, ArapCode.AuthAgain, arapAuthAgainPut(body, ARAP_TRIES - s.tries, extra(s, BLOCK_CN)), now);
    return;
  }
  const body = controlBody(s, ArapCode.AuthChallenge);
  controlSend(s, ArapCode.AuthChallenge, arapBlockPut(body, extra(s, BLOCK_CN)), now);
}

function versionChosen(s: ArapSession, c: ArapControl, now: f64): void {
  const v = arapVersionLow(c.body, c.bodyLen);
  if (v < <i32>ARAP_OUR_LOWEST || v > <i32>ARAP_OUR_HIGHEST) {
    close(s, ArapCloseReason.Version, now);
    return;
  }
  s.version = <u32>v;
  challenge(s, false, now);
}

function requestIn(s: ArapSession, c: ArapControl, now: f64): void {
  const r = s.request;
  if (!arapAuthRequestParse(c.body, c.bodyLen, r)) return bad(s, now);
  memory.copy(extra(s, PEER_NAME), r.name, r.nameLen);
  s.peerNameLen = r.nameLen;
  memory.copy(extra(s, PEER_NUMBER), r.number, r.numberLen);
  s.peerNumberLen = r.numberLen;
  memory.copy(extra(s, BLOCK_CC), r.cc, ARAP_BLOCK_BYTES);
  memory.copy(extra(s, BLOCK_RC), r.rc, ARAP_BLOCK_BYTES);
  const verdict = arapCheck(extra(s, PEER_NAME), r.nameLen, extra(s, BLOCK_CN), extra(s, BLOCK_RC), extra(s, BLOCK_CC), s.keyLayout, extra(s, BLOCK_RS));
  if (verdict == AuthVerdict.Pending) {
    s.state = ArapState.AuthWait;
    s.deadline = now + ARAP_AAA_WAIT_MS;
    s.token = authTokenNext();
    // Cn ‖ Cc ‖ Rc, as RADIUS carries them (RFC 2869: Request Authenticator, ARAP-Password).
    s.owner.authRequested(s, s.token, extra(s, PEER_NAME), r.nameLen, extra(s, BLOCK_CN), 3 * ARAP_BLOCK_BYTES);
    return;
  }
  judged(s, verdict == AuthVerdict.Accept, now);
}

// The verdict on the client's response (Rs is in place when accepted).
function judged(s: ArapSession, ok: bool, now: f64): void {
  s.token = 0;
  if (!ok) {
    s.tries++;
    s.owner.authFailed(s, extra(s, PEER_NAME), s.peerNameLen, s.tries);
    if (s.state != ArapState.Auth && s.state != ArapState.AuthWait) return;
    if (s.tries < ARAP_TRIES) {
      challenge(s, true, now);
      return;
    }
    const body = controlBody(s, ArapCode.AuthResponse);
    controlSend(s, ArapCode.AuthResponse, arapAuthResponsePut(body, ARAP_AUTH_REFUSED, 0), now);
    close(s, ArapCloseReason.AuthFailed, now);
    return;
  }
  const body = controlBody(s, ArapCode.AuthResponse);
  controlSend(s, ArapCode.AuthResponse, arapAuthResponsePut(body, ARAP_AUTH_ACCEPTED, extra(s, BLOCK_RS)), now);
  memory.fill(extra(s, 0), 0, PEER_NAME); // challenges and responses are spent
  if (s.state == ArapState.Closing || s.state == ArapState.Closed) return;
  const next = s.owner.authSucceeded(s, extra(s, PEER_NAME), s.peerNameLen, extra(s, PEER_NUMBER), s.peerNumberLen);
  if (s.state == ArapState.Closing || s.state == ArapState.Closed) return;
  if (next == ArapNext.Refuse) {
    close(s, ArapCloseReason.WrongUser, now);
    return;
  }
  sendFeatures(s, now);
  if (next == ArapNext.Callback) {
    const notice = controlBody(s, ArapCode.Callback);
    store<u8>(notice, 0); // the wait in seconds, 0: not said (the forced wait is the outgoing line's)
    store<u8>(notice, 0, 1);
    controlSend(s, ArapCode.Callback, notice + 2, now);
    close(s, ArapCloseReason.Callback, now);
    return;
  }
  startup(s, now);
}

// RFC 2869 ARAP-Features: no password change, no minimum length, no dates (the core keeps no calendar).
function sendFeatures(s: ArapSession, now: f64): void {
  const body = controlBody(s, ArapCode.Features);
  memory.fill(body, 0, ARAP_FEATURES_BYTES);
  controlSend(s, ArapCode.Features, body + ARAP_FEATURES_BYTES, now);
}

function startup(s: ArapSession, now: f64): void {
  let body = controlBody(s, ArapCode.StartInfo);
  controlSend(s, ArapCode.StartInfo, arapStartInfoPut(body, s.network, s.node, s.zone, s.zoneLen, s.serverName, s.serverNameLen, 0), now);
  body = controlBody(s, ArapCode.ZoneList);
  controlSend(s, ArapCode.ZoneList, arapZoneListPut(body, s.zoneLen > 0 ? 1 : 0, s.zone, s.zoneLen), now);
  if (s.state == ArapState.Closing || s.state == ArapState.Closed) return;
  s.state = ArapState.Open;
  s.deadline = -1;
  s.owner.opened(s);
}

/** The host's answer to the question `token` (Rs: 8 octets, needed with `ok`); false when that question is not waiting. */
export function arapSessionAuthResult(s: ArapSession, ok: bool, token: u32, rs: usize, now: f64): bool {
  if (s.state != ArapState.AuthWait || token == 0 || token != s.token) return false;
  if (ok) memory.copy(extra(s, BLOCK_RS), rs, ARAP_BLOCK_BYTES);
  judged(s, ok && rs != 0, now);
  return true;
}

// ---- Client ----

function clientIn(s: ArapSession, c: ArapControl, now: f64): void {
  switch (c.code) {
    case ArapCode.SrvrVersion:
      if (s.state != ArapState.Version) return bad(s, now);
      serverVersions(s, c, now);
      return;
    case ArapCode.AuthChallenge:
    case ArapCode.AuthAgain:
      if (s.state != ArapState.Auth) return bad(s, now);
      challenged(s, c, now);
      return;
    case ArapCode.AuthResponse:
      if (s.state != ArapState.Auth) return bad(s, now);
      responded(s, c, now);
      return;
    case ArapCode.Features:
      if (s.state != ArapState.Startup || c.bodyLen != ARAP_FEATURES_BYTES) return bad(s, now);
      return;
    case ArapCode.Callback:
      if (s.state != ArapState.Startup || c.bodyLen < 2) return bad(s, now);
      s.callbackNotice = 1;
      s.callbackWait = (<u32>load<u8>(c.body) << 8) | <u32>load<u8>(c.body, 1);
      s.owner.callbackNoticed(s, s.callbackWait);
      return;
    case ArapCode.StartInfo:
      if (s.state != ArapState.Startup || !arapStartInfoParse(c.body, c.bodyLen, s.start)) return bad(s, now);
      s.peerNetwork = s.start.network;
      s.peerNode = s.start.node;
      return;
    case ArapCode.ZoneList: {
      const n = arapZoneListCount(c.body, c.bodyLen);
      if (s.state != ArapState.Startup || n < 0) return bad(s, now);
      s.zonesSeen += <u32>n;
      s.state = ArapState.Open;
      s.deadline = -1;
      s.owner.opened(s);
      return;
    }
  }
  bad(s, now);
}

function serverVersions(s: ArapSession, c: ArapControl, now: f64): void {
  const low = arapVersionLow(c.body, c.bodyLen);
  const high = arapVersionHigh(c.body, c.bodyLen);
  const best = high < <i32>ARAP_OUR_HIGHEST ? high : <i32>ARAP_OUR_HIGHEST;
  if (low < 0 || high < low || best < <i32>ARAP_OUR_LOWEST || best < low) {
    close(s, ArapCloseReason.Version, now);
    return;
  }
  s.version = <u32>best;
  const body = controlBody(s, ArapCode.ClientVersion);
  controlSend(s, ArapCode.ClientVersion, arapVersionsPut(body, s.version, 0, false), now);
  s.state = ArapState.Auth;
  s.deadline = now + ARAP_REPLY_WAIT_MS;
}

function challenged(s: ArapSession, c: ArapControl, now: f64): void {
  const cnAt = c.code == ArapCode.AuthAgain ? c.body + 1 : c.body;
  const want = c.code == ArapCode.AuthAgain ? ARAP_BLOCK_BYTES + 1 : ARAP_BLOCK_BYTES;
  if (c.bodyLen != want) return bad(s, now);
  if (c.code == ArapCode.AuthAgain) s.owner.authFailed(s, s.name, s.nameLen, ++s.tries);
  const layout = <ArapKeyLayout>s.keyLayout;
  // Rc = DES(K, Cn); our own Cc and the Rs it must bring back.
  if (!arapResponse(s.secret, s.secretLen, layout, cnAt, extra(s, BLOCK_RC))) {
    close(s, ArapCloseReason.AuthFailed, now); // no password: nothing to prove
    return;
  }
  entropyFill(extra(s, BLOCK_CC), <i32>ARAP_BLOCK_BYTES);
  arapResponse(s.secret, s.secretLen, layout, extra(s, BLOCK_CC), extra(s, BLOCK_RS));
  const body = controlBody(s, ArapCode.AuthRequest);
  const end = arapAuthRequestPut(body, s.name, s.nameLen, extra(s, BLOCK_RC), extra(s, BLOCK_CC), s.number, s.numberLen);
  controlSend(s, ArapCode.AuthRequest, end, now);
  s.deadline = now + ARAP_AAA_WAIT_MS + ARAP_REPLY_WAIT_MS; // the server may be asking an AAA server
}

function responded(s: ArapSession, c: ArapControl, now: f64): void {
  if (c.bodyLen != 1 + ARAP_BLOCK_BYTES) return bad(s, now);
  if (<u32>load<u8>(c.body) != ARAP_AUTH_ACCEPTED) {
    s.owner.authFailed(s, s.name, s.nameLen, ++s.tries); // the server closes next
    return;
  }
  // The server must know our password too: its Rs is DES(K, Cc).
  if (!bytesEqual(c.body + 1, extra(s, BLOCK_RS), ARAP_BLOCK_BYTES)) {
    traceNote(s, "the server's response is wrong: it does not know the password");
    close(s, ArapCloseReason.ServerNotAuthentic, now);
    return;
  }
  memory.fill(extra(s, 0), 0, PEER_NAME);
  s.state = ArapState.Startup;
  s.deadline = now + ARAP_REPLY_WAIT_MS;
  s.owner.authSucceeded(s, s.name, s.nameLen, s.number, 0);
}

// ---- Time and data ----

/** Runs the session's timers; returns its next deadline or -1. */
export function arapSessionTick(s: ArapSession, now: f64): f64 {
  if (s.state == ArapState.Closed || s.state == ArapState.Closing || s.state == ArapState.Link) return -1;
  if (s.deadline >= 0 && now >= s.deadline) {
    if (s.state == ArapState.AuthWait) {
      traceNote(s, "no answer from the AAA server");
      judged(s, false, now);
    } else close(s, ArapCloseReason.Timeout, now);
    if (s.state == ArapState.Closing || s.state == ArapState.Closed) return -1;
  }
  if (s.waitingSince >= 0 && now - s.waitingSince >= ARAP_ACK_WAIT_MS) {
    traceNote(s, "the peer acknowledges nothing");
    close(s, ArapCloseReason.Timeout, now);
    return -1;
  }
  if (s.state == ArapState.Open && now - s.lastSent >= ARAP_TICKLE_MS) sendEmpty(s, ArapCode.Tickle, now);
  let next = s.deadline;
  if (s.waitingSince >= 0) {
    const ack = s.waitingSince + ARAP_ACK_WAIT_MS;
    if (next < 0 || ack < next) next = ack;
  }
  if (s.state == ArapState.Open) {
    const tickle = s.lastSent + ARAP_TICKLE_MS;
    if (next < 0 || tickle < next) next = tickle;
  }
  return next;
}

/** Sends one AppleTalk datagram on an open session; false when it is not open, too long, or not queued. */
export function arapSessionDatagramOut(s: ArapSession, datagram: usize, len: i32, now: f64): bool {
  if (s.state != ArapState.Open || len <= 0 || <u32>len + 1 > ARAP_PACKET_MAX) return false;
  store<u8>(s.out, <u8>((len + 1) >>> 8));
  store<u8>(s.out, <u8>(len + 1), 1);
  store<u8>(s.out, ARAP_CHANNEL_DATA, 2);
  memory.copy(s.out + 3, datagram, <usize>len);
  s.lastSent = now;
  return s.owner.packetOut(s, s.out, len + 3);
}

/** The server's Cn of the question in hand (tests and traces; 8 octets). */
export function arapSessionChallenge(s: ArapSession): usize {
  return extra(s, BLOCK_CN);
}

/** Client: the zone count and start information seen. */
export function arapSessionZonesSeen(s: ArapSession): u32 {
  return s.zonesSeen;
}

