// Section 12, InterfaceExtras: what an async interface says beyond section 6 (boards/image.md).
// u16 count, u16 recordBytes (32), one record per interface of section 6 in the same order,
// then a string pool. Record: u16 number, u16 flags, u8[4] × 4 name servers (DNS primary,
// secondary, NBNS primary, secondary), u16 pool name offset, u8 pool name length, u8
// unnumbered name length, u16 unnumbered name offset, u8 authentication protocol count, u8[5]
// the protocols.
//
// Checked whole by interfaceExtrasLoad at init; then one reader per field, each keyed by the
// interface number (`interface async N`) and answering "none" (0) for an interface without a
// record, so a caller never needs to ask first whether one exists:
//   interfaceExtraFlags             InterfaceExtraFlag bits (pool, dhcp, callin, one-time, optional, group, dynamic)
//   interfaceNameServer             `ppp ipcp dns|wins` servers (NameServer order)
//   interfacePoolNamePtr/Len        `peer default ip address pool NAME`
//   interfaceUnnumberedNamePtr/Len  `ip unnumbered IF` (its address is in section 6 already)
//   interfaceAuthCount/At           `ppp authentication` protocols in their order (InterfaceAuth codes)

import { ImageStatus, SectionType } from "./image";
import { SectionView, sectionLocate, sectionHas, tableFits } from "./section";
import { interfaceCount, interfaceNumberAt } from "./interfaces";

export const INTERFACE_EXTRA_BYTES: u32 = 32;
/** The most authentication protocols a record lists, and the highest code (5 EAP). */
export const INTERFACE_AUTH_MAX: u32 = 5;

/** Protocol codes of a record's authentication list, in the order `ppp authentication` names them. */
export const enum InterfaceAuth {
  Pap = 1,
  Chap = 2,
  MsChap = 3,
  MsChapV2 = 4,
  Eap = 5,
}

/** InterfaceExtras record flags (boards/image.md). */
export const enum InterfaceExtraFlag {
  PeerPool = 1 << 0,
  PeerDhcp = 1 << 1,
  AuthCallin = 1 << 2,
  AuthOneTime = 1 << 3,
  AuthOptional = 1 << 4,
  FromGroup = 1 << 5,
  /** `async dynamic address`: the peer's own address request is accepted. */
  DynamicAddress = 1 << 6,
}
// Every bit InterfaceExtraFlag names; any other is BadValue.
const KNOWN_FLAGS: u32 = (1 << 7) - 1;

/** Which RFC 1877 server a record names (the order of its four address fields). */
export const enum NameServer {
  DnsPrimary = 0,
  DnsSecondary = 1,
  NbnsPrimary = 2,
  NbnsSecondary = 3,
}

// Field offsets of a record.
const AT_FLAGS: usize = 2;
const AT_SERVERS: usize = 4;
const AT_POOL_OFF: usize = 20;
const AT_POOL_LEN: usize = 22;
const AT_UNNUMBERED_LEN: usize = 23;
const AT_UNNUMBERED_OFF: usize = 24;
const AT_AUTH_COUNT: usize = 26;
const AT_AUTH: usize = 27;

// @ts-ignore: decorator
@lazy const view: SectionView = changetype<SectionView>(memory.data(offsetof<SectionView>(), 8));
let count: u32 = 0;
let recordBytes: u32 = 0;

export function interfaceExtrasReset(): void {
  view.ptr = 0;
  view.len = 0;
  count = 0;
}

/**
 * Checks the section against section 6 (read first): one record per interface, in its order
 * and with its numbers; known flag bits; both strings inside the section; a pool name when the
 * pool flag is set; at most five authentication protocols, each a known code.
 */
export function interfaceExtrasLoad(): ImageStatus {
  interfaceExtrasReset();
  sectionLocate(view, SectionType.InterfaceExtras);
  if (view.ptr == 0) return ImageStatus.Ok;
  if (!tableFits(view, INTERFACE_EXTRA_BYTES)) return ImageStatus.BadSection;
  const n = <u32>load<u16>(view.ptr);
  recordBytes = <u32>load<u16>(view.ptr, 2);
  if (n != interfaceCount()) return ImageStatus.BadValue;
  for (let i: u32 = 0; i < n; i++) {
    const r = view.ptr + 4 + i * recordBytes;
    if (<i32>load<u16>(r) != interfaceNumberAt(i)) return ImageStatus.BadValue;
    const flags = <u32>load<u16>(r, AT_FLAGS);
    if ((flags & ~KNOWN_FLAGS) != 0) return ImageStatus.BadValue;
    const poolLen = <u32>load<u8>(r, AT_POOL_LEN);
    const unnumberedLen = <u32>load<u8>(r, AT_UNNUMBERED_LEN);
    if (!sectionHas(view, <u32>load<u16>(r, AT_POOL_OFF), poolLen)) return ImageStatus.BadSection;
    if (!sectionHas(view, <u32>load<u16>(r, AT_UNNUMBERED_OFF), unnumberedLen)) return ImageStatus.BadSection;
    if ((flags & InterfaceExtraFlag.PeerPool) != 0 && poolLen == 0) return ImageStatus.BadValue;
    const protocols = <u32>load<u8>(r, AT_AUTH_COUNT);
    if (protocols > INTERFACE_AUTH_MAX) return ImageStatus.BadValue;
    for (let k: u32 = 0; k < protocols; k++) {
      const code = <u32>load<u8>(r + AT_AUTH + k);
      if (code == 0 || code > INTERFACE_AUTH_MAX) return ImageStatus.BadValue;
    }
  }
  count = n;
  return ImageStatus.Ok;
}

// Record of `interface async number`, 0 when absent.
function find(number: i32): usize {
  for (let i: u32 = 0; i < count; i++) {
    const r = view.ptr + 4 + i * recordBytes;
    if (<i32>load<u16>(r) == number) return r;
  }
  return 0;
}

/** InterfaceExtraFlag bits of `interface async number`, 0 when it has no record. */
export function interfaceExtraFlags(number: i32): u32 {
  const r = find(number);
  return r == 0 ? 0 : <u32>load<u16>(r, AT_FLAGS);
}

/** The RFC 1877 server `which` (NameServer) of `ppp ipcp dns|wins` as a big-endian value; 0 when none. */
export function interfaceNameServer(number: i32, which: i32): u32 {
  const r = find(number);
  if (r == 0 || which < 0 || which > NameServer.NbnsSecondary) return 0;
  const at = r + AT_SERVERS + <usize>which * 4;
  return (<u32>load<u8>(at) << 24) | (<u32>load<u8>(at, 1) << 16) | (<u32>load<u8>(at, 2) << 8) | <u32>load<u8>(at, 3);
}

/** Where `peer default ip address pool NAME` names its pool (0 when the interface has none). */
export function interfacePoolNamePtr(number: i32): usize {
  const r = find(number);
  return r == 0 || load<u8>(r, AT_POOL_LEN) == 0 ? 0 : view.ptr + <usize>load<u16>(r, AT_POOL_OFF);
}

export function interfacePoolNameLen(number: i32): u32 {
  const r = find(number);
  return r == 0 ? 0 : <u32>load<u8>(r, AT_POOL_LEN);
}

/** The interface `ip unnumbered IF` names (its address is resolved by the compiler into section 6). */
export function interfaceUnnumberedNamePtr(number: i32): usize {
  const r = find(number);
  return r == 0 || load<u8>(r, AT_UNNUMBERED_LEN) == 0 ? 0 : view.ptr + <usize>load<u16>(r, AT_UNNUMBERED_OFF);
}

export function interfaceUnnumberedNameLen(number: i32): u32 {
  const r = find(number);
  return r == 0 ? 0 : <u32>load<u8>(r, AT_UNNUMBERED_LEN);
}

/** How many protocols `ppp authentication` lists for `interface async number` (0..5; 0 when none or no record). */
export function interfaceAuthCount(number: i32): u32 {
  const r = find(number);
  return r == 0 ? 0 : <u32>load<u8>(r, AT_AUTH_COUNT);
}

/** The `k`-th protocol of that list (InterfaceAuth, checked at load), 0 past its end. */
export function interfaceAuthAt(number: i32, k: u32): u32 {
  const r = find(number);
  if (r == 0 || k >= <u32>load<u8>(r, AT_AUTH_COUNT)) return 0;
  return <u32>load<u8>(r + AT_AUTH + <usize>k);
}
