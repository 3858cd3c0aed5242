// Section 3, Users: u16 count, u16 recordBytes (24), records, then a string pool. Record:
//  0 u16 flags   2 u16 rotary   4 u16 lineFirst   6 u16 lineLast
//  8 u16 nameOff 10 u8 nameLen 11 u8 passwordLen 12 u16 passwordOff 14 u16 dialOff
// 16 u8 dialLen 17 u8 patternLen 18 u16 patternOff 20 u16 autocommandOff 22 u8 autocommandLen 23 u8 privilege

import { lineGet } from "../line/lines";
import { ImageStatus, SectionType } from "./image";
import { bytesEqual, SectionView, sectionLocate, sectionHas, tableFits } from "./section";
import { rotaryFind } from "./rotaries";

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
    const flags = <u32>load<u16>(r);
    if ((flags & UserFlag.Rotary) != 0 && rotaryFind(<u32>load<u16>(r, 2)) == 0) return ImageStatus.BadValue;
    if ((flags & UserFlag.Line) != 0) {
      const first = <i32>load<u16>(r, 4);
      const last = <i32>load<u16>(r, 6);
      if (first > last) return ImageStatus.BadValue;
      if ((flags & UserFlag.LineIsAux) == 0) {
        for (let tty = first; tty <= last; tty++) {
          if (lineGet(tty) == null) return ImageStatus.BadValue;
        }
      }
    }
    for (let k: u32 = 0; k < i; k++) {
      const o = view.ptr + 4 + k * recordBytes;
      const same = bytesEqual(
        view.ptr + stringOff(r, UserString.Name),
        stringLen(r, UserString.Name),
        view.ptr + stringOff(o, UserString.Name),
        stringLen(o, UserString.Name),
      );
      if (same) return ImageStatus.BadValue;
    }
  }
  count = n;
  return ImageStatus.Ok;
}

export function userCount(): u32 {
  return count;
}

export function userRecord(i: u32): usize {
  return i < count ? view.ptr + 4 + i * recordBytes : 0;
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
    if (bytesEqual(ptr, len, userStringPtr(i, UserString.Name), userStringLen(i, UserString.Name))) return <i32>i;
  }
  return -1;
}
