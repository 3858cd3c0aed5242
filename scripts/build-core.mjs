// Builds the firmware module (release -O3 and debug) and checks what a board needs:
// no imports, fixed memory (initial = maximum), no memory.grow, MVP features only. Then writes
// the host's copies of the core's enums (scripts/core-enums.mjs) when the core changed them.
import asc from "assemblyscript/asc";
import { readFileSync } from "node:fs";
import { checkModule, checkModuleMvp } from "./module-check.mjs";
import { coreEnums } from "./core-enums.mjs";

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
