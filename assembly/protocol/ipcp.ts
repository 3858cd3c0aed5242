// IPCP (RFC 1332, RFC 1877): addresses from the configuration. The server gives the peer its
// address with Configure-Nak; VJ compression and everything else is Configure-Rejected.

import { Fsm, FsmCallbacks, EXTENSION_UNKNOWN, REQUEST_MALFORMED, CODE_CONFIGURE_ACK, CODE_CONFIGURE_NAK, CODE_CONFIGURE_REJECT } from "./fsm";
import { optionNext, optionType, optionLength, optionWriteHeader, OPTION_MALFORMED } from "../wire/options";
import { readU32, writeU32 } from "../wire/bytes";
import { PROTOCOL_IPCP } from "../wire/ppp-frame";
import { Session, sessionSend } from "./session-state";

export const IPCP_ADDRESSES: u32 = 1;
export const IPCP_COMPRESSION: u32 = 2;
export const IPCP_ADDRESS: u32 = 3;

// @ts-ignore: decorator
@inline function sessionOf(f: Fsm): Session {
  return changetype<Session>(f.owner);
}

function resetOptions(f: Fsm): void {
  const s = sessionOf(f);
  s.ipcpOurAddress = s.config.ourAddress;
  s.ipcpSendAddress = 1;
  s.ipcpPeerAddress = 0;
}

function buildRequest(f: Fsm, dst: usize): i32 {
  const s = sessionOf(f);
  if (!s.ipcpSendAddress) return 0;
  writeU32(optionWriteHeader(dst, IPCP_ADDRESS, 6), s.ipcpOurAddress);
  return 6;
}

const VERDICT_ACK: i32 = 0;
const VERDICT_NAK: i32 = 1;
const VERDICT_REJECT: i32 = 2;

// The peer's IP-Address: with a configured peer address only that one is acked (RFC 1332
// §3.3: Nak with the address to use); without one any non-zero address is taken.
function judge(s: Session, opt: usize, nak: usize): i32 {
  if (optionType(opt) != IPCP_ADDRESS || optionLength(opt) != 6) return VERDICT_REJECT;
  const asked = readU32(opt + 2);
  const assigned = s.config.peerAddress;
  if (assigned == 0) return asked != 0 ? VERDICT_ACK : VERDICT_REJECT;
  if (asked == assigned) return VERDICT_ACK;
  writeU32(optionWriteHeader(nak, IPCP_ADDRESS, 6), assigned);
  return VERDICT_NAK;
}

function receiveRequest(f: Fsm, options: usize, len: i32, dst: usize, rejectInsteadOfNak: bool): i32 {
  const s = sessionOf(f);
  const end = options + <usize>len;
  let worst = VERDICT_ACK;
  for (let o = options; o < end; ) {
    const next = optionNext(o, end);
    if (next == OPTION_MALFORMED) return REQUEST_MALFORMED;
    let v = judge(s, o, dst);
    if (v == VERDICT_NAK && rejectInsteadOfNak) v = VERDICT_REJECT;
    if (v > worst) worst = v;
    o = next;
  }
  let w = dst;
  for (let o = options; o < end; ) {
    const next = optionNext(o, end);
    let v = judge(s, o, w);
    if (v == VERDICT_NAK && rejectInsteadOfNak) v = VERDICT_REJECT;
    if (v == worst) {
      if (v == VERDICT_NAK) {
        w += 6;
      } else {
        memory.copy(w, o, next - o);
        w += next - o;
        if (v == VERDICT_ACK) s.ipcpPeerAddress = readU32(o + 2);
      }
    }
    o = next;
  }
  const code = worst == VERDICT_ACK ? CODE_CONFIGURE_ACK : worst == VERDICT_NAK ? CODE_CONFIGURE_NAK : CODE_CONFIGURE_REJECT;
  return <i32>((code << 16) | <u32>(w - dst));
}

function receiveNakOrReject(f: Fsm, options: usize, len: i32, reject: bool): bool {
  const s = sessionOf(f);
  const end = options + <usize>len;
  for (let o = options; o < end; ) {
    const next = optionNext(o, end);
    if (next == OPTION_MALFORMED) return false;
    if (optionType(o) == IPCP_ADDRESS) {
      if (reject) s.ipcpSendAddress = 0;
      // RFC 1332 §3.3: a Nak offers the address to use; taken only when we have none of our own.
      else if (optionLength(o) == 6 && s.config.ourAddress == 0) s.ipcpOurAddress = readU32(o + 2);
    }
    o = next;
  }
  return true;
}

function codeRejectIsFatal(f: Fsm, code: u32): bool {
  return code >= 1 && code <= 7;
}

function extensionCode(f: Fsm, code: u32): i32 {
  return EXTENSION_UNKNOWN;
}

function sendEchoReply(f: Fsm): void {}

function layerUp(f: Fsm): void {
  const s = sessionOf(f);
  s.owner.ipcpUp(s, s.ipcpOurAddress, s.ipcpPeerAddress);
}

function layerDown(f: Fsm): void {
  const s = sessionOf(f);
  s.owner.ipcpDown(s);
}

function layerStarted(f: Fsm): void {}

function layerFinished(f: Fsm): void {}

function send(f: Fsm, packet: usize, len: i32): void {
  sessionSend(sessionOf(f), PROTOCOL_IPCP, packet, len, f.state);
}

// @ts-ignore: decorator
@lazy const table: usize = memory.data(offsetof<FsmCallbacks>(), 8);
let tableReady = false;

/** The IPCP callback table (filled on first use). */
export function ipcpCallbacks(): FsmCallbacks {
  const cb = changetype<FsmCallbacks>(table);
  if (!tableReady) {
    cb.layerUp = layerUp;
    cb.layerDown = layerDown;
    cb.layerStarted = layerStarted;
    cb.layerFinished = layerFinished;
    cb.resetOptions = resetOptions;
    cb.buildRequest = buildRequest;
    cb.receiveRequest = receiveRequest;
    cb.receiveNakOrReject = receiveNakOrReject;
    cb.codeRejectIsFatal = codeRejectIsFatal;
    cb.extensionCode = extensionCode;
    cb.sendEchoReply = sendEchoReply;
    cb.send = send;
    tableReady = true;
  }
  return cb;
}
