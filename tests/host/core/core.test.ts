import { test } from "node:test";
import assert from "node:assert/strict";
import { Core } from "../../../host/core/core.ts";
import { EventKind, GlobalCounter, ImageStatus, LineCounter } from "../../../host/core/abi.ts";
import { imageForLines, writeImage } from "../../../host/image/writer.ts";
import { hdlcFrame } from "../../support/hdlc.ts";

const CONFREQ = Buffer.from("ff03c021010100140206000000000506c8035b3507020802", "hex");

test("init_with_lines_then_frames_pushed_on_a_line_come_out_as_events", async () => {
  const core = await Core.load();
  core.init(imageForLines([1, 7]));
  const stream = Buffer.concat([Buffer.from("CONNECT 115200\r\n"), hdlcFrame(CONFREQ), hdlcFrame(CONFREQ)]);
  assert.equal(core.rxPush(7, stream), stream.length);
  const events = [...core.drainEvents()];
  assert.deepEqual(events.map((e) => [e.line, e.kind, e.args[0]]), [[7, EventKind.FrameReceived, 0xc021], [7, EventKind.FrameReceived, 0xc021]]);
  assert.deepEqual(Buffer.from(events[0].data), CONFREQ);
  assert.equal(core.counter(7, LineCounter.FramesGood), 2);
  assert.equal(core.counter(7, LineCounter.OutsideBytes), 16);
  assert.equal(core.counter(7, LineCounter.RxBytes), stream.length);
});

test("frames_sent_come_back_through_tx_peek_and_commit_as_the_same_frame", async () => {
  const core = await Core.load();
  core.init(imageForLines([3]));
  assert.equal(core.frameSend(3, CONFREQ), true);
  const wire = core.txDrain(3);
  assert.deepEqual(Buffer.from(wire), hdlcFrame(CONFREQ));
  assert.equal(core.txDrain(3).length, 0);
  assert.equal(core.counter(3, LineCounter.TxBytes), wire.length);
});

test("calls_on_lines_that_do_not_exist_are_counted_not_trapped", async () => {
  const core = await Core.load();
  core.init(imageForLines([1]));
  assert.equal(core.rxPush(2, Buffer.from("x")), 0);
  assert.equal(core.exports.txPeek(99), 0);
  core.signals(-5, 1);
  const badCalls = core.globalCounter(GlobalCounter.BadCalls);
  assert.ok(badCalls >= 3);
  // pointers past the end of memory or negative lengths are refused, not trapped on
  assert.equal(core.exports.rxPush(1, core.memoryBytes - 4, 100), 0);
  assert.equal(core.exports.rxPush(1, 0, -1), 0);
  assert.equal(core.exports.frameSend(1, core.memoryBytes + 10, 4), 0);
  assert.equal(core.exports.init(core.memoryBytes - 8, 64), ImageStatus.Truncated);
  // init starts from zeroed counters, then counts its own refusal
  assert.equal(core.globalCounter(GlobalCounter.BadCalls), 1);
  assert.equal(core.globalCounter(GlobalCounter.ImageRejected), 1);
});

test("bad_or_foreign_images_are_refused_with_a_status", async () => {
  const core = await Core.load();
  const good = imageForLines([1]);
  const wrongMagic = Uint8Array.from(good);
  wrongMagic[0] ^= 1;
  assert.equal(core.tryInit(wrongMagic), ImageStatus.BadMagic);
  const flipped = Uint8Array.from(good);
  flipped[flipped.length - 1] ^= 0x40;
  assert.equal(core.tryInit(flipped), ImageStatus.BadChecksum);
  assert.equal(core.tryInit(good.subarray(0, 10)), ImageStatus.Truncated);
  const future = Uint8Array.from(good);
  future[4] = 9;
  assert.equal(core.tryInit(future), ImageStatus.BadVersion);
  assert.equal(core.tryInit(writeImage([])), ImageStatus.MissingSection);
  assert.equal(core.tryInit(imageForLines([64])), ImageStatus.TooManyLines);
  assert.equal(core.tryInit(imageForLines([2, 2])), ImageStatus.BadValue);
  const tooBig = { rxWindowBytes: 65536, txRingBytes: 1 << 20, frameMax: 4096, eventSlots: 64, eventDataBytes: 4096 };
  // Four lines of 1 MiB transmit rings are more than the 3.5 MiB arena holds.
  assert.equal(core.tryInit(imageForLines([1, 2, 3, 4], tooBig)), ImageStatus.OutOfMemory);
  assert.equal(core.tryInit(good), ImageStatus.Ok);
});

test("memory_size_is_unchanged_after_100000_frames_and_a_full_event_ring_refuses_input", async () => {
  const core = await Core.load();
  core.init(imageForLines([1]));
  const before = core.memoryBytes;
  const arenaBefore = core.exports.memoryArenaUsed();
  const batch = Buffer.concat(Array.from({ length: 100 }, () => hdlcFrame(CONFREQ)));
  let frames = 0;
  for (let round = 0; round < 1000; round++) {
    let offset = 0;
    while (offset < batch.length) {
      offset += core.rxPush(1, batch.subarray(offset));
      for (const _ of core.drainEvents()) frames++;
    }
  }
  assert.equal(frames, 100_000);
  assert.equal(core.memoryBytes, before);
  assert.equal(core.exports.memoryArenaUsed(), arenaBefore);
  // Without draining, the core takes input only while it has room for the events.
  const flood = Buffer.concat([batch, batch, batch]);
  const taken = core.rxPush(1, flood);
  assert.ok(taken < flood.length, "a full event ring must refuse the rest");
  assert.equal([...core.drainEvents()].length, 255, "every slot but the overflow reserve was used");
  assert.ok(core.counter(1, LineCounter.RxRefused) > 0);
  assert.equal(core.globalCounter(GlobalCounter.EventsDropped), 0);
});

test("bytes_typed_at_a_login_count_as_received_like_ppp_frames_do", async () => {
  // RFC 2866 §5.3: Acct-Input-Octets of an EXEC session are the bytes the line took, not only PPP's.
  const { compileConfig } = await import("../../../host/config/compile.ts");
  const { compileImage } = await import("../../../host/config/image.ts");
  const core = await Core.load();
  core.init(compileImage(compileConfig("username ann password pw\nline 4\n login local\n no flush-at-activation\n", "count.cfg").model));
  core.signals(4, 0b1101); // DCD, DSR, CTS: a call
  core.tick(2000);
  const typed = Buffer.from("ann\rpw\r");
  assert.equal(core.rxPush(4, typed), typed.length);
  assert.equal(core.counter(4, LineCounter.RxBytes), typed.length);
});
