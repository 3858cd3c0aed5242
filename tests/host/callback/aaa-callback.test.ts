import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { CallbackBench, runUntilAnswered } from "../../support/callback-bench.ts";
import { CallbackEvent, outcomeName } from "../../../host/trace/describe.ts";
import { EventKind } from "../../../host/core/abi.ts";
import { Auth, CallbackRequest, CbcpType, decodePppEvent } from "../../../host/core/ppp.ts";
import { AaaResponder, type AaaClient } from "../../../host/aaa/responder.ts";
import type { AaaAnswer, AaaRequest } from "../../../host/aaa/radius-client.ts";
import { TacacsClient } from "../../../host/aaa/tacacs-client.ts";
import { TACACS_AUTHOR_STATUS_PASS_ADD } from "../../../host/aaa/tacacs-codec.ts";
import { TacacsFixture } from "../../support/tacacs-fixture.ts";
import { MethodChain } from "../../../host/aaa/method-chain.ts";
import { LocalMethod } from "../../../host/aaa/local-method.ts";
import { compileConfig } from "../../../host/config/compile.ts";

// PPP callback for users an AAA server accepts: the server's verdict and its callback
// attributes (not the local table's) decide who is called back and where.

const CONFIG =
  readFileSync("tests/fixtures/config/ppp-client.cfg", "utf8") +
  `
chat-script dial ABORT ERROR ABORT BUSY "" "ATZ" OK "ATDT \\T" TIMEOUT 30 CONNECT \\c
line 7 9
 script callback dial
`;

const ACCEPT_5550001: AaaAnswer = {
  verdict: "accept", replyMessage: null, callback: { dialstring: "5550001", noCallbackVerify: false, callbackLine: null, callbackRotary: 77 },
};

class FakeAaa implements AaaClient {
  readonly asked: AaaRequest[] = [];
  constructor(private readonly answer: (r: AaaRequest) => AaaAnswer) {}
  async authenticate(r: AaaRequest): Promise<AaaAnswer> {
    this.asked.push(r);
    return this.answer(r);
  }
  close(): void {}
}

async function bench(mode: number, aaa: FakeAaa, extra = ""): Promise<{ b: CallbackBench; responder: AaaResponder }> {
  const b = await CallbackBench.create(CONFIG + extra, [7, 8, 9]);
  b.server.exports.authModeSet(mode);
  const responder = new AaaResponder(b.server, aaa, () => {});
  b.onServerEvent = (e) => responder.handle(e);
  return { b, responder };
}

const runUntil = (b: CallbackBench, responder: AaaResponder, done: () => boolean, limitMs: number) =>
  runUntilAnswered(b, () => responder.pending(), done, limitMs);

const finished = (b: CallbackBench) => b.serverKinds(CallbackEvent.Finished);

test("an_aaa_accepted_user_is_called_back_at_the_servers_number_not_the_local_one", async () => {
  const aaa = new FakeAaa((r) =>
    r.kind === "pap" && Buffer.from(r.password).toString() === "fromserver" ? ACCEPT_5550001 : { verdict: "reject", replyMessage: null },
  );
  const { b, responder } = await bench(2, aaa);
  b.answerOptions = { auth: Auth.PAP, user: "Ted", secret: "fromserver" };
  b.dialIn(7, { auth: Auth.PAP, user: "Ted", secret: "fromserver", callback: CallbackRequest.RFC1570, callbackOperation: 0 });
  assert.ok(await runUntil(b, responder, () => finished(b).length > 0, 120_000), "the callback finished");
  assert.equal(outcomeName(finished(b)[0].args[1]), "ok");
  assert.deepEqual(b.dialled.map((d) => d.number), ["5550001"], "the AAA server's number (the local Ted's is 1234567)");
  const asked = aaa.asked.map((r) => [r.kind, r.line, r.user]);
  assert.deepEqual(asked, [["pap", 7, "Ted"], ["pap", finished(b)[0].args[2], "Ted"]], "asked on the way in and on the callback leg");
  assert.equal(b.serverEvents.filter((e) => e.kind === EventKind.IpcpUp).length, 1, "IPCP opens on the callback leg");
});

test("an_aaa_reject_gets_no_callback_and_nothing_is_dialled", async () => {
  const aaa = new FakeAaa(() => ({ verdict: "reject", replyMessage: "no" }));
  const { b, responder } = await bench(2, aaa);
  b.dialIn(7, { auth: Auth.PAP, user: "Ted", secret: "Rhoda", callback: CallbackRequest.RFC1570, callbackOperation: 0 });
  await runUntil(b, responder, () => b.serverEvents.some((e) => e.kind === EventKind.AuthFailed), 60_000);
  await runUntil(b, responder, () => false, 20_000);
  assert.equal(aaa.asked.length, 1, "the local password was never enough: the server was asked");
  assert.ok(b.serverEvents.some((e) => e.kind === EventKind.AuthFailed));
  assert.equal(b.serverKinds(CallbackEvent.Requested).length, 0);
  assert.deepEqual(b.dialled, []);
});

test("a_server_that_does_not_answer_is_a_refusal", async () => {
  const aaa = new FakeAaa(() => ({ verdict: "error", reason: "every server timed out" }));
  const { b, responder } = await bench(2, aaa);
  b.dialIn(7, { auth: Auth.PAP, user: "Ted", secret: "Rhoda", callback: CallbackRequest.RFC1570, callbackOperation: 0 });
  await runUntil(b, responder, () => b.serverEvents.some((e) => e.kind === EventKind.AuthFailed), 60_000);
  assert.ok(b.serverEvents.some((e) => e.kind === EventKind.AuthFailed));
  assert.deepEqual(b.dialled, []);
});

test("cbcp_offer_follows_what_the_server_allows", async () => {
  const offered = async (answer: AaaAnswer): Promise<number | string> => {
    const aaa = new FakeAaa(() => answer);
    const { b, responder } = await bench(2, aaa);
    b.dialIn(7, { auth: Auth.PAP, user: "Ted", secret: "x", callback: CallbackRequest.CBCP, cbcpTypes: CbcpType.UserNumber, number: "5557777" });
    await runUntil(b, responder, () => b.serverEvents.some((e) => e.kind === EventKind.CallbackAgreed || e.kind === EventKind.IpcpUp), 60_000);
    const agreed = b.serverEvents.map(decodePppEvent).find((e) => e?.type === "callbackAgreed");
    if (agreed?.type === "callbackAgreed") return agreed.operation;
    const session = b.serverEvents.some((e) => e.kind === EventKind.IpcpUp) && b.serverKinds(CallbackEvent.Requested).length === 0;
    return session ? "session without callback" : "neither";
  };
  assert.equal(await offered(ACCEPT_5550001), CbcpType.AdminNumber, "a server number: preset");
  const anyNumber = { dialstring: "", noCallbackVerify: false, callbackLine: null, callbackRotary: null };
  const userNumber: AaaAnswer = { verdict: "accept", replyMessage: null, callback: anyNumber };
  assert.equal(await offered(userNumber), CbcpType.UserNumber, "callback allowed without a number: the caller's");
  assert.equal(await offered({ verdict: "accept", replyMessage: null, callback: null }), "session without callback", "no callback attributes");
});

test("local_then_server_asks_the_server_only_for_users_not_in_the_local_table", async () => {
  const aaa = new FakeAaa(() => ({ verdict: "accept", replyMessage: null, callback: null }));
  const { b, responder } = await bench(1, aaa);
  b.dialIn(7, { auth: Auth.PAP, user: "Ted", secret: "Rhoda" });
  await runUntil(b, responder, () => b.serverEvents.some((e) => e.kind === EventKind.AuthSucceeded), 30_000);
  assert.equal(aaa.asked.length, 0, "Ted is local");
  const other = await bench(1, aaa);
  other.b.dialIn(7, { auth: Auth.PAP, user: "wanda", secret: "anything" });
  await runUntil(other.b, other.responder, () => other.b.serverEvents.some((e) => e.kind === EventKind.AuthSucceeded), 30_000);
  assert.deepEqual(aaa.asked.map((r) => r.user), ["wanda"]);
});

test("a_tacacs_plus_users_callback_dialstring_from_authorization_is_dialled", async () => {
  // RFC 8907 §6: after PAP passes, authorization for service=ppp protocol=lcp grants the number.
  const server = await TacacsFixture.start({
    key: "tk", users: { Ted: "t4cacs" },
    authorize: () => ({ status: TACACS_AUTHOR_STATUS_PASS_ADD, args: ["callback-dialstring=5550002", "callback-rotary=77"] }),
  });
  const client = new TacacsClient({ servers: [{ host: "127.0.0.1", port: server.port, key: "tk" }], timeoutMs: 2000 });
  try {
    const b = await CallbackBench.create(CONFIG, [7, 8, 9]);
    b.server.exports.authModeSet(2);
    const responder = new AaaResponder(b.server, client, () => {});
    b.onServerEvent = (e) => responder.handle(e);
    b.answerOptions = { auth: Auth.PAP, user: "Ted", secret: "t4cacs" };
    b.dialIn(7, { auth: Auth.PAP, user: "Ted", secret: "t4cacs", callback: CallbackRequest.RFC1570, callbackOperation: 0 });
    assert.ok(await runUntil(b, responder, () => finished(b).length > 0, 120_000), "the callback finished");
    assert.equal(outcomeName(finished(b)[0].args[1]), "ok");
    assert.deepEqual(b.dialled.map((d) => d.number), ["5550002"]);
  } finally {
    client.close();
    await server.close();
  }
});

test("local_after_a_server_that_cannot_answer_keeps_the_users_allowed_pattern", async () => {
  // aaa authentication ppp default group radius local: the server is down, the local Ted
  // (callback-dialstring "", callback-allowed-pattern 555.*) answers, pattern and all.
  const cfg = CONFIG.replace(/^username Ted .*$/m, 'username Ted callback-dialstring "" callback-rotary 77 callback-allowed-pattern 555.*');
  const users = compileConfig(cfg, "local.cfg").model.users;
  const dialled = async (number: string): Promise<string[]> => {
    const down = new FakeAaa(() => ({ verdict: "error", reason: "every server timed out" }));
    const b = await CallbackBench.create(cfg, [7, 8, 9]);
    b.server.exports.authModeSet(2);
    const responder = new AaaResponder(b.server, new MethodChain([down, new LocalMethod(users)]), () => {});
    b.onServerEvent = (e) => responder.handle(e);
    b.answerOptions = { auth: Auth.PAP, user: "Ted", secret: "Rhoda" };
    b.dialIn(7, { auth: Auth.PAP, user: "Ted", secret: "Rhoda", callback: CallbackRequest.CBCP, cbcpTypes: CbcpType.UserNumber, number });
    await runUntil(b, responder, () => finished(b).length > 0 || b.serverKinds(CallbackEvent.Refused).length > 0, 120_000);
    assert.equal(down.asked.length >= 1, true, "the server was asked first");
    return b.dialled.map((d) => d.number);
  };
  assert.deepEqual(await dialled("5557777"), ["5557777"], "a number the pattern allows");
  assert.deepEqual(await dialled("0900666"), [], "a number outside the pattern is never dialled");
});

test("an_aaa_users_callback_is_retried_as_callback_retry_says", async () => {
  const aaa = new FakeAaa(() => ACCEPT_5550001);
  const { b, responder } = await bench(2, aaa, "callback retry 1 5\n");
  b.dialAnswer = "BUSY";
  b.dialIn(7, { auth: Auth.PAP, user: "Ted", secret: "x", callback: CallbackRequest.RFC1570, callbackOperation: 0 });
  assert.ok(await runUntil(b, responder, () => finished(b).length > 0, 120_000));
  assert.equal(outcomeName(finished(b)[0].args[1]), "busy");
  assert.deepEqual(b.dialled.map((d) => d.number), ["5550001", "5550001"], "one retry, at the server's number");
});
