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
import { requireProgram } from "../support/external.ts";
import { dialbackStarted, freePort } from "../support/cli.ts";
import { stop } from "../support/pty-chat.ts";
import { callAndComeBack } from "../support/exec-callback-caller.ts";
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

/** One access server: `dialback run` on the simulated board, the caller's modem exposed at `number`. */
async function accessServer(dir: string, name: string, number: string, authPort: number, acctPort: number) {
  const cfg = join(dir, `${name}.cfg`);
  writeFileSync(cfg, config(name, authPort, acctPort));
  const port = await freePort();
  const args = ["run", "--config", cfg, "--board", "boards/sim/default.json", "--expose", `${number}=tcp:${port}`, "--duration", "150"];
  const run = await dialbackStarted(args);
  return { ...run, port };
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
    await Promise.all([callAndComeBack(gw1.port, "5551004", "alice", "alice-pw"), callAndComeBack(gw2.port, "5551004", "bob", "bob-pw")]);
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
