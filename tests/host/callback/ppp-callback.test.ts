import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { CallbackBench } from "../../support/callback-bench.ts";
import { CallbackEvent, outcomeName } from "../../../host/trace/describe.ts";
import { EventKind, LineEvent, LineState, Signal } from "../../../host/core/abi.ts";
import { Auth, CallbackRequest, CbcpType, decodePppEvent } from "../../../host/core/ppp.ts";

// The reference's PPP example as printed, with the chat script the chapter recommends and
// `script callback` on its lines (the example leaves them out).
const ADDED = `
chat-script dial ABORT ERROR ABORT BUSY "" "ATZ" OK "ATDT \\T" TIMEOUT 30 CONNECT \\c
line 7 9
 script callback dial
`;

function pppExample(edit: (cfg: string) => string = (c) => c): string {
  return edit(readFileSync("tests/fixtures/config/ppp-client.cfg", "utf8")) + ADDED;
}

function finished(b: CallbackBench) {
  return b.serverKinds(CallbackEvent.Finished);
}

test("rfc1570_client_is_called_back_on_a_rotary_line_and_ipcp_comes_up", async () => {
  const b = await CallbackBench.create(pppExample(), [7, 8, 9]);
  b.answerOptions = { auth: Auth.PAP, user: "Ted", secret: "Rhoda" };
  b.dialIn(7, { auth: Auth.PAP, user: "Ted", secret: "Rhoda", callback: CallbackRequest.RFC1570, callbackOperation: 0 });
  assert.ok(b.runUntil(() => finished(b).length > 0, 120_000), "the callback finished");
  const done = finished(b)[0];
  assert.equal(outcomeName(done.args[1]), "ok");
  assert.deepEqual(b.dialled.map((d) => d.number), ["1234567"], "the configured number, dialled once");
  const requested = b.serverKinds(CallbackEvent.Requested)[0];
  assert.equal(requested.args[1], 1, "method RFC 1570");
  const ipcp = b.serverEvents.filter((e) => e.kind === EventKind.IpcpUp);
  assert.equal(ipcp.length, 1, "IPCP opens on the callback leg only");
  const lineOut = done.args[2];
  const peer = decodePppEvent(ipcp[0]);
  assert.equal(peer?.type === "ipcpUp" && peer.peerAddress, `10.1.1.${lineOut - 6}`, "the peer gets its interface's async default ip address");
  assert.ok([7, 8, 9].includes(lineOut), `callback on a line of rotary 77 (got ${lineOut})`);
  assert.equal(b.serverKinds(LineEvent.PppStarted).at(-1)?.args[0], 2, "PPP restarted as the callback leg");
  assert.equal(b.serverEvents.some((e) => Buffer.from(e.data).toString("latin1").includes("Rhoda")), false, "no event carries the password");
});

test("cbcp_client_with_a_configured_dialstring_is_called_back_at_that_number_not_its_own", async () => {
  const b = await CallbackBench.create(pppExample(), [7, 8, 9]);
  b.answerOptions = { auth: Auth.PAP, user: "Ted", secret: "Rhoda" };
  b.dialIn(7, { auth: Auth.PAP, user: "Ted", secret: "Rhoda", callback: CallbackRequest.CBCP, cbcpTypes: CbcpType.UserNumber, number: "0900666" });
  assert.ok(b.runUntil(() => finished(b).length > 0, 120_000));
  assert.equal(outcomeName(finished(b)[0].args[1]), "ok");
  assert.deepEqual(b.dialled.map((d) => d.number), ["1234567"], "the configured dial string wins over the caller's");
  assert.equal(b.serverKinds(CallbackEvent.Requested)[0].args[1], 2, "method CBCP");
  // The user has a preset number, so that is all the server offered (MS-CBCP type 3).
  const agreed = b.serverEvents.map(decodePppEvent).find((e) => e?.type === "callbackAgreed");
  assert.deepEqual(agreed?.type === "callbackAgreed" && [agreed.operation, agreed.number], [CbcpType.AdminNumber, "1234567"]);
});

test("cbcp_offer_follows_the_user_no_callback_user_specified_or_preset", async () => {
  // The option types of the server's first CBCP Request (MS-CBCP §2.2.4.1), from the frames
  // the client core received.
  const offered = async (userLine: string): Promise<number[]> => {
    const cfg = pppExample((c) => c.replace(/^username Ted .*$/m, userLine));
    const b = await CallbackBench.create(cfg, [7, 8, 9]);
    const options = { auth: Auth.PAP, user: "Ted", secret: "Rhoda", callback: CallbackRequest.CBCP, cbcpTypes: CbcpType.UserNumber, number: "5557777" };
    b.dialIn(7, { ...options, capture: true });
    b.runUntil(() => b.clientEvents.some((e) => e.kind === EventKind.CallbackAgreed || e.kind === EventKind.IpcpUp), 60_000);
    for (const e of b.clientEvents.map(decodePppEvent)) {
      if (e?.type !== "frame" || e.direction !== "in") continue;
      const f = Buffer.from(e.frame);
      const at = f.indexOf(Buffer.from([0xc0, 0x29, 0x01]));
      if (at < 0) continue;
      const types: number[] = [];
      for (let o = at + 6; o + 1 < Math.min(f.length, at + 2 + f.readUInt16BE(at + 4)); o += f[o + 1]) types.push(f[o]);
      return types;
    }
    throw new Error("the client received no CBCP Request");
  };
  assert.deepEqual(await offered("username Ted callback-dialstring “1234567“ callback-rotary 77"), [CbcpType.AdminNumber], "preset number");
  assert.deepEqual(await offered('username Ted callback-dialstring "" callback-rotary 77'), [CbcpType.UserNumber], "the caller's number");
  assert.deepEqual(await offered("username Ted"), [CbcpType.NoCallback], "no callback configured");
});

test("cbcp_client_of_a_user_without_callback_gets_its_session_without_a_callback", async () => {
  const cfg = pppExample((c) => c.replace(/^username Ted .*$/m, "username Ted"));
  const b = await CallbackBench.create(cfg, [7, 8, 9]);
  b.dialIn(7, { auth: Auth.PAP, user: "Ted", secret: "Rhoda", callback: CallbackRequest.CBCP, cbcpTypes: CbcpType.UserNumber, number: "5557777" });
  assert.ok(b.runUntil(() => b.serverEvents.some((e) => e.kind === EventKind.IpcpUp), 60_000), "IPCP comes up on the first call");
  assert.equal(b.dialled.length, 0, "nothing is dialled");
  assert.equal(b.serverKinds(CallbackEvent.Requested).length, 0);
});

test("cbcp_client_gives_its_number_when_the_configured_dialstring_is_empty", async () => {
  const cfg = pppExample((c) => c.replace("callback-dialstring “1234567“", 'callback-dialstring ""'));
  const b = await CallbackBench.create(cfg, [7, 8, 9]);
  b.answerOptions = { auth: Auth.PAP, user: "Ted", secret: "Rhoda" };
  b.dialIn(7, { auth: Auth.PAP, user: "Ted", secret: "Rhoda", callback: CallbackRequest.CBCP, cbcpTypes: CbcpType.UserNumber, number: "5557777" });
  assert.ok(b.runUntil(() => finished(b).length > 0, 120_000));
  assert.equal(outcomeName(finished(b)[0].args[1]), "ok");
  assert.deepEqual(b.dialled.map((d) => d.number), ["5557777"]);
});

test("wrong_password_gets_no_callback_and_nothing_is_dialled", async () => {
  const b = await CallbackBench.create(pppExample(), [7, 8, 9]);
  b.dialIn(7, { auth: Auth.PAP, user: "Ted", secret: "wrong", callback: CallbackRequest.RFC1570, callbackOperation: 0 });
  b.runUntil(() => false, 60_000);
  assert.equal(b.dialled.length, 0);
  assert.equal(b.serverKinds(CallbackEvent.Requested).length, 0);
  const states = b.serverKinds(LineEvent.LineState).filter((e) => e.line === 7).map((e) => e.args[0]);
  assert.equal(states.at(-1), LineState.Idle, "the line hung up and is idle again");
});

test("answer_mode_client_with_ppp_callback_initiate_is_called_back", async () => {
  const cfg = pppExample((c) => c.replaceAll("ppp callback accept", "ppp callback initiate"));
  const b = await CallbackBench.create(cfg, [7, 8, 9]);
  b.answerOptions = { auth: Auth.PAP, user: "Ted", secret: "Rhoda" };
  b.dialIn(7, { auth: Auth.PAP, user: "Ted", secret: "Rhoda" });
  assert.ok(b.runUntil(() => finished(b).length > 0, 120_000));
  assert.equal(outcomeName(finished(b)[0].args[1]), "ok");
  assert.equal(b.serverKinds(CallbackEvent.Requested)[0].args[1], 3, "method initiate");
  assert.deepEqual(b.dialled.map((d) => d.number), ["1234567"]);
});

test("busy_callback_is_not_retried_and_every_line_ends_idle", async () => {
  const b = await CallbackBench.create(pppExample(), [7, 8, 9]);
  b.dialAnswer = "BUSY";
  const arena = b.server.exports.memoryArenaUsed();
  b.dialIn(7, { auth: Auth.PAP, user: "Ted", secret: "Rhoda", callback: CallbackRequest.RFC1570, callbackOperation: 0 });
  assert.ok(b.runUntil(() => finished(b).length > 0, 120_000));
  assert.equal(outcomeName(finished(b)[0].args[1]), "busy");
  b.runUntil(() => false, 10_000);
  assert.equal(b.dialled.length, 1, "IOS does not retry");
  for (const line of [7, 8, 9]) {
    const last = b.serverKinds(LineEvent.LineState).filter((e) => e.line === line).at(-1);
    assert.ok(!last || last.args[0] === LineState.Idle, `line ${line} idle`);
  }
  assert.equal(b.server.exports.memoryArenaUsed(), arena, "no pool grew");
});

test("no_free_callback_line_ends_the_callback_with_that_reason_and_dials_nothing", async () => {
  const cfg = pppExample((c) => c.replace("callback-rotary 77", "callback-line tty 9"));
  const b = await CallbackBench.create(cfg, [7, 8, 9]);
  b.server.signals(9, Signal.DCD | Signal.DSR | Signal.CTS); // someone else's call holds line 9
  b.dialIn(7, { auth: Auth.PAP, user: "Ted", secret: "Rhoda", callback: CallbackRequest.RFC1570, callbackOperation: 0 });
  assert.ok(b.runUntil(() => finished(b).length > 0, 60_000));
  assert.equal(outcomeName(finished(b)[0].args[1]), "no free line");
  assert.equal(b.dialled.length, 0);
  const line7 = b.serverKinds(LineEvent.LineState).filter((e) => e.line === 7).at(-1);
  assert.equal(line7?.args[0], LineState.Idle, "the incoming line is idle again");
});

test("a_user_without_callback_permission_who_asks_for_it_gets_no_callback_and_nothing_is_dialled", async () => {
  const b = await CallbackBench.create(pppExample() + "username guest password gu3st\n", [7, 8, 9]);
  b.dialIn(7, { auth: Auth.PAP, user: "guest", secret: "gu3st", callback: CallbackRequest.RFC1570, callbackOperation: 1, number: "0900666" });
  b.runUntil(() => b.serverKinds(CallbackEvent.Refused).length > 0, 60_000);
  b.runUntil(() => false, 15_000);
  const refused = b.serverKinds(CallbackEvent.Refused);
  assert.equal(refused.length, 1);
  assert.equal(outcomeName(refused[0].args[0]), "not allowed");
  assert.equal(b.dialled.length, 0, "no number is dialled, least of all the caller's own");
  const line7 = b.serverKinds(LineEvent.LineState).filter((e) => e.line === 7).at(-1);
  assert.equal(line7?.args[0], LineState.Idle, "the call was ended and the line is idle");
});
