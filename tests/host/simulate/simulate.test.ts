import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { compileOrThrow, runSimulation } from "../../../host/simulate/run-simulation.ts";
import { DEMO_SCENARIO, demoConfigText } from "../../../host/simulate/demo.ts";
import { readScenario } from "../../../host/scenario/scenario.ts";
import { dialbackSync } from "../../support/cli.ts";

async function demo(seed = 1) {
  const lines: string[] = [];
  const { rows } = await runSimulation(compileOrThrow(demoConfigText(), "demo.cfg"), DEMO_SCENARIO, { seed, print: (l) => lines.push(l) });
  return { rows, lines };
}

test("demo_calls_back_every_caller_with_the_right_number_and_line", async () => {
  const { rows, lines } = await demo();
  assert.deepEqual(
    rows.map((r) => [r.user, r.method, r.dialled, r.lineIn, r.result]),
    [
      ["Ted", "rfc1570", "1234567", 7, "ok"],
      ["wanda", "cbcp", "5553030", 8, "ok"],
      ["otto", "initiate", "5552020", 9, "ok"],
      ["milarepa", "exec", "5554040", 4, "ok"],
      ["excalibur", "arap", "123456", 4, "ok"],
      ["excalibur", "arap", "123456", 8, "ok"],
    ],
  );
  for (const r of rows.slice(0, 3)) assert.ok([7, 8, 9].includes(r.lineOut ?? 0), `${r.user} called back on rotary 77`);
  assert.equal(rows[3].lineOut, 4, "EXEC callback with an empty dial string comes back on the same line");
  for (const r of rows.slice(4)) assert.equal(r.lineOut, 7, "the ARA example: whatever line excalibur comes in on, line 7 calls back");
  for (const r of rows) assert.ok((r.callbackMs ?? 0) > 0);
  const text = lines.join("\n");
  for (const secret of ["Rhoda", "w4nda", "0tt0", "letmein", "guenivere"]) assert.ok(!text.includes(secret), `${secret} never appears in the narrative`);
  assert.match(text, /Callback process initiated, method exec, dialstring 5554040/);
});

test("the_same_seed_replays_the_same_story", async () => {
  const a = await demo(3);
  const b = await demo(3);
  assert.deepEqual(a.lines, b.lines);
});

test("faults_end_cleanly_with_the_reason_and_no_second_dial", async () => {
  const lines: string[] = [];
  const scenario = readScenario("tests/fixtures/scenario/faults.json");
  const { rows } = await runSimulation(compileOrThrow(demoConfigText(), "demo.cfg"), scenario, { seed: scenario.seed, print: (l) => lines.push(l) });
  assert.deepEqual(rows.map((r) => [r.user, r.result]), [["Ted", "busy"], ["wanda", "chat timeout"], ["otto", "carrier lost"]]);
  const dials = lines.filter((l) => l.includes("Callback dialling"));
  assert.equal(dials.length, 3, "each callback dialled once (IOS does not retry)");
});

test("npm_start_exits_0_and_its_table_has_every_user_called_back", () => {
  const r = spawnSync("npm", ["start", "--silent"], { encoding: "utf8", timeout: 240_000 });
  assert.equal(r.status, 0, r.stderr);
  const table = r.stdout.slice(r.stdout.lastIndexOf("user "));
  for (const user of ["Ted", "wanda", "otto", "milarepa", "excalibur", "excalibur@8"]) assert.match(table, new RegExp(`^${user}\\s.*\\sok$`, "m"));
  assert.match(r.stdout, /the reference chapter's PPP, EXEC and ARA callback examples/);
});

test("simulate_cli_prints_json_and_refuses_a_bad_scenario_with_its_path", () => {
  const cli = ["simulate", "--config", "tests/fixtures/config/ppp-client.cfg"];
  const bad = dialbackSync([...cli, "--scenario", "tests/fixtures/config/ppp-client.cfg"]);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /^tests\/fixtures\/config\/ppp-client\.cfg: not JSON/);
});

test("with_debug_one_grep_for_the_callback_id_shows_chat_and_ppp_negotiation_of_that_callback", async () => {
  const lines: string[] = [];
  const scenario = { seed: 1, callers: [DEMO_SCENARIO.callers[0]] };
  await runSimulation(compileOrThrow(demoConfigText(), "demo.cfg"), scenario, { seed: 1, debug: true, print: (l) => lines.push(l) });
  const story = lines.filter((l) => l.includes("[1]"));
  assert.ok(story.some((l) => /CHAT7: Sending string: ATDT 1234567/.test(l)), "the chat script's dial");
  assert.ok(story.some((l) => /As7 LCP: O CONFREQ/.test(l)), "LCP negotiation");
  assert.ok(story.some((l) => /As7 PAP: I AUTH-REQ/.test(l)), "authentication");
  assert.ok(story.some((l) => /Callback finished: ok/.test(l)), "the outcome");
});

// The loop ticks only at deadlines, so nothing runs during the wait: the callback's chat
// script must still time its expects from the moment it starts, not from the last tick.
test("callback_after_a_10_s_forced_wait_dials_and_connects", async () => {
  const cfg = `${demoConfigText()}callback forced-wait 10\n`;
  const lines: string[] = [];
  const { rows } = await runSimulation(compileOrThrow(cfg, "demo.cfg"), DEMO_SCENARIO, { seed: 1, print: (l) => lines.push(l) });
  const text = lines.join("\n");
  assert.match(text, /Callback forced wait = 10\.0 seconds/, text);
  assert.deepEqual(
    rows.map((r) => [r.user, r.result]),
    [["Ted", "ok"], ["wanda", "ok"], ["otto", "ok"], ["milarepa", "ok"], ["excalibur", "ok"], ["excalibur", "ok"]],
    text,
  );
});

test("json_has_one_row_per_caller_refused_callers_included_with_why", () => {
  const cli = ["simulate", "--config", "tests/fixtures/config/simulate-aaa.cfg"];
  const r = dialbackSync([...cli, "--scenario", "tests/fixtures/scenario/aaa.json", "--json"]);
  assert.equal(r.code, 0, r.stderr);
  const rows = JSON.parse(r.stdout) as { caller: string; result: string; dialled: string | null }[];
  assert.deepEqual(rows.map((x) => x.caller), ["ann", "bob", "cy", "dee", "eve", "fred", "gil"]);
  assert.deepEqual(rows.map((x) => x.result).slice(3), ["refused: AAA timeout", "refused: authentication failed", "refused at login", "refused: AAA timeout"]);
  assert.equal(rows[4].dialled, null, "nothing dialled for a refused caller");
  const table = dialbackSync([...cli, "--scenario", "tests/fixtures/scenario/aaa.json"]).stdout;
  assert.match(table, /^caller +method +number dialled +line in +line out +time to callback +result$/m);
  assert.match(table, /^eve +rfc1570 +- +8 +- +- +refused: authentication failed$/m);
});

test("callers_past_half_an_hour_are_simulated_and_unfinished_ones_are_an_error_naming_them", async () => {
  const late = { ...DEMO_SCENARIO.callers[0], startAt: 3 * 3600 };
  const { rows, unfinished } = await runSimulation(compileOrThrow(demoConfigText(), "demo.cfg"), { seed: 1, callers: [late] }, { seed: 1, print: () => {} });
  assert.deepEqual(unfinished, []);
  assert.deepEqual(rows.map((r) => [r.caller, r.result]), [["Ted", "ok"]], "a caller three hours in is not dropped");
  const cut = dialbackSync(["demo", "--json", "--cap-minutes", "0.05"]);
  assert.equal(cut.code, 1);
  assert.match(cut.stderr, /1 caller\(s\) not finished 0\.05 minutes of virtual time after the last one dialled \(--cap-minutes\): excalibur@8$/m);
  const cutRows = JSON.parse(cut.stdout) as { caller: string; result: string }[];
  assert.deepEqual(
    cutRows.map((x) => [x.caller, x.result]),
    [["Ted", "ok"], ["wanda", "ok"], ["otto", "ok"], ["milarepa", "ok"], ["excalibur", "ok"], ["excalibur@8", "unfinished"]],
  );
});
