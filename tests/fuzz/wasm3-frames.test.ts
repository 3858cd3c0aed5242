// 100,000 fuzzed frames (with noise, storms and oversize runs between them) on a frame
// monitor line under the wasm3 interpreter, as the gateway board runs the core: no trap,
// and the same transcript as V8 frame for frame (FCS, escapes, aborts, counters).
//   FUZZ_WASM3_FRAMES=N changes the count.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Core, RELEASE_MODULE } from "../../host/core/core.ts";
import { transcript } from "../../host/core/transcript.ts";
import { imageForLines } from "../../host/image/writer.ts";
import { requireProgram } from "../support/external.ts";
import { ByteBuffer } from "../support/ppp-frames.ts";
import { Corpus, FrameGen, emptyContext } from "./frame-gen.ts";
import { Rng } from "./rng.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const FRAMES = Number(process.env.FUZZ_WASM3_FRAMES ?? 100_000);
const LINE = 3;
const CHUNK = 4096;

function fuzzStream(seed: number, frames: number): Uint8Array {
  const rng = new Rng(seed);
  const gen = new FrameGen(rng, new Corpus(), emptyContext());
  const out = new ByteBuffer(1 << 20);
  for (let n = 0; n < frames; ) {
    if (rng.chance(0.8)) {
      gen.frame(out);
      n++;
    } else {
      gen.noise(out);
    }
  }
  return out.view();
}

test(`wasm3_takes_${FRAMES}_fuzzed_frames_and_prints_what_v8_prints`, { timeout: 10 * 60_000 }, async (t) => {
  if (!requireProgram(t, "cc", "gcc")) return;
  const build = spawnSync(process.execPath, [join(ROOT, "boards/wasm3-gateway/build.mjs")], { cwd: ROOT, encoding: "utf8", timeout: 300_000 });
  assert.equal(build.status, 0, `building the wasm3 runner failed:\n${build.stderr}`);
  const runner = build.stdout.trim().split("\n").pop()!;
  const dir = mkdtempSync(join(tmpdir(), "dialback-fuzz-wasm3-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const image = imageForLines([1, LINE]);
  const stream = fuzzStream(1, FRAMES);
  writeFileSync(join(dir, "fuzz.image"), image);
  writeFileSync(join(dir, "fuzz.stream"), stream);
  const v8 = transcript(await Core.load(), image, stream, { line: LINE, chunk: CHUNK });
  // Every kind of damage the stream carries shows in the counters, so a stream that lost
  // its variety would fail here.
  for (const counter of ["framesGood", "badFcs", "runts", "oversize", "aborts", "deletedControls"]) {
    assert.match(v8, new RegExp(` ${counter}=[1-9]`), `the V8 run counts no ${counter}`);
  }
  const started = performance.now();
  const args = ["--module", RELEASE_MODULE, "--line", String(LINE), "--chunk", String(CHUNK), join(dir, "fuzz.image"), join(dir, "fuzz.stream")];
  const w = spawnSync(runner, args, { encoding: "utf8", timeout: 300_000, maxBuffer: 1 << 30 });
  const seconds = (performance.now() - started) / 1000;
  assert.equal(w.status, 0, `the wasm3 runner failed: ${w.stderr}`);
  t.diagnostic(`${FRAMES} frames, ${(stream.length / 1e6).toFixed(1)} MB under wasm3 in ${seconds.toFixed(1)} s`);
  if (w.stdout !== v8) {
    const a = w.stdout.split("\n");
    const b = v8.split("\n");
    const at = a.findIndex((l, i) => l !== b[i]);
    assert.fail(`wasm3 and V8 differ first at transcript line ${at + 1}:\n  wasm3 ${a[at]}\n  V8    ${b[at]}`);
  }
});
