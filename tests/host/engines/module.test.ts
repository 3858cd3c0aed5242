// What every board needs from the release module: no imports, fixed memory (initial =
// maximum, no memory.grow), WebAssembly MVP only. Checked with the build's own checker
// (scripts/module-check.mjs), and again with Debian wabt's command-line tools.
import { test, type TestContext } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import wabtInit from "wabt";
import { RELEASE_MODULE } from "../../../host/core/core.ts";
import { checkModule, checkModuleMvp } from "../../../scripts/module-check.mjs";
import { installHint } from "../../support/external.ts";

const PAGE = 65536;
// Every post-MVP feature this wabt can switch off.
const MVP_ONLY = [
  "--disable-mutable-globals",
  "--disable-saturating-float-to-int",
  "--disable-sign-extension",
  "--disable-simd",
  "--disable-multi-value",
  "--disable-bulk-memory",
  "--disable-reference-types",
];

const release = (): Uint8Array<ArrayBuffer> => new Uint8Array(readFileSync(RELEASE_MODULE));

async function wat(text: string): Promise<Uint8Array> {
  const wabt = await wabtInit();
  const module = wabt.parseWat("t.wat", text, { bulk_memory: true, sign_extension: true });
  const { buffer } = module.toBinary({});
  module.destroy();
  return buffer;
}

/** Memory limits from the memory section as wabt prints them. */
async function memoryLimits(bytes: Uint8Array): Promise<{ initial: number; maximum: number | null }> {
  const wabt = await wabtInit();
  const module = wabt.readWasm(bytes, {});
  const text = module.toText({});
  module.destroy();
  const m = /\(memory \(;0;\) (\d+)(?: (\d+))?\)/.exec(text);
  assert.ok(m, "the module has no memory of its own");
  return { initial: Number(m[1]), maximum: m[2] === undefined ? null : Number(m[2]) };
}

test("release_module_has_no_imports_fixed_memory_no_grow_and_mvp_features_only", async (t) => {
  const bytes = release();
  assert.deepEqual(checkModule(bytes), []);
  assert.deepEqual(await checkModuleMvp(bytes), []);
  assert.deepEqual(WebAssembly.Module.imports(new WebAssembly.Module(bytes)), []);
  const { initial, maximum } = await memoryLimits(bytes);
  assert.equal(maximum, initial);
  const { instance } = await WebAssembly.instantiate(bytes, {});
  const memory = instance.exports.memory as WebAssembly.Memory;
  assert.equal(memory.buffer.byteLength, initial * PAGE);
  assert.throws(() => memory.grow(1), RangeError);
  t.diagnostic(`release module: ${bytes.length}-byte file, memory ${initial} pages = ${initial * PAGE} bytes`);
});

test("the_checker_names_each_thing_a_board_cannot_run", async () => {
  const problems = async (text: string) => [...checkModule(await wat(text)), ...(await checkModuleMvp(await wat(text)))].join("; ");
  assert.equal(await problems(`(module (memory 1 1) (func (export "f")))`), "");
  assert.match(await problems(`(module (import "env" "abort" (func)) (memory 1 1))`), /imports env\.abort/);
  assert.match(await problems(`(module (memory 1 4))`), /memory 1\.\.4 is not fixed/);
  assert.match(await problems(`(module (memory 1))`), /memory 1\.\.undefined is not fixed/);
  assert.match(await problems(`(module (memory 1 1) (func (drop (memory.grow (i32.const 1)))))`), /1 memory\.grow/);
  const fill = `(module (memory 1 1) (func (memory.fill (i32.const 0) (i32.const 0) (i32.const 1))))`;
  assert.match(await problems(fill), /not a valid MVP module/);
  assert.match(await problems(`(module (memory 1 1) (func (drop (i32.extend8_s (i32.const 1)))))`), /not a valid MVP module/);
});

// Debian's wabt, not the npm copy that `npm run` puts first on PATH.
const SYSTEM_ENV = { ...process.env, PATH: (process.env.PATH ?? "").split(":").filter((p) => !p.includes("node_modules")).join(":") };

function systemTool(t: TestContext, program: string): boolean {
  const found = spawnSync("sh", ["-c", `command -v ${program}`], { env: SYSTEM_ENV, stdio: "ignore" }).status === 0;
  if (found) return true;
  const hint = installHint(program, "wabt");
  if (process.env.CI === "true") throw new Error(hint);
  t.skip(hint);
  return false;
}

const run = (program: string, args: string[]) =>
  spawnSync(program, args, { env: SYSTEM_ENV, encoding: "utf8", timeout: 60_000, maxBuffer: 256 * 1024 * 1024 });

test("debian_wabt_validates_the_release_module_as_mvp_and_sees_fixed_memory", async (t) => {
  if (!systemTool(t, "wasm-validate") || !systemTool(t, "wasm-objdump")) return;
  const valid = run("wasm-validate", [...MVP_ONLY, RELEASE_MODULE]);
  assert.equal(valid.status, 0, valid.stderr);
  const dir = mkdtempSync(join(tmpdir(), "dialback-module-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const bulk = join(dir, "bulk.wasm");
  writeFileSync(bulk, await wat(`(module (memory 1 1) (func (memory.fill (i32.const 0) (i32.const 0) (i32.const 1))))`));
  assert.notEqual(run("wasm-validate", [...MVP_ONLY, bulk]).status, 0, "wasm-validate accepted bulk memory: the flags do not work");

  const details = run("wasm-objdump", ["-x", RELEASE_MODULE]);
  assert.equal(details.status, 0, details.stderr);
  assert.doesNotMatch(details.stdout, /^Import\[/m);
  const memory = /memory\[0\] pages: initial=(\d+) max=(\d+)/.exec(details.stdout);
  assert.ok(memory, "wasm-objdump shows no memory limits");
  assert.equal(memory[1], memory[2]);
  assert.equal(Number(memory[1]), (await memoryLimits(release())).initial);
  const code = run("wasm-objdump", ["-d", RELEASE_MODULE]);
  assert.equal(code.status, 0, code.stderr);
  assert.doesNotMatch(code.stdout, /memory\.grow/);
  assert.match(code.stdout, /i32\.load/, "the disassembly is not what it seems");
});
