// The "+++" escape with guard time (Hayes; S2 = escape character, S12 = guard in 1/50 s):
// silence for the guard time, three escape characters each within the guard time of the
// previous, then silence for the guard time again.

export class EscapeDetector {
  private lastByteAt = Number.NEGATIVE_INFINITY;
  private count = 0;
  private thirdAt = -1;

  constructor(
    private readonly escapeChar: () => number,
    private readonly guardMs: () => number,
  ) {}

  /** Feeds one byte sent by the DTE at `now`; true when it is a third escape character. */
  byte(b: number, now: number): boolean {
    const guard = this.guardMs();
    const gap = now - this.lastByteAt;
    this.lastByteAt = now;
    this.thirdAt = -1;
    if (b !== this.escapeChar() || this.escapeChar() > 127) {
      this.count = 0;
      return false;
    }
    if (this.count === 0) this.count = gap >= guard ? 1 : 0;
    else if (this.count < 3 && gap < guard) this.count++;
    else this.count = 0;
    if (this.count === 3) {
      this.count = 0;
      this.thirdAt = now;
      return true;
    }
    return false;
  }

  /** True when the third escape character was followed by a full guard time of silence. */
  confirmed(now: number): boolean {
    return this.thirdAt >= 0 && this.lastByteAt === this.thirdAt && now - this.thirdAt >= this.guardMs();
  }

  reset(): void {
    this.lastByteAt = Number.NEGATIVE_INFINITY;
    this.count = 0;
    this.thirdAt = -1;
  }
}
