// Modem-control lines on GPIO pins, for a UART that has none (the Raspberry Pi's own UART,
// channel B of an SC16IS752): DTR out, DCD and RI in, through the Linux GPIO character device.
// The pins are driven by libgpiod's command-line tools (Debian package gpiod: gpioset,
// gpioget, gpiomon, v1 and v2 spellings), so no native module is needed; tests use
// MockGpioChip, which keeps each line's level as a chip would.

import { spawn, spawnSync, type ChildProcess } from "node:child_process";

/** Which GPIO lines of which chip carry the modem's signals (board profile `gpio`). */
export interface GpioPins {
  /** The chip, as libgpiod names it: "gpiochip0" (or a path under /dev). */
  chip: string;
  dtr?: number;
  dcd?: number;
  ri?: number;
  /** RS-232 transceivers invert: the signal is asserted when the pin is low. */
  activeLow: boolean;
}

export interface GpioOutputLine {
  set(value: boolean): Promise<void>;
  release(): Promise<void>;
}

export interface GpioInputLine {
  value(): boolean;
  release(): Promise<void>;
}

/** One GPIO chip; values are logical (active-low inverts them at the pin). */
export interface GpioChip {
  readonly name: string;
  output(offset: number, value: boolean, activeLow: boolean): Promise<GpioOutputLine>;
  input(offset: number, activeLow: boolean, onChange: (value: boolean) => void): Promise<GpioInputLine>;
}

export class GpioError extends Error {}

/** DTR, DCD and RI of one line on the pins a profile names. */
export class ModemGpio {
  private dtrLine: GpioOutputLine | null = null;
  private dcdLine: GpioInputLine | null = null;
  private riLine: GpioInputLine | null = null;
  private readonly listeners: (() => void)[] = [];

  constructor(
    readonly pins: GpioPins,
    private readonly chip: GpioChip,
  ) {}

  get description(): string {
    const named = (["dtr", "dcd", "ri"] as const).filter((k) => this.pins[k] !== undefined).map((k) => `${k.toUpperCase()} ${this.pins[k]}`);
    return `gpio ${this.pins.chip} ${named.join(", ")}${this.pins.activeLow ? " active-low" : ""}`;
  }

  get hasDtr(): boolean {
    return this.pins.dtr !== undefined;
  }

  get hasDcd(): boolean {
    return this.pins.dcd !== undefined;
  }

  get hasRi(): boolean {
    return this.pins.ri !== undefined;
  }

  async open(): Promise<void> {
    const { dtr, dcd, ri, activeLow } = this.pins;
    const changed = () => {
      for (const l of this.listeners) l();
    };
    try {
      if (dtr !== undefined) this.dtrLine = await this.chip.output(dtr, false, activeLow);
      if (dcd !== undefined) this.dcdLine = await this.chip.input(dcd, activeLow, changed);
      if (ri !== undefined) this.riLine = await this.chip.input(ri, activeLow, changed);
    } catch (e) {
      await this.close();
      throw new GpioError(`${this.description}: ${(e as Error).message}`);
    }
  }

  async setDtr(value: boolean): Promise<void> {
    if (this.dtrLine) await this.dtrLine.set(value);
  }

  get dcd(): boolean {
    return this.dcdLine?.value() ?? false;
  }

  get ri(): boolean {
    return this.riLine?.value() ?? false;
  }

  /** Called when DCD or RI changes. */
  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  async close(): Promise<void> {
    for (const l of [this.dtrLine, this.dcdLine, this.riLine]) await l?.release();
    this.dtrLine = this.dcdLine = this.riLine = null;
  }
}

/** A chip in memory for tests: each line keeps its level; outputs drive it, the test drives inputs. */
export class MockGpioChip implements GpioChip {
  /** Physical level per offset (true = high). */
  readonly levels = new Map<number, boolean>();
  /** Every level an output was driven to, per offset, in order. */
  readonly driven = new Map<number, boolean[]>();
  /** Makes output writes fail, as a line taken by another program or a chip gone would. */
  failWrites = false;
  /** Called when an output is driven (the far side of the pin, in tests: a modem's DTR input). */
  onDrive?: (offset: number, level: boolean) => void;
  private readonly requested = new Set<number>();
  private readonly watchers = new Map<number, () => void>();

  constructor(readonly name = "gpiochip0") {}

  private request(offset: number): void {
    if (this.requested.has(offset)) throw new GpioError(`${this.name} line ${offset} is busy`);
    this.requested.add(offset);
  }

  async output(offset: number, value: boolean, activeLow: boolean): Promise<GpioOutputLine> {
    this.request(offset);
    const drive = (v: boolean) => {
      const level = v !== activeLow;
      this.levels.set(offset, level);
      this.driven.set(offset, [...(this.driven.get(offset) ?? []), level]);
      this.onDrive?.(offset, level);
    };
    drive(value);
    return {
      set: async (v) => {
        if (this.failWrites) throw new GpioError(`${this.name} line ${offset}: write refused`);
        drive(v);
      },
      release: async () => {
        this.requested.delete(offset);
      },
    };
  }

  async input(offset: number, activeLow: boolean, onChange: (value: boolean) => void): Promise<GpioInputLine> {
    this.request(offset);
    const value = () => (this.levels.get(offset) ?? false) !== activeLow;
    this.watchers.set(offset, () => onChange(value()));
    return {
      value,
      release: async () => {
        this.requested.delete(offset);
        this.watchers.delete(offset);
      },
    };
  }

  /** The far side drives an input line to `level` (true = high). */
  setLevel(offset: number, level: boolean): void {
    if (this.levels.get(offset) === level) return;
    this.levels.set(offset, level);
    this.watchers.get(offset)?.();
  }
}

/** Which libgpiod tools are installed: 1 (Debian 12, Raspberry Pi OS bookworm) or 2 (Debian 13), null for none. */
export function gpiodToolsVersion(prefix = ""): 1 | 2 | null {
  const r = spawnSync(`${prefix}gpioget`, ["--version"], { encoding: "utf8" });
  if (r.error || r.status !== 0) return null;
  const m = /v(\d+)\./.exec(r.stdout);
  return m && m[1] === "1" ? 1 : m ? 2 : null;
}

/**
 * A chip driven by libgpiod's tools. An output is a `gpioset` process holding the line at
 * its value (the kernel releases the line when it exits, so a change restarts it); an input
 * is read once with `gpioget` and then followed by `gpiomon`'s edge events.
 */
export class GpiodToolsChip implements GpioChip {
  constructor(
    readonly name: string,
    private readonly version: 1 | 2,
    /** Directory prefix of the tools (tests put stand-ins there); "" = PATH. */
    private readonly prefix = "",
  ) {}

  /** The tools on this machine, or an error naming the package to install. */
  static detect(name: string, prefix = ""): GpiodToolsChip {
    const v = gpiodToolsVersion(prefix);
    if (v === null) throw new GpioError(`libgpiod tools not found (gpioset, gpioget, gpiomon): apt-get install gpiod`);
    return new GpiodToolsChip(name, v, prefix);
  }

  private args(offset: number, activeLow: boolean, extra: string[], value?: boolean): string[] {
    const line = value === undefined ? `${offset}` : `${offset}=${value ? 1 : 0}`;
    if (this.version === 1) return [...extra, ...(activeLow ? ["--active-low"] : []), this.name, line];
    return [...extra, "--chip", this.name, ...(activeLow ? ["--active-low"] : []), line];
  }

  async output(offset: number, value: boolean, activeLow: boolean): Promise<GpioOutputLine> {
    let child: ChildProcess | null = null;
    const hold = async (v: boolean) => {
      await stopChild(child);
      const extra = this.version === 1 ? ["--mode=signal"] : [];
      child = await started(spawn(`${this.prefix}gpioset`, this.args(offset, activeLow, extra, v), { stdio: ["ignore", "ignore", "pipe"] }), "gpioset");
    };
    await hold(value);
    return { set: hold, release: () => stopChild(child) };
  }

  async input(offset: number, activeLow: boolean, onChange: (value: boolean) => void): Promise<GpioInputLine> {
    const extra = this.version === 1 ? [] : ["--numeric"];
    const read = spawnSync(`${this.prefix}gpioget`, this.args(offset, activeLow, extra), { encoding: "utf8" });
    if (read.error || read.status !== 0) throw new GpioError(`gpioget ${this.name} ${offset}: ${read.error?.message ?? read.stderr.trim()}`);
    let level = read.stdout.trim() === "1";
    // %e: the edge, 1 rising (active), 0 (v1) or 2 (v2) falling.
    const mon = await started(spawn(`${this.prefix}gpiomon`, this.args(offset, activeLow, ["--format=%e"]), { stdio: ["ignore", "pipe", "pipe"] }), "gpiomon");
    let pending = "";
    mon.stdout!.on("data", (d: Buffer) => {
      pending += d.toString("latin1");
      const lines = pending.split("\n");
      pending = lines.pop() ?? "";
      for (const l of lines) {
        const edge = l.trim();
        if (edge === "") continue;
        const next = edge === "1";
        if (next !== level) {
          level = next;
          onChange(level);
        }
      }
    });
    return { value: () => level, release: () => stopChild(mon) };
  }
}

// A tool that exits at once could not take its line: its message says why.
function started(child: ChildProcess, tool: string): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    let err = "";
    child.stderr?.on("data", (d: Buffer) => (err += d.toString("latin1")));
    const timer = setTimeout(() => {
      child.removeAllListeners("exit");
      child.on("exit", () => {});
      resolve(child);
    }, 150);
    child.once("error", (e) => {
      clearTimeout(timer);
      reject(new GpioError(`${tool}: ${e.message}`));
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new GpioError(`${tool} exited (${code}): ${err.trim()}`));
    });
  });
}

async function stopChild(child: ChildProcess | null): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  await gone;
}

/** A chip driven by the tools, found when a line is first requested (at the line's open), so a profile loads anywhere. */
export function toolsChip(name: string): GpioChip {
  let chip: GpiodToolsChip | null = null;
  const get = () => (chip ??= GpiodToolsChip.detect(name));
  return {
    name,
    output: (offset, value, activeLow) => get().output(offset, value, activeLow),
    input: (offset, activeLow, onChange) => get().input(offset, activeLow, onChange),
  };
}
