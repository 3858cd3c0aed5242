import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseScenario, readScenario, ScenarioError } from "../../../host/scenario/scenario.ts";

const problems = (value: unknown): string[] => {
  try {
    parseScenario(value, "s.json");
  } catch (err) {
    if (err instanceof ScenarioError) return err.problems;
    throw err;
  }
  return [];
};

const caller = { method: "rfc1570", username: "u", password: "p", phone: "5550001", dials: 7 };

test("a_misspelt_method_field_or_fault_says_what_was_meant", () => {
  assert.deepEqual(problems({ callers: [{ ...caller, method: "rfc-1570" }] }), [
    's.json: callers[0].method: expected one of rfc1570, cbcp, answer-mode, exec, arap; did you mean "rfc1570"?',
  ]);
  const { method, ...rest } = caller;
  assert.deepEqual(problems({ callers: [{ ...rest, methd: method }] }), [
    "s.json: callers[0].methd: unknown field (expected one of name, method, username, password, phone, dials, answerNumber, startAt, faults); " +
      'did you mean "method"?',
    "s.json: callers[0].method: missing",
  ]);
  assert.deepEqual(problems({ sed: 3, callers: [{ ...caller, faults: ["no-answr"] }] }), [
    's.json: sed: unknown field (expected one of seed, callers, aaa, lines); did you mean "seed"?',
    's.json: callers[0].faults[0]: expected one of busy, no-answer, carrier-loss, noise, aaa-timeout, holds-line; did you mean "no-answer"?',
  ]);
  assert.deepEqual(problems({ callers: [caller], aaa: { acounts: [] } }), [
    's.json: aaa.acounts: unknown field (expected answerAfter, accounts, servers); did you mean "accounts"?',
  ]);
});

test("server_lines_are_checked_field_by_field_and_each_given_once", () => {
  assert.deepEqual(parseScenario({ callers: [caller], lines: [{ line: 4, ignoresDtr: true }] }).lines, [{ line: 4, ignoresDtr: true }]);
  assert.deepEqual(problems({ callers: [caller], lines: [{ line: 4, ignoreDtr: true }, { line: 64 }, { line: 5, ignoresDtr: "yes" }, 7] }), [
    's.json: lines[0].ignoreDtr: unknown field (expected line, ignoresDtr); did you mean "ignoresDtr"?',
    "s.json: lines[1].line: expected a TTY line number 1-63",
    "s.json: lines[2].ignoresDtr: expected true or false",
    "s.json: lines[3]: expected an object",
  ]);
  assert.deepEqual(problems({ callers: [caller], lines: [{ line: 4 }, { line: 4 }] }), ["s.json: lines[1].line: line 4 is given twice"]);
  assert.deepEqual(problems({ callers: [caller], lines: {} }), ["s.json: lines: expected an array of server lines"]);
});

test("a_json_syntax_error_is_named_at_its_line_and_column", () => {
  const dir = mkdtempSync(join(tmpdir(), "dialback-scenario-"));
  try {
    const cases: [string, string][] = [
      ['{"callers": [\n  {"method": "rfc1570"\n   "username": "u"}\n]}', ":3:4: not JSON: Expected ',' or '}' after property value"],
      ['{"callers": [\n', ":2:1: not JSON: Unexpected end of JSON input"],
    ];
    for (const [text, expected] of cases) {
      const file = join(dir, "s.json");
      writeFileSync(file, text);
      assert.throws(() => readScenario(file), (err: unknown) => err instanceof ScenarioError && err.problems[0] === file + expected);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
