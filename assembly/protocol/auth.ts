// The one question authentication asks: is this peer who it says it is? Answered from the
// local users (users/directory.ts, the same table EXEC logins use). In host mode the answer
// is Pending and arrives later (authResult ABI), so an AAA server can sit behind the same
// interface.

import { Md5, md5Init, md5Update, md5Final, MD5_CONTEXT_BYTES } from "../crypto/md5";
import { bytesEqual } from "../wire/bytes";
import { CHAP_MD5_VALUE_BYTES } from "../wire/chap";
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
