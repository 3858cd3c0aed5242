// The core's one "now": the latest `tick(now)` the host gave (it never goes back). Code that
// runs inside a call from the host gets the time as an argument; only work that arrives
// without one (a chat script's end, a PPP session's report) reads it here.

import { globalCount, GlobalCounter } from "./counters";

let nowMs: f64 = 0;

/** Moves time forward. NaN or an infinity is refused and counted: Infinity would end time. */
export function clockAdvance(now: f64): void {
  if (!isFinite(now)) {
    globalCount(GlobalCounter.BadCalls);
    return;
  }
  if (now > nowMs) nowMs = now;
}

export function clockNow(): f64 {
  return nowMs;
}
