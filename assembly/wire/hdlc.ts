// RFC 1662 asynchronous HDLC-like framing: octet stuffing with ACCM, FCS-16/32.
// Encoder and decoder are pure over byte views; the decoder keeps only its own state.

import { fcs16Update, fcs32Update, fcsAt8, fcsOctet, FCS16_INIT, FCS16_GOOD, FCS32_INIT, FCS32_GOOD } from "./fcs";
import { hdlcEncodeClearInterpreted, hdlcEncodeInterpreted, hdlcEncodeServes } from "./hdlc-interpreter";
import { hdlcDecodeInterpreted, hdlcDecodeServes } from "./hdlc-interpreter-decode";
import { DecodeState, HdlcDecoder } from "./hdlc-decoder";
import { anyToEscape } from "./swar";

export {
  ACCM_DEFAULT, DecodeState, HdlcDecoder, HDLC_DECODER_BYTES, HDLC_DECODER_SLACK, hdlcDecoderInit, hdlcDecoderRestart,
} from "./hdlc-decoder";

export const HDLC_FLAG: u8 = 0x7e;
export const HDLC_ESCAPE: u8 = 0x7d;
export const HDLC_TRANSPARENCY: u8 = 0x20;

/** Worst-case encoded size: every octet escaped, FCS-32 escaped, two flags. */
export function hdlcEncodedMax(payloadLen: i32): i32 {
  return 2 * payloadLen + 2 * 4 + 2;
}

// SWAR limit for octets below 0x20 (swar.ts anyToEscape).
// @ts-ignore: decorator
@inline const CONTROLS: u64 = 0x2020202020202020;

// @ts-ignore: decorator
@inline function controlLimit(accm: u32): u64 {
  return accm != 0 ? CONTROLS : 0;
}
// RFC 1662 §7.1: a control octet whose ACCM bit is set is removed on receipt.
// @ts-ignore: decorator
@inline function deletable(b: u32, accm: u32): bool {
  return b < 0x20 && ((accm >>> b) & 1) != 0;
}
// Per-octet escape table for the last transmit ACCM used (rebuilt only when it changes).
// @ts-ignore: decorator
@lazy const escapeTable: usize = memory.data(256, 16);
let escapeTableAccm: u32 = 0;
let escapeTableReady: bool = false;

function escapeTableFor(accm: u32): usize {
  if (!escapeTableReady || escapeTableAccm != accm) {
    for (let b: u32 = 0; b < 256; b++) {
      const escape = b == 0x7e || b == 0x7d || (b < 0x20 && ((accm >>> b) & 1) != 0);
      store<u8>(escapeTable + b, escape ? 1 : 0);
    }
    escapeTableAccm = accm;
    escapeTableReady = true;
  }
  return escapeTable;
}

/**
 * Frames `len` octets at `src` (address/control and protocol already in place) into `dst`.
 * `openFlag` false shares the previous frame's closing flag. `fcsBytes` is 2 or 4.
 * Returns the encoded length, or -1 when `dstCap` is below hdlcEncodedMax(len).
 */
export function hdlcEncode(dst: usize, dstCap: i32, src: usize, len: i32, accm: u32, fcsBytes: i32, openFlag: bool): i32 {
  if (dstCap < hdlcEncodedMax(len) || len < 0) return -1;
  // The interpreter loops are inlined here (an interpreter pays for every call), the
  // word loops for compiled engines are not.
  if (!hdlcEncodeServes(accm, fcsBytes)) return hdlcEncodeWords(dst, src, len, accm, fcsBytes, openFlag);
  return accm == 0 ? hdlcEncodeClearInterpreted(dst, src, len, openFlag) : hdlcEncodeInterpreted(dst, src, len, openFlag);
}

// hdlcEncode for compiled engines: eight octets per test, FCS slicing-by-8. One copy of the
// loop per FCS size and per kind of ACCM, so each runs with its constants in place.
function hdlcEncodeWords(dst: usize, src: usize, len: i32, accm: u32, fcsBytes: i32, openFlag: bool): i32 {
  const table = escapeTableFor(accm);
  if (fcsBytes == 4) {
    return accm == 0 ? encodeWords32Clear(dst, src, len, table, openFlag) : encodeWords32(dst, src, len, table, openFlag);
  }
  return accm == 0 ? encodeWords16Clear(dst, src, len, table, openFlag) : encodeWords16(dst, src, len, table, openFlag);
}

function encodeWords16(dst: usize, src: usize, len: i32, table: usize, openFlag: bool): i32 {
  return encodeWords(dst, src, len, table, false, true, openFlag);
}

function encodeWords16Clear(dst: usize, src: usize, len: i32, table: usize, openFlag: bool): i32 {
  return encodeWords(dst, src, len, table, false, false, openFlag);
}

function encodeWords32(dst: usize, src: usize, len: i32, table: usize, openFlag: bool): i32 {
  return encodeWords(dst, src, len, table, true, true, openFlag);
}

function encodeWords32Clear(dst: usize, src: usize, len: i32, table: usize, openFlag: bool): i32 {
  return encodeWords(dst, src, len, table, true, false, openFlag);
}

// One octet through the escape table without a branch: 7D is written first and, when the
// octet is not escaped, overwritten by the octet itself (RFC 1662 §4.2).
// @ts-ignore: decorator
@inline function putOctet(table: usize, q: usize, b: u32): usize {
  const escape = <u32>load<u8>(table + b);
  store<u8>(q, HDLC_ESCAPE);
  store<u8>(q + escape, <u8>(b ^ (escape << 5)));
  return q + 1 + escape;
}

// @ts-ignore: decorator
@inline function encodeWords(dst: usize, src: usize, len: i32, table: usize, four: bool, controls: bool, openFlag: bool): i32 {
  let q = dst;
  if (openFlag) {
    store<u8>(q, HDLC_FLAG);
    q++;
  }
  const end = src + <usize>len;
  let p = src;
  // RFC 1662 §C.2/C.3: the FCS runs over the same words as the stuffing.
  let fcs: u32 = four ? FCS32_INIT : FCS16_INIT;
  // Eight octets at a time: the word is stored whole, then each candidate octet (the SWAR
  // test may flag a few octets that need no escape; the table decides) is written as 7D
  // and the rest of the word, XOR 0x20 on the octet, one place further on. Candidates
  // come lowest first, so later ones overwrite only what follows them. The overhang is at
  // most 8 octets past the word's output, inside hdlcEncodedMax.
  while (p + 8 <= end) {
    const x = load<u64>(p);
    fcs = fcsAt8(four, fcs, p);
    p += 8;
    store<u64>(q, x);
    let special = anyToEscape(x, controls ? CONTROLS : 0);
    if (special == 0) {
      q += 8;
      continue;
    }
    special >>>= 7; // bit 8j for octet j
    let shift: usize = 0;
    do {
      const at = ctz(special);
      const rest = x >>> at;
      const escape = <usize>load<u8>(table + <usize>(rest & 0xff));
      const at8 = q + <usize>(at >>> 3) + shift;
      store<u8>(at8, HDLC_ESCAPE);
      store<u64>(at8 + escape, rest ^ (escape << 5));
      shift += escape;
      special &= special - 1;
    } while (special != 0);
    q += 8 + shift;
  }
  while (p < end) {
    const b = <u32>load<u8>(p);
    fcs = fcsOctet(four, fcs, b);
    q = putOctet(table, q, b);
    p++;
  }
  // Ones' complement of the FCS, least significant octet first.
  fcs = ~fcs;
  q = putOctet(table, q, fcs & 0xff);
  q = putOctet(table, q, (fcs >>> 8) & 0xff);
  if (four) {
    q = putOctet(table, q, (fcs >>> 16) & 0xff);
    q = putOctet(table, q, fcs >>> 24);
  }
  store<u8>(q, HDLC_FLAG);
  return <i32>(q + 1 - dst);
}

// RFC 1662 §4.3: runts are under 4 octets (FCS-16) or 6 (FCS-32), silently dropped.
function closeFrame(d: HdlcDecoder): void {
  const len = d.len;
  d.len = 0;
  if (len == 0) return; // shared or repeated flags
  const fcsBytes = d.fcsBytes;
  if (len < fcsBytes + 2) {
    d.runts++;
    return;
  }
  const good =
    fcsBytes == 4
      ? fcs32Update(FCS32_INIT, d.buf, len) == FCS32_GOOD
      : (fcs16Update(FCS16_INIT, d.buf, len) & 0xffff) == FCS16_GOOD;
  if (!good) {
    d.badFcs++;
    return;
  }
  d.framesGood++;
  d.frameReady = 1;
  d.frameLen = len - fcsBytes;
}

/**
 * Consumes octets from `src` until `len` are used or one good frame completes
 * (then d.frameReady = 1 and the frame, FCS removed, is d.buf[0..d.frameLen)).
 * Returns octets consumed. Bad frames are counted and dropped; decoding resumes at the next flag.
 */
export function hdlcDecode(d: HdlcDecoder, src: usize, len: i32): i32 {
  return hdlcDecodeServes(d) ? hdlcDecodeInterpreted(d, src, len) : hdlcDecodeWords(d, src, len);
}

// hdlcDecode for compiled engines: ordinary octets move eight at a time.
function hdlcDecodeWords(d: HdlcDecoder, src: usize, len: i32): i32 {
  const n = <usize>len;
  let i: usize = 0;
  let state = d.state;
  let out = d.len;
  const cap = d.capacity;
  const buf = d.buf;
  const accm = d.accm;
  const controls = controlLimit(accm);
  let deleted: u32 = 0;
  d.frameReady = 0;
  while (i < n) {
    if (state == DecodeState.Data) {
      // Fast path: ordinary octets move eight at a time; the word is stored whole (the
      // buffer has slack) and only the octets before the first candidate count. The usual
      // candidates are settled here too; a flag, or an escape whose pair is not plain,
      // goes to the per-octet path below.
      while (i + 8 <= n && out + 8 <= cap) {
        const x = load<u64>(src + i);
        const special = anyToEscape(x, controls);
        store<u64>(buf + out, x);
        if (special == 0) {
          out += 8;
          i += 8;
          continue;
        }
        const clean = <usize>(ctz(special) >>> 3);
        out += <u32>clean;
        i += clean;
        const b = <u32>load<u8>(src + i);
        if (b == HDLC_FLAG) break;
        if (deletable(b, accm)) {
          deleted++;
          i++;
        } else if (b != HDLC_ESCAPE) {
          out++; // 0x7C, 0x7F or a control outside the ACCM: already stored with the word
          i++;
        } else {
          // RFC 1662 §4.2: 7D and an ordinary octet stand for that octet XOR 0x20.
          if (i + 1 >= n) break;
          const next = <u32>load<u8>(src + i + 1);
          if (next == HDLC_FLAG || deletable(next, accm)) break;
          store<u8>(buf + out, <u8>(next ^ HDLC_TRANSPARENCY));
          out++;
          i += 2;
        }
      }
      if (i >= n) break;
    }
    const b = <u32>load<u8>(src + i);
    i++;
    if (state != DecodeState.Hunt && deletable(b, accm)) {
      deleted++; // RFC 1662 §7.1: inserted by the link (XON/XOFF); delete before unstuffing
      continue;
    }
    if (b == HDLC_FLAG) {
      if (state == DecodeState.Escaped) {
        d.aborts++; // RFC 1662 §4.3: 7D 7E aborts the frame
        out = 0;
      } else if (state == DecodeState.Data) {
        d.len = out;
        closeFrame(d);
        out = 0;
        state = DecodeState.Data;
        if (d.frameReady) break;
      }
      out = 0;
      state = DecodeState.Data;
      continue;
    }
    if (state == DecodeState.Hunt) {
      d.outsideBytes++;
      continue;
    }
    if (state == DecodeState.Discard) continue;
    let v = b;
    if (state == DecodeState.Escaped) {
      v = b ^ HDLC_TRANSPARENCY;
      state = DecodeState.Data;
    } else if (b == HDLC_ESCAPE) {
      state = DecodeState.Escaped;
      continue;
    }
    if (out >= cap) {
      d.oversize++;
      out = 0;
      state = DecodeState.Discard;
      continue;
    }
    store<u8>(buf + out, <u8>v);
    out++;
  }
  d.state = state;
  d.deleted += deleted;
  if (!d.frameReady) d.len = out;
  return <i32>i;
}
