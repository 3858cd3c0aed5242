import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connect, type Socket } from "node:net";
import { once } from "node:events";
import { hdlcFrame } from "../../support/hdlc.ts";
import { stop, waitFor } from "../../support/pty-chat.ts";
import { createSocket } from "node:dgram";
import { TacacsFixture } from "../../support/tacacs-fixture.ts";
import { dialbackStarted, dialbackSync, freePort } from "../../support/cli.ts";
import {
  radiusDecode, radiusEncodeResponse, radiusRevealPassword, radiusText, RADIUS_ACCESS_ACCEPT, RADIUS_ACCESS_REJECT,
} from "../../../host/aaa/radius-codec.ts";

const CONFREQ = Buffer.from("ff03c021010100140206000000000506c8035b3507020802", "hex");

/** A configuration file in a fresh temporary folder. */
function configFile(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), "dialback-run-")), "gw.cfg");
  writeFileSync(file, text);
  return file;
}

/** Starts `dialback run ARGS`, collecting stdout and stderr, and waits for "ready". */
const startRun = (args: string[], stdin: "ignore" | "pipe" = "ignore") => dialbackStarted(["run", ...args], stdin);

interface TcpTerminal {
  socket: Socket;
  screen: () => string;
  expect: (test: (s: string) => boolean, what: string) => Promise<void>;
}

/** A terminal on a TCP port: what it was shown, and a way to wait for more. */
async function terminal(port: number): Promise<TcpTerminal> {
  const socket = connect(port, "127.0.0.1");
  let screen = "";
  socket.on("data", (d: Buffer) => (screen += d.toString("latin1")));
  await once(socket, "connect");
  return { socket, screen: () => screen, expect: (test, what) => waitFor(() => test(screen), 20_000, `${what}: ${JSON.stringify(screen)}`) };
}

/** Logs in as bob at the login prompt and waits for the gw> prompt. */
async function logIn(t: TcpTerminal): Promise<void> {
  await t.expect((s) => s.includes("Username: "), "the login prompt");
  t.socket.write("bob\r");
  await t.expect((s) => s.includes("Password: "), "the password prompt");
  t.socket.write("b0b\r");
  await t.expect((s) => s.endsWith("gw>"), "the EXEC prompt");
}

const GW = "hostname gw\nusername bob password b0b\n";

test("dialback run: a frame sent into a tcp line comes out of the core as an event", async () => {
  const port = await freePort();
  const { child, out } = await startRun(["--line", `3=tcp:${port}`, "--line", "4=sim", "--events", "--duration", "60"]);
  try {
    assert.match(out(), /line 3 tcp 127\.0\.0\.1:\d+\n.*line 4 sim 5551004\n/s);
    const socket = connect(port, "127.0.0.1");
    await once(socket, "connect");
    socket.write(Buffer.concat([hdlcFrame(CONFREQ), hdlcFrame(CONFREQ)]));
    await waitFor(() => (out().match(/FrameReceived/g) ?? []).length === 2, 10_000, `two frames: ${out()}`);
    assert.match(out(), /line 3: FrameReceived protocol 0xc021 24 bytes/);
    socket.destroy();
  } finally {
    await stop(child);
  }
});

test("dialback run without lines, or with a bad --line, exits saying why (2 for a malformed option)", async () => {
  // No option at all: the configuration directory's files, here an empty directory.
  const etc = mkdtempSync(join(tmpdir(), "dialback-etc-"));
  const bare = dialbackSync(["run"], { env: { ...process.env, CONFIGURATION_DIRECTORY: etc } });
  assert.equal(bare.code, 1);
  assert.match(bare.stderr, new RegExp(`no options, and ${etc}/dialback\\.cfg \\(the IOS configuration\\) and ${etc}/board\\.json .* do not exist`));
  assert.match(bare.stderr, /give --config FILE and --board PROFILE/);
  writeFileSync(join(etc, "board.json"), '{ "name": "t", "lines": [ { "tty": 1, "driver": "sim", "number": "5551001" } ] }');
  const half = dialbackSync(["run"], { env: { ...process.env, CONFIGURATION_DIRECTORY: etc } });
  assert.match(half.stderr, new RegExp(`no options, and ${etc}/dialback\\.cfg \\(the IOS configuration\\) does not exist`));
  for (const [args, why, exit] of [
    [["run", "--config", configFile("line 1\n")], /no lines: give --board PROFILE or --line N=/, 1],
    [["run", "--line", "1=modem"], /unknown driver "modem"/, 2],
    [["run", "--line", "1=sim", "--line", "1=tcp:4001"], /line given twice/, 1],
  ] as const) {
    const { code, stderr: err } = dialbackSync(args);
    assert.equal(code, exit, args.join(" "));
    assert.match(err, why);
    assert.doesNotMatch(err, /^\s+at /m, "no stack trace");
  }
});

test("dialback run --config: a person on a tcp line gets the login dialogue and the EXEC prompt", async () => {
  const port = await freePort();
  const cfg = configFile(`${GW}line 4\n login local\n no flush-at-activation\n`);
  const { child } = await startRun(["--config", cfg, "--line", `4=tcp:${port}`, "--duration", "60"]);
  try {
    const t = await terminal(port);
    await t.expect((s) => s.includes("Username: "), "the login prompt");
    assert.match(t.screen(), /User Access Verification/);
    await logIn(t);
    t.socket.write("show users\r");
    await t.expect((s) => /\*\s+4 tty 4\s+bob\s+idle/.test(s), "show users");
    t.socket.destroy();
  } finally {
    await stop(child);
  }
});

test("dialback run --config refuses a driver for a line the configuration does not have", async () => {
  const cfg = configFile("line 4\n login local\n");
  const { code, stderr: err } = dialbackSync(["run", "--config", cfg, "--line", "5=sim"]);
  assert.equal(code, 1);
  assert.match(err, /line 5 has a driver but no "line 5"/);
});

test("dialback run --board sim --config: a terminal dials a line through the telephone network and logs in", async () => {
  const port = await freePort();
  const cfg = configFile(`${GW}line 1 4\n login local\n modem InOut\n`);
  const board = ["--board", "boards/sim/default.json", "--expose", `5559999=tcp:${port}`];
  const { child } = await startRun(["--config", cfg, ...board, "--duration", "90"]);
  try {
    const t = await terminal(port);
    t.socket.write("ATDT5551004\r");
    await t.expect((s) => /CONNECT \d+/.test(s), "CONNECT");
    await logIn(t);
    t.socket.destroy();
  } finally {
    await stop(child);
  }
});

test("dialback run --console: show users and show line at the core's console", async () => {
  const port = await freePort();
  const cfg = configFile(`${GW}line 4\n login local\n no flush-at-activation\n`);
  const { child, out } = await startRun(["--config", cfg, "--line", `4=tcp:${port}`, "--console", "--duration", "60"], "pipe");
  try {
    const t = await terminal(port);
    await logIn(t);
    child.stdin!.write("show users\n");
    await waitFor(() => /\s+4 tty 4\s+bob\s+idle/.test(out()), 10_000, `show users on the console: ${out()}`);
    child.stdin!.write("show line\n");
    await waitFor(() => /\*\s+4 TTY/.test(out()), 10_000, `show line on the console: ${out()}`);
    t.socket.destroy();
  } finally {
    await stop(child);
  }
});

test("dialback run --config with aaa: a login is asked of the RADIUS server the configuration names", async () => {
  // A RADIUS server that knows carol (password c4rol): RFC 2865 §5.2 hidden password, signed replies.
  const server = createSocket("udp4");
  const asked: string[] = [];
  server.on("message", (msg, from) => {
    const request = radiusDecode(msg);
    if (typeof request === "string") return;
    const user = Buffer.from(request.attributes.find((a) => a.type === 1)?.value ?? []).toString();
    const hidden = request.attributes.find((a) => a.type === 2)?.value ?? new Uint8Array();
    const password = Buffer.from(radiusRevealPassword(hidden, "k3y", request.authenticator)).toString();
    asked.push(user);
    const ok = user === "carol" && password === "c4rol";
    const reply = { code: ok ? RADIUS_ACCESS_ACCEPT : RADIUS_ACCESS_REJECT, identifier: request.identifier, attributes: [radiusText(18, "hi")] };
    server.send(radiusEncodeResponse(reply, request.authenticator, "k3y"), from.port, from.address);
  });
  await new Promise<void>((r) => server.bind(0, "127.0.0.1", r));
  const radiusPort = server.address().port;
  const port = await freePort();
  const cfg = configFile(
    `${GW}aaa new-model\naaa authentication login default group radius\nradius-server host 127.0.0.1 auth-port ${radiusPort} key k3y\n` +
      "line 4\n login authentication default\n no flush-at-activation\n",
  );
  const { child, out } = await startRun(["--config", cfg, "--line", `4=tcp:${port}`, "--duration", "60"]);
  try {
    const t = await terminal(port);
    await t.expect((s) => s.includes("Username: "), "the login prompt");
    t.socket.write("bob\r");
    await t.expect((s) => s.includes("Password: "), "the password prompt");
    t.socket.write("b0b\r");
    await t.expect((s) => s.includes("% Login invalid"), "bob is only local: the server says no");
    t.socket.write("carol\r");
    await t.expect((s) => s.split("Password: ").length === 3, "the second password prompt");
    t.socket.write("c4rol\r");
    await t.expect((s) => s.endsWith("gw>"), "the EXEC prompt for the server's user");
    assert.deepEqual(asked, ["bob", "carol"]);
    assert.equal(out().includes("c4rol") || out().includes("k3y"), false, "no password or key in the output");
    t.socket.destroy();
  } finally {
    await stop(child);
    server.close();
  }
});

test("dialback run --config with aaa: tacacs+ first, and a login its server knows gets the EXEC prompt", async () => {
  const tacacs = await TacacsFixture.start({ key: "tk", users: { dave: "d4ve" } });
  const port = await freePort();
  const silentRadius = await freePort(); // nothing listens: the list would only reach it on a TACACS+ error
  const cfg = configFile(
    `${GW}aaa new-model\naaa authentication login default group tacacs+ group radius\n` +
      `tacacs-server host 127.0.0.1 port ${tacacs.port} key tk\nradius-server host 127.0.0.1 auth-port ${silentRadius} key k\n` +
      "line 4\n login authentication default\n no flush-at-activation\n",
  );
  const { child, out } = await startRun(["--config", cfg, "--line", `4=tcp:${port}`, "--duration", "60"]);
  try {
    const t = await terminal(port);
    await t.expect((s) => s.includes("Username: "), "the login prompt");
    t.socket.write("dave\r");
    await t.expect((s) => s.includes("Password: "), "the password prompt");
    t.socket.write("d4ve\r");
    await t.expect((s) => s.endsWith("gw>"), "the EXEC prompt for the TACACS+ server's user");
    assert.equal(tacacs.sessions[0].user, "dave");
    assert.equal(out().includes("d4ve"), false, "no password in the output");
    t.socket.destroy();
  } finally {
    await stop(child);
    await tacacs.close();
  }
});

test("dialback run logs failed logins and quiet mode without --events, naming only users that exist", async () => {
  const port = await freePort();
  const cfg = configFile(`${GW}service timestamps log datetime msec\nlogin block-for 60 attempts 2 within 30\nline 4\n login local\n no flush-at-activation\n`);
  const { child, out } = await startRun(["--config", cfg, "--line", `4=tcp:${port}`, "--duration", "60"]);
  try {
    const t = await terminal(port);
    await t.expect((s) => s.includes("Username: "), "the login prompt");
    t.socket.write("bob\rwrong\r");
    await t.expect((s) => s.split("Username: ").length === 3, "the next prompt after the login delay");
    t.socket.write("nobody\rwrong\r");
    await once(t.socket, "close"); // the second failure starts quiet mode: the call is closed
    // Call again until the line takes the call (it refuses calls while its DTR is still down from the hang-up).
    for (let i = 0; i < 50 && !/Login refused/.test(out()); i++) {
      const again = await terminal(port);
      await once(again.socket, "close");
      assert.equal(again.screen(), "", "no prompt in quiet mode");
      await new Promise((r) => setTimeout(r, 200));
    }
    await waitFor(() => /Login refused/.test(out()), 10_000, `the refused call: ${out()}`);
    // `service timestamps log datetime msec`: IOS's stamp, in UTC.
    const stamp = "^[A-Z][a-z]{2} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3}: ";
    const bob = "\\[user: bob\\] \\[Source: TTY4\\] \\[localport: 4\\] \\[Reason: Login Authentication Failed\\]";
    assert.match(out(), new RegExp(`${stamp}%SEC_LOGIN-4-LOGIN_FAILED: Login failed ${bob}`, "m"));
    assert.match(out(), new RegExp(`${stamp}%SEC_LOGIN-4-LOGIN_FAILED: Login failed \\[user: \\] \\[Source: TTY4\\]`, "m"), "nobody is no user: not named");
    assert.match(out(), new RegExp(`${stamp}%SEC_LOGIN-1-QUIET_MODE_ON: .*logins refused for 60 secs \\(2 failures within 30 secs\\)`, "m"));
    const refused = "Login refused \\[Source: TTY4\\] \\[localport: 4\\] \\[Reason: Quiet Mode, \\d+ secs left\\]";
    assert.match(out(), new RegExp(`${stamp}%DIALBACK-4-LOGIN_REFUSED: ${refused}`, "m"));
    assert.equal(out().includes("nobody"), false, "a name that is no user stays out of the log");
    assert.equal(out().includes("wrong"), false, "no password in the log");
  } finally {
    await stop(child);
  }
});
