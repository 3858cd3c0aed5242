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
  /** Binary min-heap on (at, seq): a run with thousands of callers keeps thousands of timers. */
  private heap: Task[] = [];
  private seq = 0;
  /** Zero-delay tasks that keep rescheduling themselves are a bug: stop after this many at one instant. */
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
    this.push(task);
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
    return this.heap.length ? this.heap[0].at : null;
  }

  get pending(): number {
    return this.heap.filter((t) => !t.cancelled).length;
  }

  /** Runs every task due at or before now; returns how many ran. */
  runDue(): number {
    let ran = 0;
    for (;;) {
      this.dropCancelled();
      const next = this.heap[0];
      if (!next || next.at > this.now()) return ran;
      this.pop();
      next.run();
      if (++ran > this.maxStepsPerRun) throw new SchedulerError(`more than ${this.maxStepsPerRun} tasks at ${this.now()} ms`);
    }
  }

  /** Runs everything due up to now + ms, then leaves the clock at now + ms. */
  runFor(ms: number): void {
    this.runUntilTime(this.now() + ms);
  }

  runUntilTime(end: number): void {
    for (;;) {
      const next = this.nextTime();
      if (next === null || next > end) break;
      this.clock.jumpTo(next);
      this.runDue();
    }
    this.clock.jumpTo(end);
  }

  /**
   * Steps from task to task until `done()` holds or virtual time passes now + limitMs.
   * Returns whether `done()` held.
   */
  runUntil(done: () => boolean, limitMs = 600_000): boolean {
    const end = this.now() + limitMs;
    this.runDue();
    while (!done()) {
      const next = this.nextTime();
      if (next === null || next > end) {
        this.clock.jumpTo(end);
        return done();
      }
      this.clock.jumpTo(next);
      this.runDue();
    }
    return true;
  }

  private dropCancelled(): void {
    while (this.heap.length && this.heap[0].cancelled) this.pop();
  }

  private static before(a: Task, b: Task): boolean {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }

  private push(task: Task): void {
    const h = this.heap;
    let i = h.length;
    h.push(task);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!Scheduler.before(task, h[parent])) break;
      h[i] = h[parent];
      i = parent;
    }
    h[i] = task;
  }

  private pop(): void {
    const h = this.heap;
    const last = h.pop() as Task;
    if (h.length === 0) return;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= h.length) break;
      const r = l + 1;
      const child = r < h.length && Scheduler.before(h[r], h[l]) ? r : l;
      if (!Scheduler.before(h[child], last)) break;
      h[i] = h[child];
      i = child;
    }
    h[i] = last;
  }
}
