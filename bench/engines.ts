// One bench case on each engine: the core's codec exports under V8 (in this process), the
// same exports under wasm3 (boards/wasm3-gateway runner --bench) and the C reference
// (bench/c/hdlc_ref.c). Each returns one sample per repetition per operation.

import { spawnSync } from "node:child_process";
import type { Core } from "../host/core/core.ts";
import { payload, PAYLOAD_SEED } from "./payload.ts";

/** Payload per batch: whole frames filling the codec's 32 KiB input area. */
export const INPUT_BYTES = 32 * 1024;

export type Op = "encode" | "decode";

export interface BenchCase {
  frameBytes: number;
  accm: number;
  fcsBytes: 2 | 4;
  reps: number;
  /** Each repetition repeats the batch until at least this long has passed. */
  minMs: number;
}

export interface Sample {
  op: Op;
  /** Encoded length of one batch: every engine must agree. */
  wireBytes: number;
  /** 1e6 bytes per CPU second of input: payload for encode, wire bytes for decode. */
  mbPerS: number;
}

export const hex32 = (v: number): string => "0x" + (v >>> 0).toString(16).padStart(8, "0");

const batchBytes = (c: BenchCase): number => Math.floor(INPUT_BYTES / c.frameBytes) * c.frameBytes;

/** Reads the `bench op=... wire=N ... mbps=X` lines of the runner and the C reference. */
export function parseBenchLines(text: string, c: BenchCase, source: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split("\n")) {
    if (!line.startsWith("bench ")) continue;
    const f = Object.fromEntries(line.slice(6).split(" ").map((kv) => kv.split("=") as [string, string]));
    if (Number(f.frame) !== c.frameBytes || f.accm !== hex32(c.accm) || (f.op !== "encode" && f.op !== "decode")) {
      throw new Error(`${source}: unexpected line: ${line}`);
    }
    samples.push({ op: f.op, wireBytes: Number(f.wire), mbPerS: Number(f.mbps) });
  }
  if (samples.length !== 2 * c.reps) throw new Error(`${source}: ${samples.length} results for ${2 * c.reps} runs`);
  return samples;
}

/** Runs a native bench program (C reference or wasm3 runner) with the case's options. */
export function runNative(program: string, extraArgs: string[], c: BenchCase, source: string): Sample[] {
  const args = [
    ...extraArgs,
    "--frame", String(c.frameBytes),
    "--accm", (c.accm >>> 0).toString(16),
    "--fcs", String(c.fcsBytes),
    "--reps", String(c.reps),
    "--min-ms", String(c.minMs),
    "--seed", String(PAYLOAD_SEED),
  ];
  const r = spawnSync(program, args, { encoding: "utf8", timeout: 120_000 });
  if (r.error) throw new Error(`${source}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${source} exited ${r.status}: ${r.stderr.trim()}`);
  return parseBenchLines(r.stdout, c, source);
}

// CPU time of this process in ms, like the native programs' CLOCK_PROCESS_CPUTIME_ID.
function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** Times `fn` (one batch) until minMs of CPU time have passed; returns MB/s of `bytesPerCall`. */
function timed(fn: () => void, bytesPerCall: number, minMs: number): number {
  const start = cpuMs();
  let calls = 0;
  let elapsed = 0;
  do {
    fn();
    calls++;
    elapsed = cpuMs() - start;
  } while (elapsed < minMs);
  return (bytesPerCall * calls) / (elapsed / 1000) / 1e6;
}

/** The codec exports under V8, after a warm-up that lets the optimising tier take over. */
export function runV8(core: Core, c: BenchCase, warmupMs: number): Sample[] {
  const ex = core.exports;
  const total = batchBytes(c);
  const frames = total / c.frameBytes;
  new Uint8Array(ex.memory.buffer).set(payload(total), ex.codecInPtr());
  const wire = ex.codecEncode(total, c.frameBytes, c.accm | 0, c.fcsBytes);
  if (wire <= 0) throw new Error(`v8: codecEncode refused ${total} bytes of ${c.frameBytes}-byte frames`);
  const encode = (): void => {
    if (ex.codecEncode(total, c.frameBytes, c.accm | 0, c.fcsBytes) !== wire) throw new Error("v8: codecEncode length changed");
  };
  const decode = (): void => {
    ex.codecDecoderReset(c.accm | 0, c.fcsBytes);
    if (ex.codecDecode(wire) !== frames) throw new Error(`v8: codecDecode did not give back ${frames} frames`);
  };
  decode();
  timed(encode, total, warmupMs);
  timed(decode, wire, warmupMs);
  const samples: Sample[] = [];
  for (let rep = 0; rep < c.reps; rep++) {
    samples.push({ op: "encode", wireBytes: wire, mbPerS: timed(encode, total, c.minMs) });
    samples.push({ op: "decode", wireBytes: wire, mbPerS: timed(decode, wire, c.minMs) });
  }
  return samples;
}
