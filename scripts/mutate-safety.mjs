// Breaks each callback safety rule once in the core and checks that its core spec and its
// end-to-end test notice: for every rule, one small source edit (string replacement; the
// anchor must be found exactly once), a rebuild, the named specs and tests run and expected
// to fail, the file restored (always, also on error or interrupt). Prints rule → killed or
// survived. Not part of `npm test`: `npm run mutants [-- --only TEXT] [-- --list]`.
//
// A rule is one entry of RULES: its edits, the as-pect spec files that must fail
// (`specs`), and the host tests that must fail (`tests`: file and a test-name pattern).

import { readFileSync, writeFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { spawnSync } from "node:child_process";

const RULES = [
  {
    rule: "callback only after authentication (PPP: initiate, RFC 1570, CBCP)",
    edits: [
      {
        file: "assembly/protocol/authenticate.ts",
        find:
          "    if (verdict == AuthVerdict.Accept) authSucceed(s, AUTH_DIRECTION_PEER, PROTOCOL_PAP);\n" +
          "    else authFail(s, AUTH_DIRECTION_PEER, PROTOCOL_PAP);",
        replace: "    authSucceed(s, AUTH_DIRECTION_PEER, PROTOCOL_PAP);",
      },
    ],
    specs: ["tests/core/line/ppp-link.spec.ts"],
    tests: [["tests/host/callback/safety-rules.test.ts", "ppp_callback_initiate_never_calls_back_a_wrong_password"]],
  },
  {
    rule: "callback only after authentication (EXEC login)",
    edits: [
      {
        file: "assembly/users/directory.ts",
        find: "  return i >= 0 && directorySecretIs(i, password, passwordLen) ? i : -1;",
        replace: "  return i;",
      },
    ],
    specs: ["tests/core/line/callback-leg.spec.ts"],
    tests: [["tests/host/callback/safety-rules.test.ts", "exec_callback_never_calls_back_a_wrong_password"]],
  },
  {
    rule: "every leg authenticates: the PPP callback leg asks again",
    edits: [
      {
        file: "assembly/line/ppp-link.ts",
        find: "  if (callbackLeg && auth == 0) return -4;\n  store<u8>(options, <u8>auth);",
        replace: "  store<u8>(options, callbackLeg ? 0 : <u8>auth);",
      },
    ],
    specs: ["tests/core/line/ppp-link.spec.ts"],
    tests: [["tests/host/callback/leg-authentication.test.ts", "the_reported_configuration_asks_for_pap|without_the_users_password"]],
  },
  {
    rule: "every leg authenticates: no method, nothing dialled",
    edits: [
      {
        file: "assembly/callback/orchestrator.ts",
        find: "  if (pppLeg && callbackLegAuth(<u32>tty, r.lineIn) == 0) {",
        replace: "  if (false) {",
      },
    ],
    specs: ["tests/core/callback/orchestrator.spec.ts"],
    tests: [["tests/host/callback/leg-authentication.test.ts", "no_authentication_method_applies"]],
  },
  {
    rule: "only the user called back finishes the callback",
    edits: [{ file: "assembly/callback/orchestrator.ts", find: "  return user >= 0 && user == r.userIndex;", replace: "  return user >= 0;" }],
    specs: ["tests/core/callback/orchestrator.spec.ts", "tests/core/line/ppp-link.spec.ts"],
    tests: [["tests/host/callback/leg-authentication.test.ts", "different_valid_user_answering"]],
  },
  {
    rule: "the configured number wins over the caller's",
    edits: [{ file: "assembly/callback/orchestrator.ts", find: "  if (numberLen == 0) {", replace: "  if (numberLen == 0 || clientLen != 0) {" }],
    specs: ["tests/core/callback/orchestrator.spec.ts", "tests/core/line/ppp-link.spec.ts"],
    tests: [["tests/host/callback/safety-rules.test.ts", "rfc1570_operation_1_with_a_number"]],
  },
  {
    rule: "never dial while the caller holds the line",
    edits: [
      {
        file: "assembly/callback/orchestrator.ts",
        find: "  if (r != null) finish(r, CallbackOutcome.CallerHeldLine, now);",
        replace: "  if (r != null) callbackIncomingIdle(tty, now);",
      },
    ],
    specs: ["tests/core/callback/orchestrator.spec.ts"],
    tests: [["tests/host/callback/safety-rules.test.ts", "keeps_the_line_after_dtr_drops"]],
  },
  {
    rule: "never dial before the incoming call has ended",
    edits: [
      {
        file: "assembly/callback/orchestrator.ts",
        find: "    if (r.state != CallbackState.Waiting) continue;",
        replace: "    if (r.state != CallbackState.Waiting && r.state != CallbackState.HangingUp) continue;",
      },
    ],
    specs: ["tests/core/callback/orchestrator.spec.ts"],
    tests: [["tests/host/callback/safety-rules.test.ts", "keeps_the_line_after_dtr_drops"]],
  },
  {
    rule: "forced wait",
    edits: [{ file: "assembly/callback/orchestrator.ts", find: "  const wait = forced > r.waitMs ? forced : r.waitMs;", replace: "  const wait = r.waitMs;" }],
    specs: ["tests/core/callback/orchestrator.spec.ts"],
    tests: [["tests/host/callback/safety-rules.test.ts", "the_forced_wait_passes"]],
  },
  {
    rule: "callback-line choice",
    edits: [{ file: "assembly/callback/orchestrator.ts", find: "  if (first > 0) {", replace: "  if (first < 0) {" }],
    specs: ["tests/core/callback/orchestrator.spec.ts"],
    tests: [["tests/host/callback/safety-rules.test.ts", "callback_line_is_the_one_dialled_out_on"]],
  },
  {
    rule: "rotary choice (a call from outside the rotary)",
    edits: [{ file: "assembly/callback/orchestrator.ts", find: "  if (rotary > 0) {", replace: "  if (rotary < 0) {" }],
    specs: ["tests/core/callback/orchestrator.spec.ts"],
    tests: [["tests/host/callback/safety-rules.test.ts", "outside_the_rotary"]],
  },
  {
    rule: "FCS check",
    edits: [{ file: "assembly/wire/hdlc.ts", find: "  if (!good) {", replace: "  if (false) {" }],
    specs: ["tests/core/wire/hdlc.spec.ts"],
    tests: [["tests/host/callback/safety-rules.test.ts", "bad_fcs"]],
  },
  {
    rule: "capacity: a chat runner for every line",
    edits: [{ file: "assembly/abi/exports.ts", find: "  if (!chatPoolInit(<i32>count))", replace: "  if (!chatPoolInit(<i32>(count < 8 ? count : 8)))" }],
    specs: ["tests/core/callback/orchestrator.spec.ts"],
    tests: [["tests/host/callback/every-line.test.ts", "every_line_of_the_largest_image"]],
  },
  {
    rule: "capacity: callback records for every line",
    edits: [{ file: "assembly/callback/record.ts", find: "  return 2 * (lines > 0 ? lines : 0) + RECORDS_HISTORY;", replace: "  return 16;" }],
    specs: ["tests/core/callback/orchestrator.spec.ts"],
    tests: [["tests/host/callback/every-line.test.ts", "every_line_of_the_largest_image"]],
  },
  // The dial alphabet (numbers from callers and servers checked before a chat script sees
  // them) takes its entry here: { rule, edits: [{ file, find, replace }], specs, tests }.
];

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
