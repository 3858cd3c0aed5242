// Section 6, Interfaces: u16 count, u16 recordBytes (20), records { u16 number, u16 flags,
// u8[4] peer address, u8[4] ip address, u8[4] mask, u16 keepalive, u8 auth order, u8 auth count }.

import { MAX_LINES } from "../line/lines";
import { ImageStatus, SectionType } from "./image";
import { SectionView, sectionLocate, tableFits } from "./section";

export const INTERFACE_RECORD_BYTES: u32 = 20;

// @ts-ignore: decorator
@lazy const view: SectionView = changetype<SectionView>(memory.data(offsetof<SectionView>(), 8));
let count: u32 = 0;
let recordBytes: u32 = 0;

export function interfacesReset(): void {
  view.ptr = 0;
  view.len = 0;
  count = 0;
}

export function interfacesLoad(): ImageStatus {
  interfacesReset();
  sectionLocate(view, SectionType.Interfaces);
  if (view.ptr == 0) return ImageStatus.Ok;
  if (!tableFits(view, INTERFACE_RECORD_BYTES)) return ImageStatus.BadSection;
  const n = <u32>load<u16>(view.ptr);
  recordBytes = <u32>load<u16>(view.ptr, 2);
  for (let i: u32 = 0; i < n; i++) {
    const r = view.ptr + 4 + i * recordBytes;
    const number = <i32>load<u16>(r);
    if (number <= 0 || number >= MAX_LINES || <u32>load<u8>(r, 19) > 3) return ImageStatus.BadValue;
    for (let k: u32 = 0; k < i; k++) {
      if (<i32>load<u16>(view.ptr + 4 + k * recordBytes) == number) return ImageStatus.BadValue;
    }
  }
  count = n;
  return ImageStatus.Ok;
}

export function interfaceCount(): u32 {
  return count;
}

export function interfaceAt(i: u32): usize {
  return i < count ? view.ptr + 4 + i * recordBytes : 0;
}

/** Record of `interface async number`, 0 when absent. */
export function interfaceFind(number: i32): usize {
  for (let i: u32 = 0; i < count; i++) {
    const r = view.ptr + 4 + i * recordBytes;
    if (<i32>load<u16>(r) == number) return r;
  }
  return 0;
}
