// SIGTERM and SIGINT: every line is hung up before the devices close, as the board contract
// says (boards/abi.md, "Stop and reload"): DTR drops on all lines at once (a driver without
// DTR hangs up by escape), then each line waits for its carrier to go, a few seconds at most.

import type { LineDriver } from "../lines/driver.ts";

/** How long a line's carrier may stay up after the hang-up before it is reported. */
export const CARRIER_WAIT_MS = 5000;
const POLL_MS = 20;

export interface HangUpResult {
  tty: number;
  /** Carrier was up when the stop came (a call was on the line). */
  inCall: boolean;
  /** Carrier went down (or was never up). */
  ok: boolean;
  ms: number;
  error?: string;
}

async function hangUpOne(tty: number, driver: LineDriver, waitMs: number): Promise<HangUpResult> {
  const start = performance.now();
  const inCall = driver.signals().dcd;
  try {
    await Promise.race([
      driver.setOutputs({ dtr: false, rts: driver.outputs().rts }),
      new Promise((_, reject) => setTimeout(() => reject(new Error(`no hang-up within ${waitMs} ms`)), waitMs).unref()),
    ]);
  } catch (e) {
    return { tty, inCall, ok: false, ms: performance.now() - start, error: (e as Error).message };
  }
  while (driver.signals().dcd && performance.now() - start < waitMs) await new Promise((r) => setTimeout(r, POLL_MS));
  const ok = !driver.signals().dcd;
  return { tty, inCall, ok, ms: performance.now() - start, error: ok ? undefined : `carrier still up ${waitMs} ms after the hang-up` };
}

/** Hangs every line up at once (the console is left alone); one result per line, in line order. */
export async function hangUpAll(drivers: Map<number, LineDriver>, waitMs = CARRIER_WAIT_MS): Promise<HangUpResult[]> {
  const lines = [...drivers].filter(([, d]) => d.kind !== "console").sort(([a], [b]) => a - b);
  return Promise.all(lines.map(([tty, d]) => hangUpOne(tty, d, waitMs)));
}
