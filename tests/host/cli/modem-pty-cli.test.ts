// The README's serial set-up as a person runs it, in three processes: `dialback sim` puts
// two simulated modems on ptys (the server's, from the factory with S0=0, and a caller's),
// `dialback run --line 4=serial:PTY` drives the server's (a pty has no DTR and no DCD:
// carrier from the modem's text, hang-up by +++ / ATH0), and a terminal program (socat) on
// the caller's pty types AT commands as the caller would.

import { test, type TestContext } from "node:test";
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { dialbackStarted } from "../../support/cli.ts";
import { requireProgram } from "../../support/external.ts";
import { ptyPeer, stop, waitFor } from "../../support/pty-chat.ts";

const SERVER = "5551004";
const CALLER = "5553030";

/** A terminal program on a pty: what it was shown since the last `sees`, and a way to type. */
class PtyTerminal {
  screen = "";
  private constructor(readonly child: ChildProcess) {
    child.stdout!.on("data", (d: Buffer) => (this.screen += d.toString("latin1")));
    child.stdin!.on("error", () => {});
  }

  static open(path: string): PtyTerminal {
    return new PtyTerminal(spawn("socat", ["STDIO", `GOPEN:${path},raw,echo=0`], { stdio: ["pipe", "pipe", "pipe"] }));
  }

  type(text: string): void {
    this.child.stdin!.write(text);
  }

  /** Waits until `text` has been shown; returns the screen up to it and keeps the rest. */
  async sees(text: string, limitMs: number, context: () => string): Promise<string> {
    await waitFor(() => this.screen.includes(text), limitMs, `the caller to see ${JSON.stringify(text)}: ${JSON.stringify(this.screen)}\n${context()}`);
    const at = this.screen.indexOf(text) + text.length;
    const seen = this.screen.slice(0, at);
    this.screen = this.screen.slice(at);
    return seen;
  }
}

interface Setup {
  terminal: PtyTerminal;
  runOut: () => string;
  sees: (text: string, limitMs?: number) => Promise<string>;
}

/** Starts the simulator, `dialback run` on the server's pty and the caller's terminal; all stopped by `t.after`. */
async function start(t: TestContext, config: string[], simArgs: string[] = []): Promise<Setup> {
  const dir = mkdtempSync(join(tmpdir(), "dialback-modem-cli-"));
  const children: ChildProcess[] = [];
  t.after(async () => {
    for (const c of children.reverse()) await stop(c);
    rmSync(dir, { recursive: true, force: true });
  });
  const cfg = join(dir, "gw.cfg");
  writeFileSync(cfg, config.join("\n") + "\n");
  const [serverPty, callerPty] = [join(dir, "server"), join(dir, "caller")];
  const timing = ["--setup-ms", "200", "--ring-ms", "1500", "--training-ms", "300"];
  const sim = await dialbackStarted(["sim", "--expose", `${SERVER}=pty:${serverPty}`, "--expose", `${CALLER}=pty:${callerPty}`, ...timing, ...simArgs]);
  children.push(sim.child);
  assert.match(sim.out(), /dialback sim: ready/, sim.out());
  const run = await dialbackStarted(["run", "--config", cfg, "--line", `4=serial:${serverPty}`, "--events"]);
  children.push(run.child);
  assert.match(run.out(), /dialback run: ready/, run.out());
  const terminal = PtyTerminal.open(callerPty);
  children.push(terminal.child);
  const context = () => `dialback run said:\n${run.out()}\ndialback sim said:\n${sim.out()}`;
  // The line's modem is set up (modem autoconfigure) before any call.
  await waitFor(() => /TTY4: modem ready/.test(run.out()), 20_000, `the line's modem to be set up\n${context()}`);
  return { terminal, runOut: run.out, sees: (text, limitMs = 20_000) => terminal.sees(text, limitMs, context) };
}

/** The caller dials the server and logs in as ted; `after` is what ends the login. */
async function dialAndLogIn(s: Setup, after: string): Promise<void> {
  s.terminal.type(`ATDT${SERVER}\r`);
  await s.sees("CONNECT");
  s.terminal.type("\r");
  await s.sees("Username: ");
  s.terminal.type("ted\r");
  await s.sees("Password: ");
  s.terminal.type("tedpw\r");
  await s.sees(after);
}

test("dialback run on a pty: the factory-set modem is told to answer, the caller logs in, exit hangs up, the caller sees NO CARRIER", async (t) => {
  if (!requireProgram(t, "socat", "socat")) return;
  const s = await start(t, ["hostname gw", "username ted password tedpw", "line 4", " login local", " modem InOut", " modem autoconfigure type default"]);
  await dialAndLogIn(s, "gw>");
  assert.match(s.runOut(), /TTY4: modem ready \(modem autoconfigure\)/);
  assert.doesNotMatch(s.runOut(), /answered by ATA/, "the modem answered by itself (S0=1 from the default modemcap entry)");
  s.terminal.type("exit\r");
  await s.sees("NO CARRIER");
  // DTR cannot be written on a pty: said once on stderr, and the call went by +++ / ATH0.
  assert.match(s.runOut(), /%DIALBACK-3-LINE_ERROR: TTY4: serial .*cannot set DTR\/RTS.*hang-ups by \+\+\+ \/ ATH0 from now on/);
  // The line is set up again after the hang-up, and the next call is answered as well.
  await waitFor(() => (s.runOut().match(/TTY4: modem ready/g) ?? []).length >= 2, 20_000, `a second set-up after the hang-up:\n${s.runOut()}`);
  await dialAndLogIn(s, "gw>");
  s.terminal.type("exit\r");
  await s.sees("NO CARRIER");
});

test("dialback run on a pty: an EXEC callback dials only after the caller's modem has hung up", async (t) => {
  if (!requireProgram(t, "socat", "socat")) return;
  const s = await start(t, [
    "hostname gw",
    "service exec-callback",
    'chat-script dial ABORT ERROR ABORT BUSY ABORT "NO ANSWER" "" "ATZ" OK "ATDT \\T" TIMEOUT 30 CONNECT \\c',
    `username ted callback-dialstring ${CALLER} nocallback-verify password tedpw`,
    "line 4",
    " login local",
    " modem InOut",
    " modem autoconfigure type default",
    " script callback dial",
    " callback forced-wait 1",
  ]);
  // The caller's modem will answer the callback by itself.
  s.terminal.type("ATS0=1\r");
  await s.sees("OK");
  await dialAndLogIn(s, "Callback initiated");
  const beforeRing = await s.sees("RING", 30_000);
  assert.match(beforeRing, /NO CARRIER/, "the incoming call ended before anything rang the caller");
  assert.doesNotMatch(beforeRing, /ATZ|ATDT/, "no dial command reached the caller");
  await s.sees("CONNECT", 15_000);
  const prompt = await s.sees("gw>", 15_000);
  assert.doesNotMatch(prompt, /ATZ|ATDT/);
  await waitFor(() => /Callback finished: ok/.test(s.runOut()), 15_000, `the callback to finish ok:\n${s.runOut()}`);
});

test("dialback run on a pty whose modem never answers: said without --events, and tried again", async (t) => {
  if (!requireProgram(t, "socat", "socat")) return;
  const dir = mkdtempSync(join(tmpdir(), "dialback-modem-cli-"));
  const link = join(dir, "silent");
  // A pty whose far side reads and never answers: a modem switched off, or on the wrong port.
  const silent = await ptyPeer(link);
  const cfg = join(dir, "gw.cfg");
  writeFileSync(cfg, "line 4\n modem InOut\n modem autoconfigure type default\n");
  const run = await dialbackStarted(["run", "--config", cfg, "--line", `4=serial:${link}`]);
  t.after(async () => {
    await stop(run.child);
    await stop(silent);
    rmSync(dir, { recursive: true, force: true });
  });
  const failed = () =>
    run.out().match(/%DIALBACK-3-MODEM_FAILED: TTY4: modem not answering in modem autoconfigure \(\d+ in a row\), trying again in [\d.]+ s/g) ?? [];
  await waitFor(() => failed().length >= 2, 40_000, `two reports of the silent modem:\n${run.out()}`);
  assert.match(failed()[0] ?? "", /\(1 in a row\), trying again in 5\.0 s/);
  assert.match(failed()[1] ?? "", /\(2 in a row\), trying again in 10\.0 s/);
});

test("dialback run on a pty with modem autoconfigure discovery: the modem says it is a Sportster, gets the USR init, answers the call", async (t) => {
  if (!requireProgram(t, "socat", "socat")) return;
  const config = ["hostname gw", "username ted password tedpw", "line 4", " login local", " modem InOut", " modem autoconfigure discovery"];
  const s = await start(t, config, ["--identity", `${SERVER}=U.S. Robotics Sportster 33600 Fax`]);
  assert.match(s.runOut(), /TTY4: modem identified as usr_sportster \("U\.S\. Robotics Sportster 33600 Fax/);
  assert.match(s.runOut(), /TTY4: modem ready \(modem autoconfigure, discovery\)/);
  await dialAndLogIn(s, "gw>");
  s.terminal.type("show line 4\r");
  await s.sees("Modem control: DTR cannot be set: hang-up by +++/ATH0 (for ");
  s.terminal.type("exit\r");
  await s.sees("NO CARRIER");
});

test("dialback run on a pty: a modem discovery does not know is logged with what it said and gets the default entry", async (t) => {
  if (!requireProgram(t, "socat", "socat")) return;
  const config = ["line 4", " modem InOut", " modem autoconfigure discovery"];
  const s = await start(t, config, ["--identity", `${SERVER}=Acme FastModem 9000`]);
  assert.match(s.runOut(), /%DIALBACK-4-MODEM_UNKNOWN: TTY4: modem not recognised \("Acme FastModem 9000; 33600"\): using modemcap entry default/);
});
