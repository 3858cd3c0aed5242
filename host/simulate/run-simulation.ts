// Runs a configuration against simulated callers on the virtual telephone network: the
// server's lines each behind an auto-answering Hayes modem, the callers dialling in at their
// times. Produces the narrative (virtual time stamps) and the closing table of callbacks.

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
import { CallbackEvent, CALLBACK_METHODS, outcomeName, StoryTeller } from "../trace/describe.ts";
import { terminalSafe } from "../trace/terminal-text.ts";
import { decodePppEvent } from "../core/ppp.ts";
import { PcapWriter, Direction } from "../trace/pcap.ts";
import type { Scenario } from "../scenario/scenario.ts";
import { makeCaller, SimCaller } from "./callers.ts";
import { PingResponder } from "../net/ping-responder.ts";
import { seedForSimulation } from "../core/entropy.ts";

export interface CallbackRow {
  user: string;
  method: string;
  dialled: string;
  lineIn: number;
  lineOut: number | null;
  callbackMs: number | null;
  result: string;
}

export interface SimulationOptions {
  seed: number;
  /** Every PPP and chat trace line too, not only the story. */
  debug?: boolean;
  pcap?: PcapWriter;
  /** Where narrative lines go. */
  print: (line: string) => void;
  /** Virtual time after which the run stops even if callers are still busy. */
  limitMs?: number;
  /** At the end, print the core's own `show callback` from its console. */
  showCallback?: boolean;
}

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

export async function runSimulation(model: ConfigModel, scenario: Scenario, options: SimulationOptions): Promise<CallbackRow[]> {
  const world = new SimWorld(options.seed);
  const scheduler = world.scheduler;
  // Callers' and servers' words reach the narrative only escaped.
  const say = (text: string) => options.print(`[${stamp(scheduler.now())}] ${terminalSafe(text)}`);
  const core = await Core.load();
  core.init(compileImage(model));
  seedForSimulation(core, `seed ${options.seed} server`); // --seed replays the run, challenges included
  const ttys = model.lines.filter((l) => l.kind === "tty").map((l) => l.number);
  const drivers = new Map<number, LineDriver>();
  for (const tty of ttys) {
    // Access-server modems answer on the first ring (S0=1) and hang up when DTR drops (&D2).
    const modem = new HayesModem(world.network, defaultLineNumber(tty), { maxRate: 33600, profile: { s: { 0: 1 } } });
    drivers.set(tty, new SimLineDriver(modem));
  }
  const users = model.users.map((u) => u.name);
  const rows = new Map<number, CallbackRow & { requestedAt: number }>();
  const loop = new RunLoop(core, drivers, scheduler);
  const pings = new PingResponder(core);
  const story = new StoryTeller();
  loop.onEvent = (e: CoreEvent) => {
    if (e.line === CONSOLE_LINE) return; // the console's own prompt is not part of the story
    track(e);
    if (pings.handle(e)) return;
    if (e.kind === EventKind.PppFrame && options.pcap) {
      const p = decodePppEvent(e);
      if (p?.type === "frame") options.pcap.add(p.direction === "out" ? Direction.Sent : Direction.Received, p.frame, scheduler.now());
      return;
    }
    // Traces are always described (so the story keeps its ids), printed only with --debug.
    const quiet = e.kind === EventKind.PppTrace || e.kind === EventKind.ChatTrace || e.kind === EventKind.SignalsSet;
    if (quiet && !options.debug) {
      story.describe(e);
      return;
    }
    const text = story.describe(e);
    if (text) say(`server ${text}`);
  };
  const track = (e: CoreEvent) => {
    const [a0, a1, a2, a3] = e.args;
    if (e.kind === CallbackEvent.Requested) {
      rows.set(a0, {
        user: terminalSafe(users[a2] ?? `user ${a2}`), method: CALLBACK_METHODS[a1] ?? String(a1), dialled: terminalSafe(e.data),
        lineIn: e.line, lineOut: null, callbackMs: null, result: "pending", requestedAt: scheduler.now(),
      });
    }
    const row = rows.get(a0);
    if (!row) return;
    if (e.kind === CallbackEvent.Dialling) row.lineOut = a1;
    if (e.kind === CallbackEvent.Finished) {
      row.result = outcomeName(a1);
      if (a1 === 1) row.callbackMs = a3;
      if (a2) row.lineOut = a2;
    }
  };
  loop.start();
  const serverNumber = (c: { dials: { number: string } | { line: number } }) =>
    "number" in c.dials ? c.dials.number : defaultLineNumber(c.dials.line);
  const callers: SimCaller[] = [];
  for (const c of scenario.callers) {
    const caller = await makeCaller(c, world.network, scheduler, serverNumber(c), say);
    callers.push(caller);
    scheduler.at(c.startAt * 1000, () => caller.start());
  }
  const limit = options.limitMs ?? 30 * 60_000;
  scheduler.runUntil(() => callers.every((c) => c.finished) && rows.size > 0 && [...rows.values()].every((r) => r.result !== "pending"), limit);
  scheduler.runFor(8000); // let the last hang-ups settle
  loop.stop();
  if (options.showCallback) {
    // The core's own view, typed at its console: the echo and the table, then a new prompt.
    const out = core.consoleCommand("show callback", scheduler.now()).replace(/\r/g, "");
    const end = out.lastIndexOf("\n");
    options.print(`\n${out.slice(end + 1)}${out.slice(0, end).trimEnd()}`);
  }
  return [...rows.values()].map(({ requestedAt: _, ...row }) => row);
}

/** The closing table as text. */
export function formatTable(rows: CallbackRow[]): string {
  const head = ["user", "method", "number dialled", "line in", "line out", "time to callback", "result"];
  const cells = rows.map((r) => [
    r.user, r.method, r.dialled, String(r.lineIn), r.lineOut === null ? "-" : String(r.lineOut),
    r.callbackMs === null ? "-" : `${(r.callbackMs / 1000).toFixed(1)} s`, r.result,
  ].map(terminalSafe));
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) => c.map((x, i) => x.padEnd(widths[i])).join("  ").trimEnd();
  return [line(head), line(widths.map((w) => "-".repeat(w))), ...cells.map(line)].join("\n");
}
