// The frame rewriting rules the hostile-peer tests put between pppd and the core, on
// hand-built frames: what they change, and that everything else passes untouched.

import { test } from "node:test";
import assert from "node:assert/strict";
import {
  accmWithOneMoreBit, authenticatorResponse, configureAckAsNak, controlPacket, forgeAuthenticatorResponse, isChapSuccess, PROTOCOL_LCP,
} from "./support/tamper.ts";

const hex = (frame: Uint8Array) => Buffer.from(frame).toString("hex");
const RESPONSE = "S=B97E3497899CF5F346BC3ED42167FDA8E8A904E5";

/** A CHAP Success (RFC 1994 §4.2) with `message`, with or without the address and control field. */
function success(message: string, full = true): Buffer {
  const text = Buffer.from(message, "latin1");
  const packet = Buffer.concat([Buffer.from([3, 0x83, 0, 4 + text.length]), text]);
  return Buffer.concat([Buffer.from(full ? "ff03c223" : "c223", "hex"), packet]);
}

test("the_forged_success_differs_from_pppds_in_one_hex_digit_of_the_authenticator_response", () => {
  for (const full of [true, false]) {
    const frame = success(`${RESPONSE} M=Access granted`, full);
    assert.equal(isChapSuccess(frame), true);
    assert.equal(authenticatorResponse(frame), RESPONSE);
    const forged = forgeAuthenticatorResponse(frame);
    const changed = [...frame].flatMap((b, i) => (b !== forged[i] ? [i] : []));
    assert.equal(changed.length, 1);
    assert.equal(authenticatorResponse(forged), `${RESPONSE.slice(0, -1)}0`);
    assert.equal(forged.length, frame.length);
  }
  // The last digit "0" becomes "1".
  assert.equal(authenticatorResponse(forgeAuthenticatorResponse(success(`${RESPONSE.slice(0, -1)}0`))), `${RESPONSE.slice(0, -1)}1`);
});

test("frames_the_rules_do_not_match_pass_unchanged", () => {
  const others = [
    success("Access granted"), // an MD5 CHAP Success carries no authenticator response
    success(RESPONSE.toLowerCase()), // RFC 2759 §5: uppercase hex only
    Buffer.from("ff03c223040100080000", "hex"), // CHAP Failure
    Buffer.from("ff03c0210101000a020600000000", "hex"), // LCP Configure-Request
    Buffer.from("ff03802102010006", "hex"), // IPCP Configure-Ack
    Buffer.from("ff03c0210201000a0206", "hex"), // Length past the frame
    Buffer.from("ff03c021", "hex"),
  ];
  for (const frame of others) {
    assert.equal(forgeAuthenticatorResponse(frame), frame, hex(frame));
    assert.equal(configureAckAsNak(frame, PROTOCOL_LCP, accmWithOneMoreBit), frame, hex(frame));
  }
  // An Ack without an ACCM has nothing to Nak.
  const noAccm = Buffer.from("ff03c02102010008070208020000", "hex");
  assert.equal(configureAckAsNak(noAccm, PROTOCOL_LCP, accmWithOneMoreBit), noAccm);
});

test("an_lcp_configure_ack_becomes_a_nak_with_the_same_identifier_asking_one_more_control_character", () => {
  const ack = Buffer.from("ff03c02102090014020600000003050612345678070208020000", "hex");
  const nak = configureAckAsNak(ack, PROTOCOL_LCP, accmWithOneMoreBit);
  assert.equal(hex(nak), "ff03c0210309000a020600000007");
  const packet = controlPacket(nak);
  assert.deepEqual([packet?.code, packet?.id], [3, 9]);
  // Compressed address and control field: kept as it came.
  assert.equal(hex(configureAckAsNak(Buffer.from("c0210201000a0206000a0000", "hex"), PROTOCOL_LCP, accmWithOneMoreBit)), "c0210301000a0206000a0001");
  // All 32 characters escaped already: nothing other to ask for.
  const all = Buffer.from("ff03c0210201000a0206ffffffff", "hex");
  assert.equal(configureAckAsNak(all, PROTOCOL_LCP, accmWithOneMoreBit), all);
});
