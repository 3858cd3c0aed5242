import { test } from "node:test";
import assert from "node:assert/strict";
import { isParseError, parseCommandLine } from "../../../host/sim/modem/at-parser.ts";

test("a typical init string parses into its commands in order", () => {
  const r = parseCommandLine("Z E0 V1 Q0 &C1 &D2 S0=2 S7?X4");
  assert.ok(!isParseError(r));
  assert.deepEqual(r, [
    { kind: "basic", letter: "Z", value: null },
    { kind: "basic", letter: "E", value: 0 },
    { kind: "basic", letter: "V", value: 1 },
    { kind: "basic", letter: "Q", value: 0 },
    { kind: "ampersand", letter: "C", value: 1 },
    { kind: "ampersand", letter: "D", value: 2 },
    { kind: "sSet", register: 0, value: 2 },
    { kind: "sQuery", register: 7 },
    { kind: "basic", letter: "X", value: 4 },
  ]);
});

test("dial strings keep digits, note tone or pulse and modifiers, and end the line", () => {
  assert.deepEqual(parseCommandLine("dt 555-1234"), [{ kind: "dial", number: "5551234", modifiers: "", returnToCommand: false, pulse: false }]);
  assert.deepEqual(parseCommandLine("DP9,,(212) 555 0100;"), [{ kind: "dial", number: "92125550100", modifiers: ",,", returnToCommand: true, pulse: true }]);
  assert.deepEqual(parseCommandLine("S180=0"), [{ kind: "sSet", register: 180, value: 0 }]);
  assert.deepEqual(parseCommandLine("S181=1"), [{ kind: "sSet", register: 181, value: 1 }]);
});

test("vendor and extended commands are accepted as no-ops", () => {
  const r = parseCommandLine("&F\\N3%C0+MS=V34;E1");
  assert.ok(!isParseError(r));
  assert.deepEqual(
    r.map((c) => c.kind),
    ["ampersand", "ignored", "ignored", "ignored", "basic"],
  );
});

test("malformed lines are one error with the offending position", () => {
  for (const [body, at] of [["S", 1], ["S7", 2], ["S7=256", 6], ["S300=1", 4], ["&", 1], ["&Z", 1], ["G", 0], ["E1J", 2], ["DT555X", 5]] as const) {
    const r = parseCommandLine(body);
    assert.ok(isParseError(r), `${body} should not parse`);
    assert.equal(r.at, at, `${body}: ${r.error}`);
  }
});
