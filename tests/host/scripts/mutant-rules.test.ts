// The mutation script breaks each safety rule by replacing an anchor in the core's source.
// When the code moves on, an anchor can vanish and the rule would be skipped in silence:
// here every anchor is still found once, and every spec and test it names still exists.

import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { RULES } from "../../../scripts/mutants/rules.mjs";

test("every_mutation_anchor_is_found_once_and_its_specs_and_tests_exist", () => {
  assert.ok(RULES.length >= 10, "the safety rules are listed");
  for (const r of RULES) {
    for (const e of r.edits) {
      const text = readFileSync(e.file, "utf8");
      assert.equal(text.split(e.find).length - 1, 1, `${r.rule}: anchor in ${e.file}:\n${e.find}`);
      assert.notEqual(e.find, e.replace, `${r.rule}: the edit changes something`);
    }
    assert.ok(r.specs.length > 0 && r.tests.length > 0, `${r.rule}: a core spec and an end-to-end test`);
    for (const spec of r.specs) assert.ok(existsSync(spec), `${r.rule}: ${spec}`);
    for (const [file, pattern] of r.tests) {
      const names = [...readFileSync(file, "utf8").matchAll(/^test\("([^"]+)"/gm)].map((m) => m[1]);
      assert.ok(names.some((n) => new RegExp(pattern).test(n)), `${r.rule}: no test in ${file} matches /${pattern}/`);
    }
  }
});

test("the_dial_alphabet_is_among_the_rules", () => {
  // The list of safety rules, each with its entry.
  const names = RULES.map((r) => r.rule).join("\n");
  for (const rule of ["after authentication", "configured number", "holds the line", "forced wait", "callback-line", "rotary", "FCS", "dial alphabet"]) {
    assert.match(names, new RegExp(rule), rule);
  }
});
