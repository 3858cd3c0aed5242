// TacacsClient and its codec against the fixture TACACS+ server on 127.0.0.1 (tests/support/
// tacacs-fixture.ts): the fixture reveals what arrives with its own key, checks PAP passwords,
// recomputes CHAP responses and runs the ASCII dialogue; tests make it answer, fail, err, stay
// silent or break the header or body, and check the verdict and what the fixture decoded.

import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { createServer } from "node:net";
import fc from "fast-check";
import type { AaaAnswer, AaaRequest } from "../../../host/aaa/radius-client.ts";
import { TacacsClient, type TacacsClientOptions } from "../../../host/aaa/tacacs-client.ts";
import { tacacsGrantOf } from "../../../host/aaa/tacacs-authorization.ts";
import {
  TACACS_AUTHEN_LOGIN,
  TACACS_AUTHEN_METH_TACACSPLUS,
  TACACS_AUTHEN_SVC_LOGIN,
  TACACS_AUTHEN_SVC_PPP,
  TACACS_AUTHEN_TYPE_ASCII,
  TACACS_AUTHEN_TYPE_CHAP,
  TACACS_AUTHEN_TYPE_PAP,
  TACACS_AUTHENTICATION,
  TACACS_AUTHORIZATION,
  TACACS_AUTHOR_STATUS_ERROR,
  TACACS_AUTHOR_STATUS_FAIL,
  TACACS_AUTHOR_STATUS_PASS_ADD,
  TACACS_AUTHOR_STATUS_PASS_REPL,
  TACACS_CONTINUE_FLAG_ABORT,
  TACACS_FLAG_UNENCRYPTED,
  TACACS_VERSION_DEFAULT,
  TACACS_VERSION_ONE,
  tacacsAuthenContinueDecode,
  tacacsAuthenContinueEncode,
  tacacsAuthenReplyDecode,
  tacacsAuthenReplyEncode,
  tacacsAuthenStartDecode,
  tacacsAuthenStartEncode,
  tacacsAuthorRequestDecode,
  tacacsAuthorRequestEncode,
  tacacsAuthorResponseDecode,
  tacacsAuthorResponseEncode,
  tacacsAvPairParse,
  tacacsHeaderDecode,
  tacacsObfuscate,
  tacacsPacketEncode,
} from "../../../host/aaa/tacacs-codec.ts";
import { TacacsFixture, type TacacsFixtureOptions } from "../../support/tacacs-fixture.ts";
import { chapResponse } from "../../support/chap.ts";

const bytes = (text: string) => Uint8Array.from(Buffer.from(text, "latin1"));
const toHex = (data: Uint8Array) => Buffer.from(data).toString("hex");

const KEY = "Tac-Key-one-9f3";
const KEY_TWO = "Tac-Key-two-41c";
const USERS: Record<string, string> = { alice: "alice-Passw0rd", bob: "bob-a-much-longer-password-over-16" };
const CHALLENGE = Uint8Array.from({ length: 16 }, (_, i) => 0xa0 + i);

const pap = (user: string, password: string, line = 3): AaaRequest => ({ kind: "pap", line, user, password: bytes(password) });
const login = (user: string, password: string, line = 2): AaaRequest => ({ kind: "login", line, user, password: bytes(password) });
const chap = (user: string, password: string, id = 7): AaaRequest => ({
  kind: "chap", line: 5, user, id, challenge: CHALLENGE, response: chapResponse(id, password, CHALLENGE),
});

const fixture = (extra: Partial<TacacsFixtureOptions> = {}) => TacacsFixture.start({ key: KEY, users: USERS, ...extra });

/** Every reason an error verdict gave, to check none holds a secret. */
const reasons: string[] = [];

async function withClient<T>(fixtures: TacacsFixture[], body: (client: TacacsClient) => Promise<T>, extra: Partial<TacacsClientOptions> = {}): Promise<T> {
  const client = new TacacsClient({ servers: fixtures.map((f) => ({ host: "127.0.0.1", port: f.port, key: KEY })), timeoutMs: 2000, ...extra });
  try {
    return await body(client);
  } finally {
    client.close();
    await Promise.all(fixtures.map((f) => f.close()));
  }
}

function accepted(answer: AaaAnswer): Extract<AaaAnswer, { verdict: "accept" }> {
  assert.equal(answer.verdict, "accept", JSON.stringify(answer));
  return answer as Extract<AaaAnswer, { verdict: "accept" }>;
}

function failed(answer: AaaAnswer): string {
  assert.equal(answer.verdict, "error", JSON.stringify(answer));
  const reason = (answer as Extract<AaaAnswer, { verdict: "error" }>).reason;
  reasons.push(reason);
  return reason;
}

/** A port that refuses connections: bound once, then closed. */
async function refusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  assert.ok(address && typeof address !== "string");
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return address.port;
}

// ---- codec ----

test("codec_header_round_trips_and_refuses_a_foreign_major_version_or_a_huge_body", () => {
  const packet = tacacsPacketEncode({ version: 0xc1, type: 1, seqNo: 3, flags: 0x04, sessionId: 0xdeadbeef }, bytes("abc"), KEY);
  assert.equal(toHex(packet.subarray(0, 12)), "c1010304deadbeef00000003");
  assert.deepEqual(tacacsHeaderDecode(packet), { version: 0xc1, type: 1, seqNo: 3, flags: 4, sessionId: 0xdeadbeef, length: 3 });
  assert.equal(typeof tacacsHeaderDecode(packet.subarray(0, 11)), "string", "short");
  assert.match(String(tacacsHeaderDecode(Uint8Array.from([0xb1, ...packet.subarray(1)]))), /major version/);
  const huge = Uint8Array.from(packet.subarray(0, 12));
  huge[8] = 0x01;
  assert.match(String(tacacsHeaderDecode(huge)), /exceeds/);
});

test("codec_obfuscation_is_the_rfc8907_md5_chain_over_session_key_version_seq", () => {
  const header = { version: 0xc0, type: 2, seqNo: 1, flags: 0, sessionId: 0x01020304 };
  const body = Uint8Array.from({ length: 40 }, (_, i) => i);
  // RFC 8907 §4.5, computed here independently: MD5_1 = MD5(session_id ‖ key ‖ version ‖ seq_no), MD5_n adds MD5_n-1.
  const stream = Buffer.concat([Buffer.from("01020304", "hex"), Buffer.from(KEY), Buffer.from([0xc0, 1])]);
  const md5One = createHash("md5").update(stream).digest();
  const md5Two = createHash("md5").update(stream).update(md5One).digest();
  const md5Three = createHash("md5").update(stream).update(md5Two).digest();
  const pad = Buffer.concat([md5One, md5Two, md5Three]).subarray(0, 40);
  const expected = body.map((b, i) => b ^ pad[i]);
  const packet = tacacsPacketEncode(header, body, KEY);
  assert.equal(toHex(packet.subarray(12)), toHex(expected));
  assert.equal(toHex(tacacsObfuscate(header, packet.subarray(12), KEY)), toHex(body), "the same XOR reveals");
  assert.notEqual(toHex(tacacsObfuscate({ ...header, seqNo: 3 }, packet.subarray(12), KEY)), toHex(body), "seq_no is in the pad");
  assert.equal(toHex(tacacsObfuscate({ ...header, flags: TACACS_FLAG_UNENCRYPTED }, body, KEY)), toHex(body), "unencrypted flag: clear");
});

test("codec_authentication_bodies_read_and_write_fields_at_their_offsets", () => {
  const start = { action: 1, privLvl: 1, authenType: 2, authenService: 3, user: bytes("al"), port: bytes("tty1"), remAddr: bytes("async"), data: bytes("pw") };
  const startBody = tacacsAuthenStartEncode(start);
  assert.equal(toHex(startBody), "01010203" + "02040502" + toHex(bytes("altty1asyncpw")));
  assert.deepEqual(tacacsAuthenStartDecode(startBody), start);
  const reply = { status: 5, flags: 1, serverMsg: bytes("Password: "), data: bytes("x") };
  const replyBody = tacacsAuthenReplyEncode(reply);
  assert.equal(toHex(replyBody.subarray(0, 6)), "0501000a0001");
  assert.deepEqual(tacacsAuthenReplyDecode(replyBody), reply);
  const next = { flags: TACACS_CONTINUE_FLAG_ABORT, userMsg: bytes("secret"), data: bytes("why") };
  const continueBody = tacacsAuthenContinueEncode(next);
  assert.equal(toHex(continueBody.subarray(0, 5)), "0006000301");
  assert.deepEqual(tacacsAuthenContinueDecode(continueBody), next);
});

test("codec_authorization_bodies_carry_arg_lengths_before_the_strings", () => {
  const request = {
    authenMethod: 6, privLvl: 1, authenType: 2, authenService: 3, user: bytes("al"), port: bytes("tty1"), remAddr: bytes("async"),
    args: ["service=ppp", "protocol=lcp"],
  };
  const requestBody = tacacsAuthorRequestEncode(request);
  assert.equal(toHex(requestBody.subarray(0, 10)), "06010203" + "020405" + "02" + "0b0c");
  assert.equal(Buffer.from(requestBody.subarray(10)).toString("latin1"), "altty1asyncservice=pppprotocol=lcp");
  assert.deepEqual(tacacsAuthorRequestDecode(requestBody), request);
  const response = { status: 1, serverMsg: bytes("ok"), data: new Uint8Array(0), args: ["callback-dialstring=5551234", "nocallback-verify*1"] };
  const responseBody = tacacsAuthorResponseEncode(response);
  assert.equal(toHex(responseBody.subarray(0, 8)), "0102" + "0002" + "0000" + "1b13");
  assert.deepEqual(tacacsAuthorResponseDecode(responseBody), response);
});

test("codec_bodies_whose_lengths_do_not_add_up_or_status_is_unknown_are_refused_with_a_reason", () => {
  const reply = tacacsAuthenReplyEncode({ status: 1, flags: 0, serverMsg: bytes("hi"), data: new Uint8Array(0) });
  assert.match(String(tacacsAuthenReplyDecode(Uint8Array.from([...reply, 0]))), /add up/);
  assert.match(String(tacacsAuthenReplyDecode(reply.subarray(0, 7))), /add up/);
  assert.match(String(tacacsAuthenReplyDecode(Uint8Array.from([0x55, ...reply.subarray(1)]))), /unknown status/);
  const response = tacacsAuthorResponseEncode({ status: 0x10, serverMsg: new Uint8Array(0), data: new Uint8Array(0), args: ["a=b"] });
  assert.match(String(tacacsAuthorResponseDecode(Uint8Array.from([0x33, ...response.subarray(1)]))), /unknown status/);
  assert.match(String(tacacsAuthorResponseDecode(response.subarray(0, 6))), /do not fit/);
  assert.throws(() => tacacsAuthenStartEncode({ action: 1, privLvl: 1, authenType: 2, authenService: 3, user: new Uint8Array(256),
    port: new Uint8Array(0), remAddr: new Uint8Array(0), data: new Uint8Array(0) }), RangeError);
});

test("codec_decoders_never_throw_on_any_bytes", () => {
  const decoders = [tacacsHeaderDecode, tacacsAuthenStartDecode, tacacsAuthenReplyDecode, tacacsAuthenContinueDecode, tacacsAuthorRequestDecode,
    tacacsAuthorResponseDecode];
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 300 }), (data) => {
      for (const decode of decoders) {
        const out = decode(data);
        assert.ok(typeof out === "string" || typeof out === "object");
      }
    }),
    { numRuns: 500 },
  );
});

test("codec_av_pairs_split_at_the_first_separator_and_keep_empty_values", () => {
  assert.deepEqual(tacacsAvPairParse("callback-dialstring="), { name: "callback-dialstring", value: "", mandatory: true });
  assert.deepEqual(tacacsAvPairParse("cmd*"), { name: "cmd", value: "", mandatory: false });
  assert.deepEqual(tacacsAvPairParse("addr=1.2.3.4*x"), { name: "addr", value: "1.2.3.4*x", mandatory: true });
  assert.equal(typeof tacacsAvPairParse("=5551234"), "string");
  assert.equal(typeof tacacsAvPairParse("nocallback-verify"), "string");
});

test("grant_maps_callback_pairs_ignores_unknown_optional_and_refuses_unknown_mandatory", () => {
  assert.deepEqual(tacacsGrantOf(["service=ppp", "protocol=lcp"]), { callback: null });
  assert.deepEqual(tacacsGrantOf(["callback-dialstring=5551234", "nocallback-verify=1", "callback-line=4", "callback-rotary*2", "idletime*5"]), {
    callback: { dialstring: "5551234", noCallbackVerify: true, callbackLine: 4, callbackRotary: 2 },
  });
  assert.deepEqual(tacacsGrantOf(["callback-line=9"]), { callback: { dialstring: null, noCallbackVerify: false, callbackLine: 9, callbackRotary: null } });
  assert.deepEqual(tacacsGrantOf(["nocallback-verify=true", "callback-dialstring="]), {
    callback: { dialstring: "", noCallbackVerify: true, callbackLine: null, callbackRotary: null },
  });
  assert.ok("refused" in tacacsGrantOf(["autocmd=telnet x"]), "an unknown mandatory pair (RFC 8907 §6.1)");
  assert.deepEqual(tacacsGrantOf(["priv-lvl=15", "idletime=5", "timeout=30"]), { callback: null }, "what servers send every user is taken as met");
  assert.ok("refused" in tacacsGrantOf(["priv-lvl=high"]), "but not a value that is no number");
  assert.ok("refused" in tacacsGrantOf(["callback-line=four"]), "a mandatory value we cannot use");
  assert.ok("refused" in tacacsGrantOf(["callback-dialstring=555\r\nATZ"]), "control characters in the dial string");
  assert.deepEqual(tacacsGrantOf(["callback-line*four"]), { callback: null }, "the same, optional, is ignored");
});

// ---- the client against the fixture ----

test("pap_accept_fixture_reveals_the_password_then_authorizes_ppp_lcp_in_a_new_session", async () => {
  const server = await fixture();
  await withClient([server], async (client) => {
    const answer = await client.authenticate(pap("alice", USERS.alice, 3));
    assert.deepEqual(answer, { verdict: "accept", callback: null, replyMessage: "Welcome" });
    assert.equal(server.connections, 2, "one connection per session");
    const [authentication, authorization] = server.sessions;
    assert.equal(authentication.type, TACACS_AUTHENTICATION);
    assert.equal(authentication.version, TACACS_VERSION_ONE, "PAP uses minor version 1");
    assert.equal(authentication.flags, 0, "obfuscated, no single-connect");
    assert.equal(authentication.password, USERS.alice);
    assert.equal(authentication.result, "pass");
    const start = authentication.start!;
    assert.deepEqual([start.action, start.authenType, start.authenService], [TACACS_AUTHEN_LOGIN, TACACS_AUTHEN_TYPE_PAP, TACACS_AUTHEN_SVC_PPP]);
    assert.equal(Buffer.from(start.port).toString(), "tty3");
    assert.equal(Buffer.from(start.remAddr).toString(), "async");
    assert.equal(authorization.type, TACACS_AUTHORIZATION);
    assert.equal(authorization.version, TACACS_VERSION_DEFAULT);
    assert.notEqual(authorization.sessionId, authentication.sessionId);
    const request = authorization.authorization!;
    assert.deepEqual([request.authenMethod, request.privLvl, request.authenType, request.authenService], [TACACS_AUTHEN_METH_TACACSPLUS, 1, 2, 3]);
    assert.equal(Buffer.from(request.user).toString(), "alice");
    assert.equal(Buffer.from(request.port).toString(), "tty3");
    assert.deepEqual(request.args, ["service=ppp", "protocol=lcp"]);
  });
});

test("pap_wrong_password_is_rejected_with_the_server_message_and_no_authorization", async () => {
  const server = await fixture({ failMessage: "Bad password" });
  await withClient([server], async (client) => {
    assert.deepEqual(await client.authenticate(pap("alice", "guess")), { verdict: "reject", replyMessage: "Bad password" });
    assert.equal(server.sessions.length, 1);
    assert.equal(server.sessions[0].password, "guess");
    assert.deepEqual(await client.authenticate(pap("nobody", "x")), { verdict: "reject", replyMessage: "Bad password" });
  });
});

test("chap_accept_fixture_recomputes_the_rfc1994_response_from_id_challenge_and_response", async () => {
  const server = await fixture();
  await withClient([server], async (client) => {
    accepted(await client.authenticate(chap("bob", USERS.bob, 0x42)));
    const [authentication, authorization] = server.sessions;
    assert.equal(authentication.version, TACACS_VERSION_ONE);
    assert.equal(authentication.start?.authenType, TACACS_AUTHEN_TYPE_CHAP);
    assert.equal(authentication.start?.data.length, 1 + 16 + 16);
    assert.equal(authentication.start?.data[0], 0x42);
    assert.equal(authentication.chapValid, true);
    assert.equal(authorization.authorization?.authenType, TACACS_AUTHEN_TYPE_CHAP);
    assert.deepEqual(await client.authenticate(chap("bob", "not-bobs")), { verdict: "reject", replyMessage: null });
    assert.equal(server.sessions[2].chapValid, false);
  });
});

test("login_ascii_answers_getpass_with_the_password_in_user_msg_then_authorizes_the_shell", async () => {
  const server = await fixture();
  await withClient([server], async (client) => {
    accepted(await client.authenticate(login("alice", USERS.alice, 2)));
    const [authentication, authorization] = server.sessions;
    assert.equal(authentication.version, TACACS_VERSION_DEFAULT, "ASCII uses minor version 0");
    assert.deepEqual([authentication.start?.authenType, authentication.start?.authenService], [TACACS_AUTHEN_TYPE_ASCII, TACACS_AUTHEN_SVC_LOGIN]);
    assert.equal(authentication.start?.data.length, 0);
    assert.deepEqual(authentication.continues, [{ userMsg: USERS.alice, data: "", flags: 0 }]);
    assert.deepEqual(authorization.authorization?.args, ["service=shell", "cmd*"]);
    assert.equal(Buffer.from(authorization.authorization!.port).toString(), "tty2");
    assert.deepEqual(await client.authenticate(login("alice", "wrong")), { verdict: "reject", replyMessage: null });
  });
});

test("login_ascii_answers_getuser_with_the_user_when_the_server_asks", async () => {
  const server = await fixture({ alwaysAskUser: true });
  await withClient([server], async (client) => {
    accepted(await client.authenticate(login("bob", USERS.bob)));
    assert.deepEqual(server.sessions[0].continues.map((c) => c.userMsg), ["bob", USERS.bob]);
  });
});

test("login_ascii_asked_for_the_password_again_aborts_the_session_and_rejects", async () => {
  const server = await fixture({ askPasswordAgain: true });
  await withClient([server], async (client) => {
    assert.deepEqual(await client.authenticate(login("alice", "wrong")), { verdict: "reject", replyMessage: null });
    // The abort CONTINUE wants no reply (RFC 8907 §5.4.3): wait for the fixture to have read it.
    for (let i = 0; i < 100 && server.sessions[0].result !== "aborted"; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    const session = server.sessions[0];
    assert.equal(session.result, "aborted");
    assert.deepEqual(session.continues.map((c) => [c.userMsg, c.flags]), [["wrong", 0], ["", TACACS_CONTINUE_FLAG_ABORT]], "the password went once");
    assert.equal(server.sessions.length, 1, "no authorization");
  });
});

test("authorization_pass_add_pairs_become_the_callback", async () => {
  const server = await fixture({
    authorize: () => ({
      status: TACACS_AUTHOR_STATUS_PASS_ADD,
      args: ["callback-dialstring=5551234", "nocallback-verify=1", "callback-line=4", "callback-rotary=2"],
      serverMsg: "Calling you back",
    }),
  });
  await withClient([server], async (client) => {
    const answer = accepted(await client.authenticate(pap("alice", USERS.alice)));
    assert.deepEqual(answer.callback, { dialstring: "5551234", noCallbackVerify: true, callbackLine: 4, callbackRotary: 2 });
    assert.equal(answer.replyMessage, "Welcome\nCalling you back");
  });
});

test("authorization_pass_repl_with_an_empty_dialstring_lets_the_caller_give_the_number", async () => {
  const server = await fixture({ authorize: () => ({ status: TACACS_AUTHOR_STATUS_PASS_REPL, args: ["service=shell", "callback-dialstring="] }) });
  await withClient([server], async (client) => {
    const answer = accepted(await client.authenticate(login("bob", USERS.bob)));
    assert.deepEqual(answer.callback, { dialstring: "", noCallbackVerify: false, callbackLine: null, callbackRotary: null });
  });
});

test("authorization_fail_after_pass_rejects_as_rfc8907_6_2_denies_the_service", async () => {
  const server = await fixture({ authorize: () => ({ status: TACACS_AUTHOR_STATUS_FAIL, serverMsg: "No PPP for you" }) });
  await withClient([server], async (client) => {
    assert.deepEqual(await client.authenticate(pap("alice", USERS.alice)), { verdict: "reject", replyMessage: "No PPP for you" });
    assert.equal(server.sessions[0].result, "pass", "authentication itself passed");
  });
});

test("authorization_with_a_mandatory_pair_we_cannot_honour_rejects", async () => {
  const server = await fixture({ authorize: () => ({ status: TACACS_AUTHOR_STATUS_PASS_ADD, args: ["callback-dialstring=5551234", "autocmd=telnet x"] }) });
  await withClient([server], async (client) => {
    assert.deepEqual(await client.authenticate(pap("alice", USERS.alice)), { verdict: "reject", replyMessage: null });
  });
});

test("authorization_error_tries_the_next_server_and_with_none_left_gives_no_verdict", async () => {
  const erring = await fixture({ authorize: () => ({ status: TACACS_AUTHOR_STATUS_ERROR }) });
  const granting = await fixture({ authorize: () => ({ status: TACACS_AUTHOR_STATUS_PASS_ADD, args: ["callback-dialstring=777"] }) });
  await withClient([erring, granting], async (client) => {
    const answer = accepted(await client.authenticate(pap("alice", USERS.alice)));
    assert.equal(answer.callback?.dialstring, "777");
    assert.equal(erring.sessions.length, 2, "authenticated and asked first");
    assert.equal(granting.sessions.length, 1, "only the authorization moved on");
    assert.equal(granting.sessions[0].type, TACACS_AUTHORIZATION);
  });
  const alone = await fixture({ authorize: () => ({ status: TACACS_AUTHOR_STATUS_ERROR }) });
  await withClient([alone], async (client) => {
    assert.match(failed(await client.authenticate(pap("alice", USERS.alice))), /authorization.*ERROR/);
  });
});

test("authentication_error_moves_to_the_next_server", async () => {
  const erring = await fixture({ authenticationError: true });
  const working = await fixture();
  await withClient([erring, working], async (client) => {
    accepted(await client.authenticate(pap("alice", USERS.alice)));
    assert.equal(erring.sessions.length, 1);
    assert.equal(working.sessions.length, 2);
  });
});

test("silent_server_gives_an_error_within_the_bound_for_each_server", async () => {
  const silent = await fixture({ misbehave: "silent" });
  const alsoSilent = await fixture({ misbehave: "silent" });
  await withClient(
    [silent, alsoSilent],
    async (client) => {
      const began = performance.now();
      const reason = failed(await client.authenticate(pap("alice", USERS.alice)));
      const elapsed = performance.now() - began;
      assert.match(reason, /no answer within 80 ms/);
      assert.ok(elapsed >= 150, `both servers waited for: ${elapsed} ms`);
      assert.ok(elapsed < 2000, `bounded: ${elapsed} ms`);
      assert.equal(silent.connections + alsoSilent.connections, 2);
    },
    { timeoutMs: 80 },
  );
});

test("refused_connection_fails_over_to_the_next_server", async () => {
  const port = await refusedPort();
  const working = await fixture();
  const client = new TacacsClient({ servers: [{ host: "127.0.0.1", port, key: KEY }, { host: "127.0.0.1", port: working.port, key: KEY }], timeoutMs: 2000 });
  try {
    accepted(await client.authenticate(pap("alice", USERS.alice)));
    assert.equal(working.sessions[0].password, USERS.alice);
  } finally {
    client.close();
    await working.close();
  }
  const lonely = new TacacsClient({ servers: [{ host: "127.0.0.1", port, key: KEY }], timeoutMs: 2000 });
  try {
    assert.match(failed(await lonely.authenticate(pap("alice", USERS.alice))), /ECONNREFUSED/);
  } finally {
    lonely.close();
  }
});

test("wrong_key_gives_an_error_not_a_verdict", async () => {
  const server = await TacacsFixture.start({ key: KEY_TWO, users: USERS });
  await withClient([server], async (client) => {
    for (const request of [pap("alice", USERS.alice), chap("alice", USERS.alice), login("alice", USERS.alice)]) {
      assert.match(failed(await client.authenticate(request)), /does not decode with the key/);
    }
    assert.ok(server.sessions.every((s) => s.undecodable !== undefined), "the fixture could not read our bodies either");
  });
});

test("malformed_or_mismatched_replies_give_an_error_not_a_verdict", async () => {
  const cases = [
    ["bad-lengths", /does not decode with the key: .*add up/],
    ["wrong-session-id", /session_id/],
    ["wrong-seq-no", /seq_no 4, expected 2/],
    ["wrong-version", /version 0xc0, sent 0xc1/],
    ["unencrypted", /unobfuscated/],
    ["hang-up", /closed by the server/],
  ] as const;
  for (const [misbehave, pattern] of cases) {
    const server = await fixture({ misbehave });
    await withClient([server], async (client) => {
      assert.match(failed(await client.authenticate(pap("alice", USERS.alice))), pattern, misbehave);
    });
  }
});

test("close_answers_pending_requests_and_later_ones_at_once", async () => {
  const silent = await fixture({ misbehave: "silent" });
  await withClient(
    [silent],
    async (client) => {
      const waiting = client.authenticate(login("alice", USERS.alice));
      await new Promise((resolve) => setTimeout(resolve, 50));
      const began = performance.now();
      client.close();
      assert.match(failed(await waiting), /closed/);
      assert.ok(performance.now() - began < 1000, "not after the 10 s timeout");
      assert.match(failed(await client.authenticate(pap("alice", USERS.alice))), /closed/);
      assert.equal(silent.sessions.length, 1, "no further server asked after close");
    },
    { timeoutMs: 10_000 },
  );
});

test("invalid_requests_and_options_are_refused_up_front", async () => {
  assert.throws(() => new TacacsClient({ servers: [], timeoutMs: 1 }), RangeError);
  assert.throws(() => new TacacsClient({ servers: [{ host: "127.0.0.1", port: 49, key: "" }], timeoutMs: 1 }), RangeError);
  assert.throws(() => new TacacsClient({ servers: [{ host: "127.0.0.1", port: 49, key: "k" }], timeoutMs: 0 }), RangeError);
  const client = new TacacsClient({ servers: [{ host: "127.0.0.1", port: 1, key: KEY }], timeoutMs: 100 });
  try {
    assert.match(failed(await client.authenticate(pap("a".repeat(256), "x"))), /user name of 256/);
    assert.match(failed(await client.authenticate({ ...chap("alice", USERS.alice), response: new Uint8Array(15) } as AaaRequest)), /16 octets/);
    assert.match(failed(await client.authenticate(pap("alice", "p".repeat(256)))), /password longer/);
  } finally {
    client.close();
  }
});

test("no_key_password_or_chap_response_appears_in_any_reason", () => {
  assert.ok(reasons.length >= 10, `reasons collected by the tests before: ${reasons.length}`);
  const response = chapResponse(7, USERS.alice, CHALLENGE);
  const secrets = [KEY, KEY_TWO, ...Object.values(USERS), toHex(response), Buffer.from(response).toString("latin1"), Buffer.from(response).toString("base64")];
  for (const reason of reasons) for (const secret of secrets) assert.ok(!reason.includes(secret), `a secret in: ${reason}`);
});
