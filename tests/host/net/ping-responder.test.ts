import { test } from "node:test";
import assert from "node:assert/strict";
import { PppPair } from "../../support/ppp-pair.ts";
import { PingResponder } from "../../../host/net/ping-responder.ts";
import { Auth, ipPush } from "../../../host/core/ppp.ts";
import { internetChecksum } from "../../../host/net/icmp-echo.ts";

// An ICMP echo request from 192.0.2.2 to 192.0.2.1 (checksums filled in below).
function echoRequest(to: string): Buffer {
  const b = Buffer.from("4500002cabcd40004001000 0c0000202c0000201".replaceAll(" ", "") + "08000000123400011011121314151617", "hex");
  const dst = to.split(".").map(Number);
  b.set(dst, 16);
  const padded = Buffer.concat([b, Buffer.alloc(0x2c - b.length)]);
  padded.writeUInt16BE(internetChecksum(padded.subarray(0, 20)), 10);
  padded.writeUInt16BE(internetChecksum(padded.subarray(20)), 22);
  return padded;
}

test("a_ping_to_the_servers_address_over_ppp_is_answered_and_others_are_not", async () => {
  const pair = await PppPair.create();
  const pings = new PingResponder(pair.server);
  pair.onServerEvent = (e) => pings.handle(e);
  pair.open({ ourAddress: "192.0.2.1", peerAddress: "192.0.2.2", auth: 0 }, { auth: Auth.PAP | Auth.CHAP });
  pair.run(() => pair.has("client", (e) => e.type === "ipcpUp"));
  assert.ok(ipPush(pair.client, 1, echoRequest("192.0.2.1")));
  pair.run(() => pair.has("client", (e) => e.type === "ipDatagram"));
  const reply = pair.events.client.find((e) => e.type === "ipDatagram");
  assert.ok(reply && reply.type === "ipDatagram");
  assert.equal(reply.datagram[20], 0, "ICMP echo reply");
  assert.deepEqual([...reply.datagram.subarray(16, 20)], [192, 0, 2, 2], "back to the client");
  assert.equal(internetChecksum(reply.datagram.subarray(0, 20)), 0);
  assert.equal(pings.answered, 1);
  assert.ok(ipPush(pair.client, 1, echoRequest("198.51.100.9")));
  pair.run(() => pings.refused > 0);
  assert.equal(pings.refused, 1, "a ping to another address is not answered");
});
