// RFC 1662 framing loops for interpreters (wasm3), which pay per wasm instruction rather
// than per cache miss: with ACCM all ones (the RFC 1662 §7.1 default) one octet in eight
// is escaped, so the word-at-a-time loops of hdlc.ts keep leaving their fast path. Here
// both directions work on two octets per table lookup instead, and the encoder computes
// the FCS in the same pass. The tables sit at fixed addresses at the top of the arena
// (lookup-tables.ts), built at the end of init when the host says it interprets and they
// fit (abi/engine.ts).

import { fcs16Octet, fcs16Pair, fcs16PairTableOn, fcs16Word, FCS16_INIT } from "./fcs";
import { STUFF_AT, STUFF_LEN_AT, UNSTUFF_AT } from "./lookup-tables";
import { anyFlagOrEscape } from "./swar";

//  Tables, each indexed by two octets v = b0 | b1 << 8:
//  stuff      up to four output octets for b0 b1 (stored whole, the rest overwritten next)
//  stuffLen   how many of them count (2..4)
//  unstuff    one receive step from b0: output octets | octets consumed << 16 | octets
//             produced << 24; zero when the step needs the per-octet path

let framingOn: bool = false;

// RFC 1662 §4.2, §7.1 with ACCM all ones: flag, escape and every control octet go escaped.
// @ts-ignore: decorator
@inline function escaped(b: u32): bool {
  return b == 0x7e || b == 0x7d || b < 0x20;
}

// @ts-ignore: decorator
@inline function stuffed(b: u32): u32 {
  return escaped(b) ? 0x7d | ((b ^ 0x20) << 8) : b;
}

function buildTables(): void {
  for (let v: u32 = 0; v < 65536; v++) {
    const b0 = v & 0xff;
    const b1 = v >>> 8;
    const len0: u32 = escaped(b0) ? 2 : 1;
    const len1: u32 = escaped(b1) ? 2 : 1;
    store<u32>(STUFF_AT + (v << 2), stuffed(b0) | (stuffed(b1) << (len0 << 3)));
    store<u8>(STUFF_LEN_AT + v, <u8>(len0 + len1));
    let step: u32 = 0;
    if (!escaped(b0)) step = escaped(b1) ? b0 | (1 << 16) | (1 << 24) : v | (2 << 16) | (2 << 24);
    else if (b0 == 0x7d && !escaped(b1)) step = (b1 ^ 0x20) | (2 << 16) | (1 << 24);
    store<u32>(UNSTUFF_AT + (v << 2), step);
  }
}

/**
 * Builds the framing tables at their fixed addresses (PAIR_TABLES_BYTES, reserved by the
 * caller) and uses them while the FCS-16 pair table is on; false switches these loops off.
 */
export function hdlcUseInterpreterLoops(on: bool): void {
  framingOn = false;
  if (!on) return;
  buildTables();
  framingOn = true;
}

/** Whether an interpreter loop encodes a frame: FCS-16 with ACCM 0, or ACCM all ones with the tables. */
// @ts-ignore: decorator
@inline export function hdlcEncodeServes(accm: u32, fcsBytes: i32): bool {
  return fcsBytes == 2 && fcs16PairTableOn() && (accm == 0 || (accm == 0xffffffff && framingOn));
}

/** Whether the framing tables are built (ACCM all ones loops). */
// @ts-ignore: decorator
@inline export function hdlcFramingTablesOn(): bool {
  return framingOn;
}

// RFC 1662 §4.2 with ACCM 0: only flag and escape go escaped.
// @ts-ignore: decorator
@inline function putClear(q: usize, b: u32): usize {
  if (b == 0x7e || b == 0x7d) {
    store<u16>(q, <u16>(0x7d | ((b ^ 0x20) << 8)));
    return q + 2;
  }
  store<u8>(q, <u8>b);
  return q + 1;
}

// Eight octets `x` read at `at`: stored whole, and again octet by octet if one needs an escape.
// @ts-ignore: decorator
@inline function putClearWord(q: usize, at: usize, x: u64): usize {
  store<u64>(q, x);
  if (anyFlagOrEscape(x) == 0) return q + 8;
  for (let k: usize = 0; k < 8; k++) q = putClear(q, <u32>load<u8>(at + k));
  return q;
}

/**
 * hdlcEncode for interpreters, ACCM 0 and FCS-16: eight octets per turn, stored whole,
 * with the FCS of the same word in four pair lookups; a word holding a flag or an escape
 * is stored again octet by octet. Same output as hdlcEncode; `dst` is already checked.
 */
// @ts-ignore: decorator
@inline export function hdlcEncodeClearInterpreted(dst: usize, src: usize, len: i32, openFlag: bool): i32 {
  let q = dst;
  if (openFlag) {
    store<u8>(q, 0x7e);
    q++;
  }
  let p = src;
  const end = src + <usize>len;
  let fcs: u32 = FCS16_INIT;
  while (p + 8 <= end) {
    const x = load<u64>(p);
    fcs = fcs16Word(fcs, <u32>x);
    fcs = fcs16Word(fcs, <u32>(x >>> 32));
    q = putClearWord(q, p, x);
    p += 8;
  }
  while (p < end) {
    const b = <u32>load<u8>(p);
    fcs = fcs16Octet(fcs, b);
    q = putClear(q, b);
    p++;
  }
  // RFC 1662 §C.2: ones' complement of the FCS, least significant octet first.
  fcs = ~fcs & 0xffff;
  q = putClear(q, fcs & 0xff);
  q = putClear(q, fcs >>> 8);
  store<u8>(q, 0x7e);
  return <i32>(q + 1 - dst);
}

/**
 * hdlcEncode for interpreters, ACCM all ones and FCS-16 (hdlcEncodeServes): same output.
 * `dst` is already checked to hold hdlcEncodedMax(len) octets, which also covers the
 * overhang of the four-octet stores.
 */
// @ts-ignore: decorator
@inline export function hdlcEncodeInterpreted(dst: usize, src: usize, len: i32, openFlag: bool): i32 {
  let q = dst;
  if (openFlag) {
    store<u8>(q, 0x7e);
    q++;
  }
  let p = src;
  const end = src + <usize>len;
  const words = src + (<usize>len & ~(<usize>7));
  let fcs: u32 = FCS16_INIT;
  // Eight octets per turn, four per load: each load feeds two FCS lookups and two
  // stuffing lookups, each for two octets at once.
  while (p < words) {
    let w = load<u32>(p);
    let lo = w & 0xffff;
    let hi = w >>> 16;
    fcs = fcs16Pair(fcs, lo);
    fcs = fcs16Pair(fcs, hi);
    store<u32>(q, load<u32>(lo << 2, STUFF_AT));
    q += <usize>load<u8>(lo, STUFF_LEN_AT);
    store<u32>(q, load<u32>(hi << 2, STUFF_AT));
    q += <usize>load<u8>(hi, STUFF_LEN_AT);
    w = load<u32>(p, 4);
    lo = w & 0xffff;
    hi = w >>> 16;
    fcs = fcs16Pair(fcs, lo);
    fcs = fcs16Pair(fcs, hi);
    store<u32>(q, load<u32>(lo << 2, STUFF_AT));
    q += <usize>load<u8>(lo, STUFF_LEN_AT);
    store<u32>(q, load<u32>(hi << 2, STUFF_AT));
    q += <usize>load<u8>(hi, STUFF_LEN_AT);
    p += 8;
  }
  // Up to seven octets left: two at a time, then maybe one.
  while (p + 2 <= end) {
    const v = <u32>load<u16>(p);
    fcs = fcs16Pair(fcs, v);
    store<u32>(q, load<u32>(v << 2, STUFF_AT));
    q += <usize>load<u8>(v, STUFF_LEN_AT);
    p += 2;
  }
  if (p < end) {
    // The last octet: the pair entry for (b, 0) starts with b's pattern.
    const b = <u32>load<u8>(p);
    fcs = fcs16Octet(fcs, b);
    store<u32>(q, load<u32>(b << 2, STUFF_AT));
    q += escaped(b) ? 2 : 1;
  }
  // RFC 1662 §C.2: ones' complement of the FCS, least significant octet first; both
  // octets form one pair.
  fcs = ~fcs & 0xffff;
  store<u32>(q, load<u32>(fcs << 2, STUFF_AT));
  q += <usize>load<u8>(fcs, STUFF_LEN_AT);
  store<u8>(q, 0x7e);
  return <i32>(q + 1 - dst);
}
