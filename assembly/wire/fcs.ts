// RFC 1662 Appendix C frame check sequences, computed slicing-by-8
// (eight 256-entry tables, 8 input octets per step) for throughput.

import { FCS16_PAIRS_AT } from "./lookup-tables";

/** RFC 1662 §C.2: CRC-16/X.25 reflected polynomial, initial value and good residue. */
export const FCS16_INIT: u32 = 0xffff;
export const FCS16_GOOD: u32 = 0xf0b8;
/** RFC 1662 §C.3: CRC-32 reflected polynomial, initial value and good residue. */
export const FCS32_INIT: u32 = 0xffffffff;
export const FCS32_GOOD: u32 = 0xdebb20e3;

// @ts-ignore: decorator
@lazy const fcs16Tables: usize = memory.data(8 * 256 * 4, 16);
// @ts-ignore: decorator
@lazy const fcs32Tables: usize = memory.data(8 * 256 * 4, 16);

function buildTables(tables: usize, poly: u32): void {
  for (let i: u32 = 0; i < 256; i++) {
    let v = i;
    for (let k = 0; k < 8; k++) v = v & 1 ? (v >>> 1) ^ poly : v >>> 1;
    store<u32>(tables + (i << 2), v);
  }
  for (let t: usize = 1; t < 8; t++) {
    for (let i: usize = 0; i < 256; i++) {
      const prev = load<u32>(tables + ((t - 1) << 10) + (i << 2));
      store<u32>(tables + (t << 10) + (i << 2), (prev >>> 8) ^ load<u32>(tables + ((prev & 0xff) << 2)));
    }
  }
}

buildTables(fcs16Tables, 0x8408);
buildTables(fcs32Tables, 0xedb88320);

// Slicing-by-8 over the eight octets at `p`, each read with its own load (cheaper than
// shifting them out of a register) from tables at constant addresses. Only the first two
// octets meet a 16-bit running value, so `wide` false (FCS-16) spares two XORs.
// @ts-ignore: decorator
@inline function slice8(tables: usize, fcs: u32, p: usize, wide: bool): u32 {
  const b2 = <u32>load<u8>(p, 2);
  const b3 = <u32>load<u8>(p, 3);
  return (
    load<u32>(tables + (7 << 10) + (((fcs ^ <u32>load<u8>(p)) & 0xff) << 2)) ^
    load<u32>(tables + (6 << 10) + ((((fcs >>> 8) ^ <u32>load<u8>(p, 1)) & 0xff) << 2)) ^
    load<u32>(tables + (5 << 10) + ((wide ? ((fcs >>> 16) ^ b2) & 0xff : b2) << 2)) ^
    load<u32>(tables + (4 << 10) + ((wide ? (fcs >>> 24) ^ b3 : b3) << 2)) ^
    load<u32>(tables + (3 << 10) + (<u32>load<u8>(p, 4) << 2)) ^
    load<u32>(tables + (2 << 10) + (<u32>load<u8>(p, 5) << 2)) ^
    load<u32>(tables + (1 << 10) + (<u32>load<u8>(p, 6) << 2)) ^
    load<u32>(tables + (<u32>load<u8>(p, 7) << 2))
  );
}

// One octet through the first table (RFC 1662 §C.2/§C.3 table method).
// @ts-ignore: decorator
@inline function octetStep(tables: usize, fcs: u32, b: u32): u32 {
  return (fcs >>> 8) ^ load<u32>(tables + (((fcs ^ b) & 0xff) << 2));
}

// @ts-ignore: decorator
@inline function fcsUpdate(tables: usize, wide: bool, fcs: u32, ptr: usize, len: usize): u32 {
  let p = ptr;
  const end = ptr + len;
  while (p + 8 <= end) {
    fcs = slice8(tables, fcs, p, wide);
    p += 8;
  }
  while (p < end) {
    fcs = octetStep(tables, fcs, <u32>load<u8>(p));
    p++;
  }
  return fcs;
}

/** Running FCS over the eight octets at `p`; `four` must be a constant where this is inlined. */
// @ts-ignore: decorator
@inline export function fcsAt8(four: bool, fcs: u32, p: usize): u32 {
  return four ? slice8(fcs32Tables, fcs, p, true) : slice8(fcs16Tables, fcs, p, false);
}

/** Running FCS-16 or FCS-32 over one octet. */
// @ts-ignore: decorator
@inline export function fcsOctet(four: bool, fcs: u32, b: u32): u32 {
  return octetStep(four ? fcs32Tables : fcs16Tables, fcs, b);
}

// An interpreter (wasm3) pays per instruction, not per cache miss: for it FCS-16 runs two
// octets per lookup from a 65536-entry table (a 16-bit register is fully replaced by each
// 16 bits of input, so one lookup of fcs ^ (b0 | b1 << 8) does two octet steps).
// Compiled engines keep slicing-by-8, whose 8 KiB of tables stay in the L1 cache.
let fcs16PairsOn: bool = false;

/** Builds the two-octet table at FCS16_PAIRS_AT (reserved by the caller) and uses it; false goes back to slicing-by-8. */
export function fcs16UsePairTable(on: bool): void {
  fcs16PairsOn = on;
  if (!on) return;
  for (let v: u32 = 0; v < 65536; v++) {
    const first = load<u32>(fcs16Tables + ((v & 0xff) << 2));
    const second = load<u32>(fcs16Tables + ((((v >>> 8) ^ first) & 0xff) << 2));
    store<u16>(FCS16_PAIRS_AT + (v << 1), <u16>((first >>> 8) ^ second));
  }
}

/** One octet of FCS-16 from the first of the slicing tables, at a fixed address. */
// @ts-ignore: decorator
@inline export function fcs16Octet(fcs: u32, b: u32): u32 {
  return (fcs >>> 8) ^ load<u32>(((fcs ^ b) & 0xff) << 2, fcs16Tables);
}

/** Two octets of FCS-16 (b0 | b1 << 8) from the pair table (fcs16UsePairTable). */
// @ts-ignore: decorator
@inline export function fcs16Pair(fcs: u32, pair: u32): u32 {
  return <u32>load<u16>((fcs ^ pair) << 1, FCS16_PAIRS_AT);
}

/** Four octets of FCS-16 (`w`, first octet lowest) in two pair lookups. */
// @ts-ignore: decorator
@inline export function fcs16Word(fcs: u32, w: u32): u32 {
  const v = w ^ fcs;
  return fcs16Pair(fcs16Pair(v & 0xffff, 0), v >>> 16);
}

/**
 * Running FCS-16 over `len` octets at `ptr` with the pair table: sixteen octets per turn, as
 * each turn of an interpreter's loop costs a native call. Inlined where a call would cost.
 */
// @ts-ignore: decorator
@inline export function fcs16PairsOver(fcs: u32, ptr: usize, len: usize): u32 {
  let p = ptr;
  const end = ptr + len;
  while (p + 16 <= end) {
    fcs = fcs16Word(fcs, load<u32>(p));
    fcs = fcs16Word(fcs, load<u32>(p, 4));
    fcs = fcs16Word(fcs, load<u32>(p, 8));
    fcs = fcs16Word(fcs, load<u32>(p, 12));
    p += 16;
  }
  while (p + 4 <= end) {
    fcs = fcs16Word(fcs, load<u32>(p));
    p += 4;
  }
  while (p < end) {
    fcs = fcs16Octet(fcs, <u32>load<u8>(p));
    p++;
  }
  return fcs;
}

function fcs16UpdatePairs(fcs: u32, ptr: usize, len: usize): u32 {
  return fcs16PairsOver(fcs, ptr, len);
}

/** Running FCS-16 over `len` octets at `ptr` (start with FCS16_INIT). */
export function fcs16Update(fcs: u32, ptr: usize, len: usize): u32 {
  return fcs16PairsOn ? fcs16UpdatePairs(fcs, ptr, len) : fcsUpdate(fcs16Tables, false, fcs, ptr, len);
}

/** Running FCS-32 over `len` octets at `ptr` (start with FCS32_INIT). */
export function fcs32Update(fcs: u32, ptr: usize, len: usize): u32 {
  return fcsUpdate(fcs32Tables, true, fcs, ptr, len);
}

/** Whether the two-octet table is in use. */
export function fcs16PairTableOn(): bool {
  return fcs16PairsOn;
}
