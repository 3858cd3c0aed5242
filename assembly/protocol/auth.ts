// The one question authentication asks: is this peer who it says it is? Answered from a
// small fixed table of local users for now (authUserAdd); the configuration image replaces
// the table later. In host mode the answer is Pending and arrives later (authResult ABI),
// so an AAA server can sit behind the same interface.

import { Md5, md5Init, md5Update, md5Final, MD5_CONTEXT_BYTES } from "../crypto/md5";
import { bytesEqual } from "../wire/bytes";

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

export const AUTH_USERS: i32 = 32;
export const AUTH_TEXT_BYTES: i32 = 32;
export const AUTH_FULL: i32 = -1;
export const AUTH_TOO_LONG: i32 = -2;

//  User slot (72 bytes): nameLen u8, secretLen u8, used u8, pad, flags u32, name[32], secret[32]
// @ts-ignore: decorator
@inline const SLOT_BYTES: usize = 72;
// @ts-ignore: decorator
@lazy const users: usize = memory.data(<i32>SLOT_BYTES * AUTH_USERS, 8);
// @ts-ignore: decorator
@lazy const md5Context: usize = memory.data(MD5_CONTEXT_BYTES, 8);
// @ts-ignore: decorator
@lazy const digest: usize = memory.data(16, 8);

let mode: AuthMode = AuthMode.Local;

export function authReset(): void {
  memory.fill(users, 0, SLOT_BYTES * <usize>AUTH_USERS);
  mode = AuthMode.Local;
}

export function authModeSet(m: i32): void {
  mode = m == 1 ? AuthMode.LocalThenHost : m == 2 ? AuthMode.Host : AuthMode.Local;
}

/** Adds (or replaces) a local user; returns its slot, AUTH_FULL or AUTH_TOO_LONG. */
export function authUserAdd(name: usize, nameLen: i32, secret: usize, secretLen: i32, flags: u32): i32 {
  if (nameLen < 0 || nameLen > AUTH_TEXT_BYTES || secretLen < 0 || secretLen > AUTH_TEXT_BYTES) return AUTH_TOO_LONG;
  let slot = userFind(name, nameLen);
  if (slot < 0) {
    for (let i = 0; i < AUTH_USERS; i++) {
      if (load<u8>(users + <usize>i * SLOT_BYTES, 2) == 0) {
        slot = i;
        break;
      }
    }
  }
  if (slot < 0) return AUTH_FULL;
  const at = users + <usize>slot * SLOT_BYTES;
  store<u8>(at, <u8>nameLen);
  store<u8>(at, <u8>secretLen, 1);
  store<u8>(at, 1, 2);
  store<u32>(at, flags, 4);
  memory.copy(at + 8, name, nameLen);
  memory.copy(at + 40, secret, secretLen);
  return slot;
}

function userFind(name: usize, nameLen: i32): i32 {
  for (let i = 0; i < AUTH_USERS; i++) {
    const at = users + <usize>i * SLOT_BYTES;
    if (load<u8>(at, 2) != 0 && <i32>load<u8>(at) == nameLen && bytesEqual(at + 8, name, <u32>nameLen)) return i;
  }
  return -1;
}

function notFound(): AuthVerdict {
  return mode == AuthMode.Local ? AuthVerdict.Reject : AuthVerdict.Pending;
}

/** PAP (RFC 1334): the password must equal the user's secret. */
export function authCheckPap(name: usize, nameLen: i32, password: usize, passwordLen: i32): AuthVerdict {
  if (mode == AuthMode.Host) return AuthVerdict.Pending;
  const slot = userFind(name, nameLen);
  if (slot < 0) return notFound();
  const at = users + <usize>slot * SLOT_BYTES;
  const secretLen = <i32>load<u8>(at, 1);
  return secretLen == passwordLen && bytesEqual(at + 40, password, <u32>secretLen) ? AuthVerdict.Accept : AuthVerdict.Reject;
}

/** CHAP-MD5 (RFC 1994 §2): response must equal MD5(id ‖ secret ‖ challenge). */
export function authCheckChap(name: usize, nameLen: i32, id: u32, challenge: usize, challengeLen: i32, response: usize, responseLen: i32): AuthVerdict {
  if (mode == AuthMode.Host) return AuthVerdict.Pending;
  const slot = userFind(name, nameLen);
  if (slot < 0) return notFound();
  if (responseLen != 16) return AuthVerdict.Reject;
  const at = users + <usize>slot * SLOT_BYTES;
  chapDigest(id, at + 40, <i32>load<u8>(at, 1), challenge, challengeLen, digest);
  return bytesEqual(digest, response, 16) ? AuthVerdict.Accept : AuthVerdict.Reject;
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
