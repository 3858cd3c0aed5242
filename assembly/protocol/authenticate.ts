// PAP (RFC 1334), CHAP-MD5 (RFC 1994), MS-CHAP (RFC 2433) and MS-CHAPv2 (RFC 2759) in both
// directions: as authenticator ("peer" side: the peer proves itself to us) and as the one
// authenticated ("self" side). Verdicts come from auth.ts, MS-CHAP values from mschap.ts;
// results go to the session, which moves on to callback or Network.

import { packetCheck, packetCode, packetId, packetWriteHeader, PACKET_DATA, PACKET_HEADER_BYTES } from "../wire/control-packet";
import { PROTOCOL_PAP, PROTOCOL_CHAP } from "../wire/ppp-frame";
import { PapRequest, papRequestParse, papRequestWrite, papMessageWrite, PAP_REQUEST, PAP_ACK, PAP_NAK } from "../wire/pap";
import { ChapValue, chapValueParse, chapValueWrite, CHAP_CHALLENGE, CHAP_RESPONSE, CHAP_SUCCESS, CHAP_FAILURE, CHAP_MD5_VALUE_BYTES } from "../wire/chap";
import {
  CHAP_MSCHAP_V2, MSCHAP_V1_CHANGE_PASSWORD_1, MSCHAP_V1_CHANGE_PASSWORD_2, MSCHAP_V2_CHANGE_PASSWORD, MSCHAP_ERROR_AUTHENTICATION_FAILURE,
  MSCHAP_ERROR_CHANGING_PASSWORD, mschapSuccessParse,
} from "../wire/mschap";
import { entropyFill } from "../crypto/entropy";
import { AuthVerdict, authCheckPap, authCheckChap, authCheckMschap, chapDigest } from "./auth";
import { CONFIG_USER, CONFIG_SECRET, CONFIG_NAME, CONFIG_PAP_USER, CONFIG_PAP_SECRET, configText, configPapUserLen, configPapSecretLen } from "./config";
import { asciiCopy } from "./text";
import { authTokenNext } from "./auth-token";
import { mschapIs, mschapChallengeBytes, mschapRespond, mschapSuccessAccepted, mschapVerdictWrite } from "./mschap";
import { traceStart, traceText } from "./trace";
import {
  Session, Phase, LinkDownReason, AUTH_DIRECTION_PEER, AUTH_DIRECTION_SELF, NEG_AUTH, MSCHAP_SENT_AT, sessionSend, sessionTracing, sessionTraceEmit,
} from "./session-state";

export const AUTH_STATE_NONE: u32 = 0;
export const AUTH_STATE_WAITING: u32 = 1;
export const AUTH_STATE_PENDING: u32 = 2;
export const AUTH_STATE_DONE: u32 = 3;
export const AUTH_STATE_FAILED: u32 = 4;

const RESTART_MS: f64 = 3000;
const WAIT_MS: f64 = 30000;
/** How long a check asked of the host waits for its answer (the host's own bound is shorter). */
const HOST_WAIT_MS: f64 = 60000;
const MAX_TRANSMITS: i32 = 10;
/** Longest challenge we send (CHAP-MD5 and MS-CHAPv2; MS-CHAP v1 sends 8). */
const CHALLENGE_BYTES: i32 = 16;
/** Longest response value the host is given (the 49 octets of MS-CHAP; 16 for MD5). */
const HOST_RESPONSE_BYTES: u32 = 64;

// @ts-ignore: decorator
@lazy const papRequest: usize = memory.data(offsetof<PapRequest>(), 8);
// @ts-ignore: decorator
@lazy const chapValue: usize = memory.data(offsetof<ChapValue>(), 8);

/** LCP opened: start whatever each direction needs. */
export function authStart(s: Session): void {
  s.authPeerState = AUTH_STATE_NONE;
  s.authSelfState = AUTH_STATE_NONE;
  if ((s.want.neg & NEG_AUTH) != 0 && (s.got.neg & NEG_AUTH) == 0) {
    // The peer Configure-Rejected the protocol we require: it will not authenticate.
    authFail(s, AUTH_DIRECTION_PEER, s.want.authProtocol);
    return;
  }
  if (s.got.neg & NEG_AUTH) {
    s.authPeerProtocol = s.got.authProtocol;
    s.authPeerAlgorithm = s.got.authAlgorithm;
    s.authPeerHasResponse = 0;
    s.authPeerState = AUTH_STATE_WAITING;
    if (s.authPeerProtocol == PROTOCOL_CHAP) {
      s.authPeerRetries = MAX_TRANSMITS;
      s.authPeerId = s.lcp.identifier; // any start value; each challenge takes the next
      challengeSend(s, true);
    } else {
      s.authPeerDeadline = s.now + WAIT_MS;
    }
  }
  if (s.his.neg & NEG_AUTH) {
    s.authSelfProtocol = s.his.authProtocol;
    s.authSelfAlgorithm = s.his.authAlgorithm;
    s.authSelfState = AUTH_STATE_WAITING;
    if (s.authSelfProtocol == PROTOCOL_PAP) {
      s.authSelfRetries = MAX_TRANSMITS;
      papRequestSend(s);
    } else {
      s.authSelfDeadline = s.now + WAIT_MS;
    }
  }
  authCheckDone(s);
}

export function authStop(s: Session): void {
  if (s.authPeerState == AUTH_STATE_WAITING || s.authPeerState == AUTH_STATE_PENDING) s.authPeerState = AUTH_STATE_NONE;
  if (s.authSelfState == AUTH_STATE_WAITING) s.authSelfState = AUTH_STATE_NONE;
}

function authCheckDone(s: Session): void {
  const peer = s.authPeerState;
  const self = s.authSelfState;
  if ((peer == AUTH_STATE_NONE || peer == AUTH_STATE_DONE) && (self == AUTH_STATE_NONE || self == AUTH_STATE_DONE)) {
    s.parent.authenticated(s);
  }
}

function authFail(s: Session, direction: i32, protocol: u32): void {
  if (direction == AUTH_DIRECTION_PEER) {
    s.authPeerState = AUTH_STATE_FAILED;
    s.owner.authFailed(s, direction, protocol, s.peerName, s.peerNameLen);
  } else {
    s.authSelfState = AUTH_STATE_FAILED;
    s.owner.authFailed(s, direction, protocol, configText(s.config, CONFIG_USER), s.config.userLen);
  }
  s.parent.close(s, LinkDownReason.AuthFailed); // RFC 1334 §2.2.1, RFC 1994 §4.1: fail ends the link
}

function authSucceed(s: Session, direction: i32, protocol: u32): void {
  if (direction == AUTH_DIRECTION_PEER) {
    s.authPeerState = AUTH_STATE_DONE;
    s.owner.authSucceeded(s, direction, protocol, s.peerName, s.peerNameLen);
  } else {
    s.authSelfState = AUTH_STATE_DONE;
    s.owner.authSucceeded(s, direction, protocol, configText(s.config, CONFIG_USER), s.config.userLen);
  }
  authCheckDone(s);
}

function rememberPeerName(s: Session, name: usize, len: u32): void {
  const n = len < 32 ? len : 32;
  memory.copy(s.peerName, name, n);
  s.peerNameLen = <i32>n;
}

function papVerdictSend(s: Session, id: u32, accept: bool): void {
  const packet = s.out;
  const n = asciiCopy(packet + PACKET_DATA + 1, accept ? "Login ok" : "Login incorrect");
  papMessageWrite(packet + PACKET_DATA, packet + PACKET_DATA + 1, n);
  sessionSend(s, PROTOCOL_PAP, packet, packetWriteHeader(packet, accept ? PAP_ACK : PAP_NAK, id, n + 1), -1);
}

// MS-CHAP's Success carries the v2 authenticator response; its Failure says "E=691 R=0" (no retry).
function chapVerdictSend(s: Session, id: u32, accept: bool, error: u32 = MSCHAP_ERROR_AUTHENTICATION_FAILURE): void {
  const packet = s.out;
  const algorithm = s.authPeerAlgorithm;
  const n = mschapIs(algorithm)
    ? mschapVerdictWrite(s, algorithm, accept, error, packet + PACKET_DATA)
    : asciiCopy(packet + PACKET_DATA, accept ? "Welcome" : "Authentication failure");
  sessionSend(s, PROTOCOL_CHAP, packet, packetWriteHeader(packet, accept ? CHAP_SUCCESS : CHAP_FAILURE, id, n), -1);
}

// `ppp pap sent-username U password P` when given, else the client's own user and secret.
function papRequestSend(s: Session): void {
  const cfg = s.config;
  s.authSelfId = (s.authSelfId + 1) & 0xff;
  const own = configPapUserLen(cfg) != 0;
  const user = own ? configText(cfg, CONFIG_PAP_USER) : configText(cfg, CONFIG_USER);
  const secret = own ? configText(cfg, CONFIG_PAP_SECRET) : configText(cfg, CONFIG_SECRET);
  const n = papRequestWrite(s.out + PACKET_DATA, user, own ? configPapUserLen(cfg) : cfg.userLen, secret, own ? configPapSecretLen(cfg) : cfg.secretLen);
  sessionSend(s, PROTOCOL_PAP, s.out, packetWriteHeader(s.out, PAP_REQUEST, s.authSelfId, n), -1);
  s.authSelfRetries--;
  s.authSelfDeadline = s.now + RESTART_MS;
}

// RFC 1994 §4.1: a new Identifier and random value per challenge; retransmissions repeat it.
function challengeSend(s: Session, fresh: bool): void {
  const cfg = s.config;
  const size = mschapChallengeBytes(s.authPeerAlgorithm);
  if (fresh) {
    s.authPeerId = (s.authPeerId + 1) & 0xff;
    entropyFill(s.challenge, size);
  }
  const name = configText(cfg, CONFIG_NAME);
  let nameLen = <i32>cfg.nameLen;
  if (nameLen == 0) nameLen = asciiCopy(s.out + PACKET_DATA + 1 + size, "dialback");
  else memory.copy(s.out + PACKET_DATA + 1 + size, name, nameLen);
  store<u8>(s.out + PACKET_DATA, <u8>size);
  memory.copy(s.out + PACKET_DATA + 1, s.challenge, size);
  sessionSend(s, PROTOCOL_CHAP, s.out, packetWriteHeader(s.out, CHAP_CHALLENGE, s.authPeerId, 1 + size + nameLen), -1);
  s.authPeerRetries--;
  s.authPeerDeadline = s.now + RESTART_MS;
}

/** A PAP packet (from the Code field). */
export function papReceive(s: Session, packet: usize, len: i32): void {
  const length = packetCheck(packet, len);
  if (length < 0) {
    s.badFrames++;
    return;
  }
  const code = packetCode(packet);
  const id = packetId(packet);
  if (code == PAP_REQUEST && s.authPeerProtocol == PROTOCOL_PAP) {
    const r = changetype<PapRequest>(papRequest);
    if (!papRequestParse(r, packet + PACKET_DATA, length - PACKET_HEADER_BYTES)) {
      s.badFrames++;
      return;
    }
    const state = s.authPeerState;
    // RFC 1334 §2.2.1: every copy of the request gets the same verdict.
    if (state == AUTH_STATE_DONE || state == AUTH_STATE_FAILED) {
      papVerdictSend(s, id, state == AUTH_STATE_DONE);
      return;
    }
    if (state != AUTH_STATE_WAITING) return;
    rememberPeerName(s, r.peerId, r.peerIdLen);
    const verdict = authCheckPap(r.peerId, <i32>r.peerIdLen, r.password, <i32>r.passwordLen);
    if (verdict == AuthVerdict.Pending) {
      s.authPeerState = AUTH_STATE_PENDING;
      s.authPeerId = id;
      s.authPeerDeadline = s.now + HOST_WAIT_MS;
      s.authToken = authTokenNext();
      s.owner.authRequested(s, PROTOCOL_PAP, s.authToken, r.peerId, <i32>r.peerIdLen, r.password, <i32>r.passwordLen);
      return;
    }
    papVerdictSend(s, id, verdict == AuthVerdict.Accept);
    if (verdict == AuthVerdict.Accept) authSucceed(s, AUTH_DIRECTION_PEER, PROTOCOL_PAP);
    else authFail(s, AUTH_DIRECTION_PEER, PROTOCOL_PAP);
  } else if ((code == PAP_ACK || code == PAP_NAK) && s.authSelfProtocol == PROTOCOL_PAP) {
    if (s.authSelfState != AUTH_STATE_WAITING || id != s.authSelfId) {
      s.discarded++;
      return;
    }
    if (code == PAP_ACK) authSucceed(s, AUTH_DIRECTION_SELF, PROTOCOL_PAP);
    else authFail(s, AUTH_DIRECTION_SELF, PROTOCOL_PAP);
  } else {
    s.discarded++;
  }
}

/** A CHAP packet (from the Code field), of any of the three algorithms. */
export function chapReceive(s: Session, packet: usize, len: i32): void {
  const length = packetCheck(packet, len);
  if (length < 0) {
    s.badFrames++;
    return;
  }
  const code = packetCode(packet);
  const id = packetId(packet);
  const data = packet + PACKET_DATA;
  const dataLen = length - PACKET_HEADER_BYTES;
  if (code == CHAP_CHALLENGE && s.authSelfProtocol == PROTOCOL_CHAP) {
    chapChallengeReceived(s, id, data, dataLen);
  } else if (code == CHAP_RESPONSE && s.authPeerProtocol == PROTOCOL_CHAP) {
    chapResponseReceived(s, id, data, dataLen);
  } else if ((code == CHAP_SUCCESS || code == CHAP_FAILURE) && s.authSelfProtocol == PROTOCOL_CHAP) {
    if (s.authSelfState != AUTH_STATE_WAITING || id != s.authSelfId) {
      s.discarded++;
      return;
    }
    if (code == CHAP_FAILURE) authFail(s, AUTH_DIRECTION_SELF, PROTOCOL_CHAP);
    else if (mschapSuccessAccepted(s, s.authSelfAlgorithm, data, dataLen)) authSucceed(s, AUTH_DIRECTION_SELF, PROTOCOL_CHAP);
    else {
      // RFC 2759 §5: a Success without the authenticator response we expect is not from
      // who knows the password: the link ends.
      authTrace(s, "CHAP: MS-CHAP-V2 Success with a wrong authenticator response, closing");
      authFail(s, AUTH_DIRECTION_SELF, PROTOCOL_CHAP);
    }
  } else if (passwordChange(code) && s.authPeerProtocol == PROTOCOL_CHAP && mschapIs(s.authPeerAlgorithm) && s.authPeerState == AUTH_STATE_WAITING) {
    // RFC 2433 §7-8, RFC 2759 §7: we offer no password change (R=0); one asked for anyway fails.
    chapVerdictSend(s, id, false, MSCHAP_ERROR_CHANGING_PASSWORD);
    authFail(s, AUTH_DIRECTION_PEER, PROTOCOL_CHAP);
  } else {
    s.discarded++;
  }
}

function passwordChange(code: u32): bool {
  return code == MSCHAP_V1_CHANGE_PASSWORD_1 || code == MSCHAP_V1_CHANGE_PASSWORD_2 || code == MSCHAP_V2_CHANGE_PASSWORD;
}

// We are challenged: MD5(id ‖ secret ‖ challenge), or an MS-CHAP Response; our name is the
// client's user (`ppp chap hostname`), else ours in challenges (the host name).
function chapChallengeReceived(s: Session, id: u32, data: usize, dataLen: i32): void {
  const v = changetype<ChapValue>(chapValue);
  if (!chapValueParse(v, data, dataLen)) {
    s.badFrames++;
    return;
  }
  const cfg = s.config;
  const algorithm = s.authSelfAlgorithm;
  // Our name goes after the value's room; MS-CHAPv2 hashes the name it sends (RFC 2759 §8.2).
  const user = s.reply + <usize>HOST_RESPONSE_BYTES;
  const ownUser = cfg.userLen != 0;
  let userLen = ownUser ? <i32>cfg.userLen : <i32>cfg.nameLen;
  if (userLen == 0) userLen = asciiCopy(user, "dialback");
  else memory.copy(user, ownUser ? configText(cfg, CONFIG_USER) : configText(cfg, CONFIG_NAME), userLen);
  const value = s.reply;
  let n: i32;
  if (mschapIs(algorithm)) {
    n = mschapRespond(s, algorithm, v.value, <i32>v.valueLen, user, userLen, configText(cfg, CONFIG_SECRET), cfg.secretLen, value);
    if (n < 0) {
      s.badFrames++; // RFC 2433 §3, RFC 2759 §3: a challenge of the wrong size
      return;
    }
  } else {
    chapDigest(id, configText(cfg, CONFIG_SECRET), cfg.secretLen, v.value, <i32>v.valueLen, value);
    n = <i32>CHAP_MD5_VALUE_BYTES;
  }
  // Also answers a rechallenge in Network phase (RFC 1994 §4.1).
  const w = chapValueWrite(s.out + PACKET_DATA, value, n, user, userLen);
  memory.fill(value, 0, <usize>n);
  sessionSend(s, PROTOCOL_CHAP, s.out, packetWriteHeader(s.out, CHAP_RESPONSE, id, w), -1);
  s.authSelfId = id;
  if (s.authSelfState != AUTH_STATE_DONE) {
    s.authSelfState = AUTH_STATE_WAITING;
    s.authSelfDeadline = s.now + WAIT_MS;
  }
}

function chapResponseReceived(s: Session, id: u32, data: usize, dataLen: i32): void {
  const v = changetype<ChapValue>(chapValue);
  if (id != s.authPeerId || !chapValueParse(v, data, dataLen)) {
    s.discarded++;
    return;
  }
  const state = s.authPeerState;
  // RFC 1994 §4.2: a repeated Response with the current Identifier gets the same answer.
  if (state == AUTH_STATE_DONE || state == AUTH_STATE_FAILED) {
    chapVerdictSend(s, id, state == AUTH_STATE_DONE);
    return;
  }
  if (state != AUTH_STATE_WAITING) return;
  rememberPeerName(s, v.name, v.nameLen);
  const algorithm = s.authPeerAlgorithm;
  const size = mschapChallengeBytes(algorithm);
  const verdict = mschapIs(algorithm)
    ? authCheckMschap(v.name, <i32>v.nameLen, algorithm, s.challenge, v.value, <i32>v.valueLen, s.mschap + MSCHAP_SENT_AT)
    : authCheckChap(v.name, <i32>v.nameLen, id, s.challenge, size, v.value, <i32>v.valueLen);
  if (verdict == AuthVerdict.Pending) {
    s.authPeerState = AUTH_STATE_PENDING;
    s.authPeerDeadline = s.now + HOST_WAIT_MS;
    // Host data: id ‖ challenge ‖ response (the AuthRequest's a3 names the algorithm).
    const host = s.reply;
    store<u8>(host, <u8>id);
    memory.copy(host + 1, s.challenge, size);
    const rn = v.valueLen < HOST_RESPONSE_BYTES ? v.valueLen : HOST_RESPONSE_BYTES;
    memory.copy(host + 1 + <usize>size, v.value, rn);
    s.authToken = authTokenNext();
    s.owner.authRequested(s, PROTOCOL_CHAP, s.authToken, v.name, <i32>v.nameLen, host, 1 + size + <i32>rn);
    return;
  }
  if (algorithm == CHAP_MSCHAP_V2 && verdict == AuthVerdict.Accept) s.authPeerHasResponse = 1;
  chapVerdictSend(s, id, verdict == AuthVerdict.Accept);
  if (verdict == AuthVerdict.Accept) authSucceed(s, AUTH_DIRECTION_PEER, PROTOCOL_CHAP);
  else authFail(s, AUTH_DIRECTION_PEER, PROTOCOL_CHAP);
}

function authTrace(s: Session, text: string): void {
  if (!sessionTracing(s)) return;
  traceStart(s.tty);
  traceText(text);
  sessionTraceEmit(s);
}

/**
 * The host's MS-CHAPv2 authenticator response for the check it was asked with `token` (the
 * RADIUS MS-CHAP2-Success text, "S=" and 40 hex digits): kept for the Success packet. 1 kept,
 * 0 when that check is not waiting or is not MS-CHAPv2, -2 when the text is not of that form.
 */
export function authResponseGiven(s: Session, token: u32, text: usize, len: i32): i32 {
  if (token == 0 || s.authToken != token || !authPending(s) || s.authPeerAlgorithm != CHAP_MSCHAP_V2) return 0;
  if (!mschapSuccessParse(text, len, s.mschap + MSCHAP_SENT_AT)) return -2;
  s.authPeerHasResponse = 1;
  return 1;
}

/** Whether the peer's check waits for the host's answer (AuthRequest). */
export function authPending(s: Session): bool {
  return s.authPeerState == AUTH_STATE_PENDING;
}

/** The host's answer to the check it was asked with `token`; false when that check is not waiting. */
export function authAnswered(s: Session, ok: bool, token: u32): bool {
  if (token == 0 || s.authToken != token || !authPending(s)) return false;
  s.authToken = 0;
  return authDecided(s, AUTH_DIRECTION_PEER, ok);
}

/**
 * The verdict for the peer arrived from outside (the host's AAA answer, or the peer
 * Protocol-Rejected our authentication protocol). Returns false when none was awaited.
 */
export function authDecided(s: Session, direction: i32, ok: bool): bool {
  if (direction != AUTH_DIRECTION_PEER) return false;
  const state = s.authPeerState;
  if (state != AUTH_STATE_PENDING && state != AUTH_STATE_WAITING) return false;
  const protocol = s.authPeerProtocol;
  // MS-CHAPv2: an acceptance without the authenticator response cannot make a Success the
  // peer would believe (RFC 2759 §5): it is a failure.
  if (ok && protocol == PROTOCOL_CHAP && s.authPeerAlgorithm == CHAP_MSCHAP_V2 && s.authPeerHasResponse == 0) {
    authTrace(s, "CHAP: MS-CHAP-V2 accepted without an authenticator response, refused");
    ok = false;
  }
  if (state == AUTH_STATE_PENDING) {
    if (protocol == PROTOCOL_PAP) papVerdictSend(s, s.authPeerId, ok);
    else chapVerdictSend(s, s.authPeerId, ok);
  }
  if (ok && state == AUTH_STATE_PENDING) authSucceed(s, AUTH_DIRECTION_PEER, protocol);
  else authFail(s, AUTH_DIRECTION_PEER, protocol);
  return true;
}

/** Retransmissions and give-ups due at `now`; returns the next deadline or -1. */
export function authTick(s: Session, now: f64): f64 {
  if (s.phase != Phase.Authenticate && s.phase != Phase.Network) return -1;
  let next: f64 = -1;
  // A host that never answers its AuthRequest: the check fails rather than hang the link.
  if (s.authPeerState == AUTH_STATE_PENDING) {
    if (now >= s.authPeerDeadline) {
      s.authToken = 0;
      authDecided(s, AUTH_DIRECTION_PEER, false);
    } else next = s.authPeerDeadline;
  }
  if (s.authPeerState == AUTH_STATE_WAITING) {
    if (now >= s.authPeerDeadline) {
      if (s.authPeerProtocol == PROTOCOL_CHAP && s.authPeerRetries > 0) challengeSend(s, false);
      else authFail(s, AUTH_DIRECTION_PEER, s.authPeerProtocol);
    }
    if (s.authPeerState == AUTH_STATE_WAITING) next = s.authPeerDeadline;
  }
  if (!s.active) return -1;
  if (s.authSelfState == AUTH_STATE_WAITING) {
    if (now >= s.authSelfDeadline) {
      if (s.authSelfProtocol == PROTOCOL_PAP && s.authSelfRetries > 0) papRequestSend(s);
      else authFail(s, AUTH_DIRECTION_SELF, s.authSelfProtocol);
    }
    if (s.authSelfState == AUTH_STATE_WAITING && (next < 0 || s.authSelfDeadline < next)) next = s.authSelfDeadline;
  }
  return s.active ? next : -1;
}
