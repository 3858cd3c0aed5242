// `dialback run` as a service: SIGHUP reads the configuration again while calls go on (a call
// keeps its configuration until its line is idle; a user the reload adds is accepted on the
// next call; a broken file keeps the running configuration and says why), SIGTERM hangs every
// line up, and system messages go to the console and to `logging host` in IOS's format.

import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connect, type Socket } from "node:net";
import { once } from "node:events";
import { createSocket } from "node:dgram";
import { stop, waitFor } from "../../support/pty-chat.ts";
import { dialbackStarted, freePort } from "../../support/cli.ts";

interface TcpTerminal {
  socket: Socket;
  screen: () => string;
  closed: () => boolean;
  expect: (test: (s: string) => boolean, what: string) => Promise<void>;
}

async function terminal(port: number): Promise<TcpTerminal> {
  const socket = connect(port, "127.0.0.1");
  let screen = "";
  let closed = false;
  socket.on("data", (d: Buffer) => (screen += d.toString("latin1")));
  socket.on("close", () => (closed = true));
  socket.on("error", () => undefined);
  await once(socket, "connect");
  const expect = (test: (s: string) => boolean, what: string) => waitFor(() => test(screen), 20_000, `${what}: ${JSON.stringify(screen)}`);
  return { socket, screen: () => screen, closed: () => closed, expect };
}

/** Logs in at a fresh login prompt; resolves once the outcome is on the screen. */
async function logIn(t: TcpTerminal, user: string, password: string): Promise<"ok" | "refused"> {
  await t.expect((s) => s.endsWith("Username: "), "the login prompt");
  const before = t.screen().length;
  t.socket.write(`${user}\r`);
  await t.expect((s) => s.endsWith("Password: "), "the password prompt");
  t.socket.write(`${password}\r`);
  await t.expect((s) => /gw>$|% Login invalid/.test(s.slice(before)), "the login's outcome");
  return t.screen().slice(before).includes("gw>") ? "ok" : "refused";
}

function configDir(): string {
  return mkdtempSync(join(tmpdir(), "dialback-service-"));
}

const LINES = "line 4 5\n login local\n no flush-at-activation\n";
const V1 = `hostname gw\nservice timestamps log datetime msec\nusername bob password b0b\n${LINES}`;
const V2 = `hostname gw\nservice timestamps log datetime msec\nusername bob password b0b\nusername carol password c4rol\n${LINES}`;

test("SIGHUP during a call: the call goes on, the new user is accepted on the next call, a broken file keeps the running configuration", async () => {
  const dir = configDir();
  const cfg = join(dir, "dialback.cfg");
  writeFileSync(cfg, V1);
  const [p4, p5] = [await freePort(), await freePort()];
  const { child, out } = await dialbackStarted(["run", "--config", cfg, "--line", `4=tcp:${p4}`, "--line", `5=tcp:${p5}`, "--duration", "120"]);
  try {
    const bob = await terminal(p4);
    assert.equal(await logIn(bob, "bob", "b0b"), "ok");
    const early = await terminal(p5);
    assert.equal(await logIn(early, "carol", "c4rol"), "refused", "carol is not a user before the reload");
    early.socket.destroy();

    writeFileSync(cfg, V2);
    child.kill("SIGHUP");
    await waitFor(() => /%SYS-5-CONFIG_I: Configured from .*dialback\.cfg \(configuration 2\)/.test(out()), 20_000, `the reload: ${out()}`);
    assert.match(out(), /%DIALBACK-5-RELOAD: TTY4 keeps the previous configuration until idle/, "bob's line is in a call");
    assert.ok(child.exitCode === null, "SIGHUP does not end the process");

    // The call in progress goes on with its configuration.
    bob.socket.write("show users\r");
    await bob.expect((s) => /\*\s+4 tty 4\s+bob\s+idle/.test(s), "show users in bob's call after the reload");
    assert.equal(bob.closed(), false);

    // The next call (an idle line) has the new configuration: carol exists now.
    const carol = await terminal(p5);
    assert.equal(await logIn(carol, "carol", "c4rol"), "ok", "the user added by the reload logs in on the next call");
    carol.socket.destroy();

    // bob hangs up: his line passes to the new configuration, and the old one is retired.
    bob.socket.write("exit\r");
    await waitFor(() => /%DIALBACK-6-LINE_RELOADED: TTY4: idle, now on configuration 2 \(was 1\)/.test(out()), 20_000, `line 4 handed over: ${out()}`);
    await waitFor(() => /%DIALBACK-6-CONFIG_RETIRED: configuration 1/.test(out()), 20_000, `configuration 1 retired: ${out()}`);
    const carolOn4 = await terminal(p4);
    assert.equal(await logIn(carolOn4, "carol", "c4rol"), "ok", "bob's former line has the new configuration too");
    carolOn4.socket.destroy();

    // A broken file: refused with its located reasons, the running configuration stays.
    writeFileSync(cfg, `${V2}username dave password\n`);
    child.kill("SIGHUP");
    await waitFor(() => /%DIALBACK-3-CONFIG_REFUSED: .*dialback\.cfg has errors: the running configuration stays \(1 problem\)/.test(out()), 20_000, out());
    assert.match(out(), /%DIALBACK-3-CONFIG_ERROR: .*dialback\.cfg:8:24: error: incomplete command "username": expected a password$/m, "named at its line");
    const again = await terminal(p5);
    assert.equal(await logIn(again, "carol", "c4rol"), "ok", "configuration 2 still runs");
    again.socket.destroy();
    assert.doesNotMatch(out(), /configuration 3/);
    assert.ok(child.exitCode === null);
  } finally {
    await stop(child);
  }
});

test("SIGTERM hangs every line up, says so and exits 0", async () => {
  const dir = configDir();
  const cfg = join(dir, "dialback.cfg");
  writeFileSync(cfg, V1);
  const [p4, p5] = [await freePort(), await freePort()];
  const { child, out } = await dialbackStarted(["run", "--config", cfg, "--line", `4=tcp:${p4}`, "--line", `5=tcp:${p5}`]);
  const bob = await terminal(p4);
  assert.equal(await logIn(bob, "bob", "b0b"), "ok");
  const exited = once(child, "exit");
  child.kill("SIGTERM");
  const [code] = await exited;
  assert.equal(code, 0, out());
  assert.match(out(), /%DIALBACK-5-STOP: SIGTERM: hanging up every line \(calls on TTY4\)/);
  assert.match(out(), /%DIALBACK-5-HANGUP: TTY4: hung up \(carrier down after \d+ ms\)/);
  assert.doesNotMatch(out(), /TTY5: hung up/, "no call on line 5: nothing to say");
  await waitFor(() => bob.closed(), 5000, "bob's call closed");
});

test("system messages: `logging host` gets IOS's syslog datagrams at `logging trap` level, `no logging console` silences stdout", async () => {
  const server = createSocket("udp4");
  const datagrams: string[] = [];
  server.on("message", (m) => datagrams.push(m.toString("utf8")));
  await new Promise<void>((r) => server.bind(0, "127.0.0.1", r));
  const dir = configDir();
  const cfg = join(dir, "dialback.cfg");
  writeFileSync(
    cfg,
    `${V1}no logging console\nlogging trap notifications\nlogging facility local5\nlogging host 127.0.0.1 transport udp port ${server.address().port}\n` +
      "logging buffered 16384 debugging\n",
  );
  const p4 = await freePort();
  const { child, out } = await dialbackStarted(["run", "--config", cfg, "--line", `4=tcp:${p4}`, "--line", `5=tcp:${await freePort()}`]);
  try {
    const t = await terminal(p4);
    assert.equal(await logIn(t, "bob", "wrong"), "refused");
    await waitFor(() => datagrams.some((d) => d.includes("LOGIN_FAILED")), 10_000, `the failed login at the syslog host: ${datagrams.join("\n")}`);
    // local5 = 21: PRI 21 * 8 + severity; a sequence number, then the console's line.
    const stamp = "[A-Z][a-z]{2} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3}";
    assert.match(datagrams[0], new RegExp(`^<173>1: ${stamp}: %SYS-5-CONFIG_I: Configured from .*dialback\\.cfg$`));
    assert.ok(
      datagrams.some((d) => new RegExp(`^<172>\\d+: ${stamp}: %SEC_LOGIN-4-LOGIN_FAILED: Login failed \\[user: bob\\]`).test(d)),
      datagrams.join("\n"),
    );
    assert.equal(datagrams.some((d) => d.includes("%DIALBACK-6-")), false, "informational is above `logging trap notifications`");
    assert.doesNotMatch(out(), /%SEC_LOGIN|%SYS/, "no logging console: nothing on stdout");
    assert.equal(datagrams.some((d) => d.includes("wrong")), false, "no password in the log");
    t.socket.destroy();
  } finally {
    await stop(child);
    server.close();
  }
});

test("under systemd (JOURNAL_STREAM is stdout) every message starts with <severity> for journald", async () => {
  const dir = configDir();
  const cfg = join(dir, "dialback.cfg");
  writeFileSync(cfg, V1);
  const { spawn } = await import("node:child_process");
  const { openSync, fstatSync, readFileSync, closeSync } = await import("node:fs");
  const { cliArgs } = await import("../../support/cli.ts");
  const file = join(dir, "journal.txt");
  const fd = openSync(file, "w");
  const st = fstatSync(fd);
  const child = spawn(process.execPath, cliArgs(["run", "--config", cfg, "--line", `4=tcp:${await freePort()}`, "--duration", "1"]), {
    stdio: ["ignore", fd, "pipe"],
    env: { ...process.env, JOURNAL_STREAM: `${st.dev}:${st.ino}` },
  });
  const [code] = await once(child, "exit");
  closeSync(fd);
  const text = readFileSync(file, "utf8");
  assert.equal(code, 0, text);
  assert.match(text, /^<5>[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d\.\d{3}: %SYS-5-CONFIG_I: /m);
  assert.match(text, /^<5>.*%DIALBACK-5-STOP: duration: hanging up every line$/m);
});

test("without --events a failed callback prints one system message with its callback id", async () => {
  const dir = configDir();
  const cfg = join(dir, "dialback.cfg");
  // ann's number is the simulated network's busy subscriber.
  writeFileSync(
    cfg,
    "hostname gw\nservice timestamps log datetime\nservice exec-callback\nusername ann callback-dialstring 5550200 nocallback-verify password 4nn\n" +
      'chat-script dial ABORT BUSY "" "ATZ" OK "ATDT \\T" TIMEOUT 30 CONNECT \\c\nline 1 4\n login local\n modem InOut\n script callback dial\n',
  );
  const port = await freePort();
  const { child, out } = await dialbackStarted(["run", "--config", cfg, "--board", "boards/sim/default.json", "--expose", `5559999=tcp:${port}`]);
  try {
    const t = await terminal(port);
    t.socket.write("ATDT5551001\r");
    await t.expect((s) => /CONNECT \d+/.test(s), "CONNECT");
    await t.expect((s) => s.endsWith("Username: "), "the login prompt");
    t.socket.write("ann\r");
    await t.expect((s) => s.endsWith("Password: "), "the password prompt");
    t.socket.write("4nn\r");
    await waitFor(() => /%DIALBACK-3-CALLBACK_FAILED/.test(out()), 60_000, `the failed callback: ${out()}`);
    assert.match(out(), /^[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d: %DIALBACK-3-CALLBACK_FAILED: TTY\d: \[(\d+)\] Callback finished: busy \([\d.]+ s\)$/m);
    const id = /CALLBACK_FAILED: TTY\d: \[(\d+)\]/.exec(out())![1];
    assert.match(out(), new RegExp(`%DIALBACK-6-CALLBACK: TTY1: \\[${id}\\] Callback process initiated, method exec, dialstring 5550200`));
    t.socket.destroy();
  } finally {
    await stop(child);
  }
});
