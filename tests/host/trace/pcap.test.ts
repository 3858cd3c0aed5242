import { test } from "node:test";
import assert from "node:assert/strict";
import { VirtualClock } from "../../../host/core/clock.ts";
import { Direction, LINKTYPE_PPP, LINKTYPE_PPP_WITH_DIR, PcapWriter } from "../../../host/trace/pcap.ts";

const FRAME = Buffer.from("ff03c021050200040000", "hex");

test("global_header_is_classic_pcap_2_4_little_endian_with_link_type_204", () => {
  const file = new PcapWriter({ clock: new VirtualClock() }).toBuffer();
  assert.equal(file.toString("hex"), "d4c3b2a1" + "0200" + "0400" + "00000000" + "00000000" + "ffff0000" + "cc000000");
});

test("records_carry_clock_time_lengths_and_the_direction_octet", () => {
  const clock = new VirtualClock(1500.25);
  const pcap = new PcapWriter({ clock, epochMs: 2_000 });
  pcap.add(Direction.Sent, FRAME);
  clock.advance(1000);
  pcap.add(Direction.Received, FRAME);
  const file = pcap.toBuffer();
  assert.equal(pcap.frameCount, 2);
  const first = file.subarray(24);
  assert.equal(first.readUInt32LE(0), 3); // 2000 + 1500.25 ms = 3 s 500250 µs
  assert.equal(first.readUInt32LE(4), 500_250);
  assert.equal(first.readUInt32LE(8), FRAME.length + 1);
  assert.equal(first.readUInt32LE(12), FRAME.length + 1);
  assert.equal(first[16], 1, "sent by us: non-zero");
  assert.deepEqual(first.subarray(17, 17 + FRAME.length), FRAME);
  const second = first.subarray(16 + FRAME.length + 1);
  assert.equal(second.readUInt32LE(0), 4);
  assert.equal(second[16], 0, "received: zero");
  assert.equal(file.length, 24 + 2 * (16 + FRAME.length + 1));
});

test("plain_ppp_link_type_has_no_direction_octet_and_long_frames_are_cut_at_snaplen", () => {
  const pcap = new PcapWriter({ clock: new VirtualClock(), linkType: LINKTYPE_PPP });
  pcap.add(Direction.Sent, Buffer.alloc(70_000, 0x21));
  const file = pcap.toBuffer();
  assert.equal(file.readUInt32LE(20), LINKTYPE_PPP);
  assert.equal(file.readUInt32LE(24 + 8), 65535);
  assert.equal(file.readUInt32LE(24 + 12), 70_000);
  assert.equal(file.length, 24 + 16 + 65535);
  assert.notEqual(LINKTYPE_PPP, LINKTYPE_PPP_WITH_DIR);
});
