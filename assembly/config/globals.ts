// Section 7, Globals: u32 flags, u16 forcedWait (0xFFFF none), u16 nodsrWait, u16 retryCount,
// u16 retryGap, u16 arapNetwork, u16 limitCount, u16 hostnameOff, u8 hostnameLen, u8 zoneLen,
// u16 zoneOff, u16 limitMinutes, then the strings.

import { ImageStatus, SectionType } from "./image";
import { NONE16, SectionView, sectionLocate, sectionHas } from "./section";

export const GLOBALS_HEADER_BYTES: u32 = 24;

// @ts-ignore: decorator
@lazy const view: SectionView = changetype<SectionView>(memory.data(offsetof<SectionView>(), 8));

export function globalsReset(): void {
  view.ptr = 0;
  view.len = 0;
}

export function globalsLoad(): ImageStatus {
  globalsReset();
  sectionLocate(view, SectionType.Globals);
  if (view.ptr == 0) return ImageStatus.Ok;
  if (view.len < GLOBALS_HEADER_BYTES) return ImageStatus.BadSection;
  if (!sectionHas(view, <u32>load<u16>(view.ptr, 16), <u32>load<u8>(view.ptr, 18))) return ImageStatus.BadSection;
  if (!sectionHas(view, <u32>load<u16>(view.ptr, 20), <u32>load<u8>(view.ptr, 19))) return ImageStatus.BadSection;
  return ImageStatus.Ok;
}

export function globalFlags(): u32 {
  return view.ptr == 0 ? 0 : load<u32>(view.ptr);
}

/** Global `callback forced-wait` seconds, 0xFFFF when not configured. */
export function globalForcedWait(): u32 {
  return view.ptr == 0 ? NONE16 : <u32>load<u16>(view.ptr, 4);
}

export function globalsPtr(): usize {
  return view.ptr;
}
