// The router between PPP sessions and the TUN: a caller's datagram goes out only from the
// address IPCP gave it (RFC 2827), the network's datagrams reach only the session of the
// address they are for, and what is malformed is counted, never passed on.

import { test } from "node:test";
import assert from "node:assert/strict";
import { EventKind } from "../../../host/core/abi.ts";
import type { CoreEvent } from "../../../host/core/core.ts";
import { CallerNetwork, ipv4Datagram } from "../../../host/net/caller-network.ts";
import { internetChecksum } from "../../../host/net/icmp-echo.ts";

const SERVER = "10.1.1.107";
const CALLER = "10.1.1.1";

function value(dotted: string): number {
  return dotted.split(".").reduce((v, p) => v * 256 + Number(p), 0);
}

function event(line: number, kind: number, args: number[] = [], data: Uint8Array = new Uint8Array(0)): CoreEvent {
  return { seq: 0, line, kind, args: [args[0] ?? 0, args[1] ?? 0, 0, 0], data };
}

/** A 28-octet IPv4 datagram (UDP, empty payload) with a correct header checksum. */
function datagram(from: string, to: string): Uint8Array {
  const d = new Uint8Array(28);
  d.set([0x45, 0, 0, 28, 0, 1, 0, 0, 64, 17]);
  d.set(from.split(".").map(Number), 12);
  d.set(to.split(".").map(Number), 16);
  const sum = internetChecksum(d.subarray(0, 20));
  d[10] = sum >> 8;
  d[11] = sum & 255;
  return d;
}

function router() {
  const out: Uint8Array[] = [];
  const pushed: [number, Uint8Array][] = [];
  const said: string[] = [];
  const network = new CallerNetwork(
    { send: (d) => out.push(d) },
    (line, d) => (pushed.push([line, d]), true),
    (text) => said.push(text),
  );
  network.handle(event(7, EventKind.IpcpUp, [value(SERVER), value(CALLER)]));
  return { network, out, pushed, said };
}

test("a caller's datagram from its own address goes to the network; the reply reaches its line", () => {
  const { network, out, pushed } = router();
  assert.equal(network.handle(event(7, EventKind.IpDatagram, [], datagram(CALLER, "192.0.2.80"))), true);
  assert.equal(out.length, 1);
  assert.deepEqual([...out[0].subarray(16, 20)], [192, 0, 2, 80]);
  network.fromNetwork(datagram("192.0.2.80", CALLER));
  assert.equal(pushed.length, 1);
  assert.equal(pushed[0][0], 7);
  assert.deepEqual(network.sessions(), new Map([[7, CALLER]]));
});

test("a spoofed source, a datagram for nobody and a bad checksum are dropped, counted and said once", () => {
  const { network, out, pushed, said } = router();
  network.handle(event(7, EventKind.IpDatagram, [], datagram("10.1.1.2", "192.0.2.80")));
  network.handle(event(7, EventKind.IpDatagram, [], datagram("10.1.1.3", "192.0.2.80")));
  network.handle(event(8, EventKind.IpDatagram, [], datagram(CALLER, "192.0.2.80"))); // line 8 has no session
  network.fromNetwork(datagram("192.0.2.80", "10.1.1.9"));
  const bad = datagram(CALLER, "192.0.2.80");
  bad[10] ^= 1;
  network.handle(event(7, EventKind.IpDatagram, [], bad));
  assert.deepEqual(out, []);
  assert.deepEqual(pushed, []);
  assert.deepEqual(network.dropped, { malformed: 1, "spoofed source": 3, "no session": 1, "session refused": 0 });
  assert.equal(said.filter((s) => s.includes("spoofed source")).length, 1);
});

test("the server's own address is left to the ping responder; a session that ends takes its address with it", () => {
  const { network, out, pushed } = router();
  assert.equal(network.handle(event(7, EventKind.IpDatagram, [], datagram(CALLER, SERVER))), false);
  assert.deepEqual(out, []);
  network.handle(event(7, EventKind.PppLinkDown, [0]));
  network.fromNetwork(datagram("192.0.2.80", CALLER));
  assert.deepEqual(pushed, []);
  assert.equal(network.dropped["no session"], 1);
});

test("ipv4Datagram cuts link padding to the total length and names what is wrong", () => {
  const padded = new Uint8Array(40);
  padded.set(datagram(CALLER, SERVER));
  const cut = ipv4Datagram(padded);
  assert.ok(cut instanceof Uint8Array && cut.length === 28);
  assert.match(String(ipv4Datagram(new Uint8Array(10))), /shorter than an IPv4 header/);
  const v6 = datagram(CALLER, SERVER);
  v6[0] = 0x60;
  assert.match(String(ipv4Datagram(v6)), /IP version 6/);
});
