// Records every board ABI call a Node run makes on every core (export, arguments, result) and
// every byte the host writes into a core's memory, with CRC-32 hashes of each core's whole
// memory now and then, so the run can be replayed under another engine
// (boards/wasm3-gateway/replay.c) and must come out the same. While recording, every core the
// process creates is wrapped: WebAssembly.Module/Instance/instantiate and the typed-array
// writes (Uint8Array set/fill) are patched, and restored by stop().
//
// Record format, one line each:
//   dialback-abi-record 1
//   core C                       a new instance, numbered from 0
//   w C ADDR HEX                 the host wrote these bytes at ADDR
//   c C EXPORT ARG... [= RESULT] a call; i32 in decimal, f64 as f + 16 hex digits of its bits
//   h C CRC32                    the CRC-32 of core C's whole memory at this point (8 hex digits)
//   t begin LABEL / t end LABEL  a stretch the replayer times (bench)

import { createWriteStream, readFileSync, writeFileSync, type WriteStream } from "node:fs";
import { crc32 } from "../../host/image/crc32.ts";

type ValueType = "i32" | "i64" | "f32" | "f64";
interface Signature {
  params: ValueType[];
  results: ValueType[];
}

export interface RecordOptions {
  /** Where the record goes. */
  path: string;
  /** Replaces every module the run loads (a sized build, say); the default release module otherwise. */
  module?: string;
  /** engineHint given to each core as it is made (recorded like any call); none when undefined. */
  hint?: number;
  /** A memory hash after this many calls on a core (and after every init, and at the end). */
  hashEvery?: number;
}

const VALUE_TYPES: Record<number, ValueType> = { 0x7f: "i32", 0x7e: "i64", 0x7d: "f32", 0x7c: "f64" };

function leb(bytes: Uint8Array, at: number): [number, number] {
  let value = 0;
  let shift = 0;
  let b: number;
  do {
    b = bytes[at++];
    value += (b & 0x7f) * 2 ** shift;
    shift += 7;
  } while (b & 0x80);
  return [value, at];
}

/** Export name → signature, read from the type, function and export sections (a module that imports nothing). */
export function exportSignatures(bytes: Uint8Array): Map<string, Signature> {
  const types: Signature[] = [];
  const functionTypes: number[] = [];
  const out = new Map<string, Signature>();
  let at = 8;
  while (at < bytes.length) {
    const id = bytes[at++];
    let size: number;
    [size, at] = leb(bytes, at);
    const end = at + size;
    let p = at;
    let count: number;
    if (id === 1) {
      [count, p] = leb(bytes, p);
      for (let i = 0; i < count; i++) {
        p++; // 0x60
        let n: number;
        [n, p] = leb(bytes, p);
        const params = Array.from(bytes.subarray(p, p + n), (t) => VALUE_TYPES[t]);
        p += n;
        [n, p] = leb(bytes, p);
        const results = Array.from(bytes.subarray(p, p + n), (t) => VALUE_TYPES[t]);
        p += n;
        types.push({ params, results });
      }
    } else if (id === 3) {
      [count, p] = leb(bytes, p);
      for (let i = 0; i < count; i++) {
        let t: number;
        [t, p] = leb(bytes, p);
        functionTypes.push(t);
      }
    } else if (id === 7) {
      [count, p] = leb(bytes, p);
      for (let i = 0; i < count; i++) {
        let n: number;
        [n, p] = leb(bytes, p);
        const name = Buffer.from(bytes.subarray(p, p + n)).toString("utf8");
        p += n;
        const kind = bytes[p++];
        let index: number;
        [index, p] = leb(bytes, p);
        if (kind === 0) out.set(name, types[functionTypes[index]]);
      }
    }
    at = end;
  }
  return out;
}

const f64Bits = new DataView(new ArrayBuffer(8));
/** An f64 as the record writes it: `f` and its 64 bits in hex, so the replay gets the very same value. */
export function f64Text(v: number): string {
  f64Bits.setFloat64(0, v);
  return `f${f64Bits.getUint32(0).toString(16).padStart(8, "0")}${f64Bits.getUint32(4).toString(16).padStart(8, "0")}`;
}

function valueText(type: ValueType, v: unknown): string {
  if (type === "f64" || type === "f32") return f64Text(Number(v));
  return String(Number(v) | 0);
}

interface Recorded {
  id: number;
  memory: WebAssembly.Memory;
  calls: number;
}

export class AbiRecorder {
  private readonly out: WriteStream;
  private readonly cores = new Map<ArrayBuffer, Recorded>();
  private readonly all: Recorded[] = [];
  private readonly restore: (() => void)[] = [];
  private readonly substitute: Uint8Array | null;
  private signatures: Map<string, Signature> | null = null;
  private readonly hashEvery: number;
  /** Calls recorded so far, over every core. */
  calls = 0;
  writes = 0;

  private constructor(private readonly options: RecordOptions) {
    this.out = createWriteStream(options.path);
    this.out.write("dialback-abi-record 1\n");
    this.substitute = options.module ? Uint8Array.from(readFileSync(options.module)) : null;
    this.hashEvery = options.hashEvery ?? 500;
  }

  /** Starts recording every core this process makes from now on. */
  static start(options: RecordOptions): AbiRecorder {
    const r = new AbiRecorder(options);
    r.patch();
    return r;
  }

  /** A timed stretch for the replayer's bench mode. */
  mark(what: "begin" | "end", label: string): void {
    this.out.write(`t ${what} ${label}\n`);
  }

  /** Hashes every core's memory once more, restores the patches and closes the record. */
  async stop(): Promise<void> {
    for (const core of this.all) this.hash(core);
    for (const undo of this.restore.splice(0).reverse()) undo();
    await new Promise<void>((resolve, reject) => this.out.end((err?: Error | null) => (err ? reject(err) : resolve())));
  }

  private hash(core: Recorded): void {
    this.out.write(`h ${core.id} ${crc32(new Uint8Array(core.memory.buffer)).toString(16).padStart(8, "0")}\n`);
  }

  private moduleBytes(bytes: BufferSource): BufferSource {
    const view = ArrayBuffer.isView(bytes) ? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) : new Uint8Array(bytes);
    const chosen = this.substitute ?? view;
    if (!this.signatures) this.signatures = exportSignatures(chosen);
    return chosen as Uint8Array<ArrayBuffer>;
  }

  private wrap(instance: WebAssembly.Instance): WebAssembly.Instance {
    const real = instance.exports as Record<string, unknown>;
    const memory = real.memory as WebAssembly.Memory;
    const core: Recorded = { id: this.all.length, memory, calls: 0 };
    this.all.push(core);
    this.cores.set(memory.buffer, core);
    this.out.write(`core ${core.id}\n`);
    const exports: Record<string, unknown> = { memory };
    for (const [name, value] of Object.entries(real)) {
      if (typeof value !== "function") continue;
      const signature = this.signatures?.get(name);
      if (!signature) throw new Error(`abi-recorder: no signature for export ${name}`);
      const fn = value as (...args: unknown[]) => unknown;
      exports[name] = (...args: unknown[]) => {
        const result = fn(...args);
        const argText = signature.params.map((t, i) => valueText(t, args[i] ?? 0)).join(" ");
        const resultText = signature.results.length ? ` = ${valueText(signature.results[0], result)}` : "";
        this.out.write(`c ${core.id} ${name}${argText ? ` ${argText}` : ""}${resultText}\n`);
        this.calls++;
        if (++core.calls % this.hashEvery === 0 || name === "init") this.hash(core);
        return result;
      };
    }
    const wrapped = { exports } as unknown as WebAssembly.Instance;
    if (this.options.hint !== undefined) (exports.engineHint as (k: number) => number)(this.options.hint);
    return wrapped;
  }

  private written(target: Uint8Array, start: number, length: number): void {
    const core = this.cores.get(target.buffer as ArrayBuffer);
    if (!core || length <= 0) return;
    const addr = target.byteOffset + start;
    const bytes = new Uint8Array(core.memory.buffer, addr, length);
    this.out.write(`w ${core.id} ${addr} ${Buffer.from(bytes).toString("hex")}\n`);
    this.writes++;
  }

  private patch(): void {
    const wasm = WebAssembly as unknown as Record<string, unknown>;
    const RealModule = WebAssembly.Module;
    const RealInstance = WebAssembly.Instance;
    const realInstantiate = WebAssembly.instantiate;
    const self = this;
    function Module(bytes: BufferSource): WebAssembly.Module {
      return new RealModule(self.moduleBytes(bytes));
    }
    Module.prototype = RealModule.prototype;
    Object.assign(Module, { exports: RealModule.exports, imports: RealModule.imports, customSections: RealModule.customSections });
    function Instance(module: WebAssembly.Module, imports?: WebAssembly.Imports): WebAssembly.Instance {
      return self.wrap(new RealInstance(module, imports));
    }
    Instance.prototype = RealInstance.prototype;
    const instantiate = async (source: BufferSource | WebAssembly.Module, imports?: WebAssembly.Imports) => {
      if (source instanceof RealModule) return self.wrap(new RealInstance(source, imports));
      const module = new RealModule(self.moduleBytes(source as BufferSource));
      return { module, instance: self.wrap(new RealInstance(module, imports)) };
    };
    wasm.Module = Module;
    wasm.Instance = Instance;
    wasm.instantiate = instantiate;
    this.restore.push(() => {
      wasm.Module = RealModule;
      wasm.Instance = RealInstance;
      wasm.instantiate = realInstantiate;
    });

    const proto = Uint8Array.prototype;
    const realSet = proto.set;
    const realFill = proto.fill;
    proto.set = function (this: Uint8Array, source: ArrayLike<number>, offset = 0): void {
      realSet.call(this, source, offset);
      self.written(this, offset, source.length);
    };
    proto.fill = function (this: Uint8Array, value: number, start = 0, end = this.length): Uint8Array {
      realFill.call(this, value, start, end);
      const from = start < 0 ? Math.max(this.length + start, 0) : Math.min(start, this.length);
      const to = end < 0 ? Math.max(this.length + end, 0) : Math.min(end, this.length);
      self.written(this, from, to - from);
      return this;
    };
    this.restore.push(() => {
      proto.set = realSet;
      proto.fill = realFill;
    });
  }
}

/** Changes the result of the `nth` call line (counting from 1) of a record: `= 0` becomes `= 1`, anything else `= 0`. */
export function tamper(path: string, nth: number): string {
  const lines = readFileSync(path, "utf8").split("\n");
  let seen = 0;
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i].startsWith("c ") || !lines[i].includes(" = ")) continue;
    if (++seen !== nth) continue;
    const [head, result] = lines[i].split(" = ");
    lines[i] = `${head} = ${result === "0" ? "1" : "0"}`;
    writeFileSync(path, lines.join("\n"));
    return lines[i];
  }
  throw new Error(`${path}: fewer than ${nth} calls with a result`);
}
