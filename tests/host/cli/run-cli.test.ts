import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { connect, createServer } from "node:net";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { hdlcFrame } from "../../support/hdlc.ts";
import { stop, waitFor } from "../../support/pty-chat.ts";

const CLI = fileURLToPath(new URL("../../../host/cli/dialback.ts", import.meta.url));
const CONFREQ = Buffer.from("ff03c021010100140206000000000506c8035b3507020802", "hex");

async function freePort(): Promise<number> {
  const s = createServer();
  s.listen(0, "127.0.0.1");
  await once(s, "listening");
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

test("dialback run: a frame sent into a tcp line comes out of the core as an event", async () => {
  const port = await freePort();
  const args = ["--import", "tsx", CLI, "run", "--line", `3=tcp:${port}`, "--line", "4=sim", "--events", "--duration", "60"];
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout!.on("data", (d: Buffer) => (out += d));
  child.stderr!.on("data", (d: Buffer) => (out += d));
  try {
    await waitFor(() => out.includes("ready") || child.exitCode !== null, 20_000, `dialback run to start: ${out}`);
    assert.match(out, /line 3 tcp 127\.0\.0\.1:\d+\n.*line 4 sim 5551004\n/s);
    const socket = connect(port, "127.0.0.1");
    await once(socket, "connect");
    socket.write(Buffer.concat([hdlcFrame(CONFREQ), hdlcFrame(CONFREQ)]));
    await waitFor(() => (out.match(/FrameReceived/g) ?? []).length === 2, 10_000, `two frames: ${out}`);
    assert.match(out, /line 3: FrameReceived protocol 0xc021 24 bytes/);
    socket.destroy();
  } finally {
    await stop(child);
  }
});

test("dialback run without lines, or with a bad --line, exits 1 saying why", async () => {
  for (const [args, why] of [
    [["run"], /no lines: give --board PROFILE or --line N=/],
    [["run", "--line", "1=modem"], /unknown driver "modem"/],
    [["run", "--line", "1=sim", "--line", "1=tcp:4001"], /line given twice/],
  ] as const) {
    const child = spawn(process.execPath, ["--import", "tsx", CLI, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let err = "";
    child.stderr!.on("data", (d: Buffer) => (err += d));
    const [code] = await once(child, "exit");
    assert.equal(code, 1, args.join(" "));
    assert.match(err, why);
  }
});

test("dialback run --config: a person on a tcp line gets the login dialogue and the EXEC prompt", async () => {
  const { mkdtempSync, writeFileSync } = await import("node:fs");
  const { join } = await import("node:path");
  const { tmpdir } = await import("node:os");
  const dir = mkdtempSync(join(tmpdir(), "dialback-run-"));
  const cfg = join(dir, "gw.cfg");
  writeFileSync(cfg, "hostname gw\nusername bob password b0b\nline 4\n login local\n no flush-at-activation\n");
  const port = await freePort();
  const args = ["--import", "tsx", CLI, "run", "--config", cfg, "--line", `4=tcp:${port}`, "--duration", "60"];
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout!.on("data", (d: Buffer) => (out += d));
  child.stderr!.on("data", (d: Buffer) => (out += d));
  try {
    await waitFor(() => out.includes("ready") || child.exitCode !== null, 20_000, `dialback run to start: ${out}`);
    const socket = connect(port, "127.0.0.1");
    let screen = "";
    socket.on("data", (d: Buffer) => (screen += d.toString("latin1")));
    await once(socket, "connect");
    await waitFor(() => screen.includes("Username: "), 10_000, `the login prompt: ${JSON.stringify(screen)}`);
    assert.match(screen, /User Access Verification/);
    socket.write("bob\r");
    await waitFor(() => screen.includes("Password: "), 10_000, "the password prompt");
    socket.write("b0b\r");
    await waitFor(() => screen.endsWith("gw>"), 10_000, `the EXEC prompt: ${JSON.stringify(screen)}`);
    socket.write("show users\r");
    await waitFor(() => /\*\s+4 tty 4\s+bob\s+idle/.test(screen), 10_000, `show users: ${JSON.stringify(screen)}`);
    socket.destroy();
  } finally {
    await stop(child);
  }
});

test("dialback run --config refuses a driver for a line the configuration does not have", async () => {
  const { mkdtempSync, writeFileSync } = await import("node:fs");
  const { join } = await import("node:path");
  const { tmpdir } = await import("node:os");
  const cfg = join(mkdtempSync(join(tmpdir(), "dialback-run-")), "gw.cfg");
  writeFileSync(cfg, "line 4\n login local\n");
  const child = spawn(process.execPath, ["--import", "tsx", CLI, "run", "--config", cfg, "--line", "5=sim"], { stdio: ["ignore", "pipe", "pipe"] });
  let err = "";
  child.stderr!.on("data", (d: Buffer) => (err += d));
  const [code] = await once(child, "exit");
  assert.equal(code, 1);
  assert.match(err, /line 5 has a driver but no "line 5"/);
});

test("dialback run --board sim --config: a terminal dials a line through the telephone network and logs in", async () => {
  const { mkdtempSync, writeFileSync } = await import("node:fs");
  const { join } = await import("node:path");
  const { tmpdir } = await import("node:os");
  const cfg = join(mkdtempSync(join(tmpdir(), "dialback-run-")), "gw.cfg");
  writeFileSync(cfg, "hostname gw\nusername bob password b0b\nline 1 4\n login local\n modem InOut\n");
  const port = await freePort();
  const board = ["--board", "boards/sim/default.json", "--expose", `5559999=tcp:${port}`];
  const args = ["--import", "tsx", CLI, "run", "--config", cfg, ...board, "--duration", "90"];
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout!.on("data", (d: Buffer) => (out += d));
  child.stderr!.on("data", (d: Buffer) => (out += d));
  try {
    await waitFor(() => out.includes("ready") || child.exitCode !== null, 20_000, `dialback run to start: ${out}`);
    const socket = connect(port, "127.0.0.1");
    let screen = "";
    socket.on("data", (d: Buffer) => (screen += d.toString("latin1")));
    await once(socket, "connect");
    socket.write("ATDT5551004\r");
    await waitFor(() => /CONNECT \d+/.test(screen), 20_000, `CONNECT: ${JSON.stringify(screen)}`);
    await waitFor(() => screen.includes("Username: "), 10_000, `the login prompt: ${JSON.stringify(screen)}`);
    socket.write("bob\r");
    await waitFor(() => screen.includes("Password: "), 10_000, "the password prompt");
    socket.write("b0b\r");
    await waitFor(() => screen.endsWith("gw>"), 10_000, `the EXEC prompt: ${JSON.stringify(screen)}`);
    socket.destroy();
  } finally {
    await stop(child);
  }
});

test("dialback run --console: show users and show line at the core's console", async () => {
  const { mkdtempSync, writeFileSync } = await import("node:fs");
  const { join } = await import("node:path");
  const { tmpdir } = await import("node:os");
  const cfg = join(mkdtempSync(join(tmpdir(), "dialback-run-")), "gw.cfg");
  writeFileSync(cfg, "hostname gw\nusername bob password b0b\nline 4\n login local\n no flush-at-activation\n");
  const port = await freePort();
  const args = ["--import", "tsx", CLI, "run", "--config", cfg, "--line", `4=tcp:${port}`, "--console", "--duration", "60"];
  const child = spawn(process.execPath, args, { stdio: ["pipe", "pipe", "pipe"] });
  let out = "";
  child.stdout!.on("data", (d: Buffer) => (out += d));
  child.stderr!.on("data", (d: Buffer) => (out += d));
  try {
    await waitFor(() => out.includes("ready") || child.exitCode !== null, 20_000, `dialback run to start: ${out}`);
    const socket = connect(port, "127.0.0.1");
    let screen = "";
    socket.on("data", (d: Buffer) => (screen += d.toString("latin1")));
    await once(socket, "connect");
    await waitFor(() => screen.includes("Username: "), 10_000, "the login prompt");
    socket.write("bob\rb0b\r");
    await waitFor(() => screen.endsWith("gw>"), 10_000, "the EXEC prompt");
    child.stdin!.write("show users\n");
    await waitFor(() => /\s+4 tty 4\s+bob\s+idle/.test(out), 10_000, `show users on the console: ${out}`);
    child.stdin!.write("show line\n");
    await waitFor(() => /\*\s+4 TTY/.test(out), 10_000, `show line on the console: ${out}`);
    socket.destroy();
  } finally {
    await stop(child);
  }
});
