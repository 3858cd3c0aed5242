// Builds the firmware module (release -O3 and debug) and checks what a board needs:
// no imports, fixed memory (initial = maximum), no memory.grow, MVP features only. Then writes
// the host's copies of the core's enums (scripts/core-enums.mjs) when the core changed them.
// `--lines N` (repeatable, or N,M) also builds build/dialback-lN.wasm, sized for N lines
// (scripts/build-sized.mjs); `--tables` keeps the interpreter's lookup tables in those builds.
import asc from "assemblyscript/asc";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { checkModule, checkModuleMvp } from "./module-check.mjs";
import { coreEnums } from "./core-enums.mjs";

const argv = process.argv.slice(2);
const sized = [];
let tables = false;
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === "--lines" && argv[i + 1] !== undefined) sized.push(...argv[++i].split(",").map((n) => n.trim()));
  else if (argv[i] === "--tables") tables = true;
  else {
    console.error(`build: unknown option ${argv[i]} (usage: npm run build [-- --lines N[,M...] [--tables]])`);
    process.exit(2);
  }
}
for (const n of sized) {
  if (!/^\d+$/.test(n) || Number(n) < 1 || Number(n) > 63) {
    console.error(`build: --lines ${n}: a number of lines in 1..63`);
    process.exit(2);
  }
}

for (const target of ["release", "debug"]) {
  const { error, stderr } = await asc.main(["assembly/index.ts", "--config", "asconfig.json", "--target", target]);
  if (error) {
    console.error(stderr.toString());
    console.error(`build: ${target} failed: ${error.message}`);
    process.exit(1);
  }
}
const release = readFileSync("build/dialback.wasm");
const problems = [...checkModule(release), ...(await checkModuleMvp(release))];
if (problems.length) {
  for (const p of problems) console.error(`build: build/dialback.wasm: ${p}`);
  process.exit(1);
}
const enums = coreEnums(".", false);
for (const p of enums.problems) console.error(`build: ${p}`);
if (enums.problems.length) process.exit(1);
for (const f of enums.stale) console.log(`build: wrote ${f} from the core's enums`);
if (sized.length) {
  // The sizing reads the configuration compiler (TypeScript): a child under tsx.
  const r = spawnSync(process.execPath, ["--import", "tsx", "scripts/build-sized.mjs", ...sized, ...(tables ? ["--tables"] : [])], { stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
