// callback-allowed-pattern is checked by the compiler and matched by the core: a pattern the
// compiler accepts must mean in the core what it says (a pattern the core cannot run would
// refuse every callback in silence), and one it cannot run is a located error.

import { test } from "node:test";
import assert from "node:assert/strict";
import { compileConfig } from "../../../host/config/compile.ts";
import { compileOrThrow, runSimulation } from "../../../host/simulate/run-simulation.ts";
import { parseScenario } from "../../../host/scenario/scenario.ts";

const CHAT = 'chat-script dial ABORT ERROR ABORT BUSY "" "ATZ" OK "ATDT \\T" TIMEOUT 30 CONNECT \\c';

function errors(pattern: string): string[] {
  const r = compileConfig(`username u callback-dialstring "" callback-allowed-pattern ${pattern} password p\n`, "p.cfg");
  return r.diagnostics.filter((d) => d.severity === "error").map((d) => `${d.loc.col}: ${d.message}`);
}

test("operators_the_core_does_not_match_are_errors_at_their_column", () => {
  const at = (pattern: string) => errors(pattern).map((e) => Number(e.split(":")[0]));
  const col = 'username u callback-dialstring "" callback-allowed-pattern '.length + 1;
  assert.deepEqual(at("(555|556)1234"), [col], "a group");
  assert.deepEqual(at("555|556"), [col + 3], "an alternative");
  assert.deepEqual(at("555_"), [col + 3], "the IOS delimiter");
  assert.match(errors("(555|556)1234")[0], /groups are not matched in a callback-allowed-pattern/);
  assert.deepEqual(errors("5+".repeat(24)), [], "the longest pattern, 48 items in the core's 63");
  assert.deepEqual(errors("[(]555"), [], "a parenthesis inside a set is a character");
  assert.deepEqual(errors("\\(555"), [], "an escaped one too");
});

test("patterns_the_compiler_accepts_decide_in_the_core_as_they_read", async () => {
  // [pattern, number the caller gives, called back?]
  const cases: [string, string, boolean][] = [
    ["555....", "5551234", true],
    ["555....", "09001234", false],
    ["^555[0-9]+$", "5550", true],
    ["^555[0-9]+$", "555", false],
    ["0?555[^9].*", "05551", true],
    ["0?555[^9].*", "5559", false],
    ["9,?555.", "9,5551", true],
    ["[0-4]55", "355", true],
    ["[0-4]55", "555", false],
  ];
  const users = cases.map(([pattern], i) => `username u${i} callback-dialstring "" callback-allowed-pattern ${pattern} password p`);
  const lines = ["line 1 8", " login local", " modem InOut", " script callback dial"];
  const config = ["service exec-callback", CHAT, ...users, ...lines].join("\n") + "\n";
  for (const [pattern] of cases) assert.deepEqual(errors(pattern), [], pattern);
  const callers = cases.map(([, number], i) => ({
    name: `c${i}`, method: "exec", username: `u${i}`, password: "p", phone: `55590${i}`, dials: 1 + (i % 8), answerNumber: number, startAt: 120 * i,
  }));
  const { rows } = await runSimulation(compileOrThrow(config, "p.cfg"), parseScenario({ seed: 3, callers }, "p.json"), { seed: 3, print: () => {} });
  const got = rows.map((r) => r.result !== "refused: not allowed" && r.result !== "refused: bad number");
  assert.deepEqual(got, cases.map(([, , allowed]) => allowed), JSON.stringify(rows.map((r) => [r.caller, r.dialled, r.result])));
});
