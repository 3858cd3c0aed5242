// The state one PPP session shares between its machines: the Session record, its enums, the
// LCP option records, the owner's and the parent's tables, and the services every machine
// uses (sending a packet, tracing). It imports no machine: lcp, ipcp, authenticate and cbcp
// import this, and only session.ts (the dispatcher) imports them.

import { Fsm, FsmState } from "./fsm";
import { PppConfig, CONFIG_FLAG_TRACE, CONFIG_FLAG_CAPTURE } from "./config";
import { pppFrameHeader, PROTOCOL_LCP, PROTOCOL_IPCP, PROTOCOL_IP, PROTOCOL_PAP, PROTOCOL_CHAP, PROTOCOL_CBCP } from "../wire/ppp-frame";
import { packetCheck, packetCode, packetId, packetLength, PACKET_HEADER_BYTES } from "../wire/control-packet";
import { traceStart, traceText, traceNumber, tracePtr, traceLength, traceHex, stateName, controlCodeName, papCodeName, chapCodeName,
  cbcpCodeName } from "./trace";

export const enum Phase {
  Dead = 0,
  Establish = 1,
  Authenticate = 2,
  Callback = 3,
  Network = 4,
  Terminate = 5,
}

export const enum Role {
  Server = 0,
  Client = 1,
}

export const enum LinkDownReason {
  None = 0,
  PeerTerminated = 1,
  LocalClose = 2,
  NegotiationFailed = 3,
  AuthFailed = 4,
  Callback = 5,
  Loopback = 6,
  CallbackFailed = 7,
  ProtocolRejected = 8,
  EchoTimeout = 9,
  /** The server had no address to give the peer (an exhausted pool): IPCP never started. */
  NoAddress = 10,
}

/** Who proved their identity: the peer to us (we are authenticator), or we to the peer. */
export const AUTH_DIRECTION_PEER: i32 = 0;
export const AUTH_DIRECTION_SELF: i32 = 1;

export const CALLBACK_KIND_RFC1570: i32 = 1;
export const CALLBACK_KIND_CBCP: i32 = 2;

// Which options an LcpOptions record holds.
export const NEG_MRU: u32 = 1;
export const NEG_ACCM: u32 = 2;
export const NEG_AUTH: u32 = 4;
export const NEG_MAGIC: u32 = 8;
export const NEG_PFC: u32 = 16;
export const NEG_ACFC: u32 = 32;
export const NEG_CALLBACK: u32 = 64;

/** LCP Callback operation 6: the callback is settled by CBCP after authentication. */
export const CALLBACK_OPERATION_CBCP: u32 = 6;
export const CALLBACK_MESSAGE_BYTES: u32 = 32;

//  LcpOptions (32 bytes, then the callback message, 32 octets)
//  ┌─────┬─────┬──────┬──────────────┬───────┬───────────────────┬────────────────────┬─────┐
//  │ neg │ mru │ accm │ authProtocol │ magic │ callbackOperation │ callbackMessageLen │ pad │
//  └─────┴─────┴──────┴──────────────┴───────┴───────────────────┴────────────────────┴─────┘
//  In `allow`, authProtocol holds AUTH_* bits and callbackOperation CALLBACK_ACCEPT_* bits.
@unmanaged
export class LcpOptions {
  neg: u32;
  mru: u32;
  accm: u32;
  authProtocol: u32;
  magic: u32;
  callbackOperation: u32;
  callbackMessageLen: u32;
  reserved: u32;
}
export const LCP_OPTIONS_BYTES: i32 = <i32>offsetof<LcpOptions>() + <i32>CALLBACK_MESSAGE_BYTES;

/** Where the record's callback message (RFC 1570 §2.3) lies. */
// @ts-ignore: decorator
@inline export function callbackMessage(o: LcpOptions): usize {
  return changetype<usize>(o) + offsetof<LcpOptions>();
}

/** Octets of a CBCP number (the caller's or the preset one). */
export const CBCP_NUMBER_BYTES: i32 = 32;

//  CbcpOffer (12 bytes): what a CBCP server offers (MS-CBCP §2.2.4.1), as its owner answers.
//  ┌───────┬────────┬───────────┐
//  │ types │ number │ numberLen │
//  └───────┴────────┴───────────┘
@unmanaged
export class CbcpOffer {
  /** Callback types as bits (1 << type): 1 no callback, 2 the caller's number, 3 the preset number. */
  types: u32;
  /** The preset number for type 3 (room for CBCP_NUMBER_BYTES): the Ack carries none, CallbackAgreed reports it. */
  number: usize;
  numberLen: u32;
}

//  IpcpOffer (12 bytes): the addresses IPCP starts with (RFC 1332 §3.3), as its owner answers.
//  ┌─────────────┬─────────────┬─────────────┐
//  │ ourAddress  │ peerAddress │ peerChooses │
//  └─────────────┴─────────────┴─────────────┘
@unmanaged
export class IpcpOffer {
  /** Ours, sent in our Configure-Request (0 = ask the peer). */
  ourAddress: u32;
  /** The peer's, given by Configure-Nak (0 = take any non-zero address it asks for). */
  peerAddress: u32;
  /** Non-zero: a non-zero address the peer asks for is acked even when peerAddress is set. */
  peerChooses: u32;
}

//  SessionOwner: the owner's upcalls (past tense: they report, they do not ask to act). An
//  owner may still call sessionClose or sessionLowerDown from inside one: the session keeps
//  the request, starts nothing new, and carries it out once the call that made the upcall
//  (sessionFrameIn, sessionTick, sessionAuthResult, ...) is about to return.
@unmanaged
export class SessionOwner {
  /** A whole PPP frame (address/control as negotiated, protocol, information) to send. */
  frameOut: (s: Session, frame: usize, len: i32) => void;
  /** LCP opened or went down: per-direction framing for the line's HDLC coder. */
  framingChanged: (s: Session, txAccm: u32, rxAccm: u32) => void;
  phaseChanged: (s: Session, phase: u32) => void;
  authSucceeded: (s: Session, direction: i32, protocol: u32, name: usize, nameLen: i32) => void;
  authFailed: (s: Session, direction: i32, protocol: u32, name: usize, nameLen: i32) => void;
  /**
   * The check went to the host with `token`, which its answer (sessionAuthResult) must give
   * back; `data` is the password (PAP) or id ‖ challenge ‖ response (CHAP).
   */
  authRequested: (s: Session, protocol: u32, token: u32, name: usize, nameLen: i32, data: usize, dataLen: i32) => void;
  /**
   * A question, not a report: CBCP starts as the server (after authentication) and asks what
   * to offer. `offer` holds the configured types and number; the owner may narrow it to what
   * the authenticated user may use.
   */
  cbcpOffer: (s: Session, offer: CbcpOffer) => void;
  callbackAgreed: (s: Session, kind: i32, operation: u32, delay: u32, number: usize, numberLen: i32) => void;
  /**
   * A question, not a report: the network phase starts and asks which addresses IPCP offers.
   * `offer` holds those of the options block; the owner may change them (an address leased
   * from a pool, one an AAA server gave). False: there is no address for the peer, and the
   * link ends (LinkDownReason.NoAddress) before IPCP sends anything.
   */
  ipcpOffer: (s: Session, offer: IpcpOffer) => bool;
  ipcpUp: (s: Session, ourAddress: u32, peerAddress: u32) => void;
  ipcpDown: (s: Session) => void;
  datagramIn: (s: Session, datagram: usize, len: i32) => void;
  linkDown: (s: Session, reason: u32) => void;
  trace: (s: Session, text: usize, len: i32) => void;
  /** With the capture flag: a frame as received (`outgoing` false) or sent, without FCS. */
  frameCaptured: (s: Session, outgoing: bool, frame: usize, len: i32) => void;
}

//  SessionParent: what the machines report to the session (FreeBSD ppp's fsm_parent), one
//  static table set by session.ts, so no machine imports the dispatcher.
@unmanaged
export class SessionParent {
  /** LCP reached Opened (tlu). */
  linkUp: (s: Session) => void;
  /** LCP left Opened (tld). */
  linkDown: (s: Session) => void;
  /** LCP finished (tlf): the link is dead. */
  linkFinished: (s: Session) => void;
  /** Every required direction authenticated. */
  authenticated: (s: Session) => void;
  /** CBCP settled on no callback: the network phase follows. */
  network: (s: Session) => void;
  /** A machine ends the link for `reason` (authentication failed, callback agreed or failed, keepalive lost). */
  close: (s: Session, reason: u32) => void;
  /** The peer Protocol-Rejected `protocol` (RFC 1661 §5.7). */
  protocolRejected: (s: Session, protocol: u32) => void;
}

//  Session: fixed part; its areas (config, two automata, four LCP option records, text
//  fields, two packet buffers) follow it in the same arena block.
@unmanaged
export class Session {
  owner: SessionOwner;
  parent: SessionParent;
  tty: u32;
  config: PppConfig;
  lcp: Fsm;
  ipcp: Fsm;
  /** Packet areas with PPP_HEADER_MAX octets of room before them. */
  out: usize;
  reply: usize;
  bufferBytes: i32;
  want: LcpOptions;
  got: LcpOptions;
  allow: LcpOptions;
  his: LcpOptions;
  challenge: usize;
  peerName: usize;
  /** Server: the preset number until the caller's answer replaces it; client: our number. */
  cbcpNumber: usize;
  /** Calls into the session under way (an owner's request waits while this is not 0). */
  entries: u32;
  // Everything from here on is cleared by sessionOpen.
  active: u32;
  /** What the owner asked for from inside an upcall (session.ts ASK_*), and its reason. */
  asked: u32;
  askedReason: u32;
  role: u32;
  phase: u32;
  ipcpOurAddress: u32;
  ipcpPeerAddress: u32;
  ipcpSendAddress: u32;
  /** What the owner's IpcpOffer settled for this network phase (ipcp.ts). */
  ipcpLocal: u32;
  ipcpGiven: u32;
  ipcpPeerChooses: u32;
  /** Authentication: what we require of the peer, what the peer requires of us. */
  authPeerProtocol: u32;
  authSelfProtocol: u32;
  authPeerState: u32;
  authSelfState: u32;
  authPeerId: u32;
  /** Token of the question the host was asked (auth-token.ts); 0 = none outstanding. */
  authToken: u32;
  authSelfId: u32;
  authPeerRetries: i32;
  authSelfRetries: i32;
  authPeerDeadline: f64;
  authSelfDeadline: f64;
  peerNameLen: i32;
  cbcpState: u32;
  cbcpId: u32;
  cbcpRetries: i32;
  cbcpType: u32;
  cbcpDelay: u32;
  cbcpDeadline: f64;
  cbcpNumberLen: i32;
  /** Server: the CBCP types offered (bits 1 << type), as the owner answered cbcpOffer. */
  cbcpOffered: u32;
  downReason: u32;
  loopbacks: u32;
  discarded: u32;
  badFrames: u32;
  protocolRejectsSent: u32;
  echoRequests: u32;
  /** LCP keepalive: Echo-Requests sent without a reply, and when the next one is due. */
  echoOutstanding: u32;
  echoDeadline: f64;
  now: f64;
}

/**
 * Sends the packet of `len` octets at `packet` (PPP_HEADER_MAX octets of room before it) as
 * `protocol`, compressed as the peer allowed. `state` >= 0 is traced as the automaton state.
 */
export function sessionSend(s: Session, protocol: u32, packet: usize, len: i32, state: i32): void {
  const opened = s.lcp.state == FsmState.Opened;
  const acfc = opened && (s.his.neg & NEG_ACFC) != 0;
  const pfc = opened && (s.his.neg & NEG_PFC) != 0;
  const start = pppFrameHeader(packet, protocol, acfc, pfc);
  if (protocol != PROTOCOL_IP && sessionTracing(s)) tracePacket(s, protocol, packet, len, state, true);
  const frameLen = <i32>(packet - start) + len;
  if ((<u32>s.config.flags & CONFIG_FLAG_CAPTURE) != 0) s.owner.frameCaptured(s, true, start, frameLen);
  s.owner.frameOut(s, start, frameLen);
}

export function sessionTracing(s: Session): bool {
  return (<u32>s.config.flags & CONFIG_FLAG_TRACE) != 0;
}

/** Hands the trace line built so far to the owner. */
export function sessionTraceEmit(s: Session): void {
  s.owner.trace(s, tracePtr(), traceLength());
}

/** Traces a received packet ("LCP: I CONFREQ [REQsent] id 1 len 20"); `state` < 0 for none. */
export function sessionTraceIn(s: Session, protocol: u32, packet: usize, len: i32, state: i32): void {
  if (sessionTracing(s)) tracePacket(s, protocol, packet, len, state, false);
}

/** Traces "LCP: I <what> magic 0x…" style notes for packets that are only logged. */
export function sessionTraceNote(s: Session, protocol: u32, what: string, value: u32): void {
  if (!sessionTracing(s)) return;
  traceStart(s.tty);
  traceText(protocolName(protocol));
  traceText(": ");
  traceText(what);
  traceText(" 0x");
  traceHex(value, 8);
  sessionTraceEmit(s);
}

function protocolName(protocol: u32): string {
  if (protocol == PROTOCOL_LCP) return "LCP";
  if (protocol == PROTOCOL_IPCP) return "IPCP";
  if (protocol == PROTOCOL_PAP) return "PAP";
  if (protocol == PROTOCOL_CHAP) return "CHAP";
  if (protocol == PROTOCOL_CBCP) return "CBCP";
  return "PPP";
}

function codeName(protocol: u32, code: u32): string {
  if (protocol == PROTOCOL_PAP) return papCodeName(code);
  if (protocol == PROTOCOL_CHAP) return chapCodeName(code);
  if (protocol == PROTOCOL_CBCP) return cbcpCodeName(code);
  return controlCodeName(code);
}

function tracePacket(s: Session, protocol: u32, packet: usize, len: i32, state: i32, outgoing: bool): void {
  traceStart(s.tty);
  traceText(protocolName(protocol));
  traceText(outgoing ? ": O " : ": I ");
  if (len < PACKET_HEADER_BYTES) {
    traceText("short packet len ");
    traceNumber(<u32>len);
  } else {
    traceText(codeName(protocol, packetCode(packet)));
    if (state >= 0) {
      traceText(" [");
      traceText(stateName(state));
      traceText("]");
    }
    traceText(" id ");
    traceNumber(packetId(packet));
    traceText(" len ");
    traceNumber(packetLength(packet));
    if (packetCheck(packet, len) < 0) traceText(" (malformed)");
  }
  sessionTraceEmit(s);
}
