// Section 8, Aaa: u16 listCount, u16 serverCount, (listCount + serverCount) × u32 offsets.
// List: u8 kind (1 authentication, 2 authorization), u8 service (1..5), u8 nameLen, name,
// u8 methodCount, methods × (u8 code 1..10, u8 groupLen, group). Server: u8 protocol
// (1 TACACS+, 2 RADIUS), u8 flags (1 = has key), u8 hostLen, host, u8 keyLen, key.

import { ImageStatus, SectionType } from "./image";
import { SectionView, sectionLocate, sectionHas } from "./section";

// @ts-ignore: decorator
@lazy const view: SectionView = changetype<SectionView>(memory.data(offsetof<SectionView>(), 8));
let lists: u32 = 0;
let servers: u32 = 0;

export function aaaReset(): void {
  view.ptr = 0;
  view.len = 0;
  lists = 0;
  servers = 0;
}

// Reads one u8-length string at `at`; returns the offset after it or -1 when it overruns.
function skipString(at: i64): i64 {
  if (at < 0 || !sectionHas(view, <u32>at, 1)) return -1;
  const len = <u32>load<u8>(view.ptr + <usize>at);
  return sectionHas(view, <u32>at + 1, len) ? at + 1 + len : -1;
}

export function aaaLoad(): ImageStatus {
  aaaReset();
  sectionLocate(view, SectionType.Aaa);
  if (view.ptr == 0) return ImageStatus.Ok;
  if (view.len < 4) return ImageStatus.BadSection;
  const nLists = <u32>load<u16>(view.ptr);
  const nServers = <u32>load<u16>(view.ptr, 2);
  if (!sectionHas(view, 4, (nLists + nServers) * 4)) return ImageStatus.BadSection;
  for (let i: u32 = 0; i < nLists + nServers; i++) {
    let at = <i64>load<u32>(view.ptr + 4 + i * 4);
    if (!sectionHas(view, <u32>at, 2)) return ImageStatus.BadSection;
    const a = <u32>load<u8>(view.ptr + <usize>at);
    const b = <u32>load<u8>(view.ptr + <usize>at + 1);
    if (i < nLists) {
      if (a < 1 || a > 2 || b < 1 || b > 5) return ImageStatus.BadValue;
      at = skipString(at + 2);
      if (at < 0 || !sectionHas(view, <u32>at, 1)) return ImageStatus.BadSection;
      const methods = <u32>load<u8>(view.ptr + <usize>at);
      at += 1;
      for (let m: u32 = 0; m < methods; m++) {
        if (!sectionHas(view, <u32>at, 1)) return ImageStatus.BadSection;
        const code = <u32>load<u8>(view.ptr + <usize>at);
        if (code < 1 || code > 10) return ImageStatus.BadValue;
        at = skipString(at + 1);
        if (at < 0) return ImageStatus.BadSection;
      }
    } else {
      if (a < 1 || a > 2) return ImageStatus.BadValue;
      at = skipString(skipString(at + 2));
      if (at < 0) return ImageStatus.BadSection;
    }
  }
  lists = nLists;
  servers = nServers;
  return ImageStatus.Ok;
}

export function aaaListCount(): u32 {
  return lists;
}

export function aaaServerCount(): u32 {
  return servers;
}
