import { test } from "node:test";
import assert from "node:assert/strict";
import { VirtualClock } from "../../../host/core/clock.ts";
import { Scheduler, SchedulerError } from "../../../host/sim/scheduler.ts";
import { Rng } from "../../../host/sim/rng.ts";

test("a 30 s wait finishes by jumping the virtual clock", () => {
  const s = new Scheduler(new VirtualClock(1000));
  let fired = -1;
  s.after(30_000, () => {
    fired = s.now();
  });
  assert.equal(s.runUntil(() => fired >= 0), true);
  assert.equal(fired, 31_000);
  assert.equal(s.nextTime(), null);
});

test("tasks run in time order, ties in the order scheduled, cancelled ones never", () => {
  const s = new Scheduler();
  const seen: string[] = [];
  s.after(20, () => seen.push("b"));
  s.after(10, () => seen.push("a1"));
  s.after(10, () => seen.push("a2"));
  const t = s.after(15, () => seen.push("cancelled"));
  s.at(-5, () => seen.push("past runs now"));
  t.cancel();
  s.runFor(100);
  assert.deepEqual(seen, ["past runs now", "a1", "a2", "b"]);
  assert.equal(s.now(), 100);
});

test("runUntil gives up at its virtual time limit", () => {
  const s = new Scheduler();
  s.after(50_000, () => {});
  assert.equal(s.runUntil(() => false, 10_000), false);
  assert.equal(s.now(), 10_000);
});

test("a task that reschedules itself at zero delay forever is stopped with an error", () => {
  const s = new Scheduler();
  s.maxStepsPerRun = 1000;
  const loop = () => {
    s.after(0, loop);
  };
  loop();
  assert.throws(() => s.runFor(1), SchedulerError);
});

test("the random stream is the same for the same seed and differs for another", () => {
  const a = new Rng(42);
  const b = new Rng(42);
  const c = new Rng(43);
  const sa = Array.from({ length: 8 }, () => a.nextU32());
  assert.deepEqual(sa, Array.from({ length: 8 }, () => b.nextU32()));
  assert.notDeepEqual(sa, Array.from({ length: 8 }, () => c.nextU32()));
  for (let i = 0; i < 1000; i++) {
    const n = a.int(3, 9);
    assert.ok(n >= 3 && n <= 9 && Number.isInteger(n));
  }
});
