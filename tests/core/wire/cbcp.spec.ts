import { CbcpOption, cbcpOptionParse, cbcpOptionWrite, CBCP_NO_CALLBACK, CBCP_USER_NUMBER, CBCP_ADMIN_NUMBER } from "../../../assembly/wire/cbcp";
import { asciiBytes, hexBytes, ptrOf, toHex } from "../support/bytes";

// protocols.md §5: a Request offering types 1, 2 (5-octet form) and 3; pppd's type-2
// Response `02 len 05 01 "number" 00` with delay 5.
const REQUEST_OPTIONS = "0102" + "0205000100" + "030300";
const PPPD_RESPONSE_OPTION = "020c05013535353132333400";

function newOption(): CbcpOption {
  return changetype<CbcpOption>(heap.alloc(offsetof<CbcpOption>()));
}

describe("cbcp options", () => {
  it("read_fields", () => {
    const p = hexBytes(PPPD_RESPONSE_OPTION);
    const o = newOption();
    expect(cbcpOptionParse(o, ptrOf(p), ptrOf(p) + p.length)).toBe(ptrOf(p) + p.length);
    expect(o.type).toBe(CBCP_USER_NUMBER);
    expect(o.delay).toBe(5);
    expect(o.addressType).toBe(1);
    expect(toHex(o.number, o.numberLen)).toBe("35353531323334");
  });

  it("write_fields", () => {
    const out = heap.alloc(32);
    const number = asciiBytes("5551234");
    expect(cbcpOptionWrite(out, CBCP_USER_NUMBER, 5, ptrOf(number), 7)).toBe(12);
    expect(toHex(out, 12)).toBe(PPPD_RESPONSE_OPTION);
  });

  it("parse_request_walks_three_options", () => {
    const p = hexBytes(REQUEST_OPTIONS);
    const o = newOption();
    let at = ptrOf(p);
    const end = at + p.length;
    let seen = "";
    while (at < end) {
      at = cbcpOptionParse(o, at, end);
      expect(at).not.toBe(0);
      seen += o.type.toString() + ":" + o.numberLen.toString() + ",";
    }
    expect(seen).toBe("1:0,2:0,3:0,");
  });

  it("emit_request_gives_the_documented_bytes", () => {
    const out = heap.alloc(32);
    let n = cbcpOptionWrite(out, CBCP_NO_CALLBACK, 0, 0, 0);
    n += cbcpOptionWrite(out + n, CBCP_USER_NUMBER, 0, 0, 0);
    n += cbcpOptionWrite(out + n, CBCP_ADMIN_NUMBER, 0, 0, 0);
    expect(toHex(out, n)).toBe(REQUEST_OPTIONS);
  });

  it("malformed_options_are_refused", () => {
    const o = newOption();
    const a = hexBytes("0201");
    expect(cbcpOptionParse(o, ptrOf(a), ptrOf(a) + 2)).toBe(0);
    const b = hexBytes("0209000135");
    expect(cbcpOptionParse(o, ptrOf(b), ptrOf(b) + 5)).toBe(0);
    expect(cbcpOptionParse(o, ptrOf(b), ptrOf(b) + 1)).toBe(0);
    const noNul = hexBytes("0206050135" + "36");
    expect(cbcpOptionParse(o, ptrOf(noNul), ptrOf(noNul) + 6)).toBe(ptrOf(noNul) + 6);
    expect(o.numberLen).toBe(2);
  });
});
