// The host's side of the core's random generator (host/core/entropy.ts): the OS seed that
// `dialback run` pushes, the simulator's replayable seed, and the feeder that pushes fresh
// octets at the start of every call. Values are read where a peer sees them: the Magic-Number
// of the LCP Configure-Request a PPP session opens with.

import { test } from "node:test";
import assert from "node:assert/strict";
import { Core, type CoreEvent } from "../../../host/core/core.ts";
import { GlobalCounter, LineEvent, LineState } from "../../../host/core/abi.ts";
import { pppOpen, PppRole } from "../../../host/core/ppp.ts";
import { imageForLines } from "../../../host/image/writer.ts";
import { Deframer } from "../../../host/trace/deframe.ts";
import { EntropyFeeder, RESEED_INTERVAL_MS, SEED_BYTES, seedForSimulation, seedFromSystem, unseededDraws } from "../../../host/core/entropy.ts";

const LINE = 1;

async function freshCore(): Promise<Core> {
  const core = await Core.load();
  core.init(imageForLines([LINE]));
  return core;
}

/** Opens a server session on the line and returns the Magic-Number of its first Configure-Request. */
function magicOf(core: Core): string {
  core.tick(0);
  assert.equal(pppOpen(core, LINE, PppRole.Server, {}), 0);
  let request: Uint8Array | null = null;
  new Deframer().push(core.txDrain(LINE), (frame) => (request ??= frame), () => {});
  assert.ok(request, "the session sent a frame");
  const frame = request as Uint8Array;
  // FF 03 C0 21, code id length(2), then options: find type 5 (RFC 1661 §6.4).
  for (let at = 8; at + 1 < frame.length && frame[at + 1] >= 2; at += frame[at + 1]) {
    if (frame[at] === 5) return Buffer.from(frame.subarray(at + 2, at + 6)).toString("hex");
  }
  return assert.fail("no Magic-Number option");
}

function lineState(now: LineState, before: LineState): CoreEvent {
  return { seq: 1, line: LINE, kind: LineEvent.LineState, args: [now, before, 0, 0], data: new Uint8Array() };
}

test("an_unseeded_core_counts_its_draws_and_a_system_seed_stops_that", async () => {
  const unseeded = await freshCore();
  assert.equal(unseeded.exports.entropySeeded(), 0);
  magicOf(unseeded);
  assert.ok(unseededDraws(unseeded) >= 1, "the Magic-Number drawn without a seed is counted");
  const seeded = await freshCore();
  seedFromSystem(seeded);
  assert.equal(seeded.exports.entropySeeded(), 1);
  magicOf(seeded);
  assert.equal(seeded.globalCounter(GlobalCounter.EntropyUnseeded), 0);
});

test("system_seeds_differ_between_cores_and_the_simulation_seed_replays", async () => {
  const [a, b] = [await freshCore(), await freshCore()];
  seedFromSystem(a);
  seedFromSystem(b);
  assert.notEqual(magicOf(a), magicOf(b));
  const [c, d, e] = [await freshCore(), await freshCore(), await freshCore()];
  seedForSimulation(c, "seed 1 server");
  seedForSimulation(d, "seed 1 server");
  seedForSimulation(e, "seed 2 server");
  const replayed = magicOf(c);
  assert.equal(magicOf(d), replayed);
  assert.notEqual(magicOf(e), replayed);
  assert.equal(c.exports.entropySeeded(), 1, `the simulation seed is ${SEED_BYTES} octets too`);
});

test("the_feeder_pushes_when_a_line_leaves_idle_and_not_on_other_steps", async () => {
  const [fed, twin] = [await freshCore(), await freshCore()];
  seedForSimulation(fed, "same");
  seedForSimulation(twin, "same");
  const feeder = new EntropyFeeder(fed);
  feeder.observe(lineState(LineState.Autoselect, LineState.Activation));
  feeder.observe(lineState(LineState.Idle, LineState.HangUp));
  assert.equal(feeder.pushes, 0);
  assert.equal(magicOf(fed), magicOf(twin), "no push yet: the twins agree");
  fed.init(imageForLines([LINE]));
  twin.init(imageForLines([LINE]));
  feeder.observe(lineState(LineState.Activation, LineState.Idle));
  feeder.observe(lineState(LineState.Dialling, LineState.Idle));
  assert.equal(feeder.pushes, 2, "a call coming in and a callback going out");
  assert.notEqual(magicOf(fed), magicOf(twin), "fresh octets changed what comes next");
});

test("an_idle_server_is_fed_every_reseed_interval_until_stopped", async (t) => {
  t.mock.timers.enable({ apis: ["setInterval"] });
  const feeder = new EntropyFeeder(await freshCore());
  feeder.start();
  t.mock.timers.tick(RESEED_INTERVAL_MS - 1);
  assert.equal(feeder.pushes, 0);
  t.mock.timers.tick(1);
  assert.equal(feeder.pushes, 1);
  t.mock.timers.tick(2 * RESEED_INTERVAL_MS);
  assert.equal(feeder.pushes, 3);
  feeder.stop();
  t.mock.timers.tick(RESEED_INTERVAL_MS);
  assert.equal(feeder.pushes, 3);
});
