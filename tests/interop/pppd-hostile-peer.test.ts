// A real pppd 2.4.9 in the guest with a man in the middle rewriting its frames, as a hostile
// caller or a broken line would: a CHAP Success whose MS-CHAPv2 authenticator response is
// forged (our client must not trust it, RFC 2759 §5), and every Configure-Ack of ours turned
// into a Configure-Nak so LCP never converges (bounded by Max-Failure, RFC 1661 §4.6). The
// untampered runs are in pppd-auth-matrix.test.ts.

import { test, type TestContext } from "node:test";
import assert from "node:assert/strict";
import { AuthCode, ChapAlgorithm, LinkDownReason, PppRole, PROTOCOL_CHAP } from "../../host/core/ppp.ts";
import { splitFrame } from "../../host/trace/frame-summary.ts";
import { Direction } from "../../host/trace/pcap.ts";
import { requireProgram } from "../support/external.ts";
import { INTEROP_TEST_TIMEOUT_MS, requireGuest } from "./support/guest.ts";
import { runPppSession, SECRET, type SessionResult } from "./support/ppp-session.ts";
import { decodedCleanly, only, story } from "./support/session-checks.ts";
import {
  configureAckAsNak,
  forgeAuthenticatorResponse,
  isChapSuccess,
  LCP_MRU,
  mruFlipping,
  optionValue,
  parsedControlPacket,
  PROTOCOL_LCP,
  successAuthenticatorResponse,
} from "./support/tamper.ts";

const SERVER_ADDRESS = "192.0.2.1";
const CLIENT_ADDRESS = "192.0.2.2";
const PROTOCOL_IPCP = 0x8021;
const CONFIGURE_REQUEST = 1;
const CONFIGURE_ACK = 2;
const CONFIGURE_NAK = 3;
const TERMINATE_REQUEST = 5;
/** RFC 1661 §4.6 Max-Failure as the core sets it (assembly/protocol/fsm.ts). */
const MAX_FAILURE = 5;
/** Our MRU (`ppp mru`-like, not the default so our requests carry it) and the one the Naks flip to. */
const OUR_MRU = 1400;
const OTHER_MRU = 1500;

function requireTools(t: TestContext): boolean {
  return requireGuest(t) && requireProgram(t, "tshark", "tshark");
}

/** Index in the capture of each frame of one direction, protocol and code. */
function framesOf(result: SessionResult, direction: Direction, protocol: number, code: number): number[] {
  return result.capture.frames.flatMap((f, i) => {
    const packet = parsedControlPacket(f.frame);
    return f.direction === direction && packet?.protocol === protocol && packet.code === code ? [i] : [];
  });
}

// The control run, without the tamper, is pppd-auth-matrix's
// our_client_authenticates_to_a_pppd_server_with_require_mschap_v2: the same pppd, the same
// secrets, IPCP up and pings answered.
test("our_client_closes_when_pppds_mschap_v2_success_carries_a_forged_authenticator_response", { timeout: INTEROP_TEST_TIMEOUT_MS }, async (t) => {
  if (!requireTools(t)) return;
  let forged = 0;
  const result = await runPppSession({
    role: PppRole.Client,
    options: { user: SECRET.client, secret: SECRET.secret },
    pppd: {
      args: [
        "local", "nodetach", "debug", "name", SECRET.server, "auth", "require-mschap-v2", `${SERVER_ADDRESS}:${CLIENT_ADDRESS}`, "noccp", "novj",
        "lcp-max-configure", "10",
      ],
      timeoutSec: 60,
    },
    tamper: (frame) => {
      const out = forgeAuthenticatorResponse(frame);
      if (out !== frame) forged++;
      return out;
    },
  });
  const log = story(result);
  assert.deepEqual(result.problems, [], log);
  assert.equal(forged, 1, `one Success forged\n${log}`);
  assert.equal(result.droppedNonFrames, 0, log);
  // pppd sent the right response; the core got it with one digit changed.
  const sent = /^sent \[CHAP Success id=0x\w+ "(S=[0-9A-F]{40})/m.exec(result.console)?.[1];
  assert.ok(sent, `pppd's Success on its console\n${log}`);
  const successes = result.capture.frames.flatMap((f, i) => (f.direction === Direction.Received && isChapSuccess(f.frame) ? [i] : []));
  assert.equal(successes.length, 1, log);
  const got = successAuthenticatorResponse(result.capture.frames[successes[0]].frame);
  assert.ok(got && got !== sent && [...got].filter((c, i) => c !== sent[i]).length === 1, `forged ${got} from ${sent}\n${log}`);

  assert.deepEqual(only(result, "authFailed").map((e) => [e.direction, e.protocol, e.algorithm]), [["self", PROTOCOL_CHAP, ChapAlgorithm.MSCHAPV2]], log);
  assert.equal(only(result, "authSucceeded").length, 0, log);
  assert.equal(only(result, "ipcpUp").length, 0, log);
  assert.deepEqual(only(result, "linkDown").map((e) => e.reason), [LinkDownReason.AuthFailed], log);
  assert.ok(result.traces.some((l) => l.endsWith("CHAP: MS-CHAP-V2 Success with a wrong authenticator response, closing")), log);
  // Our Terminate-Request follows the forged Success; IPCP pppd offers is never acked.
  assert.ok(framesOf(result, Direction.Sent, PROTOCOL_LCP, TERMINATE_REQUEST).some((i) => i > successes[0]), `Terminate-Request after the Success\n${log}`);
  assert.deepEqual(framesOf(result, Direction.Sent, PROTOCOL_IPCP, CONFIGURE_ACK), [], `no IPCP Configure-Ack from us\n${log}`);
  assert.match(result.console, /^LCP terminated by peer \(Authentication failed\)\r?$/m, log);
  // man pppd: 16 "The link was terminated by the modem hanging up": after a peer's
  // Terminate-Request 2.4.9 prints "Modem hangup" and exits with it.
  assert.match(result.console, /^Modem hangup\r?$/m, log);
  assert.match(result.console, /^PPPD-EXIT=16\r?$/m, log);
  assert.equal(result.status, 16, log);
  decodedCleanly(result, "client-forged-authenticator-response");
});

test("a_pppd_whose_configure_acks_arrive_as_naks_is_bounded_by_max_failure_and_the_link_ends", { timeout: INTEROP_TEST_TIMEOUT_MS }, async (t) => {
  if (!requireTools(t)) return;
  let naked = 0;
  const result = await runPppSession({
    role: PppRole.Server,
    options: { ourAddress: SERVER_ADDRESS, peerAddress: CLIENT_ADDRESS, name: SECRET.server, authOrder: [AuthCode.MSCHAPV2], mru: OUR_MRU },
    users: [[SECRET.client, SECRET.secret]],
    pppd: {
      args: ["local", "nodetach", "debug", "noauth", "user", SECRET.client, "remotename", SECRET.server, "noccp", "novj", "lcp-max-configure", "10"],
      timeoutSec: 60,
    },
    // Each Ack of our request becomes a Nak asking for the other MRU: 1400, 1500, 1400, ...
    tamper: (frame) => {
      const out = configureAckAsNak(frame, PROTOCOL_LCP, mruFlipping(OUR_MRU, OTHER_MRU));
      if (out !== frame) naked++;
      return out;
    },
  });
  const log = story(result);
  assert.deepEqual(result.problems, [], log);
  assert.equal(result.droppedNonFrames, 0, log);
  assert.deepEqual(only(result, "linkDown").map((e) => e.reason), [LinkDownReason.NakLoop], log);
  assert.ok(result.traces.some((l) => l.includes("Configure-Naks never end, closing")), log);
  // The core takes Max-Failure Naks in a row, each answered with a new request; the next
  // one ends the link: 1 + MAX_FAILURE requests, MAX_FAILURE + 1 Naks, then Terminate.
  const requests = framesOf(result, Direction.Sent, PROTOCOL_LCP, CONFIGURE_REQUEST);
  const naks = framesOf(result, Direction.Received, PROTOCOL_LCP, CONFIGURE_NAK);
  const terminates = framesOf(result, Direction.Sent, PROTOCOL_LCP, TERMINATE_REQUEST);
  assert.equal(requests.length, 1 + MAX_FAILURE, log);
  assert.equal(naks.length, MAX_FAILURE + 1, log);
  assert.equal(naked, MAX_FAILURE + 1, log);
  // pppd acked every request of ours: without the man in the middle LCP was up at the first.
  assert.equal(result.console.match(/^sent \[LCP ConfAck /gm)?.length, MAX_FAILURE + 1, log);
  assert.deepEqual(framesOf(result, Direction.Received, PROTOCOL_LCP, CONFIGURE_ACK), [], `every Ack reached the core as a Nak\n${log}`);
  assert.ok(terminates.length > 0 && terminates[0] > naks[naks.length - 1] && terminates[0] > requests[requests.length - 1], log);
  // Our requests took each Nak's MRU; each Nak proposed the MRU the request it answers did not carry.
  const mrus = (indexes: number[]) =>
    indexes.map((i) => {
      const packet = parsedControlPacket(result.capture.frames[i].frame);
      const mru = packet && optionValue(packet.data, LCP_MRU);
      return `${packet?.id}:${mru ? Buffer.from(mru).readUInt16BE(0) : "none"}`;
    });
  const flip = (first: number, second: number) => requests.map((_, k) => `${k + 1}:${k % 2 === 0 ? first : second}`);
  assert.deepEqual(mrus(requests), flip(OUR_MRU, OTHER_MRU), log);
  assert.deepEqual(mrus(naks), flip(OTHER_MRU, OUR_MRU), log);

  assert.equal(only(result, "authSucceeded").length + only(result, "authFailed").length + only(result, "authRequest").length, 0, log);
  assert.equal(only(result, "ipcpUp").length, 0, log);
  const fromCore = result.capture.frames.filter((f) => f.direction === Direction.Sent).map((f) => splitFrame(f.frame)?.protocol);
  assert.deepEqual([...new Set(fromCore)], [PROTOCOL_LCP], `only LCP from us: no CHAP Challenge, no IPCP\n${log}`);
  // Six round trips (tens of milliseconds here): far inside the test's limit and pppd's own.
  const firstBytes = result.milestones.find((m) => m.what === "pppd's first bytes")?.atMs ?? NaN;
  const down = result.milestones.find((m) => m.what === "linkDown")?.atMs ?? NaN;
  assert.ok(down - firstBytes < 15_000, `link down ${down - firstBytes} ms after pppd's first bytes\n${log}`);
  assert.doesNotMatch(result.console, /\[(CHAP|PAP|IPCP) /, `no authentication or IPCP packet either way\n${log}`);
  // man pppd: 16 "The link was terminated by the modem hanging up", as after any Terminate-Request of a peer.
  assert.match(result.console, /^LCP terminated by peer \(Negotiation failed\)\r?$/m, log);
  assert.match(result.console, /^Modem hangup\r?$/m, log);
  assert.match(result.console, /^PPPD-EXIT=16\r?$/m, log);
  assert.equal(result.status, 16, log);
  decodedCleanly(result, "server-nak-loop");
});
