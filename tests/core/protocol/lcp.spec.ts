import { FsmState } from "../../../assembly/protocol/fsm";
import { Phase, LinkDownReason } from "../../../assembly/protocol/session-state";
import { NEG_PFC, NEG_ACFC } from "../../../assembly/protocol/session-state";
import { openSession, options, feed, sent, noted, lcpOpen, hex32, PPPD_CONFREQ, traces, ackOurLcpRequest } from "../support/session";

const SERVER: u32 = 0;
const CLIENT: u32 = 1;

// Server: PAP required, accepts RFC 1570 and CBCP callback, traces on.
function server(): StaticArray<u8> {
  return options(1, 3, 0, 0, 0, 1, "", "", "");
}
// Server without authentication: LCP open leads straight to the network phase.
function openServer(): StaticArray<u8> {
  return options(0, 0, 0, 0, 0, 0, "", "", "");
}

function packet(protocol: string, code: string, id: string, dataHex: string): string {
  const len = 4 + dataHex.length / 2;
  return "ff03" + protocol + code + id + (len < 16 ? "000" : "00") + len.toString(16) + dataHex;
}

function lcp(code: string, id: string, dataHex: string): string {
  return packet("c021", code, id, dataHex);
}

describe("lcp requests", () => {
  it("server_first_request_carries_accm_pap_magic_pfc_acfc", () => {
    const s = openSession(SERVER, options(1, 0, 0, 0, 0, 0, "", "", ""));
    expect(sent()).toBe("ff03c021010100180206000000000304c0230506" + hex32(s.got.magic) + "07020802");
    expect(s.phase).toBe(Phase.Establish);
  });

  it("server_requiring_chap_asks_for_md5", () => {
    const s = openSession(SERVER, options(3, 0, 0, 0, 0, 0, "", "", ""));
    expect(sent()).toBe("ff03c021010100190206000000000305c223050506" + hex32(s.got.magic) + "07020802");
  });

  it("client_asking_cbcp_sends_callback_operation_6_without_message", () => {
    const s = openSession(CLIENT, options(0, 2, 0, 0, 0, 0, "ted", "rhoda", ""));
    expect(sent()).toBe("ff03c021010100170206000000000506" + hex32(s.got.magic) + "070208020d0306");
  });

  it("client_asking_rfc1570_e164_sends_the_number_as_message", () => {
    const s = openSession(CLIENT, options(0, 1, 3, 0, 0, 0, "ted", "rhoda", "5551234"));
    expect(sent()).toBe("ff03c0210101001e0206000000000506" + hex32(s.got.magic) + "070208020d0a03" + "35353531323334");
  });
});

describe("lcp replies to the peer's request", () => {
  it("pppd_request_is_acked_verbatim", () => {
    const s = openSession(SERVER, server());
    sent();
    feed(s, PPPD_CONFREQ);
    expect(sent()).toBe("ff03c021020100140206000000000506c8035b3507020802");
    expect(s.lcp.state).toBe(FsmState.AckSent);
    expect(traces.join("\n").includes("As1 LCP: I CONFREQ [REQsent] id 1 len 20")).toBe(true);
    expect(traces.join("\n").includes("As1 LCP: O CONFACK [REQsent] id 1 len 20")).toBe(true);
  });

  it("unknown_options_are_rejected_alone_unmodified_in_order", () => {
    const s = openSession(SERVER, server());
    sent();
    // MRU 1500, Quality (4), ACCM, MRRU (17), Endpoint Discriminator (19).
    feed(s, lcp("01", "07", "010405dc" + "0408c02500000064" + "020600000000" + "110405dc" + "13030a"));
    expect(sent()).toBe(lcp("04", "07", "0408c02500000064" + "110405dc" + "13030a"));
  });

  it("callback_operations_0_to_4_and_6_are_acked_and_5_rejected_when_both_kinds_are_allowed", () => {
    for (let op = 0; op <= 6; op++) {
      const s = openSession(SERVER, server());
      sent();
      const option = "0d0" + (op == 0 ? "3" : "6") + "0" + op.toString() + (op == 0 ? "" : "353535");
      feed(s, lcp("01", "02", option));
      expect(sent()).toBe(lcp(op == 5 ? "04" : "02", "02", option), "operation " + op.toString());
    }
  });

  it("callback_is_rejected_by_a_server_that_takes_only_cbcp_and_always_by_a_client", () => {
    let s = openSession(SERVER, options(1, 2, 0, 0, 0, 0, "", "", ""));
    sent();
    feed(s, lcp("01", "02", "0d060335353535".substring(0, 12)));
    expect(sent()).toBe(lcp("04", "02", "0d0603353535"));
    feed(s, lcp("01", "03", "0d0306"));
    expect(sent()).toBe(lcp("02", "03", "0d0306"));
    s = openSession(CLIENT, options(0, 0, 0, 0, 0, 0, "ted", "x", ""));
    sent();
    feed(s, lcp("01", "04", "0d0306"));
    expect(sent()).toBe(lcp("04", "04", "0d0306"));
  });

  it("magic_zero_and_our_own_magic_are_naked_and_the_loop_is_counted", () => {
    const s = openSession(SERVER, server());
    sent();
    feed(s, lcp("01", "05", "050600000000"));
    const nak = sent();
    expect(nak.substring(0, 20)).toBe("ff03c0210305000a0506");
    expect(nak.substring(20)).not.toBe("00000000");
    feed(s, lcp("01", "06", "0506" + hex32(s.got.magic)));
    expect(sent().substring(0, 20)).toBe("ff03c0210306000a0506");
    expect(s.loopbacks).toBe(1);
  });

  it("auth_protocol_from_a_server_is_acked_for_the_four_and_naked_for_an_unknown_one", () => {
    const s = openSession(CLIENT, options(0, 0, 0, 0, 0, 0, "ted", "rhoda", ""));
    sent();
    feed(s, lcp("01", "01", "0304c023"));
    expect(sent()).toBe(lcp("02", "01", "0304c023"));
    feed(s, lcp("01", "02", "0305c22381")); // MS-CHAPv2 (RFC 2759 §2)
    expect(sent()).toBe(lcp("02", "02", "0305c22381"));
    feed(s, lcp("01", "03", "0305c22380")); // MS-CHAP (RFC 2433 §2)
    expect(sent()).toBe(lcp("02", "03", "0305c22380"));
    feed(s, lcp("01", "04", "0305c22306")); // CHAP with SHA-1: not ours; we propose the strongest we do
    expect(sent()).toBe(lcp("03", "04", "0305c22381"));
    feed(s, lcp("01", "05", "0304c227")); // EAP
    expect(sent()).toBe(lcp("03", "05", "0305c22381"));
    feed(s, lcp("01", "06", "0304c223")); // CHAP without its algorithm octet
    expect(sent()).toBe(lcp("03", "06", "0305c22381"));
  });

  it("a_client_limited_to_some_protocols_naks_with_the_first_it_may_do", () => {
    const s = openSession(CLIENT, options(2, 0, 0, 0, 0, 0, "ted", "rhoda", "")); // CHAP-MD5 only
    sent();
    feed(s, lcp("01", "01", "0305c22381"));
    expect(sent()).toBe(lcp("03", "01", "0305c22305"));
  });

  it("auth_protocol_is_rejected_by_a_side_without_credentials", () => {
    const s = openSession(SERVER, server());
    sent();
    feed(s, lcp("01", "01", "0304c023"));
    expect(sent()).toBe(lcp("04", "01", "0304c023"));
  });

  it("naks_turn_into_rejects_after_max_failure", () => {
    const s = openSession(SERVER, server());
    sent();
    for (let i = 0; i < 5; i++) {
      feed(s, lcp("01", "1" + i.toString(), "01040010"));
      expect(sent()).toBe(lcp("03", "1" + i.toString(), "010405dc"));
    }
    feed(s, lcp("01", "20", "01040010"));
    expect(sent()).toBe(lcp("04", "20", "01040010"));
  });
});

describe("lcp replies to our request", () => {
  it("reject_of_options_we_did_not_send_or_out_of_order_is_dropped", () => {
    const s = openSession(SERVER, server());
    sent();
    feed(s, lcp("04", "01", "0d0306"));
    feed(s, lcp("04", "01", "07020304c023"));
    feed(s, lcp("04", "01", "020600000001"));
    expect(s.lcp.badPackets).toBe(3);
    expect(sent()).toBe("");
    feed(s, lcp("04", "01", "0702"));
    expect(s.lcp.badPackets).toBe(3);
    expect(sent()).toBe("ff03c021010200160206000000000304c0230506" + hex32(s.got.magic) + "0802");
  });

  it("nak_of_our_mru_and_magic_is_taken", () => {
    const s = openSession(SERVER, options(0, 0, 0, 0, 0, 0, "", "", ""));
    sent();
    const old = s.got.magic;
    feed(s, lcp("03", "01", "010405dc" + "0506" + hex32(old)));
    expect(s.got.magic).not.toBe(old);
    expect(s.loopbacks).toBe(1);
    expect(sent()).toBe("ff03c02101020018010405dc0206000000000506" + hex32(s.got.magic) + "07020802");
  });
});

describe("lcp stale replies", () => {
  it("a_nak_or_reject_for_another_identifier_changes_nothing_and_is_dropped", () => {
    const s = openSession(SERVER, options(0, 0, 0, 0, 0, 0, "", "", ""));
    const first = sent();
    const bad = s.lcp.badPackets;
    // RFC 1661 §5.3, §5.4: a Nak or Reject must carry the last request's identifier; ours is 1.
    feed(s, lcp("03", "07", "010405dc"));
    feed(s, lcp("04", "07", "07020802"));
    expect(s.lcpNaksIn).toBe(0);
    expect(s.lcp.badPackets).toBe(bad + 2);
    expect(sent()).toBe("");
    // The true Nak then counts once, and the next request still has PFC and ACFC: the stale Reject took nothing away.
    expect(first.endsWith("07020802")).toBe(true);
    feed(s, lcp("03", "01", "010405dc"));
    expect(s.lcpNaksIn).toBe(1);
    const next = sent();
    expect(next.substring(0, 12)).toBe("ff03c0210102");
    expect(next.endsWith("07020802")).toBe(true);
  });
});

describe("lcp nak loop", () => {
  it("a_peer_that_naks_every_request_is_bounded_by_max_failure_and_the_link_ends", () => {
    const s = openSession(SERVER, options(0, 0, 0, 0, 0, 1, "", "", ""));
    sent();
    noted();
    // The peer Naks our ACCM forever, whatever we ask (RFC 1661 §4.6 bounds our own Naks; theirs the same way).
    for (let i = 1; i <= 5; i++) {
      feed(s, lcp("03", "0" + i.toString(), "020600000000"));
      expect(s.lcp.state).toBe(FsmState.RequestSent);
      expect(sent().substring(0, 12)).toBe("ff03c021010" + (i + 1).toString());
    }
    feed(s, lcp("03", "06", "020600000000"));
    expect(s.downReason).toBe(LinkDownReason.NakLoop);
    expect(s.lcp.state).toBe(FsmState.Closing);
    const term = sent();
    expect(term.substring(0, 10)).toBe("ff03c02105"); // Terminate-Request
    expect(term.endsWith("4e65676f74696174696f6e206661696c6564")).toBe(true); // "Negotiation failed", for the peer's log
    expect(traces.join("\n").includes("Configure-Naks never end")).toBe(true);
  });

  it("naks_count_again_from_zero_in_a_fresh_negotiation", () => {
    const s = openSession(SERVER, openServer());
    for (let i = 1; i <= 5; i++) feed(s, lcp("03", "0" + i.toString(), "020600000000"));
    expect(s.lcpNaksIn).toBe(5);
    feed(s, PPPD_CONFREQ);
    ackOurLcpRequest(s);
    expect(s.lcp.state).toBe(FsmState.Opened);
    feed(s, lcp("01", "02", "020600000000")); // the peer renegotiates: Opened -> Req-Sent, a fresh request
    expect(s.lcpNaksIn).toBe(0);
  });
});

describe("lcp bad input", () => {
  it("option_length_0_1_or_overrunning_drops_the_packet_without_reply", () => {
    const s = openSession(SERVER, server());
    sent();
    feed(s, lcp("01", "01", "0100"));
    feed(s, lcp("01", "02", "0101"));
    feed(s, lcp("01", "03", "020800000000"));
    feed(s, lcp("01", "04", "02"));
    expect(sent()).toBe("");
    expect(s.lcp.badPackets).toBe(4);
    expect(s.lcp.state).toBe(FsmState.RequestSent);
  });

  it("truncated_headers_and_lengths_past_the_frame_are_dropped", () => {
    const s = openSession(SERVER, server());
    sent();
    feed(s, "ff03c021");
    feed(s, "ff03c02101");
    feed(s, "ff03c0210101");
    feed(s, "ff03c02101010030");
    feed(s, "ff03c02101010002");
    feed(s, "ff03");
    feed(s, "ff03c0");
    expect(sent()).toBe("");
    expect(s.lcp.badPackets + s.badFrames).toBe(7);
    expect(s.active).toBe(1);
  });

  it("every_truncation_of_a_valid_request_is_handled_without_trap", () => {
    const full = PPPD_CONFREQ;
    for (let cut = 0; cut < full.length; cut += 2) {
      const s = openSession(SERVER, server());
      sent();
      feed(s, full.substring(0, cut));
      expect(sent()).toBe("", "cut " + cut.toString());
    }
  });

  it("padding_after_length_is_ignored", () => {
    const s = openSession(SERVER, server());
    sent();
    feed(s, PPPD_CONFREQ + "00000000");
    expect(sent()).toBe("ff03c021020100140206000000000506c8035b3507020802");
  });

  it("compressed_address_and_protocol_are_accepted_before_negotiation", () => {
    const s = openSession(SERVER, server());
    sent();
    feed(s, PPPD_CONFREQ.substring(4));
    expect(sent()).toBe("ff03c021020100140206000000000506c8035b3507020802");
  });
});

describe("lcp opened", () => {
  it("opened_pushes_framing_and_moves_to_authenticate", () => {
    const s = openSession(SERVER, server());
    lcpOpen(s);
    expect(noted().includes("framing:0/0 phase:2")).toBe(true);
    expect(s.phase).toBe(Phase.Authenticate);
    expect((s.his.neg & (NEG_PFC | NEG_ACFC)) != 0).toBe(true);
  });

  it("echo_request_is_answered_with_our_magic_and_the_same_data", () => {
    const s = openSession(SERVER, server());
    lcpOpen(s);
    sent();
    feed(s, lcp("09", "2a", "c8035b35" + "abcd"));
    expect(sent()).toBe(lcp("0a", "2a", hex32(s.got.magic) + "abcd"));
    feed(s, lcp("0b", "2b", "c8035b35"));
    feed(s, lcp("0a", "2c", "c8035b35"));
    expect(sent()).toBe("");
  });

  it("echo_request_before_opened_is_dropped", () => {
    const s = openSession(SERVER, server());
    sent();
    feed(s, lcp("09", "01", "00000000"));
    expect(sent()).toBe("");
  });

  it("identification_and_time_remaining_are_logged_and_dropped", () => {
    const s = openSession(SERVER, server());
    lcpOpen(s);
    sent();
    feed(s, lcp("0c", "03", "c8035b35" + "4d5352415356352e3130"));
    feed(s, lcp("0d", "04", "c8035b35" + "00000e10"));
    expect(sent()).toBe("");
    expect(traces.join("\n").includes("LCP: I IDENTIFY (dropped), magic 0xc8035b35")).toBe(true);
  });

  it("unknown_code_is_code_rejected_with_the_packet", () => {
    const s = openSession(SERVER, server());
    lcpOpen(s);
    sent();
    feed(s, lcp("2a", "05", "0102"));
    expect(sent()).toBe(lcp("07", "02", "2a0500060102"));
  });

  it("code_reject_of_an_extension_is_permitted_of_a_base_code_is_fatal", () => {
    const s = openSession(SERVER, server());
    lcpOpen(s);
    feed(s, lcp("07", "09", "0c0300080000"));
    expect(s.lcp.state).toBe(FsmState.Opened);
    sent();
    feed(s, lcp("07", "0a", "0901000800000000"));
    expect(s.lcp.state).toBe(FsmState.Stopping);
    expect(sent()).toBe("ff03c021050200105573657220726571756573" + "74");
  });

  it("terminate_request_is_acked_and_the_link_goes_down_after_a_restart_period", () => {
    const s = openSession(SERVER, server());
    lcpOpen(s);
    sent();
    noted();
    feed(s, lcp("05", "07", "55736572"));
    expect(sent()).toBe(lcp("06", "07", ""));
    expect(s.phase).toBe(Phase.Terminate);
    sessionTickAt(s, 3000);
    expect(noted().includes("down:" + LinkDownReason.PeerTerminated.toString())).toBe(true);
    expect(s.active).toBe(0);
  });
});

describe("lcp network phase", () => {
  it("unknown_protocols_get_protocol_reject_in_network_phase_only", () => {
    const s = openSession(SERVER, openServer());
    sent();
    feed(s, "ff038057010100040000");
    expect(sent()).toBe("");
    expect(s.discarded).toBe(1);
    lcpOpen(s);
    expect(s.phase).toBe(Phase.Network);
    sent();
    feed(s, "ff038057010100080102");
    expect(sent()).toBe(lcp("08", "02", "8057010100080102"));
    expect(s.protocolRejectsSent).toBe(1);
  });

  it("protocol_reject_of_ipcp_stops_it", () => {
    const s = openSession(SERVER, openServer());
    lcpOpen(s);
    expect(s.ipcp.state).toBe(FsmState.RequestSent);
    sent();
    feed(s, lcp("08", "44", "8021" + "0101000a0306" + "0a010101"));
    expect(s.ipcp.state).toBe(FsmState.Stopped);
    expect(s.lcp.state).toBe(FsmState.Opened);
  });
});

import { sessionTick } from "../../../assembly/protocol/session";
import { Session } from "../../../assembly/protocol/session-state";
function sessionTickAt(s: Session, now: f64): void {
  sessionTick(s, now);
}
