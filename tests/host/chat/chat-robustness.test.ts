// Whatever bytes arrive as a ChatScripts section or as modem output, the core answers with
// a status or a result: it never traps.

import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { Core } from "../../../host/core/core.ts";
import { EventKind, ChatResult } from "../../../host/core/abi.ts";
import { encodeChatScripts } from "../../../host/image/chat-section.ts";
import { coreWithScripts, chatRun, CHAT_TTY } from "../../support/chat-modem.ts";

test("random_sections_load_and_check_without_trapping", async () => {
  const core = await Core.load();
  const memory = new Uint8Array(core.exports.memory.buffer);
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => {
      const ptr = core.exports.chatBuffer(bytes.length);
      memory.set(bytes, ptr);
      const count = core.exports.chatLoad(ptr, bytes.length);
      if (count < 0) return;
      for (let i = 0; i < count; i++) {
        const status = core.exports.chatCheck(i);
        assert.ok(status <= 0);
      }
    }),
    { numRuns: 400 },
  );
});

const tokenText = fc.string({ maxLength: 12, unit: fc.constantFrom("\\", "T", "c", "d", "q", "0", "7", "-", "A", "O", "K", " ", "r", "N", "x") });
const token = fc.oneof(tokenText, fc.constantFrom("ABORT", "TIMEOUT", "", "EOT", "BREAK", "5", "BUSY"));

test("random_scripts_against_random_modem_bytes_end_with_one_result", async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(token, { maxLength: 14 }), fc.array(fc.uint8Array({ maxLength: 40 }), { maxLength: 6 }), async (tokens, replies) => {
      const core = await coreWithScripts([{ name: "r", tokens }]);
      const status = chatRun(core, 0, "5551234");
      let now = 0;
      for (const reply of replies) {
        core.rxPush(CHAT_TTY, reply);
        now += 1000;
        core.tick(now);
      }
      for (let i = 0; i < 200 && core.exports.chatActive(CHAT_TTY); i++) {
        const next = core.tick(now);
        now = next ?? now + 1000;
      }
      assert.equal(core.exports.chatActive(CHAT_TTY), 0);
      const results = [...core.drainEvents()].filter((e) => e.kind === EventKind.ChatResult);
      assert.equal(results.length, 1);
      if (status < 0) assert.equal(results[0].args[2], ChatResult.BadScript);
    }),
    { numRuns: 150 },
  );
});

test("encoder_rejects_what_the_section_cannot_hold", () => {
  assert.throws(() => encodeChatScripts([{ name: "x".repeat(256), tokens: [] }]), /name longer/);
  assert.throws(() => encodeChatScripts([{ name: "x", tokens: new Array(256).fill("a") }]), /more than 255 tokens/);
  assert.throws(() => encodeChatScripts([{ name: "x", tokens: ["\u2603"] }]), /8-bit/);
});
