// Drives a scheduler in wall-clock time, for outside programs that cannot wait in virtual time.

import type { Scheduler } from "./scheduler.ts";

export class RealTimeDriver {
  private timer: NodeJS.Timeout | null = null;
  private readonly origin: number;
  private stopped = false;

  constructor(private readonly scheduler: Scheduler) {
    this.origin = performance.now() - scheduler.now();
  }

  start(): void {
    this.stopped = false;
    this.kick();
  }

  /** Catches the virtual clock up with the wall clock, runs what is due and rearms. */
  kick(): void {
    if (this.stopped) return;
    this.scheduler.clock.jumpTo(performance.now() - this.origin);
    this.scheduler.runDue();
    this.arm();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private arm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const next = this.scheduler.nextTime();
    if (next === null) {
      // Nothing due: look again soon, since outside input may schedule work through kick().
      this.timer = setTimeout(() => this.kick(), 1000);
      return;
    }
    const wait = Math.max(0, Math.min(next - this.scheduler.now(), 2 ** 31 - 1));
    this.timer = setTimeout(() => this.kick(), wait);
  }
}
