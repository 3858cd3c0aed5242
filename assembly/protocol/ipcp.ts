// IPCP (RFC 1332, RFC 1877): addresses from the configuration, one option descriptor walked by
// negotiate.ts. The server gives the peer its address with Configure-Nak, and the DNS and NBNS
// servers it is configured with to a peer that asks for them (Nak with ours, Reject when none);
// VJ compression and everything else is Configure-Rejected. The addresses a network phase
// starts with are asked of the session's owner (ipcpAddressesAsk: a pool lease, an AAA address).

import { Fsm, FsmCallbacks, EXTENSION_UNKNOWN } from "./fsm";
import {
  OptionRule, OptionTable, OptionVerdict, NakRule, optionRuleSet, negotiateRequest, negotiateReply, negotiateBuild, optionNothingNaked,
} from "./negotiate";
import { optionWriteHeader, optionType } from "../wire/options";
import { readU32, writeU32 } from "../wire/bytes";
import { PROTOCOL_IPCP } from "../wire/ppp-frame";
import { Session, IpcpOffer, sessionSend } from "./session-state";
import { configNameServer, CONFIG_FLAG_PEER_CHOOSES_ADDRESS } from "./config";

export const IPCP_ADDRESSES: u32 = 1;
export const IPCP_COMPRESSION: u32 = 2;
export const IPCP_ADDRESS: u32 = 3;
/** RFC 1877 §1.1-1.4: primary DNS, primary NBNS, secondary DNS, secondary NBNS. */
export const IPCP_DNS_PRIMARY: u32 = 129;
export const IPCP_NBNS_PRIMARY: u32 = 130;
export const IPCP_DNS_SECONDARY: u32 = 131;
export const IPCP_NBNS_SECONDARY: u32 = 132;

// Our request carries IP-Address while this bit of ipcpSendAddress is set (a Reject clears it).
const SEND_ADDRESS: u32 = 1;
// The name servers are only ever answered, never asked for: no bit of our request sends them.
const NEVER_SENT: u32 = 0;

// @ts-ignore: decorator
@inline function sessionOf(f: Fsm): Session {
  return changetype<Session>(f.owner);
}

function resetOptions(f: Fsm): void {
  const s = sessionOf(f);
  s.ipcpOurAddress = s.ipcpLocal;
  s.ipcpSendAddress = SEND_ADDRESS;
  s.ipcpPeerAddress = 0;
}

// @ts-ignore: decorator
@inline function sessionAt(owner: usize): Session {
  return changetype<Session>(owner);
}

// @ts-ignore: decorator
@lazy const offerArea: usize = memory.data(offsetof<IpcpOffer>(), 8);

/**
 * The network phase starts: the owner settles the addresses IPCP offers, starting from the
 * options block's. False when it has none for the peer (the session then ends the link).
 */
export function ipcpAddressesAsk(s: Session): bool {
  const o = changetype<IpcpOffer>(offerArea);
  o.ourAddress = s.config.ourAddress;
  o.peerAddress = s.config.peerAddress;
  o.peerChooses = (<u32>s.config.flags & CONFIG_FLAG_PEER_CHOOSES_ADDRESS) != 0 ? 1 : 0;
  const ok = s.owner.ipcpOffer(s, o);
  s.ipcpLocal = o.ourAddress;
  s.ipcpGiven = o.peerAddress;
  s.ipcpPeerChooses = o.peerChooses;
  return ok;
}

// The peer's IP-Address (RFC 1332 §3.3): an assigned address is the only one acked (Nak with
// it), unless the peer may choose its own; without one any non-zero address is taken.
function addressCompare(owner: usize, opt: usize): i32 {
  const s = sessionAt(owner);
  const asked = readU32(opt + 2);
  const assigned = s.ipcpGiven;
  if (asked != 0 && (assigned == 0 || s.ipcpPeerChooses != 0)) return OptionVerdict.Ack;
  if (assigned == 0) return OptionVerdict.Reject;
  return asked == assigned ? OptionVerdict.Ack : OptionVerdict.Nak;
}

function addressNakValue(owner: usize, opt: usize, dst: usize): i32 {
  writeU32(optionWriteHeader(dst, IPCP_ADDRESS, 6), sessionAt(owner).ipcpGiven);
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
  if (s.ipcpLocal == 0) s.ipcpOurAddress = readU32(opt + 2);
}

// The configured server an RFC 1877 option type asks for (config.ts order), 0 when none.
function nameServerOf(owner: usize, type: u32): u32 {
  const cfg = sessionAt(owner).config;
  if (type == IPCP_DNS_PRIMARY) return configNameServer(cfg, 0);
  if (type == IPCP_DNS_SECONDARY) return configNameServer(cfg, 1);
  if (type == IPCP_NBNS_PRIMARY) return configNameServer(cfg, 2);
  if (type == IPCP_NBNS_SECONDARY) return configNameServer(cfg, 3);
  return 0;
}

// RFC 1877 §1: a peer asking (usually with 0.0.0.0) gets ours by Nak; none configured, a Reject.
function nameServerCompare(owner: usize, opt: usize): i32 {
  const ours = nameServerOf(owner, optionType(opt));
  if (ours == 0) return OptionVerdict.Reject;
  return readU32(opt + 2) == ours ? OptionVerdict.Ack : OptionVerdict.Nak;
}

function nameServerNakValue(owner: usize, opt: usize, dst: usize): i32 {
  const type = optionType(opt);
  writeU32(optionWriteHeader(dst, type, 6), nameServerOf(owner, type));
  return 6;
}

function nameServerApply(owner: usize, opt: usize): void {}

function nameServerWrite(owner: usize, dst: usize): i32 {
  return 0;
}

function nameServerRule(t: OptionTable, index: i32, type: u32): void {
  optionRuleSet(t, index, type, 6, 6, NEVER_SENT, NakRule.Ignore, nameServerCompare, nameServerNakValue, nameServerApply, nameServerWrite,
    optionNothingNaked);
}

function requested(owner: usize): usize {
  return owner + offsetof<Session>("ipcpSendAddress");
}

function acking(owner: usize): void {}

const RULES: i32 = 5;
// @ts-ignore: decorator
@lazy const ruleArea: usize = memory.data(RULES * offsetof<OptionRule>(), 8);
// @ts-ignore: decorator
@lazy const optionTable: usize = memory.data(offsetof<OptionTable>(), 8);
let optionsReady = false;

/** The IPCP options we negotiate: IP-Address, and the RFC 1877 servers we answer (IP-Addresses, compression and the rest are rejected). */
export function ipcpOptions(): OptionTable {
  const t = changetype<OptionTable>(optionTable);
  if (!optionsReady) {
    t.rules = ruleArea;
    t.count = RULES;
    t.requested = requested;
    t.acking = acking;
    optionRuleSet(t, 0, IPCP_ADDRESS, 6, 6, SEND_ADDRESS, NakRule.Take, addressCompare, addressNakValue, addressApply, addressWrite, addressNaked);
    nameServerRule(t, 1, IPCP_DNS_PRIMARY);
    nameServerRule(t, 2, IPCP_NBNS_PRIMARY);
    nameServerRule(t, 3, IPCP_DNS_SECONDARY);
    nameServerRule(t, 4, IPCP_NBNS_SECONDARY);
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
