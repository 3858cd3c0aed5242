// MNP class 4 framing (V.42 Annex A §A.3) and headers (§A.6). The golden frames were derived
// by hand from the Annex's field layouts, with their FCS computed by a separate bitwise
// CRC-16/ARC (x^16+x^15+x^2+1 reflected, init 0, over the body and ETX, low octet first).

import { mnpCrcOver, MNP_CRC_INIT } from "../../../assembly/wire/mnp-crc";
import {
  mnpEncode, mnpEncodedMax, mnpDecode, mnpDecoderInit, MnpDecoder, MNP_DECODER_BYTES, MnpFrameReady, mnpDecoderStarted,
} from "../../../assembly/wire/mnp-frame";
import {
  MnpLrParams, MnpFields, MnpType, mnpLrParse, mnpLrBuild, mnpLtBuild, mnpLtParse, mnpLaBuild, mnpLaParse, mnpLdBuild, mnpLdReason, mnpFrameType,
  LR_SEEN_CONSTANT_2, LR_SEEN_FRAMING, LR_SEEN_WINDOW, LR_SEEN_N401, LR_SEEN_OPTIMISATION, MNP_HEADER_MAX,
} from "../../../assembly/wire/mnp-header";
import { hexBytes, asciiBytes, ptrOf, toHex } from "../support/bytes";

// Bodies and their frames on the line.
const LR_BODY = "17010201060100000000ff020102030104040200010801" + "03";
const LR_FRAME = "16100217010201060100000000ff020102030104040200010801031003964b";
const LA_BODY = "0305" + "1004"; // N(R) = 0x10 (a DLE), N(k) = 4
const LA_FRAME = "1610020305101004100307c8";
const LT_BODY = "020401" + "10616210" + "10"; // N(S) 1, information DLE 'a' 'b' DLE DLE
const LT_FRAME = "16100202040110106162101010101003e4b7";
const LD_FRAME = "1610020402010101100369e9";

const out = heap.alloc(4096);

function decoder(capacity: u32 = 300): MnpDecoder {
  const d = changetype<MnpDecoder>(heap.alloc(MNP_DECODER_BYTES));
  mnpDecoderInit(d, heap.alloc(capacity), capacity);
  return d;
}

// Every good frame of `src` fed in two pieces cut at `cut`, as hex joined by "|".
function decodeCut(d: MnpDecoder, src: usize, len: i32, cut: i32): string {
  let found = "";
  const pieces: i32[] = [0, cut, len];
  for (let p = 0; p < 2; p++) {
    let at = pieces[p];
    const end = pieces[p + 1];
    while (at < end) {
      at += mnpDecode(d, src + <usize>at, end - at);
      if (d.frameReady == MnpFrameReady.Good) found += (found.length ? "|" : "") + toHex(d.buf, d.frameLen);
    }
  }
  return found;
}

function encodeHex(body: string): string {
  const b = hexBytes(body);
  const n = mnpEncode(out, 4096, ptrOf(b), b.length);
  return toHex(out, n);
}

describe("mnp crc", () => {
  it("check_value_of_123456789_is_bb3d", () => {
    const s = asciiBytes("123456789");
    expect(mnpCrcOver(MNP_CRC_INIT, ptrOf(s), s.length)).toBe(0xbb3d);
  });
});

describe("mnp framing", () => {
  it("golden_frames_encode_to_their_bytes", () => {
    expect(encodeHex(LR_BODY)).toBe(LR_FRAME);
    expect(encodeHex(LA_BODY)).toBe(LA_FRAME);
    expect(encodeHex(LT_BODY)).toBe(LT_FRAME);
    expect(encodeHex("0402010101")).toBe(LD_FRAME);
  });

  it("a_dle_in_the_body_is_sent_doubled_and_the_flags_are_not", () => {
    const framed = encodeHex("1010");
    expect(framed.startsWith("161002" + "10101010" + "1003")).toBe(true);
    expect(framed.length).toBe((3 + 4 + 2 + 2) * 2);
  });

  it("encode_refuses_a_buffer_below_the_worst_case", () => {
    const b = hexBytes("10101010");
    expect(mnpEncode(out, mnpEncodedMax(4) - 1, ptrOf(b), 4)).toBe(-1);
    expect(mnpEncode(out, mnpEncodedMax(4), ptrOf(b), 4)).toBe(3 + 8 + 4);
  });

  it("golden_frames_decode_at_every_split_point", () => {
    const stream = hexBytes("ff41" + LR_FRAME + LA_FRAME + "0d0a" + LT_FRAME + LD_FRAME);
    const want = LR_BODY + "|" + LA_BODY + "|" + LT_BODY + "|0402010101";
    for (let cut = 0; cut <= stream.length; cut++) {
      expect(decodeCut(decoder(), ptrOf(stream), stream.length, cut)).toBe(want);
    }
  });

  it("a_frame_without_its_syn_is_still_taken", () => {
    const stream = hexBytes(LA_FRAME.substr(2));
    expect(decodeCut(decoder(), ptrOf(stream), stream.length, 3)).toBe(LA_BODY);
  });

  it("a_bad_fcs_is_reported_and_counted_not_delivered", () => {
    for (let i = 3; i < LT_FRAME.length / 2; i++) {
      const bytes = hexBytes(LT_FRAME);
      if (bytes[i] == 0x10) continue; // flipping a DLE changes the framing, not the FCS
      bytes[i] ^= 0x01;
      const d = decoder();
      let bad = 0;
      let good = 0;
      for (let at = 0; at < bytes.length; ) {
        at += mnpDecode(d, ptrOf(bytes) + <usize>at, bytes.length - at);
        if (d.frameReady == MnpFrameReady.Bad) bad++;
        if (d.frameReady == MnpFrameReady.Good) good++;
      }
      expect(good).toBe(0, "a corrupted octet never passes");
      expect(d.badFcs + d.broken).toBeGreaterThan(0);
    }
  });

  it("a_dle_followed_by_another_octet_breaks_the_frame_and_the_next_one_is_found", () => {
    const stream = hexBytes("1610020204011041" + "1003" + LA_FRAME);
    const d = decoder();
    expect(decodeCut(d, ptrOf(stream), stream.length, 5)).toBe(LA_BODY);
    expect(d.broken).toBe(1);
  });

  it("a_start_flag_inside_a_frame_restarts_it", () => {
    const stream = hexBytes("161002020401" + LA_FRAME.substr(2));
    const d = decoder();
    expect(decodeCut(d, ptrOf(stream), stream.length, 7)).toBe(LA_BODY);
    expect(d.broken).toBe(1);
  });

  it("a_body_longer_than_the_buffer_is_dropped_and_the_next_frame_kept", () => {
    let body = "020401";
    for (let i = 0; i < 40; i++) body += "41";
    const long = encodeHex(body);
    const stream = hexBytes(long + LA_FRAME);
    const d = decoder(16);
    expect(decodeCut(d, ptrOf(stream), stream.length, 9)).toBe(LA_BODY);
    expect(d.oversize).toBe(1);
  });

  it("a_one_octet_body_is_a_runt", () => {
    const stream = hexBytes(encodeHex("05") + LA_FRAME);
    const d = decoder();
    expect(decodeCut(d, ptrOf(stream), stream.length, 2)).toBe(LA_BODY);
    expect(d.runts).toBe(1);
  });

  it("a_start_flag_seen_by_the_line_lets_the_body_follow", () => {
    const rest = hexBytes(LR_FRAME.substr(6));
    const d = decoder();
    mnpDecoderStarted(d);
    expect(decodeCut(d, ptrOf(rest), rest.length, 4)).toBe(LR_BODY);
  });

  it("garbage_of_every_kind_never_traps_and_never_passes_as_a_frame_by_chance", () => {
    const d = decoder(64);
    const junk = heap.alloc(4096);
    let x: u32 = 0x1234567;
    for (let round = 0; round < 200; round++) {
      for (let i = 0; i < 4096; i++) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        // Mostly the framing octets, so every state is reached.
        const r = x & 7;
        store<u8>(junk + i, r == 0 ? 0x10 : r == 1 ? 0x02 : r == 2 ? 0x03 : r == 3 ? 0x16 : <u8>(x >> 8));
      }
      let at = 0;
      while (at < 4096) at += mnpDecode(d, junk + <usize>at, 4096 - at);
    }
    expect(d.badFcs + d.broken + d.oversize + d.runts).toBeGreaterThan(0);
  });
});

describe("mnp headers", () => {
  it("an_lr_reads_back_what_was_built", () => {
    const p = changetype<MnpLrParams>(heap.alloc(offsetof<MnpLrParams>()));
    p.framing = 2;
    p.window = 4;
    p.n401 = 256;
    p.optimisation = 3;
    p.seen = LR_SEEN_FRAMING | LR_SEEN_WINDOW | LR_SEEN_N401 | LR_SEEN_OPTIMISATION;
    const n = mnpLrBuild(out, p);
    expect(n).toBe(MNP_HEADER_MAX);
    expect(toHex(out, n)).toBe(LR_BODY);
    const q = changetype<MnpLrParams>(heap.alloc(offsetof<MnpLrParams>()));
    expect(mnpLrParse(out, n, q)).toBe(true);
    expect(q.constant1).toBe(2);
    expect(q.framing).toBe(2);
    expect(q.window).toBe(4);
    expect(q.n401).toBe(256);
    expect(q.optimisation).toBe(3);
    expect(q.seen).toBe(p.seen | LR_SEEN_CONSTANT_2);
  });

  it("an_lr_skips_unknown_parameters_and_notes_missing_ones", () => {
    // Constant parameters, an unknown parameter 9 of 3 octets, k = 2; no framing, no N401.
    const lr = hexBytes("12" + "0102" + "01060100000000ff" + "0903aabbcc" + "030102");
    const q = changetype<MnpLrParams>(heap.alloc(offsetof<MnpLrParams>()));
    expect(mnpLrParse(ptrOf(lr), lr.length, q)).toBe(true);
    expect(q.window).toBe(2);
    expect(q.seen).toBe(LR_SEEN_CONSTANT_2 | LR_SEEN_WINDOW);
  });

  it("an_lr_whose_parameter_runs_past_the_header_is_malformed", () => {
    const lr = hexBytes("0b" + "0102" + "01060100000000ff" + "03");
    const q = changetype<MnpLrParams>(heap.alloc(offsetof<MnpLrParams>()));
    expect(mnpLrParse(ptrOf(lr), lr.length, q)).toBe(false);
    const short = hexBytes("1701");
    expect(mnpLrParse(ptrOf(short), short.length, q)).toBe(false);
  });

  it("lt_and_la_in_both_forms", () => {
    const f = changetype<MnpFields>(heap.alloc(offsetof<MnpFields>()));
    for (let fixed = 0; fixed < 2; fixed++) {
      const h = mnpLtBuild(out, 200, fixed == 1);
      store<u8>(out + <usize>h, 0x41);
      expect(mnpFrameType(out, h + 1)).toBe(MnpType.LT);
      expect(mnpLtParse(out, h + 1, f)).toBe(true);
      expect(f.number).toBe(200);
      expect(f.infoLen).toBe(1);
      expect(load<u8>(f.info)).toBe(0x41);
      expect(mnpLtParse(out, h, f)).toBe(false, "no empty information field");
      const n = mnpLaBuild(out, 7, 3, fixed == 1);
      expect(mnpLaParse(out, n, f)).toBe(true);
      expect(f.number).toBe(7);
      expect(f.credit).toBe(3);
    }
    expect(toHex(out, mnpLaBuild(out, 0x10, 4, true))).toBe(LA_BODY);
  });

  it("an_ld_carries_its_reason", () => {
    const n = mnpLdBuild(out, 255);
    expect(mnpLdReason(out, n)).toBe(255);
    const bare = hexBytes("0102");
    expect(mnpLdReason(ptrOf(bare), bare.length)).toBe(-1);
  });

  it("truncated_headers_of_every_length_are_refused_without_a_trap", () => {
    const f = changetype<MnpFields>(heap.alloc(offsetof<MnpFields>()));
    const q = changetype<MnpLrParams>(heap.alloc(offsetof<MnpLrParams>()));
    const lr = hexBytes(LR_BODY);
    for (let n = 0; n < lr.length; n++) expect(mnpLrParse(ptrOf(lr), n, q)).toBe(false);
    const la = hexBytes("07050101070201");
    expect(mnpLaParse(ptrOf(la), la.length, f)).toBe(false);
    const lt = hexBytes("0404010241");
    expect(mnpLtParse(ptrOf(lt), lt.length, f)).toBe(false);
    expect(mnpFrameType(ptrOf(lt), 1)).toBe(-1);
    const big = hexBytes("ff04");
    expect(mnpFrameType(ptrOf(big), 2)).toBe(-1);
  });
});
