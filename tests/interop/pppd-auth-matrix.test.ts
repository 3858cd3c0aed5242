// Authentication as dial-up clients leave it by default, against a real pppd 2.4.9 in the
// guest: our server with `ppp authentication` lists in several orders against pppd with its
// default options, `refuse-chap`, MS-CHAPv2 only (as Windows) and MS-CHAP v1 only. Every run
// ends with pings answered and a pcap tshark decodes with no malformed packet.

import { test, type TestContext } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LineCounter } from "../../host/core/abi.ts";
import { Auth, type PppEvent, PppRole, PROTOCOL_PAP } from "../../host/core/ppp.ts";
import { Direction } from "../../host/trace/pcap.ts";
import { requireProgram } from "../support/external.ts";
import { assertNoExpertErrors, assertNoMalformed, tsharkSummary } from "../support/tshark.ts";
import { INTEROP_TEST_TIMEOUT_MS, requireGuest } from "./support/guest.ts";
import { LINE, runPppSession, SECRET, timeline, type SessionResult } from "./support/ppp-session.ts";

const SERVER_ADDRESS = "192.0.2.1";
const CLIENT_ADDRESS = "192.0.2.2";
const DIALBACK_SERVER = { ourAddress: SERVER_ADDRESS, peerAddress: CLIENT_ADDRESS, name: SECRET.server };
const USERS: [string, string][] = [[SECRET.client, SECRET.secret]];
const PPPD_CLIENT = [
  "local", "nodetach", "debug", "noauth", "user", SECRET.client, "remotename", SECRET.server, "noccp", "novj", "lcp-max-configure", "10",
];
const PINGS = 2;
const PING_THEN_HANG_UP = `ping -c ${PINGS} -W 2 ${SERVER_ADDRESS}\nping_status=$?\nkill "$pppd"\n(exit $ping_status)`;

function requireTools(t: TestContext): boolean {
  return requireGuest(t) && requireProgram(t, "tshark", "tshark");
}

function only<T extends PppEvent["type"]>(result: SessionResult, type: T): Extract<PppEvent, { type: T }>[] {
  return result.events.filter((e): e is Extract<PppEvent, { type: T }> => e.type === type);
}

function story(result: SessionResult): string {
  return [`timeline: ${timeline(result)}`, "core trace:", ...result.traces, "capture:", ...result.capture.lines(), "guest console:", result.console].join(
    "\n",
  );
}

/** tshark's "number<TAB>Info" lines of the run's pcap, after the no-malformed and no-expert-error checks. */
function decodedCleanly(result: SessionResult, name: string): string[] {
  assert.deepEqual(result.capture.issues, [], story(result));
  assert.equal(result.core.counter(LINE, LineCounter.PppBadPackets), 0, story(result));
  const dir = mkdtempSync(join(tmpdir(), "dialback-auth-"));
  try {
    const file = join(dir, `${name}.pcap`);
    result.capture.pcap.save(file);
    assertNoMalformed(file);
    assertNoExpertErrors(file);
    return tsharkSummary(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test("pppd_refusing_chap_against_chap_pap_gets_pap_next_and_its_pings_are_answered", { timeout: INTEROP_TEST_TIMEOUT_MS }, async (t) => {
  if (!requireTools(t)) return;
  // `ppp authentication chap pap`; pppd Naks CHAP-MD5 (proposing MS-CHAPv2): IOS offers PAP next.
  const result = await runPppSession({
    role: PppRole.Server,
    options: { ...DIALBACK_SERVER, auth: Auth.CHAP | Auth.PAP },
    users: USERS,
    pppd: { args: [...PPPD_CLIENT, "refuse-chap"], whenUp: PING_THEN_HANG_UP, timeoutSec: 60 },
  });
  const log = story(result);
  assert.match(result.console, /^PAP authentication succeeded\r?$/m, log);
  assert.match(result.console, new RegExp(`^${PINGS} packets transmitted, ${PINGS} packets received, 0% packet loss\\r?$`, "m"), log);
  assert.equal(result.status, 0, log);
  assert.deepEqual(only(result, "authSucceeded").map((e) => [e.direction, e.protocol]), [["peer", PROTOCOL_PAP]], log);
  // CHAP asked once, Nak'd once: no second CHAP request.
  const sentAuth = result.capture.frames
    .filter((f) => f.direction === Direction.Sent)
    .map((f) => Buffer.from(f.frame).toString("hex"))
    .filter((hex) => /^(ff03)?c02101/.test(hex) && /0305c22305/.test(hex));
  assert.equal(sentAuth.length, 1, `one Configure-Request with CHAP-MD5\n${log}`);
  assert.equal(only(result, "linkDown").length, 1, log);
  const summary = decodedCleanly(result, "refuse-chap");
  assert.ok(summary.some((l) => l.includes("Authenticate-Ack")), summary.join("\n"));
  assert.ok(!summary.some((l) => l.includes("Challenge")), summary.join("\n"));
});
