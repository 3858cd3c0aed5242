// Checks and diagnostics shared by tests of one runPppSession: the events of one type, the
// whole story of a run for assertion messages, and tshark's clean decoding of its pcap.

import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LineCounter } from "../../../host/core/abi.ts";
import type { PppEvent } from "../../../host/core/ppp.ts";
import { assertNoExpertErrors, assertNoMalformed, tsharkSummary } from "../../support/tshark.ts";
import { LINE, timeline, type SessionResult } from "./ppp-session.ts";

export function only<T extends PppEvent["type"]>(result: SessionResult, type: T): Extract<PppEvent, { type: T }>[] {
  return result.events.filter((e): e is Extract<PppEvent, { type: T }> => e.type === type);
}

export function story(result: SessionResult): string {
  return [`timeline: ${timeline(result)}`, "core trace:", ...result.traces, "capture:", ...result.capture.lines(), "guest console:", result.console].join(
    "\n",
  );
}

/**
 * Saves the run's pcap to a scratch file after the clean-bytes checks, has tshark find no
 * malformed packet and no expert error in it, then returns what `read` makes of the file.
 */
export function inCheckedPcap<T>(result: SessionResult, name: string, read: (file: string) => T): T {
  assert.deepEqual(result.capture.issues, [], story(result));
  assert.equal(result.core.counter(LINE, LineCounter.PppBadPackets), 0, story(result));
  const dir = mkdtempSync(join(tmpdir(), "dialback-session-"));
  try {
    const file = join(dir, `${name}.pcap`);
    result.capture.pcap.save(file);
    assertNoMalformed(file);
    assertNoExpertErrors(file);
    return read(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** tshark's "number<TAB>Info" lines of the run's pcap, after the no-malformed and no-expert-error checks. */
export function decodedCleanly(result: SessionResult, name: string): string[] {
  return inCheckedPcap(result, name, (file) => tsharkSummary(file));
}
