import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { compileOrThrow, runSimulation } from "../../../host/simulate/run-simulation.ts";
import { parseScenario, readScenario, ScenarioError } from "../../../host/scenario/scenario.ts";

// The simulator's AAA server: `aaa authentication ppp|login default group radius` and no
// `local`, so every check goes to the server, which knows the scenario's accounts only.
const CONFIG = readFileSync("tests/fixtures/config/simulate-aaa.cfg", "utf8");

async function run(config = CONFIG) {
  const lines: string[] = [];
  const scenario = readScenario("tests/fixtures/scenario/aaa.json");
  const result = await runSimulation(compileOrThrow(config, "simulate-aaa.cfg"), scenario, { seed: scenario.seed, print: (l) => lines.push(l) });
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

const stamp = (l: string) => Number(l.slice(4, 6)) * 60 + Number(l.slice(7, 13));

test("a_login_the_server_never_answers_is_refused_when_the_client_gives_up_after_its_retransmissions", async () => {
  // IOS defaults: 5 s a transmission, 3 retransmissions: the client says "no answer" after 20 s, each try.
  const r = await run();
  const gil = r.text.split("\n").filter((l) => /line 4: AAA: no answer for cy \(no valid answer from 1 RADIUS server/.test(l));
  assert.equal(gil.length, 3, "three tries, each refused when the client gives up");
  const stamps = gil.map(stamp);
  assert.deepEqual([stamps[1] - stamps[0], stamps[2] - stamps[1]], [20, 20]);
  assert.ok(!/no AAA answer for the login/.test(r.text), "the client's answer came before the core's own wait ran out");
});

test("a_client_slower_than_the_cores_60_s_wait_is_cut_short_by_it", async () => {
  const r = await run(CONFIG.replace("radius-server host 127.0.0.1 key r4diusKey", "radius-server host 127.0.0.1 key r4diusKey\nradius-server timeout 30"));
  const gil = r.text.split("\n").filter((l) => l.includes("TTY4") && /no AAA answer for the login/.test(l));
  assert.equal(gil.length, 3, "three tries, each refused when the core's wait runs out");
  const stamps = gil.map(stamp);
  assert.deepEqual([stamps[1] - stamps[0], stamps[2] - stamps[1]], [60, 60]);
  assert.match(r.text, /AAA: answer for cy came too late/, "the client's late error is not taken");
  assert.deepEqual(r.rows.find((x) => x.caller === "gil")?.result, "refused: AAA timeout");
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
    "s.json: extra: unknown field (expected one of seed, callers, aaa, lines)",
    "s.json: aaa.answerAfter: expected seconds from 0 to 3600",
    "s.json: aaa.accounts[0].realm: unknown field (expected one of username, password, callbackDialstring, callbackRotary, callbackLine, " +
      "noCallbackVerify, attributes, avPairs)",
    "s.json: aaa.accounts[0].username: missing",
    "s.json: aaa.accounts[0].password: expected a string of at most 255 characters",
    "s.json: aaa.accounts[0].callbackDialstring: expected digits (and * # , +), at most 31, or \"\" for the caller's number",
    "s.json: aaa.accounts[0].noCallbackVerify: expected true or false",
    "s.json: aaa.accounts[0].callbackRotary: expected a whole number 1-100",
    "s.json: aaa.accounts[1]: expected an object",
  ]);
});
