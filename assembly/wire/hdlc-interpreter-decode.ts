// RFC 1662 receive loop for interpreters (wasm3), FCS-16 with ACCM 0 or all ones: the same
// octets and counters as hdlcDecode, in one function. An interpreter pays for every call
// and every field access, so the fast runs, the per-octet path and the FCS check of a
// closed frame all work on locals here, and tables are read at fixed addresses.

import { fcs16PairsOver, fcs16PairTableOn, FCS16_INIT, FCS16_GOOD } from "./fcs";
import { DecodeState, HdlcDecoder } from "./hdlc-decoder";
import { hdlcFramingTablesOn } from "./hdlc-interpreter";
import { UNSTUFF_AT } from "./lookup-tables";
import { anyFlagOrEscape } from "./swar";

/** Whether hdlcDecodeInterpreted serves this decoder: FCS-16, ACCM 0, or all ones with the framing tables. */
// @ts-ignore: decorator
@inline export function hdlcDecodeServes(d: HdlcDecoder): bool {
  return d.fcsBytes == 2 && fcs16PairTableOn() && (d.accm == 0 || (d.accm == 0xffffffff && hdlcFramingTablesOn()));
}

/**
 * hdlcDecode for interpreters (hdlcDecodeServes): same contract, same results. Inlined
 * into hdlcDecode, as an interpreter pays for every call (a compiler hardly does).
 */
// @ts-ignore: decorator
@inline export function hdlcDecodeInterpreted(d: HdlcDecoder, src: usize, len: i32): i32 {
  let p = src;
  const end = src + <usize>len;
  const buf = d.buf;
  const full = buf + <usize>d.capacity;
  let q = buf + <usize>d.len;
  let state = d.state;
  // RFC 1662 §7.1: with ACCM all ones every control octet is the link's and is deleted.
  const ones = d.accm != 0;
  let deleted: u32 = 0;
  d.frameReady = 0;
  while (p < end) {
    if (state == DecodeState.Data) {
      // q never gains on p, so input and room run out together: one bound per loop.
      if (ones) {
        // Eight steps per turn, each one plain octet, a plain pair or a 7D pair
        // (hdlc-interpreter.ts, unstuff), with no branch between them: an interpreter
        // loses more to mispredicted branches than to the extra steps. A step that needs
        // the per-octet path is 0: it moves nothing, so the steps after it repeat it and
        // only every fourth needs testing. Each step reads two octets and may write two,
        // hence sixteen of input and of room per turn.
        if (end - p >= 16 && full - q >= 16) {
          const last = (end - p < full - q ? end : p + (full - q)) - 16;
          while (p <= last) {
            let step = load<u32>(<usize>load<u16>(p) << 2, UNSTUFF_AT);
            store<u16>(q, <u16>step);
            p += (step >>> 16) & 0xff;
            q += step >>> 24;
            step = load<u32>(<usize>load<u16>(p) << 2, UNSTUFF_AT);
            store<u16>(q, <u16>step);
            p += (step >>> 16) & 0xff;
            q += step >>> 24;
            step = load<u32>(<usize>load<u16>(p) << 2, UNSTUFF_AT);
            store<u16>(q, <u16>step);
            p += (step >>> 16) & 0xff;
            q += step >>> 24;
            step = load<u32>(<usize>load<u16>(p) << 2, UNSTUFF_AT);
            store<u16>(q, <u16>step);
            p += (step >>> 16) & 0xff;
            q += step >>> 24;
            if (step == 0) break;
            step = load<u32>(<usize>load<u16>(p) << 2, UNSTUFF_AT);
            store<u16>(q, <u16>step);
            p += (step >>> 16) & 0xff;
            q += step >>> 24;
            step = load<u32>(<usize>load<u16>(p) << 2, UNSTUFF_AT);
            store<u16>(q, <u16>step);
            p += (step >>> 16) & 0xff;
            q += step >>> 24;
            step = load<u32>(<usize>load<u16>(p) << 2, UNSTUFF_AT);
            store<u16>(q, <u16>step);
            p += (step >>> 16) & 0xff;
            q += step >>> 24;
            step = load<u32>(<usize>load<u16>(p) << 2, UNSTUFF_AT);
            store<u16>(q, <u16>step);
            p += (step >>> 16) & 0xff;
            q += step >>> 24;
            if (step == 0) break;
          }
        }
      } else if (end - p >= 8 && full - q >= 8) {
        // ACCM 0: eight octets per test, stored whole (the buffer has slack); a 7D pair
        // with an ordinary second octet is settled here too (RFC 1662 §4.2).
        const last = (end - p < full - q ? end : p + (full - q)) - 8;
        while (p <= last) {
          const x = load<u64>(p);
          store<u64>(q, x);
          const special = anyFlagOrEscape(x);
          if (special == 0) {
            p += 8;
            q += 8;
            continue;
          }
          const clean = <usize>(ctz(special) >>> 3);
          p += clean;
          q += clean;
          const b = <u32>load<u8>(p);
          if (b == 0x7e) break;
          if (b != 0x7d) {
            p++; // 0x7C or 0x7F: already stored with the word
            q++;
            continue;
          }
          if (p + 1 >= end) break;
          const next = <u32>load<u8>(p, 1);
          if (next == 0x7e) break;
          store<u8>(q, <u8>(next ^ 0x20));
          p += 2;
          q++;
        }
      }
      if (p >= end) break;
    }
    const b = <u32>load<u8>(p);
    p++;
    if (ones && b < 0x20 && state != DecodeState.Hunt) {
      deleted++;
      continue;
    }
    if (b == 0x7e) {
      if (state == DecodeState.Escaped) {
        d.aborts++; // RFC 1662 §4.3: 7D 7E aborts the frame
      } else if (state == DecodeState.Data && q != buf) {
        const n = q - buf;
        q = buf;
        state = DecodeState.Data;
        // RFC 1662 §4.3: under 4 octets is a runt; a bad FCS drops the frame. §C.2: the FCS
        // over a whole frame, its own FCS included, leaves the good residue.
        if (n < 4) {
          d.runts++;
        } else if (fcs16PairsOver(FCS16_INIT, buf, n) != FCS16_GOOD) {
          d.badFcs++;
        } else {
          d.framesGood++;
          d.frameReady = 1;
          d.frameLen = <u32>n - 2;
          break;
        }
      }
      q = buf;
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
      v = b ^ 0x20;
      state = DecodeState.Data;
    } else if (b == 0x7d) {
      state = DecodeState.Escaped;
      continue;
    }
    if (q >= full) {
      d.oversize++;
      q = buf;
      state = DecodeState.Discard;
      continue;
    }
    store<u8>(q, <u8>v);
    q++;
  }
  d.state = state;
  d.deleted += deleted;
  d.len = d.frameReady ? 0 : <u32>(q - buf);
  return <i32>(p - src);
}
