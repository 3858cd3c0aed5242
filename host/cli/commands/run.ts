// `dialback run`: loads the core, builds the lines from a board profile and/or --line
// options, and runs the host loop until stopped. Simulated lines run on the virtual
// network in real time; --expose puts extra modems on that network for outside programs.
// With --config the lines take their settings, users and callbacks from the configuration.
// With no option at all it runs as the service does: the configuration directory's
// dialback.cfg and board.json (host/run/config-dir.ts). System messages follow the
// configuration's `logging` and `service timestamps` (host/run/ios-log.ts). SIGHUP reads the
// configuration again without dropping calls (host/run/core-switch.ts); SIGTERM and SIGINT
// hang every line up first (host/run/hang-up.ts). A `tun` (profile or --tun) gives the
// callers' IPv4 the host's network (host/net/tun-bridge.ts).

import { Command, InvalidArgumentError } from "commander";
import { EventKind } from "../../core/abi.ts";
import { CONSOLE_LINE, type Core, type CoreEvent } from "../../core/core.ts";
import { ConsoleLineDriver } from "../../lines/console-driver.ts";
import { loadProfile, ProfileError } from "../../boards/profile.ts";
import { distinctLines, parseLineSpec, type LineSpec } from "../../lines/line-spec.ts";
import { buildLines } from "../../run/drivers.ts";
import { RealTimers, RunLoop, type Timers } from "../../run/loop.ts";
import { aaaClients } from "../../aaa/aaa-clients.ts";
import { Accountant } from "../../aaa/accountant.ts";
import { coreLineCounters } from "../../aaa/session-tracker.ts";
import { AaaResponder } from "../../aaa/responder.ts";
import { SimLineDriver } from "../../lines/sim-driver.ts";
import { expose, parseExposeSpec, type Exposure, type ExposeSpec } from "../../sim/expose.ts";
import { RealTimeDriver } from "../../sim/realtime.ts";
import { fileURLToPath } from "node:url";
import { StoryTeller } from "../../trace/describe.ts";
import { describeChatResult } from "../../trace/chat-result.ts";
import { terminalSafe } from "../../trace/terminal-text.ts";
import { PingResponder } from "../../net/ping-responder.ts";
import { EntropyFeeder } from "../../core/entropy.ts";
import { ipPush } from "../../core/ppp.ts";
import { defaultRunFiles } from "../../run/config-dir.ts";
import { configuredCore, RunConfigError } from "../../run/configured-core.ts";
import { CoreSwitch, type Generation } from "../../run/core-switch.ts";
import { hangUpAll } from "../../run/hang-up.ts";
import { defaultLogSettings, logSettingsFrom, type LogMessage, type Severity } from "../../run/ios-log.ts";
import { RunLogger, stdoutIsJournal } from "../../run/logger.ts";
import { eventLogMessage } from "../../run/log-events.ts";
import { CallerNetwork } from "../../net/caller-network.ts";
import { parseTunSpec, TunBridge, TunError, type TunSettings } from "../../net/tun-bridge.ts";

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
  tun?: TunSettings;
}

export function register(program: Command): void {
  program
    .command("run")
    .description("run the access server on the lines of a board profile and/or --line options (no option: /etc/dialback/dialback.cfg and board.json)")
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
    .option("--tun <NAME=ADDRESS/BITS>", "give the callers' IPv4 the host's network through a TUN interface (needs socat, CAP_NET_ADMIN)", (v: string) => {
      try {
        return parseTunSpec(v);
      } catch (e) {
        throw new InvalidArgumentError((e as Error).message);
      }
    })
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
  return terminalSafe(story.describe(e) ?? describeChatResult(e) ?? describe(e));
}

function describe(e: CoreEvent): string {
  const name = EventKind[e.kind] ?? `event ${e.kind}`;
  if (e.kind === EventKind.FrameReceived) return `line ${e.line}: ${name} protocol 0x${e.args[0].toString(16).padStart(4, "0")} ${e.data.length} bytes`;
  if (e.kind === EventKind.Log) return `line ${e.line}: ${name} ${terminalSafe(e.data)}`;
  return `line ${e.line}: ${name} ${e.args.join(" ")}`;
}


/** What the host keeps for one core (one configuration) while it drives lines. */
interface GenerationData {
  file: string | null;
  feeder: EntropyFeeder;
  pings: PingResponder;
  aaa: AaaResponder | null;
  /** Accounting of this configuration's calls (`aaa accounting`), null when none is asked for. */
  accountant: Accountant | null;
  closeClients: () => void;
}

const NO_FILE_SETTINGS = defaultLogSettings();

async function run(opts: RunOptions): Promise<void> {
  const noOptions = !opts.config && !opts.board && opts.line.length === 0;
  const files = noOptions ? defaultRunFiles() : { config: opts.config, board: opts.board };
  const specs = distinctLines(opts.line);
  const profile = files.board ? loadProfile(files.board) : null;
  const { drivers, world } = buildLines(profile, specs);
  if (drivers.size === 0) throw new Error("no lines: give --board PROFILE or --line N=...");
  if (opts.expose.length && !world) throw new Error("--expose needs simulated lines or subscribers");
  // A profile names the build its board runs (relative to the package), else the default build.
  const modulePath = profile?.build ? fileURLToPath(new URL(`../../../${profile.build}`, import.meta.url)) : undefined;
  const configFile = files.config ?? null;
  const driven = [...drivers.keys()];

  const logger = new RunLogger((line) => process.stdout.write(`${line}\n`), stdoutIsJournal());
  const log = (severity: Severity, mnemonic: string, text: string, facility = "DIALBACK") =>
    logger.log({ facility, severity, mnemonic, text: terminalSafe(text) } satisfies LogMessage);
  // AAA messages name the user as typed: escaped like every event line.
  const say = (text: string) => process.stdout.write(`dialback run: ${terminalSafe(text)}\n`);

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
  // Accounting: a simulated line knows its own number and the caller's.
  const stations = (tty: number) => {
    const d = drivers.get(tty);
    if (!(d instanceof SimLineDriver)) return { line: null, caller: null };
    const call = d.modem.activeCall;
    return { line: d.modem.number, caller: call && call.callee.number === d.modem.number ? call.caller.number : null };
  };

  let loop: RunLoop | null = null;
  const lines = new CoreSwitch<GenerationData>(driven);
  const start = async (): Promise<{ core: Core; data: GenerationData; settings: ReturnType<typeof logSettingsFrom> }> => {
    const configured = await configuredCore(modulePath, configFile, driven);
    for (const w of configured.warnings) process.stderr.write(`${w.startsWith(configFile ?? "\0") ? "" : "dialback run: "}${w}\n`);
    const { core, plan, result } = configured;
    const context = result
      ? { users: result.model.users, enable: result.model.enable, lines: result.model.lines, arapKeyLayout: result.model.arap.keyLayout }
      : null;
    const clients = plan && context ? aaaClients(plan, context, { log: say }) : null;
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
    const hooks = { accepted: accountant ? accountant.accepted.bind(accountant) : undefined, localUsers: context?.users ?? [], now: () => timers.now() };
    const aaa = clients && (clients.ppp || clients.login || clients.arap) ? new AaaResponder(core, clients, () => loop?.requestPump(), say, hooks) : null;
    const data = { file: configFile, feeder: new EntropyFeeder(core), pings: new PingResponder(core), aaa, accountant, closeClients: () => clients?.close() };
    return { core, data, settings: result ? logSettingsFrom(result.model) : NO_FILE_SETTINGS };
  };
  const first = await start();
  logger.apply(first.settings);
  lines.adopt(first.core, first.data);
  lines.onHandOver = (line, from, to) => log(6, "LINE_RELOADED", `TTY${line}: idle, now on configuration ${to.number} (was ${from.number})`);
  // A retired configuration's accounting keeps its clients until its records are sent (at the latest, at stop).
  const retired: GenerationData[] = [];
  lines.onRetired = (g) => {
    g.data.feeder.stop();
    if (g.data.accountant) retired.push(g.data);
    else g.data.closeClients();
    log(6, "CONFIG_RETIRED", `configuration ${g.number}: its last call has ended`);
  };

  if (opts.console) drivers.set(CONSOLE_LINE, new ConsoleLineDriver(process.stdin, process.stdout));
  const story = new StoryTeller();
  const exposures: Exposure[] = [];
  const opened: number[] = [];
  const runLoop = new RunLoop(lines, drivers, timers);
  loop = runLoop;

  // Callers' IP: the TUN of --tun, else of the board profile.
  const tunSettings = opts.tun ?? profile?.tun ?? null;
  const tun = tunSettings ? new TunBridge(tunSettings) : null;
  const network = tun
    ? new CallerNetwork(
        tun,
        (line, datagram) => {
          const owner = lines.ownerOf(line);
          const ok = owner ? ipPush(owner.core, line, datagram) : false;
          runLoop.requestPump(); // the reply leaves on the line's transmit ring at once
          return ok;
        },
        (text) => log(4, "IP_DROP", text),
      )
    : null;
  if (tun && network) tun.onDatagram((d) => network.fromNetwork(d));

  runLoop.onEvent = (e) => {
    const g: Generation<GenerationData> | undefined = lines.originOf(e);
    g?.data.feeder.observe(e);
    g?.data.accountant?.observe(e);
    g?.data.aaa?.observe(e);
    if (g?.data.aaa?.handle(e)) return;
    if (network?.handle(e)) return;
    g?.data.pings.handle(e);
    const message = eventLogMessage(e);
    if (message) logger.log(message);
    if (opts.events) process.stdout.write(`${runEventLine(story, e)}\n`);
  };
  runLoop.onError = (tty, e) => log(3, "LINE_ERROR", `TTY${tty}: ${e.message}`);

  let stopping = false;
  const shutdown = async (hangUp: boolean) => {
    runLoop.stop();
    for (const g of lines.live()) g.data.feeder.stop();
    realtime?.stop();
    if (hangUp) {
      const results = await hangUpAll(new Map([...drivers].filter(([tty]) => opened.includes(tty))));
      for (const r of results) {
        if (!r.ok) log(3, "HANGUP_FAILED", `TTY${r.tty}: ${r.error ?? "not hung up"}`);
        else if (r.inCall) log(5, "HANGUP", `TTY${r.tty}: hung up (carrier down after ${Math.round(r.ms)} ms)`);
      }
    }
    const generations = [...retired.splice(0), ...lines.live().map((g) => g.data)];
    // Sessions still up end with the server (RFC 2866 §5.10 Admin-Reboot); their Stops get a few seconds to reach a server.
    for (const data of generations) data.accountant?.endSessions("Admin-Reboot");
    await Promise.all(generations.map((data) => data.accountant?.drain(ACCOUNTING_DRAIN_MS)));
    for (const data of generations) {
      data.accountant?.close();
      data.closeClients();
    }
    tun?.close();
    for (const e of exposures.splice(0)) await e.close();
    for (const tty of opened) await drivers.get(tty)!.close();
    logger.close();
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
    if (tun) {
      await tun.open();
      tun.onFailure = (why) => log(3, "TUN_DOWN", `${tun.description}: ${why}; callers keep their calls but reach no network`);
      log(5, "TUN_UP", `${tun.description}: callers' IPv4 goes to the host's network`);
    }
  } catch (e) {
    await shutdown(false);
    throw e;
  }
  realtime?.start();
  for (const g of lines.live()) g.data.feeder.start();
  runLoop.start();
  log(5, "CONFIG_I", `Configured from ${configFile ?? "defaults (no configuration file)"}`, "SYS");

  // SIGHUP: the configuration again, in a new core that takes over each line once it is idle.
  let reloading = Promise.resolve();
  const reload = async () => {
    if (stopping) return;
    if (!configFile) {
      log(4, "RELOAD_SKIPPED", "SIGHUP: no configuration file to read again (run with --config or from the configuration directory)");
      return;
    }
    try {
      const next = await start();
      logger.apply(next.settings);
      const g = lines.adopt(next.core, next.data);
      next.data.feeder.start();
      log(5, "CONFIG_I", `Configured from ${configFile} (configuration ${g.number})`, "SYS");
      const held = lines.heldByOlder();
      if (held.length) log(5, "RELOAD", `TTY${held.join(", TTY")} keep${held.length === 1 ? "s" : ""} the previous configuration until idle`);
      runLoop.requestPump();
    } catch (e) {
      const reasons = e instanceof RunConfigError ? e.reasons : [];
      const head = e instanceof RunConfigError ? e.summary : (e as Error).message;
      const count = reasons.length ? ` (${reasons.length} problem${reasons.length > 1 ? "s" : ""})` : "";
      log(3, "CONFIG_REFUSED", `${head}: the running configuration stays${count}`);
      for (const r of reasons) log(3, "CONFIG_ERROR", r.split("\n")[0]); // the located message, without its quoted line
    }
  };
  const onHup = () => {
    reloading = reloading.then(reload);
  };
  process.on("SIGHUP", onHup);
  process.stdout.write("dialback run: ready\n");
  const why = await new Promise<string>((resolve) => {
    process.once("SIGINT", () => resolve("SIGINT"));
    process.once("SIGTERM", () => resolve("SIGTERM"));
    if (opts.duration !== undefined) setTimeout(() => resolve("duration"), Number(opts.duration) * 1000).unref();
  });
  stopping = true;
  process.off("SIGHUP", onHup);
  await reloading;
  const inCall = opened.filter((tty) => tty !== CONSOLE_LINE && drivers.get(tty)!.signals().dcd);
  log(5, "STOP", `${why}: hanging up every line${inCall.length ? ` (calls on TTY${inCall.join(", TTY")})` : ""}`);
  await shutdown(true);
}
