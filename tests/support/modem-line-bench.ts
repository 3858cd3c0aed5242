// An access server with one serial line and a simulated modem on it, driven in real time:
// the server's modem is a simulated Hayes modem (factory settings: S0=0) whose DTE side is
// either a pty made by socat (`dialback sim --expose` does the same; a pty has no modem lines)
// or the mock serial binding (DTR and DCD wired). A caller's modem on the same telephone
// network is typed at by the test. The core runs the configuration given, as `dialback run`.

import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestContext } from "node:test";
import { Core, type CoreEvent } from "../../host/core/core.ts";
import { compileConfig } from "../../host/config/compile.ts";
import { compileImage } from "../../host/config/image.ts";
import { RunLoop, type Timers } from "../../host/run/loop.ts";
import { SerialLineDriver, type SerialLineOptions } from "../../host/lines/serial-driver.ts";
import { LineStateMockBinding, type MockLineState } from "../../host/lines/mock-binding.ts";
import { SimWorld } from "../../host/sim/world.ts";
import { HayesModem, type ModemOptions } from "../../host/sim/modem/modem.ts";
import { RealTimeDriver } from "../../host/sim/realtime.ts";
import { expose, type Exposure } from "../../host/sim/expose.ts";
import { StoryTeller } from "../../host/trace/describe.ts";
import { runEventLine } from "../../host/cli/commands/run.ts";
import { TestDte } from "./sim-dte.ts";
import { modemOnMockPort } from "./modem-on-mock-port.ts";
import { MockGpioChip, ModemGpio } from "../../host/lines/gpio.ts";

/** The pins of the "gpio" wiring. */
export const GPIO_PINS = { chip: "gpiochip0", dtr: 22, dcd: 23, ri: 27, activeLow: true };
import { waitFor } from "./pty-chat.ts";

export const SERVER_NUMBER = "5551004";
export const CALLER_NUMBER = "5553030";

/** Quick exchange timings so a call takes a second or two of real time. */
const FAST = { setupDelayMs: 200, ringCadenceMs: 1500, ringOnMs: 500, noAnswerRings: 4, trainingMs: 300 };

export interface BenchOptions {
  /**
   * "pty": socat pty, serialport's native binding (no DTR, no DCD); "mock": DTR and DCD wired;
   * "gpio": a UART without modem lines (the mock binding refuses set and get) and DTR, DCD and
   * RI on GPIO pins of a mock chip (active low, as behind an RS-232 transceiver).
   */
  wiring: "pty" | "mock" | "gpio";
  /** Makes the mock binding's set() fail as a pty's does (DTR cannot be written). */
  failSet?: boolean;
  serverModem?: ModemOptions;
  /** What the server's modem says passes through this on its way to the line (a modem that answers garbage). */
  serverSays?: (data: Uint8Array) => Uint8Array;
  callerModem?: ModemOptions;
  driver?: Partial<SerialLineOptions>;
}

export class ModemLineBench {
  readonly events: CoreEvent[] = [];
  readonly log: string[] = [];
  readonly errors: string[] = [];
  readonly caller: TestDte;
  readonly serverModem: HayesModem;
  mockLine: MockLineState | null = null;
  gpioChip: MockGpioChip | null = null;
  private readonly story = new StoryTeller();
  private constructor(
    readonly world: SimWorld,
    readonly realtime: RealTimeDriver,
    readonly core: Core,
    readonly driver: SerialLineDriver,
    readonly loop: RunLoop,
    private readonly cleanups: (() => Promise<void> | void)[],
    serverModem: HayesModem,
    callerModem: HayesModem,
  ) {
    this.serverModem = serverModem;
    this.caller = new TestDte(callerModem);
  }

  /** Starts everything; `config` names line 4. Cleans up through `t.after`. */
  static async start(t: TestContext, config: string, options: BenchOptions): Promise<ModemLineBench> {
    const compiled = compileConfig(config, "bench.cfg");
    const errors = compiled.diagnostics.filter((d) => d.severity === "error");
    assert.equal(errors.length, 0, JSON.stringify(errors));
    const world = new SimWorld(3, FAST);
    const realtime = new RealTimeDriver(world.scheduler);
    const cleanups: (() => Promise<void> | void)[] = [() => realtime.stop()];
    t.after(async () => {
      for (const c of cleanups.reverse()) await c();
    });
    // The server's modem as it comes from the factory (S0=0: it answers nothing by itself).
    const server = new HayesModem(world.network, SERVER_NUMBER, options.serverModem ?? {});
    // The caller's modem answers the callback by itself (S0=1), without echo for a readable screen.
    const callerModem = new HayesModem(world.network, CALLER_NUMBER, { profile: { echo: false, s: { 0: 1 } }, ...options.callerModem });
    let driverOptions: SerialLineOptions;
    let mockLine: MockLineState | null = null;
    let gpioChip: MockGpioChip | null = null;
    if (options.wiring === "pty") {
      const dir = mkdtempSync(join(tmpdir(), "dialback-modem-line-"));
      cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
      const link = join(dir, "modem");
      const exposure: Exposure = await expose({ number: SERVER_NUMBER, kind: "pty", path: link }, server, () => realtime.kick());
      cleanups.push(() => exposure.close());
      driverOptions = { path: link, baudRate: 115200, pollMs: 50, ...options.driver };
    } else {
      // "mock" and "gpio" both put the modem behind the mock binding.
      const binding = new LineStateMockBinding();
      mockLine = binding.createLine("/dev/ttyMOCK4");
      // A UART that refuses DTR writes leaves DTR where the hardware holds it: up.
      if (options.failSet) mockLine.dtr = mockLine.rts = true;
      modemOnMockPort(mockLine, server);
      const feed = mockLine.onWrite!;
      // The modem times each byte (the +++ guard): its clock must be current first.
      mockLine.onWrite = (data) => {
        realtime.kick();
        feed(data);
        realtime.kick();
      };
      mockLine.failSet = options.failSet ?? false;
      driverOptions = { path: "/dev/ttyMOCK4", baudRate: 115200, binding, pollMs: 50, ...options.driver };
      if (options.wiring === "gpio") {
        // The UART has no modem lines at all; the modem's DTR, DCD and RI are on the chip's pins.
        mockLine.failSet = mockLine.failGet = true;
        const chip = new MockGpioChip();
        gpioChip = chip;
        const show = (s: { dcd: boolean; ri: boolean }) => {
          chip.setLevel(GPIO_PINS.dcd, !s.dcd);
          chip.setLevel(GPIO_PINS.ri, !s.ri);
        };
        const onSignals = server.onSignals;
        server.onSignals = (s) => {
          onSignals(s);
          show(s);
        };
        show(server.signals());
        chip.onDrive = (offset, level) => {
          if (offset === GPIO_PINS.dtr) server.setInputs({ dtr: !level, rts: true });
        };
        server.setInputs({ dtr: false, rts: true });
        driverOptions = { ...driverOptions, gpio: new ModemGpio(GPIO_PINS, chip) };
      }
    }
    if (options.serverSays) {
      const says = options.serverSays;
      const onOutput = server.onOutput;
      server.onOutput = (data) => onOutput(says(data));
    }
    const core = await Core.load();
    core.init(compileImage(compiled.model));
    const driver = new SerialLineDriver(driverOptions);
    const timers: Timers = {
      now: () => world.scheduler.now(),
      after: (ms, fn) => {
        const timer = world.scheduler.after(ms, fn);
        setImmediate(() => realtime.kick());
        return timer;
      },
    };
    const loop = new RunLoop(core, new Map([[4, driver]]), timers);
    const bench = new ModemLineBench(world, realtime, core, driver, loop, cleanups, server, callerModem);
    bench.mockLine = mockLine;
    bench.gpioChip = gpioChip;
    loop.onEvent = (e) => {
      bench.events.push(e);
      bench.log.push(runEventLine(bench.story, e));
    };
    loop.onError = (tty, e) => bench.errors.push(`line ${tty}: ${e.message}`);
    await driver.open();
    cleanups.push(() => driver.close());
    cleanups.push(() => loop.stop());
    realtime.start();
    loop.start();
    return bench;
  }

  /** Waits (real time) until `done`, keeping the simulation current. */
  async until(done: () => boolean, what: string, limitMs = 20_000): Promise<void> {
    await waitFor(
      () => {
        this.realtime.kick();
        return done();
      },
      limitMs,
      [
        what,
        `caller saw: ${JSON.stringify(this.caller.text)}`,
        `events:\n${this.log.join("\n")}`,
        `errors: ${this.errors.join("; ")}`,
        `driver: ${JSON.stringify({ signals: this.driver.signals(), outputs: this.driver.outputs() })}`,
      ].join("\n"),
    );
  }

  /** The caller types `text` (into its modem, online or in command state). */
  type(text: string): void {
    this.caller.send(text);
    this.realtime.kick();
  }

  /** Waits until the caller has seen `text` since the last take, and returns what it saw up to it. */
  async callerSees(text: string, limitMs = 20_000): Promise<string> {
    await this.until(() => this.caller.text.includes(text), `the caller to see ${JSON.stringify(text)}`, limitMs);
    const at = this.caller.text.indexOf(text) + text.length;
    const seen = this.caller.text.slice(0, at);
    this.caller.text = this.caller.text.slice(at);
    return seen;
  }

  /** Lines of the story that match. */
  story_(re: RegExp): string[] {
    return this.log.filter((l) => re.test(l));
  }
}
