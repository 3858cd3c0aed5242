// Microsoft CBCP (protocol C029; MS-CBCP, protocols.md §5) after authentication, when LCP
// agreed Callback operation 6. Server: Request → Response → Ack, then wait for the caller's
// Terminate-Request. Client: answer the Request, and after the Ack end the link asking to
// be called back (pppd's "Call me back, please").

import { packetCheck, packetCode, packetId, packetWriteHeader, PACKET_DATA } from "../wire/control-packet";
import { PROTOCOL_CBCP } from "../wire/ppp-frame";
import { CbcpOption, cbcpOptionParse, cbcpOptionWrite, CBCP_REQUEST, CBCP_RESPONSE, CBCP_ACK, CBCP_NO_CALLBACK, CBCP_USER_NUMBER,
  CBCP_ADMIN_NUMBER } from "../wire/cbcp";
import { CONFIG_NUMBER, configText } from "./config";
import { Session, CbcpOffer, Role, Phase, LinkDownReason, CALLBACK_KIND_CBCP, CBCP_NUMBER_BYTES, sessionSend, sessionTraceNote } from "./session-state";

export const CBCP_STATE_IDLE: u32 = 0;
export const CBCP_STATE_REQUEST_SENT: u32 = 1;
export const CBCP_STATE_ACK_SENT: u32 = 2;
export const CBCP_STATE_WAIT_REQUEST: u32 = 3;
export const CBCP_STATE_RESPONSE_SENT: u32 = 4;
export const CBCP_STATE_DONE: u32 = 5;
/** Client after an RFC 1570 agreement: the server is expected to end the link. */
export const CBCP_STATE_WAIT_TERMINATE: u32 = 6;

// MS-CBCP §3.2: retransmit every 2 s; the retry bound is ours.
const RETRANSMIT_MS: f64 = 2000;
const WAIT_MS: f64 = 30000;
const MAX_TRANSMITS: i32 = 10;
// After our Ack the caller should send Terminate-Request at once (pppd does).
const TERMINATE_WAIT_MS: f64 = 6000;

// @ts-ignore: decorator
@lazy const option: usize = memory.data(offsetof<CbcpOption>(), 8);

// @ts-ignore: decorator
@lazy const offer: usize = memory.data(offsetof<CbcpOffer>(), 8);

// The server asks its owner what to offer, starting from the configured types and number.
function offerAsk(s: Session): void {
  const o = changetype<CbcpOffer>(offer);
  const cfg = s.config;
  o.types = cfg.cbcpTypes;
  o.number = s.cbcpNumber;
  o.numberLen = cfg.numberLen;
  memory.copy(s.cbcpNumber, configText(cfg, CONFIG_NUMBER), cfg.numberLen);
  s.owner.cbcpOffer(s, o);
  const types = o.types & 0x0e; // MS-CBCP §2.2.4.1: types 1-3
  s.cbcpOffered = types != 0 ? types : 1 << CBCP_USER_NUMBER;
  s.cbcpNumberLen = o.numberLen <= <u32>CBCP_NUMBER_BYTES ? <i32>o.numberLen : 0;
}

/** Authentication done with Callback operation 6 agreed: start our side of CBCP. */
export function cbcpStart(s: Session): void {
  s.cbcpRetries = MAX_TRANSMITS;
  if (s.role == Role.Server) {
    offerAsk(s);
    s.cbcpId = 0;
    requestSend(s);
  } else {
    s.cbcpState = CBCP_STATE_WAIT_REQUEST;
    s.cbcpDeadline = s.now + WAIT_MS;
  }
}

/** RFC 1570 client: wait for the server's Terminate-Request; give up after WAIT_MS. */
export function callbackWaitStart(s: Session): void {
  s.cbcpState = CBCP_STATE_WAIT_TERMINATE;
  s.cbcpDeadline = s.now + WAIT_MS;
}

export function cbcpStop(s: Session): void {
  if (s.cbcpState != CBCP_STATE_DONE) s.cbcpState = CBCP_STATE_IDLE;
}

// MS-CBCP §2.2.4.1: one option per allowed type; the Identifier moves on every transmission.
function requestSend(s: Session): void {
  const types = s.cbcpOffered;
  const data = s.out + PACKET_DATA;
  let n = 0;
  for (let type: u32 = CBCP_NO_CALLBACK; type <= CBCP_ADMIN_NUMBER; type++) {
    if (types & (1 << type)) n += cbcpOptionWrite(data + <usize>n, type, s.config.cbcpDelay, 0, 0);
  }
  s.cbcpId = (s.cbcpId + 1) & 0xff;
  sessionSend(s, PROTOCOL_CBCP, s.out, packetWriteHeader(s.out, CBCP_REQUEST, s.cbcpId, n), -1);
  s.cbcpState = CBCP_STATE_REQUEST_SENT;
  s.cbcpRetries--;
  s.cbcpDeadline = s.now + RETRANSMIT_MS;
}

function responseSend(s: Session): void {
  const number = s.cbcpType == CBCP_USER_NUMBER ? s.cbcpNumber : 0;
  const n = cbcpOptionWrite(s.out + PACKET_DATA, s.cbcpType, s.cbcpDelay, number, s.cbcpType == CBCP_USER_NUMBER ? s.cbcpNumberLen : 0);
  sessionSend(s, PROTOCOL_CBCP, s.out, packetWriteHeader(s.out, CBCP_RESPONSE, s.cbcpId, n), -1);
  s.cbcpState = CBCP_STATE_RESPONSE_SENT;
  s.cbcpRetries--;
  s.cbcpDeadline = s.now + RETRANSMIT_MS;
}

function agreed(s: Session): void {
  s.owner.callbackAgreed(s, CALLBACK_KIND_CBCP, s.cbcpType, s.cbcpDelay, s.cbcpNumber, s.cbcpNumberLen);
  s.downReason = LinkDownReason.Callback;
}

/** A CBCP packet (from the Code field), in Callback phase. */
export function cbcpReceive(s: Session, packet: usize, len: i32): void {
  const length = packetCheck(packet, len);
  if (length < 0) {
    s.badFrames++;
    return;
  }
  const code = packetCode(packet);
  const id = packetId(packet);
  const start = packet + PACKET_DATA;
  const end = packet + <usize>length;
  const o = changetype<CbcpOption>(option);
  if (s.role == Role.Server && code == CBCP_RESPONSE) {
    // MS-CBCP §3.2.5.3: a stale Identifier is dropped; a type we did not offer gets the Request again.
    if (s.cbcpState != CBCP_STATE_REQUEST_SENT || id != s.cbcpId) {
      s.discarded++;
      return;
    }
    const types = s.cbcpOffered;
    for (let at = start; at < end; ) {
      const next = cbcpOptionParse(o, at, end);
      if (next == 0) {
        s.badFrames++;
        return;
      }
      const fits = o.type <= CBCP_ADMIN_NUMBER && (types & (1 << o.type)) != 0 && (o.type != CBCP_USER_NUMBER || o.numberLen > 0);
      if (fits && o.numberLen <= 32) {
        s.cbcpType = o.type;
        s.cbcpDelay = o.delay;
        if (o.type == CBCP_USER_NUMBER) {
          memory.copy(s.cbcpNumber, o.number, o.numberLen);
          s.cbcpNumberLen = <i32>o.numberLen;
        }
        // The Ack echoes the Identifier, delay and address of the chosen option.
        memory.copy(s.out + PACKET_DATA, at, next - at);
        sessionSend(s, PROTOCOL_CBCP, s.out, packetWriteHeader(s.out, CBCP_ACK, id, <i32>(next - at)), -1);
        if (o.type == CBCP_NO_CALLBACK) {
          s.cbcpState = CBCP_STATE_DONE;
          s.parent.network(s);
        } else {
          s.cbcpState = CBCP_STATE_ACK_SENT;
          s.cbcpDeadline = s.now + TERMINATE_WAIT_MS;
          agreed(s);
        }
        return;
      }
      at = next;
    }
    if (s.cbcpRetries > 0) requestSend(s);
  } else if (s.role == Role.Client && code == CBCP_REQUEST) {
    if (s.cbcpState != CBCP_STATE_WAIT_REQUEST && s.cbcpState != CBCP_STATE_RESPONSE_SENT) {
      s.discarded++;
      return;
    }
    let offered: u32 = 0;
    for (let at = start; at < end; ) {
      const next = cbcpOptionParse(o, at, end);
      if (next == 0) {
        s.badFrames++;
        return;
      }
      if (o.type <= CBCP_ADMIN_NUMBER) offered |= 1 << o.type;
      at = next;
    }
    const type = clientChoice(s, offered);
    if (type == 0) {
      sessionTraceNote(s, PROTOCOL_CBCP, "no acceptable callback type offered, types", offered);
      s.discarded++;
      return;
    }
    s.cbcpType = type;
    s.cbcpDelay = s.config.cbcpDelay;
    s.cbcpNumberLen = type == CBCP_USER_NUMBER ? s.config.numberLen : 0;
    if (type == CBCP_USER_NUMBER) memory.copy(s.cbcpNumber, configText(s.config, CONFIG_NUMBER), s.cbcpNumberLen);
    s.cbcpId = id;
    if (s.cbcpState == CBCP_STATE_WAIT_REQUEST) s.cbcpRetries = MAX_TRANSMITS;
    responseSend(s);
  } else if (s.role == Role.Client && code == CBCP_ACK) {
    if (s.cbcpState != CBCP_STATE_RESPONSE_SENT || id != s.cbcpId) {
      s.discarded++;
      return;
    }
    s.cbcpState = CBCP_STATE_DONE;
    if (s.cbcpType == CBCP_NO_CALLBACK) {
      s.parent.network(s);
    } else {
      agreed(s);
      s.parent.close(s, LinkDownReason.Callback);
    }
  } else {
    s.discarded++;
  }
}

// Like pppd as caller: our own number first (type 2), then the administrator's (3), then none.
function clientChoice(s: Session, offered: u32): u32 {
  const preferred = <u32>s.config.cbcpTypes;
  const hasNumber = s.config.numberLen != 0;
  if (preferred >= 1 && preferred <= 3 && (offered & (1 << preferred)) != 0 && (preferred != CBCP_USER_NUMBER || hasNumber)) return preferred;
  if (hasNumber && (offered & (1 << CBCP_USER_NUMBER)) != 0) return CBCP_USER_NUMBER;
  if (offered & (1 << CBCP_ADMIN_NUMBER)) return CBCP_ADMIN_NUMBER;
  if (offered & (1 << CBCP_NO_CALLBACK)) return CBCP_NO_CALLBACK;
  return 0;
}

/** Retransmissions and give-ups due at `now`; returns the next deadline or -1. */
export function cbcpTick(s: Session, now: f64): f64 {
  const state = s.cbcpState;
  if (state == CBCP_STATE_IDLE || state == CBCP_STATE_DONE || s.phase != Phase.Callback) return -1;
  if (now >= s.cbcpDeadline) {
    if (state == CBCP_STATE_ACK_SENT) {
      s.cbcpState = CBCP_STATE_DONE;
      s.parent.close(s, LinkDownReason.Callback); // the caller did not end the link: we do
      return -1;
    }
    if (state == CBCP_STATE_WAIT_REQUEST || state == CBCP_STATE_WAIT_TERMINATE || s.cbcpRetries <= 0) {
      s.downReason = LinkDownReason.CallbackFailed;
      s.cbcpState = CBCP_STATE_IDLE;
      s.parent.close(s, LinkDownReason.CallbackFailed);
      return -1;
    }
    if (state == CBCP_STATE_REQUEST_SENT) requestSend(s);
    else responseSend(s);
  }
  return s.cbcpDeadline;
}
