// Section 6, Interfaces: u16 count, u16 recordBytes (20), records { u16 number, u16 flags,
// u8[4] peer address, u8[4] ip address, u8[4] mask, u16 keepalive, u8 auth order, u8 auth count }.

import { MAX_LINES } from "../mem/tty";
import { ImageStatus, SectionType } from "./image";
import { SectionView, sectionLocate, tableFits } from "./section";

export const INTERFACE_RECORD_BYTES: u32 = 20;

/** Interface record flags (boards/image.md). */
export const enum InterfaceFlag {
  EncapsulationPpp = 1 << 0,
  EncapsulationSlip = 1 << 1,
  ModeInteractive = 1 << 2,
  ModeDedicated = 1 << 3,
  CallbackAccept = 1 << 4,
  CallbackInitiate = 1 << 5,
  CallbackRequest = 1 << 6,
  AuthPap = 1 << 7,
  AuthChap = 1 << 8,
  AuthMsChap = 1 << 9,
  AuthIfNeeded = 1 << 10,
  PeerAddress = 1 << 11,
  Unnumbered = 1 << 12,
  IpAddress = 1 << 13,
  KeepaliveOff = 1 << 14,
  FromGroup = 1 << 15,
}

// Field offsets of a record.
const AT_FLAGS: usize = 2;
const AT_PEER_ADDRESS: usize = 4;
const AT_IP_ADDRESS: usize = 8;
const AT_AUTH_COUNT: usize = 19;

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
    if (number <= 0 || number >= MAX_LINES || <u32>load<u8>(r, AT_AUTH_COUNT) > 3) return ImageStatus.BadValue;
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

/** The number of the `i`-th record (sorted), -1 when out of range. */
export function interfaceNumberAt(i: u32): i32 {
  return i < count ? <i32>load<u16>(view.ptr + 4 + i * recordBytes) : -1;
}

// Record of `interface async number`, 0 when absent.
function find(number: i32): usize {
  for (let i: u32 = 0; i < count; i++) {
    const r = view.ptr + 4 + i * recordBytes;
    if (<i32>load<u16>(r) == number) return r;
  }
  return 0;
}

/** Whether the image has `interface async number`. */
export function interfaceExists(number: i32): bool {
  return find(number) != 0;
}

/** InterfaceFlag bits of `interface async number`, 0 when absent. */
export function interfaceFlags(number: i32): u32 {
  const r = find(number);
  return r == 0 ? 0 : <u32>load<u16>(r, AT_FLAGS);
}

function ipv4(r: usize, at: usize): u32 {
  return (<u32>load<u8>(r + at) << 24) | (<u32>load<u8>(r + at + 1) << 16) | (<u32>load<u8>(r + at + 2) << 8) | <u32>load<u8>(r + at + 3);
}

/** The peer's default address as a big-endian u32 (10.1.1.1 = 0x0A010101), 0 when none. */
export function interfacePeerAddress(number: i32): u32 {
  const r = find(number);
  return r == 0 ? 0 : ipv4(r, AT_PEER_ADDRESS);
}

/** The interface's own address, the same way. */
export function interfaceIpAddress(number: i32): u32 {
  const r = find(number);
  return r == 0 ? 0 : ipv4(r, AT_IP_ADDRESS);
}
