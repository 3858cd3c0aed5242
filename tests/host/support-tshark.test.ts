// The tshark checks must be able to fail: a truncated LCP packet is malformed to tshark.

import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { VirtualClock } from "../../host/core/clock.ts";
import { Direction, PcapWriter } from "../../host/trace/pcap.ts";
import { requireProgram } from "../support/external.ts";
import { assertNoExpertErrors, assertNoMalformed, tsharkSummary } from "../support/tshark.ts";

const CONFREQ = Buffer.from("ff03c021010100140206000000000506c8035b3507020802", "hex");

function withPcap(frames: [Direction, Buffer][], check: (file: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), "dialback-tshark-"));
  try {
    const pcap = new PcapWriter({ clock: new VirtualClock() });
    for (const [direction, frame] of frames) pcap.add(direction, frame);
    const file = join(dir, "t.pcap");
    pcap.save(file);
    check(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test("good_frames_pass_and_summaries_show_direction", (t) => {
  if (!requireProgram(t, "tshark", "tshark")) return;
  withPcap([[Direction.Received, CONFREQ], [Direction.Sent, CONFREQ]], (file) => {
    assertNoMalformed(file);
    assertNoExpertErrors(file);
    assert.deepEqual(tsharkSummary(file, ["ppp.direction"]), ["1\tConfiguration Request\t1", "2\tConfiguration Request\t0"]);
  });
});

test("a_truncated_lcp_packet_fails_both_checks", (t) => {
  if (!requireProgram(t, "tshark", "tshark")) return;
  withPcap([[Direction.Received, CONFREQ.subarray(0, 18)]], (file) => {
    assert.throws(() => assertNoMalformed(file), /malformed packets/);
    assert.throws(() => assertNoExpertErrors(file), /expert errors/);
  });
});
