import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { Core } from "../../../host/core/core.ts";
import { EventKind, LineEvent, LineState } from "../../../host/core/abi.ts";
import { compileConfig } from "../../../host/config/compile.ts";
import { compileImage } from "../../../host/config/image.ts";
import { CallbackEvent } from "../../../host/trace/describe.ts";
import { Terminal } from "../../support/terminal.ts";
import { ScriptedModem } from "../../support/scripted-modem.ts";
import { AaaResponder, type AaaClient } from "../../../host/aaa/responder.ts";
import type { AaaAnswer, AaaRequest } from "../../../host/aaa/radius-client.ts";

// EXEC logins asked of an AAA server (aaa authentication login): the server's verdict
// and its callback attributes decide, a server that never answers is a refusal.

const CONFIG = readFileSync("tests/fixtures/config/exec-callback.cfg", "utf8") + `
chat-script dial ABORT ERROR ABORT BUSY "" "ATZ" OK "ATDT \\T" TIMEOUT 30 CONNECT \\c
line 4
 modem InOut
 script callback dial
`;

async function loginLine(answer: ((r: AaaRequest) => AaaAnswer) | null) {
  const result = compileConfig(CONFIG, "aaa-login.cfg");
  assert.equal(result.diagnostics.filter((d) => d.severity === "error").length, 0);
  const core = await Core.load();
  core.init(compileImage(result.model));
  core.exports.authLoginModeSet(2);
  const t = new Terminal(core, 4);
  const asked: AaaRequest[] = [];
  // A server that never answers keeps its promise pending.
  const client: AaaClient = { authenticate: (r) => (asked.push(r), answer ? Promise.resolve(answer(r)) : new Promise<AaaAnswer>(() => {})), close() {} };
  const responder = new AaaResponder(core, client, () => {});
  let seen = 0;
  // Hands new AuthRequest events to the responder and lets its answer reach the core.
  const serve = async () => {
    for (; seen < t.events.length; seen++) responder.handle(t.events[seen]);
    while (answer && responder.pending() > 0) await new Promise((r) => setImmediate(r));
    t.wait(0);
  };
  return { t, asked, serve };
}

test("a_login_the_server_accepts_gets_the_servers_callback_number", async () => {
  const { t, asked, serve } = await loginLine(() => ({
    verdict: "accept", replyMessage: null, callback: { dialstring: "5559876", noCallbackVerify: true, callbackLine: null, callbackRotary: null },
  }));
  const modem = new ScriptedModem(t);
  t.carrier(true);
  t.wait(1000);
  t.type("tenzing\rsummit\r");
  assert.equal(t.eventsOf(LineEvent.LineState).at(-1)?.args[0], LineState.LoginWait, "waiting for the server");
  t.type("typed while waiting\r");
  await serve();
  assert.deepEqual(
    asked.map((r) => [r.kind, r.line, r.user, (r.kind === "login" || r.kind === "pap") && Buffer.from(r.password).toString()]),
    [["login", 4, "tenzing", "summit"]],
  );
  assert.match(t.read(), /Password: \r\nCallback initiated - line is disconnected\r\n$/, "the typeahead was not taken as anything");
  t.wait(50);
  modem.hangUpAndAnswerCallback();
  assert.deepEqual(modem.dialled, ["5559876"], "the server's number (the config knows no tenzing)");
  assert.match(t.read(), /Router>$/, "nocallback-verify from the server: no second login");
  assert.equal(t.eventsOf(CallbackEvent.Finished).length, 1);
  const succeeded = t.eventsOf(LineEvent.LoginSucceeded)[0];
  assert.equal(Buffer.from(succeeded.data).toString(), "tenzing");
  const carrying = t.events.filter((e) => Buffer.from(e.data).toString().includes("summit")).map((e) => e.kind);
  assert.deepEqual(carrying, [EventKind.AuthRequest], "the password only goes to the host's AAA question");
});

test("a_login_the_server_rejects_is_invalid_and_the_prompt_comes_back", async () => {
  const { t, asked, serve } = await loginLine(() => ({ verdict: "reject", replyMessage: null }));
  t.carrier(true);
  t.wait(1000);
  t.type("milarepa\rletmein\r");
  await serve();
  assert.equal(asked.length, 1, "the local user is not asked about: the server decides");
  assert.match(t.read(), /% Login invalid\r\n\r\nUsername: $/);
  assert.equal(t.eventsOf(LineEvent.LoginFailed).length, 1);
});

test("a_server_that_never_answers_refuses_the_login_after_its_wait", async () => {
  const { t } = await loginLine(null);
  t.carrier(true);
  t.wait(1000);
  t.type("milarepa\rletmein\r");
  t.wait(59_000);
  assert.equal(t.eventsOf(LineEvent.AaaTimeout).length, 0);
  t.wait(1_500);
  assert.equal(t.eventsOf(LineEvent.AaaTimeout).length, 1);
  assert.match(t.read(), /% Login invalid\r\n\r\nUsername: $/);
  // A late answer finds no login waiting, nor does it decide the next one.
  const first = t.eventsOf(EventKind.AuthRequest)[0].args[2];
  assert.equal(t.core.exports.authResult(4, 1, first), 0);
  t.type("milarepa\rletmein\r");
  const second = t.eventsOf(EventKind.AuthRequest)[1].args[2];
  assert.notEqual(second, first);
  assert.equal(t.core.exports.authResult(4, 1, first), 0, "the first question's token does not answer the second");
  assert.equal(t.eventsOf(LineEvent.LoginSucceeded).length, 0);
});
