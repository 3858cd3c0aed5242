// The RFC 1661 §4 option-negotiation automaton, written once and shared by LCP and IPCP.
// The transition table is data (fsmTransition); fsmEvent runs a cell's actions in a fixed
// order and reaches the protocol only through its FsmCallbacks table. Time is an argument.

import { packetCheck, packetCode, packetId, packetWriteHeader, PACKET_DATA, PACKET_HEADER_BYTES } from "../wire/control-packet";
import { bytesEqual } from "../wire/bytes";
import { optionNext, OPTION_MALFORMED } from "../wire/options";

export const enum FsmState {
  Initial = 0,
  Starting = 1,
  Closed = 2,
  Stopped = 3,
  Closing = 4,
  Stopping = 5,
  RequestSent = 6,
  AckReceived = 7,
  AckSent = 8,
  Opened = 9,
}
export const FSM_STATES: i32 = 10;

export const enum FsmEvent {
  Up = 0,
  Down = 1,
  Open = 2,
  Close = 3,
  TimeoutRetry = 4, // TO+
  TimeoutExpired = 5, // TO-
  ConfigureRequestGood = 6, // RCR+
  ConfigureRequestBad = 7, // RCR-
  ConfigureAck = 8, // RCA
  ConfigureNak = 9, // RCN (Nak or Reject)
  TerminateRequest = 10, // RTR
  TerminateAck = 11, // RTA
  UnknownCode = 12, // RUC
  RejectPermitted = 13, // RXJ+
  RejectCatastrophic = 14, // RXJ-
  EchoOrDiscard = 15, // RXR
}
export const FSM_EVENTS: i32 = 16;

// Actions (RFC 1661 §4.4), one bit each.
export const ACTION_LAYER_UP: u32 = 1; // tlu
export const ACTION_LAYER_DOWN: u32 = 2; // tld
export const ACTION_LAYER_STARTED: u32 = 4; // tls
export const ACTION_LAYER_FINISHED: u32 = 8; // tlf
export const ACTION_INIT_RESTART: u32 = 16; // irc
export const ACTION_ZERO_RESTART: u32 = 32; // zrc
export const ACTION_SEND_CONFIGURE_REQUEST: u32 = 64; // scr
export const ACTION_SEND_CONFIGURE_ACK: u32 = 128; // sca
export const ACTION_SEND_CONFIGURE_NAK: u32 = 256; // scn (Nak or Reject)
export const ACTION_SEND_TERMINATE_REQUEST: u32 = 512; // str
export const ACTION_SEND_TERMINATE_ACK: u32 = 1024; // sta
export const ACTION_SEND_CODE_REJECT: u32 = 2048; // scj
export const ACTION_SEND_ECHO_REPLY: u32 = 4096; // ser

/** A cell for an event that cannot occur in that state ("-" in the RFC table). */
export const FSM_ILLEGAL: u32 = 0xffffffff;

// Cell = next state << 16 | actions.
// @ts-ignore: decorator
@inline const TLU: u32 = ACTION_LAYER_UP;
// @ts-ignore: decorator
@inline const TLD: u32 = ACTION_LAYER_DOWN;
// @ts-ignore: decorator
@inline const TLS: u32 = ACTION_LAYER_STARTED;
// @ts-ignore: decorator
@inline const TLF: u32 = ACTION_LAYER_FINISHED;
// @ts-ignore: decorator
@inline const IRC: u32 = ACTION_INIT_RESTART;
// @ts-ignore: decorator
@inline const ZRC: u32 = ACTION_ZERO_RESTART;
// @ts-ignore: decorator
@inline const SCR: u32 = ACTION_SEND_CONFIGURE_REQUEST;
// @ts-ignore: decorator
@inline const SCA: u32 = ACTION_SEND_CONFIGURE_ACK;
// @ts-ignore: decorator
@inline const SCN: u32 = ACTION_SEND_CONFIGURE_NAK;
// @ts-ignore: decorator
@inline const STR: u32 = ACTION_SEND_TERMINATE_REQUEST;
// @ts-ignore: decorator
@inline const STA: u32 = ACTION_SEND_TERMINATE_ACK;
// @ts-ignore: decorator
@inline const SCJ: u32 = ACTION_SEND_CODE_REJECT;
// @ts-ignore: decorator
@inline const SER: u32 = ACTION_SEND_ECHO_REPLY;
// @ts-ignore: decorator
@inline const NO: u32 = FSM_ILLEGAL;
// @ts-ignore: decorator
@inline const S0: u32 = 0 << 16;
// @ts-ignore: decorator
@inline const S1: u32 = 1 << 16;
// @ts-ignore: decorator
@inline const S2: u32 = 2 << 16;
// @ts-ignore: decorator
@inline const S3: u32 = 3 << 16;
// @ts-ignore: decorator
@inline const S4: u32 = 4 << 16;
// @ts-ignore: decorator
@inline const S5: u32 = 5 << 16;
// @ts-ignore: decorator
@inline const S6: u32 = 6 << 16;
// @ts-ignore: decorator
@inline const S7: u32 = 7 << 16;
// @ts-ignore: decorator
@inline const S8: u32 = 8 << 16;
// @ts-ignore: decorator
@inline const S9: u32 = 9 << 16;

// RFC 1661 §4.1, row per event, column per state (Initial .. Opened). The restart option
// ("r") is not taken: Open in Stopped/Closing/Stopping/Opened keeps the state. Passive
// ("p") is not offered.
// @ts-ignore: decorator
@lazy const TABLE: usize = memory.data<u32>([
  // Up
  S2, S6 | IRC | SCR, NO, NO, NO, NO, NO, NO, NO, NO,
  // Down
  NO, NO, S0, S1 | TLS, S0, S1, S1, S1, S1, S1 | TLD,
  // Open
  S1 | TLS, S1, S6 | IRC | SCR, S3, S5, S5, S6, S7, S8, S9,
  // Close
  S0, S0 | TLF, S2, S2, S4, S4, S4 | IRC | STR, S4 | IRC | STR, S4 | IRC | STR, S4 | TLD | IRC | STR,
  // TO+
  NO, NO, NO, NO, S4 | STR, S5 | STR, S6 | SCR, S6 | SCR, S8 | SCR, NO,
  // TO-
  NO, NO, NO, NO, S2 | TLF, S3 | TLF, S3 | TLF, S3 | TLF, S3 | TLF, NO,
  // RCR+
  NO, NO, S2 | STA, S8 | IRC | SCR | SCA, S4, S5, S8 | SCA, S9 | SCA | TLU, S8 | SCA, S8 | TLD | SCR | SCA,
  // RCR-
  NO, NO, S2 | STA, S6 | IRC | SCR | SCN, S4, S5, S6 | SCN, S7 | SCN, S6 | SCN, S6 | TLD | SCR | SCN,
  // RCA
  NO, NO, S2 | STA, S3 | STA, S4, S5, S7 | IRC, S6 | SCR, S9 | IRC | TLU, S6 | TLD | SCR,
  // RCN
  NO, NO, S2 | STA, S3 | STA, S4, S5, S6 | IRC | SCR, S6 | SCR, S8 | IRC | SCR, S6 | TLD | SCR,
  // RTR
  NO, NO, S2 | STA, S3 | STA, S4 | STA, S5 | STA, S6 | STA, S6 | STA, S6 | STA, S5 | TLD | ZRC | STA,
  // RTA
  NO, NO, S2, S3, S2 | TLF, S3 | TLF, S6, S6, S8, S6 | TLD | SCR,
  // RUC
  NO, NO, S2 | SCJ, S3 | SCJ, S4 | SCJ, S5 | SCJ, S6 | SCJ, S7 | SCJ, S8 | SCJ, S9 | SCJ,
  // RXJ+
  NO, NO, S2, S3, S4, S5, S6, S6, S8, S9,
  // RXJ-
  NO, NO, S2 | TLF, S3 | TLF, S2 | TLF, S3 | TLF, S3 | TLF, S3 | TLF, S3 | TLF, S5 | TLD | IRC | STR,
  // RXR
  NO, NO, S2, S3, S4, S5, S6, S7, S8, S9 | SER,
]);

/** The RFC 1661 table cell: next state << 16 | action bits, or FSM_ILLEGAL. */
export function fsmTransition(state: i32, event: i32): u32 {
  if (state < 0 || state >= FSM_STATES || event < 0 || event >= FSM_EVENTS) return FSM_ILLEGAL;
  return load<u32>(TABLE + ((<usize>(event * FSM_STATES + state)) << 2));
}

// Codes every control protocol shares (RFC 1661 §5).
export const CODE_CONFIGURE_REQUEST: u32 = 1;
export const CODE_CONFIGURE_ACK: u32 = 2;
export const CODE_CONFIGURE_NAK: u32 = 3;
export const CODE_CONFIGURE_REJECT: u32 = 4;
export const CODE_TERMINATE_REQUEST: u32 = 5;
export const CODE_TERMINATE_ACK: u32 = 6;
export const CODE_CODE_REJECT: u32 = 7;

// What a protocol's extension-code handler tells the automaton.
export const EXTENSION_UNKNOWN: i32 = 0; // RUC: Code-Reject it
export const EXTENSION_HANDLED: i32 = 1;
export const EXTENSION_ECHO: i32 = 2; // RXR

// receiveRequest answers with the reply code in the high half and the reply's option
// length in the low half, or REQUEST_MALFORMED to drop the packet.
export const REQUEST_MALFORMED: i32 = -1;

/** Room kept for a copy of our last Configure-Request's options (to check Acks). */
export const FSM_REQUEST_COPY_BYTES: i32 = 128;

//  FsmCallbacks: one static table per protocol (function references do not allocate).
@unmanaged
export class FsmCallbacks {
  /** tlu, tld, tls, tlf */
  layerUp: (f: Fsm) => void;
  layerDown: (f: Fsm) => void;
  layerStarted: (f: Fsm) => void;
  layerFinished: (f: Fsm) => void;
  /** Back to the wanted options before a fresh negotiation. */
  resetOptions: (f: Fsm) => void;
  /** Writes our Configure-Request options at `dst`; returns their length. */
  buildRequest: (f: Fsm, dst: usize) => i32;
  /** Decides on the peer's request; writes the reply options at `dst` (see REQUEST_MALFORMED). */
  receiveRequest: (f: Fsm, options: usize, len: i32, dst: usize, rejectInsteadOfNak: bool) => i32;
  /** Applies a Nak (`reject` false) or Reject to our options; false when it is not valid. */
  receiveNakOrReject: (f: Fsm, options: usize, len: i32, reject: bool) => bool;
  /** True when a Code-Reject of `code` is catastrophic (RXJ-). */
  codeRejectIsFatal: (f: Fsm, code: u32) => bool;
  /** Codes beyond 7 (see EXTENSION_*). The packet is f.inPacket. */
  extensionCode: (f: Fsm, code: u32) => i32;
  /** ser: answers the Echo-Request in f.inPacket. */
  sendEchoReply: (f: Fsm) => void;
  /** Frames and sends the packet of `len` octets at `packet` (PPP_HEADER_MAX free before it). */
  send: (f: Fsm, packet: usize, len: i32) => void;
}

//  Fsm: one automaton (one per protocol per session), inside the session's memory.
//  ┌───────────┬───────┬──────────┬───────┬────────────┬───────────┬─────────────┬─────┐
//  │ callbacks │ owner │ protocol │ state │ identifier │ requestId │ restartCount│ ... │
//  └───────────┴───────┴──────────┴───────┴────────────┴───────────┴─────────────┴─────┘
//  then counters and limits, the deadline, the packet buffers and the last request copy.
@unmanaged
export class Fsm {
  callbacks: FsmCallbacks;
  /** The session that owns this automaton. */
  owner: usize;
  protocol: u32;
  state: i32;
  /** Last Identifier we used; the next request takes identifier + 1. */
  identifier: u32;
  /** Identifier of our outstanding Configure-Request; 0x100 once it was answered. */
  requestId: u32;
  restartCount: i32;
  /** Configure-Naks sent without an Ack between them (RFC 1661 §4.6 Max-Failure). */
  failureCount: u32;
  maxConfigure: u32;
  maxTerminate: u32;
  maxFailure: u32;
  restartMs: u32;
  timerRunning: u32;
  /** The reply code receiveRequest chose (Ack, Nak or Reject). */
  replyCode: u32;
  replyLen: i32;
  /** The packet being handled, for actions that answer it (sta, scj, ser). */
  inPacket: usize;
  inLength: i32;
  /** Packet areas (PPP_HEADER_MAX octets free before each) and their capacity. */
  out: usize;
  reply: usize;
  bufferBytes: i32;
  /** Largest packet the peer takes (its MRU), for Code-Reject truncation. */
  peerMru: u32;
  requestCopy: usize;
  requestLen: i32;
  /** Termination reason (ASCII) for Terminate-Request. */
  reason: usize;
  reasonLen: i32;
  illegalEvents: u32;
  badPackets: u32;
  deadline: f64;
  now: f64;
}

/** Bytes for an Fsm plus its request copy. */
export const FSM_BYTES: i32 = <i32>offsetof<Fsm>() + FSM_REQUEST_COPY_BYTES;

/** Puts `f` in Initial with RFC 1661 §4.6 defaults. `out`/`reply` need `bufferBytes` each. */
export function fsmInit(f: Fsm, callbacks: FsmCallbacks, owner: usize, protocol: u32, out: usize, reply: usize, bufferBytes: i32): void {
  memory.fill(changetype<usize>(f), 0, <usize>FSM_BYTES);
  f.callbacks = callbacks;
  f.owner = owner;
  f.protocol = protocol;
  f.state = FsmState.Initial;
  f.requestId = 0x100;
  f.maxConfigure = 10;
  f.maxTerminate = 2;
  f.maxFailure = 5;
  f.restartMs = 3000;
  f.out = out;
  f.reply = reply;
  f.bufferBytes = bufferBytes;
  f.peerMru = 1500;
  f.requestCopy = changetype<usize>(f) + offsetof<Fsm>();
}

/** Sets the Terminate-Request text (ASCII octets, kept by reference). */
export function fsmSetReason(f: Fsm, text: usize, len: i32): void {
  f.reason = text;
  f.reasonLen = len;
}

function timerArm(f: Fsm): void {
  f.timerRunning = 1;
  f.deadline = f.now + <f64>f.restartMs;
}

function sendConfigureRequest(f: Fsm, fresh: bool): void {
  const cb = f.callbacks;
  if (fresh) cb.resetOptions(f);
  const data = f.out + PACKET_HEADER_BYTES;
  let len = cb.buildRequest(f, data);
  if (len < 0) len = 0;
  f.identifier = (f.identifier + 1) & 0xff;
  f.requestId = f.identifier;
  const copy = len < FSM_REQUEST_COPY_BYTES ? len : FSM_REQUEST_COPY_BYTES;
  memory.copy(f.requestCopy, data, copy);
  f.requestLen = len;
  cb.send(f, f.out, packetWriteHeader(f.out, CODE_CONFIGURE_REQUEST, f.identifier, len));
  f.restartCount--;
  timerArm(f);
}

function sendTerminateRequest(f: Fsm): void {
  const data = f.out + PACKET_HEADER_BYTES;
  const room = f.bufferBytes - PACKET_HEADER_BYTES;
  const n = f.reasonLen < room ? f.reasonLen : room;
  if (n > 0) memory.copy(data, f.reason, n);
  f.identifier = (f.identifier + 1) & 0xff;
  f.callbacks.send(f, f.out, packetWriteHeader(f.out, CODE_TERMINATE_REQUEST, f.identifier, n > 0 ? n : 0));
  f.restartCount--;
  timerArm(f);
}

function sendTerminateAck(f: Fsm): void {
  const id = f.inPacket != 0 ? packetId(f.inPacket) : (f.identifier + 1) & 0xff;
  f.callbacks.send(f, f.out, packetWriteHeader(f.out, CODE_TERMINATE_ACK, id, 0));
}

// RFC 1661 §5.6: the rejected packet, information field only, truncated to the peer's MRU.
function sendCodeReject(f: Fsm): void {
  if (f.inPacket == 0) return;
  let n = f.inLength;
  const limit = <i32>f.peerMru - PACKET_HEADER_BYTES;
  if (n > limit) n = limit;
  if (n > f.bufferBytes - PACKET_HEADER_BYTES) n = f.bufferBytes - PACKET_HEADER_BYTES;
  memory.copy(f.out + PACKET_HEADER_BYTES, f.inPacket, n);
  f.identifier = (f.identifier + 1) & 0xff;
  f.callbacks.send(f, f.out, packetWriteHeader(f.out, CODE_CODE_REJECT, f.identifier, n));
}

function sendConfigureReply(f: Fsm): void {
  if (f.inPacket == 0) return;
  if (f.replyCode == CODE_CONFIGURE_ACK) f.failureCount = 0;
  else if (f.replyCode == CODE_CONFIGURE_NAK) f.failureCount++;
  f.callbacks.send(f, f.reply, packetWriteHeader(f.reply, f.replyCode, packetId(f.inPacket), f.replyLen));
}

function timerStates(state: i32): bool {
  return state >= FsmState.Closing && state <= FsmState.AckSent;
}

/**
 * Runs one event at time `now`: the RFC 1661 §4.1 cell's actions, then the state change.
 * Order: tld, irc/zrc, the sends (traced with the old state), new state, then tls/tlu/tlf
 * (which may run further events). Returns false for an event the table calls illegal.
 */
export function fsmEvent(f: Fsm, event: FsmEvent, now: f64): bool {
  f.now = now;
  const old = f.state;
  const cell = fsmTransition(old, <i32>event);
  if (cell == FSM_ILLEGAL) {
    f.illegalEvents++;
    return false;
  }
  const actions = cell & 0xffff;
  const next = <i32>(cell >>> 16);
  const cb = f.callbacks;
  if (actions & TLD) cb.layerDown(f);
  if (actions & IRC) {
    f.restartCount = <i32>(actions & STR ? f.maxTerminate : f.maxConfigure);
    if (!(actions & STR)) f.failureCount = 0;
  }
  if (actions & ZRC) {
    f.restartCount = 0;
    timerArm(f);
  }
  // A request from a non-negotiating state starts a fresh negotiation.
  if (actions & SCR) sendConfigureRequest(f, old < FsmState.RequestSent || old == FsmState.Opened);
  if (actions & (SCA | SCN)) sendConfigureReply(f);
  if (actions & STR) sendTerminateRequest(f);
  if (actions & STA) sendTerminateAck(f);
  if (actions & SCJ) sendCodeReject(f);
  if (actions & SER) cb.sendEchoReply(f);
  f.state = next;
  if (!timerStates(next)) f.timerRunning = 0;
  if (actions & TLS) cb.layerStarted(f);
  if (actions & TLU) cb.layerUp(f);
  if (actions & TLF) cb.layerFinished(f);
  return true;
}

/** Runs the restart timer at `now` (TO+ or TO-); returns the next deadline or -1. */
export function fsmTick(f: Fsm, now: f64): f64 {
  if (f.timerRunning && now >= f.deadline) {
    f.timerRunning = 0;
    fsmEvent(f, f.restartCount > 0 ? FsmEvent.TimeoutRetry : FsmEvent.TimeoutExpired, now);
  }
  return f.timerRunning ? f.deadline : -1;
}

function negotiating(state: i32): bool {
  return state >= FsmState.RequestSent;
}

// RFC 1661 §5.4: a Configure-Reject carries options of our request, unmodified and in order.
function rejectMatchesRequest(f: Fsm, options: usize, len: i32): bool {
  const end = options + <usize>len;
  const copyEnd = f.requestCopy + <usize>(f.requestLen < FSM_REQUEST_COPY_BYTES ? f.requestLen : FSM_REQUEST_COPY_BYTES);
  let mine = f.requestCopy;
  for (let o = options; o < end; ) {
    const next = optionNext(o, end);
    if (next == OPTION_MALFORMED) return false;
    const n = <u32>(next - o);
    let found = false;
    while (!found && mine < copyEnd) {
      const here = mine;
      mine = optionNext(here, copyEnd);
      if (mine == OPTION_MALFORMED) return false;
      found = <u32>(mine - here) == n && bytesEqual(here, o, n);
    }
    if (!found) return false;
    o = next;
  }
  return true;
}

// RFC 1661 §5.2-5.4: a reply counts only if it answers our outstanding request.
function replyMatches(f: Fsm, packet: usize): bool {
  if (!negotiating(f.state)) return true; // Closed/Stopped answer with Terminate-Ack; others ignore
  return packetId(packet) == f.requestId;
}

/**
 * Handles one received packet (`len` octets from the Code field) at time `now`.
 * Malformed packets are dropped and counted; nothing here traps.
 */
export function fsmReceive(f: Fsm, packet: usize, len: i32, now: f64): void {
  f.now = now;
  const length = packetCheck(packet, len);
  if (length < 0 || f.state < FsmState.Closed) {
    f.badPackets++;
    return;
  }
  f.inPacket = packet;
  f.inLength = length;
  const cb = f.callbacks;
  const code = packetCode(packet);
  const data = packet + PACKET_DATA;
  const dataLen = length - PACKET_HEADER_BYTES;
  if (code == CODE_CONFIGURE_REQUEST) {
    const answer = cb.receiveRequest(f, data, dataLen, f.reply + PACKET_HEADER_BYTES, f.failureCount >= f.maxFailure);
    if (answer < 0) {
      f.badPackets++;
    } else {
      f.replyCode = <u32>answer >>> 16;
      f.replyLen = answer & 0xffff;
      fsmEvent(f, f.replyCode == CODE_CONFIGURE_ACK ? FsmEvent.ConfigureRequestGood : FsmEvent.ConfigureRequestBad, now);
    }
  } else if (code == CODE_CONFIGURE_ACK) {
    if (!replyMatches(f, packet) || (negotiating(f.state) && (dataLen != f.requestLen || !bytesEqual(data, f.requestCopy, <u32>dataLen)))) {
      f.badPackets++;
    } else {
      if (negotiating(f.state)) f.requestId = 0x100;
      fsmEvent(f, FsmEvent.ConfigureAck, now);
    }
  } else if (code == CODE_CONFIGURE_NAK || code == CODE_CONFIGURE_REJECT) {
    const reject = code == CODE_CONFIGURE_REJECT;
    // RFC 1661 §5.3/§5.4: the identifier is checked first, so a stale reply changes and counts nothing.
    const valid = replyMatches(f, packet) &&
      (!negotiating(f.state) || ((!reject || rejectMatchesRequest(f, data, dataLen)) && cb.receiveNakOrReject(f, data, dataLen, reject)));
    if (!valid) {
      f.badPackets++;
    } else {
      if (negotiating(f.state)) f.requestId = 0x100;
      fsmEvent(f, FsmEvent.ConfigureNak, now);
    }
  } else if (code == CODE_TERMINATE_REQUEST) {
    fsmEvent(f, FsmEvent.TerminateRequest, now);
  } else if (code == CODE_TERMINATE_ACK) {
    fsmEvent(f, FsmEvent.TerminateAck, now);
  } else if (code == CODE_CODE_REJECT) {
    if (dataLen < 1) f.badPackets++;
    else fsmEvent(f, cb.codeRejectIsFatal(f, load<u8>(data)) ? FsmEvent.RejectCatastrophic : FsmEvent.RejectPermitted, now);
  } else {
    const handled = cb.extensionCode(f, code);
    if (handled == EXTENSION_UNKNOWN) fsmEvent(f, FsmEvent.UnknownCode, now);
    else if (handled == EXTENSION_ECHO) fsmEvent(f, FsmEvent.EchoOrDiscard, now);
  }
  f.inPacket = 0;
  f.inLength = 0;
}
