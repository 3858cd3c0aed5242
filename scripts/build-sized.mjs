// `npm run build -- --lines N [--tables]`: build/dialback-lN.wasm, the module with the smallest
// fixed memory that serves N lines with the default buffers. Run under tsx (it reads the
// configuration compiler). Steps: measure the arena N lines take in the default build; compile
// once with that arena and a probe of the static data's end; then compile with the memory
// rounded up to whole pages, the rest of the last page given to the arena too.
import asc from "assemblyscript/asc";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { compileConfig } from "../host/config/compile.ts";
import { compileImage } from "../host/config/image.ts";
import { checkModule, checkModuleMvp } from "./module-check.mjs";

const PAGE = 65536;
const MAX_LINES = 63;
const DEFAULT_MODULE = "build/dialback.wasm";

function fail(message) {
  console.error(`build: ${message}`);
  process.exit(1);
}

/**
 * The image that takes the most arena for `lines` lines: every pool sized from the lines, and
 * `callback limit` at its largest (the only setting that carves more).
 */
export function worstImage(lines) {
  const r = compileConfig(`callback limit 16 60\nline 1 ${lines}\n modem InOut\n login local\n`, `<${lines} lines>`);
  if (!r.ok) fail(`the sizing configuration for ${lines} lines does not compile`);
  return compileImage(r.model);
}

function instantiate(bytes) {
  return new WebAssembly.Instance(new WebAssembly.Module(bytes), {}).exports;
}

function initWith(exports, image) {
  const at = exports.imageBuffer(image.length);
  if (at === 0) return -3;
  new Uint8Array(exports.memory.buffer).set(image, at);
  return exports.init(at, image.length);
}

/** Arena bytes `lines` lines take: with the interpreter's tables when `tables`. */
function arenaNeed(lines, tables) {
  const exports = instantiate(readFileSync(DEFAULT_MODULE));
  exports.engineHint(tables ? 1 : 0);
  const status = initWith(exports, worstImage(lines));
  if (status !== 0) fail(`${DEFAULT_MODULE} refuses ${lines} lines (status ${status})`);
  return exports.memoryArenaUsed();
}

async function compile(extraEntries, uses, pages, outFile) {
  const textFile = `build/sizing/${outFile.split("/").pop().replace(/\.wasm$/, ".wat")}`;
  const args = ["assembly/index.ts", ...extraEntries, "--config", "asconfig.json", "--target", "release", "--outFile", outFile, "--textFile", textFile];
  for (const [name, value] of Object.entries(uses)) args.push("--use", `${name}=${value}`);
  args.push("--initialMemory", String(pages), "--maximumMemory", String(pages));
  const { error, stderr } = await asc.main(args);
  if (error) fail(`${outFile}: ${error.message}\n${stderr.toString()}`);
  return readFileSync(outFile);
}

/** Bytes of static data besides the arena: the same for every size, so probed once per run. */
async function staticBytes(tables) {
  const need = 1 << 20;
  mkdirSync("build/sizing", { recursive: true });
  const probe = "build/sizing/heap-probe.ts";
  writeFileSync(probe, "// Build-time probe: where static data ends.\nexport function sizingHeapBase(): usize {\n  return __heap_base;\n}\n");
  const uses = { DIALBACK_LINES: MAX_LINES, DIALBACK_ENGINE_TABLES: tables ? 1 : 0, DIALBACK_ARENA_BYTES: need };
  const probed = await compile([probe], uses, 1024, "build/sizing/probe.wasm");
  return (instantiate(probed).sizingHeapBase() >>> 0) - need;
}

export async function buildSized(lines, tables, staticSize) {
  if (!Number.isInteger(lines) || lines < 1 || lines > MAX_LINES) fail(`--lines wants a number in 1..${MAX_LINES}`);
  const need = arenaNeed(lines, tables);
  const heapBase = staticSize + need;
  const pages = Math.ceil(heapBase / PAGE);
  // The tail of the last page is free anyway: the arena takes it (16-byte steps, as memory.data aligns).
  const uses = { DIALBACK_LINES: lines, DIALBACK_ENGINE_TABLES: tables ? 1 : 0, DIALBACK_ARENA_BYTES: need + Math.floor((pages * PAGE - heapBase) / 16) * 16 };
  const out = `build/dialback-l${lines}.wasm`;
  // Compiled aside and renamed into place once checked: a reader never sees half a module.
  const staged = `build/sizing/dialback-l${lines}.wasm`;
  const bytes = await compile([], uses, pages, staged);
  const problems = [...checkModule(bytes), ...(await checkModuleMvp(bytes))];
  const exports = instantiate(bytes);
  if (exports.memory.buffer.byteLength !== pages * PAGE) problems.push(`memory is ${exports.memory.buffer.byteLength} bytes, not ${pages} pages`);
  if (exports.linesServed() !== lines) problems.push(`linesServed() is ${exports.linesServed()}, not ${lines}`);
  if (exports.memoryArenaCapacity() !== uses.DIALBACK_ARENA_BYTES) problems.push(`its arena is ${exports.memoryArenaCapacity()} bytes`);
  exports.engineHint(tables ? 1 : 0);
  const status = initWith(exports, worstImage(lines));
  if (status !== 0) problems.push(`refuses its own ${lines} lines (status ${status})`);
  if (lines < MAX_LINES && initWith(exports, worstImage(lines + 1)) !== -6) problems.push(`takes ${lines + 1} lines`);
  if (problems.length) fail(`${out}: ${problems.join("; ")}`);
  const summary = {
    module: out, lines, pages, memoryBytes: pages * PAGE, arenaBytes: uses.DIALBACK_ARENA_BYTES, arenaNeeded: need, staticBytes: staticSize,
    interpreterTables: tables,
  };
  writeFileSync(`build/dialback-l${lines}.json`, JSON.stringify(summary, null, 2) + "\n");
  renameSync(staged, out);
  console.log(
    `build: ${out}: ${lines} line${lines === 1 ? "" : "s"} in ${pages} pages (${pages * PAGE} bytes): arena ${uses.DIALBACK_ARENA_BYTES} bytes ` +
      `(${need} needed), static data ${staticSize} bytes, interpreter tables ${tables ? "on" : "off"}`,
  );
}

const args = process.argv.slice(2);
const tables = args.includes("--tables");
const sizes = args.filter((a) => a !== "--tables").map(Number);
if (sizes.length) {
  const staticSize = await staticBytes(tables);
  for (const n of sizes) await buildSized(n, tables, staticSize);
}
