// The client's side of an ARAP session (the simulator's Macintosh placing a call): it answers
// SRVRVERSION with the version it chose, proves its password against the server's challenge
// and challenges the server in turn (RFC 2869 §2.2: both directions), then takes the feature
// flags, a callback notice or the start information and zone list.

import { entropyFill } from "../crypto/entropy";
import { bytesEqual } from "../wire/bytes";
import {
  ArapControl, ArapCode, ArapCloseReason, arapVersionsPut, arapVersionLow, arapVersionHigh, arapAuthRequestPut, arapStartInfoParse,
  arapZoneListCount, ARAP_BLOCK_BYTES, ARAP_NAME_MAX, ARAP_NUMBER_MAX, ARAP_FEATURES_BYTES, ARAP_AUTH_ACCEPTED,
} from "../wire/arap-message";
import { ArapKeyLayout, arapResponse } from "./arap-auth";
import {
  ArapSession, ArapState, ARAP_OUR_LOWEST, ARAP_OUR_HIGHEST, ARAP_REPLY_WAIT_MS, ARAP_AAA_WAIT_MS, BLOCK_CC, BLOCK_RC, BLOCK_RS, PEER_NAME,
  arapSessionBytes,
} from "./arap-session-state";
import { arapTraceNote } from "./arap-trace";
import { arapControlBody, arapControlSend, arapControlClose, arapControlBad } from "./arap-control";

/** Client: who we are (name ≤ 31, secret ≤ 64, number ≤ 32 octets); false when a field is too long or the name empty. */
export function arapSessionClientCredentials(s: ArapSession, name: usize, nameLen: u32, secret: usize, secretLen: u32, number: usize, numberLen: u32): bool {
  if (nameLen == 0 || nameLen > ARAP_NAME_MAX || secretLen > 64 || numberLen > ARAP_NUMBER_MAX) return false;
  memory.copy(s.name, name, nameLen);
  s.nameLen = nameLen;
  memory.fill(s.secret, 0, 64);
  memory.copy(s.secret, secret, secretLen);
  s.secretLen = secretLen;
  memory.copy(s.number, number, numberLen);
  s.numberLen = numberLen;
  return true;
}

/** A control message from the server (not an Ack, Tickle or Close): the next step of the exchange. */
export function arapClientIn(s: ArapSession, c: ArapControl, now: f64): void {
  switch (c.code) {
    case ArapCode.SrvrVersion:
      if (s.state != ArapState.Version) return arapControlBad(s, now);
      serverVersions(s, c, now);
      return;
    case ArapCode.AuthChallenge:
    case ArapCode.AuthAgain:
      if (s.state != ArapState.Auth) return arapControlBad(s, now);
      challenged(s, c, now);
      return;
    case ArapCode.AuthResponse:
      if (s.state != ArapState.Auth) return arapControlBad(s, now);
      responded(s, c, now);
      return;
    case ArapCode.Features:
      if (s.state != ArapState.Startup || c.bodyLen != ARAP_FEATURES_BYTES) return arapControlBad(s, now);
      return;
    case ArapCode.Callback:
      if (s.state != ArapState.Startup || c.bodyLen < 2) return arapControlBad(s, now);
      s.callbackNotice = 1;
      s.callbackWait = (<u32>load<u8>(c.body) << 8) | <u32>load<u8>(c.body, 1);
      s.owner.callbackNoticed(s, s.callbackWait);
      return;
    case ArapCode.StartInfo:
      if (s.state != ArapState.Startup || !arapStartInfoParse(c.body, c.bodyLen, s.start)) return arapControlBad(s, now);
      s.peerNetwork = s.start.network;
      s.peerNode = s.start.node;
      return;
    case ArapCode.ZoneList: {
      const n = arapZoneListCount(c.body, c.bodyLen);
      if (s.state != ArapState.Startup || n < 0) return arapControlBad(s, now);
      s.zonesSeen += <u32>n;
      s.state = ArapState.Open;
      s.deadline = -1;
      s.owner.opened(s);
      return;
    }
  }
  arapControlBad(s, now);
}

function serverVersions(s: ArapSession, c: ArapControl, now: f64): void {
  const low = arapVersionLow(c.body, c.bodyLen);
  const high = arapVersionHigh(c.body, c.bodyLen);
  const best = high < <i32>ARAP_OUR_HIGHEST ? high : <i32>ARAP_OUR_HIGHEST;
  if (low < 0 || high < low || best < <i32>ARAP_OUR_LOWEST || best < low) {
    arapControlClose(s, ArapCloseReason.Version, now);
    return;
  }
  s.version = <u32>best;
  const body = arapControlBody(s, ArapCode.ClientVersion);
  arapControlSend(s, ArapCode.ClientVersion, arapVersionsPut(body, s.version, 0, false), now);
  s.state = ArapState.Auth;
  s.deadline = now + ARAP_REPLY_WAIT_MS;
}

function challenged(s: ArapSession, c: ArapControl, now: f64): void {
  const cnAt = c.code == ArapCode.AuthAgain ? c.body + 1 : c.body;
  const want = c.code == ArapCode.AuthAgain ? ARAP_BLOCK_BYTES + 1 : ARAP_BLOCK_BYTES;
  if (c.bodyLen != want) return arapControlBad(s, now);
  if (c.code == ArapCode.AuthAgain) s.owner.authFailed(s, s.name, s.nameLen, ++s.tries);
  const layout = <ArapKeyLayout>s.keyLayout;
  // Rc = DES(K, Cn); our own Cc and the Rs it must bring back.
  if (!arapResponse(s.secret, s.secretLen, layout, cnAt, arapSessionBytes(s, BLOCK_RC))) {
    arapControlClose(s, ArapCloseReason.AuthFailed, now); // no password: nothing to prove
    return;
  }
  entropyFill(arapSessionBytes(s, BLOCK_CC), <i32>ARAP_BLOCK_BYTES);
  arapResponse(s.secret, s.secretLen, layout, arapSessionBytes(s, BLOCK_CC), arapSessionBytes(s, BLOCK_RS));
  const body = arapControlBody(s, ArapCode.AuthRequest);
  const end = arapAuthRequestPut(body, s.name, s.nameLen, arapSessionBytes(s, BLOCK_RC), arapSessionBytes(s, BLOCK_CC), s.number, s.numberLen);
  arapControlSend(s, ArapCode.AuthRequest, end, now);
  s.deadline = now + ARAP_AAA_WAIT_MS + ARAP_REPLY_WAIT_MS; // the server may be asking an AAA server
}

function responded(s: ArapSession, c: ArapControl, now: f64): void {
  if (c.bodyLen != 1 + ARAP_BLOCK_BYTES) return arapControlBad(s, now);
  if (<u32>load<u8>(c.body) != ARAP_AUTH_ACCEPTED) {
    s.owner.authFailed(s, s.name, s.nameLen, ++s.tries); // the server closes next
    return;
  }
  // The server must know our password too: its Rs is DES(K, Cc).
  if (!bytesEqual(c.body + 1, arapSessionBytes(s, BLOCK_RS), ARAP_BLOCK_BYTES)) {
    arapTraceNote(s, "the server's response is wrong: it does not know the password");
    arapControlClose(s, ArapCloseReason.ServerNotAuthentic, now);
    return;
  }
  memory.fill(arapSessionBytes(s, 0), 0, PEER_NAME);
  s.state = ArapState.Startup;
  s.deadline = now + ARAP_REPLY_WAIT_MS;
  s.owner.authSucceeded(s, s.name, s.nameLen, s.number, 0);
}

/** Client: the zone count and start information seen. */
export function arapSessionZonesSeen(s: ArapSession): u32 {
  return s.zonesSeen;
}
