// IPCP (RFC 1332, RFC 1877): addresses from the configuration, one option descriptor walked by
// negotiate.ts. The server gives the peer its address with Configure-Nak; VJ compression and
// everything else is Configure-Rejected.

import { Fsm, FsmCallbacks, EXTENSION_UNKNOWN } from "./fsm";
import { OptionRule, OptionTable, OptionVerdict, NakRule, optionRuleSet, negotiateRequest, negotiateReply, negotiateBuild } from "./negotiate";
import { optionWriteHeader } from "../wire/options";
import { readU32, writeU32 } from "../wire/bytes";
import { PROTOCOL_IPCP } from "../wire/ppp-frame";
import { Session, sessionSend } from "./session-state";

export const IPCP_ADDRESSES: u32 = 1;
export const IPCP_COMPRESSION: u32 = 2;
export const IPCP_ADDRESS: u32 = 3;

// Our request carries IP-Address while this bit of ipcpSendAddress is set (a Reject clears it).
const SEND_ADDRESS: u32 = 1;

// @ts-ignore: decorator
@inline function sessionOf(f: Fsm): Session {
  return changetype<Session>(f.owner);
}

function resetOptions(f: Fsm): void {
  const s = sessionOf(f);
  s.ipcpOurAddress = s.config.ourAddress;
  s.ipcpSendAddress = SEND_ADDRESS;
  s.ipcpPeerAddress = 0;
}

// @ts-ignore: decorator
@inline function sessionAt(owner: usize): Session {
  return changetype<Session>(owner);
}

// The peer's IP-Address: with a configured peer address only that one is acked (RFC 1332
// §3.3: Nak with the address to use); without one any non-zero address is taken.
function addressCompare(owner: usize, opt: usize): i32 {
  const asked = readU32(opt + 2);
  const assigned = sessionAt(owner).config.peerAddress;
  if (assigned == 0) return asked != 0 ? OptionVerdict.Ack : OptionVerdict.Reject;
  return asked == assigned ? OptionVerdict.Ack : OptionVerdict.Nak;
}

function addressNakValue(owner: usize, opt: usize, dst: usize): i32 {
  writeU32(optionWriteHeader(dst, IPCP_ADDRESS, 6), sessionAt(owner).config.peerAddress);
  return 6;
}

function addressApply(owner: usize, opt: usize): void {
  sessionAt(owner).ipcpPeerAddress = readU32(opt + 2);
}

function addressWrite(owner: usize, dst: usize): i32 {
  writeU32(optionWriteHeader(dst, IPCP_ADDRESS, 6), sessionAt(owner).ipcpOurAddress);
  return 6;
}

// RFC 1332 §3.3: a Nak offers the address to use; taken only when we have none of our own.
function addressNaked(owner: usize, opt: usize): void {
  const s = sessionAt(owner);
  if (s.config.ourAddress == 0) s.ipcpOurAddress = readU32(opt + 2);
}

function requested(owner: usize): usize {
  return owner + offsetof<Session>("ipcpSendAddress");
}

function acking(owner: usize): void {}

const RULES: i32 = 1;
// @ts-ignore: decorator
@lazy const ruleArea: usize = memory.data(RULES * offsetof<OptionRule>(), 8);
// @ts-ignore: decorator
@lazy const optionTable: usize = memory.data(offsetof<OptionTable>(), 8);
let optionsReady = false;

/** The IPCP options we negotiate: IP-Address alone (IP-Addresses, compression and the rest are rejected). */
export function ipcpOptions(): OptionTable {
  const t = changetype<OptionTable>(optionTable);
  if (!optionsReady) {
    t.rules = ruleArea;
    t.count = RULES;
    t.requested = requested;
    t.acking = acking;
    optionRuleSet(t, 0, IPCP_ADDRESS, 6, 6, SEND_ADDRESS, NakRule.Take, addressCompare, addressNakValue, addressApply, addressWrite, addressNaked);
    optionsReady = true;
  }
  return t;
}

function buildRequest(f: Fsm, dst: usize): i32 {
  return negotiateBuild(ipcpOptions(), f.owner, dst);
}

function receiveRequest(f: Fsm, options: usize, len: i32, dst: usize, rejectInsteadOfNak: bool): i32 {
  return negotiateRequest(ipcpOptions(), f.owner, options, len, dst, rejectInsteadOfNak);
}

function receiveNakOrReject(f: Fsm, options: usize, len: i32, reject: bool): bool {
  return negotiateReply(ipcpOptions(), f.owner, options, len, reject);
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
