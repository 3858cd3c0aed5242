import {
  hdlcEncode, hdlcEncodedMax, hdlcDecode, hdlcDecoderInit, HdlcDecoder, HDLC_DECODER_BYTES, HDLC_DECODER_SLACK, ACCM_DEFAULT,
} from "../../../assembly/wire/hdlc";
import { octetRuleFrame } from "../support/hdlc-reference";
import { hexBytes, ptrOf, toHex } from "../support/bytes";
import { feedPieces, specDecoder } from "../support/hdlc-feed";

// pppd 2.4.9's first LCP Configure-Request as observed on Debian 12 (docs: protocols.md §1:
// asyncmap 0, magic C8035B35, pcomp, accomp; FCS 2F A5), stuffed with the default ACCM.
const PPPD_CONFREQ_WIRE =
  "7eff7d23c0217d217d217d207d347d227d267d207d207d207d207d257d26c87d235b357d277d227d287d222fa57e";
const PPPD_CONFREQ = "ff03c021010100140206000000000506c8035b3507020802";

const FRAME_MAX: u32 = 1600;

function newDecoder(accm: u32 = ACCM_DEFAULT, fcsBytes: u32 = 2, capacity: u32 = FRAME_MAX): HdlcDecoder {
  return specDecoder(accm, fcsBytes, capacity);
}

/** Same stream, cut once at every offset: every cut must give what the whole gives. */
function expectSplitInvariant(stream: StaticArray<u8>, accm: u32, expected: string): void {
  const whole = feedPieces(newDecoder(accm), ptrOf(stream), stream.length, stream.length);
  expect(whole).toBe(expected);
  for (let cut = 0; cut <= stream.length; cut++) {
    const d = newDecoder(accm);
    let out = feedPieces(d, ptrOf(stream), cut, 1 << 30);
    const rest = feedPieces(d, ptrOf(stream) + cut, stream.length - cut, 1 << 30);
    if (rest.length) out += (out.length ? "|" : "") + rest;
    expect(out).toBe(expected, "cut at " + cut.toString());
  }
  expect(feedPieces(newDecoder(accm), ptrOf(stream), stream.length, 1)).toBe(expected);
}

describe("hdlc encode", () => {
  it("pppd_confreq_with_default_accm_matches_captured_wire_bytes", () => {
    const src = hexBytes(PPPD_CONFREQ);
    const dst = heap.alloc(hdlcEncodedMax(src.length));
    const n = hdlcEncode(dst, hdlcEncodedMax(src.length), ptrOf(src), src.length, ACCM_DEFAULT, 2, true);
    expect(toHex(dst, n)).toBe(PPPD_CONFREQ_WIRE);
  });

  it("accm_zero_escapes_only_flag_and_escape", () => {
    const src = hexBytes("00117e7d1320");
    const dst = heap.alloc(64);
    const n = hdlcEncode(dst, 64, ptrOf(src), src.length, 0, 2, false);
    // 00 11 (7d 5e) (7d 5d) 13 20, FCS, flag; no opening flag
    expect(toHex(dst, 8)).toBe("00117d5e7d5d1320");
    expect(load<u8>(dst + n - 1)).toBe(0x7e);
  });

  it("accm_bits_pick_which_controls_are_escaped", () => {
    const src = hexBytes("11131415");
    const dst = heap.alloc(64);
    // XON (0x11) and XOFF (0x13) only: the usual asyncmap 000a0000
    hdlcEncode(dst, 64, ptrOf(src), src.length, 0x000a0000, 2, false);
    expect(toHex(dst, 6)).toBe("7d317d331415");
  });

  it("refuses_a_destination_below_the_worst_case", () => {
    const src = hexBytes("ff03c021");
    expect(hdlcEncode(heap.alloc(8), 8, ptrOf(src), 4, 0, 2, true)).toBe(-1);
  });

  it("fcs32_frames_decode_with_a_fcs32_decoder", () => {
    const src = hexBytes("ff03c0210101000401020304050607080910");
    const dst = heap.alloc(128);
    const n = hdlcEncode(dst, 128, ptrOf(src), src.length, ACCM_DEFAULT, 4, true);
    const d = newDecoder(ACCM_DEFAULT, 4);
    expect(feedPieces(d, dst, n, n)).toBe("ff03c0210101000401020304050607080910");
  });
});

describe("hdlc decode", () => {
  it("captured_pppd_confreq_decodes_to_its_frame_at_every_split", () => {
    expectSplitInvariant(hexBytes(PPPD_CONFREQ_WIRE), ACCM_DEFAULT, PPPD_CONFREQ);
  });

  it("modem_text_before_the_first_flag_is_not_a_frame", () => {
    const d = newDecoder();
    const stream = hexBytes("434f4e4e454354203131353230300d0a" + PPPD_CONFREQ_WIRE); // "CONNECT 115200\r\n"
    expect(feedPieces(d, ptrOf(stream), stream.length, stream.length)).toBe(PPPD_CONFREQ);
    expect(d.outsideBytes).toBe(16);
  });

  it("shared_flags_and_repeated_flags_give_back_to_back_frames", () => {
    // two frames sharing one flag, then idle flags
    const stream = hexBytes(PPPD_CONFREQ_WIRE + PPPD_CONFREQ_WIRE.substr(2) + "7e7e7e");
    expectSplitInvariant(stream, ACCM_DEFAULT, PPPD_CONFREQ + "|" + PPPD_CONFREQ);
  });

  it("bad_fcs_is_dropped_counted_and_decoding_resumes", () => {
    const bad = PPPD_CONFREQ_WIRE.substr(0, PPPD_CONFREQ_WIRE.length - 6) + "2fa67e";
    const stream = hexBytes(bad + PPPD_CONFREQ_WIRE.substr(2));
    const d = newDecoder();
    expect(feedPieces(d, ptrOf(stream), stream.length, 7)).toBe(PPPD_CONFREQ);
    expect(d.badFcs).toBe(1);
    expect(d.framesGood).toBe(1);
    expectSplitInvariant(stream, ACCM_DEFAULT, PPPD_CONFREQ);
  });

  it("runts_are_dropped_silently_not_as_fcs_errors", () => {
    const stream = hexBytes("7e41427e7eff7e7e414243" + PPPD_CONFREQ_WIRE);
    const d = newDecoder();
    expect(feedPieces(d, ptrOf(stream), stream.length, stream.length)).toBe(PPPD_CONFREQ);
    expect(d.runts).toBe(3);
    expect(d.badFcs).toBe(0);
  });

  it("escape_then_flag_aborts_the_frame", () => {
    const stream = hexBytes("7eff03c0217d7e" + PPPD_CONFREQ_WIRE.substr(2));
    const d = newDecoder();
    expect(feedPieces(d, ptrOf(stream), stream.length, stream.length)).toBe(PPPD_CONFREQ);
    expect(d.aborts).toBe(1);
    expect(d.badFcs).toBe(0);
    expectSplitInvariant(stream, ACCM_DEFAULT, PPPD_CONFREQ);
  });

  it("escape_at_the_end_of_a_buffer_continues_in_the_next", () => {
    const stream = hexBytes(PPPD_CONFREQ_WIRE);
    // byte 3 is the 7d of "7d 23": cut right after it
    const d = newDecoder();
    let out = feedPieces(d, ptrOf(stream), 3, 99);
    expect(load<u8>(ptrOf(stream) + 2)).toBe(0x7d);
    out += feedPieces(d, ptrOf(stream) + 3, stream.length - 3, 99);
    expect(out).toBe(PPPD_CONFREQ);
  });

  it("controls_in_the_receive_accm_are_deleted_before_unstuffing", () => {
    // XON/XOFF inserted by a modem inside the frame, one of them between 7d and its octet
    const wire = PPPD_CONFREQ_WIRE.substr(0, 6) + "11" + PPPD_CONFREQ_WIRE.substr(6, 2) + "13" + PPPD_CONFREQ_WIRE.substr(8);
    const stream = hexBytes(wire);
    const d = newDecoder(0x000a0000);
    expect(feedPieces(d, ptrOf(stream), stream.length, stream.length)).toBe(PPPD_CONFREQ);
    expect(d.deleted).toBe(2);
    expectSplitInvariant(stream, 0x000a0000, PPPD_CONFREQ);
  });

  it("oversize_frame_is_dropped_and_the_next_one_decodes", () => {
    const big = new StaticArray<u8>(3000 + 60);
    big[0] = 0x7e;
    for (let i = 1; i < 3000; i++) big[i] = <u8>(0x41 + (i % 26));
    const tail = hexBytes(PPPD_CONFREQ_WIRE);
    for (let i = 0; i < tail.length; i++) big[3000 + i] = tail[i];
    const d = newDecoder();
    expect(feedPieces(d, ptrOf(big), 3000 + tail.length, 1024)).toBe(PPPD_CONFREQ);
    expect(d.oversize).toBe(1);
  });

  it("sixty_four_kib_without_a_flag_neither_traps_nor_keeps_anything", () => {
    const junk = new StaticArray<u8>(65536);
    let seed: u32 = 12345;
    for (let i = 0; i < junk.length; i++) {
      seed = seed * 1103515245 + 12345;
      const b = <u8>(seed >>> 16);
      junk[i] = b == 0x7e ? 0x41 : b;
    }
    junk[0] = 0x7e;
    const d = newDecoder();
    expect(feedPieces(d, ptrOf(junk), junk.length, 4096)).toBe("");
    expect(d.oversize).toBe(1);
    expect(d.framesGood).toBe(0);
    // and it recovers at the next flag
    const frame = hexBytes(PPPD_CONFREQ_WIRE);
    expect(feedPieces(d, ptrOf(frame), frame.length, frame.length)).toBe(PPPD_CONFREQ);
  });

  it("random_bytes_never_trap_and_every_frame_is_accounted_for", () => {
    const junk = new StaticArray<u8>(20000);
    let seed: u32 = 99;
    for (let i = 0; i < junk.length; i++) {
      seed = seed * 1664525 + 1013904223;
      junk[i] = <u8>(seed >>> 24);
    }
    const d = newDecoder();
    feedPieces(d, ptrOf(junk), junk.length, 333);
    expect(d.framesGood + d.badFcs + d.runts + d.oversize + d.aborts).toBeGreaterThan(0);
  });

  it("encode_then_decode_round_trips_every_length_and_both_accms", () => {
    const src = new StaticArray<u8>(600);
    for (let i = 0; i < src.length; i++) src[i] = <u8>((i * 37 + 11) & 0xff);
    const dst = heap.alloc(hdlcEncodedMax(600));
    for (let len = 1; len <= 600; len += 7) {
      for (let k = 0; k < 2; k++) {
        const accm: u32 = k == 0 ? 0 : ACCM_DEFAULT;
        const n = hdlcEncode(dst, hdlcEncodedMax(600), ptrOf(src), len, accm, 2, true);
        const d = newDecoder(accm);
        let used = 0;
        while (used < n && !d.frameReady) used += hdlcDecode(d, dst + used, n - used);
        if (len >= 2) {
          expect(d.frameReady).toBe(1);
          expect(d.frameLen).toBe(len);
          expect(memory.compare(d.buf, ptrOf(src), len)).toBe(0);
        }
      }
    }
  });

  it("every_octet_at_every_word_position_is_stuffed_exactly_per_rfc1662_and_comes_back", () => {
    // The word-at-a-time paths flag 0x7C-0x7F and every control as candidates: only the
    // octet rule (7D, 7E, controls in the ACCM) may decide what is escaped.
    const accms: u32[] = [0, ACCM_DEFAULT, 0x000a0000];
    const src = new StaticArray<u8>(256 + 7);
    const cap = hdlcEncodedMax(src.length);
    const dst = heap.alloc(cap);
    const want = heap.alloc(cap);
    for (let a = 0; a < accms.length; a++) {
      const accm = accms[a];
      for (let shift = 0; shift < 8; shift++) {
        for (let i = 0; i < src.length; i++) src[i] = <u8>(i < shift ? 0x41 : i - shift);
        const len = 256 + shift;
        const o = octetRuleFrame(want, ptrOf(src), len, accm);
        const n = hdlcEncode(dst, cap, ptrOf(src), len, accm, 2, true);
        expect(toHex(dst, n)).toBe(toHex(want, o), "accm " + accm.toString(16) + " shift " + shift.toString());
        const d = newDecoder(accm);
        expect(feedPieces(d, dst, n, n)).toBe(toHex(ptrOf(src), len));
        expect(d.deleted).toBe(0);
      }
    }
  });

  it("encode_matches_the_octet_rule_on_escape_rich_data_for_every_length_accm_and_fcs_and_stays_inside_its_room", () => {
    // Octets the word loops must get right: every control, 7C-7F (7C and 7F are SWAR false
    // alarms), 01 after 00 (borrow false alarms), mixed with ordinary octets.
    const tricky: u8[] = [0x00, 0x01, 0x11, 0x13, 0x1f, 0x20, 0x7c, 0x7d, 0x7e, 0x7f, 0x80, 0x9d, 0xff, 0x41];
    const accms: u32[] = [0, ACCM_DEFAULT, 0x000a0000, 0x80000001, 0x5a5a5a5a];
    const MAX = 140;
    const src = heap.alloc(MAX);
    let x: u32 = 12345;
    for (let i = 0; i < MAX; i++) {
      x = x * 1664525 + 1013904223;
      store<u8>(src + i, (x >>> 28) < 11 ? tricky[(x >>> 8) % tricky.length] : <u8>(x >>> 16));
    }
    // And the worst case for the room: every octet escaped under any ACCM.
    const everyEscaped = heap.alloc(MAX);
    for (let i = 0; i < MAX; i++) store<u8>(everyEscaped + i, <u8>(i & 1 ? 0x7d : 0x7e));
    const cap = hdlcEncodedMax(MAX);
    const want = heap.alloc(cap);
    const dst = heap.alloc(cap + 16);
    for (let k = 0; k < 2 * accms.length; k++) {
      const a = k >> 1;
      const from = k & 1 ? everyEscaped : src;
      for (let fcsBytes = 2; fcsBytes <= 4; fcsBytes += 2) {
        for (let len = 0; len <= MAX; len++) {
          const open = (len & 1) == 1;
          const room = hdlcEncodedMax(len);
          // Guard octets just past the room the caller gave must survive the encoder's overhang.
          for (let g = 0; g < 16; g++) store<u8>(dst + room + g, 0xa5);
          const n = hdlcEncode(dst, room, from, len, accms[a], fcsBytes, open);
          const o = octetRuleFrame(want, from, len, accms[a], fcsBytes, open);
          const what = "data " + (k & 1).toString() + " accm " + accms[a].toString(16) + " fcs " + fcsBytes.toString() + " len " + len.toString();
          expect(toHex(dst, n)).toBe(toHex(want, o), what);
          expect(toHex(dst + room, 16)).toBe("a5".repeat(16), what);
        }
      }
    }
  });
});
