// The core's time: the latest `tick(now)` the host gave (it never goes back), for work that
// arrives between ticks through other calls (input, a host's AAA answer).

import { globalCount, GlobalCounter } from "../mem/counters";

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
