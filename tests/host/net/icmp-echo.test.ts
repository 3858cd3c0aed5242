import { test } from "node:test";
import assert from "node:assert/strict";
import { answerEcho, internetChecksum } from "../../../host/net/icmp-echo.ts";

const hex = (text: string) => Buffer.from(text.replace(/\s+/g, ""), "hex");
const US = ["192.0.2.1"];

// 192.0.2.2 → 192.0.2.1, id 0xabcd, DF, TTL 64; echo request identifier 0x1234 sequence 1,
// 16 data octets 10..1f. Checksums computed by a separate script and checked by tshark.
const REQUEST = hex(`
  4500 002c abcd 4000 4001 0b00 c000 0202 c000 0201
  0800 2d0a 1234 0001 1011 1213 1415 1617 1819 1a1b 1c1d 1e1f`);
const REPLY = hex(`
  4500 002c abcd 0000 4001 4b00 c000 0201 c000 0202
  0000 350a 1234 0001 1011 1213 1415 1617 1819 1a1b 1c1d 1e1f`);

function refusal(datagram: Uint8Array, addresses = US): string {
  const result = answerEcho(datagram, addresses);
  assert.ok("refused" in result, `answered ${"reply" in result ? Buffer.from(result.reply).toString("hex") : ""}`);
  return result.refused;
}

/** REQUEST with `edit` applied and both checksums made right again. */
function request(edit: (b: Buffer) => void, fixChecksums = true): Buffer {
  const b = Buffer.from(REQUEST);
  edit(b);
  if (fixChecksums) {
    const ihl = (b[0] & 15) * 4;
    b.writeUInt16BE(0, 10);
    b.writeUInt16BE(internetChecksum(b.subarray(0, ihl)), 10);
    const end = Math.min(b.readUInt16BE(2), b.length);
    if (end >= ihl + 4) {
      b.writeUInt16BE(0, ihl + 2);
      b.writeUInt16BE(internetChecksum(b.subarray(ihl, end)), ihl + 2);
    }
  }
  return b;
}

test("internet_checksum_matches_the_rfc_1071_example_and_a_known_ipv4_header", () => {
  // RFC 1071 §3: 00 01 f2 03 f4 f5 f6 f7 sums to ddf2, the checksum is its complement.
  assert.equal(internetChecksum(hex("0001f203f4f5f6f7")), 0x220d);
  // A widely quoted IPv4 header whose checksum field holds b861.
  const header = hex("450000730000400040110000c0a80001c0a800c7");
  assert.equal(internetChecksum(header), 0xb861);
  header.writeUInt16BE(0xb861, 10);
  assert.equal(internetChecksum(header), 0, "a header with its checksum in place sums to zero");
  // An odd length counts the last octet as the high half of a word padded with zero.
  assert.equal(internetChecksum(hex("01")), 0xfeff);
  assert.equal(internetChecksum(new Uint8Array(0)), 0xffff);
  // Carries fold back in (ffff + 0001 = 1 0000 → 0001).
  assert.equal(internetChecksum(hex("ffff0001")), 0xfffe);
});

test("echo_request_to_our_address_gets_the_reply_with_both_checksums_right", () => {
  const result = answerEcho(REQUEST, US);
  assert.ok("reply" in result);
  assert.equal(Buffer.from(result.reply).toString("hex"), REPLY.toString("hex"));
  assert.equal(internetChecksum(result.reply.subarray(0, 20)), 0);
  assert.equal(internetChecksum(result.reply.subarray(20)), 0);
});

test("an_odd_length_payload_and_ip_options_still_give_a_correct_reply", () => {
  // IHL 6 (one NOP-padded option word) and 5 data octets: the reply drops the options.
  const withOptions = Buffer.concat([REQUEST.subarray(0, 20), hex("01010100"), REQUEST.subarray(20, 28), hex("aabbccddee")]);
  const datagram = Buffer.from(withOptions);
  datagram[0] = 0x46;
  datagram.writeUInt16BE(datagram.length, 2);
  datagram.writeUInt16BE(0, 10);
  datagram.writeUInt16BE(internetChecksum(datagram.subarray(0, 24)), 10);
  datagram.writeUInt16BE(0, 26);
  datagram.writeUInt16BE(internetChecksum(datagram.subarray(24)), 26);
  const result = answerEcho(datagram, ["10.0.0.9", "192.0.2.1"]);
  assert.ok("reply" in result, JSON.stringify(result));
  const reply = Buffer.from(result.reply);
  assert.equal(reply.length, 20 + 8 + 5);
  assert.equal(reply[0], 0x45);
  assert.equal(reply.readUInt16BE(2), reply.length);
  assert.equal(internetChecksum(reply.subarray(0, 20)), 0);
  assert.equal(internetChecksum(reply.subarray(20)), 0);
  assert.equal(reply[20], 0, "type 0: Echo Reply");
  assert.equal(reply.subarray(24).toString("hex"), "12340001aabbccddee");
  assert.equal(reply.subarray(12, 20).toString("hex"), "c0000201c0000202");
});

test("octets_after_the_ip_total_length_are_ignored", () => {
  const padded = Buffer.concat([REQUEST, hex("00000000")]);
  const result = answerEcho(padded, US);
  assert.ok("reply" in result);
  assert.equal(Buffer.from(result.reply).toString("hex"), REPLY.toString("hex"));
});

test("malformed_or_foreign_datagrams_are_refused_with_a_reason", () => {
  assert.match(refusal(new Uint8Array(0)), /shorter than an IPv4 header/);
  assert.match(refusal(REQUEST.subarray(0, 19)), /shorter than an IPv4 header/);
  assert.match(refusal(request((b) => (b[0] = 0x65))), /IP version 6/);
  assert.match(refusal(request((b) => (b[0] = 0x44))), /IHL 4/);
  assert.match(refusal(request((b) => (b[0] = 0x4f))), /total length 44 does not fit a 60-octet header/);
  assert.match(refusal(request((b) => b.writeUInt16BE(45, 2))), /total length 45/);
  assert.match(refusal(request((b) => b.writeUInt16BE(19, 2), false)), /total length 19/);
  assert.match(refusal(REQUEST.subarray(0, 40)), /total length 44 does not fit/);
  assert.match(refusal(request((b) => (b[8] = 63), false)), /bad IPv4 header checksum/);
  assert.match(refusal(request((b) => b.writeUInt16BE(0x2000, 6))), /fragmented/);
  assert.match(refusal(request((b) => b.writeUInt16BE(0x0001, 6))), /fragmented/);
  assert.match(refusal(request((b) => (b[9] = 17))), /protocol 17, not ICMP/);
  assert.match(refusal(REQUEST, ["192.0.2.9"]), /addressed to 192\.0\.2\.1, not to us/);
  assert.match(refusal(request((b) => b.writeUInt16BE(27, 2))), /ICMP message of 7 octets/);
  assert.match(refusal(request((b) => (b[30] = 0xff), false)), /bad ICMP checksum/);
  assert.match(refusal(request((b) => (b[20] = 0))), /ICMP type 0 code 0, not an echo request/);
  assert.match(refusal(request((b) => (b[20] = 13))), /ICMP type 13/);
  assert.match(refusal(request((b) => (b[21] = 1))), /ICMP type 8 code 1/);
});

test("the_request_is_left_untouched", () => {
  const copy = Buffer.from(REQUEST);
  answerEcho(copy, US);
  assert.deepEqual(copy, REQUEST);
});
