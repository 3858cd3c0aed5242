// Section 7, Globals: u32 flags, u16 forcedWait (0xFFFF none), u16 nodsrWait, u16 retryCount,
// u16 retryGap, u16 arapNetwork, u16 limitCount, u16 hostnameOff, u8 hostnameLen, u8 zoneLen,
// u16 zoneOff, u16 limitMinutes, then the strings.

import { ImageStatus, SectionType } from "./image";
import { NONE16, SectionView, sectionLocate, sectionHas } from "./section";

export const GLOBALS_HEADER_BYTES: u32 = 24;

/** Globals flags (boards/image.md). */
export const enum GlobalFlag {
  ExecCallback = 1 << 0,
  PasswordEncryption = 1 << 1,
  AaaNewModel = 1 << 2,
  AppletalkRouting = 1 << 3,
  ArapCallback = 1 << 4,
  ArapNetwork = 1 << 5,
  ForcedWait = 1 << 6,
  NodsrWait = 1 << 7,
  Retry = 1 << 8,
  ArapKeyShifted = 1 << 9, // `arap key-layout shifted` (dialback extension): each password octet shifted left for the DES key
}

// Field offsets.
const AT_FORCED_WAIT: usize = 4;
const AT_ARAP_NETWORK: usize = 12;
const AT_RETRY_COUNT: usize = 8;
const AT_RETRY_GAP: usize = 10;
const AT_LIMIT_COUNT: usize = 14;
const AT_HOSTNAME_OFF: usize = 16;
const AT_HOSTNAME_LEN: usize = 18;
const AT_ZONE_LEN: usize = 19;
const AT_ZONE_OFF: usize = 20;
const AT_LIMIT_MINUTES: usize = 22;

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
  if (!sectionHas(view, <u32>load<u16>(view.ptr, AT_HOSTNAME_OFF), <u32>load<u8>(view.ptr, AT_HOSTNAME_LEN))) return ImageStatus.BadSection;
  if (!sectionHas(view, <u32>load<u16>(view.ptr, AT_ZONE_OFF), <u32>load<u8>(view.ptr, AT_ZONE_LEN))) return ImageStatus.BadSection;
  return ImageStatus.Ok;
}

/** GlobalFlag bits (0 without the section). */
export function globalFlags(): u32 {
  return view.ptr == 0 ? 0 : load<u32>(view.ptr);
}

/** Global `callback forced-wait` seconds, 0xFFFF when not configured (lines carry their effective one: lineForcedWait). */
export function globalForcedWait(): u32 {
  return view.ptr == 0 ? NONE16 : <u32>load<u16>(view.ptr, AT_FORCED_WAIT);
}

/** `service exec-callback`. */
export function globalExecCallback(): bool {
  return (globalFlags() & GlobalFlag.ExecCallback) != 0;
}

/** `callback retry N` (dialback extension): retries after busy or no answer, 0 when not configured. */
export function globalRetryCount(): u32 {
  return (globalFlags() & GlobalFlag.Retry) != 0 ? <u32>load<u16>(view.ptr, AT_RETRY_COUNT) : 0;
}

/** `callback retry N GAP`: seconds between retries, 0 when not configured. */
export function globalRetryGapSeconds(): u32 {
  return (globalFlags() & GlobalFlag.Retry) != 0 ? <u32>load<u16>(view.ptr, AT_RETRY_GAP) : 0;
}

/** `callback limit COUNT MINUTES` (dialback extension): COUNT, 0 when not configured. */
export function globalLimitCount(): i32 {
  return view.ptr == 0 ? 0 : <i32>load<u16>(view.ptr, AT_LIMIT_COUNT);
}

/** `callback limit COUNT MINUTES`: the window in minutes. */
export function globalLimitMinutes(): i32 {
  return view.ptr == 0 ? 0 : <i32>load<u16>(view.ptr, AT_LIMIT_MINUTES);
}

/** Where `hostname` is (0 when not configured); its length is globalHostnameLen(). */
export function globalHostnamePtr(): usize {
  return view.ptr == 0 ? 0 : view.ptr + <usize>load<u16>(view.ptr, AT_HOSTNAME_OFF);
}

export function globalHostnameLen(): u32 {
  return view.ptr == 0 ? 0 : <u32>load<u8>(view.ptr, AT_HOSTNAME_LEN);
}

/** `arap callback`: ARA clients may be called back. */
export function globalArapCallback(): bool {
  return (globalFlags() & GlobalFlag.ArapCallback) != 0;
}

/** `arap network NET ZONE`: the network number, 0 when not configured. */
export function globalArapNetwork(): u32 {
  return (globalFlags() & GlobalFlag.ArapNetwork) != 0 ? <u32>load<u16>(view.ptr, AT_ARAP_NETWORK) : 0;
}

/** Where the `arap network` zone name is (0 when not configured); its length is globalArapZoneLen(). */
export function globalArapZonePtr(): usize {
  return (globalFlags() & GlobalFlag.ArapNetwork) != 0 ? view.ptr + <usize>load<u16>(view.ptr, AT_ZONE_OFF) : 0;
}

export function globalArapZoneLen(): u32 {
  return (globalFlags() & GlobalFlag.ArapNetwork) != 0 ? <u32>load<u8>(view.ptr, AT_ZONE_LEN) : 0;
}

/** `arap key-layout shifted` (dialback extension); as-is when not configured. */
export function globalArapKeyShifted(): bool {
  return (globalFlags() & GlobalFlag.ArapKeyShifted) != 0;
}
