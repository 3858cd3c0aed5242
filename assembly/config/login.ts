// Section 10, Login (boards/image.md): IOS login throttling (`login block-for`, `login delay`,
// `login on-success log`) and, per TTY line, its line password and `timeout login response`.
// Read in place. The line password is compared here, every octet, so the time taken tells nothing.

import { MAX_LINES } from "../mem/tty";
import { ImageStatus, SectionType } from "./image";
import { SectionView, sectionLocate, sectionHas } from "./section";
import { imageHasLine } from "./lines-section";

export const LOGIN_HEADER_BYTES: u32 = 16;
export const LOGIN_RECORD_BYTES: u32 = 8;
/** Longest line password: the core's password field (an answer past it ends the attempt). */
export const LINE_PASSWORD_BYTES: u32 = 64;
/** Failures `login block-for` can count within its window (the guard remembers that many). */
export const LOGIN_ATTEMPTS_MAX: u32 = 255;
/** IOS `timeout login response` default. */
export const LOGIN_RESPONSE_DEFAULT_MS: f64 = 30000;
/** IOS: with `login block-for` and no `login delay`, attempts are 1 s apart. */
const LOGIN_DELAY_WITH_BLOCK_MS: f64 = 1000;
/** IOS `login delay` range is 1-10 seconds. */
const LOGIN_DELAY_MAX: u32 = 10;

export const enum LoginFlag {
  BlockFor = 1 << 0,
  OnSuccessLog = 1 << 1,
}

const RECORD_HAS_PASSWORD: u32 = 1 << 0;

// @ts-ignore: decorator
@lazy const view: SectionView = changetype<SectionView>(memory.data(offsetof<SectionView>(), 8));
// Record address per TTY (0 = no record: the defaults).
// @ts-ignore: decorator
@lazy const byTty: usize = memory.data(MAX_LINES * 4, 4);

export function loginSettingsReset(): void {
  view.ptr = 0;
  view.len = 0;
  memory.fill(byTty, 0, <usize>MAX_LINES * 4);
}

/** Header: u16 flags, u16 blockFor s, u16 attempts, u16 within s, u16 delay s, u16 count, u16 recordBytes, u16 0. */
export function loginSettingsLoad(): ImageStatus {
  loginSettingsReset();
  sectionLocate(view, SectionType.Login);
  if (view.ptr == 0) return ImageStatus.Ok;
  if (view.len < LOGIN_HEADER_BYTES) return ImageStatus.BadSection;
  const p = view.ptr;
  if (loginFlags() & LoginFlag.BlockFor) {
    const attempts = <u32>load<u16>(p, 4);
    if (load<u16>(p, 2) == 0 || attempts == 0 || attempts > LOGIN_ATTEMPTS_MAX || load<u16>(p, 6) == 0) return ImageStatus.BadValue;
  }
  if (<u32>load<u16>(p, 8) > LOGIN_DELAY_MAX) return ImageStatus.BadValue;
  const count = <u32>load<u16>(p, 10);
  const recordBytes = <u32>load<u16>(p, 12);
  if (recordBytes < LOGIN_RECORD_BYTES || !sectionHas(view, LOGIN_HEADER_BYTES, count * recordBytes)) return ImageStatus.BadSection;
  for (let i: u32 = 0; i < count; i++) {
    const r = p + LOGIN_HEADER_BYTES + i * recordBytes;
    const tty = <i32>load<u16>(r);
    // A refused section is forgotten by configLoad (configReset).
    if (tty <= 0 || tty >= MAX_LINES || !imageHasLine(tty) || record(tty) != 0) return ImageStatus.BadValue;
    const passwordLen = <u32>load<u8>(r, 6);
    if (passwordLen > LINE_PASSWORD_BYTES) return ImageStatus.BadValue;
    if (!sectionHas(view, <u32>load<u16>(r, 4), passwordLen)) return ImageStatus.BadSection;
    store<u32>(byTty + (<usize>tty << 2), <u32>r);
  }
  return ImageStatus.Ok;
}

function loginFlags(): u32 {
  return view.ptr == 0 ? 0 : <u32>load<u16>(view.ptr);
}

function record(tty: i32): usize {
  return tty <= 0 || tty >= MAX_LINES ? 0 : <usize>load<u32>(byTty + (<usize>tty << 2));
}

/** `login block-for`: the quiet period in ms, 0 when not configured. */
export function loginBlockForMs(): f64 {
  return loginFlags() & LoginFlag.BlockFor ? <f64>load<u16>(view.ptr, 2) * 1000 : 0;
}

/** `login block-for ... attempts N`: failures that start quiet mode. */
export function loginBlockAttempts(): u32 {
  return loginFlags() & LoginFlag.BlockFor ? <u32>load<u16>(view.ptr, 4) : 0;
}

/** `login block-for ... within W`: the window the failures are counted in, ms. */
export function loginBlockWithinMs(): f64 {
  return loginFlags() & LoginFlag.BlockFor ? <f64>load<u16>(view.ptr, 6) * 1000 : 0;
}

/** `login delay`, else 1 s when `login block-for` is set (IOS), else none. */
export function loginDelayMs(): f64 {
  const own = view.ptr == 0 ? 0 : <u32>load<u16>(view.ptr, 8);
  if (own != 0) return <f64>own * 1000;
  return loginFlags() & LoginFlag.BlockFor ? LOGIN_DELAY_WITH_BLOCK_MS : 0;
}

/** `login on-success log`. */
export function loginLogsSuccess(): bool {
  return (loginFlags() & LoginFlag.OnSuccessLog) != 0;
}

/** The line's `timeout login response`, else the IOS default. */
export function loginResponseMs(tty: i32): f64 {
  const r = record(tty);
  const own = r == 0 ? 0 : <u32>load<u16>(r, 2);
  return own != 0 ? <f64>own * 1000 : LOGIN_RESPONSE_DEFAULT_MS;
}

/** Whether the line has a `password` (what `login` asks for). */
export function linePasswordSet(tty: i32): bool {
  const r = record(tty);
  return r != 0 && (<u32>load<u8>(r, 7) & RECORD_HAS_PASSWORD) != 0;
}

/** Whether `len` octets at `ptr` are the line's password. Compares every octet, so the time taken tells nothing. */
export function linePasswordIs(tty: i32, ptr: usize, len: u32): bool {
  if (!linePasswordSet(tty)) return false;
  const r = record(tty);
  const secretLen = <u32>load<u8>(r, 6);
  const secret = view.ptr + <usize>load<u16>(r, 4);
  let diff: u32 = secretLen ^ len;
  const n = secretLen < len ? secretLen : len;
  for (let k: u32 = 0; k < n; k++) diff |= <u32>(load<u8>(secret + k) ^ load<u8>(ptr + k));
  return diff == 0;
}
