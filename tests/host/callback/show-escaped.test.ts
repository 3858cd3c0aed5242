import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { CallbackBench, runUntilAnswered } from "../../support/callback-bench.ts";
import { CallbackEvent, outcomeName, StoryTeller } from "../../../host/trace/describe.ts";
import { EventKind } from "../../../host/core/abi.ts";
import { Auth, CallbackRequest } from "../../../host/core/ppp.ts";
import { AaaResponder, type AaaClient } from "../../../host/aaa/responder.ts";
import type { AaaAnswer, AaaRequest } from "../../../host/aaa/radius-client.ts";
import { Core } from "../../../host/core/core.ts";
import { compileConfig } from "../../../host/config/compile.ts";
import { compileImage } from "../../../host/config/image.ts";
import { Terminal } from "../../support/terminal.ts";
import { runEventLine } from "../../../host/cli/commands/run.ts";

// A user name is whatever the caller sent: a PAP peer-id is any octets (RFC 1334 §2.2.1), and
// an AAA server that accepts it makes it a user. The core's own `show` views print it escaped.

const CONFIG =
  readFileSync("tests/fixtures/config/ppp-client.cfg", "utf8") +
  `
chat-script dial ABORT ERROR ABORT BUSY "" "ATZ" OK "ATDT \\T" TIMEOUT 30 CONNECT \\c
line 7 9
 script callback dial
`;

const NAME = "ad\x1b]0;owned\x07\x9bmin";
const RAW = /[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\uffff]/;

class AcceptAll implements AaaClient {
  async authenticate(_r: AaaRequest): Promise<AaaAnswer> {
    return { verdict: "accept", replyMessage: null, callback: { dialstring: "5550001", noCallbackVerify: false, callbackLine: null, callbackRotary: 77 } };
  }
  close(): void {}
}

test("a_pap_peer_name_with_terminal_controls_is_escaped_in_show_users_show_callback_and_events", async () => {
  const b = await CallbackBench.create(CONFIG, [7, 8, 9]);
  b.server.exports.authModeSet(2);
  const responder = new AaaResponder(b.server, new AcceptAll(), () => {});
  b.onServerEvent = (e) => responder.handle(e);
  b.answerOptions = { auth: Auth.PAP, user: NAME, secret: "x" };
  b.dialIn(7, { auth: Auth.PAP, user: NAME, secret: "x", callback: CallbackRequest.RFC1570, callbackOperation: 0 });
  const up = () => b.serverEvents.some((e) => e.kind === EventKind.IpcpUp);
  assert.ok(await runUntilAnswered(b, () => responder.pending(), up, 120_000), "the callback leg came up");
  assert.equal(outcomeName(b.serverKinds(CallbackEvent.Finished)[0].args[1]), "ok");
  const users = b.server.consoleCommand("show users", b.now);
  const callbacks = b.server.consoleCommand("show callback", b.now);
  for (const out of [users, callbacks]) {
    assert.doesNotMatch(out, RAW, JSON.stringify(out));
    assert.ok(out.includes("ad\\x1b]0;owned\\x07\\x9bmin"), JSON.stringify(out));
  }
  assert.match(users, /PPP/);
  // Columns still line up: the escaped name is padded by its printed width.
  assert.match(callbacks, /ad\\x1b\]0;owned\\x07\\x9bmin rfc1570  5550001/);
  const story = new StoryTeller();
  for (const e of b.serverEvents) assert.doesNotMatch(runEventLine(story, e), RAW);
});

test("controls_typed_in_an_exec_user_name_never_reach_the_core_and_the_output_stays_clean", async () => {
  const text = readFileSync("tests/fixtures/config/exec-callback.cfg", "utf8").replace(" service exec-callback", "");
  const result = compileConfig(text, "exec.cfg");
  assert.ok(result.ok);
  const core = await Core.load();
  core.init(compileImage(result.model));
  const t = new Terminal(core, 4);
  t.carrier(true);
  t.wait(1000);
  t.type("mila\x1b\x07\x9brepa\rletmein\r");
  assert.match(t.read(), /Router>$/, "the editor keeps printable characters only");
  const users = core.consoleCommand("show users", 0);
  assert.doesNotMatch(users, RAW);
  assert.match(users, /tty 4\s+milarepa\s/, "the name as the core took it: controls dropped as typed");
  t.type("exit\r");
  t.carrier(false);
  t.carrier(true);
  t.wait(1000);
  t.type("ad\x1b]0;owned\x07min\rwrong\r");
  const story = new StoryTeller();
  for (const e of t.events) assert.doesNotMatch(runEventLine(story, e), RAW);
});
