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
    "s.json: extra: unknown field (expected one of seed, callers, aaa, lines)",
    "s.json: seed: expected a whole number from 0 to 4294967295",
    "s.json: callers[0].method: expected one of rfc1570, cbcp, answer-mode, exec, arap",
    "s.json: callers[0].phone: expected digits (and * #), at most 31",
    "s.json: callers[0].dials: expected the server's number (a string of digits) or a TTY line number 1-63",
    "s.json: callers[0].faults[1]: expected one of busy, no-answer, carrier-loss, noise, aaa-timeout, holds-line",
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

const caller = (over: Record<string, unknown>) => ({ method: "rfc1570", username: "u", password: "p", phone: "5550001", dials: 7, ...over });
const problemsOf = (callers: unknown[]): string[] => {
  try {
    parseScenario({ callers }, "s.json");
  } catch (err) {
    if (err instanceof ScenarioError) return err.problems;
    throw err;
  }
  return [];
};

test("two_users_with_one_phone_and_a_caller_on_a_server_line_number_are_named_before_the_run", () => {
  const other = { username: "w" };
  assert.deepEqual(problemsOf([caller({ phone: "5553030" }), caller({ phone: "5552020" }), caller({ phone: "5553030", ...other })]), [
    "s.json: callers[2].phone: 5553030 is already the phone of callers[0] (only calls of the same user share a phone)",
  ]);
  // One user's calls may share a phone (one call at a time).
  assert.deepEqual(problemsOf([caller({ phone: "5553030" }), caller({ phone: "5553030", startAt: 100 })]), []);
  assert.deepEqual(problemsOf([caller({ phone: "5551007" }), caller({ phone: "5551063" }), caller({ phone: "5551064" })]), [
    "s.json: callers[0].phone: 5551007 is the number of the server's line 7 (line N answers on 555 1000+N)",
    "s.json: callers[1].phone: 5551063 is the number of the server's line 63 (line N answers on 555 1000+N)",
  ]);
});

test("an_ara_caller_is_a_scenario_caller_like_the_others", () => {
  assert.deepEqual(problemsOf([caller({}), caller({ method: "arap", phone: "5550002" })]), []);
  assert.equal(parseScenario({ callers: [caller({ method: "arap" })] }).callers[0].method, "arap");
});

test("a_phone_the_telephone_network_cannot_number_is_refused_with_its_path", () => {
  for (const phone of ["555,1234", "+15551234", "", "1".repeat(32)]) {
    assert.deepEqual(problemsOf([caller({ phone })]), ["s.json: callers[0].phone: expected digits (and * #), at most 31"], phone);
  }
  assert.deepEqual(problemsOf([caller({ phone: "*70#5551234" })]), []);
});
