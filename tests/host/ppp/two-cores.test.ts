import { test } from "node:test";
import assert from "node:assert/strict";
import { PppPair, LINE } from "../../support/ppp-pair.ts";
import {
  Auth, authUserAdd, pppOpen, CallbackAccept, CallbackKind, CallbackRequest, CbcpType, ipPush, LinkDownReason, PppPhase, PppRole, PROTOCOL_CHAP,
  PROTOCOL_PAP,
} from "../../../host/core/ppp.ts";
import { EventKind, GlobalCounter, LineCounter } from "../../../host/core/abi.ts";
import { DEFAULT_SYSTEM } from "../../../host/image/writer.ts";

const SERVER_BASE = { ourAddress: "10.1.1.1", peerAddress: "10.1.1.2", name: "dialback" };
const CLIENT_BASE = { user: "ted", secret: "rhoda" };

async function pairWithUser(): Promise<PppPair> {
  const pair = await PppPair.create();
  assert.ok(authUserAdd(pair.server, "ted", "rhoda") >= 0);
  return pair;
}

function linkDown(pair: PppPair, side: "server" | "client"): LinkDownReason | undefined {
  return pair.find(side, "linkDown")[0]?.reason;
}

for (const [name, auth, protocol] of [
  ["pap", Auth.PAP, PROTOCOL_PAP],
  ["chap", Auth.CHAP, PROTOCOL_CHAP],
] as const) {
  test(`server_and_client_with_${name}_reach_network_with_configured_addresses`, async () => {
    const pair = await pairWithUser();
    pair.open({ ...SERVER_BASE, auth, trace: true }, { ...CLIENT_BASE });
    pair.run(() => pair.find("server", "ipcpUp").length > 0 && pair.find("client", "ipcpUp").length > 0);
    const ok = pair.find("server", "authSucceeded");
    assert.deepEqual(ok.map((e) => [e.direction, e.protocol, e.name]), [["peer", protocol, "ted"]]);
    assert.deepEqual(pair.find("client", "authSucceeded").map((e) => [e.direction, e.protocol]), [["self", protocol]]);
    assert.deepEqual(pair.find("server", "ipcpUp").map((e) => [e.ourAddress, e.peerAddress]), [["10.1.1.1", "10.1.1.2"]]);
    assert.deepEqual(pair.find("client", "ipcpUp").map((e) => [e.ourAddress, e.peerAddress]), [["10.1.1.2", "10.1.1.1"]]);
    assert.equal(pair.server.exports.pppPhase(LINE), PppPhase.Network);
    assert.equal(pair.client.exports.pppPhase(LINE), PppPhase.Network);
    // LCP agreed ACCM 0 both ways: pushed down to each line's framer.
    assert.deepEqual(pair.find("server", "framing").at(-1), { type: "framing", line: LINE, txAccm: 0, rxAccm: 0 });
    // Trace lines in the IOS `debug ppp negotiation` shape.
    const traces = pair.find("server", "trace").map((e) => e.text);
    assert.ok(traces.includes("As1 LCP: O CONFREQ [Closed] id 1 len " + (auth === Auth.CHAP ? "25" : "24")), traces.slice(0, 4).join("\n"));
    assert.ok(traces.some((t) => t.startsWith("As1 IPCP: I CONFREQ")));

    // Datagrams both ways once IPCP is up.
    const datagram = Buffer.from("4500001c0000000040010000" + "0a010102" + "0a010101" + "0800f7ff00000000", "hex");
    assert.equal(ipPush(pair.client, LINE, datagram), true);
    pair.pump();
    assert.deepEqual(Buffer.from(pair.find("server", "ipDatagram")[0].datagram), datagram);
    assert.equal(ipPush(pair.client, LINE, new Uint8Array(1501)), false); // over the peer's MRU

    // Closing from the client terminates LCP on both sides; LCP goes out with the default
    // ACCM (05 escaped as 7D 25) although ACCM 0 was agreed, IP does not.
    assert.equal(ipPush(pair.client, LINE, Buffer.from([0x45, 0x05])), true);
    const ipWire = Buffer.from(pair.client.txDrain(LINE)).toString("hex");
    assert.ok(ipWire.includes("4505") && !ipWire.includes("7d25"), ipWire);
    assert.equal(pair.client.exports.pppClose(LINE), 0);
    const termWire = Buffer.from(pair.client.txDrain(LINE)).toString("hex");
    assert.ok(termWire.startsWith("7eff7d23c0217d25"), termWire);
    pair.server.rxPush(LINE, Buffer.from(termWire, "hex"));
    pair.run(() => linkDown(pair, "server") !== undefined && linkDown(pair, "client") !== undefined);
    assert.equal(linkDown(pair, "client"), LinkDownReason.LocalClose);
    assert.equal(linkDown(pair, "server"), LinkDownReason.PeerTerminated);
    assert.equal(pair.server.counter(LINE, LineCounter.PppBadPackets), 0);
  });

  test(`wrong_${name}_secret_fails_authentication_and_terminates`, async () => {
    const pair = await pairWithUser();
    pair.open({ ...SERVER_BASE, auth }, { user: "ted", secret: "wrong" });
    pair.run(() => linkDown(pair, "server") !== undefined && linkDown(pair, "client") !== undefined);
    assert.deepEqual(pair.find("server", "authFailed").map((e) => [e.direction, e.protocol, e.name]), [["peer", protocol, "ted"]]);
    assert.equal(pair.find("server", "ipcpUp").length, 0);
    assert.equal(linkDown(pair, "server"), LinkDownReason.AuthFailed);
    assert.equal(linkDown(pair, "client"), LinkDownReason.AuthFailed);
  });

  test(`rfc1570_callback_with_${name}_hands_over_the_number_and_terminates`, async () => {
    const pair = await pairWithUser();
    pair.open(
      { ...SERVER_BASE, auth, callback: CallbackAccept.RFC1570 },
      { ...CLIENT_BASE, callback: CallbackRequest.RFC1570, callbackOperation: 3, number: "5551234" },
    );
    pair.run(() => linkDown(pair, "server") !== undefined && linkDown(pair, "client") !== undefined);
    assert.equal(pair.find("server", "authSucceeded").length, 1);
    const agreed = pair.find("server", "callbackAgreed");
    assert.deepEqual(agreed.map((e) => [e.kind, e.operation, e.number, e.role]), [[CallbackKind.RFC1570, 3, "5551234", PppRole.Server]]);
    // Authentication came first, and no network phase on the first call.
    const order = pair.events.server.map((e) => e.type);
    assert.ok(order.indexOf("authSucceeded") < order.indexOf("callbackAgreed"));
    assert.equal(pair.find("server", "ipcpUp").length, 0);
    assert.equal(linkDown(pair, "server"), LinkDownReason.Callback);
    assert.equal(linkDown(pair, "client"), LinkDownReason.Callback);
  });
}

test("cbcp_user_specified_number_is_agreed_then_the_client_terminates", async () => {
  const pair = await pairWithUser();
  pair.open(
    { ...SERVER_BASE, auth: Auth.CHAP, callback: CallbackAccept.CBCP, cbcpTypes: [CbcpType.NoCallback, CbcpType.UserNumber] },
    { ...CLIENT_BASE, callback: CallbackRequest.CBCP, number: "5551234", cbcpDelay: 5, trace: true },
  );
  pair.run(() => linkDown(pair, "server") !== undefined && linkDown(pair, "client") !== undefined);
  const server = pair.find("server", "callbackAgreed");
  assert.deepEqual(server.map((e) => [e.kind, e.operation, e.delay, e.number]), [[CallbackKind.CBCP, CbcpType.UserNumber, 5, "5551234"]]);
  const client = pair.find("client", "callbackAgreed");
  assert.deepEqual(client.map((e) => [e.kind, e.operation, e.number, e.role]), [[CallbackKind.CBCP, CbcpType.UserNumber, "5551234", PppRole.Client]]);
  assert.equal(pair.find("server", "ipcpUp").length, 0);
  assert.equal(linkDown(pair, "server"), LinkDownReason.Callback);
  assert.equal(linkDown(pair, "client"), LinkDownReason.Callback);
  const traces = pair.find("client", "trace").map((e) => e.text);
  assert.ok(traces.some((t) => t.startsWith("As1 CBCP: I REQUEST id 1")), traces.join("\n"));
  assert.ok(traces.some((t) => t.startsWith("As1 LCP: O TERMREQ")));
});

test("cbcp_preset_number_hands_over_the_administrators_number", async () => {
  const pair = await pairWithUser();
  pair.open(
    { ...SERVER_BASE, auth: Auth.PAP, callback: CallbackAccept.CBCP, cbcpTypes: [CbcpType.AdminNumber], number: "4085551000" },
    { ...CLIENT_BASE, callback: CallbackRequest.CBCP },
  );
  pair.run(() => linkDown(pair, "server") !== undefined && linkDown(pair, "client") !== undefined);
  const server = pair.find("server", "callbackAgreed");
  assert.deepEqual(server.map((e) => [e.kind, e.operation, e.number]), [[CallbackKind.CBCP, CbcpType.AdminNumber, "4085551000"]]);
  assert.equal(linkDown(pair, "server"), LinkDownReason.Callback);
});

test("cbcp_no_callback_answer_goes_on_to_the_network_phase", async () => {
  const pair = await pairWithUser();
  pair.open(
    { ...SERVER_BASE, auth: Auth.PAP, callback: CallbackAccept.CBCP, cbcpTypes: [CbcpType.NoCallback, CbcpType.UserNumber] },
    { ...CLIENT_BASE, callback: CallbackRequest.CBCP },
  );
  pair.run(() => pair.find("server", "ipcpUp").length > 0 && pair.find("client", "ipcpUp").length > 0);
  assert.equal(pair.find("server", "callbackAgreed").length, 0);
  assert.deepEqual(pair.find("client", "ipcpUp").map((e) => e.ourAddress), ["10.1.1.2"]);
});

test("server_without_callback_rejects_the_option_and_the_client_goes_on_without_it", async () => {
  const pair = await pairWithUser();
  pair.open({ ...SERVER_BASE, auth: Auth.PAP }, { ...CLIENT_BASE, callback: CallbackRequest.CBCP });
  pair.run(() => pair.find("client", "ipcpUp").length > 0);
  assert.equal(pair.find("client", "callbackAgreed").length, 0);
  assert.equal(pair.find("server", "ipcpUp").length, 1);
});

test("host_aaa_answers_a_pending_pap_check", async () => {
  const pair = await PppPair.create();
  pair.server.exports.authModeSet(2);
  pair.open({ ...SERVER_BASE, auth: Auth.PAP }, { ...CLIENT_BASE });
  pair.run(() => pair.find("server", "authRequest").length > 0);
  const request = pair.find("server", "authRequest")[0];
  assert.equal(request.name, "ted");
  assert.equal(Buffer.from(request.data).toString(), "rhoda");
  assert.ok(request.token > 0);
  // Only the answer to this question counts: another token (a late answer to an earlier one) decides nothing.
  assert.equal(pair.server.exports.authResult(LINE, 1, request.token + 1), 0);
  assert.equal(pair.server.exports.authResult(LINE, 1, 0), 0);
  assert.equal(pair.find("server", "authSucceeded").length, 0);
  assert.equal(pair.server.exports.authResult(LINE, 1, request.token), 1);
  pair.run(() => pair.find("client", "ipcpUp").length > 0);
  assert.equal(pair.find("server", "authSucceeded").length, 1);
  assert.equal(pair.server.exports.authResult(LINE, 1, request.token), 0, "answered already");
});

test("a_silent_peer_gets_max_configure_requests_then_the_link_fails", async () => {
  const pair = await pairWithUser();
  assert.equal(pppOpen(pair.server, LINE, PppRole.Server, { ...SERVER_BASE, auth: Auth.PAP, trace: true }), 0);
  for (let step = 0; step < 50 && linkDown(pair, "server") === undefined; step++) {
    pair.server.txDrain(LINE); // nobody listens
    pair.pump();
    const d = pair.server.tick(pair.clock.now());
    if (d === null) break;
    pair.clock.jumpTo(d);
    pair.server.tick(pair.clock.now());
  }
  pair.pump();
  const requests = pair.find("server", "trace").filter((e) => e.text.includes("O CONFREQ"));
  assert.equal(requests.length, 10);
  assert.equal(pair.clock.now(), 1_000 + 10 * 3_000);
  assert.equal(linkDown(pair, "server"), LinkDownReason.NegotiationFailed);
  assert.equal(pair.server.exports.pppPhase(LINE), PppPhase.Dead);
});

test("the_same_exchange_fed_in_pieces_of_1_2_3_and_7_octets_gives_the_same_events", async () => {
  const run = async (chunk: number) => {
    const pair = await pairWithUser();
    pair.chunk = chunk;
    pair.open(
      { ...SERVER_BASE, auth: Auth.CHAP, callback: CallbackAccept.CBCP, cbcpTypes: [CbcpType.UserNumber], trace: true },
      { ...CLIENT_BASE, callback: CallbackRequest.CBCP, number: "5551234", trace: true },
    );
    pair.run(() => linkDown(pair, "server") !== undefined && linkDown(pair, "client") !== undefined);
    return JSON.stringify(pair.events);
  };
  const whole = await run(0);
  assert.ok(whole.includes("callbackAgreed"));
  for (const chunk of [1, 2, 3, 7]) assert.equal(await run(chunk), whole, `pieces of ${chunk}`);
});

test("repeated_sessions_on_one_line_leave_pools_and_counters_where_they_started", async () => {
  const pair = await pairWithUser();
  const arena = [pair.server.exports.memoryArenaUsed(), pair.client.exports.memoryArenaUsed()];
  for (let round = 0; round < 30; round++) {
    pair.events.server.length = 0;
    pair.events.client.length = 0;
    pair.open({ ...SERVER_BASE, auth: round % 2 ? Auth.PAP : Auth.CHAP }, { ...CLIENT_BASE });
    pair.run(() => pair.find("client", "ipcpUp").length > 0);
    assert.equal(pair.find("server", "ipcpUp").length, 1, `round ${round}`);
    pair.server.exports.pppClose(LINE);
    pair.run(() => linkDown(pair, "server") !== undefined && linkDown(pair, "client") !== undefined);
    assert.equal(pair.server.exports.pppPhase(LINE), PppPhase.Dead);
    assert.equal(pair.client.exports.pppPhase(LINE), PppPhase.Dead);
  }
  assert.deepEqual([pair.server.exports.memoryArenaUsed(), pair.client.exports.memoryArenaUsed()], arena);
  for (const core of [pair.server, pair.client]) {
    assert.equal(core.globalCounter(GlobalCounter.EventsDropped), 0);
    assert.equal(core.globalCounter(GlobalCounter.PoolExhausted), 0);
    assert.equal(core.counter(LINE, LineCounter.TxDropped), 0);
    assert.equal(core.counter(LINE, LineCounter.PppBadPackets), 0);
    assert.equal(core.counter(LINE, LineCounter.PppIllegalEvents), 0);
    assert.equal(core.tick(pair.clock.now()), null);
  }
});

test("frames_arrive_as_frame_events_when_no_session_is_open", async () => {
  const pair = await PppPair.create();
  pair.client.frameSend(LINE, Buffer.from("ff03c021010100040000", "hex").subarray(0, 8));
  const wire = pair.client.txDrain(LINE);
  pair.server.rxPush(LINE, wire);
  const kinds = [...pair.server.drainEvents()].map((e) => e.kind);
  assert.deepEqual(kinds, [EventKind.FrameReceived]);
  assert.equal(pair.server.exports.pppOpen(LINE, 0, pair.server.exports.pppParamBuffer(), 10), -2);
  assert.equal(pair.server.exports.pppOpen(99, 0, pair.server.exports.pppParamBuffer(), 152), -1);
  assert.equal(pair.server.exports.pppOpen(LINE, 0, 0xfffffff0, 152), -4);
});

test("a_small_event_ring_drops_and_counts_events_but_never_stalls_the_link", async () => {
  const pair = await PppPair.create({ ...DEFAULT_SYSTEM, eventSlots: 6 });
  assert.ok(authUserAdd(pair.server, "ted", "rhoda") >= 0);
  pair.open({ ...SERVER_BASE, auth: Auth.CHAP, trace: true, capture: true }, { ...CLIENT_BASE, trace: true });
  pair.run(() => pair.server.exports.pppPhase(LINE) === PppPhase.Network && pair.client.exports.pppPhase(LINE) === PppPhase.Network);
  assert.equal(pair.server.exports.pppPhase(LINE), PppPhase.Network);
  assert.ok(pair.server.globalCounter(GlobalCounter.EventsDropped) > 0);
});

test("keepalive_echoes_are_answered_and_a_silent_peer_is_dropped_after_the_failures", async () => {
  const pair = await pairWithUser();
  pair.open({ ...SERVER_BASE, auth: Auth.PAP }, { ...CLIENT_BASE, echoInterval: 10, echoFailures: 3, trace: true });
  pair.run(() => pair.find("client", "ipcpUp").length > 0);
  const start = pair.clock.now();
  pair.run(() => pair.clock.now() >= start + 60_000);
  const echoes = pair.find("client", "trace").filter((e) => e.text.includes("O ECHOREQ"));
  assert.ok(echoes.length >= 5, `${echoes.length} echo requests`);
  assert.equal(linkDown(pair, "client"), undefined);
  // The server goes quiet (its bytes are lost from now on).
  const quiet = pair.clock.now();
  for (let step = 0; step < 20 && linkDown(pair, "client") === undefined; step++) {
    pair.server.txDrain(LINE);
    pair.client.txDrain(LINE);
    pair.pump();
    const d = pair.client.tick(pair.clock.now());
    if (d === null) break;
    pair.clock.jumpTo(d);
    pair.client.tick(pair.clock.now());
  }
  pair.pump();
  assert.ok(pair.clock.now() - quiet >= 30_000 && pair.clock.now() - quiet <= 40_000 + 6_000, `${pair.clock.now() - quiet} ms`);
  assert.equal(linkDown(pair, "client"), LinkDownReason.EchoTimeout);
});

test("a_late_answer_after_the_peer_gave_up_decides_nothing", async () => {
  const pair = await PppPair.create();
  pair.server.exports.authModeSet(2);
  pair.open({ ...SERVER_BASE, auth: Auth.PAP }, { ...CLIENT_BASE });
  pair.run(() => pair.find("server", "authRequest").length > 0);
  const request = pair.find("server", "authRequest")[0];
  // No answer: the client stops retransmitting its PAP request and the link ends.
  pair.run(() => pair.find("server", "linkDown").length > 0);
  assert.equal(pair.find("server", "linkDown").length, 1);
  assert.equal(pair.server.exports.authResult(LINE, 1, request.token), 0);
  assert.equal(pair.find("server", "authSucceeded").length, 0);
});
