import { test } from "node:test";
import assert from "node:assert/strict";
import { VirtualClock } from "../../../host/core/clock.ts";
import { LineCapture } from "../../../host/trace/capture.ts";
import { describeFrame } from "../../../host/trace/frame-summary.ts";
import { Direction } from "../../../host/trace/pcap.ts";
import { hdlcFrame } from "../../support/hdlc.ts";

const CONFREQ = Buffer.from("ff03c021010100140206000000000506c8035b3507020802", "hex");
const CONFACK = Buffer.from("ff03c021020100140206000000000506c8035b3507020802", "hex");

test("both_directions_keep_raw_bytes_frames_times_and_a_pcap", () => {
  const clock = new VirtualClock();
  const capture = new LineCapture({ clock });
  const inbound = hdlcFrame(CONFREQ);
  capture.received(inbound.subarray(0, 9));
  clock.advance(5);
  capture.received(inbound.subarray(9));
  clock.advance(20);
  capture.sent(hdlcFrame(CONFACK));
  capture.finish();
  assert.deepEqual(capture.raw(Direction.Received), inbound);
  assert.deepEqual(capture.raw(Direction.Sent), hdlcFrame(CONFACK));
  assert.deepEqual(
    capture.frames.map((f) => [f.direction, f.atMs, Buffer.from(f.frame).toString("hex")]),
    [
      [Direction.Received, 5, CONFREQ.toString("hex")],
      [Direction.Sent, 25, CONFACK.toString("hex")],
    ],
  );
  assert.equal(capture.pcap.frameCount, 2);
  assert.deepEqual(capture.lines(), ["0.005 I LCP CONFREQ id 1 len 20", "0.025 O LCP CONFACK id 1 len 20"]);
  assert.equal(capture.counts(Direction.Sent).frames, 1);
});

test("garbage_on_the_line_shows_up_as_issues_in_the_lines", () => {
  const clock = new VirtualClock();
  const capture = new LineCapture({ clock });
  const bad = hdlcFrame(CONFREQ);
  bad[4] ^= 0x01; // C0 21 becomes C1 21: the FCS no longer matches
  capture.received(Buffer.concat([Buffer.from("RING\r\n"), bad, hdlcFrame(CONFREQ), Buffer.from("0102", "hex")]));
  capture.finish();
  assert.deepEqual(capture.issues.map((i) => i.kind), ["outside", "badFcs"]);
  assert.equal(capture.counts(Direction.Received).pendingFrameBytes, 2, "an unfinished frame is counted, not dropped silently");
  assert.deepEqual(capture.lines(), [
    "0.000 I bytes outside frames (6 bytes: 52494e470d0a)",
    "0.000 I bad FCS (26 bytes: ff03c121010100140206000000000506…)",
    "0.000 I LCP CONFREQ id 1 len 20",
  ]);
});

test("frame_summaries_name_protocols_codes_and_compressed_headers", () => {
  assert.equal(describeFrame(Buffer.from("c0230101000a036361", "hex")), "PAP AUTH-REQ id 1 len 10 (declares 10, has 7)");
  assert.equal(describeFrame(Buffer.from("ff03c22301070015", "hex")), "CHAP CHALLENGE id 7 len 21 (declares 21, has 4)");
  assert.equal(describeFrame(Buffer.from("ff03c029010100040000", "hex")), "CBCP CALLBACK-REQ id 1 len 4");
  assert.equal(describeFrame(Buffer.from("2145000014", "hex")), "IP 4 bytes");
  assert.equal(describeFrame(Buffer.from("ff038021", "hex")), "IPCP truncated packet (0 bytes)");
  assert.equal(describeFrame(Buffer.from("ff03", "hex")), "short frame (2 bytes)");
  assert.equal(describeFrame(Buffer.from("ff03123401", "hex")), "protocol 0x1234 1 bytes");
});
