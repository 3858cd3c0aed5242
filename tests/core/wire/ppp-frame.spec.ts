import { pppFrameParse, pppFrameHeader, pppFrameProtocol, PROTOCOL_LCP, PROTOCOL_IP, PROTOCOL_IPCP } from "../../../assembly/wire/ppp-frame";
import { hexBytes, ptrOf, toHex } from "../support/bytes";

// An IP frame header in every RFC 1661/1662 form: full, ACFC, PFC, both.
const FULL = "ff030021";

function parse(hex: string): string {
  const f = hexBytes(hex);
  const protocol = heap.alloc(4);
  const at = pppFrameParse(ptrOf(f), f.length, protocol);
  return at < 0 ? "bad" : load<u32>(protocol).toString(16) + "@" + at.toString();
}

describe("ppp frame header", () => {
  it("read_fields", () => {
    expect(parse(FULL + "45")).toBe("21@4");
  });

  it("write_fields", () => {
    const buf = heap.alloc(8);
    const start = pppFrameHeader(buf + 4, PROTOCOL_IP, false, false);
    expect(toHex(start, 4)).toBe(FULL);
  });

  it("parse_accepts_every_compressed_form", () => {
    expect(parse("002145")).toBe("21@2");
    expect(parse("ff032145")).toBe("21@3");
    expect(parse("2145")).toBe("21@1");
    expect(parse("ff03c02101")).toBe("c021@4");
  });

  it("emit_compresses_only_what_is_allowed_and_never_lcp", () => {
    const buf = heap.alloc(8);
    expect(toHex(pppFrameHeader(buf + 4, PROTOCOL_IP, true, true), 1)).toBe("21");
    expect(toHex(pppFrameHeader(buf + 4, PROTOCOL_IP, true, false), 2)).toBe("0021");
    expect(toHex(pppFrameHeader(buf + 4, PROTOCOL_IPCP, true, true), 2)).toBe("8021");
    expect(toHex(pppFrameHeader(buf + 4, PROTOCOL_LCP, true, true), 4)).toBe("ff03c021");
  });

  it("truncated_or_malformed_protocols_are_refused", () => {
    expect(parse("")).toBe("bad");
    expect(parse("ff03")).toBe("bad");
    expect(parse("ff03c0")).toBe("bad");
    expect(parse("0022")).toBe("bad");
  });
});

function protocolOf(hex: string): i32 {
  const f = hexBytes(hex);
  return pppFrameProtocol(ptrOf(f), f.length);
}

describe("ppp frame protocol", () => {
  it("reads_the_protocol_of_every_header_form", () => {
    expect(protocolOf(FULL + "45")).toBe(<i32>PROTOCOL_IP);
    expect(protocolOf("2145")).toBe(<i32>PROTOCOL_IP);
    expect(protocolOf("ff03c02101")).toBe(<i32>PROTOCOL_LCP);
    expect(protocolOf("c02101")).toBe(<i32>PROTOCOL_LCP);
  });

  it("is_minus_one_where_parse_refuses_the_header", () => {
    expect(protocolOf("")).toBe(-1);
    expect(protocolOf("ff03")).toBe(-1);
    expect(protocolOf("ff03c0")).toBe(-1);
    expect(protocolOf("0022")).toBe(-1);
  });
});
