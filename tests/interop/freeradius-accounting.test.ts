// RADIUS accounting (RFC 2866) of PPP callbacks against a real FreeRADIUS 3.2, read back from
// the detail file it writes: Start and Stop for both legs, one Acct-Multi-Session-Id, the
// first leg ending with Acct-Terminate-Cause = Callback; then FreeRADIUS stopped in the middle
// of a callback (the list `group radius local` lets the caller in meanwhile) and started again:
// the records that waited arrive, none twice, none lost.

import { test, type TestContext } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { requireProgram } from "../support/external.ts";
import { CallbackBench, runUntilAnswered } from "../support/callback-bench.ts";
import { CallbackEvent, outcomeName } from "../../host/trace/describe.ts";
import { Auth, CallbackRequest } from "../../host/core/ppp.ts";
import { compileConfig } from "../../host/config/compile.ts";
import { aaaPlan } from "../../host/aaa/from-config.ts";
import { aaaClients } from "../../host/aaa/aaa-clients.ts";
import { Accountant } from "../../host/aaa/accountant.ts";
import { AaaResponder } from "../../host/aaa/responder.ts";
import { coreLineCounters } from "../../host/aaa/session-tracker.ts";
import {
  FREERADIUS_SECRET,
  freeUdpPort,
  readDetail,
  startFreeradius,
  stopFreeradius,
  waitForDetail,
  writeRaddb,
  type DetailRecord,
  type FreeradiusServer,
} from "./support/freeradius.ts";

const USERS = `cbuser  Cleartext-Password := "s3cret"
        Service-Type = Callback-Framed-User,
        Framed-Protocol = PPP,
        Callback-Number = "5551234",
        Class = "plan-gold"

`;

function config(authPort: number, acctPort: number): string {
  return (
    readFileSync("tests/fixtures/config/ppp-client.cfg", "utf8") +
    '\nchat-script dial ABORT ERROR ABORT BUSY "" "ATZ" OK "ATDT \\T" TIMEOUT 30 CONNECT \\c\nline 7 9\n script callback dial\n' +
    "hostname nas1\nusername cbuser callback-dialstring 5551234 password s3cret\n" +
    "aaa new-model\naaa authentication ppp default group radius local\naaa accounting network default start-stop group radius\n" +
    `radius-server host 127.0.0.1 auth-port ${authPort} acct-port ${acctPort} key ${FREERADIUS_SECRET}\n` +
    "radius-server timeout 1\nradius-server retransmit 1\n"
  );
}

interface Rig {
  b: CallbackBench;
  accountant: Accountant;
  responder: AaaResponder;
  log: string[];
  close(): void;
}

async function rig(authPort: number, acctPort: number): Promise<Rig> {
  const text = config(authPort, acctPort);
  const model = compileConfig(text, "nas1.cfg").model;
  const plan = aaaPlan(model);
  const b = await CallbackBench.create(text, [7, 8, 9]);
  b.server.exports.authModeSet(plan.mode);
  const log: string[] = [];
  const say = (line: string) => log.push(line);
  const clients = aaaClients(plan, { users: model.users, enable: model.enable, lines: model.lines }, { log: say });
  const counters = coreLineCounters((l, id) => b.server.counter(l, id));
  const accountant = new Accountant(plan, { io: clients.io, health: clients.health, log: say, counters });
  const responder = new AaaResponder(b.server, clients, () => {}, say, { accepted: accountant.accepted.bind(accountant) });
  b.onServerEvent = (e) => {
    accountant.observe(e);
    responder.observe(e);
    responder.handle(e);
  };
  b.answerOptions = { auth: Auth.PAP, user: "cbuser", secret: "s3cret" };
  return {
    b, accountant, responder, log,
    close: () => {
      accountant.close();
      clients.close();
    },
  };
}

/** One PPP callback of cbuser, from the dial-in to the caller's hang-up on the leg. */
async function callback(r: Rig, server: () => FreeradiusServer, midway?: () => Promise<void>): Promise<void> {
  const { b } = r;
  const before = b.serverKinds(CallbackEvent.Finished).length;
  b.dialIn(7, { auth: Auth.PAP, user: "cbuser", secret: "s3cret", callback: CallbackRequest.RFC1570, callbackOperation: 0 });
  const finished = () => b.serverKinds(CallbackEvent.Finished).slice(before);
  if (midway) {
    const asked = () => b.serverKinds(CallbackEvent.Requested).length > before;
    assert.ok(await runUntilAnswered(b, () => r.responder.pending(), asked, 60_000), server().log().slice(-3000));
    await midway();
  }
  const done = await runUntilAnswered(b, () => r.responder.pending(), () => finished().length > 0, 120_000);
  assert.ok(done, `${r.log.join("\n")}\n${server().log().slice(-3000)}`);
  assert.equal(outcomeName(finished()[0].args[1]), "ok", r.log.join("\n"));
  b.runUntil(() => false, 2000); // IPCP and a little traffic on the leg
  b.hangUp();
  b.runUntil(() => false, 1000);
}

const key = (d: DetailRecord) => `${d.attributes["Acct-Session-Id"]} ${d.attributes["Acct-Status-Type"]}`;

/** The four records of one PPP callback, in the order FreeRADIUS wrote them: both legs, linked, Callback on the first. */
function assertOneCallback(records: DetailRecord[], explain: string, byRadius = true): void {
  assert.deepEqual(
    records.map((d) => [d.attributes["Acct-Status-Type"], d.attributes["Acct-Terminate-Cause"] ?? null]),
    [["Start", null], ["Stop", "Callback"], ["Start", null], ["Stop", "Lost-Carrier"]],
    explain,
  );
  const [first, firstStop, leg, legStop] = records.map((d) => d.attributes);
  assert.equal(new Set(records.map((d) => d.attributes["Acct-Multi-Session-Id"])).size, 1, `one Acct-Multi-Session-Id links both legs\n${explain}`);
  assert.equal(firstStop["Acct-Session-Id"], first["Acct-Session-Id"]);
  assert.equal(legStop["Acct-Session-Id"], leg["Acct-Session-Id"]);
  assert.notEqual(first["Acct-Session-Id"], leg["Acct-Session-Id"], "an Acct-Session-Id per leg");
  for (const a of [first, firstStop, leg, legStop]) {
    assert.equal(a["User-Name"], "cbuser");
    assert.equal(a["NAS-Identifier"], "nas1");
    assert.equal(a["Framed-Protocol"], "PPP");
    assert.equal(a["NAS-Port"], "7");
    if (!byRadius) continue;
    assert.equal(a["Class"], "0x706c616e2d676f6c64", "the Access-Accept's Class, echoed (RFC 2865 §5.25; FreeRADIUS writes it in hex)");
    assert.equal(a["Acct-Authentic"], "RADIUS");
  }
  assert.equal(firstStop["Callback-Number"], "5551234", "the first leg's Stop names the number called back");
  assert.equal(leg["Called-Station-Id"], "5551234", "the leg's Called-Station-Id is the number dialled");
  assert.ok(Number(legStop["Acct-Input-Octets"]) > 0 && Number(legStop["Acct-Output-Packets"]) > 0, `octets and packets of the leg\n${explain}`);
  assert.ok(legStop["Acct-Session-Time"] !== undefined);
}

test("freeradius_writes_start_and_stop_for_both_legs_of_a_ppp_callback_linked_with_callback_on_the_first", async (t: TestContext) => {
  if (!requireProgram(t, "freeradius", "freeradius freeradius-utils")) return;
  const dir = mkdtempSync(join(tmpdir(), "dialback-acct-"));
  const [authPort, acctPort] = [await freeUdpPort(), await freeUdpPort()];
  const detail = join(dir, "detail");
  const server = await startFreeradius(writeRaddb(dir, { authPort, acctPort, detailFile: detail, users: USERS }));
  const r = await rig(authPort, acctPort);
  try {
    await callback(r, () => server);
    await r.accountant.drain(10_000);
    const records = await waitForDetail(detail, 4, 5000);
    const explain = `${r.log.join("\n")}\n--- detail ---\n${records.map((d) => d.text).join("\n\n")}`;
    assert.equal(records.length, 4, explain);
    assertOneCallback(records, explain);
    assert.match(r.log.join("\n"), /accounting \[\d+\]: Stop cbuser network TTY7 leg 1 \(Callback, \d+ s\), session \w+-1/, "the log names the callback id");
    assert.equal(r.accountant.acknowledged, 4);
  } finally {
    r.close();
    await stopFreeradius(server);
    rmSync(dir, { recursive: true, force: true });
  }
});

test("freeradius_stopped_in_the_middle_of_a_callback_and_started_again_gets_every_record_once", async (t: TestContext) => {
  if (!requireProgram(t, "freeradius", "freeradius freeradius-utils")) return;
  const dir = mkdtempSync(join(tmpdir(), "dialback-acct-"));
  const [authPort, acctPort] = [await freeUdpPort(), await freeUdpPort()];
  const detail = join(dir, "detail");
  const raddb = writeRaddb(dir, { authPort, acctPort, detailFile: detail, users: USERS });
  let server = await startFreeradius(raddb);
  const r = await rig(authPort, acctPort);
  try {
    await callback(r, () => server);
    await r.accountant.drain(10_000);
    assert.equal((await waitForDetail(detail, 4, 5000)).length, 4, "the first callback, with the server up");
    // The second: the caller is authenticated and asks for the callback; then the server goes away (its Start is in).
    await callback(r, () => server, async () => {
      await r.accountant.drain(5000);
      await waitForDetail(detail, 5, 5000);
      await stopFreeradius(server);
    });
    assert.ok(r.accountant.pending >= 3, `the Stop of the first leg and the leg's Start and Stop wait: ${r.accountant.pending}\n${r.log.join("\n")}`);
    await new Promise((resolve) => setTimeout(resolve, 2500)); // at least one try meets no server
    const waited = /accounting: no server of group radius took a record \(RADIUS 127\.0\.0\.1:\d+: no answer after 2 transmission\(s\) of 1000 ms\)/;
    assert.match(r.log.join("\n"), waited);
    assert.equal(readDetail(detail).length, 5, "nothing written while the server was down");
    server = await startFreeradius(raddb);
    await r.accountant.drain(30_000);
    const records = await waitForDetail(detail, 8, 5000);
    const explain = `${r.log.join("\n")}\n--- detail ---\n${records.map((d) => d.text).join("\n\n")}`;
    assert.equal(r.accountant.pending, 0, explain);
    assert.equal(records.length, 8, `none lost\n${explain}`);
    assert.equal(new Set(records.map(key)).size, 8, `none twice\n${explain}`);
    assertOneCallback(records.slice(4), explain, false);
    assert.equal(records[4].attributes["Acct-Authentic"], "RADIUS", "the first leg: FreeRADIUS let the caller in");
    assert.equal(records[6].attributes["Acct-Authentic"], "Local", "the leg: FreeRADIUS was down, the local user let the caller in");
    assert.equal(r.accountant.dropped, 0);
  } finally {
    r.close();
    await stopFreeradius(server);
    rmSync(dir, { recursive: true, force: true });
  }
});
