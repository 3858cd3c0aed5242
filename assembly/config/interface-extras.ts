// Section 12, InterfaceExtras (boards/image.md), read for what authentication needs: the
// whole `ppp authentication` order of an async interface (section 6 holds only the first three
// protocols, and no MS-CHAP-v2). Records: u16 number, u16 flags, ...,
// u8 protocol count at 26, u8[5] protocol codes at 27 (1 PAP, 2 CHAP, 3 MS-CHAP, 4 MS-CHAP-v2, 5 EAP).

import { MAX_LINES } from "../mem/tty";
import { ImageStatus, SectionType } from "./image";
import { SectionView, sectionLocate, tableFits } from "./section";

export const INTERFACE_EXTRA_BYTES: u32 = 32;
/** Protocol code of EAP, which the core does not speak. */
const AUTH_CODE_EAP: u32 = 5;
const AUTH_CODES_MAX: u32 = 5;

const AT_AUTH_COUNT: usize = 26;
const AT_AUTH_CODES: usize = 27;

// @ts-ignore: decorator
@lazy const view: SectionView = changetype<SectionView>(memory.data(offsetof<SectionView>(), 8));
let count: u32 = 0;
let recordBytes: u32 = 0;

export function interfaceExtrasReset(): void {
  view.ptr = 0;
  view.len = 0;
  count = 0;
}

export function interfaceExtrasLoad(): ImageStatus {
  interfaceExtrasReset();
  sectionLocate(view, SectionType.InterfaceExtras);
  if (view.ptr == 0) return ImageStatus.Ok;
  if (!tableFits(view, INTERFACE_EXTRA_BYTES)) return ImageStatus.BadSection;
  const n = <u32>load<u16>(view.ptr);
  recordBytes = <u32>load<u16>(view.ptr, 2);
  for (let i: u32 = 0; i < n; i++) {
    const r = view.ptr + 4 + i * recordBytes;
    const number = <i32>load<u16>(r);
    const protocols = <u32>load<u8>(r, AT_AUTH_COUNT);
    if (number <= 0 || number >= MAX_LINES || protocols > AUTH_CODES_MAX) return ImageStatus.BadValue;
    for (let k: u32 = 0; k < protocols; k++) {
      const code = <u32>load<u8>(r + AT_AUTH_CODES + k);
      if (code == 0 || code > AUTH_CODES_MAX) return ImageStatus.BadValue;
    }
  }
  count = n;
  return ImageStatus.Ok;
}

function find(number: i32): usize {
  for (let i: u32 = 0; i < count; i++) {
    const r = view.ptr + 4 + i * recordBytes;
    if (<i32>load<u16>(r) == number) return r;
  }
  return 0;
}

/**
 * The protocols `ppp authentication` lists for `interface async number`, in order, one code
 * per octet (first in the low octet, at most four): EAP, which the core does not speak, is
 * passed over as IOS passes over a protocol the peer refuses. 0 when none or no record.
 */
export function interfaceAuthOrder(number: i32): u32 {
  const r = find(number);
  if (r == 0) return 0;
  const protocols = <u32>load<u8>(r, AT_AUTH_COUNT);
  let order: u32 = 0;
  let shift: u32 = 0;
  for (let k: u32 = 0; k < protocols && shift < 32; k++) {
    const code = <u32>load<u8>(r + AT_AUTH_CODES + k);
    if (code == AUTH_CODE_EAP) continue;
    order |= code << shift;
    shift += 8;
  }
  return order;
}
