// Event scheduler on the virtual clock: the simulator never sleeps, it jumps to the next
// task, so a 30 s timeout costs microseconds of real time.

import { VirtualClock } from "../core/clock.ts";

export interface Timer {
  cancel(): void;
}

interface Task {
  at: number;
  seq: number;
  run: () => void;
  cancelled: boolean;
}

export class SchedulerError extends Error {}

export class Scheduler {
  readonly clock: VirtualClock;
  private tasks: Task[] = [];
  private seq = 0;
  /** Zero-delay tasks that keep rescheduling themselves are a bug: stop after this many in a row. */
  maxStepsPerRun = 1_000_000;

  constructor(clock: VirtualClock = new VirtualClock()) {
    this.clock = clock;
  }

  now(): number {
    return this.clock.now();
  }

  /** Runs `run` at virtual time `at` (now if `at` is in the past); ties run in the order scheduled. */
  at(at: number, run: () => void): Timer {
    const task: Task = { at: Math.max(at, this.now()), seq: this.seq++, run, cancelled: false };
    // Binary search keeps the queue sorted by (at, seq); queues stay small.
    let lo = 0;
    let hi = this.tasks.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const t = this.tasks[mid];
      if (t.at < task.at || (t.at === task.at && t.seq < task.seq)) lo = mid + 1;
      else hi = mid;
    }
    this.tasks.splice(lo, 0, task);
    return {
      cancel: () => {
        task.cancelled = true;
      },
    };
  }

  after(delayMs: number, run: () => void): Timer {
    return this.at(this.now() + Math.max(0, delayMs), run);
  }

  /** Time of the next live task, or null when nothing is scheduled. */
  nextTime(): number | null {
    this.dropCancelled();
    return this.tasks.length ? this.tasks[0].at : null;
  }

  get pending(): number {
    this.dropCancelled();
    return this.tasks.filter((t) => !t.cancelled).length;
  }

  /** Runs every task due at or before now; returns how many ran. */
  runDue(): number {
    let ran = 0;
    for (;;) {
      this.dropCancelled();
      const next = this.tasks[0];
      if (!next || next.at > this.now()) return ran;
      this.tasks.shift();
      next.run();
      if (++ran > this.maxStepsPerRun) throw new SchedulerError(`more than ${this.maxStepsPerRun} tasks at ${this.now()} ms`);
    }
  }

  /** Runs everything due up to now + ms, then leaves the clock at now + ms. */
  runFor(ms: number): void {
    this.runUntilTime(this.now() + ms);
  }

  runUntilTime(end: number): void {
    let steps = 0;
    for (;;) {
      const next = this.nextTime();
      if (next === null || next > end) break;
      this.clock.jumpTo(next);
      steps += this.runDue();
      if (steps > this.maxStepsPerRun) throw new SchedulerError(`more than ${this.maxStepsPerRun} tasks before ${end} ms`);
    }
    this.clock.jumpTo(end);
  }

  /**
   * Steps from task to task until `done()` holds or virtual time passes now + limitMs.
   * Returns whether `done()` held.
   */
  runUntil(done: () => boolean, limitMs = 600_000): boolean {
    const end = this.now() + limitMs;
    let steps = 0;
    this.runDue();
    while (!done()) {
      const next = this.nextTime();
      if (next === null || next > end) {
        this.clock.jumpTo(end);
        return done();
      }
      this.clock.jumpTo(next);
      steps += this.runDue();
      if (steps > this.maxStepsPerRun) throw new SchedulerError(`more than ${this.maxStepsPerRun} tasks before ${end} ms`);
    }
    return true;
  }

  private dropCancelled(): void {
    while (this.tasks.length && this.tasks[0].cancelled) this.tasks.shift();
  }
}
