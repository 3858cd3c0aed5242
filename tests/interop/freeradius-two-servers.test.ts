// Two `dialback run` processes (two access servers, the way a site grows) sharing one real
// FreeRADIUS for their users and their accounting: on each, a person at a terminal behind a
// simulated modem dials in, logs in as a RADIUS user, is called back at the number FreeRADIUS
// gives (EXEC callback), logs in again and leaves. FreeRADIUS's detail file then holds Start and
// Stop for both legs of both callbacks, each pair of legs linked, the first ending in Callback.

import { test, type TestContext } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connect, type Socket } from "node:net";
import { once } from "node:events";
import { requireProgram } from "../support/external.ts";
import { dialbackStarted, freePort } from "../support/cli.ts";
import { stop, waitFor } from "../support/pty-chat.ts";
import {
  FREERADIUS_SECRET,
  freeUdpPort,
  startFreeradius,
  stopFreeradius,
  waitForDetail,
  writeRaddb,
  type DetailRecord,
} from "./support/freeradius.ts";

const USERS = `alice   Cleartext-Password := "alice-pw"
        Service-Type = Callback-Login-User,
        Callback-Number = "5559001"

bob     Cleartext-Password := "bob-pw"
        Service-Type = Callback-Login-User,
        Callback-Number = "5559002"

`;

function config(hostname: string, authPort: number, acctPort: number): string {
  return [
    `hostname ${hostname}`,
    "service exec-callback",
    'chat-script dial ABORT ERROR ABORT BUSY ABORT "NO CARRIER" "" "ATZ" OK "ATDT \\T" TIMEOUT 40 CONNECT \\c',
    "aaa new-model",
    "aaa authentication login default group radius",
    "aaa accounting exec default start-stop group radius",
    `radius-server host 127.0.0.1 auth-port ${authPort} acct-port ${acctPort} key ${FREERADIUS_SECRET}`,
    "line 1 4",
    " login authentication default",
    " modem InOut",
    " script callback dial",
    "",
  ].join("\n");
}

/** A terminal on the TCP side of an exposed modem: what it was shown, and a way to wait for more. */
async function modemTerminal(port: number) {
  const socket: Socket = connect(port, "127.0.0.1");
  let screen = "";
  socket.on("data", (d: Buffer) => (screen += d.toString("latin1")));
  await once(socket, "connect");
  const expect = async (pattern: RegExp, what: string, limitMs = 60_000) => waitFor(() => pattern.test(screen), limitMs, `${what}: ${JSON.stringify(screen)}`);
  return { socket, screen: () => screen, expect, type: (text: string) => socket.write(text) };
}

/** One access server: `dialback run` on the simulated board, the caller's modem exposed at `number`. */
async function accessServer(dir: string, name: string, number: string, authPort: number, acctPort: number) {
  const cfg = join(dir, `${name}.cfg`);
  writeFileSync(cfg, config(name, authPort, acctPort));
  const port = await freePort();
  const args = ["run", "--config", cfg, "--board", "boards/sim/default.json", "--expose", `${number}=tcp:${port}`, "--duration", "150"];
  const run = await dialbackStarted(args);
  return { ...run, port };
}

/** A person calls the access server, logs in, is called back, logs in again and types exit. */
async function callAndComeBack(port: number, user: string, password: string): Promise<string> {
  const t = await modemTerminal(port);
  try {
    t.type("ATS0=1\r"); // answer the callback on the first ring
    await t.expect(/OK/, "the modem");
    t.type("ATDT5551004\r");
    await t.expect(/CONNECT/, "the call");
    await t.expect(/Username: $/, "the login prompt");
    t.type(`${user}\r`);
    await t.expect(/Password: $/, "the password prompt");
    t.type(`${password}\r`);
    await t.expect(/Callback initiated - line is disconnected/, "the callback");
    const before = t.screen().length;
    await waitFor(() => /CONNECT/.test(t.screen().slice(before)), 90_000, `the callback's call: ${JSON.stringify(t.screen())}`);
    await waitFor(() => /Username: $/.test(t.screen()), 30_000, `the callback leg's login prompt: ${JSON.stringify(t.screen())}`);
    t.type(`${user}\r`);
    await t.expect(/Password: $/, "the leg's password prompt");
    t.type(`${password}\r`);
    await t.expect(/> ?$/, "the EXEC prompt after the callback");
    t.type("exit\r");
    await waitFor(() => /NO CARRIER/.test(t.screen().slice(before).split("CONNECT").slice(1).join("CONNECT")), 30_000, "the hang-up");
    return t.screen();
  } finally {
    t.socket.destroy();
  }
}

const attr = (d: DetailRecord, name: string) => d.attributes[name];

test("two_dialback_run_processes_share_one_freeradius_for_users_and_accounting", async (t: TestContext) => {
  if (!requireProgram(t, "freeradius", "freeradius freeradius-utils")) return;
  const dir = mkdtempSync(join(tmpdir(), "dialback-two-"));
  const [authPort, acctPort] = [await freeUdpPort(), await freeUdpPort()];
  const detail = join(dir, "detail");
  const server = await startFreeradius(writeRaddb(dir, { authPort, acctPort, detailFile: detail, users: USERS }), 300);
  const gw1 = await accessServer(dir, "gw1", "5559001", authPort, acctPort);
  const gw2 = await accessServer(dir, "gw2", "5559002", authPort, acctPort);
  try {
    await Promise.all([callAndComeBack(gw1.port, "alice", "alice-pw"), callAndComeBack(gw2.port, "bob", "bob-pw")]);
    const records = await waitForDetail(detail, 8, 20_000);
    const explain = `--- gw1 ---\n${gw1.out()}\n--- gw2 ---\n${gw2.out()}\n--- detail ---\n${records.map((d) => d.text).join("\n\n")}`;
    assert.equal(records.length, 8, explain);
    for (const [nas, user, number] of [["gw1", "alice", "5559001"], ["gw2", "bob", "5559002"]]) {
      const mine = records.filter((d) => attr(d, "NAS-Identifier") === nas);
      assert.deepEqual(
        mine.map((d) => [attr(d, "User-Name"), attr(d, "Acct-Status-Type"), attr(d, "Acct-Terminate-Cause") ?? null]),
        [[user, "Start", null], [user, "Stop", "Callback"], [user, "Start", null], [user, "Stop", "User-Request"]],
        `${nas}\n${explain}`,
      );
      assert.equal(new Set(mine.map((d) => attr(d, "Acct-Multi-Session-Id"))).size, 1, `${nas}: both legs linked\n${explain}`);
      assert.equal(new Set(mine.map((d) => attr(d, "Acct-Session-Id"))).size, 2, `${nas}: an Acct-Session-Id per leg\n${explain}`);
      assert.ok(mine.slice(1).every((d) => attr(d, "Callback-Number") === number), `${nas}: the number called back\n${explain}`);
      assert.ok(mine.every((d) => attr(d, "Acct-Authentic") === "RADIUS" && attr(d, "Service-Type") === "Login-User"), explain);
      assert.ok(Number(attr(mine[3], "Acct-Input-Octets")) >= "exit\r".length, `${nas}: what the caller typed on the leg is counted\n${explain}`);
    }
    const ids = new Set(records.map((d) => attr(d, "Acct-Multi-Session-Id")));
    assert.equal(ids.size, 2, "the two access servers' sessions never share an id");
    assert.match(gw1.out(), /accounting \[\d+\]: Stop alice exec TTY\d leg 1 \(Callback, \d+ s\), session \w+-1/, explain);
    assert.equal(/alice-pw|bob-pw|testing123/.test(gw1.out() + gw2.out()), false, "no password or key in the output");
  } finally {
    await stop(gw1.child);
    await stop(gw2.child);
    await stopFreeradius(server);
    rmSync(dir, { recursive: true, force: true });
  }
});
