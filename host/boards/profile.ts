// Board profiles: which lines exist and what drives each (simulated modem, UART, TCP),
// read from JSON and checked with every error reported as FILE:LINE:COL.

import { readFileSync } from "node:fs";
import type { NetworkSettings } from "../sim/network.ts";
import type { WiredLines } from "../lines/serial-driver.ts";
import type { GpioPins } from "../lines/gpio.ts";
import { MAX_TTY, SERIAL_SPEEDS } from "../lines/line-spec.ts";
import { JsonSyntaxError, parseLocated, type Position } from "./json-located.ts";
import { checkTunSettings, TunError, type TunSettings } from "../net/tun-bridge.ts";

export interface SimLineProfile {
  tty: number;
  driver: "sim";
  /** The line's subscriber number on the virtual network. */
  number: string;
  maxRate: number;
}

export interface SerialLineProfile {
  tty: number;
  driver: "serial";
  device: string;
  speed: number;
  flow: "rtscts" | "none";
  wired: WiredLines;
  /** Modem-control lines on GPIO pins (for a UART without them). */
  gpio?: GpioPins;
}

export interface TcpLineProfile {
  tty: number;
  driver: "tcp";
  port: number;
}

export type LineProfile = SimLineProfile | SerialLineProfile | TcpLineProfile;

/** A far-end modem on the virtual network (someone to call, or who calls in). */
export interface SubscriberProfile {
  number: string;
  /** answer: auto-answers; no-answer: rings forever; busy: always busy; dead: stops responding. */
  behaviour: "answer" | "no-answer" | "busy" | "dead";
  maxRate: number;
}

export interface BoardProfile {
  name: string;
  description: string;
  seed: number;
  network: Partial<NetworkSettings>;
  lines: LineProfile[];
  subscribers: SubscriberProfile[];
  /** The firmware module the board runs (`npm run build -- --lines N` writes build/dialback-lN.wasm); the default build when absent. */
  build?: string;
  /** The TUN interface the callers' IPv4 reaches the host's network by (`"tun": { "name", "address": "A.B.C.D/BITS" }`). */
  tun?: TunSettings;
}

export class ProfileError extends Error {
  constructor(readonly messages: string[]) {
    super(messages.join("\n"));
  }
}

const NETWORK_KEYS: Record<string, "int" | "bool"> = {
  setupDelayMs: "int",
  ringCadenceMs: "int",
  ringOnMs: "int",
  noAnswerRings: "int",
  trainingMs: "int",
  pacing: "bool",
};
const WIRED_KEYS = ["dtr", "rts", "cts", "dcd", "dsr", "ri"] as const;
const GPIO_SIGNALS = ["dtr", "dcd", "ri"] as const;
/** Line offsets a GPIO chip can have (the character device's limit is far above any board's). */
const GPIO_OFFSET_MAX = 1023;
const RATES = [300, 1200, 2400, 4800, 9600, 14400, 19200, 28800, 33600, 56000];

type Obj = Record<string, unknown>;

class Checker {
  readonly errors: { at: Position; message: string }[] = [];
  constructor(private readonly positions: Map<string, Position>) {}

  error(pointer: string, message: string, key = false): void {
    const at = (key && this.positions.get(`${pointer}#key`)) || this.positions.get(pointer) || { line: 1, col: 1 };
    this.errors.push({ at, message });
  }

  object(v: unknown, pointer: string, what: string): Obj | null {
    if (typeof v === "object" && v !== null && !Array.isArray(v)) return v as Obj;
    this.error(pointer, `${what} must be an object`);
    return null;
  }

  keys(o: Obj, pointer: string, allowed: string[], required: string[], what: string): void {
    for (const k of Object.keys(o)) {
      if (!allowed.includes(k)) this.error(`${pointer}/${k}`, `${what}: unknown key "${k}" (allowed: ${allowed.join(", ")})`, true);
    }
    for (const k of required) if (!(k in o)) this.error(pointer, `${what}: "${k}" is missing`);
  }

  int(o: Obj, key: string, pointer: string, lo: number, hi: number): number | undefined {
    const v = o[key];
    if (v === undefined) return undefined;
    if (typeof v !== "number" || !Number.isInteger(v) || v < lo || v > hi) {
      this.error(`${pointer}/${key}`, `"${key}" must be a whole number from ${lo} to ${hi}`);
      return undefined;
    }
    return v;
  }

  string(o: Obj, key: string, pointer: string, pattern?: RegExp, hint?: string): string | undefined {
    const v = o[key];
    if (v === undefined) return undefined;
    if (typeof v !== "string" || v.length === 0 || (pattern && !pattern.test(v))) {
      this.error(`${pointer}/${key}`, `"${key}" must be ${hint ?? "a non-empty string"}`);
      return undefined;
    }
    return v;
  }

  oneOf<T extends string>(o: Obj, key: string, pointer: string, options: readonly T[]): T | undefined {
    const v = o[key];
    if (v === undefined) return undefined;
    if (typeof v !== "string" || !options.includes(v as T)) {
      this.error(`${pointer}/${key}`, `"${key}" must be one of ${options.map((x) => JSON.stringify(x)).join(", ")}`);
      return undefined;
    }
    return v as T;
  }
}

/** Checks a parsed profile; returns it or the list of problems (with positions). */
export function validateProfile(text: string, file: string): BoardProfile {
  let parsed;
  try {
    parsed = parseLocated(text);
  } catch (e) {
    if (e instanceof JsonSyntaxError) throw new ProfileError([`${file}:${e.position.line}:${e.position.col}: error: ${e.message}`]);
    throw e;
  }
  const c = new Checker(parsed.positions);
  const profile: BoardProfile = { name: "", description: "", seed: 1, network: {}, lines: [], subscribers: [] };
  const root = c.object(parsed.value, "", "a board profile");
  if (root) {
    c.keys(root, "", ["name", "description", "seed", "network", "lines", "subscribers", "build", "tun"], ["name", "lines"], "board profile");
    const build = c.string(root, "build", "", /^[^\0]*\.wasm$/, "the path of a firmware module, e.g. \"build/dialback-l4.wasm\"");
    if (build !== undefined) profile.build = build;
    profile.name = c.string(root, "name", "") ?? "";
    profile.description = typeof root.description === "string" ? root.description : "";
    if (root.description !== undefined && typeof root.description !== "string") c.error("/description", `"description" must be a string`);
    profile.seed = c.int(root, "seed", "", 0, 0xffffffff) ?? 1;
    if (root.network !== undefined) {
      const net = c.object(root.network, "/network", "network");
      if (net) {
        c.keys(net, "/network", Object.keys(NETWORK_KEYS), [], "network");
        for (const [k, kind] of Object.entries(NETWORK_KEYS)) {
          if (net[k] === undefined) continue;
          if (kind === "bool") {
            if (typeof net[k] !== "boolean") c.error(`/network/${k}`, `"${k}" must be true or false`);
            else (profile.network as Record<string, unknown>)[k] = net[k];
          } else {
            const v = c.int(net, k, "/network", k === "noAnswerRings" ? 1 : 0, 600_000);
            if (v !== undefined) (profile.network as Record<string, unknown>)[k] = v;
          }
        }
      }
    }
    profile.lines = checkLines(c, root.lines);
    profile.subscribers = checkSubscribers(c, root.subscribers, profile.lines);
    const tun = checkTun(c, root.tun);
    if (tun) profile.tun = tun;
  }
  if (c.errors.length) {
    c.errors.sort((a, b) => a.at.line - b.at.line || a.at.col - b.at.col);
    throw new ProfileError(c.errors.map((e) => `${file}:${e.at.line}:${e.at.col}: error: ${e.message}`));
  }
  return profile;
}

function checkLines(c: Checker, v: unknown): LineProfile[] {
  if (v === undefined) return [];
  if (!Array.isArray(v) || v.length === 0) {
    c.error("/lines", `"lines" must be a non-empty list`);
    return [];
  }
  const out: LineProfile[] = [];
  const ttys = new Map<number, number>();
  const claimed = new Map<string, string>();
  const claim = (key: string, pointer: string, what: string) => {
    const first = claimed.get(key);
    if (first !== undefined) c.error(pointer, `${what} is already used by ${first}`);
    else claimed.set(key, pointer.replace(/^\/lines\/(\d+)\/.*/, "line entry $1"));
  };
  v.forEach((item, index) => {
    const p = `/lines/${index}`;
    const o = c.object(item, p, `line entry ${index}`);
    if (!o) return;
    const driver = c.oneOf(o, "driver", p, ["sim", "serial", "tcp"] as const);
    const common = ["tty", "driver", "comment"];
    const serialKeys = ["device", "speed", "flow", "wired", "gpio"];
    const extra = driver === "sim" ? ["number", "maxRate"] : driver === "serial" ? serialKeys : driver === "tcp" ? ["port"] : [];
    const required = driver === "sim" ? ["number"] : driver === "serial" ? ["device"] : driver === "tcp" ? ["port"] : [];
    c.keys(o, p, [...common, ...extra], ["tty", "driver", ...required], `line entry ${index}`);
    const tty = c.int(o, "tty", p, 0, MAX_TTY);
    if (tty !== undefined) {
      if (ttys.has(tty)) c.error(`${p}/tty`, `line ${tty} is already defined by line entry ${ttys.get(tty)}`);
      else ttys.set(tty, index);
    }
    if (driver === undefined) return;
    const keep = (line: LineProfile) => {
      if (tty !== undefined) out.push(line);
    };
    if (driver === "sim") {
      const number = c.string(o, "number", p, /^[0-9*#]+$/, "a subscriber number (digits, * and #)");
      const maxRate = rate(c, o, p);
      if (number !== undefined) {
        claim(`number:${number}`, `${p}/number`, `subscriber number ${number}`);
        keep({ tty: tty ?? 0, driver, number, maxRate });
      }
    } else if (driver === "serial") {
      const device = c.string(o, "device", p, /^\/dev\/\S+$/, "a device path under /dev");
      const speed = o.speed === undefined ? 115200 : c.int(o, "speed", p, 1, 4_000_000);
      if (speed !== undefined && !SERIAL_SPEEDS.includes(speed)) c.error(`${p}/speed`, `speed ${speed} is not a standard rate (${SERIAL_SPEEDS.join(", ")})`);
      const flow = c.oneOf(o, "flow", p, ["rtscts", "none"] as const) ?? "rtscts";
      const wired = checkWired(c, o.wired, `${p}/wired`);
      if (flow === "rtscts" && wired && (!wired.rts || !wired.cts)) c.error(`${p}/flow`, `"flow": "rtscts" needs RTS and CTS wired`);
      const gpio = o.gpio === undefined ? undefined : checkGpio(c, o.gpio, `${p}/gpio`, wired, claim);
      if (device !== undefined) {
        claim(`device:${device}`, `${p}/device`, `device ${device}`);
        if (speed !== undefined && wired && gpio !== null) keep({ tty: tty ?? 0, driver, device, speed, flow, wired, ...(gpio ? { gpio } : {}) });
      }
    } else {
      const port = c.int(o, "port", p, 1, 65535);
      if (port !== undefined) {
        claim(`port:${port}`, `${p}/port`, `tcp port ${port}`);
        keep({ tty: tty ?? 0, driver, port });
      }
    }
  });
  return out;
}

function checkTun(c: Checker, v: unknown): TunSettings | null {
  if (v === undefined) return null;
  const o = c.object(v, "/tun", `"tun"`);
  if (!o) return null;
  c.keys(o, "/tun", ["name", "address", "comment"], ["name", "address"], `"tun"`);
  const name = c.string(o, "name", "/tun");
  const address = c.string(o, "address", "/tun", /^[^/]+\/\d+$/, "an IPv4 address with its prefix length, e.g. \"10.1.1.1/24\"");
  if (name === undefined || address === undefined) return null;
  const [host, bits] = address.split("/");
  try {
    return checkTunSettings({ name, address: host, prefix: Number(bits) }, `"tun"`);
  } catch (e) {
    if (!(e instanceof TunError)) throw e;
    c.error("/tun", e.message);
    return null;
  }
}

function rate(c: Checker, o: Obj, p: string): number {
  const r = c.int(o, "maxRate", p, 300, 56000);
  if (r !== undefined && !RATES.includes(r)) c.error(`${p}/maxRate`, `maxRate ${r}: one of ${RATES.join(", ")}`);
  return r ?? 33600;
}

function checkWired(c: Checker, v: unknown, p: string): WiredLines | null {
  const all: WiredLines = { dtr: true, rts: true, cts: true, dcd: true, dsr: true, ri: false };
  if (v === undefined) return all;
  const o = c.object(v, p, `"wired"`);
  if (!o) return null;
  c.keys(o, p, [...WIRED_KEYS], [...WIRED_KEYS], `"wired"`);
  const out = { ...all };
  for (const k of WIRED_KEYS) {
    if (o[k] === undefined) continue;
    if (typeof o[k] !== "boolean") c.error(`${p}/${k}`, `"${k}" must be true or false`);
    else out[k] = o[k] as boolean;
  }
  return out;
}

// GPIO pins for DTR, DCD and RI: a signal is on the UART or on a pin, never both; a pin serves one line.
function checkGpio(
  c: Checker,
  v: unknown,
  p: string,
  wired: WiredLines | null,
  claim: (key: string, pointer: string, what: string) => void,
): GpioPins | null {
  const o = c.object(v, p, `"gpio"`);
  if (!o) return null;
  c.keys(o, p, ["chip", ...GPIO_SIGNALS, "activeLow", "comment"], ["chip"], `"gpio"`);
  const chip = c.string(o, "chip", p, /^(\/dev\/)?gpiochip\d+$/, 'a GPIO chip, e.g. "gpiochip0"');
  const pins: GpioPins = { chip: chip ?? "", activeLow: false };
  if (o.activeLow !== undefined) {
    if (typeof o.activeLow !== "boolean") c.error(`${p}/activeLow`, `"activeLow" must be true or false`);
    else pins.activeLow = o.activeLow;
  }
  let any = false;
  for (const k of GPIO_SIGNALS) {
    const offset = c.int(o, k, p, 0, GPIO_OFFSET_MAX);
    if (offset === undefined) continue;
    any = true;
    pins[k] = offset;
    const both = `${k.toUpperCase()} is both wired to the UART ("wired"."${k}": true) and on GPIO line ${offset}: say false in "wired"`;
    if (wired?.[k]) c.error(`${p}/${k}`, both);
    if (chip !== undefined) claim(`gpio:${chip.replace(/^\/dev\//, "")}:${offset}`, `${p}/${k}`, `GPIO line ${offset} of ${chip}`);
  }
  if (!any) c.error(p, `"gpio" names no pin: give "dtr", "dcd" and/or "ri"`);
  return chip === undefined || !any ? null : pins;
}

function checkSubscribers(c: Checker, v: unknown, lines: LineProfile[]): SubscriberProfile[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) {
    c.error("/subscribers", `"subscribers" must be a list`);
    return [];
  }
  const numbers = new Set(lines.filter((l) => l.driver === "sim").map((l) => (l as SimLineProfile).number));
  const out: SubscriberProfile[] = [];
  v.forEach((item, index) => {
    const p = `/subscribers/${index}`;
    const o = c.object(item, p, `subscriber ${index}`);
    if (!o) return;
    c.keys(o, p, ["number", "behaviour", "maxRate", "comment"], ["number", "behaviour"], `subscriber ${index}`);
    const number = c.string(o, "number", p, /^[0-9*#]+$/, "a subscriber number (digits, * and #)");
    const behaviour = c.oneOf(o, "behaviour", p, ["answer", "no-answer", "busy", "dead"] as const);
    const maxRate = rate(c, o, p);
    if (number !== undefined && numbers.has(number)) c.error(`${p}/number`, `subscriber number ${number} is already used`);
    if (number !== undefined) numbers.add(number);
    if (number !== undefined && behaviour !== undefined) out.push({ number, behaviour, maxRate });
  });
  return out;
}

/** Reads and checks a profile file. */
export function loadProfile(file: string): BoardProfile {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new ProfileError([`${file}: error: cannot read: ${(e as Error).message}`]);
  }
  return validateProfile(text, file);
}
