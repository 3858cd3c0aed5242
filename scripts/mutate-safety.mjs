// Breaks each callback safety rule once in the core and checks that its core spec and its
// end-to-end test notice: for every rule, one small source edit (string replacement; the
// anchor must be found exactly once), a rebuild, the named specs and tests run and expected
// to fail, the file restored (always, also on error or interrupt). Prints rule → killed or
// survived. Not part of `npm test`: `npm run mutants [-- --only TEXT] [-- --list]`.
//
// The rules and their edits are in scripts/mutants/rules.mjs.

import { readFileSync, writeFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { spawnSync } from "node:child_process";
import { RULES } from "./mutants/rules.mjs";

const args = process.argv.slice(2);
const only = args.includes("--only") ? args[args.indexOf("--only") + 1] : null;
const chosen = RULES.filter((r) => !only || r.rule.includes(only));
if (args.includes("--list")) {
  for (const r of RULES) console.log(`${r.rule}\n  specs: ${r.specs.join(", ")}\n  tests: ${r.tests.map(([f, n]) => `${f} /${n}/`).join(", ")}`);
  process.exit(0);
}
if (chosen.length === 0) {
  console.error(`no rule matches "${only}"`);
  process.exit(2);
}

// Every file an edit touches, as it is now: put back whatever happens.
const originals = new Map();
for (const r of chosen) for (const e of r.edits) if (!originals.has(e.file)) originals.set(e.file, readFileSync(e.file, "utf8"));
function restore() {
  for (const [file, text] of originals) if (readFileSync(file, "utf8") !== text) writeFileSync(file, text);
}
process.on("exit", restore);
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(signal, () => {
    restore();
    process.exit(130);
  });
}

// Anchors first, for every chosen rule: a missing or ambiguous one stops everything.
for (const r of chosen) {
  for (const e of r.edits) {
    const count = originals.get(e.file).split(e.find).length - 1;
    if (count !== 1) {
      console.error(`${r.rule}: the anchor is found ${count} times in ${e.file} (expected once):\n${e.find}`);
      process.exit(2);
    }
  }
}

const work = mkdtempSync(join(tmpdir(), "mutants-"));
process.on("exit", () => rmSync(work, { recursive: true, force: true }));

function run(command, argv) {
  const r = spawnSync(command, argv, { encoding: "utf8", maxBuffer: 64 << 20, env: { ...process.env, FORCE_COLOR: "0" } });
  return { status: r.status ?? 1, out: `${r.stdout}${r.stderr}`.replace(/\x1b\[[0-9;]*m/g, "") };
}

function build() {
  return run("npm", ["run", "-s", "build"]);
}

// as-pect runs every entry of its config: a config of its own names only these spec files.
function runSpecs(specs) {
  const config = join(work, "specs.config.js");
  writeFileSync(
    config,
    `export default { entries: ${JSON.stringify(specs)}, include: ["tests/core/support/**/*.include.ts"], disclude: [/node_modules/],\n` +
      "  async instantiate(memory, createImports, instantiate, binary) { return instantiate(binary, createImports({ env: { memory } })); },\n" +
      "  outputBinary: false };\n",
  );
  const r = run("npx", ["asp", "--config", relative(process.cwd(), config), "--summary", "--no-logo"]);
  const failed = [...r.out.matchAll(/❌ ([a-z0-9_]+)(?![/\w])/g)].map((m) => m[1]);
  const ran = /\[Tests\]:\s*(\d+)\s*\/\s*(\d+)/.exec(r.out);
  return { failed: r.status !== 0, names: failed, ran: ran ? Number(ran[2]) : 0, out: r.out };
}

function runTests(tests) {
  const files = [...new Set(tests.map(([f]) => f))];
  const pattern = tests.map(([, n]) => `(${n})`).join("|");
  const r = run(process.execPath, ["--import", "tsx", "--test", "--test-reporter=spec", `--test-name-pattern=${pattern}`, ...files]);
  // Tests that ran: passed or failed (the others were left out by the name pattern).
  const count = (what) => Number(new RegExp(`ℹ ${what} (\\d+)`).exec(r.out)?.[1] ?? 0);
  const failed = [...r.out.matchAll(/✖ ([a-z0-9_]+) \(/g)].map((m) => m[1]);
  return { failed: r.status !== 0, names: [...new Set(failed)], ran: count("pass") + count("fail"), out: r.out };
}

// Unchanged code first: a rule's specs and tests must pass (and run) before a failure means anything.
console.log("baseline: building and running every named spec and test on the unchanged core");
let b = build();
if (b.status !== 0) {
  console.error(b.out);
  process.exit(2);
}
const baseSpecs = runSpecs([...new Set(chosen.flatMap((r) => r.specs))]);
const baseTests = runTests(chosen.flatMap((r) => r.tests));
if (baseSpecs.failed || baseTests.failed || baseSpecs.ran === 0 || baseTests.ran === 0) {
  console.error("the unchanged core does not pass its own specs and tests:");
  console.error(baseSpecs.failed ? baseSpecs.out : baseTests.out);
  process.exit(2);
}

const rows = [];
try {
  for (const r of chosen) {
    for (const e of r.edits) writeFileSync(e.file, readFileSync(e.file, "utf8").replace(e.find, e.replace));
    process.stdout.write(`${r.rule}: `);
    b = build();
    if (b.status !== 0) {
      rows.push({ rule: r.rule, spec: "build failed", test: "build failed", detail: b.out.split("\n").slice(0, 5).join(" ") });
      console.log("the mutant does not build");
    } else {
      const s = runSpecs(r.specs);
      const t = runTests(r.tests);
      const verdict = (x) => (x.ran === 0 ? "nothing ran" : x.failed ? "killed" : "survived");
      rows.push({ rule: r.rule, spec: verdict(s), test: verdict(t), detail: [...s.names, ...t.names].join(", ") });
      console.log(`spec ${verdict(s)}, test ${verdict(t)}`);
    }
    restore();
  }
} finally {
  restore();
  build();
}

const width = Math.max(...rows.map((r) => r.rule.length));
console.log(`\n${"rule".padEnd(width)}  core spec  end-to-end test`);
console.log(`${"-".repeat(width)}  ---------  ---------------`);
for (const r of rows) console.log(`${r.rule.padEnd(width)}  ${r.spec.padEnd(9)}  ${r.test}`);
for (const r of rows) if (r.detail) console.log(`  ${r.rule}: ${r.detail}`);
process.exit(rows.every((r) => r.spec === "killed" && r.test === "killed") ? 0 : 1);
