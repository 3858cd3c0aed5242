// Memory sized to the board: `npm run build -- --lines N` gives the smallest fixed memory that
// serves N lines with the default buffers; the default build stays 63 lines. Targets: 4 lines
// in at most 8 pages (512 KiB), 8 lines in at most 10 (each line's ARA link borrows its MNP
// and ARAP buffers from the line's idle PPP session).

import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { Core } from "../../../host/core/core.ts";
import { EngineKind, ImageStatus } from "../../../host/core/abi.ts";
import { compileConfig } from "../../../host/config/compile.ts";
import { compileImage } from "../../../host/config/image.ts";
import { hdlcFrame } from "../../support/hdlc.ts";
import { transcript } from "../../../host/core/transcript.ts";
import { imageForLines } from "../../../host/image/writer.ts";
import { checkModule } from "../../../scripts/module-check.mjs";
import { sizedModule } from "../../support/gateway.ts";

const PAGE = 65536;

// The image that takes the most arena for `n` lines (as scripts/build-sized.mjs measures).
function worst(n: number): Uint8Array {
  const r = compileConfig(`callback limit 16 60\nline 1 ${n}\n modem InOut\n login local\n`, "sized.cfg");
  assert.ok(r.ok);
  return compileImage(r.model);
}

test("the default build serves 63 lines in its 60 pages", async () => {
  const core = await Core.load();
  assert.equal(core.exports.linesServed(), 63);
  assert.equal(core.memoryBytes, 60 * PAGE);
  assert.equal(core.tryInit(worst(63)), ImageStatus.Ok);
});

test("builds for 4 and 8 lines fit 8 and 10 pages, serve their lines and refuse one more with TooManyLines", async () => {
  for (const [lines, pages] of [[4, 8], [8, 10]]) {
    const path = await sizedModule(lines);
    const bytes = readFileSync(path);
    assert.deepEqual(checkModule(bytes), [], `${path}: no imports, fixed memory`);
    const core = await Core.load(path);
    assert.ok(core.memoryBytes <= pages * PAGE, `${path}: ${core.memoryBytes / PAGE} pages, target ${pages}`);
    assert.equal(core.exports.linesServed(), lines);
    const summary = JSON.parse(readFileSync(path.replace(/\.wasm$/, ".json"), "utf8"));
    assert.equal(summary.memoryBytes, core.memoryBytes);
    assert.equal(core.exports.memoryArenaCapacity(), summary.arenaBytes);
    // The smallest: one page less could not hold the arena the lines need and the static data.
    assert.ok(summary.arenaNeeded + summary.staticBytes > core.memoryBytes - PAGE, `${path} is not the smallest`);
    for (const hint of [EngineKind.Compiler, EngineKind.Interpreter]) {
      assert.equal(core.exports.engineHint(hint), 0);
      assert.equal(core.tryInit(worst(lines)), ImageStatus.Ok, `${path} takes ${lines} lines, hint ${hint}`);
      assert.equal(core.tryInit(worst(lines + 1)), ImageStatus.TooManyLines, `${path} refuses ${lines + 1} lines, hint ${hint}`);
    }
  }
});

test("the 4-line build has no room for the interpreter's tables and frames the same without them", async () => {
  const small = await Core.load(await sizedModule(4));
  const big = await Core.load();
  const image = imageForLines([1, 2, 3, 4]);
  const stream = Buffer.concat([hdlcFrame(Buffer.from("ff03c021010100140206000000000506c8035b3507020802", "hex")), hdlcFrame(Buffer.alloc(1400, 0x7e))]);
  const outputs: string[] = [];
  for (const core of [small, big]) {
    for (const hint of [EngineKind.Compiler, EngineKind.Interpreter]) {
      core.exports.engineHint(hint);
      outputs.push(transcript(core, image, stream, { line: 1, chunk: 61 }));
    }
  }
  assert.match(outputs[0], / framesGood=2 /);
  for (const o of outputs) assert.equal(o, outputs[0]);
  small.exports.engineHint(EngineKind.Compiler);
  small.init(image);
  const compiled = small.exports.memoryArenaUsed();
  small.exports.engineHint(EngineKind.Interpreter);
  small.init(image);
  assert.equal(small.exports.memoryArenaUsed(), compiled, "no table reserved in the 4-line build");
});
