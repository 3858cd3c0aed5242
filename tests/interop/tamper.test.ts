// The frame rewriting rules the hostile-peer tests put between pppd and the core, on
// hand-built frames: what they change, and that everything else passes untouched.

import { test } from "node:test";
import assert from "node:assert/strict";
import {
  configureAckAsNak, forgeAuthenticatorResponse, isChapSuccess, mruFlipping, parsedControlPacket, PROTOCOL_LCP, successAuthenticatorResponse,
} from "./support/tamper.ts";

const hex = (frame: Uint8Array) => Buffer.from(frame).toString("hex");
const RESPONSE = "S=B97E3497899CF5F346BC3ED42167FDA8E8A904E5";
const FLIP = mruFlipping(1400, 1500);

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
    assert.equal(successAuthenticatorResponse(frame), RESPONSE);
    const forged = forgeAuthenticatorResponse(frame);
    const changed = [...frame].flatMap((b, i) => (b !== forged[i] ? [i] : []));
    assert.equal(changed.length, 1);
    assert.equal(successAuthenticatorResponse(forged), `${RESPONSE.slice(0, -1)}0`);
    assert.equal(forged.length, frame.length);
  }
  // The last digit "0" becomes "1".
  assert.equal(successAuthenticatorResponse(forgeAuthenticatorResponse(success(`${RESPONSE.slice(0, -1)}0`))), `${RESPONSE.slice(0, -1)}1`);
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
    assert.equal(configureAckAsNak(frame, PROTOCOL_LCP, FLIP), frame, hex(frame));
  }
  // An Ack without an MRU has nothing to Nak.
  const noMru = Buffer.from("ff03c0210201000e020600000000070208020000", "hex");
  assert.equal(configureAckAsNak(noMru, PROTOCOL_LCP, FLIP), noMru);
});

test("an_lcp_configure_ack_becomes_a_nak_with_the_same_identifier_proposing_the_other_mru", () => {
  const ack = Buffer.from("ff03c0210209001401040578020600000000050612345678", "hex");
  const nak = configureAckAsNak(ack, PROTOCOL_LCP, FLIP);
  assert.equal(hex(nak), "ff03c02103090008010405dc");
  const packet = parsedControlPacket(nak);
  assert.deepEqual([packet?.code, packet?.id], [3, 9]);
  // And back: an Ack of 1500 (or any other MRU) gets 1400.
  assert.equal(hex(configureAckAsNak(Buffer.from("ff03c02102030008010405dc", "hex"), PROTOCOL_LCP, FLIP)), "ff03c0210303000801040578");
  assert.equal(hex(configureAckAsNak(Buffer.from("ff03c0210203000801040400", "hex"), PROTOCOL_LCP, FLIP)), "ff03c0210303000801040578");
  // Compressed address and control field: kept as it came.
  assert.equal(hex(configureAckAsNak(Buffer.from("c02102010008010405dc", "hex"), PROTOCOL_LCP, FLIP)), "c0210301000801040578");
});
