// Section 5, ChatScripts (layout fixed by the project, boards/image.md): u16 count, u16 reserved,
// count × u32 record offset; record: u8 nameLen, name, u8 tokenCount, tokenCount × (u16 len, bytes).

import { SectionType } from "./image";
import { SectionView, sectionLocate, sectionHas } from "./section";

// @ts-ignore: decorator
@lazy const view: SectionView = changetype<SectionView>(memory.data(offsetof<SectionView>(), 8));
let count: u32 = 0;

export function scriptsReset(): void {
  view.ptr = 0;
  view.len = 0;
  count = 0;
}

/** Checks every record and token against the section bounds; false on any overrun. */
export function scriptsLoad(): bool {
  scriptsReset();
  sectionLocate(view, SectionType.ChatScripts);
  if (view.ptr == 0) return true;
  if (view.len < 4) return false;
  const n = <u32>load<u16>(view.ptr);
  if (!sectionHas(view, 4, n * 4)) return false;
  for (let i: u32 = 0; i < n; i++) {
    let at = load<u32>(view.ptr + 4 + i * 4);
    if (!sectionHas(view, at, 1)) return false;
    const nameLen = <u32>load<u8>(view.ptr + at);
    if (nameLen == 0 || !sectionHas(view, at + 1, nameLen + 1)) return false;
    at += 1 + nameLen;
    const tokens = <u32>load<u8>(view.ptr + at);
    at += 1;
    for (let t: u32 = 0; t < tokens; t++) {
      if (!sectionHas(view, at, 2)) return false;
      const len = <u32>load<u16>(view.ptr + at);
      if (!sectionHas(view, at + 2, len)) return false;
      at += 2 + len;
    }
  }
  count = n;
  return true;
}

export function scriptCount(): u32 {
  return count;
}

// Start of script `i`'s record (its nameLen byte), 0 when out of range.
function scriptRecord(i: u32): usize {
  return i < count ? view.ptr + load<u32>(view.ptr + 4 + i * 4) : 0;
}

/** Where script `i`'s name is, 0 when out of range. */
export function scriptNamePtr(i: u32): usize {
  const r = scriptRecord(i);
  return r == 0 ? 0 : r + 1;
}

export function scriptNameLen(i: u32): u32 {
  const r = scriptRecord(i);
  return r == 0 ? 0 : <u32>load<u8>(r);
}

/** How many tokens script `i` has, -1 when out of range. */
export function scriptTokenCount(i: u32): i32 {
  const r = scriptRecord(i);
  return r == 0 ? -1 : <i32>load<u8>(r + 1 + <usize>load<u8>(r));
}
