import { PapRequest, papRequestParse, papRequestWrite, papMessageParse, papMessageWrite, papPasswordAt, papPasswordHide } from "../../../assembly/wire/pap";
import { packetCheck, packetWriteHeader, PACKET_DATA } from "../../../assembly/wire/control-packet";
import { asciiBytes, hexBytes, ptrOf, toHex } from "../support/bytes";

// protocols.md §3 (observed): AuthReq user="cli" password="s3cret", answered "Login ok".
const REQUEST = "0101000f03636c69067333637265" + "74";
const ACK = "0201000d084c6f67696e206f6b";

function newRequest(): PapRequest {
  return changetype<PapRequest>(heap.alloc(offsetof<PapRequest>()));
}

describe("pap", () => {
  it("read_fields", () => {
    const p = hexBytes(REQUEST);
    const r = newRequest();
    expect(papRequestParse(r, ptrOf(p) + PACKET_DATA, packetCheck(ptrOf(p), p.length) - 4)).toBe(true);
    expect(toHex(r.peerId, r.peerIdLen)).toBe("636c69");
    expect(toHex(r.password, r.passwordLen)).toBe("733363726574");
  });

  it("write_fields", () => {
    const out = heap.alloc(32);
    const user = asciiBytes("cli");
    const pass = asciiBytes("s3cret");
    const n = papRequestWrite(out + 4, ptrOf(user), 3, ptrOf(pass), 6);
    expect(toHex(out, packetWriteHeader(out, 1, 1, n))).toBe(REQUEST);
  });

  it("parse_ack_message", () => {
    const p = hexBytes(ACK);
    expect(papMessageParse(ptrOf(p) + 4, 9)).toBe(8);
  });

  it("emit_ack_message", () => {
    const out = heap.alloc(32);
    const msg = asciiBytes("Login ok");
    const n = papMessageWrite(out + 4, ptrOf(msg), msg.length);
    expect(toHex(out, packetWriteHeader(out, 2, 1, n))).toBe(ACK);
  });

  it("lengths_running_past_the_packet_are_refused", () => {
    const r = newRequest();
    const a = hexBytes("05636c69");
    expect(papRequestParse(r, ptrOf(a), a.length)).toBe(false);
    const b = hexBytes("03636c6909733363");
    expect(papRequestParse(r, ptrOf(b), b.length)).toBe(false);
    expect(papRequestParse(r, ptrOf(b), 0)).toBe(false);
    const c = hexBytes("03636c69");
    expect(papRequestParse(r, ptrOf(c), c.length)).toBe(false);
    expect(papMessageParse(ptrOf(a), a.length)).toBe(-1);
    expect(papMessageParse(ptrOf(a), 0)).toBe(-1);
  });
});

function hidden(hex: string): string {
  const f = hexBytes(hex);
  papPasswordHide(ptrOf(f), f.length);
  return toHex(ptrOf(f), f.length);
}

function passwordAt(hex: string): i32 {
  const f = hexBytes(hex);
  return papPasswordAt(ptrOf(f), f.length);
}

describe("pap password in a frame", () => {
  it("is_found_after_any_header_form", () => {
    expect(passwordAt("ff03c023" + REQUEST)).toBe(13);
    expect(passwordAt("c023" + REQUEST)).toBe(11);
  });

  it("is_hidden_octet_for_octet_and_nothing_else_changes", () => {
    expect(hidden("ff03c023" + REQUEST)).toBe("ff03c023" + "0101000f03636c6906" + "2a2a2a2a2a2a");
  });

  it("a_request_cut_inside_its_password_still_hides_what_is_there", () => {
    expect(hidden("ff03c023" + REQUEST.substring(0, 22))).toBe("ff03c023" + "0101000f03636c6906" + "2a2a");
  });

  it("other_frames_and_requests_cut_before_the_password_are_left_alone", () => {
    expect(passwordAt("ff03c023" + ACK)).toBe(0);
    expect(passwordAt("ff03c021" + REQUEST)).toBe(0);
    expect(passwordAt("ff03c023" + "0101000f03636c69")).toBe(0);
    expect(passwordAt("ff03c023010100")).toBe(0);
    expect(passwordAt("ff03c0")).toBe(0);
    expect(hidden("ff03c023" + ACK)).toBe("ff03c023" + ACK);
  });
});
