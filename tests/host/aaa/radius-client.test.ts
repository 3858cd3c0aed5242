// RadiusClient against fake RADIUS servers on 127.0.0.1: each server decodes what it receives
// with the codec, checks it the way a real server would (hidden password, CHAP response,
// request attributes) and answers, stays silent or forges, as the test says.

import { test } from "node:test";
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { RadiusClient, type AaaAnswer, type AaaRequest, type MessageAuthenticatorPolicy, type RadiusClientOptions } from "../../../host/aaa/radius-client.ts";
import {
  FakeRadiusServer as FakeServer,
  RADIUS_TEST_SECRET,
  requestMessageAuthenticatorValid,
  type RadiusHandler as Handler,
} from "../../support/radius-fixture.ts";
import {
  CISCO_AVPAIR,
  RADIUS_ACCESS_ACCEPT,
  RADIUS_ACCESS_CHALLENGE,
  RADIUS_ACCESS_REJECT,
  RADIUS_ACCESS_REQUEST,
  RADIUS_CALLBACK_NUMBER,
  RADIUS_CHAP_CHALLENGE,
  RADIUS_CHAP_PASSWORD,
  RADIUS_FRAMED_PROTOCOL,
  RADIUS_MESSAGE_AUTHENTICATOR,
  RADIUS_NAS_IDENTIFIER,
  RADIUS_NAS_IP_ADDRESS,
  RADIUS_NAS_PORT,
  RADIUS_NAS_PORT_TYPE,
  RADIUS_REPLY_MESSAGE,
  RADIUS_SERVICE_TYPE,
  RADIUS_USER_NAME,
  RADIUS_USER_PASSWORD,
  VENDOR_CISCO,
  radiusDecode,
  radiusEncode,
  radiusEncodeResponse,
  radiusHidePassword,
  radiusInteger,
  radiusIntegerValue,
  radiusMessageAuthenticatorCheck,
  radiusResponseValid,
  radiusRevealPassword,
  radiusText,
  radiusTextValue,
  radiusVendorAttribute,
  radiusVendorSubAttributes,
  type RadiusAttribute,
  type RadiusPacket,
} from "../../../host/aaa/radius-codec.ts";
import { chapResponse } from "../../support/chap.ts";

const hex = (text: string) => Uint8Array.from(Buffer.from(text.replace(/\s+/g, ""), "hex"));
const toHex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");
const bytes = (text: string) => Uint8Array.from(Buffer.from(text, "utf8"));

const SECRET = RADIUS_TEST_SECRET;
const SECRET_TWO = "Sh4redSecret-two";
const USERS: Record<string, string> = { alice: "alice-Passw0rd", bob: "bob-a-much-longer-password-over-16" };

function attribute(packet: RadiusPacket, type: number): RadiusAttribute | undefined {
  return packet.attributes.find((a) => a.type === type);
}

function integer(packet: RadiusPacket, type: number): number | null {
  const a = attribute(packet, type);
  return a ? radiusIntegerValue(a) : null;
}

function text(packet: RadiusPacket, type: number): string | null {
  const a = attribute(packet, type);
  return a ? radiusTextValue(a) : null;
}

function avpair(pair: string): RadiusAttribute {
  return radiusVendorAttribute(VENDOR_CISCO, radiusText(CISCO_AVPAIR, pair));
}

/** A server with USERS: PAP/login by the hidden password, CHAP by recomputing the response; `accept` gives the Accept's attributes. */
function checkingHandler(accept: (request: RadiusPacket) => RadiusAttribute[] = () => []): Handler {
  return (request, server) => {
    assert.equal(request.code, RADIUS_ACCESS_REQUEST);
    const password = USERS[text(request, RADIUS_USER_NAME) ?? ""];
    const hidden = attribute(request, RADIUS_USER_PASSWORD);
    const chap = attribute(request, RADIUS_CHAP_PASSWORD);
    let good = false;
    if (password !== undefined && hidden) {
      good = Buffer.from(radiusRevealPassword(hidden.value, server.secret, request.authenticator)).toString("utf8") === password;
    } else if (password !== undefined && chap) {
      const challenge = attribute(request, RADIUS_CHAP_CHALLENGE)?.value ?? request.authenticator;
      good = toHex(chap.value.subarray(1)) === toHex(chapResponse(chap.value[0], bytes(password), challenge));
    }
    if (good) return [server.reply(request, RADIUS_ACCESS_ACCEPT, accept(request))];
    return [server.reply(request, RADIUS_ACCESS_REJECT, [radiusText(RADIUS_REPLY_MESSAGE, "Authentication failed")])];
  };
}

async function withClient<T>(servers: FakeServer[], body: (client: RadiusClient) => Promise<T>, extra: Partial<RadiusClientOptions> = {}): Promise<T> {
  const client = new RadiusClient({
    servers: servers.map((s) => ({ host: "127.0.0.1", port: s.port, secret: s.secret })),
    // Long enough that a loaded machine never retransmits where a test counts datagrams; timing tests pass 50 ms.
    timeoutMs: 1000,
    retries: 2,
    ...extra,
  });
  try {
    return await body(client);
  } finally {
    client.close();
    servers.forEach((s) => s.close());
  }
}

type PasswordRequest = Extract<AaaRequest, { kind: "pap" | "login" }>;
const pap = (user: string, password: string, line = 3): PasswordRequest => ({ kind: "pap", line, user, password: bytes(password) });

function accepted(answer: AaaAnswer): Extract<AaaAnswer, { verdict: "accept" }> {
  assert.equal(answer.verdict, "accept", JSON.stringify(answer));
  return answer as Extract<AaaAnswer, { verdict: "accept" }>;
}

// ---- codec, over RFC 2865 §7.1's example (user nemo, password arctangent, secret xyzzy5461) ----

const RFC_REQUEST = hex(`01 00 00 38 0f 40 3f 94 73 97 80 57 bd 83 d5 cb 98 f4 22 7a
  01 06 6e 65 6d 6f 02 12 0d be 70 8d 93 d4 13 ce 31 96 e4 3f 78 2a 0a ee 04 06 c0 a8 01 10 05 06 00 00 00 03`);
const RFC_ACCEPT = hex(`02 00 00 26 86 fe 22 0e 76 24 ba 2a 10 05 f6 bf 9b 55 e0 b2
  06 06 00 00 00 01 0f 06 00 00 00 00 0e 06 c0 a8 01 03`);
const RFC_AUTHENTICATOR = RFC_REQUEST.slice(4, 20);

test("codec_rfc2865_example_request_parses_and_reveals_the_password", () => {
  const packet = radiusDecode(RFC_REQUEST);
  assert.ok(typeof packet !== "string", String(packet));
  assert.equal(packet.code, RADIUS_ACCESS_REQUEST);
  assert.equal(packet.identifier, 0);
  assert.deepEqual(
    packet.attributes.map((a) => a.type),
    [RADIUS_USER_NAME, RADIUS_USER_PASSWORD, RADIUS_NAS_IP_ADDRESS, RADIUS_NAS_PORT],
  );
  assert.equal(text(packet, RADIUS_USER_NAME), "nemo");
  assert.equal(integer(packet, RADIUS_NAS_PORT), 3);
  const hidden = attribute(packet, RADIUS_USER_PASSWORD)!.value;
  assert.equal(Buffer.from(radiusRevealPassword(hidden, "xyzzy5461", RFC_AUTHENTICATOR)).toString(), "arctangent");
});

test("codec_rfc2865_example_request_is_emitted_byte_for_byte", () => {
  const packet: RadiusPacket = {
    code: RADIUS_ACCESS_REQUEST,
    identifier: 0,
    authenticator: RFC_AUTHENTICATOR,
    attributes: [
      radiusText(RADIUS_USER_NAME, "nemo"),
      { type: RADIUS_USER_PASSWORD, value: radiusHidePassword(bytes("arctangent"), "xyzzy5461", RFC_AUTHENTICATOR) },
      { type: RADIUS_NAS_IP_ADDRESS, value: hex("c0a80110") },
      radiusInteger(RADIUS_NAS_PORT, 3),
    ],
  };
  assert.equal(toHex(radiusEncode(packet)), toHex(RFC_REQUEST));
});

test("codec_rfc2865_example_accept_checks_and_is_signed_byte_for_byte", () => {
  assert.equal(radiusResponseValid(RFC_ACCEPT, RFC_AUTHENTICATOR, "xyzzy5461"), true);
  assert.equal(radiusResponseValid(RFC_ACCEPT, RFC_AUTHENTICATOR, "xyzzy5462"), false, "another secret");
  const otherRequest = Uint8Array.from(RFC_AUTHENTICATOR);
  otherRequest[15] ^= 1;
  assert.equal(radiusResponseValid(RFC_ACCEPT, otherRequest, "xyzzy5461"), false, "another Request Authenticator");
  const accept = radiusDecode(RFC_ACCEPT);
  assert.ok(typeof accept !== "string");
  assert.equal(toHex(radiusEncodeResponse(accept, RFC_AUTHENTICATOR, "xyzzy5461", false)), toHex(RFC_ACCEPT));
});

test("codec_long_and_empty_passwords_round_trip_in_16_octet_blocks", () => {
  const authenticator = hex("00112233445566778899aabbccddeeff");
  for (const length of [0, 1, 15, 16, 17, 40, 128]) {
    const password = Uint8Array.from({ length }, (_, i) => 1 + ((i * 37) % 250));
    const hidden = radiusHidePassword(password, "s", authenticator);
    assert.equal(hidden.length, Math.max(16, Math.ceil(length / 16) * 16), `length ${length}`);
    assert.equal(toHex(radiusRevealPassword(hidden, "s", authenticator)), toHex(password), `length ${length}`);
  }
  assert.throws(() => radiusHidePassword(new Uint8Array(129), "s", authenticator), RangeError);
});

test("codec_malformed_packets_are_refused_with_a_reason", () => {
  assert.equal(typeof radiusDecode(RFC_ACCEPT.subarray(0, 19)), "string", "shorter than a header");
  assert.equal(typeof radiusDecode(RFC_ACCEPT.subarray(0, 30)), "string", "shorter than Length");
  const badAttribute = Uint8Array.from(RFC_ACCEPT);
  badAttribute[21] = 40;
  assert.equal(typeof radiusDecode(badAttribute), "string", "attribute running past Length");
  badAttribute[21] = 1;
  assert.equal(typeof radiusDecode(badAttribute), "string", "attribute length 1");
  const padded = radiusDecode(Uint8Array.from([...RFC_ACCEPT, 0, 0, 0]));
  assert.ok(typeof padded !== "string", "octets past Length are padding");
  assert.equal(padded.attributes.length, 3);
});

test("codec_vendor_specific_round_trips_a_cisco_avpair", () => {
  const vsa = avpair("lcp:callback-dialstring=5551234");
  assert.equal(toHex(vsa.value.subarray(0, 6)), "00000009" + "01" + (2 + 31).toString(16));
  const parsed = radiusVendorSubAttributes(vsa);
  assert.equal(parsed?.vendor, 9);
  assert.equal(parsed && radiusTextValue(parsed.attributes[0]), "lcp:callback-dialstring=5551234");
  assert.equal(radiusVendorSubAttributes({ type: 26, value: hex("00000009 01 40 41") }), null, "sub-attribute past the end");
});

// ---- the client against fake servers ----

test("pap_accept_server_reveals_the_password_and_sees_the_framed_ppp_request", async () => {
  const server = await FakeServer.start(checkingHandler(() => [radiusText(RADIUS_REPLY_MESSAGE, "Welcome")]));
  await withClient([server], async (client) => {
    const answer = await client.authenticate(pap("bob", USERS.bob, 7));
    assert.deepEqual(answer, { verdict: "accept", callback: null, replyMessage: "Welcome" });
    const { packet } = server.received[0];
    assert.equal(text(packet, RADIUS_USER_NAME), "bob");
    assert.equal(attribute(packet, RADIUS_USER_PASSWORD)?.value.length, 48, "34 octets pad to three blocks");
    assert.equal(integer(packet, RADIUS_NAS_PORT), 7);
    assert.equal(integer(packet, RADIUS_NAS_PORT_TYPE), 0, "Async");
    assert.equal(integer(packet, RADIUS_SERVICE_TYPE), 2, "Framed");
    assert.equal(integer(packet, RADIUS_FRAMED_PROTOCOL), 1, "PPP");
    assert.equal(toHex(attribute(packet, RADIUS_NAS_IP_ADDRESS)?.value ?? new Uint8Array()), "7f000001");
    assert.equal(attribute(packet, RADIUS_NAS_IDENTIFIER), undefined);
    assert.equal(server.received.length, 1, "answered at once, no retransmission");
  });
});

test("pap_wrong_password_is_rejected_with_the_reply_message", async () => {
  const server = await FakeServer.start(checkingHandler());
  await withClient([server], async (client) => {
    assert.deepEqual(await client.authenticate(pap("alice", "not-her-password")), { verdict: "reject", replyMessage: "Authentication failed" });
    assert.deepEqual(await client.authenticate(pap("mallory", USERS.alice)), { verdict: "reject", replyMessage: "Authentication failed" });
  });
});

test("chap_accept_server_recomputes_md5_of_id_secret_challenge", async () => {
  // protocols.md §3 vector: id 00, secret s3cret, this challenge → 962dff83…; the server below recomputes it independently.
  const challenge = hex("f65972c5603dffaa0c81d028b7f40129ab98fd10525e");
  assert.equal(toHex(chapResponse(0, bytes("s3cret"), challenge)), "962dff83fcb0dca2b78ec75a4a0e0df8");
  const server = await FakeServer.start(checkingHandler());
  await withClient([server], async (client) => {
    const request = (response: Uint8Array): AaaRequest => ({ kind: "chap", line: 1, user: "alice", id: 0x42, challenge, response });
    const good = chapResponse(0x42, bytes(USERS.alice), challenge);
    assert.deepEqual(await client.authenticate(request(good)), { verdict: "accept", callback: null, replyMessage: null });
    const { packet } = server.received[0];
    assert.equal(toHex(attribute(packet, RADIUS_CHAP_PASSWORD)!.value), "42" + toHex(good));
    assert.equal(toHex(attribute(packet, RADIUS_CHAP_CHALLENGE)!.value), toHex(challenge));
    assert.equal(attribute(packet, RADIUS_USER_PASSWORD), undefined);
    assert.equal(integer(packet, RADIUS_SERVICE_TYPE), 2);
    const wrong = chapResponse(0x43, bytes(USERS.alice), challenge);
    assert.equal((await client.authenticate(request(wrong))).verdict, "reject");
  });
});

test("login_request_carries_service_type_login_and_the_nas_identifier", async () => {
  const server = await FakeServer.start(checkingHandler());
  await withClient(
    [server],
    async (client) => {
      const answer = await client.authenticate({ kind: "login", line: 2, user: "alice", password: bytes(USERS.alice) });
      assert.deepEqual(answer, { verdict: "accept", callback: null, replyMessage: null });
      const { packet } = server.received[0];
      assert.equal(integer(packet, RADIUS_SERVICE_TYPE), 1, "Login");
      assert.equal(attribute(packet, RADIUS_FRAMED_PROTOCOL), undefined);
      assert.equal(text(packet, RADIUS_NAS_IDENTIFIER), "as5200");
      assert.equal(attribute(packet, RADIUS_NAS_IP_ADDRESS), undefined);
      assert.equal(integer(packet, RADIUS_NAS_PORT), 2);
    },
    { nasIdentifier: "as5200" },
  );
});

/** The answer to an Accept carrying `attributes`, for a request of `kind`. */
async function acceptWith(attributes: RadiusAttribute[], kind: "pap" | "login" = "pap"): Promise<AaaAnswer> {
  const server = await FakeServer.start(checkingHandler(() => attributes));
  return withClient([server], (client) => client.authenticate({ kind, line: 3, user: "alice", password: bytes(USERS.alice) }));
}

test("accept_with_callback_number_gives_the_dialstring", async () => {
  const answer = accepted(await acceptWith([radiusText(RADIUS_CALLBACK_NUMBER, "5551234")]));
  assert.deepEqual(answer.callback, { dialstring: "5551234", noCallbackVerify: false, callbackLine: null, callbackRotary: null });
});

test("accept_with_cisco_avpairs_gives_dialstring_verify_line_and_rotary_and_they_win_over_callback_number", async () => {
  const answer = accepted(
    await acceptWith([
      radiusInteger(RADIUS_SERVICE_TYPE, 4),
      radiusText(RADIUS_CALLBACK_NUMBER, "1111"),
      avpair("lcp:callback-dialstring=5559876"),
      avpair("nocallback-verify=1"),
      avpair("callback-line=5"),
      avpair("lcp:callback-rotary=12"),
      avpair("ip:addr-pool=default"),
    ]),
  );
  assert.deepEqual(answer.callback, { dialstring: "5559876", noCallbackVerify: true, callbackLine: 5, callbackRotary: 12 });
});

test("accept_cisco_avpair_prefix_must_fit_the_service_lcp_for_ppp_shell_for_login", async () => {
  const pairs = [avpair("lcp:callback-dialstring=100"), avpair("shell:callback-dialstring=200"), avpair("arap:callback-line=9")];
  assert.equal(accepted(await acceptWith(pairs, "pap")).callback?.dialstring, "100");
  assert.equal(accepted(await acceptWith(pairs, "login")).callback?.dialstring, "200");
  const bare = accepted(await acceptWith([avpair("callback-dialstring=300")], "login"));
  assert.deepEqual(bare.callback, { dialstring: "300", noCallbackVerify: false, callbackLine: null, callbackRotary: null });
  const otherVendor = radiusVendorAttribute(311, radiusText(CISCO_AVPAIR, "callback-dialstring=400"));
  assert.deepEqual(accepted(await acceptWith([otherVendor])).callback, null, "only vendor 9 speaks Cisco AV pairs");
});

test("accept_callback_framed_user_without_a_number_lets_the_caller_give_it", async () => {
  // Decision: Service-Type Callback-Framed-User (4) or Callback-Login-User (3) with no number = callback allowed, number from the caller (dialstring "").
  const framed = accepted(await acceptWith([radiusInteger(RADIUS_SERVICE_TYPE, 4)]));
  assert.deepEqual(framed.callback, { dialstring: "", noCallbackVerify: false, callbackLine: null, callbackRotary: null });
  const login = accepted(await acceptWith([radiusInteger(RADIUS_SERVICE_TYPE, 3)], "login"));
  assert.equal(login.callback?.dialstring, "");
  const plain = accepted(await acceptWith([radiusInteger(RADIUS_SERVICE_TYPE, 2), radiusInteger(RADIUS_FRAMED_PROTOCOL, 1)]));
  assert.equal(plain.callback, null, "Framed-User is no callback");
  const lineOnly = accepted(await acceptWith([avpair("callback-line=4")]));
  assert.deepEqual(lineOnly.callback, { dialstring: null, noCallbackVerify: false, callbackLine: 4, callbackRotary: null }, "no number given at all");
});

test("access_challenge_is_treated_as_reject_keeping_its_message", async () => {
  const server = await FakeServer.start((request, s) => [s.reply(request, RADIUS_ACCESS_CHALLENGE, [radiusText(RADIUS_REPLY_MESSAGE, "Enter token")])]);
  await withClient([server], async (client) => {
    assert.deepEqual(await client.authenticate(pap("alice", USERS.alice)), { verdict: "reject", replyMessage: "Enter token" });
  });
});

test("reply_with_bad_response_authenticator_is_dropped_and_the_good_one_after_it_is_used", async () => {
  const server = await FakeServer.start((request, s) => {
    const forged = radiusEncodeResponse({ code: RADIUS_ACCESS_ACCEPT, identifier: request.identifier, attributes: [] }, request.authenticator, "wrong");
    const otherId = s.reply({ ...request, identifier: (request.identifier + 1) % 256 }, RADIUS_ACCESS_ACCEPT);
    return [forged, otherId, s.reply(request, RADIUS_ACCESS_REJECT)];
  });
  await withClient([server], async (client) => {
    assert.deepEqual(await client.authenticate(pap("alice", USERS.alice)), { verdict: "reject", replyMessage: null });
    assert.equal(client.dropped, 2, "the forged Accept and the one for another identifier");
  });
});

test("only_forged_replies_end_in_error_naming_the_authenticator_check", async () => {
  const server = await FakeServer.start((request) => [
    radiusEncodeResponse({ code: RADIUS_ACCESS_ACCEPT, identifier: request.identifier, attributes: [] }, request.authenticator, "wrong"),
  ]);
  await withClient(
    [server],
    async (client) => {
      const answer = await client.authenticate(pap("alice", USERS.alice));
      assert.equal(answer.verdict, "error");
      assert.match((answer as { reason: string }).reason, /replies failing the Response Authenticator check: 3/);
      assert.equal(server.received.length, 3, "first transmission and 2 retries");
    },
    { timeoutMs: 50 },
  );
});

test("silent_server_gives_error_within_servers_times_attempts_times_timeout", async () => {
  const silent = await FakeServer.start(() => []);
  const silentToo = await FakeServer.start(() => [], SECRET_TWO);
  await withClient(
    [silent, silentToo],
    async (client) => {
      const started = performance.now();
      const answer = await client.authenticate(pap("alice", USERS.alice));
      const elapsed = performance.now() - started;
      assert.equal(answer.verdict, "error");
      assert.match((answer as { reason: string }).reason, /no valid answer from 2 RADIUS server\(s\).*no answer after 3 transmission/);
      // Bound 2 × 3 × 50 ms = 300 ms. Timers fire late, not early (give or take the loop's cached clock), so the slack is above.
      assert.ok(elapsed >= 250 && elapsed < 300 + 700, `took ${elapsed} ms`);
      for (const s of [silent, silentToo]) {
        assert.equal(s.received.length, 3);
        assert.equal(new Set(s.received.map((r) => toHex(r.datagram))).size, 1, "retransmissions repeat the datagram");
      }
    },
    { timeoutMs: 50 },
  );
});

test("failover_to_the_second_server_rebuilds_the_request_with_its_secret", async () => {
  const silent = await FakeServer.start(() => []);
  const second = await FakeServer.start(checkingHandler(() => [radiusText(RADIUS_CALLBACK_NUMBER, "777")]), SECRET_TWO);
  await withClient(
    [silent, second],
    async (client) => {
      const answer = accepted(await client.authenticate(pap("alice", USERS.alice)));
      assert.equal(answer.callback?.dialstring, "777");
      assert.equal(silent.received.length, 2, "first transmission and one retry");
      assert.equal(second.received.length, 1);
      assert.notEqual(toHex(second.received[0].packet.authenticator), toHex(silent.received[0].packet.authenticator));
    },
    { retries: 1, timeoutMs: 200 },
  );
});

test("concurrent_requests_get_distinct_identifiers_and_each_its_own_answer", async () => {
  const users = ["u0", "u1", "u2", "u3", "u4", "u5"];
  const held: RadiusPacket[] = [];
  // Holds every request until all are outstanding, then answers in reverse order, each Accept naming its user.
  const server = await FakeServer.start((request, s) => {
    held.push(request);
    if (held.length < users.length) return [];
    return held.map((r) => s.reply(r, RADIUS_ACCESS_ACCEPT, [radiusText(RADIUS_REPLY_MESSAGE, text(r, RADIUS_USER_NAME)!)])).reverse();
  });
  await withClient(
    [server],
    async (client) => {
      const answers = await Promise.all(users.map((user, line) => client.authenticate(pap(user, "x", line))));
      assert.deepEqual(
        answers.map((a) => accepted(a).replyMessage),
        users,
      );
      assert.equal(held.length, users.length, "no retransmission while held");
      assert.equal(new Set(held.map((p) => p.identifier)).size, users.length, `identifiers ${held.map((p) => p.identifier)}`);
    },
    { timeoutMs: 2000 },
  );
});

test("close_answers_pending_requests_with_error_and_refuses_new_ones", async () => {
  let closeNow = () => {};
  const server = await FakeServer.start(() => {
    closeNow();
    return [];
  });
  await withClient([server], async (client) => {
    closeNow = () => client.close();
    const answer = await client.authenticate(pap("alice", USERS.alice));
    assert.deepEqual(answer, { verdict: "error", reason: "RADIUS client closed" });
    assert.deepEqual(await client.authenticate(pap("alice", USERS.alice)), { verdict: "error", reason: "RADIUS client is closed" });
  });
});

test("no_secret_password_or_chap_response_appears_in_any_error_reason", async () => {
  const silent = await FakeServer.start(() => []);
  const forging = await FakeServer.start((request) => [
    radiusEncodeResponse({ code: RADIUS_ACCESS_ACCEPT, identifier: request.identifier, attributes: [] }, request.authenticator, "x"),
  ]);
  const chapResponseBytes = bytes("RESPONSE16octets");
  const secrets = [SECRET, SECRET_TWO, USERS.alice, "RESPONSE16octets", toHex(bytes(SECRET)), toHex(bytes(USERS.alice)), toHex(chapResponseBytes)];
  const reasons: string[] = [];
  const collect = (answer: AaaAnswer) => {
    assert.equal(answer.verdict, "error");
    reasons.push((answer as { reason: string }).reason);
  };
  const client = new RadiusClient({
    servers: [
      { host: "127.0.0.1", port: silent.port, secret: SECRET },
      { host: "127.0.0.1", port: forging.port, secret: SECRET_TWO },
    ],
    timeoutMs: 30,
    retries: 0,
  });
  try {
    collect(await client.authenticate(pap("alice", USERS.alice)));
    collect(await client.authenticate({ kind: "chap", line: 0, user: "alice", id: 1, challenge: bytes("challenge"), response: chapResponseBytes }));
    collect(await client.authenticate({ kind: "chap", line: 0, user: "alice", id: 1, challenge: bytes("c"), response: chapResponseBytes }));
    collect(await client.authenticate({ ...pap("alice", USERS.alice), password: bytes(USERS.alice.repeat(10)) }));
    collect(await client.authenticate(pap("", USERS.alice)));
    const pending = client.authenticate(pap("alice", USERS.alice));
    client.close();
    collect(await pending);
  } finally {
    silent.close();
    forging.close();
  }
  assert.equal(reasons.length, 6);
  assert.match(reasons[0], /replies failing the Response Authenticator check: 1/);
  assert.match(reasons[2], /CHAP challenge/);
  assert.match(reasons[3], /password longer than 128/);
  for (const reason of reasons) for (const s of secrets) assert.ok(!reason.includes(s), `reason leaks a secret: ${reason}`);
  assert.throws(
    () => new RadiusClient({ servers: [{ host: "127.0.0.1", port: 0, secret: SECRET }], timeoutMs: 1, retries: 0 }),
    (e: Error) => e instanceof RangeError && /port 0/.test(e.message) && !e.message.includes(SECRET),
  );
});

// ---- Message-Authenticator (RFC 3579 §3.2) against BlastRADIUS (CVE-2024-3596) ----

/** A reply for `request` as the BlastRADIUS forgery leaves it: `code`, a valid Response Authenticator, no Message-Authenticator. */
function withoutMessageAuthenticator(s: FakeServer, request: RadiusPacket, code: number, attributes: RadiusAttribute[] = []): Uint8Array {
  return s.reply(request, code, attributes, false);
}

/** A signed reply whose Message-Authenticator is then spoiled and the Response Authenticator signed again over it. */
function badMessageAuthenticator(s: FakeServer, request: RadiusPacket, code: number): Uint8Array {
  const spoiled = radiusDecode(s.reply(request, code));
  assert.ok(typeof spoiled !== "string");
  const value = Uint8Array.from(spoiled.attributes[0].value);
  value[0] ^= 0x80;
  const attributes = [{ type: RADIUS_MESSAGE_AUTHENTICATOR, value }, ...spoiled.attributes.slice(1)];
  return radiusEncodeResponse({ ...spoiled, attributes }, request.authenticator, s.secret, false);
}

test("every_access_request_carries_a_message_authenticator_first_that_the_server_verifies", async () => {
  const server = await FakeServer.start(checkingHandler());
  await withClient([server], async (client) => {
    await client.authenticate(pap("alice", USERS.alice));
    await client.authenticate({ kind: "login", line: 2, user: "bob", password: bytes(USERS.bob) });
    const challenge = hex("00112233445566778899aabbccddeeff");
    await client.authenticate({ kind: "chap", line: 1, user: "alice", id: 7, challenge, response: chapResponse(7, bytes(USERS.alice), challenge) });
    assert.equal(server.received.length, 3);
    for (const r of server.received) {
      assert.equal(r.packet.attributes[0].type, RADIUS_MESSAGE_AUTHENTICATOR);
      assert.equal(r.messageAuthenticatorFirstAndValid, true, toHex(r.datagram));
      assert.equal(requestMessageAuthenticatorValid(r.datagram, "another secret"), false);
    }
  });
});

test("reply_message_authenticator_is_hmac_md5_with_the_request_authenticator_and_is_checked_by_value", async () => {
  // RFC 3579 §3.2 recomputed apart from the codec: HMAC-MD5 over the reply with the Request Authenticator in its header.
  const request = { code: RADIUS_ACCESS_REQUEST, identifier: 9, authenticator: hex("0f403f9473978057bd83d5cb98f4227a"), attributes: [] };
  const accept = (attributes: RadiusAttribute[], withOne = true) =>
    radiusEncodeResponse({ code: RADIUS_ACCESS_ACCEPT, identifier: 9, attributes }, request.authenticator, "xyzzy5461", withOne);
  const reply = accept([radiusText(RADIUS_REPLY_MESSAGE, "hi")]);
  const zeroed = Uint8Array.from(reply);
  zeroed.set(request.authenticator, 4);
  zeroed.fill(0, 22, 38);
  assert.equal(toHex(reply.subarray(20, 22)), "5012", "first attribute: type 80, length 18");
  assert.equal(toHex(reply.subarray(22, 38)), createHmac("md5", "xyzzy5461").update(zeroed).digest("hex"));
  assert.equal(radiusMessageAuthenticatorCheck(reply, request.authenticator, "xyzzy5461"), "valid");
  assert.equal(radiusMessageAuthenticatorCheck(reply, request.authenticator, "xyzzy5462"), "invalid");
  assert.equal(radiusMessageAuthenticatorCheck(reply, hex("00".repeat(16)), "xyzzy5461"), "invalid", "another request");
  const twice = accept([{ type: RADIUS_MESSAGE_AUTHENTICATOR, value: new Uint8Array(16) }]);
  assert.equal(radiusMessageAuthenticatorCheck(twice, request.authenticator, "xyzzy5461"), "invalid", "RFC 3579 §3.3: at most one");
  const plain = accept([], false);
  assert.equal(radiusMessageAuthenticatorCheck(plain, request.authenticator, "xyzzy5461"), "absent");
});

test("an_accept_without_message_authenticator_is_refused_by_default_and_logged_a_reject_without_one_is_taken", async () => {
  const logs: string[] = [];
  const callback = [radiusText(RADIUS_CALLBACK_NUMBER, "0900666")];
  const forging = await FakeServer.start((request, s) => [withoutMessageAuthenticator(s, request, RADIUS_ACCESS_ACCEPT, callback)]);
  await withClient(
    [forging],
    async (client) => {
      const answer = await client.authenticate(pap("alice", USERS.alice));
      assert.equal(answer.verdict, "error", JSON.stringify(answer));
      assert.match((answer as { reason: string }).reason, /replies without the Message-Authenticator this server must send \(Access-Accept\): 2/);
      assert.equal(client.dropped, 2);
      const drops = logs.filter((l) => l.startsWith("RADIUS: dropped"));
      assert.equal(drops.length, 2);
      assert.match(drops[0], /^RADIUS: dropped a reply without the Message-Authenticator .* from 127\.0\.0\.1:\d+, identifier \d+$/);
      // The server gave nothing valid: the log names it and hints at the key.
      assert.match(
        logs[2], /^RADIUS 127\.0\.0\.1:\d+: replies without the Message-Authenticator .* after 2 transmission\(s\) for alice \(does it share our key\?\)$/,
      );
      for (const line of logs) assert.ok(!line.includes(SECRET) && !line.includes(USERS.alice) && !line.includes("0900666"), line);
    },
    { timeoutMs: 50, retries: 1, log: (text) => logs.push(text) },
  );
  const rejecting = await FakeServer.start((request, s) => [withoutMessageAuthenticator(s, request, RADIUS_ACCESS_REJECT)]);
  await withClient([rejecting], async (client) => {
    assert.deepEqual(await client.authenticate(pap("alice", "wrong")), { verdict: "reject", replyMessage: null });
  });
});

test("required_policy_refuses_any_reply_without_one_optional_takes_an_old_servers_accept", async () => {
  const old = (code: number): Handler => (request, s) => [withoutMessageAuthenticator(s, request, code)];
  const strict = await FakeServer.start(old(RADIUS_ACCESS_REJECT));
  const server = (s: FakeServer, messageAuthenticator: MessageAuthenticatorPolicy) => [
    { host: "127.0.0.1", port: s.port, secret: SECRET, messageAuthenticator },
  ];
  const strictClient = new RadiusClient({ servers: server(strict, "required"), timeoutMs: 50, retries: 0 });
  try {
    const answer = await strictClient.authenticate(pap("alice", "wrong"));
    assert.equal(answer.verdict, "error");
    assert.match((answer as { reason: string }).reason, /without the Message-Authenticator this server must send \(every reply\): 1/);
  } finally {
    strictClient.close();
    strict.close();
  }
  const legacy = await FakeServer.start(old(RADIUS_ACCESS_ACCEPT));
  const legacyClient = new RadiusClient({ servers: server(legacy, "optional"), timeoutMs: 500, retries: 0 });
  try {
    assert.equal((await legacyClient.authenticate(pap("alice", USERS.alice))).verdict, "accept");
  } finally {
    legacyClient.close();
    legacy.close();
  }
  assert.throws(
    () => new RadiusClient({ servers: [{ host: "h", port: 1, secret: "s", messageAuthenticator: "sometimes" as "optional" }], timeoutMs: 1, retries: 0 }),
    /policy must be accept, required, optional/,
  );
});

test("a_wrong_message_authenticator_is_refused_even_where_none_is_required", async () => {
  const server = await FakeServer.start((request, s) => [badMessageAuthenticator(s, request, RADIUS_ACCESS_ACCEPT), s.reply(request, RADIUS_ACCESS_REJECT)]);
  const servers = [{ host: "127.0.0.1", port: server.port, secret: SECRET, messageAuthenticator: "optional" as const }];
  const client = new RadiusClient({ servers, timeoutMs: 1000, retries: 0 });
  try {
    assert.deepEqual(await client.authenticate(pap("alice", USERS.alice)), { verdict: "reject", replyMessage: null });
    assert.equal(client.dropped, 1, "the Accept with the spoiled value");
  } finally {
    client.close();
    server.close();
  }
});
