import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { CallbackBench, runUntilAnswered } from "../../support/callback-bench.ts";
import { CallbackEvent, outcomeName, StoryTeller } from "../../../host/trace/describe.ts";
import { DialProblem, DialSource, GlobalCounter, GLOBAL_LINE, LineState, LineEvent } from "../../../host/core/abi.ts";
import { Auth, CallbackRequest, CbcpType } from "../../../host/core/ppp.ts";
import { AaaResponder, type AaaClient } from "../../../host/aaa/responder.ts";
import type { AaaAnswer, AaaRequest } from "../../../host/aaa/radius-client.ts";
import { Core } from "../../../host/core/core.ts";
import { compileConfig } from "../../../host/config/compile.ts";
import { compileImage } from "../../../host/config/image.ts";
import { Terminal } from "../../support/terminal.ts";
import { ScriptedModem } from "../../support/scripted-modem.ts";
import { runEventLine } from "../../../host/cli/commands/run.ts";

// The four measured injections: a number a caller or a server gives that carries modem
// commands (`\r` starts a new AT command line, `;` returns to command state, `&D0&W` stores
// "ignore DTR"). Each is refused before any chat script runs: the server's own modem never
// sees it, nothing is dialled, the refusal names the callback id and the source, and counts.

const PPP_CONFIG =
  readFileSync("tests/fixtures/config/ppp-client.cfg", "utf8").replace("callback-dialstring “1234567“", 'callback-dialstring ""') +
  `
chat-script dial ABORT ERROR ABORT BUSY "" "ATZ" OK "ATDT \\T" TIMEOUT 30 CONNECT \\c
line 7 9
 script callback dial
`;

const INJECTED = /\r(?!$)|;|&D0|&W|&F|S0=1/;

/** Everything the server sent to its own modems, as one string. */
function modemText(b: CallbackBench): string {
  return [...b.modemBytes.values()].join("");
}

function assertRefusedNothingDialled(b: CallbackBench, id: number, source: DialSource, given: string): void {
  const refused = b.serverKinds(CallbackEvent.NumberRefused);
  assert.equal(refused.length, 1, "one refusal");
  assert.deepEqual(refused[0].args.slice(0, 3), [id, source, DialProblem.NotDialable]);
  assert.equal(Buffer.from(refused[0].data).toString("latin1"), given, "the event carries the number as given");
  assert.equal(outcomeName(b.serverKinds(CallbackEvent.Refused)[0].args[0]), "bad number");
  assert.equal(b.serverKinds(CallbackEvent.Requested).length, 0, "no callback record");
  assert.deepEqual(b.dialled, [], "nothing dialled");
  assert.doesNotMatch(modemText(b), /ATD/, "no dial command reached a modem");
  assert.doesNotMatch(modemText(b), INJECTED, "none of the injected commands reached a modem");
  assert.equal(b.server.counter(GLOBAL_LINE, GlobalCounter.DialNumbersRefused), 1);
  const line7 = b.serverKinds(LineEvent.LineState).filter((e) => e.line === 7).at(-1);
  assert.equal(line7?.args[0], LineState.Idle, "the incoming call was ended");
}

test("a_cbcp_number_with_modem_commands_is_refused_and_never_reaches_the_modem", async () => {
  const b = await CallbackBench.create(PPP_CONFIG, [7, 8, 9]);
  const given = "5553030\rAT&D0&W\r";
  b.dialIn(7, { auth: Auth.PAP, user: "Ted", secret: "Rhoda", callback: CallbackRequest.CBCP, cbcpTypes: CbcpType.UserNumber, number: given });
  assert.ok(b.runUntil(() => b.serverKinds(CallbackEvent.Refused).length > 0, 60_000), "the callback was refused");
  b.runUntil(() => false, 30_000);
  const id = b.serverKinds(LineEvent.LineState).find((e) => e.line === 7)?.args[2] as number;
  assertRefusedNothingDialled(b, id, DialSource.Cbcp, given);
});

test("an_rfc1570_operation_1_number_with_modem_commands_is_refused", async () => {
  const b = await CallbackBench.create(PPP_CONFIG, [7, 8, 9]);
  const given = "\rAT&F&D0S0=1&W\r";
  b.dialIn(7, { auth: Auth.PAP, user: "Ted", secret: "Rhoda", callback: CallbackRequest.RFC1570, callbackOperation: 1, number: given });
  assert.ok(b.runUntil(() => b.serverKinds(CallbackEvent.Refused).length > 0, 60_000), "the callback was refused");
  b.runUntil(() => false, 30_000);
  const id = b.serverKinds(LineEvent.LineState).find((e) => e.line === 7)?.args[2] as number;
  assertRefusedNothingDialled(b, id, DialSource.Rfc1570, given);
});

class FakeAaa implements AaaClient {
  constructor(private readonly answer: (r: AaaRequest) => AaaAnswer) {}
  async authenticate(r: AaaRequest): Promise<AaaAnswer> {
    return this.answer(r);
  }
  close(): void {}
}

test("a_radius_callback_number_with_modem_commands_is_refused", async () => {
  // What a RADIUS reply with Callback-Number = "5551234\rATS0=1&W\r" gives the core.
  const given = "5551234\rATS0=1&W\r";
  const aaa = new FakeAaa(() => ({
    verdict: "accept", replyMessage: null, callback: { dialstring: given, noCallbackVerify: false, callbackLine: null, callbackRotary: 77 },
  }));
  const b = await CallbackBench.create(PPP_CONFIG, [7, 8, 9]);
  b.server.exports.authModeSet(2);
  const responder = new AaaResponder(b.server, aaa, () => {});
  b.onServerEvent = (e) => responder.handle(e);
  b.dialIn(7, { auth: Auth.PAP, user: "Ted", secret: "fromserver", callback: CallbackRequest.RFC1570, callbackOperation: 0 });
  const refused = () => b.serverKinds(CallbackEvent.Refused).length > 0;
  assert.ok(await runUntilAnswered(b, () => responder.pending(), refused, 60_000), "the callback was refused");
  await runUntilAnswered(b, () => responder.pending(), () => false, 30_000);
  const id = b.serverKinds(LineEvent.LineState).find((e) => e.line === 7)?.args[2] as number;
  assertRefusedNothingDialled(b, id, DialSource.Aaa, given);
});

test("a_number_typed_at_the_callback_dialstring_prompt_with_modem_commands_is_refused", async () => {
  const text =
    readFileSync("tests/fixtures/config/exec-callback.cfg", "utf8") +
    '\nchat-script dial ABORT ERROR "" "ATZ" OK "ATDT \\T" TIMEOUT 30 CONNECT \\c\nline 4\n modem InOut\n script callback dial\n';
  const result = compileConfig(text, "exec.cfg");
  assert.ok(result.ok, JSON.stringify(result.diagnostics));
  const core = await Core.load();
  core.init(compileImage(result.model));
  const t = new Terminal(core, 4);
  const modem = new ScriptedModem(t);
  t.carrier(true);
  t.wait(1000);
  t.type("milarepa\rletmein\r");
  assert.match(t.read(), /Callback Dialstring: $/);
  t.type("5551234;&D0&W\r");
  assert.match(t.read(), /% Invalid dial string\r\n\r\nRouter>$/, "told, and left at the EXEC");
  t.wait(10_000);
  modem.service();
  assert.deepEqual(modem.dialled, []);
  const refused = t.eventsOf(CallbackEvent.NumberRefused);
  assert.equal(refused.length, 1);
  assert.deepEqual(refused[0].args, [t.eventsOf(LineEvent.LineState).at(-1)?.args[2], DialSource.ExecPrompt, DialProblem.NotDialable, 7]);
  assert.equal(core.counter(GLOBAL_LINE, GlobalCounter.DialNumbersRefused), 1);
  assert.doesNotMatch(t.transcript.split("Callback Dialstring: 5551234;&D0&W\r\n")[1], /AT/, "the modem was never addressed");
});

test("a_number_with_separators_is_dialled_without_them", async () => {
  const b = await CallbackBench.create(PPP_CONFIG, [7, 8, 9]);
  b.answerOptions = { auth: Auth.PAP, user: "Ted", secret: "Rhoda" };
  b.dialIn(7, { auth: Auth.PAP, user: "Ted", secret: "Rhoda", callback: CallbackRequest.CBCP, cbcpTypes: CbcpType.UserNumber, number: "(555) 303-0" });
  assert.ok(b.runUntil(() => b.serverKinds(CallbackEvent.Finished).length > 0, 120_000));
  assert.equal(outcomeName(b.serverKinds(CallbackEvent.Finished)[0].args[1]), "ok");
  assert.deepEqual(b.dialled.map((d) => d.number), ["5553030"]);
  assert.equal(Buffer.from(b.serverKinds(CallbackEvent.Requested)[0].data).toString(), "5553030", "the story shows what is dialled");
});

test("a_refused_number_with_terminal_escapes_is_logged_escaped", async () => {
  const b = await CallbackBench.create(PPP_CONFIG, [7, 8, 9]);
  const given = "555\x1b[2J\x1b]0;owned\x07";
  b.dialIn(7, { auth: Auth.PAP, user: "Ted", secret: "Rhoda", callback: CallbackRequest.CBCP, cbcpTypes: CbcpType.UserNumber, number: given });
  assert.ok(b.runUntil(() => b.serverKinds(CallbackEvent.Refused).length > 0, 60_000));
  const story = new StoryTeller();
  const lines = b.serverEvents.map((e) => runEventLine(story, e));
  for (const line of lines) assert.doesNotMatch(line, /[\x00-\x1f\x7f-\uffff]/, `raw control in: ${JSON.stringify(line)}`);
  const refusal = lines.find((l) => l.includes("Callback number from cbcp refused"));
  assert.ok(refusal, lines.join("\n"));
  const id = b.serverKinds(CallbackEvent.NumberRefused)[0].args[0];
  assert.equal(refusal, `TTY7: [${id}] Callback number from cbcp refused: character 4 (\\x1b) is not a dial character: "555\\x1b[2J\\x1b]0;owned\\x07"`);
});
