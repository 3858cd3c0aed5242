// Seeds the core's random generator (assembly/crypto/entropy.ts, contract in
// boards/ppp-abi.md): from the operating system's CSPRNG on real lines, from the run's seed
// in the simulator only. The core draws LCP Magic-Numbers and CHAP challenges from it.

import { createHash, randomBytes } from "node:crypto";
import { GlobalCounter, LineEvent, LineState } from "./abi.ts";
import { CoreError, type Core, type CoreEvent } from "./core.ts";
import { entropyPush } from "./ppp.ts";

/** What the core needs before anything is drawn (ENTROPY_SEED_BYTES): one ChaCha20 key. */
export const SEED_BYTES = 32;
/** Reseed period of a server no call reaches: bounds how long a leaked generator state predicts values. */
export const RESEED_INTERVAL_MS = 10 * 60_000;

/** Pushes SEED_BYTES from the OS CSPRNG; throws when the core does not then report itself seeded. */
export function seedFromSystem(core: Core): void {
  entropyPush(core, randomBytes(SEED_BYTES));
  if (core.exports.entropySeeded() !== 1) throw new CoreError("the core did not take the random seed");
}

/**
 * Simulated cores only: SHA-256 of `material` (the run's seed and which core), so a run
 * replays exactly. Never on real lines: whoever knows the material knows every challenge.
 */
export function seedForSimulation(core: Core, material: string): void {
  entropyPush(core, createHash("sha256").update(`dialback simulation: ${material}`).digest());
}

/**
 * Keeps a seeded core fed on real lines: SEED_BYTES fresh octets when a line leaves idle (a
 * call comes in, or a callback starts dialling), so every call's Magic-Number and challenge
 * follow new OS randomness, and every RESEED_INTERVAL_MS when no call comes. The cost is one
 * ChaCha20 block per push.
 */
export class EntropyFeeder {
  private timer: NodeJS.Timeout | null = null;
  /** Pushes made since start (seed excluded). */
  pushes = 0;

  constructor(private readonly core: Core) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.feed(), RESEED_INTERVAL_MS);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Looks at every event the run loop hands out; feeds on a call's first step. */
  observe(e: CoreEvent): void {
    if (e.kind === LineEvent.LineState && e.args[1] === LineState.Idle && e.args[0] !== LineState.Idle) this.feed();
  }

  private feed(): void {
    entropyPush(this.core, randomBytes(SEED_BYTES));
    this.pushes++;
  }
}

/** Draws the core made before it was seeded (0 on a correctly seeded run). */
export function unseededDraws(core: Core): number {
  return core.globalCounter(GlobalCounter.EntropyUnseeded);
}
