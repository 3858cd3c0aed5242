// The host's only notion of time. Tests and the simulator use the virtual clock,
// which jumps to the next deadline instead of sleeping.

export interface Clock {
  now(): number;
}

export class SystemClock implements Clock {
  private readonly start = performance.now();
  now(): number {
    return performance.now() - this.start;
  }
}

export class VirtualClock implements Clock {
  private current: number;
  constructor(startMs = 0) {
    this.current = startMs;
  }
  now(): number {
    return this.current;
  }
  /** Moves forward by `ms` (never backward). */
  advance(ms: number): void {
    if (ms < 0) throw new RangeError("virtual time never goes backward");
    this.current += ms;
  }
  /** Jumps to `ms` if that is later than now. */
  jumpTo(ms: number): void {
    if (ms > this.current) this.current = ms;
  }
}
