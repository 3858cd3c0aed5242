import {
  packetCheck, packetCode, packetId, packetLength, packetWriteHeader, PACKET_DATA, PACKET_TRUNCATED, PACKET_BAD_LENGTH,
} from "../../../assembly/wire/control-packet";
import { optionNext, optionType, optionLength, optionsCount, optionWriteHeader, OPTION_MALFORMED } from "../../../assembly/wire/options";
import { readU32, writeU32, writeU16 } from "../../../assembly/wire/bytes";
import { hexBytes, ptrOf, toHex } from "../support/bytes";

// pppd 2.4.9's first LCP Configure-Request (protocols.md §1, observed), without FF 03 C0 21:
// asyncmap 0, magic C8035B35, pcomp, accomp.
const CONFREQ = "010100140206000000000506c8035b3507020802";

describe("control packet and options (pppd ConfReq fixture)", () => {
  it("read_fields", () => {
    const p = hexBytes(CONFREQ);
    expect(packetCheck(ptrOf(p), p.length)).toBe(20);
    expect(packetCode(ptrOf(p))).toBe(1);
    expect(packetId(ptrOf(p))).toBe(1);
    expect(packetLength(ptrOf(p))).toBe(20);
    const magic = ptrOf(p) + PACKET_DATA + 6;
    expect(optionType(magic)).toBe(5);
    expect(optionLength(magic)).toBe(6);
    expect(readU32(magic + 2)).toBe(0xc8035b35);
  });

  it("write_fields", () => {
    const p = heap.alloc(20);
    let o = optionWriteHeader(p + 4, 2, 6);
    writeU32(o, 0);
    o = optionWriteHeader(o + 4, 5, 6);
    writeU32(o, 0xc8035b35);
    o = optionWriteHeader(o + 4, 7, 2);
    o = optionWriteHeader(o, 8, 2);
    expect(packetWriteHeader(p, 1, 1, <i32>(o - p - 4))).toBe(20);
    expect(toHex(p, 20)).toBe(CONFREQ);
  });

  it("parse_walks_every_option_and_keeps_padding_outside", () => {
    const p = hexBytes(CONFREQ + "0000"); // two octets of padding after Length
    const len = packetCheck(ptrOf(p), p.length);
    expect(len).toBe(20);
    let at = ptrOf(p) + PACKET_DATA;
    const end = ptrOf(p) + <usize>len;
    let types = "";
    while (at < end) {
      types += optionType(at).toString() + ",";
      at = optionNext(at, end);
      expect(at).not.toBe(OPTION_MALFORMED);
    }
    expect(types).toBe("2,5,7,8,");
    expect(optionsCount(ptrOf(p) + PACKET_DATA, end)).toBe(4);
  });

  it("emit_of_parsed_options_gives_the_same_bytes", () => {
    const p = hexBytes(CONFREQ);
    const out = heap.alloc(20);
    let o = out + 4;
    let at = ptrOf(p) + PACKET_DATA;
    const end = ptrOf(p) + 20;
    while (at < end) {
      const next = optionNext(at, end);
      memory.copy(o, at, next - at);
      o += next - at;
      at = next;
    }
    packetWriteHeader(out, packetCode(ptrOf(p)), packetId(ptrOf(p)), <i32>(o - out - 4));
    expect(toHex(out, 20)).toBe(CONFREQ);
  });

  it("bad_headers_and_options_are_reported_not_trapped", () => {
    const p = hexBytes("0101");
    expect(packetCheck(ptrOf(p), 2)).toBe(PACKET_TRUNCATED);
    const q = hexBytes("01010003");
    expect(packetCheck(ptrOf(q), 4)).toBe(PACKET_BAD_LENGTH);
    const r = hexBytes("01010020");
    expect(packetCheck(ptrOf(r), 4)).toBe(PACKET_BAD_LENGTH);
    const zero = hexBytes("0200");
    expect(optionNext(ptrOf(zero), ptrOf(zero) + 2)).toBe(OPTION_MALFORMED);
    const one = hexBytes("0201");
    expect(optionNext(ptrOf(one), ptrOf(one) + 2)).toBe(OPTION_MALFORMED);
    const over = hexBytes("0206000000");
    expect(optionNext(ptrOf(over), ptrOf(over) + 5)).toBe(OPTION_MALFORMED);
    const cut = hexBytes("02");
    expect(optionNext(ptrOf(cut), ptrOf(cut) + 1)).toBe(OPTION_MALFORMED);
    expect(optionsCount(ptrOf(over), ptrOf(over) + 5)).toBe(-1);
    const w = heap.alloc(2);
    writeU16(w, 0x1234);
    expect(toHex(w, 2)).toBe("1234");
  });
});
