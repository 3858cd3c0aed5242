// `dialback run`: loads the core, builds the lines from a board profile and/or --line
// options, and runs the host loop until interrupted. Simulated lines run on the virtual
// network in real time; --expose puts extra modems on that network for outside programs.
// With --config the lines take their settings, users and callbacks from the configuration.

import { Command, InvalidArgumentError } from "commander";
import { EventKind } from "../../core/abi.ts";
import { Core, CONSOLE_LINE, type CoreEvent } from "../../core/core.ts";
import { ConsoleLineDriver } from "../../lines/console-driver.ts";
import { imageForLines } from "../../image/writer.ts";
import { loadProfile, ProfileError } from "../../boards/profile.ts";
import { distinctLines, parseLineSpec, type LineSpec } from "../../lines/line-spec.ts";
import { buildLines } from "../../run/drivers.ts";
import { RealTimers, RunLoop, type Timers } from "../../run/loop.ts";
import { aaaPlan, type AaaPlan } from "../../aaa/from-config.ts";
import { aaaClients, type AaaContext } from "../../aaa/aaa-clients.ts";
import { Accountant } from "../../aaa/accountant.ts";
import { coreLineCounters } from "../../aaa/session-tracker.ts";
import { AaaResponder } from "../../aaa/responder.ts";
import { SimLineDriver } from "../../lines/sim-driver.ts";
import { expose, parseExposeSpec, type Exposure, type ExposeSpec } from "../../sim/expose.ts";
import { RealTimeDriver } from "../../sim/realtime.ts";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { compileConfig, formatDiagnostics } from "../../config/compile.ts";
import { coreDiagnostics, formatCoreDiagnostics } from "../core-check.ts";
import { CallbackEvent, StoryTeller } from "../../trace/describe.ts";
import { terminalSafe } from "../../trace/terminal-text.ts";
import { loginLogLine } from "../../trace/login-log.ts";
import { PingResponder } from "../../net/ping-responder.ts";
import { EntropyFeeder, seedFromSystem } from "../../core/entropy.ts";

/** How long a stop waits for the last accounting records to be acknowledged. */
const ACCOUNTING_DRAIN_MS = 5000;

function collect<T>(parse: (s: string) => T) {
  return (value: string, previous: T[] = []): T[] => {
    try {
      return [...previous, parse(value)];
    } catch (e) {
      throw new InvalidArgumentError((e as Error).message);
    }
  };
}

interface RunOptions {
  board?: string;
  config?: string;
  console?: boolean;
  line: LineSpec[];
  expose: ExposeSpec[];
  events?: boolean;
  duration?: string;
}

export function register(program: Command): void {
  program
    .command("run")
    .description("run the access server on the lines of a board profile and/or --line options")
    .option("--board <profile>", "board profile JSON (boards/sim/default.json, boards/rpi/...)")
    .option("--config <file>", "IOS-style configuration (without it, the lines run with default settings)")
    .option(
      "--line <N=sim[:NUMBER]|N=tcp:PORT|N=serial:DEVICE[@SPEED]>",
      "wire one line (repeatable; replaces the profile's line N)",
      collect(parseLineSpec),
      [],
    )
    .option("--expose <NUMBER=pty:PATH|NUMBER=tcp:PORT>", "a far-end simulated modem for an outside program (repeatable)", collect(parseExposeSpec), [])
    .option("--events", "print core events on stdout")
    .option("--console", "the console (line 0) on this terminal: show users, show line, show callback")
    .option("--duration <s>", "stop after this many seconds")
    .action(async (opts: RunOptions) => {
      try {
        await run(opts);
      } catch (e) {
        const msg = e instanceof ProfileError ? e.messages.join("\n") : `dialback run: ${(e as Error).message}`;
        process.stderr.write(`${msg}\n`);
        process.exitCode = 1;
      }
    });
}

/** One `--events` line: the story's description, else the kind and arguments; always terminal-safe. */
export function runEventLine(story: StoryTeller, e: CoreEvent): string {
  return terminalSafe(story.describe(e) ?? describe(e));
}

function describe(e: CoreEvent): string {
  const name = EventKind[e.kind] ?? `event ${e.kind}`;
  if (e.kind === EventKind.FrameReceived) return `line ${e.line}: ${name} protocol 0x${e.args[0].toString(16).padStart(4, "0")} ${e.data.length} bytes`;
  if (e.kind === EventKind.Log) return `line ${e.line}: ${name} ${terminalSafe(e.data)}`;
  return `line ${e.line}: ${name} ${e.args.join(" ")}`;
}

async function run(opts: RunOptions): Promise<void> {
  const specs = distinctLines(opts.line);
  const profile = opts.board ? loadProfile(opts.board) : null;
  const { drivers, world } = buildLines(profile, specs);
  if (drivers.size === 0) throw new Error("no lines: give --board PROFILE or --line N=...");
  if (opts.expose.length && !world) throw new Error("--expose needs simulated lines or subscribers");
  // A profile names the build its board runs (relative to the repository), else the default build.
  const core = await Core.load(profile?.build ? fileURLToPath(new URL(`../../../${profile.build}`, import.meta.url)) : undefined);
  // Real lines: Magic-Numbers and CHAP challenges from the OS CSPRNG, fed again on every call.
  seedFromSystem(core);
  const feeder = new EntropyFeeder(core);
  let plan: AaaPlan | null = null;
  let context: AaaContext = { users: [], enable: { secrets: [], passwords: [] }, lines: [] };
  if (opts.config) {
    const bytes = readFileSync(opts.config);
    const result = compileConfig(bytes, opts.config);
    if (!result.ok) throw new Error(`${opts.config} has errors:\n${formatDiagnostics(result, false).join("\n")}`);
    const configured = new Set(result.model.lines.filter((l) => l.kind === "tty").map((l) => l.number));
    for (const tty of drivers.keys()) if (!configured.has(tty)) throw new Error(`line ${tty} has a driver but no "line ${tty}" in ${opts.config}`);
    // Loads the image; what the core refuses is named at its line, never a bare status.
    const refused = coreDiagnostics(core, result, new TextDecoder().decode(bytes));
    const shown = formatCoreDiagnostics(result, refused);
    if (refused.some((d) => d.severity === "error")) throw new Error(`${opts.config} is refused by the core:\n${shown.join("\n")}`);
    for (const w of shown) process.stderr.write(`${w}\n`);
    plan = aaaPlan(result.model);
    context = { users: result.model.users, enable: result.model.enable, lines: result.model.lines, arapKeyLayout: result.model.arap.keyLayout };
    core.exports.authModeSet(plan.mode);
    core.exports.authLoginModeSet(plan.loginMode);
    core.exports.arapAuthModeSet(plan.arapMode);
    for (const w of plan.warnings) process.stderr.write(`dialback run: ${opts.config}: ${w}\n`);
  } else {
    core.init(imageForLines([...drivers.keys()]));
  }
  if (opts.console) drivers.set(CONSOLE_LINE, new ConsoleLineDriver(process.stdin, process.stdout));
  const pings = new PingResponder(core);
  const story = new StoryTeller();

  const realtime = world ? new RealTimeDriver(world.scheduler) : null;
  let timers: Timers = new RealTimers();
  if (world && realtime) {
    const scheduler = world.scheduler;
    timers = {
      now: () => scheduler.now(),
      // Work added from outside the scheduler's own tasks needs the real-time driver to rearm.
      after: (ms, fn) => {
        const t = scheduler.after(ms, fn);
        setImmediate(() => realtime.kick());
        return t;
      },
    };
  }
  const exposures: Exposure[] = [];
  const opened: number[] = [];
  const loop = new RunLoop(core, drivers, timers);
  // AAA messages name the user as typed: escaped like every event line.
  const say = (text: string) => process.stdout.write(`dialback run: ${terminalSafe(text)}\n`);
  const clients = plan ? aaaClients(plan, context, { log: say }) : null;
  // Accounting: the sessions of the core's events, to the servers of `aaa accounting` (a simulated line knows its numbers).
  const stations = (tty: number) => {
    const d = drivers.get(tty);
    if (!(d instanceof SimLineDriver)) return { line: null, caller: null };
    const call = d.modem.activeCall;
    return { line: d.modem.number, caller: call && call.callee.number === d.modem.number ? call.caller.number : null };
  };
  const accountant =
    plan && clients && Accountant.wanted(plan)
      ? new Accountant(plan, {
          io: clients.io,
          health: clients.health,
          tacacsOpeners: clients.tacacsOpeners,
          log: say,
          counters: coreLineCounters((l, id) => core.counter(l, id)),
          stations,
        })
      : null;
  const hooks = { accepted: accountant ? accountant.accepted.bind(accountant) : undefined, localUsers: context.users, now: () => timers.now() };
  const aaa = clients && (clients.ppp || clients.login || clients.arap) ? new AaaResponder(core, clients, () => loop.requestPump(), say, hooks) : null;
  loop.onEvent = (e) => {
    feeder.observe(e);
    accountant?.observe(e);
    aaa?.observe(e);
    if (aaa?.handle(e)) return;
    pings.handle(e);
    // The login log is always on: failures, quiet mode and refused calls (successes with `login on-success log`).
    const logged = loginLogLine(e);
    if (logged) process.stdout.write(`dialback run: ${new Date().toISOString()} ${logged}\n`);
    if (opts.events) process.stdout.write(`${runEventLine(story, e)}\n`);
    else if (e.kind === CallbackEvent.NumberRefused) say(runEventLine(story, e)); // an attempt at the modem: always logged
    else if (e.kind === EventKind.Log) say(runEventLine(story, e)); // the core's own log lines (a pool with no free address ...)
  };
  loop.onError = (tty, e) => process.stderr.write(`dialback run: line ${tty}: ${e.message}\n`);
  const shutdown = async () => {
    loop.stop();
    feeder.stop();
    if (accountant) {
      // Sessions still up end with the server (RFC 2866 §5.10 Admin-Reboot); their Stops get a few seconds to reach a server.
      accountant.endSessions("Admin-Reboot");
      await accountant.drain(ACCOUNTING_DRAIN_MS);
      accountant.close();
    }
    clients?.close();
    realtime?.stop();
    for (const e of exposures.splice(0)) await e.close();
    for (const tty of opened) await drivers.get(tty)!.close();
  };
  try {
    for (const [tty, d] of drivers) {
      await d.open();
      opened.push(tty);
      process.stdout.write(`dialback run: line ${tty} ${d.description}\n`);
    }
    for (const spec of opts.expose) {
      const e = await expose(spec, world!.lineModem(spec.number), () => realtime!.kick());
      exposures.push(e);
      process.stdout.write(`dialback run: ${e.description}\n`);
    }
  } catch (e) {
    await shutdown();
    throw e;
  }
  realtime?.start();
  feeder.start();
  loop.start();
  process.stdout.write("dialback run: ready\n");
  await new Promise<void>((resolve) => {
    process.once("SIGINT", () => resolve());
    process.once("SIGTERM", () => resolve());
    if (opts.duration !== undefined) setTimeout(resolve, Number(opts.duration) * 1000).unref();
  });
  await shutdown();
}
