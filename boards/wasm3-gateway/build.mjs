// Builds the wasm3 programs into build/wasm3-gateway/: dialback-wasm3 (the stream runner),
// dialback-gateway (the board host, gateway/*.c) and dialback-replay (the V8-record replayer).
// wasm3's source comes from $WASM3_SRC (default ../shared/vendor/wasm3 from the repository
// root); its objects are compiled once and reused until the source or the flags change.
// Prints the runner's path on stdout, or with an argument (gateway, replay) that program's.
// Compiler: $CC; without it clang when installed (its musttail gives wasm3 guaranteed
// tail-call dispatch, about a quarter faster here), else cc.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
const wasm3 = resolve(root, process.env.WASM3_SRC || "../shared/vendor/wasm3");
const onPath = (program) => spawnSync(program, ["--version"], { encoding: "utf8" }).status === 0;
const cc = process.env.CC || (onPath("clang") ? "clang" : "cc");
const out = join(root, "build/wasm3-gateway");
const programs = { runner: join(out, "dialback-wasm3"), gateway: join(out, "dialback-gateway"), replay: join(out, "dialback-replay") };
const wanted = process.argv[2] ?? "runner";
if (!(wanted in programs)) {
  console.error(`wasm3-gateway build: unknown program ${wanted} (runner, gateway, replay)`);
  process.exit(2);
}

// wasm3 as upstream builds its releases (CMakeLists.txt: -O3, no frame pointer, no stack
// protector); its own warnings are not ours to fix. The runner itself is plain -O2.
const wasm3Flags = ["-O3", "-fomit-frame-pointer", "-fno-stack-check", "-fno-stack-protector", "-w", "-I", join(wasm3, "source")];
const runnerFlags = ["-O2", "-std=gnu11", "-Wall", "-Wextra", "-Wshadow", "-I", join(wasm3, "source")];

function fail(message) {
  console.error(`wasm3-gateway build: ${message}`);
  process.exit(1);
}

function mtime(path) {
  return existsSync(path) ? statSync(path).mtimeMs : -1;
}

function compile(args) {
  const r = spawnSync(cc, args, { encoding: "utf8" });
  if (r.error) fail(`${cc}: ${r.error.message}`);
  if (r.stderr) process.stderr.write(r.stderr);
  if (r.status !== 0) fail(`${cc} ${args.map((a) => relative(root, a) || a).join(" ")} exited ${r.status}`);
}

const sourceDir = join(wasm3, "source");
if (!existsSync(join(sourceDir, "wasm3.h"))) {
  fail(`no wasm3 source at ${sourceDir} (set WASM3_SRC to a checkout of https://github.com/wasm3/wasm3, v0.9.0)`);
}
// The runner links no host functions, so wasm3's WASI/libc/tracer bindings stay out.
const sources = readdirSync(sourceDir).filter((f) => f.endsWith(".c") && !f.startsWith("m3_api_")).sort();

const objDir = join(out, "obj");
mkdirSync(objDir, { recursive: true });
const stampPath = join(objDir, "flags");
const stamp = JSON.stringify({ cc, wasm3, wasm3Flags });
const flagsChanged = !existsSync(stampPath) || readFileSync(stampPath, "utf8") !== stamp;
const headersTime = Math.max(...readdirSync(sourceDir).filter((f) => f.endsWith(".h")).map((f) => mtime(join(sourceDir, f))));

const objects = [];
for (const file of sources) {
  const src = join(sourceDir, file);
  const obj = join(objDir, file.replace(/\.c$/, ".o"));
  objects.push(obj);
  const objTime = mtime(obj);
  if (flagsChanged || objTime < mtime(src) || objTime < headersTime) compile([...wasm3Flags, "-c", src, "-o", obj]);
}
writeFileSync(stampPath, stamp);

// Each program: its C files, linked with wasm3's objects; rebuilt when any of them is newer.
const gatewayDir = join(here, "gateway");
const gatewaySources = readdirSync(gatewayDir).filter((f) => f.endsWith(".c")).sort().map((f) => join(gatewayDir, f));
const gatewayHeaders = readdirSync(gatewayDir).filter((f) => f.endsWith(".h")).map((f) => join(gatewayDir, f));
const sourcesOf = {
  runner: [join(here, "runner.c")],
  gateway: gatewaySources,
  replay: [join(here, "replay.c")],
};
for (const [name, srcs] of Object.entries(sourcesOf)) {
  const newest = Math.max(...srcs.map(mtime), ...gatewayHeaders.map(mtime), headersTime, ...objects.map(mtime), mtime(fileURLToPath(import.meta.url)));
  if (mtime(programs[name]) < newest) compile([...runnerFlags, "-I", gatewayDir, ...srcs, ...objects, "-lm", "-o", programs[name]]);
}
console.log(programs[wanted]);
