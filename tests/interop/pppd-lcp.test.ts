// A real pppd 2.4.9 client in the guest, with nobody answering, sends LCP
// Configure-Requests until lcp-max-configure; the dialback core decodes them, and a pcap
// of them written by host/trace/pcap.ts is decoded by tshark without complaint.
//
// DIALBACK_UPDATE_FIXTURES=1 rewrites tests/fixtures/pppd/lcp-confreq.hex from this run.

import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Core } from "../../host/core/core.ts";
import { EventKind, LineCounter } from "../../host/core/abi.ts";
import { SystemClock } from "../../host/core/clock.ts";
import { imageForLines } from "../../host/image/writer.ts";
import { LineCapture } from "../../host/trace/capture.ts";
import { Direction } from "../../host/trace/pcap.ts";
import { requireProgram } from "../support/external.ts";
import { assertNoExpertErrors, assertNoMalformed, tsharkSummary } from "../support/tshark.ts";
import { linkCoreLine } from "./support/core-link.ts";
import { INTEROP_TEST_TIMEOUT_MS, requireGuest, runPppdGuest } from "./support/guest.ts";

const FIXTURE = fileURLToPath(new URL("../fixtures/pppd/lcp-confreq.hex", import.meta.url));
export const PPPD_CLIENT_ARGS = [
  "/dev/ttyS1", "115200", "local", "nodetach", "debug", "noauth", "user", "cli", "remotename", "srv", "noccp", "novj",
  "lcp-max-configure", "3", "lcp-restart", "1",
];
const LINE = 1;

interface PppdRun {
  status: number;
  console: string;
  capture: LineCapture;
  core: Core;
  lcpFrames: Uint8Array[];
}

let run: Promise<PppdRun> | undefined;

/** One guest run shared by the first two tests below (booting costs seconds). */
function pppdRun(): Promise<PppdRun> {
  run ??= (async () => {
    const core = await Core.load();
    core.init(imageForLines([LINE]));
    const clock = new SystemClock();
    const capture = new LineCapture({ clock });
    const lcpFrames: Uint8Array[] = [];
    const guest = await runPppdGuest({ args: PPPD_CLIENT_ARGS, secrets: [{ client: "cli", server: "srv", secret: "s3cret" }], timeoutSec: 30 });
    const link = linkCoreLine({
      stream: guest.stream,
      core,
      line: LINE,
      clock,
      capture,
      onEvent: (event) => {
        if (event.kind === EventKind.FrameReceived && event.line === LINE && event.args[0] === 0xc021) lcpFrames.push(event.data);
      },
    });
    const status = await guest.exitStatus;
    link.stop();
    capture.finish();
    assert.equal(link.refusedBytes, 0);
    return { status, console: guest.consoleLog(), capture, core, lcpFrames };
  })();
  return run;
}

/** LCP options of a Configure-Request (RFC 1661 §5.1), as [type, value hex] pairs. */
function lcpOptions(frame: Uint8Array): [number, string][] {
  assert.deepEqual([...frame.subarray(0, 4)], [0xff, 0x03, 0xc0, 0x21], "frame is FF 03 C0 21 (LCP)");
  const length = (frame[6] << 8) | frame[7];
  assert.equal(length, frame.length - 4, "LCP length matches the frame");
  const options: [number, string][] = [];
  for (let at = 8; at < frame.length; ) {
    const len = frame[at + 1];
    assert.ok(len >= 2 && at + len <= frame.length, `option at ${at} has length ${len}`);
    options.push([frame[at], Buffer.from(frame.subarray(at + 2, at + len)).toString("hex")]);
    at += len;
  }
  return options;
}

function fixtureBytes(): Buffer {
  return Buffer.from(readFileSync(FIXTURE, "utf8").replace(/#.*$/gm, "").replace(/\s+/g, ""), "hex");
}

test("real_pppd_lcp_configure_requests_are_decoded_by_the_core", { timeout: INTEROP_TEST_TIMEOUT_MS }, async (t) => {
  if (!requireGuest(t)) return;
  const { status, console: log, capture, core, lcpFrames } = await pppdRun();
  // pppd gives up after lcp-max-configure requests without an answer (exit 16 or 10 per its man page).
  assert.ok([10, 16].includes(status), `pppd exit ${status}:\n${log}`);
  assert.match(log, /^Connect: ppp0 <--> \/dev\/ttyS1\r?$/m);
  assert.match(log, /^LCP: timeout sending Config-Requests\r?$/m);
  assert.ok(lcpFrames.length >= 3, `${lcpFrames.length} LCP frames:\n${log}`);
  for (const frame of lcpFrames) {
    assert.equal(frame[4], 1, "code 1: Configure-Request");
    assert.equal(frame[5], 1, "pppd keeps identifier 1 when it retransmits on timeout");
  }
  // The core and the independent trace deframer agree on every byte.
  const counts = capture.counts(Direction.Received);
  assert.equal(core.counter(LINE, LineCounter.FramesGood), lcpFrames.length);
  assert.equal(counts.frames, lcpFrames.length);
  assert.deepEqual(capture.frames.map((f) => Buffer.from(f.frame)), lcpFrames.map((f) => Buffer.from(f)));
  assert.equal(core.counter(LINE, LineCounter.BadFcs) + core.counter(LINE, LineCounter.Runts), 0);
  assert.deepEqual(capture.issues, [], "no runt, bad FCS or bytes outside frames");
  assert.equal(core.counter(LINE, LineCounter.RxBytes), capture.raw(Direction.Received).length);

  if (process.env.DIALBACK_UPDATE_FIXTURES === "1") {
    const hex = capture.raw(Direction.Received).toString("hex").replace(/(.{64})/g, "$1\n").trim();
    writeFileSync(FIXTURE, `${hex}\n`);
  }
  // The golden fixture came from such a run: same requests, only the magic number differs.
  const golden = new LineCapture({ clock: new SystemClock() });
  golden.received(fixtureBytes());
  golden.finish();
  assert.deepEqual(golden.issues, []);
  const withoutMagic = (frame: Uint8Array) => lcpOptions(frame).filter(([type]) => type !== 5);
  assert.deepEqual(lcpFrames.slice(0, 3).map(withoutMagic), golden.frames.map((f) => withoutMagic(f.frame)));
});

test("pcap_of_real_pppd_frames_is_decoded_by_tshark_as_lcp_configure_requests", { timeout: INTEROP_TEST_TIMEOUT_MS }, async (t) => {
  if (!requireGuest(t) || !requireProgram(t, "tshark", "tshark")) return;
  const { capture, lcpFrames } = await pppdRun();
  assert.ok(lcpFrames.length >= 3);
  const dir = mkdtempSync(join(tmpdir(), "dialback-pcap-"));
  try {
    const file = join(dir, "pppd-lcp.pcap");
    capture.pcap.save(file);
    assertNoMalformed(file);
    assertNoExpertErrors(file);
    // ppp.direction 1: received by us (DCE→DTE), as the direction octet 0 says.
    const lines = tsharkSummary(file, ["ppp.direction", "ppp.identifier", "lcp.opt.magic_number"]);
    const magic = (frame: Uint8Array) => `0x${lcpOptions(frame).find(([type]) => type === 5)?.[1]}`;
    assert.deepEqual(lines, lcpFrames.map((frame, i) => `${i + 1}\tConfiguration Request\t1\t1\t${magic(frame)}`));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// Our Configure-Request: id 7, Magic-Number 12345678 only (RFC 1661 §6.4).
const OUR_CONFREQ = Buffer.from("ff03c0210107000a050612345678", "hex");

test("pppd_accepts_a_configure_request_framed_by_the_core_and_its_ack_comes_back", { timeout: INTEROP_TEST_TIMEOUT_MS }, async (t) => {
  if (!requireGuest(t) || !requireProgram(t, "tshark", "tshark")) return;
  const core = await Core.load();
  core.init(imageForLines([LINE]));
  const clock = new SystemClock();
  const capture = new LineCapture({ clock });
  const received: Uint8Array[] = [];
  const guest = await runPppdGuest({ args: PPPD_CLIENT_ARGS, timeoutSec: 30 });
  const link = linkCoreLine({
    stream: guest.stream,
    core,
    line: LINE,
    clock,
    capture,
    onEvent: (event) => {
      if (event.kind !== EventKind.FrameReceived || event.args[0] !== 0xc021) return;
      received.push(event.data);
      // pppd is listening once its first request arrives: answer with ours.
      if (received.length === 1) {
        assert.equal(core.frameSend(LINE, OUR_CONFREQ), true);
        link.flush();
      }
    },
  });
  const status = await guest.exitStatus;
  link.stop();
  capture.finish();
  const log = guest.consoleLog();
  assert.ok([10, 16].includes(status), `pppd exit ${status}:\n${log}`);
  assert.match(log, /^rcvd \[LCP ConfReq id=0x7 <magic 0x12345678>\]\r?$/m, log);
  assert.match(log, /^sent \[LCP ConfAck id=0x7 <magic 0x12345678>\]\r?$/m, log);
  // The Configure-Ack repeats our request with code 2 (RFC 1661 §5.2).
  const acks = received.filter((f) => f[4] === 2);
  assert.deepEqual(acks.map((f) => Buffer.from(f).toString("hex")), ["ff03c0210207000a050612345678"]);
  assert.deepEqual(capture.issues, []);
  assert.deepEqual(capture.frames.filter((f) => f.direction === Direction.Sent).map((f) => Buffer.from(f.frame)), [OUR_CONFREQ]);

  const dir = mkdtempSync(join(tmpdir(), "dialback-pcap-"));
  try {
    const file = join(dir, "both-ways.pcap");
    capture.pcap.save(file);
    assertNoMalformed(file);
    assertNoExpertErrors(file);
    const lines = tsharkSummary(file, ["ppp.direction"]);
    const ours = lines.filter((l) => l.endsWith("\t0"));
    assert.equal(ours.length, 1, lines.join("\n"));
    assert.match(ours[0], /^\d+\tConfiguration Request\t0$/);
    assert.ok(lines.some((l) => /^\d+\tConfiguration Ack\t1$/.test(l)), lines.join("\n"));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
