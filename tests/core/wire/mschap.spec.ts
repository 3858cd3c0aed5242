import { mschapSuccessParse, mschapSuccessWrite, mschapFailureWrite, mschapHexRead } from "../../../assembly/wire/mschap";
import { asciiBytes, hexBytes, ptrOf, toHex } from "../support/bytes";

const out = heap.alloc(128);
let held: StaticArray<u8> = new StaticArray<u8>(0);

function parse(text: string): string {
  held = asciiBytes(text);
  memory.fill(out, 0, 20);
  return mschapSuccessParse(ptrOf(held), held.length, out) ? toHex(out, 20) : "refused";
}

function text(ptr: usize, len: i32): string {
  let t = "";
  for (let i = 0; i < len; i++) t += String.fromCharCode(load<u8>(ptr + i));
  return t;
}

describe("mschap wire", () => {
  it("success_text_is_s_and_40_upper_case_hex_then_the_message", () => {
    held = hexBytes("407a5589115fd0d6209f510fe9c04566932cda56");
    const m = asciiBytes("Welcome");
    const n = mschapSuccessWrite(out, ptrOf(held), ptrOf(m), m.length);
    expect(text(out, n)).toBe("S=407A5589115FD0D6209F510FE9C04566932CDA56 M=Welcome");
  });

  it("success_parse_takes_exactly_40_hex_digits_alone_or_before_a_space", () => {
    expect(parse("S=407A5589115FD0D6209F510FE9C04566932CDA56")).toBe("407a5589115fd0d6209f510fe9c04566932cda56");
    expect(parse("S=407a5589115fd0d6209f510fe9c04566932cda56 M=hello")).toBe("407a5589115fd0d6209f510fe9c04566932cda56");
    expect(parse("S=407A5589115FD0D6209F510FE9C04566932CDA5")).toBe("refused"); // 39 digits
    expect(parse("S=407A5589115FD0D6209F510FE9C04566932CDA566")).toBe("refused"); // 41
    expect(parse("S=407A5589115FD0D6209F510FE9C04566932CDAZ6")).toBe("refused");
    expect(parse("s=407A5589115FD0D6209F510FE9C04566932CDA56")).toBe("refused");
    expect(parse("Welcome")).toBe("refused");
    expect(parse("")).toBe("refused");
  });

  it("failure_text_says_no_retry_and_for_v2_carries_the_challenge", () => {
    held = hexBytes("5b5d7c7d7b3f2f3e3c2c602132262628");
    const m = asciiBytes("Authentication failure");
    expect(text(out, mschapFailureWrite(out, 691, 0, 0, 0))).toBe("E=691 R=0");
    expect(text(out, mschapFailureWrite(out, 709, ptrOf(held), ptrOf(m), m.length))).toBe(
      "E=709 R=0 C=5B5D7C7D7B3F2F3E3C2C602132262628 V=3 M=Authentication failure",
    );
  });

  it("hex_read_refuses_anything_but_hex_digits", () => {
    held = asciiBytes("0aFf");
    expect(mschapHexRead(ptrOf(held), 2, out)).toBe(true);
    expect(toHex(out, 2)).toBe("0aff");
    held = asciiBytes("0g");
    expect(mschapHexRead(ptrOf(held), 1, out)).toBe(false);
  });
});
