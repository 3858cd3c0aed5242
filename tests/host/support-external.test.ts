import { test } from "node:test";
import assert from "node:assert/strict";
import { hasProgram, installHint } from "../support/external.ts";

test("present_program_is_found_and_absent_one_is_not", () => {
  assert.equal(hasProgram("sh"), true);
  assert.equal(hasProgram("no-such-program-dialback"), false);
  assert.equal(installHint("tshark", "tshark"), "tshark is not installed: apt-get install tshark");
});
