// dialback-gateway on lines without modem wires (ptys): carrier from the modem's CONNECT and
// NO CARRIER, hang-up by "+++" and "ATH0" since DTR cannot reach the modem. First a login on
// a pty pair whose other end this test plays as the modem; then an EXEC callback dialled
// through a simulated modem that `dialback sim` exposes on a pty, to a user's modem this test
// answers on TCP.

import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { requireProgram } from "../../support/external.ts";
import { ptyPeer, stop, waitFor } from "../../support/pty-chat.ts";
import { buildProgram, freePort, Gateway, imageFile, ROOT, TcpTerminal } from "../../support/gateway.ts";

const CLI = join(ROOT, "host/cli/dialback.ts");

test("dialback-gateway on a pty pair: carrier from CONNECT, the same login, hang-up by +++ and ATH0", async (t) => {
  if (!requireProgram(t, "socat", "socat")) return;
  const gateway = buildProgram(t, "gateway");
  if (!gateway) return;
  const dir = mkdtempSync(join(tmpdir(), "dialback-gateway-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const image = imageFile(dir, "pty", "hostname board\nusername ted password tedpw\nline 1\n login local\n");
  const link = join(dir, "modem");
  const modem = await ptyPeer(link);
  t.after(() => stop(modem));
  let screen = "";
  modem.stdout!.on("data", (d: Buffer) => (screen += d.toString("latin1")));
  const expect = async (text: string, limitMs = 10_000) => {
    await waitFor(() => screen.includes(text), limitMs, `${JSON.stringify(text)} on the pty; it shows ${JSON.stringify(screen)}`);
    const at = screen.indexOf(text) + text.length;
    const seen = screen.slice(0, at);
    screen = screen.slice(at);
    return seen;
  };
  const say = (text: string) => modem.stdin!.write(text);

  const g = await Gateway.start(gateway, ["--image", image, "--line", `1=${link}`]);
  t.after(() => g.stop("SIGKILL"));
  await g.waitFor(/TTY1: .*modem lines not readable: carrier from the modem's CONNECT \/ NO CARRIER, ringing from RING; hang-up by \+\+\+ \/ ATH0/);
  say("\r\nRING\r\n\r\nCONNECT 33600\r\n");
  await g.waitFor(/TTY1: \[1\] idle -> activation/);
  say("\r");
  await expect("Username: ");
  say("ted\r");
  await expect("Password: ");
  say("tedpw\r");
  await expect("board>");
  say("show users\r");
  assert.match(await expect("board>"), /\*\s+1 tty 1\s+ted/);
  say("exit\r");
  // DTR cannot drop on a pty: a second of silence, the escape, the modem's OK, then ATH0.
  const before = await expect("+++", 8000);
  assert.ok(!before.includes("ATH0"), "the escape comes first");
  await g.waitFor(/TTY1: hanging up by \+\+\+ \/ ATH0/);
  const escapeAt = Date.now();
  await new Promise((r) => setTimeout(r, 1100)); // the modem's guard time after the escape
  say("\r\nOK\r\n");
  await expect("ATH0\r", 5000);
  assert.ok(Date.now() - escapeAt >= 1000, "ATH0 only after the guard time");
  say("\r\nOK\r\n");
  await g.waitFor(/TTY1: \[1\] hang-up -> idle/);
  assert.equal(await g.stop("SIGTERM"), 0, g.log);
  assert.ok(!g.log.includes("tedpw"));
});

test("dialback-gateway: an EXEC callback dialled through a simulated modem exposed by dialback sim", async (t) => {
  if (!requireProgram(t, "socat", "socat")) return;
  const gateway = buildProgram(t, "gateway");
  if (!gateway) return;
  const dir = mkdtempSync(join(tmpdir(), "dialback-gateway-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const image = imageFile(
    dir,
    "exec-callback",
    [
      "hostname board",
      "service exec-callback",
      'chat-script dial ABORT ERROR ABORT BUSY ABORT "NO ANSWER" ABORT "NO CARRIER" "" "ATZ" OK "ATDT \\T" TIMEOUT 30 CONNECT \\c',
      "username milarepa callback-dialstring 5550100 callback-line 2 password letmein",
      "line 1",
      " login local",
      "line 2",
      " login local",
      " modem InOut",
      " script callback dial",
      "",
    ].join("\n"),
  );
  const link = join(dir, "modem2");
  const userPort = await freePort();
  const sim = spawn(
    process.execPath,
    ["--import", "tsx", CLI, "sim", "--expose", `5551002=pty:${link}`, "--expose", `5550100=tcp:${userPort}`]
      .concat(["--setup-ms", "300", "--ring-ms", "900", "--training-ms", "300"]),
    { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] },
  );
  let simLog = "";
  sim.stdout!.on("data", (d: Buffer) => (simLog += d));
  sim.stderr!.on("data", (d: Buffer) => (simLog += d));
  t.after(() => stop(sim));
  await waitFor(() => simLog.includes("ready") || sim.exitCode !== null, 30_000, `dialback sim to start: ${simLog}`);
  assert.ok(simLog.includes("ready"), simLog);

  // The user's modem, on the far end of the callback: this test is its DTE.
  const phone = await TcpTerminal.connect(userPort);
  t.after(() => phone.close());
  const p1 = await freePort();
  const g = await Gateway.start(gateway, ["--image", image, "--line", `1=tcp:${p1}`, "--line", `2=${link}`]);
  t.after(() => g.stop("SIGKILL"));

  const term = await TcpTerminal.connect(p1);
  term.type("\r");
  await term.expect("Username: ");
  term.type("milarepa\r");
  await term.expect("Password: ");
  term.type("letmein\r");
  await term.waitClosed(); // the incoming call is hung up before anything is dialled
  const id = (await g.waitFor(/TTY1: \[(\d+)\] Callback process initiated, method exec, dialstring 5550100/))[1];
  await g.waitFor(new RegExp(`TTY\\d+: \\[${id}\\] Callback dialling 5550100 on TTY2 \\(attempt 1, call came in on TTY1\\)`));
  await phone.expect("RING", 20_000);
  phone.type("ATA\r");
  await phone.expect(/CONNECT/, 10_000);
  // The callback leg: the gateway read CONNECT from the modem's text; the user logs in again.
  await phone.expect("Username: ", 15_000);
  phone.type("milarepa\r");
  await phone.expect("Password: ");
  phone.type("letmein\r");
  await phone.expect("board>");
  await g.waitFor(new RegExp(`\\[${id}\\] Callback finished: ok`));
  phone.type("exit\r");
  // The gateway hangs the pty modem up by escape: the user's modem hears the call end.
  await g.waitFor(/TTY2: hanging up by \+\+\+ \/ ATH0/);
  await phone.expect("NO CARRIER", 15_000);
  await g.waitFor(/TTY2: \[\d+\] hang-up -> idle/);
  assert.equal(await g.stop("SIGTERM"), 0, g.log);
  assert.ok(!g.log.includes("letmein"), "the password is never logged");
});
