// RFC 1662 framing loops for interpreters (wasm3), which pay per wasm instruction rather
// than per cache miss: with ACCM all ones (the RFC 1662 §7.1 default) one octet in eight
// is escaped, so the word-at-a-time loops of hdlc.ts keep leaving their fast path. Here
// both directions work on two octets per table lookup instead; tables come from the
// arena, built at the end of init when the host says it interprets and they fit
// (abi/engine.ts).

import { fcs16Update, FCS16_INIT } from "./fcs";

//  Tables (PAIR_TABLES_BYTES = 640 KiB), each indexed by two octets v = b0 | b1 << 8:
//  ┌──────────────────────┬──────────────────┬────────────────┬──────────────────────┐
//  │ stuff: u32 × 65536   │ stuffLen: u8 × … │ stops: u8 × …  │ unstuff: u32 × 65536 │
//  └──────────────────────┴──────────────────┴────────────────┴──────────────────────┘
//  stuff      up to four output octets for b0 b1 (stored whole, the rest overwritten next)
//  stuffLen   how many of them count (2..4)
//  stops      non-zero when b0 or b1 is a flag, an escape or a control
//  unstuff    one receive step from b0: output octets | octets consumed << 16 | octets
//             produced << 24; zero when the step needs the per-octet path
export const PAIR_TABLES_BYTES: i32 = 65536 * 4 + 65536 + 65536 + 65536 * 4;

let stuff: usize = 0;
let stuffLen: usize = 0;
let stops: usize = 0;
let unstuff: usize = 0;
let fcsPairs: usize = 0;

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
    store<u32>(stuff + (v << 2), stuffed(b0) | (stuffed(b1) << (len0 << 3)));
    store<u8>(stuffLen + v, <u8>(len0 + len1));
    store<u8>(stops + v, escaped(b0) || escaped(b1) ? 1 : 0);
    let step: u32 = 0;
    if (!escaped(b0)) step = escaped(b1) ? b0 | (1 << 16) | (1 << 24) : v | (2 << 16) | (2 << 24);
    else if (b0 == 0x7d && !escaped(b1)) step = (b1 ^ 0x20) | (2 << 16) | (1 << 24);
    store<u32>(unstuff + (v << 2), step);
  }
}

/**
 * Uses `tables` (PAIR_TABLES_BYTES, built here) and the two-octet FCS-16 table `pairs`
 * (fcs.ts) for ACCM all ones; 0 for either switches these loops off.
 */
export function hdlcUseInterpreterLoops(tables: usize, pairs: usize): void {
  fcsPairs = 0;
  if (tables == 0 || pairs == 0) return;
  stuff = tables;
  stuffLen = stuff + 65536 * 4;
  stops = stuffLen + 65536;
  unstuff = stops + 65536;
  buildTables();
  fcsPairs = pairs;
}

/** Whether hdlcEncodeInterpreted serves a frame: ACCM all ones and FCS-16. */
// @ts-ignore: decorator
@inline export function hdlcEncodeServes(accm: u32, fcsBytes: i32): bool {
  return fcsPairs != 0 && accm == 0xffffffff && fcsBytes == 2;
}

/** Whether hdlcPlainRun serves a receive ACCM: all ones. */
// @ts-ignore: decorator
@inline export function hdlcPlainRunServes(accm: u32): bool {
  return fcsPairs != 0 && accm == 0xffffffff;
}

/**
 * hdlcEncode for interpreters, ACCM all ones and FCS-16 (hdlcEncodeServes): same output.
 * `dst` is already checked to hold hdlcEncodedMax(len) octets, which also covers the
 * overhang of the four-octet stores.
 */
export function hdlcEncodeInterpreted(dst: usize, src: usize, len: i32, openFlag: bool): i32 {
  const patterns = stuff;
  const lengths = stuffLen;
  const pairs = fcsPairs;
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
    fcs = <u32>load<u16>(pairs + ((fcs ^ lo) << 1));
    fcs = <u32>load<u16>(pairs + ((fcs ^ hi) << 1));
    store<u32>(q, load<u32>(patterns + (lo << 2)));
    q += <usize>load<u8>(lengths + lo);
    store<u32>(q, load<u32>(patterns + (hi << 2)));
    q += <usize>load<u8>(lengths + hi);
    w = load<u32>(p, 4);
    lo = w & 0xffff;
    hi = w >>> 16;
    fcs = <u32>load<u16>(pairs + ((fcs ^ lo) << 1));
    fcs = <u32>load<u16>(pairs + ((fcs ^ hi) << 1));
    store<u32>(q, load<u32>(patterns + (lo << 2)));
    q += <usize>load<u8>(lengths + lo);
    store<u32>(q, load<u32>(patterns + (hi << 2)));
    q += <usize>load<u8>(lengths + hi);
    p += 8;
  }
  // Up to seven octets left: two at a time, then maybe one.
  while (p + 2 <= end) {
    const v = <u32>load<u16>(p);
    fcs = <u32>load<u16>(pairs + ((fcs ^ v) << 1));
    store<u32>(q, load<u32>(patterns + (v << 2)));
    q += <usize>load<u8>(lengths + v);
    p += 2;
  }
  if (p < end) {
    // The last octet: the pair entry for (b, 0) starts with b's pattern.
    const b = <u32>load<u8>(p);
    fcs = fcs16Update(fcs, p, 1);
    store<u32>(q, load<u32>(patterns + (b << 2)));
    q += escaped(b) ? 2 : 1;
  }
  // RFC 1662 §C.2: ones' complement of the FCS, least significant octet first; both
  // octets form one pair.
  fcs = ~fcs & 0xffff;
  store<u32>(q, load<u32>(patterns + (fcs << 2)));
  q += <usize>load<u8>(lengths + fcs);
  store<u8>(q, 0x7e);
  return <i32>(q + 1 - dst);
}

/** Output length of the last hdlcPlainRun. */
export let plainRunOut: u32 = 0;

/**
 * ACCM all ones: moves plain octets four at a time, and 7D pairs whose second octet is
 * plain (RFC 1662 §4.2), from src[i..n) to buf[out..cap) while four more octets of input
 * and of room remain; stops before anything else (flag, control, split pair). Returns
 * the new i; the new out is plainRunOut. The buffer's slack takes the overhanging stores.
 */
export function hdlcPlainRun(src: usize, i: usize, n: usize, buf: usize, out: u32, cap: u32): usize {
  const pairStops = stops;
  const steps = unstuff;
  let p = src + i;
  let q = buf + <usize>out;
  const end = src + n;
  const full = buf + <usize>cap;
  if (end - p < 4 || full - q < 4) {
    plainRunOut = out;
    return i;
  }
  // q never gains on p, so input and room run out together: one bound (last word start).
  const last = (end - p < full - q ? end : p + (full - q)) - 4;
  while (p <= last) {
    const w = load<u32>(p);
    const lo = w & 0xffff;
    if ((load<u8>(pairStops + lo) | load<u8>(pairStops + (w >>> 16))) == 0) {
      store<u32>(q, w);
      p += 4;
      q += 4;
      continue;
    }
    // One step from the first octet: a plain octet, a plain pair or an escaped octet.
    let step = load<u32>(steps + (lo << 2));
    if (step == 0) break;
    store<u16>(q, <u16>step);
    p += (step >>> 16) & 0xff;
    q += step >>> 24;
    // Two more steps straight away: next to an escape, the next word is seldom plain.
    if (p > last) break;
    step = load<u32>(steps + (<usize>load<u16>(p) << 2));
    if (step == 0) break;
    store<u16>(q, <u16>step);
    p += (step >>> 16) & 0xff;
    q += step >>> 24;
    if (p > last) break;
    step = load<u32>(steps + (<usize>load<u16>(p) << 2));
    if (step == 0) break;
    store<u16>(q, <u16>step);
    p += (step >>> 16) & 0xff;
    q += step >>> 24;
  }
  plainRunOut = <u32>(q - buf);
  return p - src;
}
