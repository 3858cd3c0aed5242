// The one question authentication asks: is this peer who it says it is? Answered from the
// local users (users/directory.ts, the same table EXEC logins use). In host mode the answer
// is Pending and arrives later (authResult ABI), so an AAA server can sit behind the same
// interface.

import { Md5, md5Init, md5Update, md5Final, MD5_CONTEXT_BYTES } from "../crypto/md5";
import { mschapV1NtResponse, mschapV2NtResponse, mschapV2AuthenticatorResponse, MSCHAP_NT_RESPONSE_BYTES } from "../crypto/mschap";
import { bytesEqual } from "../wire/bytes";
import { CHAP_MD5_VALUE_BYTES } from "../wire/chap";
import {
  CHAP_MSCHAP_V2, MSCHAP_RESPONSE_BYTES, MSCHAP_V1_NT_AT, MSCHAP_V2_NT_AT, MSCHAP_V2_PEER_CHALLENGE_AT, MSCHAP_FLAGS_AT, MSCHAP_V1_USE_NT,
} from "../wire/mschap";
import {
  directoryAdd, directoryFind, directoryRemoteFind, directorySecretIs, directorySecretLen, directorySecretPtr, DIRECTORY_TOO_LONG,
} from "../users/directory";

export const enum AuthVerdict {
  Reject = 0,
  Accept = 1,
  /** The host was asked (AuthRequest event); authResult() brings the answer. */
  Pending = 2,
}

export const enum AuthMode {
  /** Local table only. */
  Local = 0,
  /** Local table; users not in it are asked of the host. */
  LocalThenHost = 1,
  /** Every check is asked of the host. */
  Host = 2,
}

// @ts-ignore: decorator
@lazy const md5Context: usize = memory.data(MD5_CONTEXT_BYTES, 8);
// @ts-ignore: decorator
@lazy const digest: usize = memory.data(CHAP_MD5_VALUE_BYTES, 8);
// @ts-ignore: decorator
@lazy const ntResponse: usize = memory.data(MSCHAP_NT_RESPONSE_BYTES, 8);

let mode: AuthMode = AuthMode.Local;
// EXEC logins have their own method list in IOS (aaa authentication login).
let loginMode: AuthMode = AuthMode.Local;

/** Back to the local table only; the users themselves are reset with the directory. */
export function authReset(): void {
  mode = AuthMode.Local;
  loginMode = AuthMode.Local;
}

function modeOf(m: i32): AuthMode {
  return m == 1 ? AuthMode.LocalThenHost : m == 2 ? AuthMode.Host : AuthMode.Local;
}

export function authModeSet(m: i32): void {
  mode = modeOf(m);
}

export function authLoginModeSet(m: i32): void {
  loginMode = modeOf(m);
}

/** Whether an EXEC login of this name is asked of the host rather than the local table. */
export function authLoginAsksHost(name: usize, nameLen: u32): bool {
  if (loginMode == AuthMode.Host) return true;
  return loginMode == AuthMode.LocalThenHost && directoryFind(name, nameLen) < 0;
}

/** Adds (or replaces) a local user; returns its index, DIRECTORY_FULL or DIRECTORY_TOO_LONG. */
export function authUserAdd(name: usize, nameLen: i32, secret: usize, secretLen: i32, flags: u32): i32 {
  if (nameLen < 0 || secretLen < 0) return DIRECTORY_TOO_LONG;
  return directoryAdd(name, <u32>nameLen, secret, <u32>secretLen, flags);
}

function notFound(): AuthVerdict {
  return mode == AuthMode.Local ? AuthVerdict.Reject : AuthVerdict.Pending;
}

/** PAP (RFC 1334): the password must equal the user's secret. */
export function authCheckPap(name: usize, nameLen: i32, password: usize, passwordLen: i32): AuthVerdict {
  if (mode == AuthMode.Host) return AuthVerdict.Pending;
  const user = directoryFind(name, <u32>nameLen);
  if (user < 0) return notFound();
  return directorySecretIs(user, password, <u32>passwordLen) ? AuthVerdict.Accept : AuthVerdict.Reject;
}

/** CHAP-MD5 (RFC 1994 §2): response must equal MD5(id ‖ secret ‖ challenge). */
export function authCheckChap(name: usize, nameLen: i32, id: u32, challenge: usize, challengeLen: i32, response: usize, responseLen: i32): AuthVerdict {
  if (mode == AuthMode.Host) return AuthVerdict.Pending;
  const user = directoryFind(name, <u32>nameLen);
  if (user < 0) return notFound();
  if (responseLen != <i32>CHAP_MD5_VALUE_BYTES) return AuthVerdict.Reject;
  chapDigest(id, directorySecretPtr(user), <i32>directorySecretLen(user), challenge, challengeLen, digest);
  return bytesEqual(digest, response, CHAP_MD5_VALUE_BYTES) ? AuthVerdict.Accept : AuthVerdict.Reject;
}

/**
 * MS-CHAP (RFC 2433 §A.2) or MS-CHAPv2 (RFC 2759 §8.1): the 49-octet `response` must carry
 * the NT-Response the user's secret gives for `challenge` (8 or 16 octets). A v1 response
 * that asks for the LAN Manager hash only is refused. On acceptance of v2, the 20-octet
 * authenticator response for the Success packet goes to `authResponse` (RFC 2759 §8.7).
 */
export function authCheckMschap(name: usize, nameLen: i32, algorithm: u32, challenge: usize, response: usize, responseLen: i32,
  authResponse: usize): AuthVerdict {
  if (mode == AuthMode.Host) return AuthVerdict.Pending;
  const user = directoryFind(name, <u32>nameLen);
  if (user < 0) return notFound();
  if (responseLen != <i32>MSCHAP_RESPONSE_BYTES) return AuthVerdict.Reject;
  const secret = directorySecretPtr(user);
  const secretLen = <i32>directorySecretLen(user);
  let accepted = false;
  if (algorithm == CHAP_MSCHAP_V2) {
    const peerChallenge = response + MSCHAP_V2_PEER_CHALLENGE_AT;
    mschapV2NtResponse(challenge, peerChallenge, name, nameLen, secret, secretLen, ntResponse);
    accepted = bytesEqual(ntResponse, response + MSCHAP_V2_NT_AT, <u32>MSCHAP_NT_RESPONSE_BYTES);
    if (accepted) mschapV2AuthenticatorResponse(secret, secretLen, ntResponse, peerChallenge, challenge, name, nameLen, authResponse);
  } else if (<u32>load<u8>(response + MSCHAP_FLAGS_AT) == MSCHAP_V1_USE_NT) {
    mschapV1NtResponse(challenge, secret, secretLen, ntResponse);
    accepted = bytesEqual(ntResponse, response + MSCHAP_V1_NT_AT, <u32>MSCHAP_NT_RESPONSE_BYTES);
  }
  memory.fill(ntResponse, 0, <usize>MSCHAP_NT_RESPONSE_BYTES);
  return accepted ? AuthVerdict.Accept : AuthVerdict.Reject;
}

/**
 * The directory entry of the user a check just accepted: the local one, or in host modes
 * the AAA server's answer (recorded by the host before its authResult), or -1.
 */
export function authAcceptedUser(name: usize, nameLen: u32, login: bool = false): i32 {
  const m = login ? loginMode : mode;
  if (m == AuthMode.Host) return directoryRemoteFind(name, nameLen);
  const local = directoryFind(name, nameLen);
  return local >= 0 || m == AuthMode.Local ? local : directoryRemoteFind(name, nameLen);
}

/** MD5(id ‖ secret ‖ challenge) into `out` (16 octets): the CHAP-MD5 response value. */
export function chapDigest(id: u32, secret: usize, secretLen: i32, challenge: usize, challengeLen: i32, out: usize): void {
  const ctx = changetype<Md5>(md5Context);
  store<u8>(out, <u8>id);
  md5Init(ctx);
  md5Update(ctx, out, 1);
  md5Update(ctx, secret, secretLen);
  md5Update(ctx, challenge, challengeLen);
  md5Final(ctx, out);
}
