// The frame fuzz: episodes of one line brought into a state, then hit with mutated frames,
// noise and text while signals toggle and time jumps, then hung up and run to quiet, after
// which every pool must be back where it was after init. Seeded: a failure prints the
// seed, life and episode that replay it.

import { Core, PoolFigures } from "../../host/core/core.ts";
import { compileConfig } from "../../host/config/compile.ts";
import { compileImage } from "../../host/config/image.ts";
import { DEFAULT_SYSTEM, SystemSettings } from "../../host/image/writer.ts";
import { entropyPush, PppPhase } from "../../host/core/ppp.ts";
import { LineState, Signal } from "../../host/core/abi.ts";
import { ByteBuffer } from "../support/ppp-frames.ts";
import { Rng, episodeSeed } from "./rng.ts";
import { FuzzServer, Timings, CARRIER, NO_CARRIER } from "./fuzz-server.ts";
import { Corpus, FrameGen, Focus } from "./frame-gen.ts";
import { ClientPeer, Setup, TARGETS, Target, FUZZ_CONFIG, FUZZ_LINES } from "./line-states.ts";
import { MnpCorpus, MnpGen } from "./mnp-gen.ts";
import { ArapState } from "../../host/core/arap.ts";
import { fileURLToPath } from "node:url";

export const DEBUG_MODULE = fileURLToPath(new URL("../../build/dialback.debug.wasm", import.meta.url));

export interface FuzzOptions {
  seed: number;
  /** PPP frames to push in all (noise and text come on top). */
  frames: number;
  episodesPerLife: number;
  /** Every this many lives runs on the debug build (0 = never). */
  debugEvery: number;
  /** Replay: only this life, up to this episode (printed by a failure). */
  life?: number;
  episode?: number;
  /** Shared with a watchdog: when the core call under way began (FuzzServer.watch). */
  watch?: Float64Array;
  /** Told at the start of every episode (a watchdog names the episode of a hang). */
  onEpisode?: (life: number, episode: number) => void;
}

export interface FuzzStats {
  frames: number;
  noiseItems: number;
  bytes: number;
  episodes: number;
  lives: number;
  debugLives: number;
  seconds: number;
  /** CPU time of the process (all its threads): on a busy machine a fairer figure than `seconds`. */
  cpuSeconds: number;
  calls: number;
  maxCallMs: number;
  maxCallWhat: string;
  /** The five slowest core calls with where they happened. */
  slowest: { ms: number; what: string }[];
  /** Calls over the limit in wall time only (a busy machine), not in CPU time. */
  preempted: number;
  p99CallMs: number;
  /** Per target: episodes that reached it / episodes that tried. */
  reached: Record<string, [number, number]>;
  /** Frames pushed per line state (and PPP phase) at the time of the push. */
  framesByState: Record<string, number>;
  eventsSeen: number;
  callbacksDialled: number;
  /** Calls that brought the line back into its episode's state after it went idle. */
  reentries: number;
  /** What each core (life) saw: a replay of one life must see the same. */
  perLife: { life: number; frames: number; bytes: number; events: number; virtualMs: number }[];
}

/** A failure with what replays it. */
export class FuzzFailure extends Error {}

export function replayCommand(seed: number, life: number, episode: number): string {
  return `FUZZ_SEED=${seed} FUZZ_LIFE=${life} FUZZ_EPISODE=${episode} node --import tsx --test tests/fuzz/frame-fuzz.test.ts`;
}

const STATE_NAMES = ["idle", "activation", "autoselect", "username", "password", "exec", "ppp", "arap", "hangup", "dialling", "callbackNumber", "loginWait"];
const PHASE_NAMES = ["dead", "establish", "authenticate", "callback", "network", "terminate"];
/** ArapState → the name a batch on an ARAP line is counted under (`arap/link` ...). */
const ARAP_NAMES = ["closed", "link", "version", "auth", "authWait", "startup", "open", "closing"];
/** PppPhase → the protocol made-up frames lean to. */
const PHASE_FOCUS: Record<number, Focus> = {
  [PppPhase.Establish]: Focus.Lcp,
  [PppPhase.Authenticate]: Focus.Auth,
  [PppPhase.Callback]: Focus.Cbcp,
  [PppPhase.Network]: Focus.Network,
};

/**
 * Buffer sizes the cores run with, one life each in turn: the defaults, then rings so small
 * that input is refused, events are dropped and frames do not fit (the smallest init takes).
 */
const SYSTEMS: SystemSettings[] = [
  DEFAULT_SYSTEM,
  { rxWindowBytes: 61, txRingBytes: 512, frameMax: 300, eventSlots: 16, eventDataBytes: 2048 },
  { rxWindowBytes: 7, txRingBytes: 64, frameMax: 64, eventSlots: 4, eventDataBytes: 256 },
];

function images(): Uint8Array[] {
  const result = compileConfig(FUZZ_CONFIG, "fuzz.cfg");
  const errors = result.diagnostics.filter((d) => d.severity === "error");
  if (errors.length) throw new Error(errors.map((e) => `fuzz.cfg:${e.loc.line}:${e.loc.col}: ${e.message}`).join("\n"));
  return SYSTEMS.map((system) => compileImage(result.model, system));
}

function differences(now: PoolFigures, baseline: PoolFigures): string[] {
  return (Object.keys(baseline) as (keyof PoolFigures)[]).filter((k) => now[k] !== baseline[k]).map((k) => `${k} ${now[k]} (baseline ${baseline[k]})`);
}

export async function runFrameFuzz(o: FuzzOptions): Promise<FuzzStats> {
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  const timings = new Timings();
  const stats: FuzzStats = {
    frames: 0, noiseItems: 0, bytes: 0, episodes: 0, lives: 0, debugLives: 0, seconds: 0, cpuSeconds: 0,
    calls: 0, maxCallMs: 0, maxCallWhat: "", slowest: [], preempted: 0, p99CallMs: 0,
    reached: Object.fromEntries(TARGETS.map((t) => [t, [0, 0]])), framesByState: {}, eventsSeen: 0, callbacksDialled: 0, reentries: 0, perLife: [],
  };
  const imgs = images();
  for (let life = o.life ?? 0; stats.frames < o.frames || o.life !== undefined; life++) {
    const debug = o.debugEvery > 0 && life % o.debugEvery === o.debugEvery - 1;
    const core = await Core.load(debug ? DEBUG_MODULE : undefined);
    // A fresh client too: a core's clock never goes back, so one from an earlier life would differ.
    const client = await ClientPeer.create();
    const before = { frames: stats.frames, bytes: stats.bytes };
    core.init(imgs[life % imgs.length]);
    entropyPush(core, Buffer.from(`server-${o.seed}-${life}`));
    const s = new FuzzServer(core, [0, ...FUZZ_LINES], new Rng(o.seed, life), timings);
    s.state[0] = LineState.Exec; // the console starts at its prompt without saying so
    s.watch = o.watch ?? null;
    s.drain();
    const baseline = core.poolUsage();
    const corpus = new Corpus();
    const mnpCorpus = new MnpCorpus();
    stats.lives++;
    if (debug) stats.debugLives++;
    const first = life * o.episodesPerLife;
    const last = o.episode ?? first + o.episodesPerLife - 1;
    for (let e = first; e <= last && (stats.frames < o.frames || o.life !== undefined); e++) {
      const rng = new Rng(episodeSeed(o.seed, e));
      const target = TARGETS[e % TARGETS.length];
      timings.where = `life ${life} episode ${e}`;
      o.onEpisode?.(life, e);
      s.logging = true;
      s.log.length = 0;
      try {
        runEpisode(s, new Setup(s, client, corpus, rng, mnpCorpus), rng, target, e, stats);
        const leaks = differences(core.poolUsage(), baseline);
        if (leaks.length) throw new Error(`pools not back to baseline after the episode: ${leaks.join(", ")}`);
      } catch (err) {
        const what = err instanceof WebAssembly.RuntimeError ? `trap: ${err.message}` : (err as Error).message;
        throw new FuzzFailure(
          [
            `frame fuzz: ${what}`,
            `  episode ${e} (life ${life}${debug ? ", debug build" : ""}, buffers ${JSON.stringify(SYSTEMS[life % SYSTEMS.length])}), target ${target}, ` +
              `virtual time ${s.now} ms`,
            `  replay: ${replayCommand(o.seed, life, e)}`,
            `  last actions (rx LINE HEX, sig LINE MASK, tick MS, aaa LINE TOKEN VERDICT, ip LINE LEN, entropy LEN):`,
            ...s.logText().map((l) => `    ${l.length > 600 ? `${l.slice(0, 600)}…` : l}`),
            (err as Error).stack ?? "",
          ].join("\n"),
        );
      }
      stats.episodes++;
    }
    stats.eventsSeen += s.events;
    stats.callbacksDialled += s.callbackDialled;
    stats.perLife.push({ life, frames: stats.frames - before.frames, bytes: stats.bytes - before.bytes, events: s.events, virtualMs: s.now });
    if (o.life !== undefined) break;
  }
  stats.seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuStarted);
  stats.cpuSeconds = (cpu.user + cpu.system) / 1e6;
  stats.calls = timings.count;
  stats.maxCallMs = timings.max;
  stats.maxCallWhat = timings.maxWhat;
  stats.slowest = timings.slowest;
  stats.preempted = timings.preempted;
  stats.p99CallMs = timings.percentile(99);
  return stats;
}

/** Lines a batch may go to besides the one under test: the console (0) too, always at its prompt. */
const OTHER_LINES = [0, ...FUZZ_LINES];
const SIGNAL_MASKS = [CARRIER, CARRIER, CARRIER | Signal.RI, NO_CARRIER, NO_CARRIER | Signal.RI, 0, Signal.DCD, Signal.RI];

function runEpisode(s: FuzzServer, setup: Setup, rng: Rng, target: Target, e: number, stats: FuzzStats): void {
  s.modemFollowsDtr = true;
  s.dialAnswer = "random";
  s.aaaAnswerShare = 0;
  s.ex.authModeSet(0);
  s.ex.authLoginModeSet(0);
  s.ex.arapAuthModeSet(0);
  const first = setup.reach(target, e);
  stats.reached[target][1]++;
  if (first.reached) stats.reached[target][0]++;
  s.aaaAnswerShare = rng.pick([0, 0.5, 0.9]);
  s.ex.authModeSet(rng.int(3));
  s.ex.authLoginModeSet(rng.int(3));
  s.ex.arapAuthModeSet(rng.int(3));
  s.modemFollowsDtr = rng.chance(0.9);
  let line = first.line;
  const gen = new FrameGen(rng, setup.corpus, s.context[line]);
  const mnp = new MnpGen(rng, setup.mnpCorpus, s.mnpContext[line]);
  const budget = rng.range(150, 450);
  let frames = 0;
  const buf = new ByteBuffer();
  while (frames < budget) {
    // A line that is only winding down (LCP terminating, DTR low) is moved on in time.
    const windingDown =
      s.state[line] === LineState.HangUp ||
      (s.state[line] === LineState.Ppp && s.ex.pppPhase(line) === PppPhase.Terminate) ||
      (s.state[line] === LineState.Arap && s.arapState[line] === ArapState.Closing);
    const action = windingDown && rng.chance(0.8) ? 2 : rng.weighted([[84, 0], [5, 1], [3, 2], [1, 3], [4, 4], [3, 5], [1, 6]] as const);
    if (action === 0 && s.state[line] === LineState.Idle && rng.chance(0.9)) {
      // The call ended: the next caller brings the line into the same state again.
      line = setup.reach(target, e).line;
      stats.reentries++;
      s.modemFollowsDtr = rng.chance(0.9);
    }
    if (action === 0 || action === 5) {
      // A batch of items in one offer; mostly to the line under test, sometimes to another.
      const to = action === 0 ? line : rng.pick(OTHER_LINES);
      gen.ctx = s.context[to];
      mnp.ctx = s.mnpContext[to];
      buf.clear();
      const st = s.state[to];
      const phase = st === LineState.Ppp ? s.ex.pppPhase(to) : -1;
      gen.focus = PHASE_FOCUS[phase] ?? Focus.None;
      // A line in ARAP hears MNP mostly (PPP and text now and then: a caller that is not a Mac).
      const arap = st === LineState.Arap && rng.chance(0.9);
      for (let n = rng.range(1, 12); n > 0; n--) {
        if (rng.chance(0.8)) {
          if (arap) mnp.frame(buf);
          else gen.frame(buf);
          frames++;
        } else {
          if (arap) mnp.noise(buf);
          else gen.noise(buf);
          stats.noiseItems++;
        }
      }
      const key =
        to === 0
          ? "console"
          : st === LineState.Ppp
            ? `ppp/${PHASE_NAMES[phase] ?? "none"}`
            : st === LineState.Arap
              ? `arap/${ARAP_NAMES[s.arapState[to]] ?? "none"}`
              : (STATE_NAMES[st] ?? `${st}`);
      stats.framesByState[key] = (stats.framesByState[key] ?? 0) + 1;
      stats.bytes += buf.length;
      s.push(to, buf.view());
      s.service();
    } else if (action === 1) {
      s.now += rng.range(0, 400);
      s.tick();
      s.service();
    } else if (action === 2) {
      if (s.nextDeadline >= 0) s.now = Math.max(s.now, s.nextDeadline);
      s.tick();
      s.service();
    } else if (action === 3) {
      s.now += rng.pick([5_000, 31_000, 61_000, 600_000, 3_600_000]);
      s.tick();
      s.service();
    } else if (action === 4) {
      const to = rng.chance(0.8) ? line : rng.pick(FUZZ_LINES);
      s.signals(to, rng.pick(SIGNAL_MASKS));
      s.service();
    } else {
      s.hostCall(line);
      s.service();
    }
  }
  stats.frames += frames;
  hangUpAndQuiet(s);
}

// The episode's end: every caller hangs up, dials fail, timers run out.
function hangUpAndQuiet(s: FuzzServer): void {
  s.modemFollowsDtr = true;
  s.dialAnswer = "busy";
  s.aaaAnswerShare = 1;
  for (const l of FUZZ_LINES) s.signals(l, NO_CARRIER);
  s.service();
  for (let step = 0; step < 1000; step++) {
    const next = s.tick();
    s.service();
    if (next < 0) {
      for (const l of FUZZ_LINES) if (s.carrier[l]) s.signals(l, NO_CARRIER);
      if (s.tick() < 0) return;
      continue;
    }
    s.now = Math.max(s.now, next);
  }
  throw new Error(`timers never went quiet: line states ${FUZZ_LINES.map((l) => `${l}:${STATE_NAMES[s.state[l]]}`).join(" ")}`);
}
