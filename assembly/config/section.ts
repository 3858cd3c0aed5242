// A section located once at init: start, length, and the bounds checks every reader shares.

import { imageSection, imageSectionLength } from "./image";

export const NONE16: u32 = 0xffff;

//  SectionView (8 bytes): where one image section lives.
//  ┌──────────┬──────────┐
//  │ ptr u32  │ len u32  │
//  └──────────┴──────────┘
@unmanaged
export class SectionView {
  ptr: usize;
  len: u32;
}

/** Points `view` at section `type`; ptr 0 when the image has none. */
export function sectionLocate(view: SectionView, type: u32): void {
  view.ptr = imageSection(type);
  view.len = view.ptr == 0 ? 0 : imageSectionLength(type);
}

/** True when [off, off+len) lies inside the section. */
export function sectionHas(view: SectionView, off: u32, len: u32): bool {
  return <u64>off + <u64>len <= <u64>view.len;
}

/** A `count u16, recordBytes u16` table: true when `count` records of at least `minRecord` bytes fit. */
export function tableFits(view: SectionView, minRecord: u32): bool {
  if (view.len < 4) return false;
  const count = <u32>load<u16>(view.ptr);
  const recordBytes = <u32>load<u16>(view.ptr, 2);
  return recordBytes >= minRecord && sectionHas(view, 4, count * recordBytes);
}
