// The accounting queue (host/aaa/accounting-queue.ts) on a virtual clock with servers the test
// controls: records wait while no server answers and leave in order, once each, when one does;
// a record that finds the queue full is dropped, counted and logged with its callback id.

import { test } from "node:test";
import assert from "node:assert/strict";
import { Scheduler } from "../../../host/sim/scheduler.ts";
import { SimAaaNetwork } from "../../../host/simulate/aaa-network.ts";
import { ServerHealth } from "../../../host/aaa/server-health.ts";
import { AccountingQueue, type AccountingTarget, type QueuedRecord } from "../../../host/aaa/accounting-queue.ts";
import type { AccountingRecord } from "../../../host/aaa/accounting-record.ts";

/** A server that answers after `answerMs`, or never while `down`; it notes every record it was given. */
class TestServer implements AccountingTarget {
  down = true;
  readonly given: string[] = [];
  acknowledgedLate?: (q: QueuedRecord) => void;

  constructor(
    readonly name: string,
    private readonly scheduler: Scheduler,
    private readonly answerMs = 100,
  ) {}

  deliver(q: QueuedRecord): Promise<string | null> {
    return new Promise((resolve) => {
      if (this.down) return void this.scheduler.after(2000, () => resolve("no answer"));
      this.scheduler.after(this.answerMs, () => {
        this.given.push(`${q.record.session.id} ${q.record.status}`);
        resolve(null);
      });
    });
  }

  forget(): void {}
  close(): void {}
}

function record(callId: number, status: "start" | "stop"): AccountingRecord {
  const session = {
    id: `t-${callId}`, multiId: "t", callId, leg: 1 as const, service: "exec" as const, user: "ann", tty: 4, startedAt: 0, startEpoch: 0,
    callbackNumber: null, calling: null, called: null, framedIp: null, authority: null, classes: [],
  };
  const stop = status === "stop";
  const stats = stop ? { seconds: 1, inOctets: 0, outOctets: 0, inPackets: 0, outPackets: 0 } : null;
  return { status, session, at: 0, epoch: 0, stats, cause: stop ? "User-Request" : null };
}

async function settle(scheduler: Scheduler, ms: number): Promise<void> {
  const end = scheduler.now() + ms;
  for (;;) {
    await new Promise((r) => setImmediate(r));
    const next = scheduler.nextTime();
    if (next === null || next > end) break;
    scheduler.clock.jumpTo(next);
    scheduler.runDue();
  }
  scheduler.clock.jumpTo(end);
}

function bench(limit: number) {
  const scheduler = new Scheduler();
  const io = new SimAaaNetwork(scheduler, 1);
  const log: string[] = [];
  const health = new ServerHealth(io, (l) => log.push(l));
  const first = new TestServer("first", scheduler);
  const second = new TestServer("second", scheduler);
  const queue = new AccountingQueue("group T", [first, second], { io, health, deadTimeMs: 0, log: (l) => log.push(l), limit, window: 4 });
  return { scheduler, log, first, second, queue };
}

test("records_wait_while_no_server_answers_then_leave_in_order_once_each", async () => {
  const { scheduler, log, first, second, queue } = bench(100);
  for (let i = 1; i <= 6; i++) queue.push(record(i, i % 2 ? "start" : "stop"));
  await settle(scheduler, 30_000);
  assert.equal(queue.pending, 6, "nothing acknowledged while both servers are down");
  assert.match(log.join("\n"), /no server of group T took a record \(first: no answer; second: no answer\)/);
  second.down = false;
  await settle(scheduler, 120_000);
  assert.equal(queue.pending, 0, log.join("\n"));
  assert.deepEqual(second.given, ["t-1 start", "t-2 stop", "t-3 start", "t-4 stop", "t-5 start", "t-6 stop"], "in order, once each");
  assert.deepEqual(first.given, []);
  assert.equal(queue.acknowledged, 6);
  assert.equal(queue.dropped, 0);
});

test("a_record_that_finds_the_queue_full_is_dropped_counted_and_logged_never_silently", async () => {
  const { scheduler, log, second, queue } = bench(3);
  for (let i = 1; i <= 5; i++) assert.equal(queue.push(record(i, "start")), i <= 3, `record ${i}`);
  assert.equal(queue.dropped, 2);
  const dropped = log.filter((l) => l.includes("dropped"));
  assert.deepEqual(dropped, [
    "accounting [4]: Start ann exec TTY4 leg 1 dropped: the queue holds 3 records (1 dropped so far)",
    "accounting [5]: Start ann exec TTY4 leg 1 dropped: the queue holds 3 records (2 dropped so far)",
  ]);
  second.down = false;
  await settle(scheduler, 120_000);
  assert.deepEqual(second.given, ["t-1 start", "t-2 start", "t-3 start"]);
  queue.push(record(6, "stop"));
  await settle(scheduler, 10_000);
  assert.deepEqual(second.given.slice(3), ["t-6 stop"], "room again once records have left");
});

test("records_still_waiting_when_accounting_stops_are_named_in_the_log", async () => {
  const { scheduler, log, queue } = bench(10);
  queue.push(record(7, "stop"));
  await settle(scheduler, 10_000);
  queue.close();
  assert.equal(queue.abandoned, 1);
  assert.match(log.join("\n"), /accounting: 1 record\(s\) for group T never acknowledged: \[7\] Stop ann exec TTY4 leg 1 \(User-Request, 1 s\)/);
  assert.equal(queue.push(record(8, "start")), false);
  assert.match(log.join("\n"), /accounting \[8\]: Start ann exec TTY4 leg 1 dropped: accounting has stopped/);
});
