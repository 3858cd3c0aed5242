import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { Core } from "../../../host/core/core.ts";
import { LineEvent, LineState, EventKind, Output } from "../../../host/core/abi.ts";
import { compileConfig } from "../../../host/config/compile.ts";
import { compileImage } from "../../../host/config/image.ts";
import { CallbackEvent, outcomeName } from "../../../host/trace/describe.ts";
import { Terminal } from "../../support/terminal.ts";
import { ScriptedModem, DialAnswer } from "../../support/scripted-modem.ts";

// The reference's EXEC example as printed, plus the chat script and line settings the
// chapter recommends (the example leaves them out).
const ADDED = `
chat-script dial ABORT ERROR ABORT BUSY ABORT "NO ANSWER" "" "ATZ" OK "ATDT \\T" TIMEOUT 30 CONNECT \\c
line 4
 modem InOut
 script callback dial
line 7
 modem InOut
 script callback dial
`;

async function execLine(
  extra = "",
  answers: DialAnswer[] = ["CONNECT"],
  edit: (cfg: string) => string = (cfg) => cfg,
): Promise<{ t: Terminal; modem: ScriptedModem }> {
  const text = edit(readFileSync("tests/fixtures/config/exec-callback.cfg", "utf8")) + ADDED + extra;
  const result = compileConfig(text, "exec-callback.cfg");
  assert.equal(result.diagnostics.filter((d) => d.severity === "error").length, 0, JSON.stringify(result.diagnostics));
  const core = await Core.load();
  core.init(compileImage(result.model));
  const t = new Terminal(core, 4);
  const modem = new ScriptedModem(t);
  modem.answers = answers;
  return { t, modem };
}

function callbackEvents(t: Terminal, kind: CallbackEvent) {
  return t.events.filter((e) => e.kind === kind);
}

function logIn(t: Terminal, password = "letmein"): void {
  t.carrier(true);
  t.wait(1000); // flush-at-activation
  t.type(`milarepa\r${password}\r`);
}

test("exec_callback_with_an_empty_dialstring_asks_for_the_number_and_calls_back_on_the_same_line", async () => {
  const { t, modem } = await execLine();
  logIn(t);
  assert.match(t.read(), /Username: milarepa\r\nPassword: \r\nCallback Dialstring: $/);
  t.type("5551234\r");
  assert.match(t.read(), /Callback initiated - line is disconnected\r\n$/);
  t.wait(50); // the notice leaves the transmit ring before DTR drops
  const drops = t.events.filter((e) => e.kind === EventKind.SignalsSet && e.args[0] === Output.RTS);
  assert.equal(drops.length, 1, "DTR dropped to end the incoming call");
  modem.hangUpAndAnswerCallback();
  assert.deepEqual(modem.dialled, ["5551234"]);
  assert.match(t.read(), /User Access Verification\r\n\r\nUsername: $/, "without nocallback-verify the user logs in again");
  t.type("milarepa\rletmein\r");
  assert.match(t.read(), /Router>$/);
  const finished = callbackEvents(t, CallbackEvent.Finished);
  assert.equal(finished.length, 1);
  assert.equal(outcomeName(finished[0].args[1]), "ok");
  const requested = callbackEvents(t, CallbackEvent.Requested)[0];
  assert.equal(Buffer.from(requested.data).toString(), "5551234");
  const dialling = callbackEvents(t, CallbackEvent.Dialling)[0];
  assert.equal(dialling.args[1], 4, "callback on the line the call came in on");
  assert.equal(dialling.args[0], requested.args[0], "one callback id through the story");
  assert.equal(t.events.some((e) => Buffer.from(e.data).toString().includes("letmein")), false, "no event carries the password");
});

test("an_empty_answer_cancels_the_callback_and_the_user_stays_at_the_exec", async () => {
  const { t } = await execLine();
  logIn(t);
  t.read();
  t.type("\r");
  assert.match(t.read(), /Router>$/);
  assert.equal(callbackEvents(t, CallbackEvent.Requested).length, 0);
});

test("a_busy_callback_ends_cleanly_without_a_second_dial", async () => {
  const { t, modem } = await execLine("", ["BUSY"]);
  logIn(t);
  t.type("5551234\r");
  t.carrier(false);
  t.wait(10);
  modem.service();
  t.wait(10);
  assert.deepEqual(modem.dialled, ["5551234"]);
  const finished = callbackEvents(t, CallbackEvent.Finished);
  assert.equal(outcomeName(finished[0].args[1]), "busy");
  t.wait(6000);
  const states = t.eventsOf(LineEvent.LineState).map((e) => e.args[0]);
  assert.equal(states.at(-1), LineState.Idle, "the line is idle again (hang-up waited for a carrier that never came)");
  modem.service();
  assert.equal(modem.dialled.length, 1, "nothing is dialled twice");
});

test("a_caller_who_holds_the_line_is_never_called", async () => {
  const { t, modem } = await execLine();
  logIn(t);
  t.type("5551234\r");
  t.wait(6000); // carrier stays up after the DTR drop
  modem.service();
  assert.equal(modem.dialled.length, 0);
  assert.equal(outcomeName(callbackEvents(t, CallbackEvent.Finished)[0].args[1]), "caller held line");
});

test("a_configured_dialstring_wins_and_nocallback_verify_goes_straight_to_the_prompt", async () => {
  const { t, modem } = await execLine("", ["CONNECT"], (cfg) =>
    cfg.replace(
      "username milarepa callback-dialstring ““ password letmein",
      "username milarepa callback-dialstring 5550000 nocallback-verify password letmein",
    ),
  );
  logIn(t);
  assert.match(t.read(), /Callback initiated - line is disconnected\r\n$/);
  modem.hangUpAndAnswerCallback();
  assert.deepEqual(modem.dialled, ["5550000"]);
  assert.match(t.read(), /Router>$/);
  assert.equal(outcomeName(callbackEvents(t, CallbackEvent.Finished)[0].args[1]), "ok");
});

test("show_callback_lists_the_finished_callback_with_its_outcome", async () => {
  const { t, modem } = await execLine("", ["CONNECT"], (cfg) =>
    cfg.replace(
      "username milarepa callback-dialstring ““ password letmein",
      "username milarepa callback-dialstring 5550000 nocallback-verify password letmein",
    ),
  );
  logIn(t);
  t.carrier(false);
  t.wait(10);
  modem.service();
  t.wait(1000);
  t.read();
  t.type("show callback\r");
  const shown = t.read();
  assert.match(shown, /Id User\s+Method\s+Number\s+In Out State\s+Result/);
  assert.match(shown, /\s1 milarepa\s+exec\s+5550000\s+4\s+4 finished\s+ok\s+\d+/);
});

test("callback_retry_dials_again_after_busy_and_says_why", async () => {
  const { t, modem } = await execLine("callback retry 1 5\n", ["BUSY", "CONNECT"]);
  logIn(t);
  t.type("5551234\r");
  t.carrier(false);
  t.wait(10);
  modem.service();
  t.wait(100);
  const retries = callbackEvents(t, CallbackEvent.Retry);
  assert.equal(retries.length, 1);
  assert.equal(outcomeName(retries[0].args[1]), "busy");
  // hang-up after the busy attempt, the 5 s gap, then the second attempt (modem answering as it goes)
  for (let ms = 0; ms < 12_000; ms += 100) {
    t.wait(100);
    modem.service();
  }
  assert.deepEqual(modem.dialled, ["5551234", "5551234"]);
  assert.equal(callbackEvents(t, CallbackEvent.Connected).length, 1, "the second attempt connected");
  assert.match(t.read(), /Username: $/, "and the user is asked to log in again");
});

test("a_number_outside_the_users_allowed_pattern_is_refused_and_never_dialled", async () => {
  const { t, modem } = await execLine("username milarepa callback-allowed-pattern 555....\n");
  logIn(t);
  t.read();
  t.type("09001234\r");
  assert.match(t.read(), /% Callback to that number is not allowed\r\n\r\nRouter>$/);
  assert.equal(callbackEvents(t, CallbackEvent.Refused).length, 1);
  t.wait(10_000);
  modem.service();
  assert.equal(modem.dialled.length, 0);
});

test("the_second_login_on_a_line_password_line_still_asks_for_the_user_called_back", async () => {
  // A line password names no user, so it cannot verify a callback: the leg asks for the user (IOS: EXEC callback needs a user name).
  const { t } = await execLine("line 7\n login\n password h0me\n", ["CONNECT"], (cfg) =>
    cfg.replace("username milarepa callback-dialstring ““ password letmein", "username milarepa callback-dialstring 5550000 callback-line 7 password letmein"),
  );
  const t7 = new Terminal(t.core, 7, t.clock);
  const modem7 = new ScriptedModem(t7);
  logIn(t);
  assert.match(t.read(), /Callback initiated - line is disconnected\r\n$/);
  t.carrier(false);
  t.wait(10);
  modem7.service();
  t7.wait(1000);
  modem7.service();
  t7.wait(1000); // the called-back line is activated like any call: its first second is flushed
  assert.deepEqual(modem7.dialled, ["5550000"]);
  assert.match(t7.read(), /User Access Verification\r\n\r\nUsername: $/, "not the line's Password: prompt");
  t7.type("h0me\rh0me\r");
  assert.match(t7.read(), /% Login invalid/, "the line password is no user's");
  t7.type("milarepa\rletmein\r");
  assert.match(t7.read(), /Router>$/);
});
