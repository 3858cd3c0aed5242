// The dialback PPP engine against a real pppd 2.4.9 in the guest, over its ttyS1:
// (a) pppd client, PAP, to our server, 5 pings of our address answered; (b) the same with
// CHAP; (c) our client with CHAP to a pppd server; (d) pppd's CBCP client asks to be
// called back on 5551234 and we agree. Each run's pcap must decode cleanly in tshark.

import { test, type TestContext } from "node:test";
import assert from "node:assert/strict";
import { LineCounter } from "../../host/core/abi.ts";
import {
  Auth, CallbackAccept, CallbackKind, CbcpType, LinkDownReason, PppRole, PROTOCOL_CHAP, PROTOCOL_PAP,
} from "../../host/core/ppp.ts";
import { Direction } from "../../host/trace/pcap.ts";
import { requireProgram } from "../support/external.ts";
import { tshark, tsharkSummary } from "../support/tshark.ts";
import { INTEROP_TEST_TIMEOUT_MS, requireGuest } from "./support/guest.ts";
import { LINE, runPppSession, SECRET, timeline, type SessionResult } from "./support/ppp-session.ts";
import { inCheckedPcap, only, story } from "./support/session-checks.ts";

const SERVER_ADDRESS = "192.0.2.1";
const CLIENT_ADDRESS = "192.0.2.2";
/** Our server as the pppd client expects it: PAP or CHAP required, addresses given by us. */
const DIALBACK_SERVER = { ourAddress: SERVER_ADDRESS, peerAddress: CLIENT_ADDRESS, name: SECRET.server };
const USERS: [string, string][] = [[SECRET.client, SECRET.secret]];
// Bounded: pppd gives up after 10 unanswered Configure-Requests (3 s apart), well inside the guest limit.
const PPPD_CLIENT = [
  "local", "nodetach", "debug", "noauth", "user", SECRET.client, "remotename", SECRET.server, "noccp", "novj",
  "lcp-max-configure", "10",
];
const PING_COUNT = 5;
// pppd sends Terminate-Request "User request" when it is killed; the ping's status is the script's.
const PING_THEN_HANG_UP = `ping -c ${PING_COUNT} -W 2 ${SERVER_ADDRESS}\nping_status=$?\nkill "$pppd"\n(exit $ping_status)`;

function requireTools(t: TestContext): boolean {
  return requireGuest(t) && requireProgram(t, "tshark", "tshark");
}

/** pppd's console lines that match, for the test's diagnostics. */
function pppdLines(result: SessionResult, pattern: RegExp): string[] {
  return result.console.split(/\r?\n/).filter((line) => pattern.test(line));
}

interface PcapVerdict {
  /** tshark's "number<TAB>Info<TAB>ppp.direction" per frame. */
  summary: string[];
  /** "IPv4<TAB>ICMP" checksum status of each echo reply (1 = good), checked by tshark. */
  replyChecksums: string[];
}

/** Checks shared by every run: clean bytes both ways, then tshark on the run's pcap. */
function checkCapture(result: SessionResult, name: string): PcapVerdict {
  assert.deepEqual(result.problems, [], story(result));
  assert.equal(result.refusedBytes, 0);
  assert.equal(result.core.counter(LINE, LineCounter.BadFcs), 0);
  return inCheckedPcap(result, name, (file) => {
    const fields = ["-T", "fields", "-e", "ip.checksum.status", "-e", "icmp.checksum.status"];
    const replies = tshark(["-r", file, "-o", "ip.check_checksum:TRUE", "-Y", "icmp.type == 0", ...fields]);
    return { summary: tsharkSummary(file, ["ppp.direction"]), replyChecksums: replies.split("\n").filter((line) => line.length > 0) };
  });
}

function report(t: TestContext, result: SessionResult, pattern: RegExp): void {
  t.diagnostic(`timeline: ${timeline(result)}`);
  for (const line of pppdLines(result, pattern)) t.diagnostic(`guest: ${line}`);
}

/** (a) and (b): pppd dials in, authenticates, pings our address 5 times, then hangs up. */
async function pppdClientPings(t: TestContext, auth: number, protocol: number, name: string): Promise<void> {
  const result = await runPppSession({
    role: PppRole.Server,
    options: { ...DIALBACK_SERVER, auth },
    users: USERS,
    pppd: { args: PPPD_CLIENT, whenUp: PING_THEN_HANG_UP, timeoutSec: 60 },
  });
  const log = story(result);
  assert.equal(result.status, 0, `ping's status\n${log}`);
  assert.match(result.console, new RegExp(`^${name} authentication succeeded\\r?$`, "m"), log);
  assert.match(result.console, /^local {2}IP address 192\.0\.2\.2\r?$/m, log);
  assert.match(result.console, /^remote IP address 192\.0\.2\.1\r?$/m, log);
  assert.match(result.console, new RegExp(`^${PING_COUNT} packets transmitted, ${PING_COUNT} packets received, 0% packet loss\\r?$`, "m"), log);
  assert.match(result.console, /^Terminating on signal 15\r?$/m, log);
  assert.match(result.console, /^PPPD-EXIT=5\r?$/m, log); // 5: pppd ended by a signal

  const succeeded = only(result, "authSucceeded");
  assert.deepEqual(succeeded.map((e) => [e.direction, e.protocol, e.name]), [["peer", protocol, SECRET.client]], log);
  assert.deepEqual(only(result, "ipcpUp").map((e) => [e.ourAddress, e.peerAddress]), [[SERVER_ADDRESS, CLIENT_ADDRESS]], log);
  assert.equal(result.echoReplies, PING_COUNT, log);
  assert.deepEqual(result.refusedDatagrams, [], log);
  assert.deepEqual(only(result, "linkDown").map((e) => e.reason), [LinkDownReason.PeerTerminated], log);

  const { summary, replyChecksums } = checkCapture(result, `pppd-${name.toLowerCase()}`);
  const infos = summary.map((line) => line.split("\t")[1]);
  const auths = name === "PAP" ? ["Authenticate-Request", "Authenticate-Ack"] : ["Challenge", "Response", "Success"];
  for (const info of [...auths, "Echo (ping) request", "Echo (ping) reply", "Termination Request", "Termination Ack"]) {
    assert.ok(infos.some((i) => i.includes(info)), `${info} not in tshark's summary:\n${summary.join("\n")}`);
  }
  assert.deepEqual(replyChecksums, Array(PING_COUNT).fill("1\t1"), "both checksums of every reply we built are good");
  report(t, result, /authentication succeeded|IP address|packets transmitted|round-trip|Terminating|PPPD-EXIT|ip-up/);
}

test("pppd_client_with_pap_reaches_our_server_and_5_pings_of_its_address_are_answered", { timeout: INTEROP_TEST_TIMEOUT_MS }, async (t) => {
  if (!requireTools(t)) return;
  await pppdClientPings(t, Auth.PAP, PROTOCOL_PAP, "PAP");
});

test("pppd_client_with_chap_reaches_our_server_and_5_pings_of_its_address_are_answered", { timeout: INTEROP_TEST_TIMEOUT_MS }, async (t) => {
  if (!requireTools(t)) return;
  await pppdClientPings(t, Auth.CHAP, PROTOCOL_CHAP, "CHAP");
});

test("our_client_authenticates_with_chap_to_a_pppd_server_ipcp_opens_and_its_pings_are_answered", { timeout: INTEROP_TEST_TIMEOUT_MS }, async (t) => {
  if (!requireTools(t)) return;
  const pings = 3;
  let datagrams = 0;
  let closeStatus: number | undefined;
  const result = await runPppSession({
    role: PppRole.Client,
    options: { auth: Auth.CHAP, user: SECRET.client, secret: SECRET.secret },
    pppd: {
      args: [
        "local", "nodetach", "debug", "name", SECRET.server, "auth", "require-chap", `${SERVER_ADDRESS}:${CLIENT_ADDRESS}`, "noccp", "novj",
        "lcp-max-configure", "10",
      ],
      // The pppd server pings the address it gave us, then waits until we hang up.
      whenUp: `ping -c ${pings} -W 2 ${CLIENT_ADDRESS}`,
      timeoutSec: 60,
    },
    // Once the last echo request is answered we hang up (LCP Close: Terminate-Request "User request").
    onEvent: (event, core) => {
      if (event.type === "ipDatagram" && ++datagrams === pings) closeStatus = core.exports.pppClose(LINE);
    },
  });
  const log = story(result);
  assert.match(result.console, /^rcvd \[CHAP Response id=0x\w+ <[0-9a-f]{32}>, name = "cli"\]\r?$/m, log);
  assert.match(result.console, /^sent \[CHAP Success id=0x\w+ "Access granted"\]\r?$/m, log);
  assert.match(result.console, /^local {2}IP address 192\.0\.2\.1\r?$/m, log);
  assert.match(result.console, /^remote IP address 192\.0\.2\.2\r?$/m, log);
  assert.match(result.console, new RegExp(`^${pings} packets transmitted, ${pings} packets received, 0% packet loss\\r?$`, "m"), log);
  assert.match(result.console, /^LCP terminated by peer \(User request\)\r?$/m, log);
  assert.equal(result.status, 0, `ping's status\n${log}`);
  // man pppd: 16 "the link was terminated by the modem hanging up" — how 2.4.9 reports a peer's Terminate-Request.
  assert.match(result.console, /^PPPD-EXIT=16\r?$/m, log);
  assert.equal(closeStatus, 0, "pppClose accepted");
  assert.equal(result.echoReplies, pings, log);
  assert.deepEqual(result.refusedDatagrams, [], log);
  assert.deepEqual(only(result, "authSucceeded").map((e) => [e.direction, e.protocol]), [["self", PROTOCOL_CHAP]], log);
  assert.deepEqual(only(result, "ipcpUp").map((e) => [e.ourAddress, e.peerAddress]), [[CLIENT_ADDRESS, SERVER_ADDRESS]], log);
  assert.deepEqual(only(result, "linkDown").map((e) => e.reason), [LinkDownReason.LocalClose], log);

  const { summary, replyChecksums } = checkCapture(result, "dialback-client-chap");
  assert.deepEqual(replyChecksums, Array(pings).fill("1\t1"), "both checksums of every reply we built are good");
  // Direction 0 is ours (DTE→DCE): we send the Response and pppd the Challenge and Success.
  for (const expected of [/\tChallenge.*\t1$/, /\tResponse.*\t0$/, /\tSuccess.*\t1$/, /\tTermination Request\t0$/, /\tTermination Ack\t1$/]) {
    assert.ok(summary.some((line) => expected.test(line)), `${expected} not in tshark's summary:\n${summary.join("\n")}`);
  }
  report(t, result, /CHAP|IP address|packets transmitted|round-trip|terminated|PPPD-EXIT|ip-up/);
});

test("pppd_cbcp_client_asks_for_callback_on_5551234_and_we_agree_and_the_link_ends", { timeout: INTEROP_TEST_TIMEOUT_MS }, async (t) => {
  if (!requireTools(t)) return;
  const result = await runPppSession({
    role: PppRole.Server,
    options: { ...DIALBACK_SERVER, auth: Auth.PAP, callback: CallbackAccept.CBCP, cbcpTypes: [CbcpType.NoCallback, CbcpType.UserNumber] },
    users: USERS,
    pppd: { args: [...PPPD_CLIENT, "callback", "5551234", "noipv6", "maxconnect", "15"], timeoutSec: 60 },
  });
  const log = story(result);
  assert.equal(result.status, 14, `pppd exit 14: callback negotiated\n${log}`);
  assert.match(result.console, /^PAP authentication succeeded\r?$/m, log);
  // pppd prints a CBCP option's address again as hex after the packet.
  assert.match(result.console, /^rcvd \[CBCP Request id=0x1 < NoCallback> < UserDefined delay = 0 number = >\]/m, log);
  assert.match(result.console, /^sent \[CBCP Response id=0x1 < UserDefined delay = 5 number = 5551234>\]/m, log);
  assert.match(result.console, /^rcvd \[CBCP Ack id=0x1 < UserDefined delay = 5 number = 5551234>\]/m, log);
  assert.match(result.console, /^peer will call: 5551234\r?$/m, log);
  assert.match(result.console, /^sent \[LCP TermReq id=0x\w+ "Call me back, please"\]\r?$/m, log);
  assert.match(result.console, /^rcvd \[LCP TermAck id=0x\w+\]\r?$/m, log);
  assert.doesNotMatch(result.console, /^local {2}IP address/m, "no network phase on the first call");

  const agreed = only(result, "callbackAgreed");
  const agreedFields = agreed.map((e) => [e.kind, e.operation, e.delay, e.number, e.role]);
  // pppd answers with its default delay of 5 s, which we accept.
  assert.deepEqual(agreedFields, [[CallbackKind.CBCP, CbcpType.UserNumber, 5, "5551234", PppRole.Server]], log);
  assert.equal(only(result, "ipcpUp").length, 0, log);
  assert.deepEqual(only(result, "linkDown").map((e) => e.reason), [LinkDownReason.Callback], log);
  const order = result.events.map((e) => e.type);
  assert.ok(order.indexOf("authSucceeded") < order.indexOf("callbackAgreed"), order.join(" "));

  const { summary } = checkCapture(result, "pppd-cbcp");
  const lines = summary.join("\n");
  assert.match(lines, /Callback Request/, lines);
  assert.match(lines, /Callback Response/, lines);
  assert.match(lines, /Callback Ack/, lines);
  assert.match(lines, /Termination Request/, lines);
  // What pppd sent in LCP: Callback option 13 with operation 6 (CBCP), RFC 1570 §2.3.
  const received = result.capture.frames.filter((f) => f.direction === Direction.Received);
  assert.ok(received.some((f) => Buffer.from(f.frame).toString("hex").includes("0d0306")), "LCP option 0D 03 06 from pppd");
  report(t, result, /CBCP|callback|Call me back|PAP authentication|PPPD-EXIT|Connect time|terminated/i);
});
