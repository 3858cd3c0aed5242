// MS-CHAP checks asked of a RADIUS server (RFC 2548): the core's AuthRequest read into a
// request, the Access-Request's Microsoft attributes laid out as §2.1.3 and §2.3.2 say, and
// the server's MS-CHAP2-Success / MS-CHAP-Error read back.

import { test } from "node:test";
import assert from "node:assert/strict";
import { requestFromEvent } from "../../../host/aaa/responder.ts";
import { answerFor } from "../../../host/aaa/radius-client.ts";
import { EventKind } from "../../../host/core/abi.ts";
import type { CoreEvent } from "../../../host/core/core.ts";
import {
  MS_CHAP_ERROR, MS_CHAP2_SUCCESS, RADIUS_ACCESS_ACCEPT, RADIUS_ACCESS_REJECT, VENDOR_MICROSOFT, radiusVendorAttribute,
} from "../../../host/aaa/radius-codec.ts";

function authRequest(algorithm: number, data: Uint8Array): CoreEvent {
  const name = Buffer.from("ted");
  return { kind: EventKind.AuthRequest, line: 3, args: [0xc223, name.length, 77, algorithm], data: Buffer.concat([name, data]) } as unknown as CoreEvent;
}

const response = Uint8Array.from({ length: 49 }, (_, i) => i + 1);

test("a_v2_auth_request_reads_as_an_mschap_request_with_its_16_octet_challenge", () => {
  const challenge = Uint8Array.from({ length: 16 }, (_, i) => 0xa0 + i);
  const r = requestFromEvent(authRequest(0x81, Uint8Array.from([9, ...challenge, ...response])));
  assert.deepEqual(r, { kind: "mschap", version: 2, line: 3, user: "ted", id: 9, challenge, response });
});

test("a_v1_auth_request_takes_an_8_octet_challenge_and_other_sizes_are_malformed", () => {
  const challenge = Uint8Array.from({ length: 8 }, (_, i) => i);
  const r = requestFromEvent(authRequest(0x80, Uint8Array.from([4, ...challenge, ...response])));
  assert.equal(r?.kind === "mschap" && r.version, 1);
  assert.equal(requestFromEvent(authRequest(0x80, Uint8Array.from([4, ...challenge, ...response, 0]))), null);
  assert.equal(requestFromEvent(authRequest(0x81, Uint8Array.from([4, ...challenge, ...response]))), null);
});

test("md5_chap_still_reads_as_chap", () => {
  const r = requestFromEvent(authRequest(5, Uint8Array.from({ length: 33 }, (_, i) => i)));
  assert.equal(r?.kind, "chap");
});

const ms = (type: number, text: string) => radiusVendorAttribute(VENDOR_MICROSOFT, { type, value: Uint8Array.from([7, ...Buffer.from(text)]) });
const S = "S=407A5589115FD0D6209F510FE9C04566932CDA56";

test("an_accept_gives_the_ms_chap2_success_s_value_without_its_ident", () => {
  const answer = answerFor({ code: RADIUS_ACCESS_ACCEPT, identifier: 1, authenticator: new Uint8Array(16), attributes: [ms(MS_CHAP2_SUCCESS, S)] }, "mschap");
  assert.equal(answer?.verdict === "accept" && answer.authenticatorResponse, S);
  const chap = answerFor({ code: RADIUS_ACCESS_ACCEPT, identifier: 1, authenticator: new Uint8Array(16), attributes: [ms(MS_CHAP2_SUCCESS, S)] }, "chap");
  assert.equal(chap?.verdict === "accept" && chap.authenticatorResponse, undefined, "only an MS-CHAP check takes it");
});

test("a_reject_gives_the_ms_chap_error_text", () => {
  const reject = { code: RADIUS_ACCESS_REJECT, identifier: 1, authenticator: new Uint8Array(16), attributes: [ms(MS_CHAP_ERROR, "E=691 R=1")] };
  const answer = answerFor(reject, "mschap");
  assert.deepEqual(answer, { verdict: "reject", replyMessage: null, msChapError: "E=691 R=1" });
});
