import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { compileOrThrow, runSimulation } from "../../../host/simulate/run-simulation.ts";
import { parseScenario, readScenario, ScenarioError } from "../../../host/scenario/scenario.ts";

// The simulator's AAA server: `aaa authentication ppp|login default group radius` and no
// `local`, so every check goes to the server, which knows the scenario's accounts only.
const CONFIG = readFileSync("tests/fixtures/config/simulate-aaa.cfg", "utf8");

async function run() {
  const lines: string[] = [];
  const scenario = readScenario("tests/fixtures/scenario/aaa.json");
  const result = await runSimulation(compileOrThrow(CONFIG, "simulate-aaa.cfg"), scenario, { seed: scenario.seed, print: (l) => lines.push(l) });
  return { ...result, text: lines.join("\n") };
}

test("the_simulated_aaa_server_decides_every_login_and_gives_the_callback_numbers_of_its_accounts", async () => {
  const r = await run();
  assert.deepEqual(r.unfinished, []);
  assert.deepEqual(
    r.rows.map((x) => [x.caller, x.method, x.dialled, x.result]),
    [
      ["ann", "rfc1570", "5550001", "ok"],
      ["bob", "cbcp", "5550002", "ok"],
      ["cy", "exec", "5550003", "ok"],
      ["dee", "rfc1570", null, "refused: AAA timeout"],
      ["eve", "rfc1570", null, "refused: authentication failed"],
      ["fred", "exec", null, "refused at login"],
      ["gil", "exec", null, "refused: AAA timeout"],
    ],
    r.text,
  );
  assert.match(r.text, /AAA: ann accepted/);
  assert.match(r.text, /AAA: the server does not answer for dee/);
  // cy's account says nocallback-verify: straight to the prompt on the callback, no second login.
  const cy = r.text.slice(r.text.indexOf("cy: CONNECT (the callback)"), r.text.indexOf("cy: hangs up"));
  assert.ok(!cy.includes("types the user name"), cy);
  for (const secret of ["annpw", "bobpw", "cypw", "deepw", "guess", "r4diusKey"]) assert.ok(!r.text.includes(secret), `${secret} stays out of the story`);
});

test("a_login_the_server_never_answers_is_refused_after_the_cores_60_s_wait", async () => {
  const r = await run();
  const gil = r.text.split("\n").filter((l) => l.includes("TTY4") && /no AAA answer for the login/.test(l));
  assert.equal(gil.length, 3, "three tries, each refused when the wait runs out");
  const stamps = gil.map((l) => Number(l.slice(4, 6)) * 60 + Number(l.slice(7, 13)));
  assert.deepEqual([stamps[1] - stamps[0], stamps[2] - stamps[1]], [60, 60]);
});

test("scenario_aaa_section_is_checked_with_paths", () => {
  const caller = { name: "a", method: "exec", username: "a", password: "p", phone: "5550001", dials: 4, faults: ["aaa-timeout"] };
  const ok = parseScenario({ callers: [caller], aaa: { answerAfter: 1.5, accounts: [{ username: "a", password: "p", callbackDialstring: "" }] } });
  assert.deepEqual(ok.aaa, {
    answerAfter: 1.5,
    accounts: [{ username: "a", password: "p", callbackDialstring: "", callbackRotary: null, callbackLine: null, noCallbackVerify: false }],
  });
  assert.deepEqual(ok.callers[0].faults, ["aaa-timeout"]);
  let error: unknown;
  try {
    parseScenario(
      {
        callers: [caller],
        aaa: { answerAfter: -1, accounts: [{ password: 3, callbackDialstring: "555-CALL", callbackRotary: 0, noCallbackVerify: "yes", realm: "x" }, 7] },
        extra: 1,
      },
      "s.json",
    );
  } catch (e) {
    error = e;
  }
  assert.ok(error instanceof ScenarioError);
  assert.deepEqual(error.problems, [
    "s.json: extra: unknown field (expected seed, callers, aaa)",
    "s.json: aaa.answerAfter: expected seconds from 0 to 3600",
    "s.json: aaa.accounts[0].realm: unknown field (expected one of username, password, callbackDialstring, callbackRotary, callbackLine, noCallbackVerify)",
    "s.json: aaa.accounts[0].username: missing",
    "s.json: aaa.accounts[0].password: expected a string of at most 255 characters",
    "s.json: aaa.accounts[0].callbackDialstring: expected digits (and * # , +), at most 31, or \"\" for the caller's number",
    "s.json: aaa.accounts[0].noCallbackVerify: expected true or false",
    "s.json: aaa.accounts[0].callbackRotary: expected a whole number 1-100",
    "s.json: aaa.accounts[1]: expected an object",
  ]);
});
