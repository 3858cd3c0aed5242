// Runs a configuration against simulated callers on the virtual telephone network: the
// server's lines each behind an auto-answering Hayes modem, the callers dialling in at their
// times. Produces the narrative (virtual time stamps) and the closing table, one row per
// caller. It runs until every caller is finished; past the safety cap it says who is not.

import { Core, CoreEvent, CONSOLE_LINE } from "../core/core.ts";
import { compileConfig, formatDiagnostics } from "../config/compile.ts";
import { compileImage } from "../config/image.ts";
import type { ConfigModel } from "../config/model.ts";
import { SimWorld, defaultLineNumber } from "../sim/world.ts";
import { HayesModem } from "../sim/modem/modem.ts";
import { SimLineDriver } from "../lines/sim-driver.ts";
import type { LineDriver } from "../lines/driver.ts";
import { RunLoop } from "../run/loop.ts";
import { EventKind } from "../core/abi.ts";
import { StoryTeller } from "../trace/describe.ts";
import { terminalSafe } from "../trace/terminal-text.ts";
import { seedForSimulation } from "../core/entropy.ts";
import { decodePppEvent } from "../core/ppp.ts";
import { PcapWriter, Direction } from "../trace/pcap.ts";
import type { Scenario } from "../scenario/scenario.ts";
import { aaaPlan } from "../aaa/from-config.ts";
import { SimCaller, CLIENT_IMAGE } from "./callers.ts";
import { makeCaller } from "./make-caller.ts";
import { ModemSeats } from "./modem-seat.ts";
import { ArapEvent } from "../core/arap.ts";
import { CorePool } from "./core-pool.ts";
import { CallerLedger, type CallerRow } from "./ledger.ts";
import { SimAaa, SimAaaError } from "./aaa.ts";
import type { SimAaaNetwork } from "./aaa-network.ts";
import type { Scheduler } from "../sim/scheduler.ts";
import { Accountant } from "../aaa/accountant.ts";
import { PingResponder } from "../net/ping-responder.ts";

export type { CallerRow };

export interface SimulationOptions {
  seed: number;
  /** Every PPP and chat trace line too, not only the story. */
  debug?: boolean;
  pcap?: PcapWriter;
  /** Where narrative lines go. */
  print: (line: string) => void;
  /** Safety cap: virtual ms after the last caller's start by which every caller must be finished. */
  capMs?: number;
  /** At the end, print the core's own `show callback` from its console. */
  showCallback?: boolean;
  /** Called once the run is over, before the cores are dropped (tests look at pools and calls). */
  inspect?: (view: SimulationView) => void;
  /** Sees every event of the server's core (the console's excepted). */
  tap?: (event: CoreEvent) => void;
}

export interface SimulationView {
  core: Core;
  world: SimWorld;
  callers: SimCaller[];
  /** Server line → its TTY. */
  ttyOfNumber: Map<string, number>;
  /** The simulated AAA servers, the host's clients and accounting (null: no list names a server). */
  aaa: SimAaa | null;
  cores: CorePool;
}

export interface SimulationResult {
  /** One per caller, in scenario order. */
  rows: CallerRow[];
  /** Callers not finished when the safety cap struck (empty when every one finished). */
  unfinished: string[];
  /** Virtual ms the run took. */
  virtualMs: number;
}

/** Default safety cap: two hours of virtual time after the last caller dials. */
export const SIMULATION_CAP_MS = 2 * 3600_000;
/** After the last caller is finished, the hang-ups it started are let settle. */
const SETTLE_MS = 8000;
/** Then accounting records still waiting for a server get this long (virtual) to be acknowledged. */
const ACCOUNTING_SETTLE_MS = 3600_000;

export class SimulationError extends Error {}

function stamp(ms: number): string {
  const s = Math.floor(ms / 1000);
  const pad = (n: number, w = 2) => String(n).padStart(w, "0");
  return `${pad(Math.floor(s / 3600))}:${pad(Math.floor(s / 60) % 60)}:${pad(s % 60)}.${pad(Math.floor(ms % 1000), 3)}`;
}

/** Reads and compiles a configuration; errors are thrown with file:line:col text. */
export function compileOrThrow(text: string, file: string): ConfigModel {
  const result = compileConfig(text, file);
  if (!result.ok) throw new SimulationError(formatDiagnostics(result, false).join("\n"));
  return result.model;
}

export async function runSimulation(model: ConfigModel, scenario: Scenario, options: SimulationOptions): Promise<SimulationResult> {
  const world = new SimWorld(options.seed);
  const scheduler = world.scheduler;
  // Callers' and servers' words reach the narrative only escaped.
  const say = (text: string) => options.print(`[${stamp(scheduler.now())}] ${terminalSafe(text)}`);
  const module = Core.compile();
  const core = Core.fromModule(module);
  core.init(compileImage(model));
  seedForSimulation(core, `seed ${options.seed} server`); // --seed replays the run, challenges included
  const plan = aaaPlan(model);
  core.exports.authModeSet(plan.mode);
  core.exports.authLoginModeSet(plan.loginMode);
  core.exports.arapAuthModeSet(plan.arapMode);
  const ttys = model.lines.filter((l) => l.kind === "tty").map((l) => l.number);
  const drivers = new Map<number, LineDriver>();
  const ttyOfNumber = new Map<string, number>();
  const strange = (scenario.lines ?? []).find((l) => !ttys.includes(l.line));
  if (strange) throw new SimulationError(`scenario: lines: line ${strange.line} is not a TTY line of the configuration`);
  const ignoresDtr = new Set((scenario.lines ?? []).filter((l) => l.ignoresDtr).map((l) => l.line));
  for (const tty of ttys) {
    // Access-server modems answer on the first ring (S0=1) and hang up when DTR drops (&D2).
    // A scenario may leave one at &D0: it then keeps a call up for as long as the caller does.
    const dtrMode = ignoresDtr.has(tty) ? 0 : 2;
    const modem = new HayesModem(world.network, defaultLineNumber(tty), { maxRate: 33600, profile: { dtrMode, s: { 0: 1 } } });
    drivers.set(tty, new SimLineDriver(modem));
    ttyOfNumber.set(modem.number, tty);
  }
  const serverNumber = (c: { dials: { number: string } | { line: number } }) =>
    "number" in c.dials ? c.dials.number : defaultLineNumber(c.dials.line);
  const cores = new CorePool(module, CLIENT_IMAGE);
  const setting = {
    network: world.network, scheduler, narrate: say, cores, seats: new ModemSeats(world.network),
    arapKeyLayout: model.arap.keyLayout, debug: options.debug === true,
  };
  const callers = scenario.callers.map((c) => makeCaller(c, serverNumber(c), setting));
  const ledger = new CallerLedger(callers, world.network);
  const loop = new RunLoop(core, drivers, scheduler);
  const pings = new PingResponder(core);
  const story = new StoryTeller();
  // The caller on `tty` has the fault `aaa-timeout`: its row will say so.
  const silentFor = (tty: number): boolean => {
    const silent = ledger.callerOnLine(tty)?.caller.faults.includes("aaa-timeout") === true;
    if (silent) ledger.aaaSilent(tty);
    return silent;
  };
  // The line's own number, and the caller's while a call came in on it (Calling/Called-Station-Id).
  const stations = (tty: number) => {
    const number = defaultLineNumber(tty);
    const call = world.network.line(number)?.call;
    return { line: number, caller: call && call.callee.number === number ? call.caller.number : null };
  };
  const usesServers = plan.ppp.length > 0 || plan.login.length > 0 || plan.arap.length > 0 || Accountant.wanted(plan);
  let aaa: SimAaa | null = null;
  try {
    aaa = usesServers
      ? new SimAaa({
          core, scheduler, model, plan, scenario: scenario.aaa, seed: options.seed, silentFor, stations,
          settled: () => loop.requestPump(), log: (t) => say(`server ${t}`),
        })
      : null;
  } catch (e) {
    if (e instanceof SimAaaError) throw new SimulationError(e.message);
    throw e;
  }
  for (const w of plan.warnings) say(`server AAA: ${w}`);
  loop.onEvent = (e: CoreEvent) => {
    if (e.line === CONSOLE_LINE) return; // the console's own prompt is not part of the story
    options.tap?.(e);
    ledger.event(e);
    if (aaa?.handle(e)) return;
    if (pings.handle(e)) return;
    if (e.kind === EventKind.PppFrame && options.pcap) {
      const p = decodePppEvent(e);
      if (p?.type === "frame") options.pcap.add(p.direction === "out" ? Direction.Sent : Direction.Received, p.frame, scheduler.now());
      return;
    }
    // Traces are always described (so the story keeps its ids), printed only with --debug.
    const quiet =
      e.kind === EventKind.PppTrace || e.kind === EventKind.ChatTrace || e.kind === EventKind.SignalsSet || e.kind === (ArapEvent.ArapTrace as number);
    if (quiet && !options.debug) {
      story.describe(e);
      return;
    }
    const text = story.describe(e);
    if (text) say(`server ${text}`);
  };
  loop.start();
  for (const caller of callers) scheduler.at(caller.caller.startAt * 1000, () => caller.start());
  const lastStart = Math.max(0, ...scenario.callers.map((c) => c.startAt * 1000));
  const net = aaa?.net ?? null;
  const done = await runUntilSettled(scheduler, net, () => ledger.allSettled(), lastStart + (options.capMs ?? SIMULATION_CAP_MS));
  if (done) await runUntilSettled(scheduler, net, () => false, SETTLE_MS);
  const accountant = aaa?.accountant;
  if (done && accountant) await runUntilSettled(scheduler, net, () => accountant.idle(), ACCOUNTING_SETTLE_MS);
  loop.stop();
  aaa?.close();
  if (options.showCallback) {
    // The core's own view, typed at its console: the echo and the table, then a new prompt.
    const out = core.consoleCommand("show callback", scheduler.now()).replace(/\r/g, "");
    const end = out.lastIndexOf("\n");
    options.print(`\n${out.slice(end + 1)}${out.slice(0, end).trimEnd()}`);
  }
  options.inspect?.({ core, world, callers, ttyOfNumber, aaa, cores });
  return { rows: ledger.rows(), unfinished: done ? [] : ledger.unsettled(), virtualMs: scheduler.now() };
}

/**
 * The scheduler's runUntil, and with AAA on the virtual network the clients' promises are let
 * settle after every step in which AAA work moved, before virtual time goes on.
 */
async function runUntilSettled(scheduler: Scheduler, net: SimAaaNetwork | null, done: () => boolean, limitMs: number): Promise<boolean> {
  if (!net) return scheduler.runUntil(done, limitMs);
  const settle = async () => {
    while (net.takeKick()) await new Promise<void>((resolve) => setImmediate(resolve));
  };
  const end = scheduler.now() + limitMs;
  scheduler.runDue();
  await settle();
  while (!done()) {
    const next = scheduler.nextTime();
    if (next === null || next > end) {
      scheduler.clock.jumpTo(end);
      return done();
    }
    scheduler.clock.jumpTo(next);
    scheduler.runDue();
    await settle();
  }
  return true;
}

/** The closing table as text: one row per caller. */
export function formatTable(rows: CallerRow[]): string {
  const head = ["caller", "method", "number dialled", "line in", "line out", "time to callback", "result"];
  const dash = (v: number | string | null) => (v === null ? "-" : String(v));
  const cells = rows.map((r) => [
    r.caller, r.method, dash(r.dialled), dash(r.lineIn), dash(r.lineOut),
    r.callbackMs === null ? "-" : `${(r.callbackMs / 1000).toFixed(1)} s`, r.result,
  ].map((cell) => terminalSafe(cell))); // rows come escaped from the ledger; a table built elsewhere is escaped here
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) => c.map((x, i) => x.padEnd(widths[i])).join("  ").trimEnd();
  return [line(head), line(widths.map((w) => "-".repeat(w))), ...cells.map(line)].join("\n");
}

/** Why a run did not end well, for the command's exit: null when every caller finished. */
export function unfinishedReport(result: SimulationResult, capMs = SIMULATION_CAP_MS): string | null {
  if (result.unfinished.length === 0) return null;
  const names = result.unfinished.slice(0, 20).join(", ");
  const more = result.unfinished.length > 20 ? ` and ${result.unfinished.length - 20} more` : "";
  const cap = `${+(capMs / 60000).toFixed(3)} minutes`;
  return `simulate: ${result.unfinished.length} caller(s) not finished ${cap} of virtual time after the last one dialled (--cap-minutes): ${names}${more}`;
}
