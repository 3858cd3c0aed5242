// No accounting record lost: records wait in a bounded queue, oldest first, and are sent to
// the servers of their route in order (a dead one skipped, `deadtime`), a few at a time. A
// record no server took goes back to its place and the queue waits before trying again (5 s,
// doubling to 60 s, or until a dead server's time is up), then sends one record alone until a
// server answers. A record that finds the queue full is dropped, counted and logged.

import type { AaaIo, AaaTimer } from "./aaa-io.ts";
import { describeRecord, type AccountingRecord } from "./accounting-record.ts";
import type { ServerHealth } from "./server-health.ts";

export interface QueuedRecord {
  /** Position in the queue's order (oldest first). */
  seq: number;
  record: AccountingRecord;
}

/** One server as the queue sees it: deliver one record with its own retransmissions; null when acknowledged, else why not. */
export interface AccountingTarget {
  readonly name: string;
  deliver(q: QueuedRecord): Promise<string | null>;
  /** Set by the queue: the server acknowledged `q` after `deliver` had given up on it (a slow server). */
  acknowledgedLate?: (q: QueuedRecord) => void;
  /** The record left the queue: what was built for it may go. */
  forget(q: QueuedRecord): void;
  close(): void;
}

export interface AccountingQueueOptions {
  io: AaaIo;
  health: ServerHealth;
  /** `deadtime` of the route's servers (0: never marked dead). */
  deadTimeMs: number;
  log: (text: string) => void;
  /** Records held at most (waiting and being sent). */
  limit: number;
  /** Records sent at once while servers answer. */
  window: number;
  /** Told of each record a server acknowledged. */
  acknowledged?: (record: AccountingRecord, target: string) => void;
}

export const ACCOUNTING_QUEUE_LIMIT = 1000;
export const ACCOUNTING_WINDOW = 8;
const FIRST_PAUSE_MS = 5000;
const LONGEST_PAUSE_MS = 60_000;

export class AccountingQueue {
  private readonly waiting: QueuedRecord[] = [];
  private readonly sending = new Set<QueuedRecord>();
  private seq = 0;
  private pausedUntil = 0;
  private pause = FIRST_PAUSE_MS;
  private timer: AaaTimer | null = null;
  /** After a pause, one record alone until a server answers. */
  private probing = false;
  private closed = false;
  /** Records acknowledged, dropped because the queue was full, and given up at close. */
  acknowledged = 0;
  dropped = 0;
  abandoned = 0;

  constructor(
    readonly name: string,
    private readonly targets: AccountingTarget[],
    private readonly options: AccountingQueueOptions,
  ) {
    for (const t of targets) t.acknowledgedLate = (q) => this.lateAnswer(q, t.name);
  }

  /** Queues a record; false (counted and logged) when the queue is full. */
  push(record: AccountingRecord): boolean {
    if (this.closed || this.waiting.length + this.sending.size >= this.options.limit) {
      this.dropped++;
      const why = this.closed ? "accounting has stopped" : `the queue holds ${this.options.limit} records`;
      this.options.log(`accounting [${record.session.callId}]: ${describeRecord(record)} dropped: ${why} (${this.dropped} dropped so far)`);
      return false;
    }
    this.waiting.push({ seq: this.seq++, record });
    this.pump();
    return true;
  }

  /** Records not yet acknowledged. */
  get pending(): number {
    return this.waiting.length + this.sending.size;
  }

  idle(): boolean {
    return this.pending === 0;
  }

  /** Stops: records still here are given up (counted in `abandoned`, logged once). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.timer?.cancel();
    const left = [...this.sending, ...this.waiting];
    this.abandoned += left.length;
    const named = left.map((q) => `[${q.record.session.callId}] ${describeRecord(q.record)}`).join("; ");
    if (left.length) this.options.log(`accounting: ${left.length} record(s) for ${this.name} never acknowledged: ${named}`);
    for (const q of left) for (const t of this.targets) t.forget(q);
    this.waiting.length = 0;
    this.sending.clear();
    for (const t of this.targets) t.close();
  }

  private pump(): void {
    if (this.closed) return;
    const now = this.options.io.now();
    if (now < this.pausedUntil) return this.wake(this.pausedUntil);
    const window = this.probing ? 1 : this.options.window;
    while (this.sending.size < window && this.waiting.length) {
      const q = this.waiting.shift() as QueuedRecord;
      this.sending.add(q);
      void this.send(q);
    }
  }

  private wake(at: number): void {
    if (this.timer) return;
    this.timer = this.options.io.after(Math.max(0, at - this.options.io.now()), () => {
      this.timer = null;
      this.pump();
    });
  }

  private async send(q: QueuedRecord): Promise<void> {
    const health = this.options.health;
    const names = this.targets.map((t) => t.name);
    const usable = new Set(health.usable(names));
    const reasons: string[] = [];
    for (const target of this.targets) {
      if (!usable.has(target.name)) continue;
      const error = await target.deliver(q);
      if (this.closed || !this.sending.has(q)) return; // acknowledged meanwhile (a late answer from a server tried before)
      if (error === null) {
        health.markAlive(target.name);
        return this.done(q, target.name);
      }
      reasons.push(`${target.name}: ${error}`);
      this.options.log(`accounting [${q.record.session.callId}]: ${target.name}: ${error}`);
      health.markDead(target.name, this.options.deadTimeMs, error);
    }
    this.failed(q, names, reasons);
  }

  // A server answered a record after its transmissions had timed out: the record is acknowledged where it is (waiting or
  // being sent elsewhere), and sending it again would make the server write it twice.
  private lateAnswer(q: QueuedRecord, target: string): void {
    if (this.closed || (!this.sending.has(q) && !this.waiting.includes(q))) return;
    this.options.log(`accounting [${q.record.session.callId}]: ${target} answered ${describeRecord(q.record)} late: taken, not sent again`);
    this.options.health.markAlive(target);
    this.pausedUntil = 0;
    this.done(q, target);
  }

  private done(q: QueuedRecord, target: string): void {
    if (!this.sending.delete(q)) {
      const at = this.waiting.indexOf(q);
      if (at >= 0) this.waiting.splice(at, 1);
    }
    for (const t of this.targets) t.forget(q);
    this.acknowledged++;
    this.pause = FIRST_PAUSE_MS;
    if (this.probing) {
      this.probing = false;
      if (this.pending) this.options.log(`accounting: ${target} answers: ${this.pending} waiting record(s) follow`);
    }
    this.options.acknowledged?.(q.record, target);
    this.pump();
  }

  // Back to its place (records keep their order), and the queue waits before the next try.
  private failed(q: QueuedRecord, names: string[], reasons: string[]): void {
    this.sending.delete(q);
    const at = this.waiting.findIndex((w) => w.seq > q.seq);
    this.waiting.splice(at < 0 ? this.waiting.length : at, 0, q);
    const now = this.options.io.now();
    if (now < this.pausedUntil) return; // another record already paused the queue
    const back = this.options.health.earliestBack(names);
    const wait = Math.max(this.pause, back !== null && back - now < LONGEST_PAUSE_MS ? back - now : 0);
    this.pausedUntil = now + wait;
    this.pause = Math.min(this.pause * 2, LONGEST_PAUSE_MS);
    this.probing = true;
    const why = reasons.length ? reasons.join("; ") : "every server is dead";
    this.options.log(`accounting: no server of ${this.name} took a record (${why}): ${this.pending} record(s) wait, next try in ${Math.round(wait / 1000)} s`);
    this.wake(this.pausedUntil);
  }
}
