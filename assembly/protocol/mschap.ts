// MS-CHAP on a session (RFC 2433, RFC 2759): what the one authenticated answers to a
// challenge, how it checks the authenticator's Success (v2 proves the authenticator knows the
// password too), and the Success and Failure texts the authenticator sends.

import { entropyFill } from "../crypto/entropy";
import {
  mschapV1NtResponse, mschapV2NtResponse, mschapV2AuthenticatorResponse, MSCHAP_V1_CHALLENGE_BYTES, MSCHAP_V2_CHALLENGE_BYTES,
  MSCHAP_AUTHENTICATOR_RESPONSE_BYTES,
} from "../crypto/mschap";
import { bytesEqual } from "../wire/bytes";
import {
  CHAP_MSCHAP_V1, CHAP_MSCHAP_V2, MSCHAP_RESPONSE_BYTES, MSCHAP_V1_NT_AT, MSCHAP_V2_NT_AT, MSCHAP_FLAGS_AT, MSCHAP_V1_USE_NT,
  mschapSuccessWrite, mschapSuccessParse, mschapFailureWrite,
} from "../wire/mschap";
import { Session, MSCHAP_SENT_AT, MSCHAP_EXPECTED_AT } from "./session-state";
import { asciiCopy } from "./text";

// @ts-ignore: decorator
@lazy const received: usize = memory.data(MSCHAP_AUTHENTICATOR_RESPONSE_BYTES, 8);
// @ts-ignore: decorator
@lazy const message: usize = memory.data(32, 8);

/** Whether a CHAP algorithm is one of the two MS-CHAP versions. */
export function mschapIs(algorithm: u32): bool {
  return algorithm == CHAP_MSCHAP_V1 || algorithm == CHAP_MSCHAP_V2;
}

/** The challenge an authenticator sends: 8 octets for v1 (RFC 2433 §3), 16 for v2 and for MD5 (ours). */
export function mschapChallengeBytes(algorithm: u32): i32 {
  return algorithm == CHAP_MSCHAP_V1 ? MSCHAP_V1_CHALLENGE_BYTES : MSCHAP_V2_CHALLENGE_BYTES;
}

/**
 * The 49-octet Response value to `challenge` (`challengeLen` must be 8 for v1, 16 for v2) at
 * `dst` for `user` and `secret`; for v2 the authenticator response we then expect is kept.
 * Returns MSCHAP_RESPONSE_BYTES, or -1 for a challenge of the wrong size.
 */
export function mschapRespond(s: Session, algorithm: u32, challenge: usize, challengeLen: i32, user: usize, userLen: i32, secret: usize,
  secretLen: i32, dst: usize): i32 {
  memory.fill(dst, 0, <usize>MSCHAP_RESPONSE_BYTES);
  if (algorithm == CHAP_MSCHAP_V1) {
    if (challengeLen != MSCHAP_V1_CHALLENGE_BYTES) return -1;
    // RFC 2433 §4: the LAN Manager response stays zero; flag 1 says use the NT one.
    mschapV1NtResponse(challenge, secret, secretLen, dst + MSCHAP_V1_NT_AT);
    store<u8>(dst + MSCHAP_FLAGS_AT, <u8>MSCHAP_V1_USE_NT);
    return <i32>MSCHAP_RESPONSE_BYTES;
  }
  if (challengeLen != MSCHAP_V2_CHALLENGE_BYTES) return -1;
  const peerChallenge = dst; // RFC 2759 §4: 16 random octets, then 8 zero, the NT-Response, flags 0
  entropyFill(peerChallenge, MSCHAP_V2_CHALLENGE_BYTES);
  mschapV2NtResponse(challenge, peerChallenge, user, userLen, secret, secretLen, dst + MSCHAP_V2_NT_AT);
  mschapV2AuthenticatorResponse(secret, secretLen, dst + MSCHAP_V2_NT_AT, peerChallenge, challenge, user, userLen, s.mschap + MSCHAP_EXPECTED_AT);
  return <i32>MSCHAP_RESPONSE_BYTES;
}

/**
 * The authenticator's Success message (`len` octets): v1 carries free text; v2 must carry the
 * authenticator response we computed (RFC 2759 §5). False for a forged or malformed one.
 */
export function mschapSuccessAccepted(s: Session, algorithm: u32, text: usize, len: i32): bool {
  if (algorithm != CHAP_MSCHAP_V2) return true;
  if (!mschapSuccessParse(text, len, received)) return false;
  return bytesEqual(received, s.mschap + MSCHAP_EXPECTED_AT, <u32>MSCHAP_AUTHENTICATOR_RESPONSE_BYTES);
}

/**
 * The authenticator's message at `dst`: Success "S=<hex> M=Welcome" for v2 (the response kept
 * in the session), "Welcome" for v1; Failure "E=<error> R=0 ..." with the challenge for v2.
 */
export function mschapVerdictWrite(s: Session, algorithm: u32, accept: bool, error: u32, dst: usize): i32 {
  const v2 = algorithm == CHAP_MSCHAP_V2;
  const n = asciiCopy(message, accept ? "Welcome" : "Authentication failure");
  if (accept) {
    if (!v2) return asciiCopy(dst, "Welcome");
    return mschapSuccessWrite(dst, s.mschap + MSCHAP_SENT_AT, message, n);
  }
  return mschapFailureWrite(dst, error, v2 ? s.challenge : 0, message, n);
}
