import { test } from "node:test";
import assert from "node:assert/strict";
import { Core, type CoreEvent } from "../../../host/core/core.ts";
import { EventKind, LineCounter, Signal } from "../../../host/core/abi.ts";
import { imageForLines } from "../../../host/image/writer.ts";
import { SimLineDriver } from "../../../host/lines/sim-driver.ts";
import type { LineDriver } from "../../../host/lines/driver.ts";
import { RunLoop, type CorePort } from "../../../host/run/loop.ts";
import { SimWorld } from "../../../host/sim/world.ts";
import { ModemMode } from "../../../host/sim/modem/modem.ts";
import { TestDte } from "../../support/sim-dte.ts";
import { hdlcFrame } from "../../support/hdlc.ts";

const CONFREQ = Buffer.from("ff03c021010100140206000000000506c8035b3507020802", "hex");

/** The real core, with a hook to add events the core does not emit yet and a cap on rxPush. */
class CoreProbe implements CorePort {
  injected: CoreEvent[] = [];
  signalCalls: [number, number][] = [];
  maxTake = Infinity;
  constructor(readonly core: Core) {}
  rxPush(line: number, data: Uint8Array): number {
    return this.core.rxPush(line, data.subarray(0, Math.min(data.length, this.maxTake)));
  }
  txDrain(line: number): Uint8Array {
    return this.core.txDrain(line);
  }
  signals(line: number, mask: number): void {
    this.signalCalls.push([line, mask]);
    this.core.signals(line, mask);
  }
  tick(now: number): number | null {
    return this.core.tick(now);
  }
  *drainEvents(): Generator<CoreEvent> {
    yield* this.injected.splice(0);
    yield* this.core.drainEvents();
  }
}

async function setup() {
  const core = await Core.load();
  core.init(imageForLines([1]));
  const sim = new SimWorld(5);
  const driver = new SimLineDriver(sim.lineModem("5551001"));
  const far = new TestDte(sim.farEnd({ number: "5550100", behaviour: "answer", maxRate: 33600 }));
  const probe = new CoreProbe(core);
  const loop = new RunLoop(probe, new Map<number, LineDriver>([[1, driver]]), sim.scheduler);
  const frames: CoreEvent[] = [];
  loop.onEvent = (e) => {
    if (e.kind === EventKind.FrameReceived) frames.push(e);
  };
  loop.start();
  return { core, sim, driver, far, probe, loop, frames };
}

test("a call through the simulated modem: signals reach the core, frames both ways", async () => {
  const { core, sim, driver, far, probe, loop, frames } = await setup();
  driver.write(Buffer.from("ATDT5550100\r"));
  assert.ok(sim.scheduler.runUntil(() => driver.signals().dcd));
  sim.scheduler.runFor(10);
  assert.deepEqual(probe.signalCalls.at(-1), [1, Signal.DCD | Signal.DSR | Signal.CTS]);
  // The far end sends two PPP frames; the core decodes them from the line.
  far.send(Buffer.concat([hdlcFrame(CONFREQ), hdlcFrame(CONFREQ)]).toString("latin1"));
  sim.scheduler.runFor(10);
  assert.equal(frames.length, 2);
  assert.deepEqual(Buffer.from(frames[0].data), CONFREQ);
  assert.equal(core.counter(1, LineCounter.FramesGood), 2);
  // A frame the core sends leaves through the driver and reaches the far modem's DTE.
  far.take();
  core.frameSend(1, CONFREQ);
  loop.requestPump();
  sim.scheduler.runFor(10);
  assert.deepEqual(Buffer.from(far.take(), "latin1"), hdlcFrame(CONFREQ));
  loop.stop();
});

test("SignalsSet from the core drives the driver's DTR/RTS: a DTR drop hangs the modem up", async () => {
  const { sim, driver, far, probe, loop } = await setup();
  driver.write(Buffer.from("ATDT5550100\r"));
  assert.ok(sim.scheduler.runUntil(() => driver.signals().dcd));
  probe.injected.push({ seq: 0, line: 1, kind: EventKind.SignalsSet, args: [2, 0, 0, 0], data: new Uint8Array(0) });
  loop.requestPump();
  sim.scheduler.runFor(10);
  assert.deepEqual(driver.outputs(), { dtr: false, rts: true });
  assert.equal(driver.modem.mode, ModemMode.Command);
  assert.equal(driver.signals().dcd, false);
  assert.match(far.text, /NO CARRIER/);
  assert.deepEqual(probe.signalCalls.at(-1), [1, Signal.DSR | Signal.CTS]);
  loop.stop();
});

test("bytes the core refuses are kept and offered again, in order", async () => {
  const { sim, driver, far, probe, loop, frames } = await setup();
  driver.write(Buffer.from("ATDT5550100\r"));
  assert.ok(sim.scheduler.runUntil(() => driver.signals().dcd));
  probe.maxTake = 7;
  const stream = Buffer.concat(Array.from({ length: 20 }, () => hdlcFrame(CONFREQ)));
  far.send(stream.toString("latin1"));
  assert.ok(sim.scheduler.runUntil(() => frames.length === 20, 60_000));
  assert.equal(loop.backlog(1), 0);
  assert.ok(frames.every((f) => Buffer.from(f.data).equals(CONFREQ)));
  loop.stop();
});
