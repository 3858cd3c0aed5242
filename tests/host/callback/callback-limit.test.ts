import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { CallbackBench } from "../../support/callback-bench.ts";
import { CallbackEvent, outcomeName } from "../../../host/trace/describe.ts";
import { Auth, CallbackRequest } from "../../../host/core/ppp.ts";
import { compileConfig } from "../../../host/config/compile.ts";
import { showRunningConfig } from "../../../host/config/show.ts";

// `callback limit COUNT MINUTES` (a dialback extension against toll fraud): at most COUNT
// callbacks per user in any MINUTES window; beyond that the caller gets no callback at all.

const CONFIG =
  readFileSync("tests/fixtures/config/ppp-client.cfg", "utf8") +
  `
chat-script dial ABORT ERROR ABORT BUSY "" "ATZ" OK "ATDT \\T" TIMEOUT 30 CONNECT \\c
line 7 9
 script callback dial
callback limit 1 60
`;

const finished = (b: CallbackBench) => b.serverKinds(CallbackEvent.Finished);
const refused = (b: CallbackBench) => b.serverKinds(CallbackEvent.Refused);

test("a_user_over_the_limit_gets_no_callback_until_the_window_has_passed", async () => {
  const b = await CallbackBench.create(CONFIG, [7, 8, 9]);
  b.answerOptions = { auth: Auth.PAP, user: "Ted", secret: "Rhoda" };
  const dialIn = () => b.dialIn(7, { auth: Auth.PAP, user: "Ted", secret: "Rhoda", callback: CallbackRequest.RFC1570, callbackOperation: 0 });
  dialIn();
  assert.ok(b.runUntil(() => finished(b).length === 1, 120_000), "the first callback");
  assert.equal(outcomeName(finished(b)[0].args[1]), "ok");
  // Ted hangs up the called-back session and calls again ten minutes later.
  b.hangUp();
  b.runUntil(() => false, 10 * 60_000);
  dialIn();
  assert.ok(b.runUntil(() => refused(b).length === 1, 120_000), "the second is refused");
  assert.equal(outcomeName(refused(b)[0].args[0]), "rate limited");
  assert.deepEqual(b.dialled.map((d) => d.number), ["1234567"], "dialled once only");
  // An hour after the first callback the window has passed.
  b.hangUp();
  b.runUntil(() => false, 55 * 60_000);
  dialIn();
  assert.ok(b.runUntil(() => finished(b).length === 2, 120_000), "the third, after the window, is called back");
  assert.deepEqual(b.dialled.map((d) => d.number), ["1234567", "1234567"]);
});

test("callback_limit_reads_prints_back_and_checks_its_range", () => {
  const ok = compileConfig("callback limit 3 30\n", "l.cfg");
  assert.deepEqual(ok.model.callback.limit, { count: 3, minutes: 30 });
  assert.match(showRunningConfig(ok.model), /^callback limit 3 30$/m);
  assert.deepEqual(compileConfig("callback limit 3 30\nno callback limit\n", "l.cfg").model.callback.limit, null);
  for (const line of ["callback limit 0 30", "callback limit 17 30", "callback limit 3 1441"]) {
    const bad = compileConfig(`${line}\n`, "bad.cfg");
    assert.ok(bad.diagnostics.some((d) => d.severity === "error" && d.loc.line === 1 && d.loc.col > 1), line);
  }
});
