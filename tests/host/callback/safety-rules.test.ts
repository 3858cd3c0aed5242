// The callback safety rules end to end, each with a test that fails when the rule is broken
// (scripts/mutate-safety.mjs breaks them one at a time): no callback before authentication in
// any mode, the configured number wins, never a call into a held line, the forced wait, the
// user's callback line and a rotary line for a call from outside the rotary, and no frame with
// a bad FCS is taken.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { CallbackBench } from "../../support/callback-bench.ts";
import { hdlcFrame } from "../../support/hdlc.ts";
import { CallbackEvent, outcomeName } from "../../../host/trace/describe.ts";
import { LineCounter, Signal } from "../../../host/core/abi.ts";
import { Auth, CallbackRequest } from "../../../host/core/ppp.ts";
import { Deframer } from "../../../host/trace/deframe.ts";
import { Core } from "../../../host/core/core.ts";
import { compileConfig } from "../../../host/config/compile.ts";
import { compileImage } from "../../../host/config/image.ts";
import { Terminal } from "../../support/terminal.ts";
import { ScriptedModem } from "../../support/scripted-modem.ts";

const ADDED = `
chat-script dial ABORT ERROR ABORT BUSY "" "ATZ" OK "ATDT \\T" TIMEOUT 30 CONNECT \\c
line 4 9
 script callback dial
line 4
 modem InOut
 autoselect ppp
interface async 4
 encapsulation ppp
 ppp callback accept
 ppp authentication pap
`;

// The reference's PPP example (rotary 77 on lines 7-9) with line 4 outside the rotary.
function config(edit: (cfg: string) => string = (c) => c): string {
  return edit(readFileSync("tests/fixtures/config/ppp-client.cfg", "utf8") + ADDED);
}

const TED = { auth: Auth.PAP, user: "Ted", secret: "Rhoda" };

function finished(b: CallbackBench) {
  return b.serverKinds(CallbackEvent.Finished);
}

test("ppp_callback_initiate_never_calls_back_a_wrong_password", async () => {
  const b = await CallbackBench.create(config((c) => c.replaceAll("ppp callback accept", "ppp callback initiate")), [4, 7, 8, 9]);
  b.dialIn(7, { ...TED, secret: "guess" });
  b.runUntil(() => false, 60_000);
  assert.equal(b.serverKinds(CallbackEvent.Requested).length, 0, "no callback is asked for");
  assert.deepEqual(b.dialled, [], "nothing is dialled");
});

test("exec_callback_never_calls_back_a_wrong_password", async () => {
  const text = readFileSync("tests/fixtures/config/exec-callback.cfg", "utf8").replace("callback-dialstring ““", "callback-dialstring 5554040");
  const core = await Core.load();
  const script = `chat-script dial "" ATZ OK "ATDT \\T" TIMEOUT 30 CONNECT \\c\nline 4\n script callback dial\n`;
  core.init(compileImage(compileConfig(`${text}\n${script}`, "exec.cfg").model));
  const t = new Terminal(core, 4);
  const modem = new ScriptedModem(t);
  t.carrier(true);
  t.wait(1000);
  t.type("milarepa\rguess\r");
  assert.match(t.read(), /% Login invalid\r\n\r\nUsername: $/);
  t.wait(60_000);
  modem.service();
  assert.equal(t.events.filter((e) => e.kind === CallbackEvent.Requested).length, 0, "no callback is asked for");
  assert.deepEqual(modem.dialled, []);
});

test("rfc1570_operation_1_with_a_number_is_called_back_at_the_configured_dialstring", async () => {
  const b = await CallbackBench.create(config(), [4, 7, 8, 9]);
  b.answerOptions = TED;
  b.dialIn(7, { ...TED, callback: CallbackRequest.RFC1570, callbackOperation: 1, number: "0900666" });
  assert.ok(b.runUntil(() => finished(b).length > 0, 120_000));
  assert.equal(outcomeName(finished(b)[0].args[1]), "ok");
  assert.deepEqual(b.dialled.map((d) => d.number), ["1234567"], "Ted's dial string, not the number the client gave");
});

test("a_ppp_caller_who_keeps_the_line_after_dtr_drops_is_never_called", async () => {
  const b = await CallbackBench.create(config(), [4, 7, 8, 9]);
  b.holdsLine = true;
  b.dialIn(7, { ...TED, callback: CallbackRequest.RFC1570, callbackOperation: 0 });
  assert.ok(b.runUntil(() => finished(b).length > 0, 120_000));
  assert.equal(outcomeName(finished(b)[0].args[1]), "caller held line");
  b.runUntil(() => false, 30_000);
  assert.deepEqual(b.dialled, []);
});

test("the_forced_wait_passes_between_the_hang_up_and_the_dial", async () => {
  const b = await CallbackBench.create(config() + "callback forced-wait 12\n", [4, 7, 8, 9]);
  const at = new Map<number, number>();
  b.onServerEvent = (e) => {
    if (!at.has(e.kind)) at.set(e.kind, b.now);
  };
  b.answerOptions = TED;
  b.dialIn(7, { ...TED, callback: CallbackRequest.RFC1570, callbackOperation: 0 });
  assert.ok(b.runUntil(() => finished(b).length > 0, 120_000));
  assert.equal(outcomeName(finished(b)[0].args[1]), "ok");
  assert.equal(b.serverKinds(CallbackEvent.Waiting)[0].args[1], 12_000);
  const waited = (at.get(CallbackEvent.Dialling) ?? 0) - (at.get(CallbackEvent.Waiting) ?? 0);
  assert.ok(waited >= 12_000 && waited <= 12_100, `dialled ${waited} ms after the line went idle`);
});

test("a_users_callback_line_is_the_one_dialled_out_on", async () => {
  const b = await CallbackBench.create(config((c) => c.replace("callback-rotary 77", "callback-line tty 9")), [4, 7, 8, 9]);
  b.answerOptions = TED;
  b.dialIn(7, { ...TED, callback: CallbackRequest.RFC1570, callbackOperation: 0 });
  assert.ok(b.runUntil(() => finished(b).length > 0, 120_000));
  assert.equal(outcomeName(finished(b)[0].args[1]), "ok");
  assert.deepEqual(b.dialled.map((d) => d.line), [9], "line 9, although line 7 the call came in on is free again");
});

test("a_call_from_a_line_outside_the_rotary_is_called_back_on_a_rotary_line", async () => {
  const b = await CallbackBench.create(config(), [4, 7, 8, 9]);
  b.answerOptions = TED;
  b.dialIn(4, { ...TED, callback: CallbackRequest.RFC1570, callbackOperation: 0 });
  assert.ok(b.runUntil(() => finished(b).length > 0, 120_000));
  assert.equal(outcomeName(finished(b)[0].args[1]), "ok");
  assert.equal(b.serverKinds(CallbackEvent.Requested)[0].line, 4);
  assert.ok([7, 8, 9].includes(b.dialled[0]?.line), `left on a line of rotary 77 (got ${b.dialled[0]?.line})`);
});

test("a_frame_with_a_bad_fcs_is_dropped_counted_and_never_answered", async () => {
  const b = await CallbackBench.create(config(), [4, 7, 8, 9]);
  b.server.signals(7, Signal.DCD | Signal.DSR | Signal.CTS);
  b.runUntil(() => false, 1_500); // activation flush
  b.server.txDrain(7);
  const confReq = Buffer.from("ff03c0210155000a0506a1b2c3d4", "hex");
  const bad = Buffer.from(hdlcFrame(confReq));
  bad[bad.length - 2] ^= 0x40; // the FCS's second octet
  b.server.rxPush(7, bad);
  b.server.tick(b.now);
  // Whether the server sent an LCP Configure-Ack with our id 0x55 (RFC 1661 §5.2).
  const answer = (out: Uint8Array) => {
    const frames: string[] = [];
    new Deframer().push(out, (f) => frames.push(Buffer.from(f).toString("hex")), () => {});
    return frames.some((f) => f.startsWith("ff03c0210255"));
  };
  assert.equal(answer(b.server.txDrain(7)), false, "a damaged Configure-Request is not acknowledged");
  assert.equal(b.server.counter(7, LineCounter.BadFcs), 1);
  b.server.rxPush(7, hdlcFrame(confReq));
  b.server.tick(b.now);
  assert.equal(answer(b.server.txDrain(7)), true, "the same request with its FCS intact is");
});
