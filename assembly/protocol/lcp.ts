// LCP (RFC 1661 §5-6, RFC 1570 §2.3): the option table (one descriptor per option, walked by
// negotiate.ts) and the extension codes, plugged into the shared automaton through a static
// callback table. Negotiation records are want (what we start asking), got (what we ask
// now), allow (what we take), his (what the peer asked and we acked).

import { Fsm, FsmCallbacks, FsmState, EXTENSION_UNKNOWN, EXTENSION_HANDLED, EXTENSION_ECHO, CODE_TERMINATE_REQUEST } from "./fsm";
import { OptionRule, OptionTable, OptionVerdict, NakRule, optionRuleSet, optionAlwaysAcceptable, optionNoNakValue, optionNothingNaked,
  negotiateRequest, negotiateReply, negotiateBuild } from "./negotiate";
import { optionLength, optionWriteHeader } from "../wire/options";
import { readU16, readU32, writeU16, writeU32 } from "../wire/bytes";
import { packetCode, packetId, packetLength, packetWriteHeader, PACKET_DATA, PACKET_HEADER_BYTES } from "../wire/control-packet";
import { PROTOCOL_PAP, PROTOCOL_CHAP, PROTOCOL_LCP } from "../wire/ppp-frame";
import { entropyNext } from "../crypto/entropy";
import { AUTH_PAP, AUTH_CHAP, AUTH_MSCHAP, AUTH_MSCHAPV2, AUTH_CODE_PAP, CALLBACK_ACCEPT_RFC1570, CALLBACK_ACCEPT_CBCP, CALLBACK_REQUEST_RFC1570,
  CALLBACK_REQUEST_CBCP, CONFIG_NUMBER, configText, configEchoIntervalMs, configEchoFailures, configPapUserLen } from "./config";
import { authCodeAlgorithm, authCodeBit, authCodeName, authCodeOf, authCodeProtocol, authOrderCode, authPreferred } from "./auth-protocols";
import { traceStart, traceText } from "./trace";
import { Session, LcpOptions, Role, Phase, LinkDownReason, LCP_OPTIONS_BYTES, CALLBACK_MESSAGE_BYTES, CALLBACK_OPERATION_CBCP, NEG_MRU, NEG_ACCM,
  NEG_AUTH, NEG_MAGIC, NEG_PFC, NEG_ACFC, NEG_CALLBACK, callbackMessage, sessionSend, sessionTraceNote, sessionTracing,
  sessionTraceEmit } from "./session-state";

export const LCP_MRU: u32 = 1;
export const LCP_ACCM: u32 = 2;
export const LCP_AUTH_PROTOCOL: u32 = 3;
export const LCP_MAGIC: u32 = 5;
export const LCP_PFC: u32 = 7;
export const LCP_ACFC: u32 = 8;
export const LCP_CALLBACK: u32 = 13;

export const LCP_PROTOCOL_REJECT: u32 = 8;
export const LCP_ECHO_REQUEST: u32 = 9;
export const LCP_ECHO_REPLY: u32 = 10;
export const LCP_DISCARD_REQUEST: u32 = 11;
export const LCP_IDENTIFICATION: u32 = 12;
export const LCP_TIME_REMAINING: u32 = 13;

const MRU_DEFAULT: u32 = 1500;
const MRU_MINIMUM: u32 = 64;

// @ts-ignore: decorator
@inline function sessionOf(f: Fsm): Session {
  return changetype<Session>(f.owner);
}

function newMagic(old: u32): u32 {
  let m = entropyNext();
  while (m == 0 || m == old) m = entropyNext();
  return m;
}

/** Fills want and allow from the session's configuration and role. */
export function lcpSetup(s: Session): void {
  const cfg = s.config;
  const want = s.want;
  const allow = s.allow;
  memory.fill(changetype<usize>(want), 0, <usize>LCP_OPTIONS_BYTES);
  memory.fill(changetype<usize>(allow), 0, <usize>LCP_OPTIONS_BYTES);
  memory.fill(changetype<usize>(s.his), 0, <usize>LCP_OPTIONS_BYTES);
  want.neg = NEG_ACCM | NEG_MAGIC | NEG_PFC | NEG_ACFC;
  want.accm = cfg.accm;
  want.mru = MRU_DEFAULT;
  if (cfg.mru != 0 && <u32>cfg.mru != MRU_DEFAULT) {
    want.neg |= NEG_MRU;
    want.mru = cfg.mru;
  }
  allow.neg = NEG_MRU | NEG_ACCM | NEG_MAGIC | NEG_PFC | NEG_ACFC;
  s.authOrderAt = -1;
  if (s.role == Role.Server) {
    // The authenticator asks for the first protocol of its order (`ppp authentication`).
    const first = authOrderCode(cfg, 0);
    if (first != 0) {
      s.authOrderAt = 0;
      want.neg |= NEG_AUTH;
      authOptionSet(want, first);
    }
    if (cfg.callback != 0) {
      allow.neg |= NEG_CALLBACK;
      allow.callbackOperation = cfg.callback;
    }
  } else {
    if (cfg.callback == <u8>CALLBACK_REQUEST_CBCP) {
      want.neg |= NEG_CALLBACK;
      want.callbackOperation = CALLBACK_OPERATION_CBCP; // MS-CBCP §2.2.1: no message
      // MS-CBCP §3.1.3: CBCP also runs on the answerer's own operation 6, as Windows answerers send it.
      allow.neg |= NEG_CALLBACK;
      allow.callbackOperation = CALLBACK_ACCEPT_CBCP;
    } else if (cfg.callback == <u8>CALLBACK_REQUEST_RFC1570) {
      want.neg |= NEG_CALLBACK;
      want.callbackOperation = cfg.callbackOperation <= 4 ? cfg.callbackOperation : 0;
      if (want.callbackOperation != 0) {
        want.callbackMessageLen = cfg.numberLen;
        memory.copy(callbackMessage(want), configText(cfg, CONFIG_NUMBER), cfg.numberLen);
      }
    }
  }
  const canDo = authSelfProtocols(s);
  if (canDo != 0) {
    allow.neg |= NEG_AUTH;
    allow.authProtocol = canDo;
  }
  memory.copy(changetype<usize>(s.got), changetype<usize>(want), <usize>LCP_OPTIONS_BYTES);
}

/**
 * The protocols we can authenticate ourselves with when the peer asks (AUTH_* bits): the CHAP
 * family with a secret (a client's, or `ppp chap password`), PAP with `ppp pap sent-username`
 * or a client's user. Never from the local users: answering any caller's challenge with a
 * user's secret would hand out a password oracle.
 */
function authSelfProtocols(s: Session): u32 {
  const cfg = s.config;
  const client = s.role == Role.Client;
  let can: u32 = 0;
  if (cfg.secretLen != 0 && (cfg.userLen != 0 || cfg.nameLen != 0 || !client)) can |= AUTH_CHAP | AUTH_MSCHAP | AUTH_MSCHAPV2;
  if (configPapUserLen(cfg) != 0 || (client && cfg.userLen != 0)) can |= AUTH_PAP;
  if (client && cfg.auth != 0) can &= <u32>cfg.auth; // what the client is told it may do
  return can;
}

function authOptionSet(o: LcpOptions, code: u32): void {
  o.authProtocol = authCodeProtocol(code);
  o.authAlgorithm = authCodeAlgorithm(code);
}

// A fresh negotiation asks for the first protocol of the order again, with nothing Nak'd yet.
function resetOptions(f: Fsm): void {
  const s = sessionOf(f);
  memory.copy(changetype<usize>(s.got), changetype<usize>(s.want), <usize>LCP_OPTIONS_BYTES);
  s.got.magic = newMagic(0);
  s.authOrderAt = (s.want.neg & NEG_AUTH) != 0 ? 0 : -1;
  s.lcpNaksIn = 0;
}

// @ts-ignore: decorator
@inline function sessionAt(owner: usize): Session {
  return changetype<Session>(owner);
}

// One descriptor per option (negotiate.ts): the length rule, how the peer's value is judged
// and what we would take instead, what an acked one records in `his`, how our request
// carries it from `got`, and what a Nak of ours teaches.

function mruCompare(owner: usize, opt: usize): i32 {
  return readU16(opt + 2) >= MRU_MINIMUM ? OptionVerdict.Ack : OptionVerdict.Nak;
}

function mruNakValue(owner: usize, opt: usize, dst: usize): i32 {
  writeU16(optionWriteHeader(dst, LCP_MRU, 4), MRU_DEFAULT);
  return 4;
}

function mruApply(owner: usize, opt: usize): void {
  const his = sessionAt(owner).his;
  his.neg |= NEG_MRU;
  his.mru = readU16(opt + 2);
}

function mruWrite(owner: usize, dst: usize): i32 {
  writeU16(optionWriteHeader(dst, LCP_MRU, 4), sessionAt(owner).got.mru);
  return 4;
}

function mruNaked(owner: usize, opt: usize): void {
  const got = sessionAt(owner).got;
  const mru = readU16(opt + 2);
  if (mru >= MRU_MINIMUM) {
    got.neg |= NEG_MRU;
    got.mru = mru;
  }
}

function accmApply(owner: usize, opt: usize): void {
  const his = sessionAt(owner).his;
  his.neg |= NEG_ACCM;
  his.accm = readU32(opt + 2);
}

function accmWrite(owner: usize, dst: usize): i32 {
  writeU32(optionWriteHeader(dst, LCP_ACCM, 6), sessionAt(owner).got.accm);
  return 6;
}

function accmNaked(owner: usize, opt: usize): void {
  sessionAt(owner).got.accm |= readU32(opt + 2); // the peer needs these escaped too
}

// The peer's request names how we are to authenticate: one of the protocols we can do, or we
// Nak with the one we prefer (RFC 1661 §5.3), or Reject when we can do none (RFC 1661 §6.2).
function authCompare(owner: usize, opt: usize): i32 {
  const allow = sessionAt(owner).allow;
  if ((allow.neg & NEG_AUTH) == 0) return OptionVerdict.Reject;
  const len = optionLength(opt);
  const protocol = readU16(opt + 2);
  const code = authCodeOf(protocol, len == 5 ? <u32>load<u8>(opt, 4) : 0);
  const wellFormed = code != 0 && len == (protocol == PROTOCOL_PAP ? 4 : 5);
  return wellFormed && (allow.authProtocol & authCodeBit(code)) != 0 ? OptionVerdict.Ack : OptionVerdict.Nak;
}

function authNakValue(owner: usize, opt: usize, dst: usize): i32 {
  const s = sessionAt(owner);
  return writeAuth(dst, authPreferred(s.config, s.allow.authProtocol));
}

function authApply(owner: usize, opt: usize): void {
  const his = sessionAt(owner).his;
  his.neg |= NEG_AUTH;
  his.authProtocol = readU16(opt + 2);
  his.authAlgorithm = optionLength(opt) == 5 ? <u32>load<u8>(opt, 4) : 0;
}

function authWrite(owner: usize, dst: usize): i32 {
  const got = sessionAt(owner).got;
  return writeAuth(dst, authCodeOf(got.authProtocol, got.authAlgorithm));
}

/**
 * The peer Naked or Rejected the protocol we asked for: as IOS does, we ask for the next one
 * of our order, whatever the Nak proposed; when none is left the link ends, saying so.
 */
function authNaked(owner: usize, opt: usize): void {
  const s = sessionAt(owner);
  const got = s.got;
  if (s.authOrderAt < 0) return;
  const refused = authCodeOf(got.authProtocol, got.authAlgorithm);
  const next = authOrderCode(s.config, s.authOrderAt + 1);
  if (next != 0) {
    s.authOrderAt++;
    authOptionSet(got, next);
    authTraceNext(s, refused, next);
    return;
  }
  got.neg &= ~NEG_AUTH;
  s.authOrderAt = -1;
  authTraceNext(s, refused, 0);
  s.parent.close(s, LinkDownReason.AuthRefused);
}

// "As1 LCP: peer refused CHAP, asking for PAP" or "... refused PAP, no protocol left: closing".
function authTraceNext(s: Session, refused: u32, next: u32): void {
  if (!sessionTracing(s)) return;
  traceStart(s.tty);
  traceText("LCP: peer refused AuthProto ");
  traceText(authCodeName(refused));
  if (next != 0) {
    traceText(", asking for ");
    traceText(authCodeName(next));
  } else {
    traceText(", no protocol of the list left: closing");
  }
  sessionTraceEmit(s);
}

// `03 04 C0 23` for PAP, `03 05 C2 23 AA` for CHAP with algorithm AA (RFC 1994 §3, RFC 2433 §2, RFC 2759 §2).
function writeAuth(o: usize, code: u32): i32 {
  if (code != AUTH_CODE_PAP) {
    const v = optionWriteHeader(o, LCP_AUTH_PROTOCOL, 5);
    writeU16(v, PROTOCOL_CHAP);
    store<u8>(v, <u8>authCodeAlgorithm(code), 2);
    return 5;
  }
  writeU16(optionWriteHeader(o, LCP_AUTH_PROTOCOL, 4), PROTOCOL_PAP);
  return 4;
}

// A Nak of the peer's non-zero magic means it carries ours: a looped-back line, counted once per request.
let loopSeen = false;

// RFC 1661 §6.4: zero is never acceptable; our own magic means a looped-back line.
function magicCompare(owner: usize, opt: usize): i32 {
  const got = sessionAt(owner).got;
  const magic = readU32(opt + 2);
  const looped = (got.neg & NEG_MAGIC) != 0 && magic == got.magic;
  if (magic != 0 && !looped) return OptionVerdict.Ack;
  if (magic != 0) loopSeen = true;
  return OptionVerdict.Nak;
}

function magicNakValue(owner: usize, opt: usize, dst: usize): i32 {
  writeU32(optionWriteHeader(dst, LCP_MAGIC, 6), newMagic(readU32(opt + 2)));
  return 6;
}

function magicApply(owner: usize, opt: usize): void {
  const his = sessionAt(owner).his;
  his.neg |= NEG_MAGIC;
  his.magic = readU32(opt + 2);
}

function magicWrite(owner: usize, dst: usize): i32 {
  writeU32(optionWriteHeader(dst, LCP_MAGIC, 6), sessionAt(owner).got.magic);
  return 6;
}

// RFC 1661 §6.4: a Nak carrying our own magic hints at a loop; pick another either way.
function magicNaked(owner: usize, opt: usize): void {
  const s = sessionAt(owner);
  if (readU32(opt + 2) == s.got.magic) s.loopbacks++;
  s.got.magic = newMagic(s.got.magic);
}

function pfcApply(owner: usize, opt: usize): void {
  sessionAt(owner).his.neg |= NEG_PFC;
}

function pfcWrite(owner: usize, dst: usize): i32 {
  optionWriteHeader(dst, LCP_PFC, 2);
  return 2;
}

function acfcApply(owner: usize, opt: usize): void {
  sessionAt(owner).his.neg |= NEG_ACFC;
}

function acfcWrite(owner: usize, dst: usize): i32 {
  optionWriteHeader(dst, LCP_ACFC, 2);
  return 2;
}

// RFC 1570 §2.3 operations 0-4, or 6 for CBCP; each kind only if the configuration accepts it.
function callbackCompare(owner: usize, opt: usize): i32 {
  const allow = sessionAt(owner).allow;
  if ((allow.neg & NEG_CALLBACK) == 0) return OptionVerdict.Reject;
  const operation = <u32>load<u8>(opt, 2);
  if (operation == CALLBACK_OPERATION_CBCP) return (allow.callbackOperation & CALLBACK_ACCEPT_CBCP) != 0 ? OptionVerdict.Ack : OptionVerdict.Reject;
  if (operation <= 4) return (allow.callbackOperation & CALLBACK_ACCEPT_RFC1570) != 0 ? OptionVerdict.Ack : OptionVerdict.Reject;
  return OptionVerdict.Reject;
}

function callbackApply(owner: usize, opt: usize): void {
  const his = sessionAt(owner).his;
  his.neg |= NEG_CALLBACK;
  his.callbackOperation = load<u8>(opt, 2);
  his.callbackMessageLen = optionLength(opt) - 3;
  memory.copy(callbackMessage(his), opt + 3, his.callbackMessageLen);
}

function callbackWrite(owner: usize, dst: usize): i32 {
  const got = sessionAt(owner).got;
  const n = got.callbackMessageLen;
  const v = optionWriteHeader(dst, LCP_CALLBACK, 3 + n);
  store<u8>(v, <u8>got.callbackOperation);
  memory.copy(v + 1, callbackMessage(got), n);
  return <i32>(3 + n);
}

function requested(owner: usize): usize {
  return changetype<usize>(sessionAt(owner).got) + offsetof<LcpOptions>("neg");
}

// RFC 1661 §5.2: an acked request replaces everything the peer's last one agreed.
function acking(owner: usize): void {
  memory.fill(changetype<usize>(sessionAt(owner).his), 0, <usize>LCP_OPTIONS_BYTES);
}

const RULES: i32 = 7;
// @ts-ignore: decorator
@lazy const ruleArea: usize = memory.data(RULES * offsetof<OptionRule>(), 8);
// @ts-ignore: decorator
@lazy const optionTable: usize = memory.data(offsetof<OptionTable>(), 8);
let optionsReady = false;

/** The LCP options (RFC 1661 §6, RFC 1570 §2.3), in the order our request carries them. */
export function lcpOptions(): OptionTable {
  const t = changetype<OptionTable>(optionTable);
  if (!optionsReady) {
    t.rules = ruleArea;
    t.count = RULES;
    t.requested = requested;
    t.acking = acking;
    optionRuleSet(t, 0, LCP_MRU, 4, 4, NEG_MRU, NakRule.Take, mruCompare, mruNakValue, mruApply, mruWrite, mruNaked);
    optionRuleSet(t, 1, LCP_ACCM, 6, 6, NEG_ACCM, NakRule.Take, optionAlwaysAcceptable, optionNoNakValue, accmApply, accmWrite, accmNaked);
    optionRuleSet(t, 2, LCP_AUTH_PROTOCOL, 4, 255, NEG_AUTH, NakRule.Walk, authCompare, authNakValue, authApply, authWrite, authNaked);
    optionRuleSet(t, 3, LCP_MAGIC, 6, 6, NEG_MAGIC, NakRule.Take, magicCompare, magicNakValue, magicApply, magicWrite, magicNaked);
    optionRuleSet(t, 4, LCP_PFC, 2, 2, NEG_PFC, NakRule.Ignore, optionAlwaysAcceptable, optionNoNakValue, pfcApply, pfcWrite, optionNothingNaked);
    optionRuleSet(t, 5, LCP_ACFC, 2, 2, NEG_ACFC, NakRule.Ignore, optionAlwaysAcceptable, optionNoNakValue, acfcApply, acfcWrite, optionNothingNaked);
    // Like pppd: a callback request the peer will not take is dropped.
    optionRuleSet(t, 6, LCP_CALLBACK, 3, 3 + CALLBACK_MESSAGE_BYTES, NEG_CALLBACK, NakRule.Drop, callbackCompare, optionNoNakValue, callbackApply,
      callbackWrite, optionNothingNaked);
    optionsReady = true;
  }
  return t;
}

function buildRequest(f: Fsm, dst: usize): i32 {
  return negotiateBuild(lcpOptions(), f.owner, dst);
}

function receiveRequest(f: Fsm, options: usize, len: i32, dst: usize, rejectInsteadOfNak: bool): i32 {
  const s = sessionOf(f);
  loopSeen = false;
  const answer = negotiateRequest(lcpOptions(), f.owner, options, len, dst, rejectInsteadOfNak);
  if (answer >= 0 && loopSeen) {
    s.loopbacks++;
    sessionTraceNote(s, PROTOCOL_LCP, "loopback suspected, magic", s.got.magic);
    if (s.loopbacks >= f.maxFailure && s.downReason == 0) s.downReason = LinkDownReason.Loopback;
  }
  return answer;
}

// RFC 1661 §4.6 bounds the Naks we send; a peer whose Naks never end is bounded the same way:
// past Max-Failure Naks in a row the link ends rather than negotiate forever.
function receiveNakOrReject(f: Fsm, options: usize, len: i32, reject: bool): bool {
  const s = sessionOf(f);
  if (!negotiateReply(lcpOptions(), f.owner, options, len, reject)) return false;
  if (!reject && f.state >= FsmState.RequestSent && ++s.lcpNaksIn > f.maxFailure && s.active != 0 && s.phase == Phase.Establish) {
    sessionTraceNote(s, PROTOCOL_LCP, "Configure-Naks never end, closing; naks", s.lcpNaksIn);
    s.parent.close(s, LinkDownReason.NakLoop);
  }
  return true;
}

// RFC 1661 §5.6, RFC 1570 §3: base codes rejected are fatal, extensions are not.
function codeRejectIsFatal(f: Fsm, code: u32): bool {
  return code >= 1 && code <= LCP_DISCARD_REQUEST;
}

function extensionCode(f: Fsm, code: u32): i32 {
  const s = sessionOf(f);
  const packet = f.inPacket;
  const dataLen = f.inLength - PACKET_HEADER_BYTES;
  if (code == LCP_PROTOCOL_REJECT) {
    if (f.state == FsmState.Opened && dataLen >= 2) s.parent.protocolRejected(s, readU16(packet + PACKET_DATA));
    else f.badPackets++;
    return EXTENSION_HANDLED;
  }
  if (code == LCP_ECHO_REQUEST || code == LCP_ECHO_REPLY || code == LCP_DISCARD_REQUEST) {
    if (code == LCP_ECHO_REQUEST) s.echoRequests++;
    if (code == LCP_ECHO_REPLY && f.state == FsmState.Opened) s.echoOutstanding = 0;
    return EXTENSION_ECHO;
  }
  if (code == LCP_IDENTIFICATION || code == LCP_TIME_REMAINING) {
    // RFC 1570 §2.1-2.2: informational, no reply; logged and dropped.
    const magic = dataLen >= 4 ? readU32(packet + PACKET_DATA) : 0;
    sessionTraceNote(s, PROTOCOL_LCP, code == LCP_IDENTIFICATION ? "I IDENTIFY (dropped), magic" : "I TIMEREM (dropped), magic", magic);
    return EXTENSION_HANDLED;
  }
  return EXTENSION_UNKNOWN;
}

// RFC 1661 §5.8: Echo-Reply with the same Identifier, our Magic-Number and the same data.
function sendEchoReply(f: Fsm): void {
  const s = sessionOf(f);
  const packet = f.inPacket;
  if (packet == 0 || packetCode(packet) != LCP_ECHO_REQUEST) return;
  const length = <i32>packetLength(packet);
  if (length < PACKET_HEADER_BYTES + 4) {
    f.badPackets++;
    return;
  }
  const ours = (s.got.neg & NEG_MAGIC) != 0 ? s.got.magic : 0;
  if (ours != 0 && readU32(packet + PACKET_DATA) == ours) {
    s.loopbacks++; // our own Echo-Request came back
    return;
  }
  let n = length - PACKET_HEADER_BYTES - 4;
  if (n > f.bufferBytes - PACKET_HEADER_BYTES - 4) n = f.bufferBytes - PACKET_HEADER_BYTES - 4;
  writeU32(f.out + PACKET_DATA, ours);
  memory.copy(f.out + PACKET_DATA + 4, packet + PACKET_DATA + 4, n);
  sessionSend(s, PROTOCOL_LCP, f.out, packetWriteHeader(f.out, LCP_ECHO_REPLY, packetId(packet), n + 4), f.state);
}

/** LCP opened: keepalive Echo-Requests start if the configuration asks for them. */
export function lcpEchoStart(s: Session): void {
  s.echoOutstanding = 0;
  const interval = configEchoIntervalMs(s.config);
  s.echoDeadline = interval > 0 ? s.now + interval : -1;
}

// Like pppd's lcp-echo-interval / lcp-echo-failure: a peer silent for that many periods is gone.
export function lcpEchoTick(s: Session, now: f64): f64 {
  const f = s.lcp;
  if (s.echoDeadline < 0 || f.state != FsmState.Opened) return -1;
  if (now < s.echoDeadline) return s.echoDeadline;
  if (s.echoOutstanding >= configEchoFailures(s.config)) {
    s.echoDeadline = -1;
    s.parent.close(s, LinkDownReason.EchoTimeout);
    return -1;
  }
  const ours = (s.got.neg & NEG_MAGIC) != 0 ? s.got.magic : 0;
  writeU32(f.out + PACKET_DATA, ours);
  f.identifier = (f.identifier + 1) & 0xff;
  sessionSend(s, PROTOCOL_LCP, f.out, packetWriteHeader(f.out, LCP_ECHO_REQUEST, f.identifier, 4), f.state);
  s.echoOutstanding++;
  s.echoDeadline = now + configEchoIntervalMs(s.config);
  return s.echoDeadline;
}

function layerUp(f: Fsm): void {
  const s = sessionOf(f);
  s.parent.linkUp(s);
}

function layerDown(f: Fsm): void {
  const s = sessionOf(f);
  if (s.downReason == 0 && f.inPacket != 0 && packetCode(f.inPacket) == CODE_TERMINATE_REQUEST) {
    s.downReason = LinkDownReason.PeerTerminated;
  }
  s.parent.linkDown(s);
}

function layerStarted(f: Fsm): void {}

function layerFinished(f: Fsm): void {
  const s = sessionOf(f);
  if (s.downReason == 0 && f.inPacket != 0 && packetCode(f.inPacket) == CODE_TERMINATE_REQUEST) {
    s.downReason = LinkDownReason.PeerTerminated;
  }
  s.parent.linkFinished(s);
}

function send(f: Fsm, packet: usize, len: i32): void {
  sessionSend(sessionOf(f), PROTOCOL_LCP, packet, len, f.state);
}

// @ts-ignore: decorator
@lazy const table: usize = memory.data(offsetof<FsmCallbacks>(), 8);
let tableReady = false;

/** The LCP callback table (filled on first use). */
export function lcpCallbacks(): FsmCallbacks {
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
