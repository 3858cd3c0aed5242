// Section 15, InterfaceCredentials (boards/image.md): what an async interface answers when the
// peer asks it to authenticate. u16 count, u16 reserved, then per interface u16 number and four
// strings, each u8 length then its bytes: CHAP host name, CHAP password, PAP user, PAP password.

import { MAX_LINES } from "../mem/tty";
import { ImageStatus, SectionType } from "./image";
import { SectionView, sectionLocate, sectionHas } from "./section";

/** The four strings of a record, in order. */
export const enum Credential {
  ChapHostname = 0,
  ChapPassword = 1,
  PapUser = 2,
  PapPassword = 3,
}
/** The longest string: the core's PPP options hold 32 octets per text field (protocol/config.ts). */
const CREDENTIAL_MAX: u32 = 32;

// @ts-ignore: decorator
@lazy const view: SectionView = changetype<SectionView>(memory.data(offsetof<SectionView>(), 8));
let count: u32 = 0;

export function interfaceCredentialsReset(): void {
  view.ptr = 0;
  view.len = 0;
  count = 0;
}

/** Every record inside the section, with a TTY number and strings of at most 32 octets. */
export function interfaceCredentialsLoad(): ImageStatus {
  interfaceCredentialsReset();
  sectionLocate(view, SectionType.InterfaceCredentials);
  if (view.ptr == 0) return ImageStatus.Ok;
  if (view.len < 4) return ImageStatus.BadSection;
  const n = <u32>load<u16>(view.ptr);
  let at: u32 = 4;
  for (let i: u32 = 0; i < n; i++) {
    if (!sectionHas(view, at, 2)) return ImageStatus.BadSection;
    const number = <i32>load<u16>(view.ptr + at);
    if (number <= 0 || number >= MAX_LINES) return ImageStatus.BadValue;
    at += 2;
    for (let k = 0; k < 4; k++) {
      if (!sectionHas(view, at, 1)) return ImageStatus.BadSection;
      const len = <u32>load<u8>(view.ptr + at);
      if (len > CREDENTIAL_MAX) return ImageStatus.BadValue;
      if (!sectionHas(view, at + 1, len)) return ImageStatus.BadSection;
      at += 1 + len;
    }
  }
  count = n;
  return ImageStatus.Ok;
}

// The length octet of string `which` of `interface async number`'s record, 0 when none.
function field(number: i32, which: i32): usize {
  let at = view.ptr + 4;
  for (let i: u32 = 0; i < count; i++) {
    const own = <i32>load<u16>(at) == number;
    at += 2;
    for (let k = 0; k < 4; k++) {
      if (own && k == which) return at;
      at += 1 + <usize>load<u8>(at);
    }
  }
  return 0;
}

/** Length of credential `which` (Credential) of `interface async number`; 0 when not configured. */
export function interfaceCredentialLen(number: i32, which: i32): u32 {
  const f = field(number, which);
  return f == 0 ? 0 : <u32>load<u8>(f);
}

/** Where credential `which` of `interface async number` starts (0 when not configured). */
export function interfaceCredentialPtr(number: i32, which: i32): usize {
  const f = field(number, which);
  return f == 0 ? 0 : f + 1;
}
