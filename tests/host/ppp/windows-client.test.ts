// A Windows dial-up client's exchange replayed against the core as a server
// (tests/fixtures/windows/README.md says where each frame comes from): the caller's LCP
// request with the CBCP Callback option gets the Configure-Ack the Windows answerer sent,
// a Windows 2000 request's Multilink options are rejected, Windows' Identification packets
// are dropped, authentication is MS-CHAPv2 as Windows does it (the server's Success proves it knows the password), CBCP goes as
// [MS-CBCP] section 4 prints it, byte for byte; with "no callback", IPCP answers Windows'
// documented request (VJ rejected, the address, both DNS and both NBNS servers given by
// Nak) and CCP and IPV6CP get their Protocol-Reject.

import { test } from "node:test";
import assert from "node:assert/strict";
import { Auth, CallbackAccept, CbcpType, PppRole } from "../../../host/core/ppp.ts";
import { chapPacket, controlPacket, latin1 } from "../../support/ppp-frames.ts";
import { hex, optionsOf, ReplayLine } from "../../support/frame-replay.ts";
import { frameFixture, type FixtureFrame } from "../../support/frame-fixture.ts";
import { authenticatorResponse, ntResponse, responseValue } from "../../support/mschap-v2.ts";

const FIXTURES = new URL("../../fixtures/windows/", import.meta.url);

const fixture = (name: string): FixtureFrame[] => frameFixture(new URL(name, FIXTURES));
// What a Windows client types and the peer challenge it makes up (RFC 2759 §9.2's).
const USER = "ted";
const PASSWORD = "s3cret";
const PEER_CHALLENGE = Buffer.from("21402324255E262A28295F2B3A337C7E", "hex");

/** The server core on one line, set up as an answerer for Windows callers. */
async function windowsAnswerer(): Promise<ReplayLine> {
  return ReplayLine.open(
    PppRole.Server,
    {
      auth: Auth.MSCHAPV2,
      callback: CallbackAccept.CBCP,
      cbcpTypes: [CbcpType.NoCallback, CbcpType.UserNumber],
      ourAddress: "192.0.2.1",
      peerAddress: "192.0.2.10",
      dns: ["192.0.2.53", "192.0.2.54"],
      wins: ["192.0.2.55", "192.0.2.56"],
    },
    [[USER, PASSWORD]],
  );
}

/** The Magic-Number option's value (RFC 1661 §6.4) in an LCP Configure-Request (protocol field first). */
function magicOf(request: number[]): number[] {
  const magic = optionsOf(request).find((o) => o.startsWith("0506"));
  if (!magic) throw new Error(`no Magic-Number in ${hex(request)}`);
  return Array.from(Buffer.from(magic.slice(4), "hex"));
}

/**
 * LCP with the caller's request from the capture, then MS-CHAPv2 as `USER`: the server's
 * challenge answered as RFC 2759 §8 computes it, its Success checked against the
 * authenticator response the test computes itself. Returns the frames after the Success.
 */
async function connect(exchange: FixtureFrame[]): Promise<{ w: ReplayLine; afterAuth: number[][] }> {
  const w = await windowsAnswerer();
  const serverRequest = w.expectOne(w.received(), 0xc021, 1);
  assert.match(hex(serverRequest), /0305c22381/, "the server asks for MS-CHAPv2 (RFC 2759 §2)");
  w.send(exchange[0].bytes);
  const ack = w.expectOne(w.received(), 0xc021, 2);
  assert.equal(hex(ack), hex(exchange[1].bytes), "the Configure-Ack the Windows answerer sent");
  w.send([0xc0, 0x21, 2, ...serverRequest.slice(3)]);
  const challenge = w.expectOne(w.received(), 0xc223, 1);
  // Windows announces itself once LCP is open (RFC 1570 §2.1 Identification, with its magic
  // number): the server drops both, no Code-Reject.
  const magic = magicOf(exchange[0].bytes);
  for (const [id, text] of [[2, "MSRASV5.20"], [3, "MSRAS-0-WINCLIENT"]] as const) {
    w.send([0xc0, 0x21, ...controlPacket(12, id, [...magic, ...latin1(text)])]);
  }
  assert.deepEqual(w.received().map(hex), [], "Identification needs no answer");
  assert.equal(challenge[6], 16, "a 16-octet challenge (RFC 2759 §3)");
  const id = challenge[3];
  const authChallenge = Buffer.from(challenge.slice(7, 23));
  const nt = ntResponse(authChallenge, PEER_CHALLENGE, USER, PASSWORD);
  w.send([0xc2, 0x23, ...chapPacket(2, id, responseValue(PEER_CHALLENGE, nt), USER)]);
  const out = w.received();
  const success = w.expectOne(out, 0xc223, 3);
  assert.equal(success[3], id, "Success for the Response's identifier");
  const expected = authenticatorResponse(PASSWORD, nt, PEER_CHALLENGE, authChallenge, USER);
  assert.equal(Buffer.from(success.slice(6, 6 + 42)).toString("latin1"), expected, "the authenticator response Windows checks");
  return { w, afterAuth: out };
}

test("a_windows_callers_lcp_request_and_cbcp_exchange_get_the_answers_the_windows_answerer_gave", async () => {
  const exchange = fixture("ms-cbcp-exchange.txt");
  assert.deepEqual(exchange.map((f) => f.dir), ["I", "O", "O", "I", "O"]);
  const { w, afterAuth } = await connect(exchange);
  const request = w.expectOne(afterAuth, 0xc029, 1);
  assert.equal(hex(request), hex(exchange[2].bytes), "Callback Request: no callback, or a number the caller gives");
  w.send(exchange[3].bytes);
  const ack = w.expectOne(w.received(), 0xc029, 3);
  assert.equal(hex(ack), hex(exchange[4].bytes), "Callback Acknowledgement of 2009042 after 12 s");
  const agreed = w.events.filter((e) => e.type === "callbackAgreed");
  assert.deepEqual(
    agreed.map((e) => e.type === "callbackAgreed" && [e.kind, e.operation, e.delay, e.number]),
    [[CallbackAccept.CBCP, CbcpType.UserNumber, 12, "2009042"]],
  );
  assert.ok(!w.events.some((e) => e.type === "ipcpUp"), "no network phase before the callback");
});

test("with_no_callback_windows_ipcp_gets_the_address_both_dns_and_both_nbns_servers_and_ccp_ipv6cp_are_protocol_rejected", async () => {
  const exchange = fixture("ms-cbcp-exchange.txt");
  const [noCallback, ipcp, ccp, ipv6cp] = fixture("ipcp-documented.txt").map((f) => f.bytes);
  const { w, afterAuth } = await connect(exchange);
  w.expectOne(afterAuth, 0xc029, 1);
  w.send(noCallback);
  let out = w.received();
  assert.equal(hex(w.expectOne(out, 0xc029, 3)), "c029030100060102", "Acknowledgement of no callback");
  const serverIpcp = w.expectOne(out, 0x8021, 1);
  assert.equal(hex(serverIpcp.slice(6)), "0306c0000201", "the server asks for its own address");

  // RFC 1661 §5.4: VJ compression is rejected first, alone; the rest waits for the next request.
  w.send(ipcp);
  out = w.received();
  assert.equal(hex(w.expectOne(out, 0x8021, 4).slice(3)), "05000a0206002d0f01");
  // The request again without VJ: every address is Nak'ed with the server's value (RFC 1332 §3.3, RFC 1877 §1).
  const withoutVj = [0x80, 0x21, 1, 6, 0, 0x22, ...ipcp.slice(12)];
  w.send(withoutVj);
  const nak = w.expectOne(w.received(), 0x8021, 3);
  assert.equal(hex(nak.slice(3)), "060022" + "0306c000020a" + "8106c0000235" + "8206c0000237" + "8306c0000236" + "8406c0000238");
  w.send([0x80, 0x21, 1, 7, ...nak.slice(4)]);
  assert.equal(hex(w.expectOne(w.received(), 0x8021, 2).slice(3)), "07" + hex(nak.slice(4)), "Windows' request with our values is acked");
  w.send([0x80, 0x21, 2, ...serverIpcp.slice(3)]);
  w.received();
  const up = w.events.filter((e) => e.type === "ipcpUp");
  assert.deepEqual(up.map((e) => e.type === "ipcpUp" && [e.ourAddress, e.peerAddress]), [["192.0.2.1", "192.0.2.10"]]);

  // RFC 1661 §5.7: the protocols the server does not run get an LCP Protocol-Reject with the packet.
  for (const packet of [ccp, ipv6cp]) {
    w.send(packet);
    const reject = w.expectOne(w.received(), 0xc021, 8);
    assert.equal(hex(reject.slice(6)), hex(packet), "Protocol-Reject carries the rejected protocol and packet");
  }
  assert.ok(!w.events.some((e) => e.type === "linkDown"), "the link stays up");
});

test("a_windows_2000_request_gets_its_multilink_options_rejected_and_is_acked_without_them", async () => {
  const [request] = fixture("windows-2000-lcp.txt").map((f) => f.bytes);
  const w = await windowsAnswerer();
  w.received();
  w.send(request);
  // RFC 1661 §5.3: only the options not recognised come back, in a Configure-Reject with the same identifier.
  const reject = w.expectOne(w.received(), 0xc021, 4);
  assert.equal(hex(reject.slice(3)), "01" + "001f" + hex(request.slice(25)), "MRRU and the Endpoint Discriminator, as sent");
  // The request again without them (what Windows sends next) is acked as it stands, callback included.
  const again = [0xc0, 0x21, 1, 2, 0, 0x17, ...request.slice(6, 25)];
  w.send(again);
  assert.equal(hex(w.expectOne(w.received(), 0xc021, 2).slice(3)), hex(again.slice(3)));
  assert.ok(!w.events.some((e) => e.type === "linkDown"), "the link stays up");
});
