// The server's IPCP addresses from the configuration, through the compiler, the image and the
// core, with a PPP client core dialling in: `ip unnumbered Ethernet0` offers Ethernet0's
// address as the server's (the issue: 0.0.0.0 before), `peer default ip address pool` leases
// per call, `ppp ipcp dns|wins` answers a client that asks, an exhausted pool refuses with a
// log line, and a RADIUS Framed-IP-Address wins over the pool.

import { test } from "node:test";
import assert from "node:assert/strict";
import { CallbackBench, runUntilAnswered } from "../../support/callback-bench.ts";
import type { CoreEvent } from "../../../host/core/core.ts";
import { EventKind, PoolId } from "../../../host/core/abi.ts";
import { Auth, decodePppEvent, LinkDownReason, type PppEvent } from "../../../host/core/ppp.ts";
import { AaaResponder, type AaaClient } from "../../../host/aaa/responder.ts";
import type { AaaAnswer } from "../../../host/aaa/radius-client.ts";

const CONFIG = `
username ted password s3cret
username ann password an4
ip local pool dialin 192.0.2.10 192.0.2.11
interface Ethernet0
 ip address 192.0.2.1 255.255.255.0
interface Async3
 ip unnumbered Ethernet0
 encapsulation ppp
 peer default ip address pool dialin
 ppp ipcp dns 192.0.2.53 192.0.2.54
 ppp authentication pap
interface Async4
 ip unnumbered Ethernet0
 encapsulation ppp
 peer default ip address 192.0.2.40
 ppp authentication pap
line 3 4
 autoselect ppp
 modem InOut
`;

const ted = { auth: Auth.PAP, user: "ted", secret: "s3cret" };

function ppp(events: CoreEvent[], type: PppEvent["type"], line: number): PppEvent[] {
  return events.map(decodePppEvent).filter((p): p is PppEvent => p !== null && p.type === type && p.line === line);
}

async function call(bench: CallbackBench, line: number, options = ted): Promise<void> {
  bench.dialIn(line, options);
  const up = () => ppp(bench.serverEvents, "ipcpUp", line).length > 0 && ppp(bench.clientEvents, "ipcpUp", 1).length > 0;
  assert.ok(bench.runUntil(() => up() || ppp(bench.serverEvents, "linkDown", line).length > 0, 30_000));
}

test("ip_unnumbered_ethernet0_offers_ethernet0s_address_and_the_pool_leases_one_per_call", async () => {
  const bench = await CallbackBench.create(CONFIG, [3, 4]);
  await call(bench, 3);
  const up = ppp(bench.serverEvents, "ipcpUp", 3);
  assert.deepEqual(
    up.map((e) => e.type === "ipcpUp" && [e.ourAddress, e.peerAddress]),
    [["192.0.2.1", "192.0.2.10"]],
    "the server's address is Ethernet0's, not 0.0.0.0",
  );
  const client = ppp(bench.clientEvents, "ipcpUp", 1);
  assert.deepEqual(client.map((e) => e.type === "ipcpUp" && [e.ourAddress, e.peerAddress]), [["192.0.2.10", "192.0.2.1"]]);
  assert.equal(bench.server.exports.poolUsage(PoolId.AddressLeases), 1);
  bench.hangUp();
  bench.runUntil(() => bench.server.exports.poolUsage(PoolId.AddressLeases) === 0, 20_000);
  assert.equal(bench.server.exports.poolUsage(PoolId.AddressLeases), 0, "returned at hang-up");
});

test("a_static_peer_default_address_and_the_unnumbered_address_on_another_interface", async () => {
  const bench = await CallbackBench.create(CONFIG, [3, 4]);
  await call(bench, 4);
  const up = ppp(bench.serverEvents, "ipcpUp", 4);
  assert.deepEqual(up.map((e) => e.type === "ipcpUp" && [e.ourAddress, e.peerAddress]), [["192.0.2.1", "192.0.2.40"]]);
  assert.equal(bench.server.exports.poolUsage(PoolId.AddressLeases), 0, "no pool on Async4");
});

test("an_exhausted_pool_refuses_the_caller_with_a_log_line_and_a_clean_close", async () => {
  // The pool's only address is the server's own, which is never leased: the pool is empty.
  const small = CONFIG.replace("ip local pool dialin 192.0.2.10 192.0.2.11", "ip local pool dialin 192.0.2.1 192.0.2.1");
  const bench = await CallbackBench.create(small, [3, 4]);
  await call(bench, 3);
  assert.deepEqual(ppp(bench.serverEvents, "ipcpUp", 3), [], "the pool's only address is the server's own");
  const down = ppp(bench.serverEvents, "linkDown", 3);
  assert.deepEqual(down.map((e) => e.type === "linkDown" && e.reason), [LinkDownReason.NoAddress]);
  const logs = bench.serverEvents.filter((e) => e.kind === EventKind.Log).map((e) => Buffer.from(e.data).toString("latin1"));
  assert.deepEqual(logs, ["IPCP: pool dialin has no free address, peer refused"]);
  bench.runUntil(() => ppp(bench.clientEvents, "linkDown", 1).length > 0, 10_000);
  const clientDown = ppp(bench.clientEvents, "linkDown", 1);
  assert.deepEqual(clientDown.map((e) => e.type === "linkDown" && e.reason), [LinkDownReason.PeerTerminated], "the server's Terminate-Request");
  assert.equal(bench.server.exports.poolUsage(PoolId.AddressLeases), 0);
});

test("a_radius_framed_ip_address_is_the_peers_and_takes_no_lease", async () => {
  const bench = await CallbackBench.create(CONFIG.replace("username ted password s3cret\n", ""), [3, 4]);
  const answer: AaaAnswer = { verdict: "accept", replyMessage: null, callback: null, framedAddress: 0xc0000263 };
  const client: AaaClient = { authenticate: async () => answer, close() {} };
  bench.server.exports.authModeSet(2);
  const responder = new AaaResponder(bench.server, client, () => {});
  bench.onServerEvent = (e) => void responder.handle(e);
  bench.dialIn(3, ted);
  await runUntilAnswered(bench, () => responder.pending(), () => ppp(bench.serverEvents, "ipcpUp", 3).length > 0, 30_000);
  const up = ppp(bench.serverEvents, "ipcpUp", 3);
  assert.deepEqual(up.map((e) => e.type === "ipcpUp" && e.peerAddress), ["192.0.2.99"]);
  assert.equal(bench.server.exports.poolUsage(PoolId.AddressLeases), 0);
});
