// A captured call of a Windows dial-up client to a Windows remote access server
// (tests/fixtures/windows/windows-dialup-capture.txt), replayed against the core in both
// roles. As the answerer, the core gets the Windows client's frames and must answer where
// the Windows answerer did with the same bytes (its Acks, its IPCP Nak), and elsewhere as the
// RFCs say, then hands the client's first datagrams up unchanged. As the caller, it gets the Windows answerer's frames and must answer as the
// Windows client did (its Reject of Multilink and BACP, its Nak to MS-CHAP, its Ack, its
// CBCP Response, its Protocol-Reject of CCP). MS-CHAP values are the test's own: the capture's
// are not the machines' (README.md).

import { test } from "node:test";
import assert from "node:assert/strict";
import { Auth, AuthCode, CallbackRequest, ChapAlgorithm, PppRole } from "../../../host/core/ppp.ts";
import { frameFixture, type FixtureFrame } from "../../support/frame-fixture.ts";
import { ackOf, hex, optionsOf, ReplayLine } from "../../support/frame-replay.ts";
import { challengeResponse, ntPasswordHash } from "../../support/mschap-v2.ts";

const CAPTURE = frameFixture(new URL("../../fixtures/windows/windows-dialup-capture.txt", import.meta.url));
const PASSWORD = "s3cret";

/** The n-th frame (from 1) that `dir` sent with `protocol` and `code`, as the capture has it. */
function captured(dir: FixtureFrame["dir"], protocol: number, code: number, n = 1): number[] {
  const all = CAPTURE.filter((f) => f.dir === dir && ((f.bytes[0] << 8) | f.bytes[1]) === protocol && f.bytes[2] === code);
  assert.ok(all.length >= n, `capture has ${n} ${dir} ${protocol.toString(16)} code ${code}`);
  return all[n - 1].bytes;
}

/** The packet with another identifier (and the same options). */
const withId = (packet: number[], id: number): number[] => [packet[0], packet[1], packet[2], id, ...packet.slice(4)];

/** The request without the options whose type is in `types`, Length fixed (what a peer sends after a Reject). */
function without(request: number[], types: number[]): number[] {
  const kept = optionsOf(request).filter((o) => !types.includes(parseInt(o.slice(0, 2), 16)));
  const options = Array.from(Buffer.from(kept.join(""), "hex"));
  return [request[0], request[1], request[2], request[3], (options.length + 4) >> 8, (options.length + 4) & 255, ...options];
}

test("as_answerer_the_core_answers_the_windows_client_as_the_windows_answerer_did", async () => {
  const response = captured("I", 0xc223, 2);
  const user = Buffer.from(response.slice(7 + 49)).toString("latin1");
  // Configured as the Windows answerer was: MS-CHAPv2 then MS-CHAP, its address, the client's, one DNS server, no NBNS.
  const w = await ReplayLine.open(
    PppRole.Server,
    { authOrder: [AuthCode.MSCHAPV2, AuthCode.MSCHAP], ourAddress: "10.211.55.17", peerAddress: "10.211.55.18", dns: ["10.211.55.1"] },
    [[user, PASSWORD]],
  );
  const first = w.expectOne(w.received(), 0xc021, 1);
  assert.deepEqual(optionsOf(first).filter((o) => o.startsWith("03")), ["0305c22381"], "MS-CHAPv2 asked first, as the answerer did");

  // LCP: the client's request is acked as the Windows answerer acked it (its Ack of id 2, here for id 0).
  w.send(captured("I", 0xc021, 1, 1));
  assert.equal(hex(w.expectOne(w.received(), 0xc021, 2)), hex(withId(captured("O", 0xc021, 2), 0)));
  // The client's Nak of MS-CHAPv2, as captured (our request has its identifier, 1): MS-CHAP is asked next.
  const nak = captured("I", 0xc021, 3);
  assert.equal(nak[3], first[3]);
  w.send(nak);
  const second = w.expectOne(w.received(), 0xc021, 1);
  assert.deepEqual(optionsOf(second).filter((o) => o.startsWith("03")), ["0305c22380"]);
  assert.equal(second[3], captured("O", 0xc021, 1, 3)[3], "the identifier the Windows answerer used for it");
  w.send(ackOf(second));

  // MS-CHAP (RFC 2433): an 8-octet challenge; the captured Response's layout with the NT-Response for it.
  const challenge = w.expectOne(w.received(), 0xc223, 1);
  assert.equal(challenge[6], captured("O", 0xc223, 1)[6], "challenge size as the Windows answerer's");
  const nt = challengeResponse(Buffer.from(challenge.slice(7, 15)), ntPasswordHash(PASSWORD));
  const answer = [...response.slice(0, 3), challenge[3], ...response.slice(4, 7 + 24), ...nt, ...response.slice(7 + 48)];
  w.send(answer);
  const afterAuth = w.received();
  w.expectOne(afterAuth, 0xc223, 3);
  assert.deepEqual(
    w.events.filter((e) => e.type === "authSucceeded").map((e) => e.type === "authSucceeded" && [e.name, e.algorithm]),
    [[user, ChapAlgorithm.MSCHAP]],
  );
  const ourIpcp = w.expectOne(afterAuth, 0x8021, 1);
  assert.deepEqual(optionsOf(ourIpcp), ["03060ad33711"], "our address, as the Windows answerer asked for it (without VJ)");

  // IPCP as captured: VJ and the options the answerer had no value for come back in one Reject
  // (the Windows answerer did VJ, so it rejected only NBNS and the secondary DNS).
  w.send(captured("I", 0x8021, 1, 1));
  const reject = w.expectOne(w.received(), 0x8021, 4);
  assert.deepEqual(optionsOf(reject), ["0206002d0f01", ...optionsOf(captured("O", 0x8021, 4))]);
  // The client's next request without what was rejected: the Nak is the Windows answerer's, byte for byte.
  w.send(without(captured("I", 0x8021, 1, 2), [2]));
  assert.equal(hex(w.expectOne(w.received(), 0x8021, 3)), hex(captured("O", 0x8021, 3)));
  w.send(without(captured("I", 0x8021, 1, 3), [2]));
  assert.equal(hex(w.expectOne(w.received(), 0x8021, 2)), hex(without(captured("O", 0x8021, 2), [2])));
  w.send(ackOf(ourIpcp));
  // The client's Protocol-Reject of CCP, which we never sent: nothing to stop, the link stays up.
  w.send(captured("I", 0xc021, 8));
  assert.deepEqual(w.received().map(hex), []);
  const up = w.events.filter((e) => e.type === "ipcpUp");
  assert.deepEqual(up.map((e) => e.type === "ipcpUp" && [e.ourAddress, e.peerAddress]), [["10.211.55.17", "10.211.55.18"]]);

  // The client's first datagrams as it sent them (PFC and ACFC: protocol 0x21 in one octet, no
  // address and control field) reach the host unchanged: IGMP, its DHCP Inform, SSDP, DNS.
  const datagrams = frameFixture(new URL("../../fixtures/windows/windows-dialup-ip.txt", import.meta.url));
  assert.equal(datagrams.length, 4);
  for (const d of datagrams) w.sendAsIs(d.bytes);
  assert.deepEqual(w.received().map(hex), []);
  const delivered = w.events.filter((e) => e.type === "ipDatagram").map((e) => (e.type === "ipDatagram" ? hex(e.datagram) : ""));
  assert.deepEqual(delivered, datagrams.map((d) => hex(d.bytes.slice(1))));
  assert.ok(!w.events.some((e) => e.type === "linkDown"));
});

test("as_caller_the_core_answers_the_windows_answerer_as_the_windows_client_did", async () => {
  const response = captured("I", 0xc223, 2);
  const user = Buffer.from(response.slice(7 + 49)).toString("latin1");
  // A caller set for CBCP callback without a number of its own, doing MS-CHAP only, as this
  // Windows client was set up (it Naks MS-CHAPv2 and answers "no callback").
  const c = await ReplayLine.open(PppRole.Client, { auth: Auth.MSCHAP, user, secret: PASSWORD, callback: CallbackRequest.CBCP });
  const ours = c.expectOne(c.received(), 0xc021, 1);

  // The answerer's first request: Multilink and BACP's Link Discriminator come back in the Windows
  // client's Reject, byte for byte; its Callback 6 stays (MS-CBCP §3.1.3: CBCP on either side's).
  c.send(captured("O", 0xc021, 1, 1));
  assert.equal(hex(c.expectOne(c.received(), 0xc021, 4)), hex(captured("I", 0xc021, 4)));
  // Its next request asks MS-CHAPv2: the Nak is the Windows client's, byte for byte.
  c.send(captured("O", 0xc021, 1, 2));
  assert.equal(hex(c.expectOne(c.received(), 0xc021, 3)), hex(captured("I", 0xc021, 3)));
  // MS-CHAP asked next: the Ack is the Windows client's, byte for byte.
  c.send(captured("O", 0xc021, 1, 3));
  assert.equal(hex(c.expectOne(c.received(), 0xc021, 2)), hex(captured("I", 0xc021, 2)));
  c.send(ackOf(ours));
  assert.deepEqual(c.received().map(hex), [], "nothing until the answerer challenges");

  // The captured Challenge: the Response has the captured Response's layout, with the NT-Response for our password.
  const challenge = captured("O", 0xc223, 1);
  c.send(challenge);
  const nt = challengeResponse(Buffer.from(challenge.slice(7, 15)), ntPasswordHash(PASSWORD));
  const expected = [...response.slice(0, 7 + 24), ...nt, ...response.slice(7 + 48)];
  assert.equal(hex(c.expectOne(c.received(), 0xc223, 2)), hex(expected));
  // The answerer's Success (no message), then its CBCP Request: the Response is the Windows client's.
  c.send(captured("O", 0xc223, 3));
  assert.deepEqual(c.received().map(hex), [], "CBCP waits for the answerer's Request");
  c.send(captured("O", 0xc029, 1));
  assert.equal(hex(c.expectOne(c.received(), 0xc029, 2)), hex(captured("I", 0xc029, 2)));
  c.send(captured("O", 0xc029, 3));
  const ourIpcp = c.expectOne(c.received(), 0x8021, 1);
  assert.deepEqual(optionsOf(ourIpcp), ["030600000000"], "an address asked for");
  assert.deepEqual(c.events.filter((e) => e.type === "authSucceeded").map((e) => e.type === "authSucceeded" && e.direction), ["self"]);
  assert.ok(!c.events.some((e) => e.type === "callbackAgreed"), "no callback agreed");

  // CCP, which the core does not run: the Windows client's Protocol-Reject, but for our identifier.
  c.send(captured("O", 0x80fd, 1));
  const protocolReject = c.expectOne(c.received(), 0xc021, 8);
  assert.equal(hex(protocolReject.slice(4)), hex(captured("I", 0xc021, 8).slice(4)));

  // IPCP: VJ is rejected (the Windows client did VJ and acked), the rest acked; the answerer's Nak gives the address.
  const theirIpcp = captured("O", 0x8021, 1);
  c.send(theirIpcp);
  assert.deepEqual(optionsOf(c.expectOne(c.received(), 0x8021, 4)), ["0206002d0f01"]);
  const theirs = without(theirIpcp, [2]);
  c.send(theirs);
  assert.equal(hex(c.expectOne(c.received(), 0x8021, 2)), hex(ackOf(theirs)));
  const nak = captured("O", 0x8021, 3);
  c.send(withId(without(nak, [0x81]), ourIpcp[3]));
  const again = c.expectOne(c.received(), 0x8021, 1);
  assert.deepEqual(optionsOf(again), ["03060ad33712"], "the address the Windows answerer gave");
  c.send(ackOf(again));
  assert.deepEqual(c.received().map(hex), []);
  const up = c.events.filter((e) => e.type === "ipcpUp");
  assert.deepEqual(up.map((e) => e.type === "ipcpUp" && [e.ourAddress, e.peerAddress]), [["10.211.55.18", "10.211.55.17"]]);
  assert.ok(!c.events.some((e) => e.type === "linkDown"));
});
