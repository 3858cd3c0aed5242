import { test } from "node:test";
import assert from "node:assert/strict";
import { MethodChain } from "../../../host/aaa/method-chain.ts";
import type { AaaClient } from "../../../host/aaa/responder.ts";
import type { AaaAnswer, AaaRequest } from "../../../host/aaa/radius-client.ts";

// IOS method lists: the next method only when one cannot answer, never after a reject.

function method(answer: AaaAnswer, log: string[], name: string): AaaClient & { closed: number } {
  const m = {
    closed: 0,
    authenticate: async (_r: AaaRequest) => (log.push(name), answer),
    close: () => void m.closed++,
  };
  return m;
}

const REQUEST: AaaRequest = { kind: "pap", line: 1, user: "ted", password: Uint8Array.of(1) };

test("an_error_passes_to_the_next_method_a_verdict_ends_the_list", async () => {
  const log: string[] = [];
  const down = method({ verdict: "error", reason: "tacacs+ timed out" }, log, "tacacs");
  const no = method({ verdict: "reject", replyMessage: null }, log, "radius");
  const yes = method({ verdict: "accept", replyMessage: null, callback: null }, log, "never");
  assert.deepEqual(await new MethodChain([down, no, yes]).authenticate(REQUEST), { verdict: "reject", replyMessage: null });
  assert.deepEqual(log, ["tacacs", "radius"]);
  const chain = new MethodChain([down, down]);
  assert.deepEqual(await chain.authenticate(REQUEST), { verdict: "error", reason: "tacacs+ timed out; tacacs+ timed out" });
  chain.close();
  assert.equal(down.closed, 2);
  assert.deepEqual(await new MethodChain([]).authenticate(REQUEST), { verdict: "error", reason: "no AAA method" });
});
