// Loads the firmware module under V8 and wraps the board ABI: image in, bytes in and out,
// signals, ticks and events. One crossing of the JS/WASM boundary per buffer.

import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { ABI_VERSION, CoreExports, EventKind, EVENT_RECORD_BYTES, GLOBAL_LINE, ImageStatus, PoolId } from "./abi.ts";

export const RELEASE_MODULE = fileURLToPath(new URL("../../build/dialback.wasm", import.meta.url));

export interface CoreEvent {
  seq: number;
  line: number;
  kind: number;
  args: [number, number, number, number];
  /** A copy of the payload (the core reuses its memory on the next eventNext). */
  data: Uint8Array;
}

export class CoreError extends Error {
  constructor(
    message: string,
    /** The ImageStatus of a refused image, when that is the error. */
    readonly status: number | null = null,
  ) {
    super(message);
  }
}

/** What each refusal of an image means, in the words of the configuration. */
const IMAGE_REFUSALS: Partial<Record<number, string>> = {
  [ImageStatus.OutOfMemory]: "a fixed table of the core is full: local users, dial strings, secrets, lines or their buffers",
  [ImageStatus.BadValue]: "a setting the core cannot use: a user, rotary, callback line or interface that refers to no TTY line",
  [ImageStatus.TooManyLines]: "a TTY line number past the core's table, or more lines than this build serves (linesServed)",
  [ImageStatus.BadSection]: "a section of the image is malformed",
  [ImageStatus.MissingSection]: "a section the core needs is missing",
  [ImageStatus.BadChecksum]: "the image is damaged (checksum)",
  [ImageStatus.BadMagic]: "not a dialback image",
  [ImageStatus.BadVersion]: "an image for another version of the core",
  [ImageStatus.Truncated]: "the image is cut short or larger than the core takes",
};

/** `core refused the image: NAME (what it means)`. */
export function imageRefusal(status: number): string {
  const meaning = IMAGE_REFUSALS[status];
  return `core refused the image: ${ImageStatus[status] ?? status}${meaning ? ` (${meaning})` : ""}`;
}

/** One figure per pool (PoolId), as poolUsage or poolCapacity reports it. */
export interface PoolFigures {
  arenaBytes: number;
  events: number;
  chatRunners: number;
  callbackRecords: number;
  pppSessions: number;
  linesBusy: number;
  remoteUsers: number;
  addressLeases: number;
  arapSessions: number;
}

const POOL_FIELDS: [keyof PoolFigures, PoolId][] = [
  ["arenaBytes", PoolId.ArenaBytes],
  ["events", PoolId.Events],
  ["chatRunners", PoolId.ChatRunners],
  ["callbackRecords", PoolId.CallbackRecords],
  ["pppSessions", PoolId.PppSessions],
  ["linesBusy", PoolId.LinesBusy],
  ["remoteUsers", PoolId.RemoteUsers],
  ["addressLeases", PoolId.AddressLeases],
  ["arapSessions", PoolId.ArapSessions],
];

/** IOS `line con 0`: the core's console, always at the EXEC prompt. */
export const CONSOLE_LINE = 0;

export class Core {
  readonly exports: CoreExports;
  private bytes: Uint8Array;
  private view: DataView;

  private constructor(instance: WebAssembly.Instance) {
    this.exports = instance.exports as unknown as CoreExports;
    // Memory never grows, so one view serves for the whole life of the instance.
    this.bytes = new Uint8Array(this.exports.memory.buffer);
    this.view = new DataView(this.exports.memory.buffer);
    const version = this.exports.abiVersion();
    if (version !== ABI_VERSION) throw new CoreError(`core ABI ${version}, host speaks ${ABI_VERSION}`);
  }

  static async load(path: string = RELEASE_MODULE): Promise<Core> {
    let wasm: Buffer;
    try {
      wasm = readFileSync(path);
    } catch {
      throw new CoreError(`${path}: not found (run \`npm run build\` first)`);
    }
    const instance = await WebAssembly.instantiate(new WebAssembly.Module(new Uint8Array(wasm)), {});
    return new Core(instance);
  }

  /** Compiles the module once, for fromModule: a run with many cores pays for one compile. */
  static compile(path: string = RELEASE_MODULE): WebAssembly.Module {
    let wasm: Buffer;
    try {
      wasm = readFileSync(path);
    } catch {
      throw new CoreError(`${path}: not found (run \`npm run build\` first)`);
    }
    return new WebAssembly.Module(new Uint8Array(wasm));
  }

  /** A fresh core from a compiled module, at once (no await): its memory goes when it is dropped. */
  static fromModule(module: WebAssembly.Module): Core {
    return new Core(new WebAssembly.Instance(module, {}));
  }

  get memoryBytes(): number {
    return this.exports.memory.buffer.byteLength;
  }

  /** Writes the image into the core and initialises it; throws with the status name on refusal. */
  init(image: Uint8Array): void {
    const status = this.tryInit(image);
    if (status !== ImageStatus.Ok) throw new CoreError(imageRefusal(status), status);
  }

  tryInit(image: Uint8Array): number {
    const ptr = this.exports.imageBuffer(image.length);
    if (ptr === 0) return ImageStatus.OutOfMemory;
    this.bytes.set(image, ptr);
    return this.exports.init(ptr, image.length);
  }

  /** Offers received bytes; returns how many the core took (the caller keeps the rest). */
  rxPush(line: number, data: Uint8Array): number {
    const window = this.exports.rxBuffer(line);
    const size = this.exports.rxBufferSize(line);
    if (window === 0 || size === 0) return 0;
    let taken = 0;
    while (taken < data.length) {
      const n = Math.min(size, data.length - taken);
      this.bytes.set(data.subarray(taken, taken + n), window);
      const used = this.exports.rxPush(line, window, n);
      taken += used;
      if (used < n) break;
    }
    return taken;
  }

  /** Takes every byte waiting on the line's transmit ring. */
  txDrain(line: number): Uint8Array {
    const parts: Uint8Array[] = [];
    let total = 0;
    for (;;) {
      const n = this.exports.txPeek(line);
      if (n <= 0) break;
      const ptr = this.exports.txPtr(line);
      parts.push(this.bytes.slice(ptr, ptr + n));
      total += n;
      this.exports.txCommit(line, n);
    }
    if (parts.length === 1) return parts[0];
    const out = new Uint8Array(total);
    let at = 0;
    for (const p of parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }

  signals(line: number, mask: number): void {
    this.exports.lineSignals(line, mask);
  }

  /** Marks the line's modem control as faulty (LineFault; 0 clears): `show line N` shows it. */
  markFault(line: number, fault: number): void {
    this.exports.lineMarkFault(line, fault);
  }

  /** Runs timers; returns the next deadline in ms, or null for none. */
  tick(now: number): number | null {
    const next = this.exports.tick(now);
    return next < 0 ? null : next;
  }

  nextEvent(): CoreEvent | null {
    const kind = this.exports.eventNext();
    if (kind === EventKind.None) return null;
    const at = this.exports.eventPtr();
    const v = this.view;
    const dataPtr = v.getUint32(at + 24, true);
    const dataLen = v.getUint32(at + 28, true);
    return {
      seq: v.getUint32(at, true),
      line: v.getUint16(at + 4, true),
      kind: v.getUint16(at + 6, true),
      args: [v.getInt32(at + 8, true), v.getInt32(at + 12, true), v.getInt32(at + 16, true), v.getInt32(at + 20, true)],
      data: this.bytes.slice(dataPtr, dataPtr + dataLen),
    };
  }

  *drainEvents(): Generator<CoreEvent> {
    for (let e = this.nextEvent(); e; e = this.nextEvent()) yield e;
  }

  counter(line: number, id: number): number {
    return this.exports.counterGet(line, id) >>> 0;
  }

  globalCounter(id: number): number {
    return this.counter(GLOBAL_LINE, id);
  }

  /** Queues one unframed PPP frame (FF 03 protocol info) for sending. */
  frameSend(line: number, frame: Uint8Array): boolean {
    const ptr = this.exports.codecInPtr();
    this.bytes.set(frame, ptr);
    return this.exports.frameSend(line, ptr, frame.length) === 1;
  }

  /** Adds a local user (name and password as text); returns its index. */
  addUser(name: string, password: string, flags = 0): number {
    const ptr = this.exports.codecInPtr();
    const n = Buffer.from(name, "latin1");
    const p = Buffer.from(password, "latin1");
    this.bytes.set(n, ptr);
    this.bytes.set(p, ptr + n.length);
    const index = this.exports.directoryUserAdd(ptr, n.length, ptr + n.length, p.length, flags);
    this.bytes.fill(0, ptr + n.length, ptr + n.length + p.length);
    if (index < 0) throw new CoreError(`core refused user ${name}`);
    return index;
  }

  /** Runs one EXEC command on the console (line 0) at `now` and returns what it printed. */
  consoleCommand(command: string, now: number): string {
    this.txDrain(CONSOLE_LINE); // an earlier prompt
    this.tick(now);
    this.rxPush(CONSOLE_LINE, Buffer.from(`${command}\r`, "latin1"));
    this.tick(now);
    return Buffer.from(this.txDrain(CONSOLE_LINE)).toString("latin1");
  }

  setHostname(name: string): void {
    const ptr = this.exports.codecInPtr();
    const n = Buffer.from(name, "latin1");
    this.bytes.set(n, ptr);
    this.exports.hostnameSet(ptr, n.length);
  }

  /** What each pool has in use now: after every call has ended, the same as right after init. */
  poolUsage(): PoolFigures {
    return this.poolFigures((id) => this.exports.poolUsage(id));
  }

  /** How large each pool is since init. */
  poolCapacity(): PoolFigures {
    return this.poolFigures((id) => this.exports.poolCapacity(id));
  }

  private poolFigures(read: (id: PoolId) => number): PoolFigures {
    const out = {} as PoolFigures;
    for (const [field, id] of POOL_FIELDS) out[field] = read(id);
    return out;
  }

  get eventRecordBytes(): number {
    return EVENT_RECORD_BYTES;
  }
}
