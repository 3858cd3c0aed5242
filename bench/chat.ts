// Chat matcher throughput: the core's Aho-Corasick DFA (chatBenchScan, under V8) against
// a C reference (bench/c/aho_ref.c, cc -O2, built in the same run) over the same
// modem-like text with five ABORT strings and one expect. Both scan a 64 KiB buffer
// repeated to 32 MiB as one stream; rows carry the median of several runs. Both engines
// must count the same matches, or the bench fails.

import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Core } from "../host/core/core.ts";

export interface Row {
  name: string;
  engine: "v8" | "c";
  mbPerS: number;
  /** This engine's speed over C's (C's own row is 1); null when no C compiler was found. */
  ratioToC: number | null;
}

const BUFFER_BYTES = 64 * 1024;
const REPEATS = 512; // 32 MiB per run
const RUNS = 9;
const C_SOURCE = fileURLToPath(new URL("./c/aho_ref.c", import.meta.url));

/** Deterministic modem dialogue: commands, echoes, result codes, banners, line noise. */
export function modemText(bytes: number, seed = 0x5eed): Uint8Array {
  const pieces = [
    "AT&F\r\r\nOK\r\n", "ATZ\r\r\nOK\r\n", "ATS0=1\r\r\nOK\r\n", "\r\nRING\r\n", "ATDT5551234\r",
    "\r\nUser Access Verification\r\n\r\nUsername: ", "\r\nPassword: ", "\r\nrouter>", "show line\r\n",
    " Tty Typ Tx/Rx A Modem Roty AccO AccI Uses Noise Overruns Int\r\n", "NO CARRIE", "NO DIAL", "BUS",
    "CONNEC", "ERRO", "\r\nCONNECT 33600/V42\r\n", "\r\nBUSY\r\n", "\r\nNO CARRIER\r\n",
  ];
  const rare = new Set([15, 16, 17]);
  const out = new Uint8Array(bytes);
  let state = seed >>> 0;
  const next = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state;
  };
  let at = 0;
  while (at < bytes) {
    const r = next();
    if (r % 5 === 0) {
      // Line noise: a short run of arbitrary bytes.
      const n = 1 + (next() % 24);
      for (let i = 0; i < n && at < bytes; i++) out[at++] = next() >>> 24;
      continue;
    }
    let k = next() % pieces.length;
    if (rare.has(k) && next() % 8 !== 0) k = next() % 15;
    const piece = pieces[k];
    for (let i = 0; i < piece.length && at < bytes; i++) out[at++] = piece.charCodeAt(i);
  }
  return out;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[s.length >> 1];
}

// The core under V8, its image buffer holding the text; one timed scan of REPEATS passes.
async function coreScanner(text: Uint8Array): Promise<() => { mbPerS: number; matches: number }> {
  const core = await Core.load();
  const ptr = core.exports.imageBuffer(text.length);
  if (ptr === 0) throw new Error("chat bench: the core's image buffer is smaller than the bench buffer");
  new Uint8Array(core.exports.memory.buffer).set(text, ptr);
  core.exports.chatBenchScan(ptr, text.length, 16); // warm-up, lets V8 tier up
  return () => {
    const start = performance.now();
    const matches = core.exports.chatBenchScan(ptr, text.length, REPEATS);
    const seconds = (performance.now() - start) / 1000;
    return { mbPerS: (text.length * REPEATS) / seconds / 1e6, matches };
  };
}

// The C reference built with cc -O2; null (skipped with a hint) when there is no compiler.
function cScanner(dir: string, text: Uint8Array): (() => { mbPerS: number; matches: number }) | null {
  const exe = join(dir, "aho_ref");
  const cc = spawnSync("cc", ["-O2", "-o", exe, C_SOURCE], { encoding: "utf8", timeout: 60_000 });
  if (cc.error || cc.status !== 0) {
    if (process.env.CI === "true") throw new Error(`chat bench: cc failed (apt-get install gcc): ${cc.stderr ?? cc.error}`);
    console.warn("chat bench: no C compiler, C reference skipped (apt-get install gcc)");
    return null;
  }
  const input = join(dir, "text.bin");
  writeFileSync(input, text);
  return () => {
    const run = spawnSync(exe, [input, String(REPEATS), "1"], { encoding: "utf8", timeout: 120_000 });
    if (run.status !== 0) throw new Error(`chat bench: aho_ref failed: ${run.stderr}`);
    const result = JSON.parse(run.stdout) as { mbPerS: number[]; matches: number };
    return { mbPerS: result.mbPerS[0], matches: result.matches };
  };
}

/** Rows for `npm run bench`: chat.match under V8 and in C. */
export async function benchChat(): Promise<Row[]> {
  const text = modemText(BUFFER_BYTES);
  const dir = mkdtempSync(join(tmpdir(), "dialback-chat-bench-"));
  try {
    const core = await coreScanner(text);
    const c = cScanner(dir, text);
    // Runs alternate between the engines so that load from other work hits both alike.
    const v8Rates: number[] = [];
    const cRates: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const v8 = core();
      v8Rates.push(v8.mbPerS);
      if (!c) continue;
      const ref = c();
      if (ref.matches !== v8.matches) throw new Error(`chat bench: core found ${v8.matches} matches, C reference ${ref.matches}`);
      cRates.push(ref.mbPerS);
    }
    const v8 = median(v8Rates);
    if (!c) return [{ name: "chat.match", engine: "v8", mbPerS: round(v8), ratioToC: null }];
    const ref = median(cRates);
    return [
      { name: "chat.match", engine: "v8", mbPerS: round(v8), ratioToC: round(v8 / ref, 3) },
      { name: "chat.match", engine: "c", mbPerS: round(ref), ratioToC: 1 },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function round(x: number, places = 1): number {
  const f = 10 ** places;
  return Math.round(x * f) / f;
}

// Run directly: `npx tsx bench/chat.ts` prints the rows.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(JSON.stringify(await benchChat(), null, 2));
}
