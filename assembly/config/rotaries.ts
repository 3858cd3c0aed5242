// Section 4, Rotaries: u16 count, u16 recordBytes (12), then records
// { u16 group, u16 memberCount, u32 members 0..31, u32 members 32..63 } (bit n = TTY n).

import { MAX_LINES } from "../mem/tty";
import { ImageStatus, SectionType } from "./image";
import { SectionView, sectionLocate, tableFits } from "./section";
import { imageHasLine } from "./lines-section";

export const ROTARY_RECORD_BYTES: u32 = 12;
export const ROTARY_MAX: u32 = 100;

// @ts-ignore: decorator
@lazy const view: SectionView = changetype<SectionView>(memory.data(offsetof<SectionView>(), 8));
let count: u32 = 0;
let recordBytes: u32 = 0;

export function rotariesReset(): void {
  view.ptr = 0;
  view.len = 0;
  count = 0;
}

function hasMember(r: usize, tty: i32): bool {
  if (r == 0 || tty <= 0 || tty >= MAX_LINES) return false;
  return tty < 32 ? ((load<u32>(r, 4) >> <u32>tty) & 1) != 0 : ((load<u32>(r, 8) >> <u32>(tty - 32)) & 1) != 0;
}

/** Each group once, 1..100, members exactly the TTYs of the Lines section its count says. */
export function rotariesLoad(): ImageStatus {
  rotariesReset();
  sectionLocate(view, SectionType.Rotaries);
  if (view.ptr == 0) return ImageStatus.Ok;
  if (!tableFits(view, ROTARY_RECORD_BYTES)) return ImageStatus.BadSection;
  const n = <u32>load<u16>(view.ptr);
  recordBytes = <u32>load<u16>(view.ptr, 2);
  for (let i: u32 = 0; i < n; i++) {
    const r = view.ptr + 4 + i * recordBytes;
    const group = <u32>load<u16>(r);
    const lo = load<u32>(r, 4);
    const hi = load<u32>(r, 8);
    if (group == 0 || group > ROTARY_MAX) return ImageStatus.BadValue;
    if (popcnt<u32>(lo) + popcnt<u32>(hi) != <u32>load<u16>(r, 2) || (lo & 1) != 0) return ImageStatus.BadValue;
    for (let tty: i32 = 1; tty < MAX_LINES; tty++) {
      if (hasMember(r, tty) && !imageHasLine(tty)) return ImageStatus.BadValue;
    }
    for (let k: u32 = 0; k < i; k++) {
      if (<u32>load<u16>(view.ptr + 4 + k * recordBytes) == group) return ImageStatus.BadValue;
    }
  }
  count = n;
  return ImageStatus.Ok;
}

export function rotaryCount(): u32 {
  return count;
}

// Record of rotary group `group`, 0 when the image has no such group.
function find(group: u32): usize {
  for (let i: u32 = 0; i < count; i++) {
    const r = view.ptr + 4 + i * recordBytes;
    if (<u32>load<u16>(r) == group) return r;
  }
  return 0;
}

/** Whether the image has rotary group `group`. */
export function rotaryExists(group: u32): bool {
  return group != 0 && find(group) != 0;
}

/** The group of the `i`-th record (sorted by number), 0 when out of range. */
export function rotaryGroupAt(i: u32): u32 {
  return i < count ? <u32>load<u16>(view.ptr + 4 + i * recordBytes) : 0;
}

/** Whether TTY `tty` is a member of group `group`. */
export function rotaryHas(group: u32, tty: i32): bool {
  return hasMember(find(group), tty);
}

/** Members of `group` as a mask of TTYs 0..31 (bit n = TTY n); 0 when there is no such group. */
export function rotaryMembersLow(group: u32): u32 {
  const r = find(group);
  return r == 0 ? 0 : load<u32>(r, 4);
}

/** TTYs 32..63 (bit n = TTY 32 + n). */
export function rotaryMembersHigh(group: u32): u32 {
  const r = find(group);
  return r == 0 ? 0 : load<u32>(r, 8);
}
