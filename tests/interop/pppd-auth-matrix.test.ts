// Authentication as dial-up clients leave it by default, against a real pppd 2.4.9 in the
// guest: our server with `ppp authentication` lists in several orders against pppd with its
// default options, `refuse-chap`, MS-CHAPv2 only (as Windows) and MS-CHAP v1 only; our client
// against a pppd server requiring each protocol. Every run that authenticates ends with pings
// answered, and every run's pcap decodes in tshark with no malformed packet.

import { test, type TestContext } from "node:test";
import assert from "node:assert/strict";
import { Auth, AuthCode, ChapAlgorithm, LinkDownReason, PppRole, PROTOCOL_CHAP, PROTOCOL_PAP } from "../../host/core/ppp.ts";
import { Direction } from "../../host/trace/pcap.ts";
import { requireProgram } from "../support/external.ts";
import { INTEROP_TEST_TIMEOUT_MS, requireGuest } from "./support/guest.ts";
import { LINE, runPppSession, SECRET, type SessionResult } from "./support/ppp-session.ts";
import { decodedCleanly, only, story } from "./support/session-checks.ts";

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

const NAMES: Record<number, string> = { [AuthCode.PAP]: "pap", [AuthCode.CHAP]: "chap", [AuthCode.MSCHAP]: "ms-chap", [AuthCode.MSCHAPV2]: "ms-chap-v2" };
const WIRE: Record<number, [number, number]> = {
  [AuthCode.PAP]: [PROTOCOL_PAP, 0],
  [AuthCode.CHAP]: [PROTOCOL_CHAP, ChapAlgorithm.MD5],
  [AuthCode.MSCHAP]: [PROTOCOL_CHAP, ChapAlgorithm.MSCHAP],
  [AuthCode.MSCHAPV2]: [PROTOCOL_CHAP, ChapAlgorithm.MSCHAPV2],
};
/** The option-3 value of a Configure-Request we sent, as "c023" or "c223 81". */
function authAsked(result: SessionResult): string[] {
  return result.capture.frames
    .filter((f) => f.direction === Direction.Sent)
    .map((f) => Buffer.from(f.frame).toString("hex"))
    .filter((hex) => /^(ff03)?c02101/.test(hex))
    .map((hex) => /0305c223(..)|0304(c023)/.exec(hex))
    .map((m) => (m ? (m[1] ? `c223 ${m[1]}` : "c023") : "none"));
}
const asked = (codes: number[]) => codes.map((c) => (c === AuthCode.PAP ? "c023" : `c223 ${WIRE[c][1].toString(16).padStart(2, "0")}`));

// pppd's settings as dial-up users leave them, each against `ppp authentication` lists in several
// orders: what we ask for in turn (one Configure-Request per protocol) and what authenticates.
const SERVER_CASES: { pppd: string; args: string[]; order: number[]; asks: number[] }[] = [
  { pppd: "defaults", args: [], order: [AuthCode.CHAP, AuthCode.PAP], asks: [AuthCode.CHAP] },
  { pppd: "defaults", args: [], order: [AuthCode.MSCHAPV2, AuthCode.MSCHAP, AuthCode.CHAP, AuthCode.PAP], asks: [AuthCode.MSCHAPV2] },
  {
    pppd: "mschap_v2_only", args: ["refuse-pap", "refuse-chap", "refuse-mschap"], order: [AuthCode.CHAP, AuthCode.PAP, AuthCode.MSCHAPV2],
    asks: [AuthCode.CHAP, AuthCode.PAP, AuthCode.MSCHAPV2],
  },
  {
    pppd: "refuse_mschap_v2", args: ["refuse-mschap-v2", "refuse-pap", "refuse-chap"], order: [AuthCode.MSCHAPV2, AuthCode.MSCHAP],
    asks: [AuthCode.MSCHAPV2, AuthCode.MSCHAP],
  },
  { pppd: "refuse_mschap_v2", args: ["refuse-mschap-v2"], order: [AuthCode.MSCHAPV2, AuthCode.PAP, AuthCode.CHAP], asks: [AuthCode.MSCHAPV2, AuthCode.PAP] },
];

for (const c of SERVER_CASES) {
  const list = c.order.map((o) => NAMES[o]).join("_");
  const used = c.asks[c.asks.length - 1];
  test(`pppd_${c.pppd}_against_${list}_authenticates_with_${NAMES[used]}`, { timeout: INTEROP_TEST_TIMEOUT_MS }, async (t) => {
    if (!requireTools(t)) return;
    const result = await runPppSession({
      role: PppRole.Server,
      options: { ...DIALBACK_SERVER, authOrder: c.order },
      users: USERS,
      pppd: { args: [...PPPD_CLIENT, ...c.args], whenUp: PING_THEN_HANG_UP, timeoutSec: 60 },
    });
    const log = story(result);
    assert.deepEqual(authAsked(result), asked(c.asks), log);
    assert.deepEqual(only(result, "authSucceeded").map((e) => [e.direction, e.protocol, e.algorithm]), [["peer", ...WIRE[used]]], log);
    assert.match(result.console, used === AuthCode.PAP ? /^PAP authentication succeeded\r?$/m : /^CHAP authentication succeeded\r?$/m, log);
    assert.match(result.console, new RegExp(`^${PINGS} packets transmitted, ${PINGS} packets received, 0% packet loss\\r?$`, "m"), log);
    assert.equal(result.status, 0, log);
    decodedCleanly(result, `server-${c.pppd}-${list}`);
  });
}

test("pppd_refusing_every_listed_protocol_gets_a_log_line_and_a_clean_close", { timeout: INTEROP_TEST_TIMEOUT_MS }, async (t) => {
  if (!requireTools(t)) return;
  const result = await runPppSession({
    role: PppRole.Server,
    options: { ...DIALBACK_SERVER, authOrder: [AuthCode.PAP, AuthCode.CHAP] },
    users: USERS,
    // pppd restarts LCP after our Terminate-Request (the line would hang up here); 2 tries end it sooner.
    pppd: { args: [...PPPD_CLIENT, "refuse-pap", "refuse-chap", "lcp-max-configure", "2"], timeoutSec: 60 },
  });
  const log = story(result);
  assert.deepEqual(authAsked(result), asked([AuthCode.PAP, AuthCode.CHAP]), log);
  assert.ok(result.traces.some((l) => l.endsWith("LCP: peer refused AuthProto CHAP, no protocol of the list left: closing")), log);
  assert.deepEqual(only(result, "linkDown").map((e) => e.reason), [LinkDownReason.AuthRefused], log);
  assert.equal(only(result, "authSucceeded").length, 0, log);
  assert.match(result.console, /^rcvd \[LCP TermReq id=0x\w+ "Authentication failed"\]\r?$/m, log);
  assert.match(result.console, /^sent \[LCP TermAck id=0x\w+\]\r?$/m, log);
  assert.doesNotMatch(result.console, /\[(PAP|CHAP) /, `no authentication packet either way\n${log}`);
  decodedCleanly(result, "server-exhausted");
});

// Our client against a pppd server that requires one protocol: it takes what pppd asks for,
// and with MS-CHAPv2 checks pppd's authenticator response before IPCP.
for (const [require, code] of [["require-mschap-v2", AuthCode.MSCHAPV2], ["require-mschap", AuthCode.MSCHAP], ["require-pap", AuthCode.PAP]] as const) {
  test(`our_client_authenticates_to_a_pppd_server_with_${require.replace(/-/g, "_")}`, { timeout: INTEROP_TEST_TIMEOUT_MS }, async (t) => {
    if (!requireTools(t)) return;
    const pings = 2;
    let datagrams = 0;
    const result = await runPppSession({
      role: PppRole.Client,
      options: { user: SECRET.client, secret: SECRET.secret },
      pppd: {
        args: [
          "local", "nodetach", "debug", "name", SECRET.server, "auth", require, `${SERVER_ADDRESS}:${CLIENT_ADDRESS}`, "noccp", "novj",
          "lcp-max-configure", "10",
        ],
        whenUp: `ping -c ${pings} -W 2 ${CLIENT_ADDRESS}`,
        timeoutSec: 60,
      },
      onEvent: (event, core) => {
        if (event.type === "ipDatagram" && ++datagrams === pings) core.exports.pppClose(LINE);
      },
    });
    const log = story(result);
    assert.deepEqual(only(result, "authSucceeded").map((e) => [e.direction, e.protocol, e.algorithm]), [["self", ...WIRE[code]]], log);
    // pppd's own Success: MS-CHAPv2's carries the authenticator response our client checked.
    const success = {
      [AuthCode.PAP]: /^sent \[PAP AuthAck/m,
      [AuthCode.MSCHAP]: /^sent \[CHAP Success id=0x\w+/m,
      [AuthCode.MSCHAPV2]: /^sent \[CHAP Success id=0x\w+ "S=[0-9A-F]{40}/m,
    };
    assert.match(result.console, success[code], log);
    assert.equal(result.echoReplies, pings, log);
    assert.equal(result.status, 0, log);
    decodedCleanly(result, `client-${require}`);
  });
}

test("a_wrong_mschap_v2_response_from_pppd_gets_failure_691_and_pppd_exits_19", { timeout: INTEROP_TEST_TIMEOUT_MS }, async (t) => {
  if (!requireTools(t)) return;
  // Our user table has another secret for pppd's user: its NT-Response cannot match.
  const result = await runPppSession({
    role: PppRole.Server,
    options: { ...DIALBACK_SERVER, authOrder: [AuthCode.MSCHAPV2] },
    users: [[SECRET.client, "not-the-secret"]],
    pppd: { args: [...PPPD_CLIENT, "refuse-pap", "refuse-chap", "refuse-mschap"], timeoutSec: 60 },
  });
  const log = story(result);
  assert.match(result.console, /^rcvd \[CHAP Failure id=0x\w+ "E=691 R=0 C=[0-9A-F]{32} V=3 M=Authentication failure"\]\r?$/m, log);
  // man pppd: 19 "we failed to authenticate ourselves to the peer".
  assert.match(result.console, /^PPPD-EXIT=19\r?$/m, log);
  assert.deepEqual(only(result, "authFailed").map((e) => [e.direction, e.protocol, e.algorithm]), [["peer", PROTOCOL_CHAP, ChapAlgorithm.MSCHAPV2]], log);
  assert.deepEqual(only(result, "linkDown").map((e) => e.reason), [LinkDownReason.AuthFailed], log);
  assert.equal(only(result, "ipcpUp").length, 0, log);
  decodedCleanly(result, "server-wrong-mschap-v2");
});
