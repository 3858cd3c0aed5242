// The line layer's view of who may log in. One interface, so the backing store (the
// configuration image's users, later an AAA answer) can change without touching the machine.

import { arenaTake } from "../mem/arena";

export const DIRECTORY_MAX_USERS: i32 = 64;
const NAME_BYTES: u32 = 32;
const SECRET_BYTES: u32 = 64;
// name len u8, secret len u8, flags u16, name, secret
const ENTRY_BYTES: u32 = 4 + NAME_BYTES + SECRET_BYTES;

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
  return index < 0 || index >= count ? 0 : entries + <usize>index * ENTRY_BYTES + 4;
}

export function directoryNameLen(index: i32): u32 {
  return index < 0 || index >= count ? 0 : <u32>load<u8>(entries + <usize>index * ENTRY_BYTES);
}

export function directoryFlags(index: i32): u32 {
  return index < 0 || index >= count ? 0 : <u32>load<u16>(entries + <usize>index * ENTRY_BYTES, 2);
}

export function directoryCount(): i32 {
  return count;
}
