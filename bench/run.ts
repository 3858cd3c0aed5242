// npm run bench [-- --json]: RFC 1662 framing throughput of the release module under V8 and
// wasm3 next to a C -O2 byte-table reference compiled in the same run; medians of repeated
// runs and ratios to C. Writes bench/results/latest.json; --json prints that object alone.

import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Core } from "../host/core/core.ts";
import { benchChat } from "./chat.ts";
import { imageForLines } from "../host/image/writer.ts";
import { hasProgram, installHint } from "../tests/support/external.ts";
import { BenchCase, hex32, INPUT_BYTES, Op, runNative, runV8, Sample } from "./engines.ts";
import { PAYLOAD_SEED } from "./payload.ts";
import { LINE_BYTES_PER_S, wholePathV8, wholePathWasm3, type WholePathCase, type WholePathRow } from "./whole-path.ts";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const FRAME_SIZES = [64, 576, 1500];
const ACCMS = [0, 0xffffffff];
const ROUNDS = 7;
// The whole path: echo payloads of a ping and of a full-size datagram, about 7 and 11 MB of wire a run.
const PATH_CASES: WholePathCase[] = [
  { payloadBytes: 56, echoes: 400, batches: 100 },
  { payloadBytes: 1400, echoes: 40, batches: 100 },
];
const PATH_RUNS = 5;
// Lines of 115200 baud at full duplex one CPU core must carry (issue: whole-path bench).
const PATH_TARGETS = { v8: 1000, wasm3: 100 } as const;
const MIN_MS = 50;
const V8_WARMUP_MS = 150;

type Engine = "v8" | "wasm3" | "c";

interface Row {
  name: string;
  engine: Engine;
  frameBytes: number;
  accm: string;
  fcsBits: number;
  input: "payload" | "wire";
  mbPerS: number;
  ratioToC: number;
  target: number;
  meetsTarget: boolean;
  minMbPerS: number;
  maxMbPerS: number;
  runs: number;
  wireBytes: number;
}

// Ratios to the C reference the project aims for (issue [1], Bench).
function targetFor(engine: Engine, op: Op, accm: number): number {
  if (engine === "c") return 1;
  if (engine === "wasm3") return 0.15;
  if (op === "encode") return 1.5;
  return accm === 0 ? 1.2 : 1.0;
}

const log = (text: string): void => void process.stderr.write(text);

function fail(message: string): never {
  console.error(`bench: ${message}`);
  process.exit(1);
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

const round = (v: number, digits: number): number => Number(v.toFixed(digits));

function ccVersion(compiler = "cc"): string {
  const r = spawnSync(compiler, ["--version"], { encoding: "utf8" });
  return (r.stdout ?? "").split("\n")[0].trim();
}

// The compiler the runner build chose for wasm3 (boards/wasm3-gateway/build.mjs records it).
function wasm3Compiler(): string {
  try {
    const { cc } = JSON.parse(readFileSync(join(ROOT, "build/wasm3-gateway/obj/flags"), "utf8")) as { cc: string };
    return ccVersion(cc) || cc;
  } catch {
    return "unknown";
  }
}

function buildPrograms(): { reference: string; runner: string; image: string; replay: string } {
  if (!hasProgram("cc")) fail(`${installHint("cc", "gcc libc6-dev")} (the bench compiles its C reference)`);
  const out = join(ROOT, "build/bench");
  mkdirSync(out, { recursive: true });
  const reference = join(out, "hdlc_ref");
  const cc = spawnSync("cc", ["-O2", "-Wall", "-Wextra", join(ROOT, "bench/c/hdlc_ref.c"), "-o", reference], { encoding: "utf8" });
  if (cc.status !== 0) fail(`cc bench/c/hdlc_ref.c failed:\n${cc.stderr}`);
  const build = spawnSync(process.execPath, [join(ROOT, "boards/wasm3-gateway/build.mjs")], { encoding: "utf8", timeout: 300_000 });
  if (build.status !== 0) fail(`building the wasm3 runner failed:\n${build.stderr}`);
  // The runner tells the core it is an interpreter; that takes effect when it loads an image.
  const image = join(out, "image.bin");
  writeFileSync(image, imageForLines([1]));
  const replay = spawnSync(process.execPath, [join(ROOT, "boards/wasm3-gateway/build.mjs"), "replay"], { encoding: "utf8", timeout: 300_000 });
  if (replay.status !== 0) fail(`building the wasm3 replayer failed:\n${replay.stderr}`);
  return { reference, runner: build.stdout.trim().split("\n").pop()!, image, replay: replay.stdout.trim().split("\n").pop()! };
}

function summarise(engine: Engine, c: BenchCase, op: Op, samples: Sample[]): Omit<Row, "ratioToC" | "meetsTarget"> {
  const mine = samples.filter((s) => s.op === op);
  const rates = mine.map((s) => s.mbPerS);
  return {
    name: `hdlc.${op}`,
    engine,
    frameBytes: c.frameBytes,
    accm: hex32(c.accm),
    fcsBits: c.fcsBytes * 8,
    input: op === "encode" ? "payload" : "wire",
    mbPerS: round(median(rates), 1),
    target: targetFor(engine, op, c.accm),
    minMbPerS: round(Math.min(...rates), 1),
    maxMbPerS: round(Math.max(...rates), 1),
    runs: rates.length,
    wireBytes: mine[0].wireBytes,
  };
}

function table(rows: Row[], memoryBytes: number, path: WholePathRow[]): string {
  const lines = ["op      frame  accm        C MB/s   V8 MB/s  (×C)      wasm3 MB/s (×C)"];
  const key = (r: Row) => `${r.name} ${r.frameBytes} ${r.accm}`;
  const cell = (r: Row | undefined): string => {
    if (!r) return "-".padStart(8).padEnd(17);
    const ratio = `(${r.ratioToC.toFixed(2)}${r.meetsTarget ? "" : "!"})`;
    return `${r.mbPerS.toFixed(1).padStart(8)} ${ratio.padEnd(8)}`;
  };
  for (const c of rows.filter((r) => r.engine === "c" && r.name.startsWith("hdlc."))) {
    const v8 = rows.find((r) => r.engine === "v8" && key(r) === key(c));
    const w3 = rows.find((r) => r.engine === "wasm3" && key(r) === key(c));
    const op = c.name.slice(5).padEnd(7);
    lines.push(`${op} ${String(c.frameBytes).padStart(5)}  ${c.accm}  ${c.mbPerS.toFixed(1).padStart(7)}  ${cell(v8)}  ${cell(w3)}`);
  }
  for (const v8 of rows.filter((r) => r.name === "chat.match" && r.engine === "v8")) {
    const c = rows.find((r) => r.name === "chat.match" && r.engine === "c");
    lines.push(`chat matcher (ABORT strings + expect, modem text)  C ${c ? c.mbPerS.toFixed(1) : "-"}  V8 ${cell(v8)}`);
  }
  if (path.length) lines.push("", "whole path: IP echo through an open PPP session  engine  wire MB/s  115200-baud lines at full duplex");
  for (const p of path) {
    const mbps = (p.wireBytesIn + p.wireBytesOut) / p.cpuSeconds / 1e6;
    lines.push(
      `  ${String(p.payloadBytes).padStart(4)}-octet payloads (${p.echoes} echoes)`.padEnd(48) +
        `${p.engine.padEnd(6)}  ${mbps.toFixed(1).padStart(9)}  ${String(p.lines).padStart(6)}${p.meetsTarget ? "" : " !"} (target ${p.target})`,
    );
  }
  lines.push(
    "",
    `MB/s = 1e6 bytes of input per CPU second (encode: payload, decode: wire bytes), medians of ${ROUNDS} rounds;`,
    "×C = median of the per-round ratios to C; FCS-16.",
    "Targets (×C): V8 encode ≥ 1.50, V8 decode ≥ 1.20 (ACCM 0) and ≥ 1.00 (ACCM all ones), wasm3 ≥ 0.15,",
    "chat matcher ≥ 1.00 against a C Aho-Corasick DFA; ! = missed.",
    `Module memory: ${memoryBytes} bytes (${memoryBytes / 65536} pages).`,
    `Whole path: lines = (wire octets in + out) / CPU seconds / (2 × ${LINE_BYTES_PER_S}), medians of ${PATH_RUNS} runs; the V8 row`,
    "includes the Node host's own work (event decoding, echo replies), the wasm3 row replays the core's calls and the host's",
    "writes of the same run (dialback-replay --bench, every result checked). ! = below target.",
  );
  return lines.join("\n");
}

async function main(): Promise<void> {
  const json = process.argv.includes("--json");
  // --engines v8 or --engines wasm3 leaves the other out (C always runs: it is the yardstick).
  const only = process.argv.includes("--engines") ? process.argv[process.argv.indexOf("--engines") + 1] ?? "" : "v8,wasm3";
  const engines: Engine[] = ["c", ...(["v8", "wasm3"] as const).filter((e) => only.includes(e))];
  const { reference, runner, image, replay } = buildPrograms();
  const core = await Core.load();
  const rows: Row[] = [];
  for (const frameBytes of FRAME_SIZES) {
    for (const accm of ACCMS) {
      const c: BenchCase = { frameBytes, accm, fcsBytes: 2, reps: 1, minMs: MIN_MS };
      log(`bench: ${frameBytes}-byte frames, ACCM ${hex32(accm)} `);
      // Rounds of one run per engine, back to back, so each ratio compares runs made under
      // the same load on a shared machine.
      const results = new Map<Engine, Sample[]>(engines.map((e) => [e, []]));
      for (let round = 0; round < ROUNDS; round++) {
        for (const engine of engines) {
          const samples =
            engine === "c"
              ? runNative(reference, [], c, "C reference")
              : engine === "v8"
                ? runV8(core, c, round === 0 ? V8_WARMUP_MS : 0)
                : runNative(runner, ["--module", join(ROOT, "build/dialback.wasm"), "--bench", "--image", image], c, "wasm3 runner");
          results.get(engine)!.push(...samples);
        }
        log(".");
      }
      log("\n");
      for (const op of ["encode", "decode"] as const) {
        const summaries = engines.map((engine) => summarise(engine, c, op, results.get(engine)!));
        const wires = new Set(summaries.map((s) => s.wireBytes));
        if (wires.size !== 1) fail(`engines disagree on the encoded length (${[...wires].join(", ")}): the framings differ`);
        const cRates = results.get("c")!.filter((s) => s.op === op).map((s) => s.mbPerS);
        for (const s of summaries) {
          const rates = results.get(s.engine)!.filter((x) => x.op === op).map((x) => x.mbPerS);
          const ratioToC = round(median(rates.map((rate, i) => rate / cRates[i])), 3);
          rows.push({ ...s, ratioToC, meetsTarget: ratioToC >= s.target });
        }
      }
    }
  }
  log("bench: chat matcher ");
  const chatRows = await benchChat();
  log("\n");
  for (const r of chatRows) {
    const ratioToC = r.ratioToC ?? 0;
    rows.push({ ...r, frameBytes: 0, accm: "-", target: 1, ratioToC, meetsTarget: ratioToC >= 1 } as unknown as Row);
  }
  const path: WholePathRow[] = [];
  for (const c of PATH_CASES) {
    log(`bench: whole path, ${c.payloadBytes}-octet echo payloads `);
    if (engines.includes("v8")) path.push(wholePathV8(c, PATH_RUNS, PATH_TARGETS.v8));
    log(".");
    const record = join(ROOT, "build/bench", `whole-path-${c.payloadBytes}.rec`);
    if (engines.includes("wasm3")) path.push(await wholePathWasm3(c, PATH_RUNS, PATH_TARGETS.wasm3, replay, join(ROOT, "build/dialback.wasm"), record));
    log(".\n");
  }
  const report = {
    results: rows,
    wholePath: path,
    wholePathArithmetic:
      `lines = (wireBytesIn + wireBytesOut) / cpuSeconds / (2 × ${LINE_BYTES_PER_S}): one 115200-baud line, 8N1, carries 11520 octets ` +
      "a second each way; cpuSeconds is the server core's work only (the client core that sends the echo requests is not timed); " +
      "v8: the Node host's calls including its own JS; wasm3: the same calls and host writes replayed from a V8 record with the " +
      "interpreter hint; medians of the runs",
    memoryBytes: core.memoryBytes,
    unit: "MB/s = 1e6 bytes of input per CPU second of the measuring process; encode input = payload bytes, decode input = wire bytes",
    ratio:
      `ratioToC = median over ${ROUNDS} rounds of (engine MB/s / C MB/s in the same round); ` +
      "each round runs every engine once, back to back",
    batchBytes: INPUT_BYTES,
    payloadSeed: PAYLOAD_SEED,
    reference: "bench/c/hdlc_ref.c: per-octet 256-entry FCS table and escape table, cc -O2",
    date: new Date().toISOString(),
    node: process.version,
    wasm3: "0.9.0",
    wasm3Cc: wasm3Compiler(),
    cc: ccVersion(),
  };
  const text = JSON.stringify(report, null, 2) + "\n";
  mkdirSync(join(ROOT, "bench/results"), { recursive: true });
  writeFileSync(join(ROOT, "bench/results/latest.json"), text);
  process.stdout.write(json ? text : table(rows, core.memoryBytes, path) + "\n");
}

main().catch((err: unknown) => fail(err instanceof Error ? err.message : String(err)));
