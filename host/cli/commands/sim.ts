// `dialback sim`: runs the virtual telephone network in real time and exposes simulated
// modems to outside programs (chat, pppd, a terminal program) on ptys or TCP ports.

import { Command, InvalidArgumentError } from "commander";
import { loadProfile, ProfileError, type SubscriberProfile } from "../../boards/profile.ts";
import { expose, parseExposeSpec, type Exposure, type ExposeSpec } from "../../sim/expose.ts";
import type { NetworkSettings } from "../../sim/network.ts";
import { RealTimeDriver } from "../../sim/realtime.ts";
import { SimWorld } from "../../sim/world.ts";

const BEHAVIOURS = ["answer", "no-answer", "busy", "dead"] as const;

function collect<T>(parse: (s: string) => T) {
  return (value: string, previous: T[] = []): T[] => {
    try {
      return [...previous, parse(value)];
    } catch (e) {
      throw new InvalidArgumentError((e as Error).message);
    }
  };
}

function parseSubscriber(text: string): SubscriberProfile {
  const m = /^([0-9*#]+)=([a-z-]+)$/.exec(text);
  if (!m || !(BEHAVIOURS as readonly string[]).includes(m[2])) throw new Error(`--subscriber ${text}: expected NUMBER=${BEHAVIOURS.join("|")}`);
  return { number: m[1], behaviour: m[2] as SubscriberProfile["behaviour"], maxRate: 33600 };
}

/** `--identity NUMBER=TEXT`: what that modem says to ATI3 / ATI0 (printable text, at most 80 characters). */
function parseIdentity(text: string): { number: string; identity: string } {
  const m = /^([0-9*#]+)=([\x20-\x7e]{1,80})$/.exec(text);
  if (!m) throw new Error(`--identity ${text}: expected NUMBER=TEXT (printable, at most 80 characters)`);
  return { number: m[1], identity: m[2] };
}

function ms(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0 || n > 600_000) throw new InvalidArgumentError(`${name}: whole milliseconds 0-600000`);
    return n;
  };
}

interface SimOptions {
  board?: string;
  expose: ExposeSpec[];
  subscriber: SubscriberProfile[];
  identity: { number: string; identity: string }[];
  seed?: number;
  setupMs?: number;
  ringMs?: number;
  rings?: number;
  trainingMs?: number;
  pacing?: boolean;
  duration?: number;
}

export function register(program: Command): void {
  program
    .command("sim")
    .description("run the virtual telephone network and expose simulated modems on ptys or TCP ports")
    .option("--board <profile>", "board profile JSON for network settings and far-end subscribers")
    .option(
      "--expose <NUMBER=pty:PATH|NUMBER=tcp:PORT>",
      "a modem on NUMBER whose DTE side is PATH or loopback PORT (repeatable)",
      collect(parseExposeSpec),
      [],
    )
    .option("--subscriber <NUMBER=answer|no-answer|busy|dead>", "a far-end modem to call (repeatable)", collect(parseSubscriber), [])
    .option("--identity <NUMBER=TEXT>", "what an exposed modem answers to ATI3 and ATI0 (repeatable)", collect(parseIdentity), [])
    .option("--seed <n>", "random seed", ms("--seed"))
    .option("--setup-ms <ms>", "call setup delay", ms("--setup-ms"))
    .option("--ring-ms <ms>", "ring cadence", ms("--ring-ms"))
    .option("--rings <n>", "rings before NO ANSWER", ms("--rings"))
    .option("--training-ms <ms>", "modem handshake time", ms("--training-ms"))
    .option("--pacing", "deliver bytes at the line rate")
    .option("--duration <s>", "stop after this many seconds (default: run until interrupted)", ms("--duration"))
    .action(async (opts: SimOptions) => {
      try {
        await runSim(opts);
      } catch (e) {
        const msg = e instanceof ProfileError ? e.messages.join("\n") : `dialback sim: ${(e as Error).message}`;
        process.stderr.write(`${msg}\n`);
        process.exitCode = 1;
      }
    });
}

async function runSim(opts: SimOptions): Promise<void> {
  if (opts.expose.length === 0) throw new Error("nothing to expose: give at least one --expose NUMBER=pty:PATH or NUMBER=tcp:PORT");
  const profile = opts.board ? loadProfile(opts.board) : null;
  const settings: Partial<NetworkSettings> = { ...(profile?.network ?? {}) };
  if (opts.setupMs !== undefined) settings.setupDelayMs = opts.setupMs;
  if (opts.ringMs !== undefined) {
    settings.ringCadenceMs = opts.ringMs;
    settings.ringOnMs = Math.min(settings.ringOnMs ?? 2000, Math.floor(opts.ringMs / 3));
  }
  if (opts.rings !== undefined) settings.noAnswerRings = Math.max(1, opts.rings);
  if (opts.trainingMs !== undefined) settings.trainingMs = opts.trainingMs;
  if (opts.pacing) settings.pacing = true;
  const world = new SimWorld(opts.seed ?? profile?.seed ?? 1, settings);
  for (const s of [...(profile?.subscribers ?? []), ...opts.subscriber]) world.farEnd(s);
  const realtime = new RealTimeDriver(world.scheduler);
  const exposures: Exposure[] = [];
  const shutdown = async () => {
    realtime.stop();
    for (const e of exposures.splice(0)) await e.close();
  };
  try {
    for (const spec of opts.expose) {
      const identity = [...opts.identity].reverse().find((i) => i.number === spec.number)?.identity;
      const modem = world.lineModem(spec.number, undefined, undefined, identity);
      exposures.push(await expose(spec, modem, () => realtime.kick()));
    }
  } catch (e) {
    await shutdown();
    throw e;
  }
  realtime.start();
  for (const e of exposures) process.stdout.write(`dialback sim: ${e.description}\n`);
  process.stdout.write(`dialback sim: numbers ${world.network.numbers().join(" ")}\n`);
  process.stdout.write("dialback sim: ready\n");
  await new Promise<void>((resolve) => {
    const done = () => resolve();
    process.once("SIGINT", done);
    process.once("SIGTERM", done);
    if (opts.duration !== undefined) setTimeout(done, opts.duration * 1000).unref();
  });
  await shutdown();
}
