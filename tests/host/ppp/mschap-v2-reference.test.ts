// The test-side MS-CHAPv2 (tests/support/mschap-v2.ts) that plays Windows clients against the
// core: checked against RFC 2759 §9.2's sample values and against a real captured exchange
// (tests/fixtures/mschap-v2/README.md), so a replay that trusts it trusts something checked.

import { test } from "node:test";
import assert from "node:assert/strict";
import { frameFixture } from "../../support/frame-fixture.ts";
import { authenticatorResponse, challengeResponse, ntPasswordHash, ntResponse, responseValue } from "../../support/mschap-v2.ts";

const hex = (h: string) => Buffer.from(h, "hex");

test("rfc_2759_sample_values_are_reproduced", () => {
  const auth = hex("5B5D7C7D7B3F2F3E3C2C602132262628");
  const peer = hex("21402324255E262A28295F2B3A337C7E");
  assert.equal(ntPasswordHash("clientPass").toString("hex"), "44ebba8d5312b8d611474411f56989ae");
  const nt = ntResponse(auth, peer, "User", "clientPass");
  assert.equal(nt.toString("hex"), "82309ecd8d708b5ea08faa3981cd83544233114a3d85d6df");
  assert.equal(authenticatorResponse("clientPass", nt, peer, auth, "User"), "S=407A5589115FD0D6209F510FE9C04566932CDA56");
});

test("a_captured_exchange_is_reproduced_from_its_password", () => {
  const [challenge, response, success] = frameFixture(new URL("../../fixtures/mschap-v2/pptp-capture.txt", import.meta.url));
  assert.deepEqual([challenge.dir, response.dir, success.dir], ["O", "I", "O"]);
  const authChallenge = Buffer.from(challenge.bytes.slice(7, 7 + 16));
  const value = Buffer.from(response.bytes.slice(7, 7 + 49));
  const user = Buffer.from(response.bytes.slice(7 + 49)).toString("latin1");
  assert.equal(user, "moxie");
  const peer = value.subarray(0, 16);
  const nt = ntResponse(authChallenge, peer, user, "bPCFyF2uL1p5Lg5yrKmqmY");
  assert.equal(responseValue(peer, nt).toString("hex"), value.toString("hex"), "the captured Response Value");
  const s = authenticatorResponse("bPCFyF2uL1p5Lg5yrKmqmY", nt, peer, authChallenge, user);
  assert.equal(`${s} M=Access granted`, Buffer.from(success.bytes.slice(6)).toString("latin1"), "the captured Success message");
  // A wrong password gives another NT-Response: the check can fail.
  assert.notEqual(ntResponse(authChallenge, peer, user, "bPCFyF2uL1p5Lg5yrKmqmz").toString("hex"), nt.toString("hex"));
});

test("rfc_2433_ms_chap_v1_sample_is_reproduced", () => {
  // RFC 2433 Appendix B: MS-CHAP v1's NT response is the same DES step over the 8-octet challenge.
  const nt = challengeResponse(hex("102DB5DF085D3041"), ntPasswordHash("MyPw"));
  assert.equal(nt.toString("hex"), "4e9d3c8f9cfd385d5bf4d3246791956ca4c351ab409a3d61");
});
