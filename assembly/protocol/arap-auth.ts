// ARAP's two-way DES authentication (RFC 2869 §2.2): the server proves the client with
// Rc = DES(K, Cn), the client proves the server with Rs = DES(K, Cc). K is the password,
// NUL-padded to 8 octets. A longer password gives its first 8 octets, as the ARA client's
// 8-character password field and other DES password schemes (Unix crypt) do; the chapter's
// own example user has a 9-octet password (RFC 2869's RADIUS server refuses such passwords
// instead, and a RADIUS server still decides for its users). How the octets become the 56
// key bits is not settled by a public source: as they are (DES ignores each octet's low bit)
// or each shifted left by one (as netatalk's randnum module builds its key). `arap
// key-layout as-is | shifted` chooses (a dialback extension).
// Answered from the local users; in the host modes the AAA server is asked instead, as for
// PAP and CHAP (`aaa authentication arap`).

import { desSchedule, desEncrypt, DES_SCHEDULE_BYTES } from "../crypto/des";
import { bytesEqual } from "../wire/bytes";
import { ARAP_BLOCK_BYTES } from "../wire/arap-message";
import { directoryFind, directoryRemoteFind, directorySecretLen, directorySecretPtr } from "../users/directory";
import { AuthMode, AuthVerdict } from "./auth";

/** How the password's octets are laid into the DES key. */
export const enum ArapKeyLayout {
  AsIs = 0,
  Shifted = 1,
}

/** Octets of the password that make the key (a DES key's 8). */
export const ARAP_KEY_OCTETS: u32 = 8;

// @ts-ignore: decorator
@lazy const schedule: usize = memory.data(DES_SCHEDULE_BYTES, 8);
// @ts-ignore: decorator
@lazy const key: usize = memory.data(8, 8);
// @ts-ignore: decorator
@lazy const expected: usize = memory.data(8, 8);

let mode: AuthMode = AuthMode.Local;

/** `aaa authentication arap`: 0 local table only, 1 local then the host, 2 the host only. */
export function arapAuthModeSet(m: i32): void {
  mode = m == 1 ? AuthMode.LocalThenHost : m == 2 ? AuthMode.Host : AuthMode.Local;
}

export function arapAuthMode(): AuthMode {
  return mode;
}

/** The key for `password` laid out as `layout` into `out` (8 octets: the first 8 of the password, NUL-padded); false for no password. */
export function arapKeyFrom(password: usize, len: u32, layout: ArapKeyLayout, out: usize): bool {
  memory.fill(out, 0, 8);
  if (len == 0) return false; // an empty secret proves nothing
  const n = len < ARAP_KEY_OCTETS ? len : ARAP_KEY_OCTETS;
  for (let i: u32 = 0; i < n; i++) {
    const b = <u32>load<u8>(password + i);
    store<u8>(out + i, <u8>(layout == ArapKeyLayout.Shifted ? b << 1 : b));
  }
  return true;
}

/** `out` = DES-ECB(key, block), 8 octets each. */
export function arapDes(keyBlock: usize, block: usize, out: usize): void {
  desSchedule(keyBlock, schedule);
  desEncrypt(schedule, block, out);
  memory.fill(schedule, 0, DES_SCHEDULE_BYTES); // the round keys are the password's
}

/** `out` = DES(K(password), block): the response to `block` by whoever knows `password`; false when it cannot be a key. */
export function arapResponse(password: usize, len: u32, layout: ArapKeyLayout, block: usize, out: usize): bool {
  if (!arapKeyFrom(password, len, layout, key)) return false;
  arapDes(key, block, out);
  memory.fill(key, 0, 8);
  return true;
}

/**
 * The server's check of a client's AuthRequest: Rc must be DES(K, Cn) for the user's secret;
 * then `rs` gets DES(K, Cc). Pending when the host (an AAA server) must answer instead.
 */
export function arapCheck(name: usize, nameLen: u32, cn: usize, rc: usize, cc: usize, layout: ArapKeyLayout, rs: usize): AuthVerdict {
  if (mode == AuthMode.Host) return AuthVerdict.Pending;
  const user = directoryFind(name, nameLen);
  if (user < 0) return mode == AuthMode.Local ? AuthVerdict.Reject : AuthVerdict.Pending;
  const secret = directorySecretPtr(user);
  const secretLen = directorySecretLen(user);
  if (!arapResponse(secret, secretLen, layout, cn, expected)) return AuthVerdict.Reject;
  const ok = bytesEqual(expected, rc, ARAP_BLOCK_BYTES);
  memory.fill(expected, 0, 8);
  if (!ok) return AuthVerdict.Reject;
  arapResponse(secret, secretLen, layout, cc, rs);
  return AuthVerdict.Accept;
}

/** The directory entry of the user a check accepted: local, or in the host modes the AAA server's answer; -1 none. */
export function arapAcceptedUser(name: usize, nameLen: u32): i32 {
  if (mode == AuthMode.Host) return directoryRemoteFind(name, nameLen);
  const local = directoryFind(name, nameLen);
  return local >= 0 || mode == AuthMode.Local ? local : directoryRemoteFind(name, nameLen);
}
