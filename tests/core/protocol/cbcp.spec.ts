import { Phase, LinkDownReason, Session } from "../../../assembly/protocol/session-state";
import { authUserAdd } from "../../../assembly/protocol/auth";
import { FsmState } from "../../../assembly/protocol/fsm";
import { openSession, options, feed, sent, noted, ackOurLcpRequest, tickTo, ownerOffers } from "../support/session";
import { asciiBytes, ptrOf } from "../support/bytes";

const SERVER: u32 = 0;
const CLIENT: u32 = 1;
// Peer ConfReq asking for CBCP (like pppd's `callback`): magic + callback operation 6.
const PEER_WANTS_CBCP = "ff03c0210101000d0506c8035b350d0306";
const PAP_REQUEST = "ff03c0230101000f03636c6906733363726574";
// protocols.md §5: Request offering types 1, 2 (5-octet form) and 3, delay 0.
const REQUEST_ALL = "0102" + "0205000100" + "030300";
// pppd 2.4.9 as caller, type 2: `02 len 05 01 "number" 00`.
const PPPD_RESPONSE_OPTION = "020c05013535353132333400";

function cbcp(code: string, id: string, dataHex: string): string {
  const len = 4 + dataHex.length / 2;
  return "ff03c029" + code + id + (len < 16 ? "000" : "00") + len.toString(16) + dataHex;
}

function serverInCallbackPhase(types: u8, number: string, offerTypes: u32 = 0, offerNumber: string = ""): Session {
  const s = openSession(SERVER, options(1, 2, 0, types, 0, 0, "", "", number));
  ownerOffers(offerTypes, offerNumber);
  const n = asciiBytes("cli");
  const p = asciiBytes("s3cret");
  authUserAdd(ptrOf(n), n.length, ptrOf(p), p.length, 0);
  feed(s, PEER_WANTS_CBCP);
  ackOurLcpRequest(s);
  sent();
  noted();
  feed(s, PAP_REQUEST);
  return s;
}


describe("cbcp server", () => {
  it("after_authentication_sends_the_request_with_every_allowed_type", () => {
    const s = (serverInCallbackPhase(0x0e, ""));
    const out = sent().split("|");
    expect(out[1]).toBe(cbcp("01", "01", REQUEST_ALL));
    expect(s.phase).toBe(Phase.Callback);
  });

  it("request_is_retransmitted_every_2_s_with_a_new_identifier", () => {
    const s = (serverInCallbackPhase(0x04, ""));
    sent();
    expect(tickTo(s, 1999)).toBe(2000);
    expect(sent()).toBe("");
    tickTo(s, 2000);
    expect(sent()).toBe(cbcp("01", "02", "0205000100"));
  });

  it("user_number_response_is_acked_by_echo_and_handed_to_the_owner", () => {
    const s = (serverInCallbackPhase(0x0e, ""));
    sent();
    noted();
    feed(s, cbcp("02", "01", PPPD_RESPONSE_OPTION));
    expect(sent()).toBe(cbcp("03", "01", PPPD_RESPONSE_OPTION));
    expect(noted()).toBe("callback:2:2:5:35353531323334");
    // pppd then ends the link asking to be called back.
    feed(s, "ff03c021050200185" + "7043616c6c206d65206261636b2c20706c65617365".substring(1));
    expect(sent()).toBe("ff03c021060200" + "04");
    tickTo(s, 3000);
    expect(noted().includes("down:" + LinkDownReason.Callback.toString())).toBe(true);
  });

  it("admin_number_response_hands_over_the_configured_number", () => {
    const s = (serverInCallbackPhase(0x08, "4085551000"));
    sent();
    noted();
    feed(s, cbcp("02", "01", "030305"));
    expect(sent()).toBe(cbcp("03", "01", "030305"));
    expect(noted()).toBe("callback:2:3:5:34303835353531303030");
  });

  it("stale_identifier_is_dropped_and_an_unoffered_type_gets_the_request_again", () => {
    const s = (serverInCallbackPhase(0x04, ""));
    sent();
    feed(s, cbcp("02", "07", PPPD_RESPONSE_OPTION));
    expect(sent()).toBe("");
    expect(s.discarded).toBe(1);
    feed(s, cbcp("02", "01", "030305"));
    expect(sent()).toBe(cbcp("01", "02", "0205000100"));
  });

  it("no_callback_response_is_acked_and_the_network_phase_follows", () => {
    const s = (serverInCallbackPhase(0x06, ""));
    sent();
    feed(s, cbcp("02", "01", "0102"));
    expect(sent().startsWith(cbcp("03", "01", "0102") + "|ff038021")).toBe(true);
    expect(s.phase).toBe(Phase.Network);
  });

  it("without_the_callers_terminate_request_we_end_the_link_ourselves", () => {
    const s = (serverInCallbackPhase(0x04, ""));
    feed(s, cbcp("02", "01", PPPD_RESPONSE_OPTION));
    sent();
    tickTo(s, 6000);
    expect(sent().startsWith("ff03c02105")).toBe(true);
    expect(s.lcp.state).toBe(FsmState.Closing);
  });

  it("malformed_responses_never_trap_and_are_counted", () => {
    const s = (serverInCallbackPhase(0x04, ""));
    sent();
    feed(s, cbcp("02", "01", "0201"));
    feed(s, cbcp("02", "01", "020c0501"));
    feed(s, "ff03c02902010010");
    feed(s, "ff03c029");
    expect(sent()).toBe("");
    expect(s.badFrames).toBe(4);
    expect(s.phase).toBe(Phase.Callback);
  });

  it("an_unanswered_request_gives_up_after_max_transmits", () => {
    const s = (serverInCallbackPhase(0x04, ""));
    for (let i = 1; i <= 10; i++) tickTo(s, <f64>(i * 2000));
    expect(s.downReason).toBe(LinkDownReason.CallbackFailed);
  });
});

describe("cbcp server offer", () => {
  it("is_asked_of_the_owner_when_cbcp_starts_and_its_preset_number_is_reported", () => {
    // The interface offers every type; the owner narrows it to the preset number of the user.
    const s = serverInCallbackPhase(0x0e, "", 1 << 3, "5550100");
    expect(sent().split("|")[1]).toBe(cbcp("01", "01", "030300"));
    noted();
    feed(s, cbcp("02", "01", "020c05013535353132333400" + "030305"));
    expect(sent()).toBe(cbcp("03", "01", "030305"));
    expect(noted()).toBe("callback:2:3:5:35353530313030");
  });

  it("a_type_the_owner_took_away_is_not_taken_from_the_caller", () => {
    const s = serverInCallbackPhase(0x0e, "", 1 << 1, "");
    expect(sent().split("|")[1]).toBe(cbcp("01", "01", "0102"));
    feed(s, cbcp("02", "01", PPPD_RESPONSE_OPTION));
    expect(sent()).toBe(cbcp("01", "02", "0102"));
    expect(s.phase).toBe(Phase.Callback);
  });
});

function clientInCallbackPhase(number: string, preferred: u8): Session {
  const s = openSession(CLIENT, options(0, 2, 0, preferred, 5, 0, "cli", "s3cret", number));
  feed(s, "ff03c0210101000e0304c0230506c8035b35");
  ackOurLcpRequest(s);
  feed(s, "ff03c0230201000d084c6f67696e206f6b");
  expect(s.phase).toBe(Phase.Callback);
  sent();
  noted();
  return s;
}

describe("cbcp client", () => {
  it("answers_with_its_own_number_then_terminates_after_the_ack", () => {
    const s = clientInCallbackPhase("5551234", 0);
    feed(s, cbcp("01", "01", REQUEST_ALL));
    expect(sent()).toBe(cbcp("02", "01", PPPD_RESPONSE_OPTION));
    tickTo(s, 2000);
    expect(sent()).toBe(cbcp("02", "01", PPPD_RESPONSE_OPTION));
    feed(s, cbcp("03", "01", PPPD_RESPONSE_OPTION));
    expect(noted()).toBe("callback:2:2:5:35353531323334 phase:5 framing:ffffffff/ffffffff");
    expect(sent()).toBe("ff03c0210502001843616c6c206d65206261636b2c20706c65617365");
  });

  it("without_a_number_takes_the_administrators_then_none", () => {
    let s = clientInCallbackPhase("", 0);
    feed(s, cbcp("01", "01", REQUEST_ALL));
    expect(sent()).toBe(cbcp("02", "01", "030305"));
    s = clientInCallbackPhase("", 0);
    feed(s, cbcp("01", "04", "0102" + "0205000100"));
    expect(sent()).toBe(cbcp("02", "04", "0102"));
    feed(s, cbcp("03", "04", "0102"));
    expect(s.phase).toBe(Phase.Network);
  });

  it("a_request_with_nothing_acceptable_is_dropped", () => {
    const s = clientInCallbackPhase("", 0);
    feed(s, cbcp("01", "01", "0205000100"));
    expect(sent()).toBe("");
    expect(s.discarded).toBe(1);
  });
});

describe("cbcp offered by the answerer", () => {
  // MS-CBCP §3.1.3: CBCP runs when either side's Callback operation 6 is agreed; Windows answerers
  // put it in their own Configure-Request (tests/fixtures/windows/windows-dialup-capture.txt).
  const ANSWERER_REQUEST = "ff03c0210101000b0304c0230d0306";

  it("a_caller_set_for_cbcp_acks_it_and_cbcp_runs_even_when_its_own_option_is_rejected", () => {
    const s = openSession(CLIENT, options(0, 2, 0, 0, 5, 0, "cli", "s3cret", ""));
    const ours = sent();
    expect(ours.includes("0d0306")).toBe(true);
    feed(s, ANSWERER_REQUEST);
    expect(sent()).toBe("ff03c0210201000b0304c0230d0306"); // acked as it stands
    // The answerer rejects ours; the next request goes without it.
    feed(s, "ff03c021040100070d0306");
    expect(sent().includes("0d0306")).toBe(false);
    ackOurLcpRequest(s);
    feed(s, "ff03c0230201000d084c6f67696e206f6b");
    expect(s.phase).toBe(Phase.Callback);
    sent();
    feed(s, cbcp("01", "01", "0102"));
    expect(sent()).toBe(cbcp("02", "01", "0102"));
    feed(s, cbcp("03", "01", "0102"));
    expect(s.phase).toBe(Phase.Network);
  });

  it("a_caller_not_set_for_callback_rejects_it_and_goes_straight_to_the_network", () => {
    const s = openSession(CLIENT, options(0, 0, 0, 0, 0, 0, "cli", "s3cret", ""));
    sent();
    feed(s, ANSWERER_REQUEST);
    expect(sent()).toBe("ff03c021040100070d0306");
  });
});

describe("rfc 1570 client", () => {
  it("waits_for_the_server_to_end_the_link_and_gives_up_after_30_s", () => {
    const s = openSession(CLIENT, options(0, 1, 3, 0, 0, 0, "cli", "s3cret", "5551234"));
    feed(s, "ff03c0210101000e0304c0230506c8035b35");
    ackOurLcpRequest(s);
    noted();
    feed(s, "ff03c0230201000d084c6f67696e206f6b");
    expect(noted()).toBe("authOk:1:c023:636c69 callback:1:3:0:35353531323334 phase:3");
    expect(tickTo(s, 29999)).toBe(30000);
    tickTo(s, 30000);
    expect(s.downReason).toBe(LinkDownReason.CallbackFailed);
    expect(s.lcp.state).toBe(FsmState.Closing);
  });
});

describe("rfc 1570 server", () => {
  it("after_authentication_hands_over_the_number_and_ends_the_link_itself", () => {
    const s = openSession(SERVER, options(1, 1, 0, 0, 0, 0, "", "", ""));
    const n = asciiBytes("cli");
    const p = asciiBytes("s3cret");
    authUserAdd(ptrOf(n), n.length, ptrOf(p), p.length, 0);
    feed(s, "ff03c02101010011" + "0506c8035b35" + "0d0703" + "35353531");
    ackOurLcpRequest(s);
    sent();
    noted();
    feed(s, PAP_REQUEST);
    expect(noted()).toBe("authOk:0:c023:636c69 callback:1:3:0:35353531 phase:5 framing:ffffffff/ffffffff");
    // PAP Ack (ACFC not agreed here), then Terminate-Request "Calling you back".
    expect(sent()).toBe("ff03c0230201000d084c6f67696e206f6b|ff03c0210502001443616c6c696e6720796f75206261636b");
    expect(s.downReason).toBe(LinkDownReason.Callback);
  });
});
