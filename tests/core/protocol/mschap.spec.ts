import { FsmState } from "../../../assembly/protocol/fsm";
import { Session, Phase, LinkDownReason } from "../../../assembly/protocol/session-state";
import { authUserAdd, authModeSet } from "../../../assembly/protocol/auth";
import { authAnswered, authResponseGiven } from "../../../assembly/protocol/authenticate";
import { mschapV2NtResponse, mschapV2AuthenticatorResponse } from "../../../assembly/crypto/mschap";
import { openSession, options, feed, sent, noted, lcpOpen, ackOurLcpRequest, lastToken, traces, hex8, hex16 } from "../support/session";
import { asciiBytes, hexBytes, ptrOf, toHex } from "../support/bytes";

const SERVER: u32 = 0;
const CLIENT: u32 = 1;
const MSCHAP: u8 = 4;
const MSCHAP_V2: u8 = 8;

// RFC 2759 §9.2.
const AUTH_CHALLENGE = "5b5d7c7d7b3f2f3e3c2c602132262628";
const PEER_CHALLENGE = "21402324255e262a28295f2b3a337c7e";
const NT_RESPONSE = "82309ecd8d708b5ea08faa3981cd83544233114a3d85d6df";
const S_VALUE = "S=407A5589115FD0D6209F510FE9C04566932CDA56";
// RFC 2433 Appendix B: "MyPw", challenge 102DB5DF085D3041.
const V1_CHALLENGE = "102db5df085d3041";
const V1_NT_RESPONSE = "4e9d3c8f9cfd385d5bf4d3246791956ca4c351ab409a3d61";

function addUser(name: string, secret: string): void {
  const n = asciiBytes(name);
  const s = asciiBytes(secret);
  expect(authUserAdd(ptrOf(n), n.length, ptrOf(s), s.length, 0)).toBeGreaterThanOrEqual(0);
}

let held: StaticArray<u8> = new StaticArray<u8>(0); // toHex allocates while it reads: keep the bytes referenced

function ascii(text: string): string {
  held = asciiBytes(text);
  return toHex(ptrOf(held), text.length);
}

function fromHex(hex: string): string {
  let t = "";
  for (let i = 0; i < hex.length; i += 2) t += String.fromCharCode(<i32>I32.parseInt(hex.substr(i, 2), 16));
  return t;
}

// A CHAP packet without address and control (ACFC agreed with pppd's request).
function chap(code: string, id: u32, dataHex: string): string {
  return "c223" + code + hex8(id) + hex16(4 + dataHex.length / 2) + dataHex;
}

/** The RFC's authenticator challenge in place of the random one just sent. */
function useChallenge(s: Session, challengeHex: string): void {
  const c = hexBytes(challengeHex);
  memory.copy(s.challenge, ptrOf(c), c.length);
}

/** A client for "User" / "clientPass" that acked MS-CHAPv2 and was challenged with the RFC's challenge. */
function clientAuthenticating(): Session {
  const s = openSession(CLIENT, options(0, 0, 0, 0, 0, 0, "User", "clientPass", ""));
  sent();
  feed(s, "ff03c021010100090305c22381");
  expect(sent().substring(0, 10)).toBe("ff03c02102"); // acked
  ackOurLcpRequest(s);
  expect(s.lcp.state).toBe(FsmState.Opened);
  sent();
  feed(s, "ff03c22301070018" + "10" + AUTH_CHALLENGE + ascii("srv"));
  return s;
}

describe("mschap-v2 authenticator", () => {
  it("rfc2759_9_2_response_gets_the_published_authenticator_response", () => {
    const s = openSession(SERVER, options(MSCHAP_V2, 0, 0, 0, 0, 0, "", "", ""));
    addUser("User", "clientPass");
    lcpOpen(s);
    const out = sent().split("|");
    const challenge = out[out.length - 1];
    expect(challenge.substring(0, 6)).toBe("c22301");
    expect(challenge.substring(12, 14)).toBe("10"); // 16-octet challenge (RFC 2759 §3)
    useChallenge(s, AUTH_CHALLENGE);
    noted();
    const value = PEER_CHALLENGE + "0000000000000000" + NT_RESPONSE + "00";
    feed(s, chap("02", s.authPeerId, "31" + value + ascii("User")));
    const success = sent().split("|")[0];
    expect(success.substring(0, 6)).toBe("c22303");
    expect(fromHex(success.substring(12))).toBe(S_VALUE + " M=Welcome");
    expect(noted()).toBe("authOk:0:c223:" + ascii("User") + " phase:4");
    // RFC 1994 §4.2: the same Response again gets the same Success.
    feed(s, chap("02", s.authPeerId, "31" + value + ascii("User")));
    expect(fromHex(sent().substring(12))).toBe(S_VALUE + " M=Welcome");
  });

  it("a_captured_exchange_s_response_gets_the_captured_authenticator_response", () => {
    // tests/fixtures/mschap-v2/pptp-capture.txt: a real client's Response to pptpd's challenge,
    // fed byte for byte (identifier 0xb0 included); the S= value is the one pptpd sent.
    const s = openSession(SERVER, options(MSCHAP_V2, 0, 0, 0, 0, 0, "", "", ""));
    addUser("moxie", "bPCFyF2uL1p5Lg5yrKmqmY");
    lcpOpen(s);
    sent();
    useChallenge(s, "258d4fc024f111512d0b61f9c375aee1");
    s.authPeerId = 0xb0;
    noted();
    feed(
      s,
      "c22302b0003b31abfe01e6c759850155b4d8d6258cdb6700000000000000001c93abce815400686baeca315f348469256420598a73ad49006d6f786965",
    );
    const success = sent().split("|")[0];
    expect(success.substring(0, 8)).toBe("c22303b0");
    expect(fromHex(success.substring(12))).toBe("S=54644F81E5F18C0EE9E26776495D6BC7ADDFB767 M=Welcome");
    expect(noted()).toBe("authOk:0:c223:" + ascii("moxie") + " phase:4");
  });

  it("a_wrong_nt_response_gets_failure_691_with_no_retry", () => {
    const s = openSession(SERVER, options(MSCHAP_V2, 0, 0, 0, 0, 0, "", "", ""));
    addUser("User", "clientPass");
    lcpOpen(s);
    sent();
    useChallenge(s, AUTH_CHALLENGE);
    noted();
    const wrong = "92309ecd8d708b5ea08faa3981cd83544233114a3d85d6df";
    feed(s, chap("02", s.authPeerId, "31" + PEER_CHALLENGE + "0000000000000000" + wrong + "00" + ascii("User")));
    const failure = sent().split("|")[0];
    expect(failure.substring(0, 6)).toBe("c22304");
    expect(fromHex(failure.substring(12))).toBe("E=691 R=0 C=" + AUTH_CHALLENGE.toUpperCase() + " V=3 M=Authentication failure");
    expect(noted().startsWith("authFail:0:c223 phase:5")).toBe(true);
    expect(s.downReason).toBe(LinkDownReason.AuthFailed);
  });

  it("a_response_value_of_the_wrong_size_is_refused", () => {
    const s = openSession(SERVER, options(MSCHAP_V2, 0, 0, 0, 0, 0, "", "", ""));
    addUser("User", "clientPass");
    lcpOpen(s);
    sent();
    noted();
    feed(s, chap("02", s.authPeerId, "10" + PEER_CHALLENGE + ascii("User")));
    expect(noted().startsWith("authFail:0:c223")).toBe(true);
  });

  it("a_password_change_is_refused_with_709_and_the_link_ends", () => {
    const s = openSession(SERVER, options(MSCHAP_V2, 0, 0, 0, 0, 0, "", "", ""));
    addUser("User", "clientPass");
    lcpOpen(s);
    sent();
    noted();
    feed(s, chap("07", s.authPeerId, "00"));
    expect(fromHex(sent().split("|")[0].substring(12)).startsWith("E=709 R=0 C=")).toBe(true);
    expect(noted().startsWith("authFail:0:c223 phase:5")).toBe(true);
  });

  it("host_mode_asks_with_the_challenge_and_the_whole_response_and_relays_the_server_s_s_value", () => {
    const s = openSession(SERVER, options(MSCHAP_V2, 0, 0, 0, 0, 0, "", "", ""));
    authModeSet(2);
    lcpOpen(s);
    sent();
    useChallenge(s, AUTH_CHALLENGE);
    noted();
    const value = PEER_CHALLENGE + "0000000000000000" + NT_RESPONSE + "00";
    const id = s.authPeerId;
    feed(s, chap("02", id, "31" + value + ascii("User")));
    expect(noted()).toBe("authAsk:c223:" + ascii("User") + ":" + hex8(id) + AUTH_CHALLENGE + value);
    const bad = asciiBytes("S=407A5589115FD0D6209F510FE9C04566932CDA5"); // 39 hex digits
    expect(authResponseGiven(s, lastToken, ptrOf(bad), bad.length)).toBe(-2);
    expect(authResponseGiven(s, lastToken + 1, ptrOf(bad), bad.length)).toBe(0);
    const good = asciiBytes(S_VALUE);
    expect(authResponseGiven(s, lastToken, ptrOf(good), good.length)).toBe(1);
    expect(authAnswered(s, true, lastToken)).toBe(true);
    expect(fromHex(sent().split("|")[0].substring(12))).toBe(S_VALUE + " M=Welcome");
    expect(s.phase).toBe(Phase.Network);
    authModeSet(0);
  });

  it("host_acceptance_without_an_s_value_is_a_failure", () => {
    const s = openSession(SERVER, options(MSCHAP_V2, 0, 0, 0, 0, 1, "", "", ""));
    authModeSet(2);
    lcpOpen(s);
    sent();
    feed(s, chap("02", s.authPeerId, "31" + PEER_CHALLENGE + "0000000000000000" + NT_RESPONSE + "00" + ascii("User")));
    noted();
    expect(authAnswered(s, true, lastToken)).toBe(true);
    expect(sent().split("|")[0].substring(0, 6)).toBe("c22304");
    expect(noted().startsWith("authFail:0:c223")).toBe(true);
    expect(traces.includes("As1 CHAP: MS-CHAP-V2 accepted without an authenticator response, refused")).toBe(true);
    authModeSet(0);
  });
});

describe("mschap-v1 authenticator", () => {
  it("rfc2433_response_with_the_nt_flag_gets_success", () => {
    const s = openSession(SERVER, options(MSCHAP, 0, 0, 0, 0, 0, "", "", ""));
    addUser("User", "MyPw");
    lcpOpen(s);
    const out = sent().split("|");
    expect(out[out.length - 1].substring(12, 14)).toBe("08"); // 8-octet challenge (RFC 2433 §3)
    useChallenge(s, V1_CHALLENGE);
    noted();
    feed(s, chap("02", s.authPeerId, "31" + "00".repeat(24) + V1_NT_RESPONSE + "01" + ascii("User")));
    expect(sent().split("|")[0].substring(0, 6)).toBe("c22303");
    expect(noted()).toBe("authOk:0:c223:" + ascii("User") + " phase:4");
  });

  it("a_response_asking_for_the_lan_manager_hash_is_refused", () => {
    const s = openSession(SERVER, options(MSCHAP, 0, 0, 0, 0, 0, "", "", ""));
    addUser("User", "MyPw");
    lcpOpen(s);
    sent();
    useChallenge(s, V1_CHALLENGE);
    noted();
    feed(s, chap("02", s.authPeerId, "31" + "00".repeat(24) + V1_NT_RESPONSE + "00" + ascii("User")));
    expect(fromHex(sent().split("|")[0].substring(12))).toBe("E=691 R=0");
    expect(noted().startsWith("authFail:0:c223")).toBe(true);
  });
});

describe("mschap-v2 peer", () => {
  it("the_response_carries_a_fresh_peer_challenge_and_the_rfc_nt_response_for_it", () => {
    const s = clientAuthenticating();
    const response = sent();
    expect(response.substring(0, 14)).toBe("ff03c223020700"); // the challenge's identifier
    const value = response.substring(18, 18 + 98);
    const peerChallenge = value.substring(0, 32);
    expect(value.substring(32, 48)).toBe("0000000000000000");
    expect(value.substring(96, 98)).toBe("00");
    expect(response.substring(18 + 98)).toBe(ascii("User"));
    // Held in variables read again below: a spec's temporaries may be collected while in use.
    const user = asciiBytes("User");
    const password = asciiBytes("clientPass");
    const authChallenge = hexBytes(AUTH_CHALLENGE);
    const peer = hexBytes(peerChallenge);
    const nt = heap.alloc(24);
    mschapV2NtResponse(ptrOf(authChallenge), ptrOf(peer), ptrOf(user), 4, ptrOf(password), password.length, nt);
    expect(value.substring(48, 96)).toBe(toHex(nt, 24));
    // The Success the real authenticator would send is believed.
    const auth = heap.alloc(20);
    mschapV2AuthenticatorResponse(ptrOf(password), password.length, nt, ptrOf(peer), ptrOf(authChallenge), ptrOf(user), 4, auth);
    expect(toHex(ptrOf(peer), 16) + toHex(ptrOf(authChallenge), 16) + toHex(ptrOf(user), 4)).toBe(peerChallenge + AUTH_CHALLENGE + ascii("User"));
    const text = "S=" + toHex(auth, 20).toUpperCase() + " M=Access granted";
    noted();
    feed(s, "ff03c2230307" + hex16(4 + text.length) + ascii(text));
    expect(noted()).toBe("authOk:1:c223:" + ascii("User") + " phase:4");
  });

  it("a_success_with_another_s_value_fails_the_link", () => {
    const s = clientAuthenticating();
    sent();
    noted();
    feed(s, "ff03c2230307002e" + ascii(S_VALUE)); // right form, not for this peer challenge
    expect(noted().startsWith("authFail:1:c223 phase:5")).toBe(true);
  });

  it("a_success_for_another_identifier_is_dropped", () => {
    const s = clientAuthenticating();
    sent();
    noted();
    feed(s, "ff03c2230308002e" + ascii(S_VALUE));
    expect(noted()).toBe("");
  });

  it("a_v1_challenge_of_the_wrong_size_is_dropped_and_counted", () => {
    const s = openSession(CLIENT, options(0, 0, 0, 0, 0, 0, "User", "MyPw", ""));
    feed(s, "ff03c021010100090305c22380");
    ackOurLcpRequest(s);
    sent();
    feed(s, "ff03c22301010018" + "10" + AUTH_CHALLENGE + ascii("srv"));
    expect(sent()).toBe("");
    expect(s.badFrames).toBe(1);
    feed(s, "ff03c22301020010" + "08" + V1_CHALLENGE + ascii("srv"));
    const response = sent();
    expect(response.substring(16, 18)).toBe("31"); // 49 octets
    expect(response.substring(18, 18 + 48)).toBe("00".repeat(24));
    expect(response.substring(66, 66 + 48)).toBe(V1_NT_RESPONSE);
    expect(response.substring(114, 116)).toBe("01");
  });
});
