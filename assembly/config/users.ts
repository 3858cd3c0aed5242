// Section 3, Users: u16 count, u16 recordBytes (24), records, then a string pool. Record:
//  0 u16 flags   2 u16 rotary   4 u16 lineFirst   6 u16 lineLast
//  8 u16 nameOff 10 u8 nameLen 11 u8 passwordLen 12 u16 passwordOff 14 u16 dialOff
// 16 u8 dialLen 17 u8 patternLen 18 u16 patternOff 20 u16 autocommandOff 22 u8 autocommandLen 23 u8 privilege

import { bytesEqual } from "../wire/bytes";
import { ImageStatus, SectionType } from "./image";
import { SectionView, sectionLocate, sectionHas, tableFits } from "./section";
import { rotaryExists } from "./rotaries";
import { imageHasLine } from "./lines-section";

export const USER_RECORD_BYTES: u32 = 24;

export const enum UserFlag {
  Password = 1 << 0,
  Dialstring = 1 << 1,
  DialstringFromCaller = 1 << 2,
  NocallbackVerify = 1 << 3,
  Rotary = 1 << 4,
  Line = 1 << 5,
  LineIsAux = 1 << 6,
  AllowedPattern = 1 << 7,
  Autocommand = 1 << 8,
  Privilege = 1 << 9,
}

/** The string fields of a record, by the offset of their (offset, length) pair. */
export const enum UserString {
  Name = 0,
  Password = 1,
  Dialstring = 2,
  AllowedPattern = 3,
  Autocommand = 4,
}

// @ts-ignore: decorator
@lazy const view: SectionView = changetype<SectionView>(memory.data(offsetof<SectionView>(), 8));
let count: u32 = 0;
let recordBytes: u32 = 0;

export function usersReset(): void {
  view.ptr = 0;
  view.len = 0;
  count = 0;
}

// Field offsets of a record (the string fields are in stringOff and stringLen).
const AT_FLAGS: usize = 0;
const AT_ROTARY: usize = 2;
const AT_LINE_FIRST: usize = 4;
const AT_LINE_LAST: usize = 6;

// Offset and length of string `which` of record `r`.
function stringOff(r: usize, which: UserString): u32 {
  if (which == UserString.Name) return <u32>load<u16>(r, 8);
  if (which == UserString.Password) return <u32>load<u16>(r, 12);
  if (which == UserString.Dialstring) return <u32>load<u16>(r, 14);
  if (which == UserString.AllowedPattern) return <u32>load<u16>(r, 18);
  return <u32>load<u16>(r, 20);
}

function stringLen(r: usize, which: UserString): u32 {
  if (which == UserString.Name) return <u32>load<u8>(r, 10);
  if (which == UserString.Password) return <u32>load<u8>(r, 11);
  if (which == UserString.Dialstring) return <u32>load<u8>(r, 16);
  if (which == UserString.AllowedPattern) return <u32>load<u8>(r, 17);
  return <u32>load<u8>(r, 22);
}

/** Bounds of every string, unique non-empty names, callback lines and rotaries that exist. */
export function usersLoad(): ImageStatus {
  usersReset();
  sectionLocate(view, SectionType.Users);
  if (view.ptr == 0) return ImageStatus.Ok;
  if (!tableFits(view, USER_RECORD_BYTES)) return ImageStatus.BadSection;
  const n = <u32>load<u16>(view.ptr);
  recordBytes = <u32>load<u16>(view.ptr, 2);
  for (let i: u32 = 0; i < n; i++) {
    const r = view.ptr + 4 + i * recordBytes;
    for (let s: u32 = 0; s <= <u32>UserString.Autocommand; s++) {
      if (!sectionHas(view, stringOff(r, s), stringLen(r, s))) return ImageStatus.BadSection;
    }
    if (stringLen(r, UserString.Name) == 0) return ImageStatus.BadValue;
    const flags = <u32>load<u16>(r, AT_FLAGS);
    if ((flags & UserFlag.Rotary) != 0 && !rotaryExists(<u32>load<u16>(r, AT_ROTARY))) return ImageStatus.BadValue;
    if ((flags & UserFlag.Line) != 0) {
      const first = <i32>load<u16>(r, AT_LINE_FIRST);
      const last = <i32>load<u16>(r, AT_LINE_LAST);
      if (first > last) return ImageStatus.BadValue;
      if ((flags & UserFlag.LineIsAux) == 0) {
        for (let tty = first; tty <= last; tty++) {
          if (!imageHasLine(tty)) return ImageStatus.BadValue;
        }
      }
    }
    const nameLen = stringLen(r, UserString.Name);
    for (let k: u32 = 0; k < i; k++) {
      const o = view.ptr + 4 + k * recordBytes;
      if (stringLen(o, UserString.Name) != nameLen) continue;
      if (bytesEqual(view.ptr + stringOff(r, UserString.Name), view.ptr + stringOff(o, UserString.Name), nameLen)) return ImageStatus.BadValue;
    }
  }
  count = n;
  return ImageStatus.Ok;
}

export function userCount(): u32 {
  return count;
}

function userRecord(i: u32): usize {
  return i < count ? view.ptr + 4 + i * recordBytes : 0;
}

/** Whether the image has user `i` (0 ≤ i < userCount()). */
export function userExists(i: u32): bool {
  return userRecord(i) != 0;
}

/** UserFlag bits of user `i` (0 when there is none). */
export function userFlags(i: u32): u32 {
  const r = userRecord(i);
  return r == 0 ? 0 : <u32>load<u16>(r, AT_FLAGS);
}

/** `callback-rotary` group, 0 for none. */
export function userRotary(i: u32): u32 {
  const r = userRecord(i);
  return r == 0 ? 0 : <u32>load<u16>(r, AT_ROTARY);
}

/** `callback-line` first..last (0 when none). */
export function userLineFirst(i: u32): u32 {
  const r = userRecord(i);
  return r == 0 ? 0 : <u32>load<u16>(r, AT_LINE_FIRST);
}

export function userLineLast(i: u32): u32 {
  const r = userRecord(i);
  return r == 0 ? 0 : <u32>load<u16>(r, AT_LINE_LAST);
}

export function userStringPtr(i: u32, which: UserString): usize {
  const r = userRecord(i);
  return r == 0 ? 0 : view.ptr + stringOff(r, which);
}

export function userStringLen(i: u32, which: UserString): u32 {
  const r = userRecord(i);
  return r == 0 ? 0 : stringLen(r, which);
}

/** Index of the user called (ptr, len), or -1. */
export function userFind(ptr: usize, len: u32): i32 {
  for (let i: u32 = 0; i < count; i++) {
    if (userStringLen(i, UserString.Name) == len && bytesEqual(ptr, userStringPtr(i, UserString.Name), len)) return <i32>i;
  }
  return -1;
}
