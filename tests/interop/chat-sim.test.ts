// Debian's chat drives dialback's simulated modems through `dialback sim` on ptys, with
// the reference's recommended chat script translated to chat's syntax.

import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { requireProgram } from "../support/external.ts";
import { runChat, stop, waitFor } from "../support/pty-chat.ts";

const CLI = fileURLToPath(new URL("../../host/cli/dialback.ts", import.meta.url));
// IOS: chat-script name ABORT ERROR ABORT BUSY "" "ATZ" OK "ATDT \T" TIMEOUT 30 CONNECT \c
const RECOMMENDED = ["ABORT", "ERROR", "ABORT", "BUSY", "", "ATZ", "OK", "ATDT\\T", "TIMEOUT", "30", "CONNECT", ""];
// IOS ARA: ... "ATZ" OK "ATS180=0" OK "ATS181=1" OK "ATDT \T" TIMEOUT 30 CONNECT \c
const ARA = ["ABORT", "ERROR", "ABORT", "BUSY", "", "ATZ", "OK", "ATS180=0", "OK", "ATS181=1", "OK", "ATDT \\T", "TIMEOUT", "30", "CONNECT", "\\c"];

test("chat reaches CONNECT through dialback sim, and a busy number aborts with BUSY's exit code", async (t) => {
  if (!requireProgram(t, "chat", "ppp") || !requireProgram(t, "socat", "socat")) return;
  const dir = mkdtempSync(join(tmpdir(), "dialback-chat-"));
  const links = [1, 2, 3].map((n) => join(dir, `modem${n}`));
  const sim = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      CLI,
      "sim",
      ...links.flatMap((l, i) => ["--expose", `555100${i + 1}=pty:${l}`]),
      "--subscriber",
      "1234567=answer",
      "--subscriber",
      "5550200=busy",
      "--setup-ms",
      "200",
      "--ring-ms",
      "600",
      "--training-ms",
      "200",
      "--duration",
      "60",
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let out = "";
  sim.stdout!.on("data", (d: Buffer) => (out += d));
  sim.stderr!.on("data", (d: Buffer) => (out += d));
  try {
    await waitFor(() => out.includes("ready") || sim.exitCode !== null, 20_000, `dialback sim to start: ${out}`);
    assert.match(out, /ready/);

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
