// Text output to a line's transmit ring without allocation: static literals and numbers.

import { Line } from "./lines";
import { ringPutByte, ringFree } from "../mem/ring";

/** Writes an ASCII literal; false (and counted) when the ring has no room for all of it. */
export function textPut(l: Line, s: string): bool {
  const n = s.length;
  if (ringFree(l.txRing) < <u32>n) {
    l.txDropped++;
    return false;
  }
  for (let i = 0; i < n; i++) ringPutByte(l.txRing, <u8>s.charCodeAt(i));
  return true;
}

/** Writes `len` bytes from memory (a user name, an echoed character). */
export function textPutBytes(l: Line, ptr: usize, len: u32): bool {
  if (ringFree(l.txRing) < len) {
    l.txDropped++;
    return false;
  }
  for (let i: u32 = 0; i < len; i++) ringPutByte(l.txRing, load<u8>(ptr + i));
  return true;
}

/**
 * Writes `len` bytes someone else chose (a user name, a number) so a terminal can show them
 * and do nothing else: printable ASCII as is, \r \n \t by name, every other byte as \xNN.
 * Returns the width written, for padding.
 */
export function textPutEscaped(l: Line, ptr: usize, len: u32): i32 {
  let width = 0;
  for (let i: u32 = 0; i < len; i++) {
    const b = load<u8>(ptr + i);
    if (b >= 0x20 && b < 0x7f) {
      textPutByte(l, b);
      width++;
      continue;
    }
    textPutByte(l, 0x5c);
    const named: u8 = b == 0x0d ? 0x72 : b == 0x0a ? 0x6e : b == 0x09 ? 0x74 : 0;
    if (named != 0) {
      textPutByte(l, named);
      width += 2;
      continue;
    }
    textPutByte(l, 0x78);
    textPutByte(l, hexDigit(b >> 4));
    textPutByte(l, hexDigit(b & 15));
    width += 4;
  }
  return width;
}

// @ts-ignore: decorator
@inline function hexDigit(n: u8): u8 {
  return n < 10 ? 0x30 + n : 0x57 + n;
}

export function textPutByte(l: Line, b: u8): void {
  if (!ringPutByte(l.txRing, b)) l.txDropped++;
}

/** Decimal number right-aligned in `width` columns (0 = no padding). */
export function textPutNumber(l: Line, value: u32, width: i32 = 0): void {
  let digits = 1;
  for (let v = value; v >= 10; v /= 10) digits++;
  for (let i = digits; i < width; i++) textPutByte(l, 0x20);
  let divisor: u32 = 1;
  for (let i = 1; i < digits; i++) divisor *= 10;
  for (; divisor > 0; divisor /= 10) textPutByte(l, <u8>(0x30 + (value / divisor) % 10));
}

/** Pads with spaces after text already written `written` wide, up to `width`. */
export function textPad(l: Line, written: i32, width: i32): void {
  for (let i = written; i < width; i++) textPutByte(l, 0x20);
}

/** A column `width` wide after `written`: a longer value overruns it by one space, never into the next. */
export function textPadAfter(l: Line, written: i32, width: i32): void {
  textPad(l, written, width - 1);
  textPut(l, " ");
}

/** `s`, then spaces up to `width`. */
export function textPutPadded(l: Line, s: string, width: i32): void {
  textPut(l, s);
  textPad(l, s.length, width);
}

/** hh:mm:ss of a millisecond count, as IOS prints idle times. */
export function textPutDuration(l: Line, ms: f64): void {
  const total = <u32>(ms / 1000);
  const hours = total / 3600;
  const minutes = (total / 60) % 60;
  const seconds = total % 60;
  if (hours < 10) textPutByte(l, 0x30);
  textPutNumber(l, hours);
  textPutByte(l, 0x3a);
  if (minutes < 10) textPutByte(l, 0x30);
  textPutNumber(l, minutes);
  textPutByte(l, 0x3a);
  if (seconds < 10) textPutByte(l, 0x30);
  textPutNumber(l, seconds);
}
