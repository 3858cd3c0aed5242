import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { parseScenario, ScenarioError } from "../../../host/scenario/scenario.ts";

test("a_valid_scenario_reads_with_defaults", () => {
  const s = parseScenario({
    callers: [{ method: "exec", username: "milarepa", password: "x", phone: "5551234", dials: "5550100", answerNumber: "5559999" }],
  });
  assert.equal(s.seed, 1);
  assert.deepEqual(s.callers[0], {
    name: "milarepa", method: "exec", username: "milarepa", password: "x", phone: "5551234",
    dials: { number: "5550100" }, answerNumber: "5559999", startAt: 0, faults: [],
  });
});

test("every_problem_is_reported_with_its_path", () => {
  let error: ScenarioError | null = null;
  try {
    const caller = { method: "fax", username: "a", password: "b", phone: "12x", dials: 99, faults: ["busy", "fire"] };
    parseScenario({ seed: -1, extra: 1, callers: [caller] }, "s.json");
  } catch (err) {
    error = err as ScenarioError;
  }
  assert.ok(error instanceof ScenarioError);
  assert.deepEqual(error.problems, [
    "s.json: extra: unknown field (expected seed, callers, aaa)",
    "s.json: seed: expected a whole number ≥ 0",
    "s.json: callers[0].method: expected one of rfc1570, cbcp, answer-mode, exec, arap",
    "s.json: callers[0].phone: expected digits (and * # , +), at most 31",
    "s.json: callers[0].dials: expected the server's number (a string of digits) or a TTY line number 1-63",
    "s.json: callers[0].faults[1]: expected one of busy, no-answer, carrier-loss, noise, aaa-timeout",
  ]);
});

test("arbitrary_json_never_throws_anything_but_a_scenario_error", () => {
  fc.assert(
    fc.property(fc.jsonValue(), (value) => {
      try {
        parseScenario(value);
      } catch (err) {
        if (!(err instanceof ScenarioError)) throw err;
      }
    }),
    { numRuns: 500 },
  );
});
