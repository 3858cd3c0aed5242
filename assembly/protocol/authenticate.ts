// PAP (RFC 1334) and CHAP-MD5 (RFC 1994) in both directions: as authenticator ("peer" side:
// the peer proves itself to us) and as the one authenticated ("self" side). Verdicts come
// from auth.ts; results go to the session, which moves on to callback or Network.

import { packetCheck, packetCode, packetId, packetWriteHeader, PACKET_DATA, PACKET_HEADER_BYTES } from "../wire/control-packet";
import { PROTOCOL_PAP, PROTOCOL_CHAP } from "../wire/ppp-frame";
import { PapRequest, papRequestParse, papRequestWrite, papMessageWrite, PAP_REQUEST, PAP_ACK, PAP_NAK } from "../wire/pap";
import { ChapValue, chapValueParse, chapValueWrite, CHAP_CHALLENGE, CHAP_RESPONSE, CHAP_SUCCESS, CHAP_FAILURE, CHAP_MD5_VALUE_BYTES } from "../wire/chap";
import { entropyFill } from "../crypto/entropy";
import { AuthVerdict, authCheckPap, authCheckChap, chapDigest } from "./auth";
import { CONFIG_USER, CONFIG_SECRET, CONFIG_NAME, configText } from "./config";
import { asciiCopy } from "./text";
import { authTokenNext } from "./auth-token";
import { Session, Phase, LinkDownReason, AUTH_DIRECTION_PEER, AUTH_DIRECTION_SELF, NEG_AUTH, sessionSend } from "./session-state";

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
const CHALLENGE_BYTES: i32 = 16;

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

function chapVerdictSend(s: Session, id: u32, accept: bool): void {
  const packet = s.out;
  const n = asciiCopy(packet + PACKET_DATA, accept ? "Welcome" : "Authentication failure");
  sessionSend(s, PROTOCOL_CHAP, packet, packetWriteHeader(packet, accept ? CHAP_SUCCESS : CHAP_FAILURE, id, n), -1);
}

function papRequestSend(s: Session): void {
  const cfg = s.config;
  s.authSelfId = (s.authSelfId + 1) & 0xff;
  const n = papRequestWrite(s.out + PACKET_DATA, configText(cfg, CONFIG_USER), cfg.userLen, configText(cfg, CONFIG_SECRET), cfg.secretLen);
  sessionSend(s, PROTOCOL_PAP, s.out, packetWriteHeader(s.out, PAP_REQUEST, s.authSelfId, n), -1);
  s.authSelfRetries--;
  s.authSelfDeadline = s.now + RESTART_MS;
}

// RFC 1994 §4.1: a new Identifier and random value per challenge; retransmissions repeat it.
function challengeSend(s: Session, fresh: bool): void {
  const cfg = s.config;
  if (fresh) {
    s.authPeerId = (s.authPeerId + 1) & 0xff;
    entropyFill(s.challenge, CHALLENGE_BYTES);
  }
  const name = configText(cfg, CONFIG_NAME);
  let nameLen = <i32>cfg.nameLen;
  if (nameLen == 0) nameLen = asciiCopy(s.out + PACKET_DATA + 1 + CHALLENGE_BYTES, "dialback");
  else memory.copy(s.out + PACKET_DATA + 1 + CHALLENGE_BYTES, name, nameLen);
  store<u8>(s.out + PACKET_DATA, <u8>CHALLENGE_BYTES);
  memory.copy(s.out + PACKET_DATA + 1, s.challenge, CHALLENGE_BYTES);
  sessionSend(s, PROTOCOL_CHAP, s.out, packetWriteHeader(s.out, CHAP_CHALLENGE, s.authPeerId, 1 + CHALLENGE_BYTES + nameLen), -1);
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

/** A CHAP packet (from the Code field). */
export function chapReceive(s: Session, packet: usize, len: i32): void {
  const length = packetCheck(packet, len);
  if (length < 0) {
    s.badFrames++;
    return;
  }
  const code = packetCode(packet);
  const id = packetId(packet);
  const v = changetype<ChapValue>(chapValue);
  if (code == CHAP_CHALLENGE && s.authSelfProtocol == PROTOCOL_CHAP) {
    if (!chapValueParse(v, packet + PACKET_DATA, length - PACKET_HEADER_BYTES)) {
      s.badFrames++;
      return;
    }
    // Also answers a rechallenge in Network phase (RFC 1994 §4.1).
    const cfg = s.config;
    const digest = s.reply;
    chapDigest(id, configText(cfg, CONFIG_SECRET), cfg.secretLen, v.value, <i32>v.valueLen, digest);
    const n = chapValueWrite(s.out + PACKET_DATA, digest, <i32>CHAP_MD5_VALUE_BYTES, configText(cfg, CONFIG_USER), cfg.userLen);
    sessionSend(s, PROTOCOL_CHAP, s.out, packetWriteHeader(s.out, CHAP_RESPONSE, id, n), -1);
    s.authSelfId = id;
    if (s.authSelfState != AUTH_STATE_DONE) {
      s.authSelfState = AUTH_STATE_WAITING;
      s.authSelfDeadline = s.now + WAIT_MS;
    }
  } else if (code == CHAP_RESPONSE && s.authPeerProtocol == PROTOCOL_CHAP) {
    if (id != s.authPeerId || !chapValueParse(v, packet + PACKET_DATA, length - PACKET_HEADER_BYTES)) {
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
    const verdict = authCheckChap(v.name, <i32>v.nameLen, id, s.challenge, CHALLENGE_BYTES, v.value, <i32>v.valueLen);
    if (verdict == AuthVerdict.Pending) {
      s.authPeerState = AUTH_STATE_PENDING;
      s.authPeerDeadline = s.now + HOST_WAIT_MS;
      // Host data: id ‖ challenge ‖ response.
      const data = s.reply;
      store<u8>(data, <u8>id);
      memory.copy(data + 1, s.challenge, CHALLENGE_BYTES);
      const rn = v.valueLen < 64 ? v.valueLen : 64;
      memory.copy(data + 1 + CHALLENGE_BYTES, v.value, rn);
      s.authToken = authTokenNext();
      s.owner.authRequested(s, PROTOCOL_CHAP, s.authToken, v.name, <i32>v.nameLen, data, 1 + CHALLENGE_BYTES + <i32>rn);
      return;
    }
    chapVerdictSend(s, id, verdict == AuthVerdict.Accept);
    if (verdict == AuthVerdict.Accept) authSucceed(s, AUTH_DIRECTION_PEER, PROTOCOL_CHAP);
    else authFail(s, AUTH_DIRECTION_PEER, PROTOCOL_CHAP);
  } else if ((code == CHAP_SUCCESS || code == CHAP_FAILURE) && s.authSelfProtocol == PROTOCOL_CHAP) {
    if (s.authSelfState != AUTH_STATE_WAITING || id != s.authSelfId) {
      s.discarded++;
      return;
    }
    if (code == CHAP_SUCCESS) authSucceed(s, AUTH_DIRECTION_SELF, PROTOCOL_CHAP);
    else authFail(s, AUTH_DIRECTION_SELF, PROTOCOL_CHAP);
  } else {
    s.discarded++;
  }
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
