// The server's side of an ARAP session (the access server answering a call): SRVRVERSION goes
// out at link up (arap-session.ts); here the client's version is taken, the DES challenge
// sent and the client's response judged (arap-auth.ts, or the host asks its AAA server), a
// wrong one challenged again up to ARAP_TRIES; then the feature flags and either the callback
// notice or the start information and zone list (RFC 2869 §2.2).

import { entropyFill } from "../crypto/entropy";
import {
  ArapControl, ArapCode, ArapCloseReason, arapVersionLow, arapBlockPut, arapAuthRequestParse, arapAuthResponsePut, arapAuthAgainPut,
  arapStartInfoPut, arapZoneListPut, ARAP_BLOCK_BYTES, ARAP_ZONE_MAX, ARAP_FEATURES_BYTES, ARAP_AUTH_ACCEPTED, ARAP_AUTH_REFUSED,
} from "../wire/arap-message";
import { AuthVerdict } from "./auth";
import { authTokenNext } from "./auth-token";
import { arapCheck } from "./arap-auth";
import {
  ArapSession, ArapState, ArapNext, ARAP_OUR_LOWEST, ARAP_OUR_HIGHEST, ARAP_TRIES, ARAP_REPLY_WAIT_MS, ARAP_AAA_WAIT_MS, BLOCK_CN, BLOCK_CC,
  BLOCK_RC, BLOCK_RS, PEER_NAME, PEER_NUMBER, arapSessionBytes,
} from "./arap-session-state";
import { arapControlBody, arapControlSend, arapControlClose, arapControlBad } from "./arap-control";

/** A control message from the client (not an Ack, Tickle or Close): the next step of the exchange. */
export function arapServerIn(s: ArapSession, c: ArapControl, now: f64): void {
  switch (s.state) {
    case ArapState.Version:
      if (c.code != ArapCode.ClientVersion) return arapControlBad(s, now);
      versionChosen(s, c, now);
      return;
    case ArapState.Auth:
      if (c.code != ArapCode.AuthRequest) return arapControlBad(s, now);
      requestIn(s, c, now);
      return;
    case ArapState.Open:
      return; // nothing else is asked of an open session
  }
  arapControlBad(s, now); // a message out of turn
}

function challenge(s: ArapSession, again: bool, now: f64): void {
  entropyFill(arapSessionBytes(s, BLOCK_CN), <i32>ARAP_BLOCK_BYTES);
  s.state = ArapState.Auth;
  s.deadline = now + ARAP_REPLY_WAIT_MS;
  if (again) {
    const body = arapControlBody(s, ArapCode.AuthAgain);
    arapControlSend(s, ArapCode.AuthAgain, arapAuthAgainPut(body, ARAP_TRIES - s.tries, arapSessionBytes(s, BLOCK_CN)), now);
    return;
  }
  const body = arapControlBody(s, ArapCode.AuthChallenge);
  arapControlSend(s, ArapCode.AuthChallenge, arapBlockPut(body, arapSessionBytes(s, BLOCK_CN)), now);
}

function versionChosen(s: ArapSession, c: ArapControl, now: f64): void {
  const v = arapVersionLow(c.body, c.bodyLen);
  if (v < <i32>ARAP_OUR_LOWEST || v > <i32>ARAP_OUR_HIGHEST) {
    arapControlClose(s, ArapCloseReason.Version, now);
    return;
  }
  s.version = <u32>v;
  challenge(s, false, now);
}

function requestIn(s: ArapSession, c: ArapControl, now: f64): void {
  const r = s.request;
  if (!arapAuthRequestParse(c.body, c.bodyLen, r)) return arapControlBad(s, now);
  memory.copy(arapSessionBytes(s, PEER_NAME), r.name, r.nameLen);
  s.peerNameLen = r.nameLen;
  memory.copy(arapSessionBytes(s, PEER_NUMBER), r.number, r.numberLen);
  s.peerNumberLen = r.numberLen;
  memory.copy(arapSessionBytes(s, BLOCK_CC), r.cc, ARAP_BLOCK_BYTES);
  memory.copy(arapSessionBytes(s, BLOCK_RC), r.rc, ARAP_BLOCK_BYTES);
  const verdict = arapCheck(
    arapSessionBytes(s, PEER_NAME), r.nameLen, arapSessionBytes(s, BLOCK_CN), arapSessionBytes(s, BLOCK_RC), arapSessionBytes(s, BLOCK_CC), s.keyLayout,
    arapSessionBytes(s, BLOCK_RS),
  );
  if (verdict == AuthVerdict.Pending) {
    s.state = ArapState.AuthWait;
    s.deadline = now + ARAP_AAA_WAIT_MS;
    s.token = authTokenNext();
    // Cn ‖ Cc ‖ Rc, as RADIUS carries them (RFC 2869: Request Authenticator, ARAP-Password).
    s.owner.authRequested(s, s.token, arapSessionBytes(s, PEER_NAME), r.nameLen, arapSessionBytes(s, BLOCK_CN), 3 * ARAP_BLOCK_BYTES);
    return;
  }
  arapServerJudged(s, verdict == AuthVerdict.Accept, now);
}

/** The verdict on the client's response (Rs is in place when accepted). */
export function arapServerJudged(s: ArapSession, ok: bool, now: f64): void {
  s.token = 0;
  if (!ok) {
    s.tries++;
    s.owner.authFailed(s, arapSessionBytes(s, PEER_NAME), s.peerNameLen, s.tries);
    if (s.state != ArapState.Auth && s.state != ArapState.AuthWait) return;
    if (s.tries < ARAP_TRIES) {
      challenge(s, true, now);
      return;
    }
    const body = arapControlBody(s, ArapCode.AuthResponse);
    arapControlSend(s, ArapCode.AuthResponse, arapAuthResponsePut(body, ARAP_AUTH_REFUSED, 0), now);
    arapControlClose(s, ArapCloseReason.AuthFailed, now);
    return;
  }
  const body = arapControlBody(s, ArapCode.AuthResponse);
  arapControlSend(s, ArapCode.AuthResponse, arapAuthResponsePut(body, ARAP_AUTH_ACCEPTED, arapSessionBytes(s, BLOCK_RS)), now);
  memory.fill(arapSessionBytes(s, 0), 0, PEER_NAME); // challenges and responses are spent
  if (s.state == ArapState.Closing || s.state == ArapState.Closed) return;
  const next = s.owner.authSucceeded(s, arapSessionBytes(s, PEER_NAME), s.peerNameLen, arapSessionBytes(s, PEER_NUMBER), s.peerNumberLen);
  if (s.state == ArapState.Closing || s.state == ArapState.Closed) return;
  if (next == ArapNext.Refuse) {
    arapControlClose(s, ArapCloseReason.WrongUser, now);
    return;
  }
  sendFeatures(s, now);
  if (next == ArapNext.Callback) {
    const notice = arapControlBody(s, ArapCode.Callback);
    store<u8>(notice, 0); // the wait in seconds, 0: not said (the forced wait is the outgoing line's)
    store<u8>(notice, 0, 1);
    arapControlSend(s, ArapCode.Callback, notice + 2, now);
    arapControlClose(s, ArapCloseReason.Callback, now);
    return;
  }
  startup(s, now);
}

// RFC 2869 ARAP-Features: no password change, no minimum length, no dates (the core keeps no calendar).
function sendFeatures(s: ArapSession, now: f64): void {
  const body = arapControlBody(s, ArapCode.Features);
  memory.fill(body, 0, ARAP_FEATURES_BYTES);
  arapControlSend(s, ArapCode.Features, body + ARAP_FEATURES_BYTES, now);
}

function startup(s: ArapSession, now: f64): void {
  let body = arapControlBody(s, ArapCode.StartInfo);
  arapControlSend(s, ArapCode.StartInfo, arapStartInfoPut(body, s.network, s.node, s.zone, s.zoneLen, s.serverName, s.serverNameLen, 0), now);
  body = arapControlBody(s, ArapCode.ZoneList);
  arapControlSend(s, ArapCode.ZoneList, arapZoneListPut(body, s.zoneLen > 0 ? 1 : 0, s.zone, s.zoneLen), now);
  if (s.state == ArapState.Closing || s.state == ArapState.Closed) return;
  s.state = ArapState.Open;
  s.deadline = -1;
  s.owner.opened(s);
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

/** The host's answer to the question `token` (Rs: 8 octets, needed with `ok`); false when that question is not waiting. */
export function arapSessionAuthResult(s: ArapSession, ok: bool, token: u32, rs: usize, now: f64): bool {
  if (s.state != ArapState.AuthWait || token == 0 || token != s.token) return false;
  if (ok) memory.copy(arapSessionBytes(s, BLOCK_RS), rs, ARAP_BLOCK_BYTES);
  arapServerJudged(s, ok && rs != 0, now);
  return true;
}

/** The server's Cn of the question in hand (tests and traces; 8 octets). */
export function arapSessionChallenge(s: ArapSession): usize {
  return arapSessionBytes(s, BLOCK_CN);
}
