import {
  fcs16Update, fcs32Update, fcs16UsePairTable, FCS16_INIT, FCS16_GOOD, FCS32_INIT, FCS32_GOOD,
} from "../../../assembly/wire/fcs";
import { asciiBytes, hexBytes, ptrOf } from "../support/bytes";

describe("fcs16", () => {
  it("check_value_of_123456789_is_906e (RFC 1662 C.2, CRC-16/X.25)", () => {
    const b = asciiBytes("123456789");
    expect(~fcs16Update(FCS16_INIT, ptrOf(b), 9) & 0xffff).toBe(0x906e);
  });

  it("pppd_configure_request_carries_fcs_2f_a5 (captured)", () => {
    const b = hexBytes("ff03c021010100140206000000000506c8035b3507020802");
    const fcs = ~fcs16Update(FCS16_INIT, ptrOf(b), b.length) & 0xffff;
    expect(fcs & 0xff).toBe(0x2f);
    expect(fcs >> 8).toBe(0xa5);
  });

  it("frame_with_its_fcs_leaves_the_good_residue", () => {
    const b = hexBytes("ff03c021010100140206000000000506c8035b35070208022fa5");
    expect(fcs16Update(FCS16_INIT, ptrOf(b), b.length) & 0xffff).toBe(FCS16_GOOD);
  });

  it("running_update_in_pieces_equals_one_pass", () => {
    const b = asciiBytes("The quick brown fox jumps over the lazy dog, 0123456789");
    const whole = fcs16Update(FCS16_INIT, ptrOf(b), b.length);
    for (let cut = 0; cut <= b.length; cut++) {
      const first = fcs16Update(FCS16_INIT, ptrOf(b), cut);
      expect(fcs16Update(first, ptrOf(b) + cut, b.length - cut)).toBe(whole);
    }
  });
});

describe("fcs32", () => {
  it("check_value_of_123456789_is_cbf43926 (RFC 1662 C.3)", () => {
    const b = asciiBytes("123456789");
    expect(~fcs32Update(FCS32_INIT, ptrOf(b), 9)).toBe(0xcbf43926);
  });

  it("data_with_its_fcs_leaves_the_good_residue", () => {
    const b = asciiBytes("123456789....");
    const fcs = ~fcs32Update(FCS32_INIT, ptrOf(b), 9);
    for (let k = 0; k < 4; k++) b[9 + k] = <u8>(fcs >>> (k * 8));
    expect(fcs32Update(FCS32_INIT, ptrOf(b), 13)).toBe(FCS32_GOOD);
  });

  it("running_update_in_pieces_equals_one_pass", () => {
    const b = asciiBytes("The quick brown fox jumps over the lazy dog, 0123456789");
    const whole = fcs32Update(FCS32_INIT, ptrOf(b), b.length);
    for (let cut = 0; cut <= b.length; cut++) {
      const first = fcs32Update(FCS32_INIT, ptrOf(b), cut);
      expect(fcs32Update(first, ptrOf(b) + cut, b.length - cut)).toBe(whole);
    }
  });
});

describe("fcs16 with the two-octet table (interpreter engines)", () => {
  it("gives_the_check_value_and_the_same_fcs_as_slicing_by_8_for_every_length_and_start", () => {
    const b = new StaticArray<u8>(300);
    let x: u32 = 0x2545f491;
    for (let i = 0; i < b.length; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      b[i] = <u8>x;
    }
    const check = asciiBytes("123456789");
    const sliced = new StaticArray<u32>(b.length + 1);
    for (let len = 0; len <= b.length; len++) sliced[len] = fcs16Update(0x1d0f, ptrOf(b), len);
    fcs16UsePairTable(true);
    expect(~fcs16Update(FCS16_INIT, ptrOf(check), 9) & 0xffff).toBe(0x906e);
    for (let len = 0; len <= b.length; len++) {
      expect(fcs16Update(0x1d0f, ptrOf(b), len)).toBe(sliced[len], "length " + len.toString());
    }
    for (let cut = 0; cut <= 40; cut++) {
      const first = fcs16Update(FCS16_INIT, ptrOf(b) + 1, cut);
      expect(fcs16Update(first, ptrOf(b) + 1 + cut, 200 - cut)).toBe(fcs16Update(FCS16_INIT, ptrOf(b) + 1, 200));
    }
    fcs16UsePairTable(false);
    expect(~fcs16Update(FCS16_INIT, ptrOf(check), 9) & 0xffff).toBe(0x906e);
  });
});
