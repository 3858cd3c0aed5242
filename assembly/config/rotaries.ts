// Section 4, Rotaries: u16 count, u16 recordBytes (12), then records
// { u16 group, u16 memberCount, u32 members 0..31, u32 members 32..63 } (bit n = TTY n).

import { lineGet } from "../line/lines";
import { ImageStatus, SectionType } from "./image";
import { SectionView, sectionLocate, tableFits } from "./section";

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

/** Each group once, 1..100, members exactly the configured TTYs its count says. */
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
    for (let tty: i32 = 1; tty < 64; tty++) {
      const bit = tty < 32 ? (lo >> <u32>tty) & 1 : (hi >> <u32>(tty - 32)) & 1;
      if (bit != 0 && lineGet(tty) == null) return ImageStatus.BadValue;
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

/** Record of rotary group `group`, 0 when the image has no such group. */
export function rotaryFind(group: u32): usize {
  for (let i: u32 = 0; i < count; i++) {
    const r = view.ptr + 4 + i * recordBytes;
    if (<u32>load<u16>(r) == group) return r;
  }
  return 0;
}

export function rotaryAt(i: u32): usize {
  return i < count ? view.ptr + 4 + i * recordBytes : 0;
}

export function rotaryHasMember(record: usize, tty: i32): bool {
  if (record == 0 || tty <= 0 || tty >= 64) return false;
  return tty < 32 ? ((load<u32>(record, 4) >> <u32>tty) & 1) != 0 : ((load<u32>(record, 8) >> <u32>(tty - 32)) & 1) != 0;
}
