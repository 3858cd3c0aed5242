// A million mutated frames, noise and line text through rxPush into lines in every state
// (login, each PPP phase, CBCP, a dial waiting for CONNECT, EXEC, autoselect, activation,
// hang-up; ARAP's MNP set-up, DES exchange, open session and callback leg, with MNP frames
// and ARAP packets), with signals toggling and time jumping: no trap, no core call over a
// second, and every pool back to its baseline after each episode.
//
//   FUZZ_FRAMES=N     frames in all (default 1,000,000)
//   FUZZ_SEED=N       the run's seed (default 1)
//   FUZZ_LIFE=L FUZZ_EPISODE=E   replay one failure as printed
import { test } from "node:test";
import assert from "node:assert/strict";
import { runFrameFuzz, FuzzStats } from "./frame-fuzz.ts";
import { TARGETS } from "./line-states.ts";
import { CALL_LIMIT_MS } from "./fuzz-server.ts";
import { runFrameFuzzWatched } from "./watchdog.ts";

const FRAMES = Number(process.env.FUZZ_FRAMES ?? 1_000_000);
const SEED = Number(process.env.FUZZ_SEED ?? 1);
const LIFE = process.env.FUZZ_LIFE === undefined ? undefined : Number(process.env.FUZZ_LIFE);
const EPISODE = process.env.FUZZ_EPISODE === undefined ? undefined : Number(process.env.FUZZ_EPISODE);
const EPISODES_PER_LIFE = 100;
/** One life in four runs on the debug build (unoptimised: a load the optimiser dropped still happens). */
const DEBUG_EVERY = 4;
/** A core call not back after this long is a hang (wall time: generous for a busy machine). */
const HANG_MS = 30_000;

// Line states (and PPP phases) the frames must have met, so a fuzz that drifted into
// hitting idle lines only would fail rather than pass.
const STATES_MET = [
  "activation", "autoselect", "username", "password", "exec", "callbackNumber", "hangup", "loginWait", "dialling",
  "ppp/establish", "ppp/authenticate", "ppp/callback", "ppp/network", "ppp/terminate",
  "arap/link", "arap/auth", "arap/open",
];

function summary(s: FuzzStats): string {
  const byState = Object.entries(s.framesByState)
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k} ${v}`)
    .join(", ");
  return [
    `${s.frames} frames + ${s.noiseItems} noise items (${(s.bytes / 1e6).toFixed(1)} MB) in ${s.episodes} episodes, ` +
      `${s.lives} cores (${s.debugLives} debug build): ${s.seconds.toFixed(1)} s, ${Math.round(s.frames / s.seconds)} frames/s ` +
      `(${s.cpuSeconds.toFixed(1)} s of CPU, ${Math.round(s.frames / s.cpuSeconds)} frames per CPU second)`,
    `core calls timed: ${s.calls}, p99 ${(s.p99CallMs * 1000).toFixed(0)} µs, max ${s.maxCallMs.toFixed(1)} ms` +
      (s.preempted ? `, ${s.preempted} over ${CALL_LIMIT_MS} ms only in wall time (the machine was busy)` : ""),
    `slowest: ${s.slowest.map((c) => `${c.ms.toFixed(1)} ms ${c.what}`).join("; ")}`,
    `batches by line state: ${byState}`,
    `events ${s.eventsSeen}, callbacks dialled ${s.callbacksDialled}, calls re-made after the line went idle ${s.reentries}`,
  ].join("\n");
}

test(`frame_fuzz_${FRAMES}_frames_never_trap_stall_or_leak`, { timeout: 30 * 60_000 }, async (t) => {
  const options = { seed: SEED, frames: FRAMES, episodesPerLife: EPISODES_PER_LIFE, debugEvery: DEBUG_EVERY, life: LIFE, episode: EPISODE };
  const stats = await runFrameFuzzWatched(options, HANG_MS);
  const text = summary(stats);
  t.diagnostic(text);
  console.log(text);
  // A call over the limit in CPU time has already failed the run (SlowCall, with its replay).
  assert.ok(stats.maxCallMs < CALL_LIMIT_MS || stats.preempted > 0);
  if (LIFE !== undefined) return; // a replay checks only that its episode passes
  assert.ok(stats.frames >= FRAMES);
  for (const target of TARGETS) assert.ok(stats.reached[target][0] > 0, `the fuzz never brought a line into ${target}`);
  for (const state of STATES_MET) assert.ok((stats.framesByState[state] ?? 0) > 0, `no frame met a line in ${state}`);
  if (FRAMES >= 100_000) assert.ok(stats.debugLives > 0, "part of the run is on the debug build");
});

test("a_fuzz_life_replays_exactly_from_its_seed", async () => {
  // The printed reproducer is only worth something if the same seed, life and episode give
  // the same run as the life had inside the whole run: every figure must agree.
  const whole = await runFrameFuzz({ seed: 77, frames: 4000, episodesPerLife: 4, debugEvery: 0 });
  assert.ok(whole.perLife.length >= 3, "the run spans several cores");
  const life = whole.perLife[2];
  const replay = await runFrameFuzz({ seed: 77, frames: 0, episodesPerLife: 4, debugEvery: 0, life: life.life, episode: life.life * 4 + 3 });
  assert.equal(replay.episodes, 4);
  assert.ok(life.frames > 0);
  assert.deepEqual(replay.perLife, [life]);
});
