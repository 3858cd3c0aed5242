// `ppp authentication` as configured, through the image (section 12) into a line's session:
// the server asks for the protocols in the order the interface lists them, MS-CHAP-v2 first
// included (section 6 alone cannot say it), and walks the list as the caller refuses.

import { test } from "node:test";
import assert from "node:assert/strict";
import { CallbackBench } from "../../support/callback-bench.ts";
import { Auth, ChapAlgorithm, decodePppEvent, PROTOCOL_CHAP, PROTOCOL_PAP } from "../../../host/core/ppp.ts";

function config(list: string): string {
  return `username ted password rhoda
interface async 5
 encapsulation ppp
 ppp authentication ${list}
line 5
 autoselect ppp
`;
}

/** The protocol and algorithm the server authenticated the caller with, as pairs. */
async function dialWith(list: string, clientAuth: number): Promise<[number, number][]> {
  const b = await CallbackBench.create(config(list), [5]);
  b.dialIn(5, { auth: clientAuth, user: "ted", secret: "rhoda" });
  const succeeded = () =>
    b.serverEvents
      .map(decodePppEvent)
      .flatMap((e) => (e?.type === "authSucceeded" && e.direction === "peer" ? [[e.protocol, e.algorithm] as [number, number]] : []));
  assert.ok(b.runUntil(() => succeeded().length > 0, 20_000), `no authentication with "${list}"`);
  return succeeded();
}

test("ms_chap_v2_listed_first_is_asked_first_and_used", async () => {
  assert.deepEqual(await dialWith("ms-chap-v2 ms-chap chap pap", 0), [[PROTOCOL_CHAP, ChapAlgorithm.MSCHAPV2]]);
});

test("the_listed_order_wins_over_strength_pap_first_is_pap", async () => {
  assert.deepEqual(await dialWith("pap ms-chap-v2", 0), [[PROTOCOL_PAP, 0]]);
});

test("a_caller_doing_only_ms_chap_v1_walks_the_list_to_it", async () => {
  assert.deepEqual(await dialWith("ms-chap-v2 chap ms-chap pap", Auth.MSCHAP), [[PROTOCOL_CHAP, ChapAlgorithm.MSCHAP]]);
});

test("eap_which_the_core_does_not_speak_is_passed_over", async () => {
  assert.deepEqual(await dialWith("eap chap", 0), [[PROTOCOL_CHAP, ChapAlgorithm.MD5]]);
});

test("callin_keeps_the_order_for_a_call_that_comes_in", async () => {
  assert.deepEqual(await dialWith("ms-chap-v2 pap callin", Auth.PAP), [[PROTOCOL_PAP, 0]]);
  assert.deepEqual(await dialWith("ms-chap-v2 pap callin", 0), [[PROTOCOL_CHAP, ChapAlgorithm.MSCHAPV2]]);
});
