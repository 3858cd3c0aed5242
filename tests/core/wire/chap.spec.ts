import { ChapValue, chapValueParse, chapValueWrite } from "../../../assembly/wire/chap";
import { packetCheck, packetWriteHeader, PACKET_DATA } from "../../../assembly/wire/control-packet";
import { asciiBytes, hexBytes, ptrOf, toHex } from "../support/bytes";

// protocols.md §3 (observed, checked): id 00, secret s3cret; the challenge and the response
// value, here with names "srv" and "cli".
const CHALLENGE = "0100001e16f65972c5603dffaa0c81d028b7f40129ab98fd10525e737276";
const RESPONSE = "0200001810962dff83fcb0dca2b78ec75a4a0e0df8636c69";

function newValue(): ChapValue {
  return changetype<ChapValue>(heap.alloc(offsetof<ChapValue>()));
}

describe("chap", () => {
  it("read_fields", () => {
    const p = hexBytes(CHALLENGE);
    const v = newValue();
    expect(chapValueParse(v, ptrOf(p) + PACKET_DATA, packetCheck(ptrOf(p), p.length) - 4)).toBe(true);
    expect(toHex(v.value, v.valueLen)).toBe("f65972c5603dffaa0c81d028b7f40129ab98fd10525e");
    expect(toHex(v.name, v.nameLen)).toBe("737276");
  });

  it("write_fields", () => {
    const out = heap.alloc(64);
    const value = hexBytes("962dff83fcb0dca2b78ec75a4a0e0df8");
    const name = asciiBytes("cli");
    const n = chapValueWrite(out + 4, ptrOf(value), 16, ptrOf(name), 3);
    expect(toHex(out, packetWriteHeader(out, 2, 0, n))).toBe(RESPONSE);
  });

  it("parse_response", () => {
    const p = hexBytes(RESPONSE);
    const v = newValue();
    expect(chapValueParse(v, ptrOf(p) + 4, p.length - 4)).toBe(true);
    expect(v.valueLen).toBe(16);
    expect(v.nameLen).toBe(3);
  });

  it("emit_parsed_challenge_gives_the_same_bytes", () => {
    const p = hexBytes(CHALLENGE);
    const v = newValue();
    chapValueParse(v, ptrOf(p) + 4, p.length - 4);
    const out = heap.alloc(64);
    const n = chapValueWrite(out + 4, v.value, <i32>v.valueLen, v.name, <i32>v.nameLen);
    expect(toHex(out, packetWriteHeader(out, 1, 0, n))).toBe(CHALLENGE);
  });

  it("empty_or_overrunning_values_are_refused", () => {
    const v = newValue();
    const a = hexBytes("00");
    expect(chapValueParse(v, ptrOf(a), 1)).toBe(false);
    const b = hexBytes("10aabb");
    expect(chapValueParse(v, ptrOf(b), 3)).toBe(false);
    expect(chapValueParse(v, ptrOf(b), 0)).toBe(false);
    expect(chapValueWrite(heap.alloc(8), ptrOf(b), 0, 0, 0)).toBe(-1);
  });
});
