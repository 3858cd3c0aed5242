// Replays tests/fixtures/chat/cases.json against Debian's chat: a scripted modem on a
// socat pty answers each command line, and chat's exit code must be the recorded one.
// The same table is what dialback's own chat engine is checked against.

import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { requireProgram } from "../support/external.ts";
import { ptyPeer, runChat, stop } from "../support/pty-chat.ts";

interface ChatCase {
  name: string;
  script: string[];
  dialString: string;
  greeting?: string;
  modem: { on: string; reply: string | string[] }[];
  expect: { outcome: "success" | "abort" | "timeout"; abortIndex?: number; chatExit: number };
}

const table = JSON.parse(readFileSync(new URL("../fixtures/chat/cases.json", import.meta.url), "utf8")) as { cases: ChatCase[] };

test("the case table is well formed and covers success, aborts and timeouts", () => {
  assert.ok(table.cases.length >= 10);
  const names = new Set<string>();
  for (const c of table.cases) {
    assert.ok(!names.has(c.name), `duplicate case ${c.name}`);
    names.add(c.name);
    const { outcome, abortIndex, chatExit } = c.expect;
    // chat's exit codes (man chat): 0 success, 3 timeout, 4 + k for the (k+1)-th ABORT string.
    if (outcome === "success") assert.equal(chatExit, 0, c.name);
    if (outcome === "timeout") assert.equal(chatExit, 3, c.name);
    if (outcome === "abort") {
      const aborts = c.script.flatMap((tok, i) => (tok === "ABORT" ? [c.script[i + 1]] : []));
      assert.ok(abortIndex !== undefined && abortIndex < aborts.length, c.name);
      assert.equal(chatExit, 4 + abortIndex!, c.name);
    }
  }
  for (const o of ["success", "abort", "timeout"]) assert.ok(table.cases.some((c) => c.expect.outcome === o), o);
});

test("Debian chat gives the recorded outcome for every case", async (t) => {
  if (!requireProgram(t, "chat", "ppp") || !requireProgram(t, "socat", "socat")) return;
  const dir = mkdtempSync(join(tmpdir(), "dialback-cases-"));
  try {
    for (const [index, c] of table.cases.entries()) {
      await t.test(c.name, async () => {
        const link = join(dir, `modem${index}`);
        const peer = await ptyPeer(link);
        const pending = [...c.modem];
        let line = "";
        const send = (reply: string | string[]) => {
          const parts = Array.isArray(reply) ? reply : [reply];
          // Separate writes with a pause, so chat reads them as separate pieces.
          parts.forEach((p, i) => setTimeout(() => peer.stdin!.write(Buffer.from(p, "latin1")), 30 * i));
        };
        peer.stdout!.on("data", (d: Buffer) => {
          for (const ch of d.toString("latin1")) {
            if (ch !== "\r" && ch !== "\n") {
              line += ch;
              continue;
            }
            const command = line;
            line = "";
            const at = pending.findIndex((x) => x.on === command);
            if (at >= 0) send(pending.splice(at, 1)[0].reply);
          }
        });
        // socat's wait-slave holds the greeting in the pipe until chat opens the pty.
        if (c.greeting) send(c.greeting);
        try {
          const run = await runChat(link, ["-v", "-s", ...(c.dialString ? ["-T", c.dialString] : []), ...c.script], 15_000);
          assert.equal(run.code, c.expect.chatExit, run.log);
        } finally {
          await stop(peer);
        }
      });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
