// linkCoreLine without a guest: a Duplex stands in for the guest's serial port.

import { test } from "node:test";
import assert from "node:assert/strict";
import { Duplex } from "node:stream";
import { Core } from "../../host/core/core.ts";
import { EventKind } from "../../host/core/abi.ts";
import { VirtualClock } from "../../host/core/clock.ts";
import { imageForLines } from "../../host/image/writer.ts";
import { LineCapture } from "../../host/trace/capture.ts";
import { Direction } from "../../host/trace/pcap.ts";
import { hdlcFrame } from "../support/hdlc.ts";
import { linkCoreLine } from "./support/core-link.ts";
import { configureAckAsNak, mruFlipping, PROTOCOL_LCP } from "./support/tamper.ts";

const CONFREQ = Buffer.from("ff03c021010100140206000000000506c8035b3507020802", "hex");
const OURS = Buffer.from("ff03c0210107000a050612345678", "hex");

function fakePort(): { stream: Duplex; written: Buffer[] } {
  const written: Buffer[] = [];
  const stream = new Duplex({
    read() {},
    write(chunk: Buffer, _encoding, done) {
      written.push(chunk);
      done();
    },
  });
  return { stream, written };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

test("bytes_from_the_port_reach_the_core_and_its_frames_go_out_once_the_peer_has_spoken", async () => {
  const core = await Core.load();
  core.init(imageForLines([1]));
  const clock = new VirtualClock();
  const capture = new LineCapture({ clock });
  const { stream, written } = fakePort();
  const events: number[] = [];
  const link = linkCoreLine({ stream, core, line: 1, clock, capture, onEvent: (e) => events.push(e.kind, e.args[0]) });

  assert.equal(core.frameSend(1, OURS), true);
  link.flush();
  await tick();
  assert.deepEqual(written, [], "held: the peer has not opened its port yet");

  stream.push(hdlcFrame(CONFREQ));
  await tick();
  assert.deepEqual(events, [EventKind.FrameReceived, 0xc021]);
  assert.deepEqual(Buffer.concat(written), hdlcFrame(OURS), "released after the peer's first bytes");
  assert.deepEqual(capture.frames.map((f) => [f.direction, Buffer.from(f.frame).toString("hex")]), [
    [Direction.Received, CONFREQ.toString("hex")],
    [Direction.Sent, OURS.toString("hex")],
  ]);
  assert.equal(link.refusedBytes, 0);

  link.stop();
  stream.push(hdlcFrame(CONFREQ));
  await tick();
  assert.equal(events.length, 2, "nothing reaches the core after stop");
});

test("without_holding_frames_go_out_at_once", async () => {
  const core = await Core.load();
  core.init(imageForLines([1]));
  const { stream, written } = fakePort();
  const link = linkCoreLine({ stream, core, line: 1, clock: new VirtualClock(), holdUntilPeerSpeaks: false });
  core.frameSend(1, OURS);
  link.flush();
  await tick();
  assert.deepEqual(Buffer.concat(written), hdlcFrame(OURS));
  link.stop();
});

test("with_a_tamper_the_core_and_the_capture_get_each_whole_frame_as_the_tamper_returns_it", async () => {
  const core = await Core.load();
  core.init(imageForLines([1]));
  const clock = new VirtualClock();
  const capture = new LineCapture({ clock });
  const { stream } = fakePort();
  const got: string[] = [];
  const seen: string[] = [];
  const link = linkCoreLine({
    stream,
    core,
    line: 1,
    clock,
    capture,
    onEvent: (e) => {
      if (e.kind === EventKind.FrameReceived) got.push(Buffer.from(e.data).toString("hex"));
    },
    tamper: (frame) => {
      seen.push(Buffer.from(frame).toString("hex"));
      return configureAckAsNak(frame, PROTOCOL_LCP, mruFlipping(1400, 1500));
    },
  });
  const ack = Buffer.from("ff03c0210207000801040578", "hex");
  const nak = "ff03c02103070008010405dc";
  const request = hdlcFrame(CONFREQ);
  stream.push(request.subarray(0, 9));
  await tick();
  assert.deepEqual(seen, [], "half a frame is not a frame");
  stream.push(request.subarray(9));
  await tick();
  const badFcs = hdlcFrame(ack);
  badFcs[badFcs.length - 2] ^= 1;
  stream.push(Buffer.concat([hdlcFrame(ack), badFcs]));
  await tick();
  assert.deepEqual(seen, [CONFREQ.toString("hex"), ack.toString("hex")], "the bad-FCS frame never reaches the tamper");
  assert.equal(link.droppedNonFrames, 1);
  assert.deepEqual(got, [CONFREQ.toString("hex"), nak], "the core got the request and the Nak");
  assert.deepEqual(
    capture.frames.map((f) => Buffer.from(f.frame).toString("hex")),
    [CONFREQ.toString("hex"), nak],
    "the capture shows what the core received",
  );
  assert.deepEqual(capture.issues, []);
  link.stop();
});
