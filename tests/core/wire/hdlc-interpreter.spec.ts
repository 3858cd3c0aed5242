import {
  hdlcEncode, hdlcEncodedMax, hdlcDecode, hdlcDecoderInit, HdlcDecoder, HDLC_DECODER_BYTES, HDLC_DECODER_SLACK, ACCM_DEFAULT,
} from "../../../assembly/wire/hdlc";
import { hdlcUseInterpreterLoops } from "../../../assembly/wire/hdlc-interpreter";
import { fcs16UsePairTable } from "../../../assembly/wire/fcs";
import { octetRuleFrame } from "../support/hdlc-reference";
import { ptrOf, toHex } from "../support/bytes";

// The interpreter loops (hdlc-interpreter.ts) against the RFC 1662 octet rule and against
// the compiled-engine loops: the engine hint may change speed, never a single octet.

// The tables live at fixed addresses at the top of the arena, which this spec leaves unused.
function interpreter(on: bool): void {
  fcs16UsePairTable(on);
  hdlcUseInterpreterLoops(on);
}

function newDecoder(accm: u32, fcsBytes: u32, capacity: u32): HdlcDecoder {
  const d = changetype<HdlcDecoder>(heap.alloc(HDLC_DECODER_BYTES));
  hdlcDecoderInit(d, heap.alloc(capacity + HDLC_DECODER_SLACK), capacity);
  d.accm = accm;
  d.fcsBytes = fcsBytes;
  return d;
}

/** Good frames as hex joined by "|", then every counter, for `len` bytes fed in pieces. */
function decodeReport(accm: u32, fcsBytes: u32, capacity: u32, src: usize, len: i32, piece: i32): string {
  const d = newDecoder(accm, fcsBytes, capacity);
  let out = "";
  let at = 0;
  while (at < len) {
    const n = len - at < piece ? len - at : piece;
    let used = 0;
    while (used < n) {
      used += hdlcDecode(d, src + at + used, n - used);
      if (d.frameReady) {
        out += toHex(d.buf, d.frameLen) + "|";
        d.frameReady = 0;
      }
    }
    at += n;
  }
  return out + [d.framesGood, d.badFcs, d.runts, d.oversize, d.aborts, d.outsideBytes, d.deleted].join(",");
}

function fillRandom(ptr: usize, len: i32, seed: u32): void {
  let x = seed;
  for (let i = 0; i < len; i++) {
    x = x * 1664525 + 1013904223;
    store<u8>(ptr + i, <u8>(x >>> 24));
  }
}

const ACCMS: u32[] = [0, ACCM_DEFAULT, 0x000a0000];

describe("hdlc interpreter loops", () => {
  it("encode_stuffs_every_octet_at_every_word_position_per_rfc1662", () => {
    interpreter(true);
    const src = new StaticArray<u8>(256 + 7);
    const cap = hdlcEncodedMax(src.length);
    const dst = heap.alloc(cap);
    const want = heap.alloc(cap);
    for (let shift = 0; shift < 8; shift++) {
      for (let i = 0; i < src.length; i++) src[i] = <u8>(i < shift ? 0x41 : i - shift);
      const len = 256 + shift;
      // RFC 1662 §7.1: ACCM all ones escapes every control, plus 7D and 7E (§4.2).
      const o = octetRuleFrame(want, ptrOf(src), len, ACCM_DEFAULT);
      const n = hdlcEncode(dst, cap, ptrOf(src), len, ACCM_DEFAULT, 2, true);
      expect(toHex(dst, n)).toBe(toHex(want, o), "shift " + shift.toString());
    }
    interpreter(false);
  });

  it("encode_gives_the_compiled_loops_bytes_for_every_length_accm_and_fcs", () => {
    const src = heap.alloc(300);
    fillRandom(src, 300, 7);
    // Every octet value that needs an escape, near the start and the end.
    for (let i = 0; i < 40; i++) store<u8>(src + i, <u8>(i < 34 ? i : 0x7d + (i & 1)));
    for (let i = 260; i < 300; i++) store<u8>(src + i, <u8>(i & 1 ? 0x7e : i - 260));
    const cap = hdlcEncodedMax(300);
    const compiled = heap.alloc(cap);
    const interpreted = heap.alloc(cap);
    for (let a = 0; a < ACCMS.length; a++) {
      for (let fcsBytes = 2; fcsBytes <= 4; fcsBytes += 2) {
        for (let len = 0; len <= 300; len++) {
          const open = (len & 1) == 0;
          interpreter(false);
          const n = hdlcEncode(compiled, cap, src, len, ACCMS[a], fcsBytes, open);
          interpreter(true);
          const m = hdlcEncode(interpreted, cap, src, len, ACCMS[a], fcsBytes, open);
          const what = "accm " + ACCMS[a].toString(16) + " fcs " + fcsBytes.toString() + " len " + len.toString();
          expect(m).toBe(n, what);
          expect(toHex(interpreted, m)).toBe(toHex(compiled, n), what);
        }
      }
    }
    interpreter(false);
  });

  it("decode_gives_the_compiled_loops_frames_and_counters_at_every_cut_and_piece_size", () => {
    // Frames of every short length, a flood of escapes, XON/XOFF, an abort, junk.
    const payload = heap.alloc(200);
    fillRandom(payload, 200, 3);
    const stream = heap.alloc(8192);
    let n = 0;
    interpreter(false);
    for (let len = 0; len < 40; len++) n += hdlcEncode(stream + n, 8192 - n, payload + len, len, ACCM_DEFAULT, 2, len % 3 == 0);
    for (let i = 0; i < 64; i++) store<u8>(payload + i, <u8>(0x7d + (i & 1)));
    n += hdlcEncode(stream + n, 8192 - n, payload, 64, ACCM_DEFAULT, 2, true);
    n += hdlcEncode(stream + n, 8192 - n, payload + 64, 136, ACCM_DEFAULT, 2, true);
    const tail = [0x11, 0x41, 0x7d, 0x7e, 0x42, 0x13, 0x7d, 0x7d, 0x7e, 0x7d, 0x11, 0x61, 0x7e, 0x7c, 0x7f, 0x20];
    for (let i = 0; i < tail.length; i++) store<u8>(stream + n + i, <u8>tail[i]);
    n += tail.length;
    fillRandom(stream + n, 300, 11);
    n += 300;
    for (let a = 0; a < ACCMS.length; a++) {
      const accm = ACCMS[a];
      for (let piece = 1; piece <= 9; piece += 4) {
        for (let capacity: u32 = 30; capacity <= 1600; capacity += 1570) {
          interpreter(false);
          const compiled = decodeReport(accm, 2, capacity, stream, n, piece == 9 ? n : piece);
          interpreter(true);
          const interpreted = decodeReport(accm, 2, capacity, stream, n, piece == 9 ? n : piece);
          expect(interpreted).toBe(compiled, "accm " + accm.toString(16) + " piece " + piece.toString() + " cap " + capacity.toString());
        }
      }
    }
    // Cut once at every offset of a stream full of escapes.
    interpreter(true);
    const whole = decodeReport(ACCM_DEFAULT, 2, 1600, stream + 600, 400, 400);
    for (let cut = 1; cut < 400; cut++) {
      expect(decodeReport(ACCM_DEFAULT, 2, 1600, stream + 600, 400, cut)).toBe(whole, "piece " + cut.toString());
    }
    interpreter(false);
    expect(decodeReport(ACCM_DEFAULT, 2, 1600, stream + 600, 400, 400)).toBe(whole);
    expect(whole.split("|").length).toBeGreaterThan(2);
  });

  it("decode_with_accm_0_gives_the_compiled_loops_results_at_every_cut", () => {
    // Frames encoded with ACCM 0: raw controls, runs of 7D/7E escapes, 7C and 7F (the
    // word test's false alarms), an escape split from its octet, an abort, a runt.
    const payload = heap.alloc(600);
    fillRandom(payload, 600, 5);
    for (let i = 0; i < 600; i += 7) store<u8>(payload + i, <u8>(0x7c + (i & 3)));
    for (let i = 0; i < 32; i++) store<u8>(payload + 100 + i, <u8>i);
    const stream = heap.alloc(4096);
    let n = 0;
    interpreter(false);
    for (let len = 0; len < 600; len += 37 + (len & 7)) {
      n += hdlcEncode(stream + n, 4096 - n, payload + (len >>> 1), len, 0, 2, len % 2 == 0);
    }
    const tail = [0x7e, 0x41, 0x7d, 0x7e, 0x7e, 0x42, 0x7e, 0x11, 0x7d, 0x5d, 0x7f, 0x7c, 0x31, 0x32, 0x7e];
    for (let i = 0; i < tail.length; i++) store<u8>(stream + n + i, <u8>tail[i]);
    n += tail.length;
    const compiled = decodeReport(0, 2, 1600, stream, n, n);
    expect(compiled.split("|").length).toBeGreaterThan(10);
    interpreter(true);
    for (let cut = 1; cut < n; cut += cut < 64 ? 1 : 29) {
      expect(decodeReport(0, 2, 1600, stream, n, cut)).toBe(compiled, "piece " + cut.toString());
    }
    // A small buffer: frames over 40 octets are dropped as oversize the same way.
    interpreter(false);
    const small = decodeReport(0, 2, 40, stream, n, n);
    interpreter(true);
    expect(decodeReport(0, 2, 40, stream, n, 13)).toBe(small);
    interpreter(false);
  });

  it("decode_agrees_with_the_compiled_loops_on_random_streams_rich_in_flags_escapes_and_controls", () => {
    // Octets drawn mostly from 7D, 7E, 7C, 7F, controls and a few plain ones, so every
    // step kind, abort, runt, oversize and deleted control turns up at every position.
    const alphabet: u8[] = [0x7d, 0x7e, 0x7c, 0x7f, 0x00, 0x11, 0x13, 0x1f, 0x20, 0x41, 0x5d, 0x5e, 0xff];
    const stream = heap.alloc(1024);
    for (let seed: u32 = 1; seed <= 40; seed++) {
      let x = seed * 2654435761;
      for (let i = 0; i < 1024; i++) {
        x ^= x << 13;
        x ^= x >>> 17;
        x ^= x << 5;
        // Half the octets plain random, half from the alphabet.
        store<u8>(stream + i, (x & 0x100) != 0 ? <u8>x : alphabet[(x >>> 9) % <u32>alphabet.length]);
      }
      for (let a = 0; a < 2; a++) {
        const accm: u32 = a == 0 ? 0 : ACCM_DEFAULT;
        const capacity: u32 = seed & 1 ? 24 : 1600;
        const piece = <i32>(seed % 11) + 1;
        interpreter(false);
        const compiled = decodeReport(accm, 2, capacity, stream, 1024, piece);
        interpreter(true);
        const interpreted = decodeReport(accm, 2, capacity, stream, 1024, piece);
        expect(interpreted).toBe(compiled, "seed " + seed.toString() + " accm " + accm.toString(16));
      }
    }
    interpreter(false);
  });
});
