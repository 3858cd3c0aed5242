// Section 11, AddressPools (`ip local pool NAME FIRST [LAST]`): u16 count, u16 reserved, then
// count × u32 offset of each record; a record is u8 nameLen, name, u8 rangeCount, then per
// range u8[4] first, u8[4] last (network order). The leases themselves are line/address-lease.ts.

import { ImageStatus, SectionType } from "./image";
import { SectionView, sectionLocate, sectionHas } from "./section";
import { bytesEqual } from "../wire/bytes";

export const POOL_RANGE_BYTES: u32 = 8;

// @ts-ignore: decorator
@lazy const view: SectionView = changetype<SectionView>(memory.data(offsetof<SectionView>(), 8));
let count: u32 = 0;

export function addressPoolsReset(): void {
  view.ptr = 0;
  view.len = 0;
  count = 0;
}

// Offset of record `i` inside the section (its table entry was checked at load).
function recordAt(i: u32): u32 {
  return load<u32>(view.ptr + 4 + <usize>i * 4);
}

function ipv4At(at: usize): u32 {
  return (<u32>load<u8>(at) << 24) | (<u32>load<u8>(at, 1) << 16) | (<u32>load<u8>(at, 2) << 8) | <u32>load<u8>(at, 3);
}

/**
 * Checks every record: the table and each record inside the section (BadSection), a name of
 * 1..255 octets given once, at least one range and each range's first address not above its
 * last (BadValue).
 */
export function addressPoolsLoad(): ImageStatus {
  addressPoolsReset();
  sectionLocate(view, SectionType.AddressPools);
  if (view.ptr == 0) return ImageStatus.Ok;
  if (view.len < 4) return ImageStatus.BadSection;
  const n = <u32>load<u16>(view.ptr);
  if (!sectionHas(view, 4, n * 4)) return ImageStatus.BadSection;
  for (let i: u32 = 0; i < n; i++) {
    const off = recordAt(i);
    if (!sectionHas(view, off, 1)) return ImageStatus.BadSection;
    const nameLen = <u32>load<u8>(view.ptr + off);
    if (!sectionHas(view, off + 1, nameLen + 1)) return ImageStatus.BadSection;
    const ranges = <u32>load<u8>(view.ptr + off + 1 + nameLen);
    if (!sectionHas(view, off + 2 + nameLen, ranges * POOL_RANGE_BYTES)) return ImageStatus.BadSection;
    if (nameLen == 0 || ranges == 0) return ImageStatus.BadValue;
    for (let r: u32 = 0; r < ranges; r++) {
      const at = view.ptr + off + 2 + nameLen + r * POOL_RANGE_BYTES;
      if (ipv4At(at) > ipv4At(at + 4)) return ImageStatus.BadValue;
    }
    for (let k: u32 = 0; k < i; k++) {
      const other = recordAt(k);
      const otherLen = <u32>load<u8>(view.ptr + other);
      if (otherLen == nameLen && bytesEqual(view.ptr + other + 1, view.ptr + off + 1, nameLen)) return ImageStatus.BadValue;
    }
  }
  count = n;
  return ImageStatus.Ok;
}

/** Pools the configuration names. */
export function addressPoolCount(): u32 {
  return count;
}

/** Index of the pool called `len` octets at `name` (IOS pool names are case-sensitive), -1 when none. */
export function addressPoolFind(name: usize, len: u32): i32 {
  for (let i: u32 = 0; i < count; i++) {
    const at = view.ptr + recordAt(i);
    if (<u32>load<u8>(at) == len && bytesEqual(at + 1, name, len)) return <i32>i;
  }
  return -1;
}

export function addressPoolNamePtr(i: u32): usize {
  return i < count ? view.ptr + recordAt(i) + 1 : 0;
}

export function addressPoolNameLen(i: u32): u32 {
  return i < count ? <u32>load<u8>(view.ptr + recordAt(i)) : 0;
}

/** Ranges of pool `i` (each `ip local pool` line of its name is one). */
export function addressPoolRangeCount(i: u32): u32 {
  if (i >= count) return 0;
  const at = view.ptr + recordAt(i);
  return <u32>load<u8>(at + 1 + <usize>load<u8>(at));
}

function rangeAt(i: u32, r: u32): usize {
  const at = view.ptr + recordAt(i);
  return at + 2 + <usize>load<u8>(at) + <usize>r * POOL_RANGE_BYTES;
}

/** First address of range `r` of pool `i` as a big-endian value (10.1.1.1 = 0x0A010101); 0 out of range. */
export function addressPoolRangeFirst(i: u32, r: u32): u32 {
  return r < addressPoolRangeCount(i) ? ipv4At(rangeAt(i, r)) : 0;
}

/** Last address of range `r` of pool `i`, the same way. */
export function addressPoolRangeLast(i: u32, r: u32): u32 {
  return r < addressPoolRangeCount(i) ? ipv4At(rangeAt(i, r) + 4) : 0;
}
