// Every leg authenticates: the called-back PPP leg asks the same user to authenticate again,
// with the methods of its own interface or else those of the interface the call came in on;
// a callback no method can apply to is refused before anything is dialled, and `config
// check` says so first; a callback is ok only when the user it was for is on the leg.
import { test } from "node:test";
import assert from "node:assert/strict";
import { CallbackBench, CLIENT_LINE } from "../../support/callback-bench.ts";
import { Terminal } from "../../support/terminal.ts";
import { ScriptedModem } from "../../support/scripted-modem.ts";
import { Core } from "../../../host/core/core.ts";
import { CallbackEvent, outcomeName } from "../../../host/trace/describe.ts";
import { EventKind, LineEvent, LineState, Signal } from "../../../host/core/abi.ts";
import { Auth, CallbackRequest, PppRole, pppOpen } from "../../../host/core/ppp.ts";
import { compileConfig, formatDiagnostics } from "../../../host/config/compile.ts";
import { compileImage } from "../../../host/config/image.ts";
import { compileOrThrow, runSimulation } from "../../../host/simulate/run-simulation.ts";
import { parseScenario } from "../../../host/scenario/scenario.ts";

// The configuration of the report: Ted dials line 10 and is called back on TTY7, which has no
// `interface async 7`.
const ISSUE = `chat-script dial "" ATZ OK "ATDT \\T" TIMEOUT 30 CONNECT \\c
username Ted callback-dialstring 1234567 callback-rotary 77 password Rhoda
username Kim callback-dialstring 7654321 password K1m
interface async 10
 encapsulation ppp
 ppp callback accept
 ppp authentication pap
line 7
 rotary 77
 script callback dial
line 10
 autoselect ppp
 script callback dial
`;

// A login on line 4, then the EXEC's \`ppp\`: the interface takes callbacks but has no PPP
// authentication, and the rotary lines have no interface at all.
const NO_METHOD = `chat-script dial ABORT BUSY "" ATZ OK "ATDT \\T" TIMEOUT 30 CONNECT \\c
username Ted callback-dialstring 1234567 callback-rotary 77 password Rhoda
interface async 4
 encapsulation ppp
 ppp callback accept
line 4
 login local
line 7 9
 rotary 77
 script callback dial
`;

const TED = { auth: Auth.PAP, user: "Ted", secret: "Rhoda" };

function finished(b: CallbackBench) {
  return b.serverKinds(CallbackEvent.Finished);
}

test("the_reported_configuration_asks_for_pap_on_the_callback_leg_before_the_link_is_up", async () => {
  const scenario = parseScenario({ seed: 7, callers: [{ name: "Ted", method: "rfc1570", username: "Ted", password: "Rhoda", phone: "1234567", dials: 10 }] });
  const lines: string[] = [];
  const { rows } = await runSimulation(compileOrThrow(ISSUE, "issue.cfg"), scenario, { seed: 7, debug: true, print: (l) => lines.push(l) });
  assert.deepEqual(rows.map((r) => [r.lineIn, r.lineOut, r.result]), [[10, 7, "ok"]]);
  const leg = lines.filter((l) => / As7 (PPP: Phase|PAP:)/.test(l)).map((l) => l.replace(/^.* As7 /, ""));
  const authenticating = leg.indexOf("PPP: Phase is AUTHENTICATING");
  const up = leg.indexOf("PPP: Phase is UP");
  assert.ok(authenticating >= 0 && up > authenticating, leg.join("\n"));
  assert.deepEqual(leg.slice(authenticating + 1, up).map((l) => l.replace(/ id .*/, "")), ["PAP: I AUTH-REQ", "PAP: O AUTH-ACK"], "Ted's PAP checked on TTY7");
});

test("whoever_answers_the_callback_without_the_users_password_gets_no_link", async () => {
  const b = await CallbackBench.create(ISSUE, [7, 10]);
  b.answerOptions = {}; // answers, but authenticates as nobody
  b.dialIn(10, { ...TED, callback: CallbackRequest.RFC1570, callbackOperation: 0 });
  assert.ok(b.runUntil(() => finished(b).length > 0, 120_000));
  assert.notEqual(outcomeName(finished(b)[0].args[1]), "ok");
  assert.equal(b.serverEvents.filter((e) => e.kind === EventKind.IpcpUp && e.line === 7).length, 0, "no IPCP on TTY7");
});

test("a_different_valid_user_answering_the_callback_gets_no_link_and_it_ends_as_wrong_user", async () => {
  const b = await CallbackBench.create(ISSUE, [7, 10]);
  b.answerOptions = { auth: Auth.PAP, user: "Kim", secret: "K1m" };
  b.dialIn(10, { ...TED, callback: CallbackRequest.RFC1570, callbackOperation: 0 });
  assert.ok(b.runUntil(() => finished(b).length > 0, 120_000));
  assert.equal(outcomeName(finished(b)[0].args[1]), "wrong user");
  assert.equal(b.serverEvents.filter((e) => e.kind === EventKind.IpcpUp && e.line === 7).length, 0, "Kim gets no network on Ted's callback");
  b.runUntil(() => false, 10_000);
  const line7 = b.serverKinds(LineEvent.LineState).filter((e) => e.line === 7).at(-1);
  assert.equal(line7?.args[0], LineState.Idle, "the leg was hung up");
});

test("an_exec_callback_leg_refuses_another_valid_user_until_the_user_called_back_logs_in", async () => {
  const cfg = compileConfig(
    `service exec-callback\n${ISSUE.replace("line 10\n autoselect ppp\n", "line 4\n login local\nline 10\n autoselect ppp\n")}line 4\n script callback dial\n`,
    "exec.cfg",
  );
  const core = await Core.load();
  core.init(compileImage(cfg.model));
  const t = new Terminal(core, 4);
  const modem = new ScriptedModem(t);
  t.carrier(true);
  t.wait(1000);
  t.type("Kim\rK1m\r");
  assert.match(t.read(), /Callback initiated - line is disconnected\r\n$/);
  modem.hangUpAndAnswerCallback();
  assert.deepEqual(modem.dialled, ["7654321"]);
  t.read();
  t.type("Ted\rRhoda\r");
  assert.match(t.read(), /% Login invalid\r\n\r\nUsername: $/, "Ted may not take Kim's callback");
  assert.equal(t.events.filter((e) => e.kind === CallbackEvent.Finished).length, 0);
  t.type("Kim\rK1m\r");
  assert.match(t.read(), /Router>$/);
  const done = t.events.filter((e) => e.kind === CallbackEvent.Finished);
  assert.deepEqual(done.map((e) => outcomeName(e.args[1])), ["ok"]);
});

test("a_ppp_callback_no_authentication_method_applies_to_is_refused_before_dialling", async () => {
  const b = await CallbackBench.create(NO_METHOD, [4, 7, 8, 9]);
  b.connected = 4; // a caller at a terminal: log in, then start PPP from the EXEC
  b.server.signals(4, Signal.DCD | Signal.DSR | Signal.CTS);
  const state = () => b.serverKinds(LineEvent.LineState).filter((e) => e.line === 4).at(-1)?.args[0];
  assert.ok(b.runUntil(() => state() === LineState.Username, 5_000));
  b.server.rxPush(4, Buffer.from("Ted\r"));
  assert.ok(b.runUntil(() => state() === LineState.Password, 1_000));
  b.server.rxPush(4, Buffer.from("Rhoda\r"));
  assert.ok(b.runUntil(() => state() === LineState.Exec, 1_000));
  b.server.rxPush(4, Buffer.from("ppp\r"));
  assert.ok(b.runUntil(() => state() === LineState.Ppp, 1_000));
  assert.equal(pppOpen(b.client, CLIENT_LINE, PppRole.Client, { callback: CallbackRequest.RFC1570, callbackOperation: 0 }), 0);
  assert.ok(b.runUntil(() => finished(b).length > 0, 120_000));
  assert.equal(b.serverKinds(CallbackEvent.Requested).length, 1, "the logged-in user asked for a callback");
  assert.equal(outcomeName(finished(b)[0].args[1]), "no authentication");
  b.runUntil(() => false, 30_000);
  assert.deepEqual(b.dialled, [], "nothing is dialled");
});

test("config_check_warns_at_the_reference_to_a_callback_line_no_ppp_leg_can_authenticate_on", () => {
  const r = compileConfig(NO_METHOD, "no-method.cfg");
  const legs = formatDiagnostics(r).filter((d) => d.includes("cannot authenticate a PPP callback leg"));
  assert.equal(legs.length, 3, legs.join("\n"));
  assert.match(
    legs[0],
    new RegExp(
      '^no-method\\.cfg:2:58: warning: line 7 cannot authenticate a PPP callback leg \\(neither interface Async7 nor interface Async4, ' +
        'where the call comes in, has "ppp authentication pap\\|chap"\\)',
    ),
  );
  assert.ok(r.ok, "a warning, not an error");
  const issue = compileConfig(ISSUE, "issue.cfg");
  assert.deepEqual(formatDiagnostics(issue).filter((d) => d.includes("cannot authenticate")), [], "TTY7 borrows Async10's PAP: nothing to warn about");
});
