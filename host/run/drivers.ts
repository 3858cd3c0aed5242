// Builds the line drivers for a run from a board profile and/or --line options
// (an option for a tty replaces the profile's line). Simulated lines share one SimWorld.

import type { BindingInterface } from "@serialport/bindings-interface";
import type { BoardProfile, LineProfile } from "../boards/profile.ts";
import type { LineDriver } from "../lines/driver.ts";
import type { LineSpec } from "../lines/line-spec.ts";
import { ALL_WIRED, SerialLineDriver } from "../lines/serial-driver.ts";
import { SimLineDriver } from "../lines/sim-driver.ts";
import { TcpLineDriver } from "../lines/tcp-driver.ts";
import { ModemGpio, toolsChip, type GpioChip } from "../lines/gpio.ts";
import { defaultLineNumber, SimWorld } from "../sim/world.ts";

export interface BuiltLines {
  drivers: Map<number, LineDriver>;
  /** Present when any line is simulated (or the profile has far-end subscribers). */
  world: SimWorld | null;
}

export interface BuildOptions {
  /** Serial binding override (tests pass the mock binding). */
  serialBinding?: BindingInterface;
  /** Serial modem-status poll period. */
  pollMs?: number;
  /** The GPIO chip a profile's `gpio` pins are on (default: libgpiod's tools on the named chip; tests pass a mock). */
  gpioChip?: (name: string) => GpioChip;
}

/** Turns a --line option into the profile form. */
export function lineFromSpec(spec: LineSpec): LineProfile {
  switch (spec.driver) {
    case "sim":
      return { tty: spec.tty, driver: "sim", number: spec.number ?? defaultLineNumber(spec.tty), maxRate: 33600 };
    case "tcp":
      return { tty: spec.tty, driver: "tcp", port: spec.port };
    case "serial":
      return { tty: spec.tty, driver: "serial", device: spec.device, speed: spec.speed, flow: "rtscts", wired: ALL_WIRED };
  }
}

export function buildLines(profile: BoardProfile | null, specs: LineSpec[], options: BuildOptions = {}): BuiltLines {
  const lines = new Map<number, LineProfile>();
  for (const l of profile?.lines ?? []) lines.set(l.tty, l);
  for (const s of specs) lines.set(s.tty, lineFromSpec(s));
  const needsWorld = [...lines.values()].some((l) => l.driver === "sim") || (profile?.subscribers.length ?? 0) > 0;
  const world = needsWorld ? new SimWorld(profile?.seed ?? 1, profile?.network ?? {}) : null;
  for (const s of profile?.subscribers ?? []) world!.farEnd(s);
  const drivers = new Map<number, LineDriver>();
  const chips = new Map<string, GpioChip>();
  const chip = (name: string) => chips.get(name) ?? chips.set(name, (options.gpioChip ?? toolsChip)(name)).get(name)!;
  for (const l of [...lines.values()].sort((a, b) => a.tty - b.tty)) {
    if (l.driver === "sim") drivers.set(l.tty, new SimLineDriver(world!.lineModem(l.number, l.maxRate, true)));
    else if (l.driver === "tcp") drivers.set(l.tty, new TcpLineDriver(l.port));
    else
      drivers.set(
        l.tty,
        new SerialLineDriver({
          path: l.device, baudRate: l.speed, rtscts: l.flow === "rtscts", wired: l.wired, binding: options.serialBinding, pollMs: options.pollMs,
          gpio: l.gpio ? new ModemGpio(l.gpio, chip(l.gpio.chip)) : undefined,
        }),
      );
  }
  return { drivers, world };
}
