import { FsmState } from "../../../assembly/protocol/fsm";
import { Phase, LinkDownReason } from "../../../assembly/protocol/session-state";
import { authUserAdd, authModeSet, chapDigest } from "../../../assembly/protocol/auth";
import { authDecided, authPending } from "../../../assembly/protocol/authenticate";
import { openSession, options, feed, sent, noted, lcpOpen, ackOurLcpRequest, tickTo } from "../support/session";
import { asciiBytes, ptrOf, toHex, hexBytes } from "../support/bytes";

const SERVER: u32 = 0;
const CLIENT: u32 = 1;

function addUser(name: string, secret: string): void {
  const n = asciiBytes(name);
  const s = asciiBytes(secret);
  expect(authUserAdd(ptrOf(n), n.length, ptrOf(s), s.length, 0)).toBeGreaterThanOrEqual(0);
}

// protocols.md §3 (observed): AuthReq user="cli" password="s3cret" → AuthAck "Login ok".
const PAP_REQUEST = "ff03c0230101000f03636c6906733363726574";
const PAP_ACK = "ff03c0230201000d084c6f67696e206f6b";
// The same once LCP agreed ACFC with pppd (RFC 1661 §6.6): address and control omitted.
const PAP_ACK_ACFC = "c0230201000d084c6f67696e206f6b";

describe("pap authenticator", () => {
  it("observed_request_gets_login_ok_and_the_network_phase_starts", () => {
    const s = openSession(SERVER, options(1, 0, 0, 0, 0, 0, "", "", ""));
    addUser("cli", "s3cret");
    lcpOpen(s);
    sent();
    noted();
    feed(s, PAP_REQUEST);
    const out = sent();
    expect(out.startsWith(PAP_ACK_ACFC + "|8021010100")).toBe(true);
    expect(noted()).toBe("authOk:0:c023:636c69 phase:4");
    expect(s.phase).toBe(Phase.Network);
    feed(s, PAP_REQUEST); // a retransmitted request gets the same verdict
    expect(sent()).toBe(PAP_ACK_ACFC);
  });

  it("wrong_password_gets_login_incorrect_then_terminate", () => {
    const s = openSession(SERVER, options(1, 0, 0, 0, 0, 0, "", "", ""));
    addUser("cli", "other");
    lcpOpen(s);
    sent();
    noted();
    feed(s, PAP_REQUEST);
    expect(sent()).toBe("c02303010014" + "0f4c6f67696e20696e636f7272656374" + "|ff03c0210502001941757468656e7469636174696f6e206661696c6564");
    expect(noted()).toBe("authFail:0:c023 phase:5 framing:ffffffff/ffffffff");
  });

  it("no_request_within_the_wait_fails_the_link", () => {
    const s = openSession(SERVER, options(1, 0, 0, 0, 0, 0, "", "", ""));
    lcpOpen(s);
    noted();
    expect(tickTo(s, 29999)).toBe(30000);
    tickTo(s, 30000);
    expect(noted()).toBe("authFail:0:c023 phase:5 framing:ffffffff/ffffffff");
  });

  it("malformed_requests_are_dropped_and_counted", () => {
    const s = openSession(SERVER, options(1, 0, 0, 0, 0, 0, "", "", ""));
    lcpOpen(s);
    sent();
    feed(s, "ff03c0230101000909636c690673");
    feed(s, "ff03c02301010005");
    feed(s, "ff03c023010100");
    expect(sent()).toBe("");
    expect(s.badFrames).toBe(3);
    expect(s.phase).toBe(Phase.Authenticate);
  });

  it("host_mode_asks_and_the_answer_is_sent_with_the_request_identifier", () => {
    const s = openSession(SERVER, options(1, 0, 0, 0, 0, 0, "", "", ""));
    authModeSet(2);
    lcpOpen(s);
    sent();
    noted();
    feed(s, PAP_REQUEST);
    expect(sent()).toBe("");
    expect(noted()).toBe("authAsk:c023:636c69:733363726574");
    expect(authDecided(s, 0, true)).toBe(true);
    expect(sent().startsWith(PAP_ACK_ACFC)).toBe(true);
    expect(authDecided(s, 0, true)).toBe(false);
    authModeSet(0);
  });

  it("a_host_that_never_answers_fails_the_check_after_its_wait", () => {
    const s = openSession(SERVER, options(1, 0, 0, 0, 0, 0, "", "", ""));
    authModeSet(2);
    lcpOpen(s);
    tickTo(s, 1000);
    feed(s, PAP_REQUEST);
    sent();
    noted();
    expect(authPending(s)).toBe(true);
    // The peer's retransmissions are not asked again while the host thinks.
    feed(s, PAP_REQUEST);
    expect(noted()).toBe("");
    expect(tickTo(s, 60999)).toBe(61000);
    expect(noted()).toBe("");
    tickTo(s, 61000);
    expect(noted()).toBe("authFail:0:c023 phase:5 framing:ffffffff/ffffffff");
    expect(authPending(s)).toBe(false);
    expect(authDecided(s, 0, true)).toBe(false);
    authModeSet(0);
  });
});

describe("pap peer", () => {
  it("client_sends_its_credentials_and_retransmits_until_answered", () => {
    const s = openSession(CLIENT, options(0, 0, 0, 0, 0, 0, "cli", "s3cret", ""));
    sent();
    feed(s, "ff03c021010100080304c023");
    ackOurLcpRequest(s);
    const first = sent();
    expect(first.endsWith(PAP_REQUEST)).toBe(true);
    tickTo(s, 3000);
    expect(sent()).toBe("ff03c0230102000f03636c6906733363726574");
    feed(s, PAP_ACK); // answers id 1, no longer current
    expect(s.phase).toBe(Phase.Authenticate);
    feed(s, "ff03c0230202000d084c6f67696e206f6b");
    expect(s.phase).toBe(Phase.Network);
  });
});

// protocols.md §3 (observed, checked): id 00, secret s3cret, challenge f659…525e.
const CHALLENGE = "ff03c2230100001e16f65972c5603dffaa0c81d028b7f40129ab98fd10525e737276";
const RESPONSE = "ff03c2230200001810962dff83fcb0dca2b78ec75a4a0e0df8636c69";

describe("chap peer", () => {
  it("observed_challenge_gets_the_observed_response", () => {
    const s = openSession(CLIENT, options(0, 0, 0, 0, 0, 0, "cli", "s3cret", ""));
    sent();
    feed(s, "ff03c021010100090305c22305");
    ackOurLcpRequest(s);
    sent();
    feed(s, CHALLENGE);
    expect(sent()).toBe(RESPONSE);
    noted();
    feed(s, "ff03c2230300000b57656c636f6d65");
    expect(noted()).toBe("authOk:1:c223:636c69 phase:4");
  });

  it("failure_ends_the_link", () => {
    const s = openSession(CLIENT, options(0, 0, 0, 0, 0, 0, "cli", "s3cret", ""));
    feed(s, "ff03c021010100090305c22305");
    ackOurLcpRequest(s);
    feed(s, CHALLENGE);
    noted();
    feed(s, "ff03c22304000004");
    expect(noted()).toBe("authFail:1:c223 phase:5 framing:ffffffff/ffffffff");
    expect(s.downReason).toBe(LinkDownReason.AuthFailed);
  });
});

describe("chap authenticator", () => {
  it("challenge_is_retransmitted_unchanged_then_the_link_fails_after_max_transmits", () => {
    const s = openSession(SERVER, options(2, 0, 0, 0, 0, 0, "", "", ""));
    lcpOpen(s);
    const first = sent().split("|");
    const challenge = first[first.length - 1];
    expect(challenge.substring(0, 6)).toBe("c22301");
    expect(challenge.substring(8, 14)).toBe("001d10");
    expect(challenge.endsWith("6469616c6261636b")).toBe(true); // "dialback"
    for (let i = 1; i < 10; i++) {
      tickTo(s, <f64>(i * 3000));
      expect(sent()).toBe(challenge);
    }
    noted();
    tickTo(s, 30000);
    expect(noted()).toBe("authFail:0:c223 phase:5 framing:ffffffff/ffffffff");
  });

  it("right_response_gets_success_and_a_repeat_gets_it_again", () => {
    const s = openSession(SERVER, options(2, 0, 0, 0, 0, 0, "", "", ""));
    addUser("cli", "s3cret");
    lcpOpen(s);
    sent();
    const secret = asciiBytes("s3cret");
    const digest = heap.alloc(16);
    chapDigest(s.authPeerId, ptrOf(secret), secret.length, s.challenge, 16, digest);
    const id = (s.authPeerId < 16 ? "0" : "") + s.authPeerId.toString(16);
    const response = "ff03c22302" + id + "001810" + toHex(digest, 16) + "636c69";
    feed(s, response);
    expect(sent().startsWith("c22303" + id + "000b57656c636f6d65")).toBe(true);
    expect(s.phase).toBe(Phase.Network);
    feed(s, response);
    expect(sent()).toBe("c22303" + id + "000b57656c636f6d65");
    feed(s, "ff03c22302" + (id == "ff" ? "00" : "ff") + "001810" + toHex(digest, 16) + "636c69");
    expect(sent()).toBe("");
  });

  it("wrong_response_gets_failure", () => {
    const s = openSession(SERVER, options(2, 0, 0, 0, 0, 0, "", "", ""));
    addUser("cli", "s3cret");
    lcpOpen(s);
    sent();
    const id = (s.authPeerId < 16 ? "0" : "") + s.authPeerId.toString(16);
    feed(s, "ff03c22302" + id + "001810" + "00000000000000000000000000000000" + "636c69");
    expect(sent().startsWith("c22304" + id + "001a")).toBe(true);
    expect(s.downReason).toBe(LinkDownReason.AuthFailed);
  });

  it("peer_rejecting_the_only_protocol_of_our_list_closes_the_link_before_lcp_opens", () => {
    const s = openSession(SERVER, options(2, 0, 0, 0, 0, 0, "", "", ""));
    noted();
    feed(s, "ff03c02104" + "01" + "0009" + "0305c22305");
    // No request without authentication: the list is exhausted, the link ends (Terminate-Request).
    expect(noted()).toBe("phase:5");
    expect(s.downReason).toBe(LinkDownReason.AuthRefused);
    expect(s.lcp.state).toBe(FsmState.Closing);
    expect(sent().includes("ff03c02105")).toBe(true);
  });
});
