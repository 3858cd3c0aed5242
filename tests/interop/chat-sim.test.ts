// Debian's chat drives dialback's simulated modems through `dialback sim` on ptys, with
// the reference's recommended chat script translated to chat's syntax.

import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { requireProgram } from "../support/external.ts";
import { runChat, stop } from "../support/pty-chat.ts";
import { dialbackStarted } from "../support/cli.ts";

// IOS: chat-script name ABORT ERROR ABORT BUSY "" "ATZ" OK "ATDT \T" TIMEOUT 30 CONNECT \c
const RECOMMENDED = ["ABORT", "ERROR", "ABORT", "BUSY", "", "ATZ", "OK", "ATDT\\T", "TIMEOUT", "30", "CONNECT", ""];
// IOS ARA: ... "ATZ" OK "ATS180=0" OK "ATS181=1" OK "ATDT \T" TIMEOUT 30 CONNECT \c
const ARA = ["ABORT", "ERROR", "ABORT", "BUSY", "", "ATZ", "OK", "ATS180=0", "OK", "ATS181=1", "OK", "ATDT \\T", "TIMEOUT", "30", "CONNECT", "\\c"];

test("chat reaches CONNECT through dialback sim, and a busy number aborts with BUSY's exit code", async (t) => {
  if (!requireProgram(t, "chat", "ppp") || !requireProgram(t, "socat", "socat")) return;
  const dir = mkdtempSync(join(tmpdir(), "dialback-chat-"));
  const links = [1, 2, 3].map((n) => join(dir, `modem${n}`));
  const { child: sim, out } = await dialbackStarted([
    "sim",
    ...links.flatMap((l, i) => ["--expose", `555100${i + 1}=pty:${l}`]),
    ...["--subscriber", "1234567=answer", "--subscriber", "5550200=busy"],
    ...["--setup-ms", "200", "--ring-ms", "600", "--training-ms", "200", "--duration", "60"],
  ]);
  try {
    assert.match(out(), /ready/);

    const ok = await runChat(links[0], ["-v", "-s", "-T", "1234567", ...RECOMMENDED]);
    assert.equal(ok.code, 0, ok.log);
    assert.match(ok.log, /CONNECT\s*\n -- got it/);

    const busy = await runChat(links[1], ["-v", "-s", "-T", "5550200", ...RECOMMENDED]);
    assert.equal(busy.code, 5, `ABORT BUSY is the second ABORT string: 4 + 1\n${busy.log}`);
    assert.match(busy.log, /Failed \(BUSY\)/);

    const ara = await runChat(links[2], ["-v", "-s", "-T", "1234567", ...ARA]);
    assert.equal(ara.code, 0, ara.log);
  } finally {
    await stop(sim);
    rmSync(dir, { recursive: true, force: true });
  }
});
