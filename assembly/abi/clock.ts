// The core's time: the latest `tick(now)` the host gave (it never goes back), for work that
// arrives between ticks through other calls (input, a host's AAA answer).

let nowMs: f64 = 0;

export function clockAdvance(now: f64): void {
  if (now > nowMs) nowMs = now;
}

export function clockNow(): f64 {
  return nowMs;
}
