// The users: who may log in on a line, and whose secret PAP and CHAP check (RFC 1334,
// RFC 1994: the secret is the configured password). One table for both, so an EXEC login
// and a PPP peer are judged by the same entry. Users an AAA server accepted sit in a
// second region of the same table (no secret, never checked here), so the callback code
// reads their callback data exactly as it reads a local user's.

import { bytesEqual } from "../wire/bytes";
import { arenaTake } from "../mem/arena";

export const DIRECTORY_MAX_USERS: i32 = 64;
export const NAME_BYTES: u32 = 32;
export const SECRET_BYTES: u32 = 64;
/** directoryAdd results besides an index. */
export const DIRECTORY_FULL: i32 = -1;
export const DIRECTORY_TOO_LONG: i32 = -2;
export const DIALSTRING_BYTES: u32 = 32;
export const PATTERN_BYTES: u32 = 48;

/** User flags. */
export const USER_CALLBACK: u32 = 1 << 0; // a callback-dialstring is configured (possibly "")
export const USER_NOCALLBACK_VERIFY: u32 = 1 << 1;
export const USER_CALLBACK_LINE_AUX: u32 = 1 << 2;
/** Entry written from an AAA server's answer (callback/remote-user.ts). */
export const USER_REMOTE: u32 = 1 << 3;

/**
 * Remote region size for `lines` line machines and `records` callback records: a remote
 * user stays while a line or a callback record refers to it (at most one each), so one
 * more than both always leaves one to reuse.
 */
export function directoryRemoteFor(lines: i32, records: i32): i32 {
  return lines + records + 1;
}

//  Entry: name len u8, secret len u8, flags u16, name[32], secret[64],
//  dialstring len u8, pattern len u8, retry count u8, reserved u8, rotary u16, line first u16,
//  line last u16, retry gap seconds u16, dialstring[32], pattern[48], framed address u32.
const CALLBACK_AT: u32 = 4 + NAME_BYTES + SECRET_BYTES;
const FRAMED_AT: u32 = CALLBACK_AT + 12 + DIALSTRING_BYTES + PATTERN_BYTES;
const ENTRY_BYTES: u32 = FRAMED_AT + 4;

/** RFC 2865 §5.8 Framed-IP-Address: the user may choose its own address. */
export const FRAMED_PEER_CHOOSES: u32 = 0xffffffff;
/** RFC 2865 §5.8: the NAS chooses (its pool), as when no address is given. */
export const FRAMED_NAS_CHOOSES: u32 = 0xfffffffe;

// @ts-ignore: decorator
@lazy const entries: usize = memory.data(<i32>(ENTRY_BYTES * <u32>DIRECTORY_MAX_USERS), 4);
let count: i32 = 0;
// The remote region comes from the arena (directoryRemoteInit): entries, then the stamp
// of each (when it was last written, for reusing the oldest). 0 = none yet.
let remoteEntries: usize = 0;
let remoteCount: i32 = 0;
let remoteStamp: u32 = 0;

/** Forgets every user: init() calls this before reading the image. */
export function directoryReset(): void {
  memory.fill(entries, 0, <usize>(ENTRY_BYTES * <u32>DIRECTORY_MAX_USERS));
  count = 0;
  remoteEntries = 0;
  remoteCount = 0;
  remoteStamp = 0;
}

/** Takes a remote region of `count` users from the arena (after arenaReset and directoryReset); false when it does not fit. */
export function directoryRemoteInit(count: i32): bool {
  remoteCount = 0;
  remoteEntries = count > 0 ? arenaTake((<i32>ENTRY_BYTES + 4) * count, 4) : 0;
  if (remoteEntries == 0) return false;
  remoteCount = count;
  return true;
}

/** Users the remote region holds (0 before directoryRemoteInit). */
export function directoryRemoteCount(): i32 {
  return remoteCount;
}

function remoteEntry(k: i32): usize {
  return remoteEntries + <usize>k * ENTRY_BYTES;
}

function remoteStampAt(k: i32): usize {
  return remoteEntries + <usize>remoteCount * ENTRY_BYTES + <usize>k * 4;
}

/** Index of remote slot `k` (0 ≤ k < directoryRemoteCount()). */
export function directoryRemoteIndex(k: i32): i32 {
  return DIRECTORY_MAX_USERS + k;
}

/** Index of the remote user with this name, or -1. */
export function directoryRemoteFind(name: usize, nameLen: u32): i32 {
  if (remoteEntries == 0) return -1;
  for (let k = 0; k < remoteCount; k++) {
    const e = remoteEntry(k);
    if (nameLen != 0 && <u32>load<u8>(e) == nameLen && bytesEqual(e + 4, name, nameLen)) return DIRECTORY_MAX_USERS + k;
  }
  return -1;
}

/** Whether remote slot `k` holds no user. */
export function directoryRemoteEmpty(k: i32): bool {
  return remoteEntries != 0 && load<u8>(remoteEntry(k)) == 0;
}

/** When remote slot `k` was last written: smaller is older. */
export function directoryRemoteStamp(k: i32): u32 {
  return remoteEntries == 0 ? 0 : load<u32>(remoteStampAt(k));
}

/**
 * Writes remote slot `index` (from directoryRemoteIndex) for an accepted user: name and
 * flags, no secret, callback data cleared. Returns the index or DIRECTORY_TOO_LONG.
 */
export function directoryRemoteWrite(index: i32, name: usize, nameLen: u32, flags: u32): i32 {
  const k = index - DIRECTORY_MAX_USERS;
  if (remoteEntries == 0 || k < 0 || k >= remoteCount) return DIRECTORY_FULL;
  if (nameLen == 0 || nameLen > NAME_BYTES) return DIRECTORY_TOO_LONG;
  const e = remoteEntry(k);
  memory.fill(e, 0, ENTRY_BYTES);
  store<u8>(e, <u8>nameLen);
  store<u16>(e, <u16>((flags & ~USER_CALLBACK) | USER_REMOTE), 2);
  memory.copy(e + 4, name, nameLen);
  store<u32>(remoteStampAt(k), ++remoteStamp);
  return index;
}

/**
 * Adds a user, or replaces the one of the same name (secret and flags; its callback data
 * is cleared). Returns its index, DIRECTORY_FULL or DIRECTORY_TOO_LONG (an empty name too).
 */
export function directoryAdd(name: usize, nameLen: u32, secret: usize, secretLen: u32, flags: u32): i32 {
  if (nameLen == 0 || nameLen > NAME_BYTES || secretLen > SECRET_BYTES) return DIRECTORY_TOO_LONG;
  let index = directoryFind(name, nameLen);
  if (index < 0) {
    if (count >= DIRECTORY_MAX_USERS) return DIRECTORY_FULL;
    index = count++;
  }
  const e = entries + <usize>index * ENTRY_BYTES;
  memory.fill(e, 0, ENTRY_BYTES);
  store<u8>(e, <u8>nameLen);
  store<u8>(e, <u8>secretLen, 1);
  store<u16>(e, <u16>flags, 2);
  memory.copy(e + 4, name, nameLen);
  memory.copy(e + 4 + NAME_BYTES, secret, secretLen);
  return index;
}

/** Index of the local user with this name (case-sensitive, as IOS user names are), or -1. */
export function directoryFind(name: usize, nameLen: u32): i32 {
  for (let i = 0; i < count; i++) {
    const e = entries + <usize>i * ENTRY_BYTES;
    if (<u32>load<u8>(e) == nameLen && bytesEqual(e + 4, name, nameLen)) return i;
  }
  return -1;
}

/** Index of the user when name and password both match, else -1. */
export function directoryLogin(name: usize, nameLen: u32, password: usize, passwordLen: u32): i32 {
  const i = directoryFind(name, nameLen);
  return i >= 0 && directorySecretIs(i, password, passwordLen) ? i : -1;
}

/** Whether `len` octets at `ptr` are the user's secret. Compares every octet, so the time taken tells nothing. */
export function directorySecretIs(index: i32, ptr: usize, len: u32): bool {
  const e = entry(index);
  // A remote user has no secret here: only its AAA server may say yes.
  if (e == 0 || (<u32>load<u16>(e, 2) & USER_REMOTE) != 0) return false;
  const secretLen = <u32>load<u8>(e, 1);
  let diff: u32 = secretLen ^ len;
  const n = secretLen < len ? secretLen : len;
  for (let k: u32 = 0; k < n; k++) diff |= <u32>(load<u8>(e + 4 + NAME_BYTES + k) ^ load<u8>(ptr + k));
  return diff == 0;
}

export function directorySecretPtr(index: i32): usize {
  const e = entry(index);
  return e == 0 ? 0 : e + 4 + NAME_BYTES;
}

export function directorySecretLen(index: i32): u32 {
  const e = entry(index);
  return e == 0 ? 0 : <u32>load<u8>(e, 1);
}

export function directoryNamePtr(index: i32): usize {
  const e = entry(index);
  return e == 0 ? 0 : e + 4;
}

export function directoryNameLen(index: i32): u32 {
  const e = entry(index);
  return e == 0 ? 0 : <u32>load<u8>(e);
}

export function directoryFlags(index: i32): u32 {
  const e = entry(index);
  return e == 0 ? 0 : <u32>load<u16>(e, 2);
}

function entry(index: i32): usize {
  if (index >= DIRECTORY_MAX_USERS && index < DIRECTORY_MAX_USERS + remoteCount) {
    if (remoteEntries == 0) return 0;
    const e = remoteEntry(index - DIRECTORY_MAX_USERS);
    return load<u8>(e) == 0 ? 0 : e;
  }
  return index < 0 || index >= count ? 0 : entries + <usize>index * ENTRY_BYTES;
}

/**
 * Sets a user's callback data: dial string (may be empty: the caller gives the number),
 * rotary (0 = none), callback lines first..last (0 = none), allowed-number pattern (an IOS
 * regular expression, may be empty), retries after busy / no answer and the gap between them.
 */
export function directorySetCallback(
  index: i32, dial: usize, dialLen: u32, rotary: u32, lineFirst: u32, lineLast: u32,
  pattern: usize, patternLen: u32, retries: u32, retryGapSeconds: u32,
): bool {
  const e = entry(index);
  if (e == 0 || dialLen > DIALSTRING_BYTES || patternLen > PATTERN_BYTES || retries > 255) return false;
  const c = e + CALLBACK_AT;
  store<u8>(c, <u8>dialLen);
  store<u8>(c, <u8>patternLen, 1);
  store<u8>(c, <u8>retries, 2);
  store<u16>(c, <u16>rotary, 4);
  store<u16>(c, <u16>lineFirst, 6);
  store<u16>(c, <u16>lineLast, 8);
  store<u16>(c, <u16>retryGapSeconds, 10);
  memory.copy(c + 12, dial, dialLen);
  memory.copy(c + 12 + DIALSTRING_BYTES, pattern, patternLen);
  store<u16>(e, load<u16>(e, 2) | <u16>USER_CALLBACK, 2);
  return true;
}

export function directoryDialstringPtr(index: i32): usize {
  const e = entry(index);
  return e == 0 ? 0 : e + CALLBACK_AT + 12;
}

export function directoryDialstringLen(index: i32): u32 {
  const e = entry(index);
  return e == 0 ? 0 : <u32>load<u8>(e + CALLBACK_AT);
}

export function directoryPatternPtr(index: i32): usize {
  const e = entry(index);
  return e == 0 ? 0 : e + CALLBACK_AT + 12 + DIALSTRING_BYTES;
}

export function directoryPatternLen(index: i32): u32 {
  const e = entry(index);
  return e == 0 ? 0 : <u32>load<u8>(e + CALLBACK_AT, 1);
}

export function directoryRetries(index: i32): u32 {
  const e = entry(index);
  return e == 0 ? 0 : <u32>load<u8>(e + CALLBACK_AT, 2);
}

export function directoryRotary(index: i32): u32 {
  const e = entry(index);
  return e == 0 ? 0 : <u32>load<u16>(e + CALLBACK_AT, 4);
}

export function directoryLineFirst(index: i32): u32 {
  const e = entry(index);
  return e == 0 ? 0 : <u32>load<u16>(e + CALLBACK_AT, 6);
}

export function directoryLineLast(index: i32): u32 {
  const e = entry(index);
  return e == 0 ? 0 : <u32>load<u16>(e + CALLBACK_AT, 8);
}

export function directoryRetryGapMs(index: i32): f64 {
  const e = entry(index);
  return e == 0 ? 0 : <f64>load<u16>(e + CALLBACK_AT, 10) * 1000;
}

/** Sets the address an AAA server gave a remote user (RFC 2865 Framed-IP-Address; 0 none); false for a local user. */
export function directorySetFramedAddress(index: i32, address: u32): bool {
  const e = entry(index);
  if (e == 0 || (<u32>load<u16>(e, 2) & USER_REMOTE) == 0) return false;
  store<u32>(e + FRAMED_AT, address);
  return true;
}

/** The user's Framed-IP-Address as a big-endian value (FRAMED_* special values included); 0 when none. */
export function directoryFramedAddress(index: i32): u32 {
  const e = entry(index);
  return e == 0 ? 0 : load<u32>(e + FRAMED_AT);
}

/** Local users only. */
export function directoryCount(): i32 {
  return count;
}
