// The line layer's view of who may log in. One interface, so the backing store (the
// configuration image's users, later an AAA answer) can change without touching the machine.

import { arenaTake } from "../mem/arena";

export const DIRECTORY_MAX_USERS: i32 = 64;
const NAME_BYTES: u32 = 32;
const SECRET_BYTES: u32 = 64;
export const DIALSTRING_BYTES: u32 = 32;
export const PATTERN_BYTES: u32 = 48;

/** User flags. */
export const USER_CALLBACK: u32 = 1 << 0; // a callback-dialstring is configured (possibly "")
export const USER_NOCALLBACK_VERIFY: u32 = 1 << 1;
export const USER_CALLBACK_LINE_AUX: u32 = 1 << 2;

//  Entry: name len u8, secret len u8, flags u16, name[32], secret[64],
//  dialstring len u8, pattern len u8, retry count u8, reserved u8, rotary u16, line first u16,
//  line last u16, retry gap seconds u16, dialstring[32], pattern[48].
const CALLBACK_AT: u32 = 4 + NAME_BYTES + SECRET_BYTES;
const ENTRY_BYTES: u32 = CALLBACK_AT + 12 + DIALSTRING_BYTES + PATTERN_BYTES;

let entries: usize = 0;
let count: i32 = 0;

export function directoryInit(): bool {
  entries = arenaTake(<i32>(ENTRY_BYTES * <u32>DIRECTORY_MAX_USERS), 4);
  count = 0;
  return entries != 0;
}

/** Adds a user; returns its index, or -1 when the table is full or a field is too long. */
export function directoryAdd(name: usize, nameLen: u32, secret: usize, secretLen: u32, flags: u32): i32 {
  if (entries == 0 || count >= DIRECTORY_MAX_USERS || nameLen == 0 || nameLen > NAME_BYTES || secretLen > SECRET_BYTES) return -1;
  const e = entries + <usize>count * ENTRY_BYTES;
  store<u8>(e, <u8>nameLen);
  store<u8>(e, <u8>secretLen, 1);
  store<u16>(e, <u16>flags, 2);
  memory.copy(e + 4, name, nameLen);
  memory.copy(e + 4 + NAME_BYTES, secret, secretLen);
  return count++;
}

function bytesEqual(a: usize, b: usize, len: u32): bool {
  for (let i: u32 = 0; i < len; i++) if (load<u8>(a + i) != load<u8>(b + i)) return false;
  return true;
}

/** Index of the user with this name (case-sensitive, as IOS user names are), or -1. */
export function directoryFind(name: usize, nameLen: u32): i32 {
  for (let i = 0; i < count; i++) {
    const e = entries + <usize>i * ENTRY_BYTES;
    if (<u32>load<u8>(e) == nameLen && bytesEqual(e + 4, name, nameLen)) return i;
  }
  return -1;
}

/** Index of the user when name and password both match, else -1. Compares every byte. */
export function directoryLogin(name: usize, nameLen: u32, password: usize, passwordLen: u32): i32 {
  const i = directoryFind(name, nameLen);
  if (i < 0) return -1;
  const e = entries + <usize>i * ENTRY_BYTES;
  const secretLen = <u32>load<u8>(e, 1);
  let diff: u32 = secretLen ^ passwordLen;
  const n = secretLen < passwordLen ? secretLen : passwordLen;
  for (let k: u32 = 0; k < n; k++) diff |= <u32>(load<u8>(e + 4 + NAME_BYTES + k) ^ load<u8>(password + k));
  return diff == 0 ? i : -1;
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

export function directoryCount(): i32 {
  return count;
}
