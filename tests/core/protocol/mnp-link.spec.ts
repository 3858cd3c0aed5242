// The MNP class 4 link (V.42 Annex A §A.7) between two of its own instances over the real
// framing codec (support/mnp-pair.ts): establishment and negotiation, data in order in both
// directions across sequence-number wrap, and recovery from damaged and lost frames.

import { a, b, now, pair, run, sendAll, pattern, sameBytes } from "../support/mnp-pair";
import {
  mnpOpen, mnpClose, mnpFrameIn, mnpSend, MnpRole, MnpState, MnpDownReason, MNP_T401_MS, MNP_N400, MNP_LR_WAIT_MS, MNP_SILENT_MS,
  MNP_KEEPALIVE_MS, MNP_WINDOW,
} from "../../../assembly/protocol/mnp-link";
import { hexBytes, ptrOf } from "../support/bytes";

// Our LR body (V.42 Table A.2): constant parameters, framing 2, k 4, N401 256, optimisation 3.
const OUR_LR = "17010201060100000000ff02010203010404020001080103";

function established(): void {
  pair();
  mnpOpen(a.link, MnpRole.Initiator, now);
  mnpOpen(b.link, MnpRole.Responder, now);
  run(200);
}

describe("mnp link: establishment", () => {
  it("lr_lr_la_brings_both_sides_to_the_data_phase", () => {
    established();
    expect(a.link.state).toBe(MnpState.Data);
    expect(b.link.state).toBe(MnpState.Data);
    expect(a.ups).toBe(1);
    expect(b.ups).toBe(1);
    expect(a.sent[0]).toBe(OUR_LR);
    expect(b.sent[0]).toBe(OUR_LR, "the responder answers with what it agreed: everything");
    expect(a.sent[1]).toBe("03050004", "the confirming LA: N(R) 0, N(k) k, fixed form");
    expect(a.link.window).toBe(MNP_WINDOW);
    expect(a.link.n401).toBe(256);
  });

  it("the_responder_lowers_k_and_n401_to_its_own_and_answers_only_what_it_understood", () => {
    pair();
    mnpOpen(b.link, MnpRole.Responder, now);
    // k 8, N401 512, no framing parameter, no optimisation, an unknown parameter 9.
    const lr = hexBytes("15" + "0102" + "01060100000000ff" + "030108" + "04020002" + "0902abcd");
    mnpFrameIn(b.link, ptrOf(lr), lr.length, true, now);
    expect(b.link.state).toBe(MnpState.LrAnswered);
    expect(b.link.window).toBe(4);
    expect(b.link.n401).toBe(256);
    expect(b.link.fixed).toBe(0);
    expect(b.sent[0]).toBe("11010201060100000000ff030104" + "04020001");
    const la = hexBytes("07050101000201" + "04");
    mnpFrameIn(b.link, ptrOf(la), la.length, true, now);
    expect(b.link.state).toBe(MnpState.Data);
  });

  it("a_wrong_constant_parameter_1_is_refused_with_ld_reason_2", () => {
    pair();
    mnpOpen(b.link, MnpRole.Responder, now);
    const lr = hexBytes("0a" + "0103" + "01060100000000ff");
    mnpFrameIn(b.link, ptrOf(lr), lr.length, true, now);
    expect(b.sent[0]).toBe("0402010102");
    expect(b.downReason).toBe(MnpDownReason.Refused);
    expect(b.ldReason).toBe(2);
  });

  it("an_lr_without_constant_parameter_2_is_refused_with_reason_3", () => {
    pair();
    mnpOpen(b.link, MnpRole.Responder, now);
    const lr = hexBytes("05" + "0102" + "030104");
    mnpFrameIn(b.link, ptrOf(lr), lr.length, true, now);
    expect(b.sent[0]).toBe("0402010103");
    expect(b.link.state).toBe(MnpState.Closed);
  });

  it("the_initiator_refuses_an_answer_above_its_offer", () => {
    pair();
    mnpOpen(a.link, MnpRole.Initiator, now);
    const lr = hexBytes("0d" + "0102" + "01060100000000ff" + "030109");
    mnpFrameIn(a.link, ptrOf(lr), lr.length, true, now);
    expect(a.sent[1]).toBe("0402010103");
    expect(a.downReason).toBe(MnpDownReason.Refused);
  });

  it("the_initiator_resends_its_lr_each_t401_and_gives_up_after_n400", () => {
    pair();
    mnpOpen(a.link, MnpRole.Initiator, now);
    run(MNP_T401_MS * (<f64>MNP_N400 + 2));
    expect(a.sent.length).toBe(<i32>MNP_N400 + 1);
    for (let i = 0; i < a.sent.length; i++) expect(a.sent[i]).toBe(OUR_LR);
    expect(a.downReason).toBe(MnpDownReason.NoLr);
  });

  it("a_responder_that_never_sees_an_lr_gives_up", () => {
    pair();
    mnpOpen(b.link, MnpRole.Responder, now);
    run(MNP_LR_WAIT_MS - 100);
    expect(b.link.state).toBe(MnpState.AwaitLr);
    run(200);
    expect(b.downReason).toBe(MnpDownReason.NoLr);
    expect(b.sent.length).toBe(0);
  });

  it("the_responder_resends_its_lr_once_on_a_bad_fcs_then_disconnects", () => {
    pair();
    mnpOpen(b.link, MnpRole.Responder, now);
    mnpOpen(a.link, MnpRole.Initiator, now);
    a.mute = true; // the initiator's LA never arrives
    run(50);
    expect(b.link.state).toBe(MnpState.LrAnswered);
    const junk = hexBytes("0305");
    mnpFrameIn(b.link, ptrOf(junk), 2, false, now);
    expect(b.sent.length).toBe(2);
    expect(b.sent[1]).toBe(OUR_LR);
    mnpFrameIn(b.link, ptrOf(junk), 2, false, now);
    expect(b.sent[2]).toBe("0402010101");
    expect(b.downReason).toBe(MnpDownReason.NoLr);
  });

  it("a_lost_confirming_la_is_replaced_by_the_first_lt", () => {
    pair();
    mnpOpen(b.link, MnpRole.Responder, now);
    mnpOpen(a.link, MnpRole.Initiator, now);
    a.dropEvery = 2; // LR arrives, the LA is lost, the LT arrives
    run(50);
    expect(a.link.state).toBe(MnpState.Data);
    expect(b.link.state).toBe(MnpState.LrAnswered);
    a.dropEvery = 0;
    expect(sendAll(a, pattern(10), 1000)).toBe(true);
    run(500);
    expect(b.link.state).toBe(MnpState.Data);
    expect(sameBytes(b.received, pattern(10))).toBe(true);
  });
});

describe("mnp link: data phase", () => {
  it("data_arrives_in_order_both_ways_across_sequence_wrap", () => {
    established();
    const big = pattern(300 * 256 + 17);
    expect(sendAll(a, big, 600000)).toBe(true);
    expect(sendAll(b, pattern(5000), 60000)).toBe(true);
    run(2000);
    expect(sameBytes(b.received, big)).toBe(true);
    expect(sameBytes(a.received, pattern(5000))).toBe(true);
    expect(a.link.retransmissions).toBe(0);
    expect(a.link.outstanding).toBe(0);
  });

  it("never_more_than_k_frames_are_outstanding", () => {
    established();
    b.mute = true; // no acknowledgement comes back
    mnpSend(a.link, ptrOf(hexBytes("00")), 0, now);
    const data = pattern(1024);
    const taken = mnpSend(a.link, changetype<usize>(data.dataStart), data.length, now);
    expect(taken).toBe(1024);
    run(100);
    expect(a.link.outstanding).toBe(MNP_WINDOW);
    expect(a.sent.length).toBe(2 + <i32>MNP_WINDOW);
  });

  it("damaged_frames_are_sent_again_and_the_data_arrives_intact", () => {
    established();
    a.corruptOneIn = 3;
    b.corruptOneIn = 4;
    const data = pattern(20000);
    expect(sendAll(a, data, 600000)).toBe(true);
    run(MNP_T401_MS * 8);
    expect(sameBytes(b.received, data)).toBe(true);
    expect(a.link.retransmissions).toBeGreaterThan(0);
    expect(b.link.outOfSequence).toBeGreaterThan(0);
    expect(b.decoder.badFcs + b.decoder.broken).toBeGreaterThan(0);
  });

  it("lost_frames_and_lost_acknowledgements_are_recovered_by_t401", () => {
    established();
    a.dropOneIn = 5;
    b.dropOneIn = 3;
    const data = pattern(8000);
    expect(sendAll(a, data, 600000)).toBe(true);
    run(MNP_T401_MS * 8);
    expect(sameBytes(b.received, data)).toBe(true);
    expect(a.link.timeouts + a.link.retransmissions).toBeGreaterThan(0);
  });

  it("nothing_acknowledged_for_n400_retransmissions_ends_the_link_with_an_ld", () => {
    established();
    b.mute = true;
    const data = pattern(100);
    mnpSend(a.link, changetype<usize>(data.dataStart), data.length, now);
    run(MNP_T401_MS * (<f64>MNP_N400 + 2));
    expect(a.downReason).toBe(MnpDownReason.RetryLimit);
    expect(a.sent[a.sent.length - 1]).toBe("0402010100");
    expect(a.link.retransmissions).toBe(MNP_N400);
  });

  it("an_idle_link_sends_keep_alive_las_and_a_silent_peer_ends_it", () => {
    established();
    const before = a.sent.length;
    run(MNP_KEEPALIVE_MS + 100);
    expect(a.sent.length).toBeGreaterThan(before, "a keep-alive LA");
    expect(a.link.state).toBe(MnpState.Data);
    b.mute = true;
    run(MNP_SILENT_MS + 100);
    expect(a.downReason).toBe(MnpDownReason.Silent);
  });

  it("an_ld_from_the_peer_ends_the_link_with_its_reason", () => {
    established();
    mnpClose(b.link, now);
    expect(b.downReason).toBe(MnpDownReason.LocalClose);
    run(50);
    expect(a.downReason).toBe(MnpDownReason.PeerDisconnected);
    expect(a.ldReason).toBe(255);
    expect(mnpSend(a.link, ptrOf(hexBytes("41")), 1, now)).toBe(0, "nothing is taken once the link is down");
  });

  it("a_peer_that_overruns_the_window_or_names_impossible_numbers_changes_nothing", () => {
    established();
    const hex2 = (n: u32): string => (n < 16 ? "0" : "") + n.toString(16);
    // LTs ahead of what b expects (beyond the credit it granted): dropped, counted, answered with an LA.
    const vr = b.link.vr;
    for (let ahead: u32 = 1; ahead < 256; ahead += 37) {
      const lt = hexBytes("0204" + hex2((vr + ahead) & 0xff) + "41");
      mnpFrameIn(b.link, ptrOf(lt), lt.length, true, now);
    }
    expect(b.link.vr).toBe(vr, "nothing out of sequence is taken");
    expect(b.link.outOfSequence).toBe(7);
    expect(b.received.length).toBe(0);
    // An LT whose information is longer than the negotiated N401: a bad frame, not data.
    let big = "0204" + hex2(vr);
    for (let i: u32 = 0; i <= b.link.n401; i++) big += "42";
    const long = hexBytes(big);
    mnpFrameIn(b.link, ptrOf(long), long.length, true, now);
    expect(b.link.badFrames).toBe(1);
    expect(b.link.vr).toBe(vr);
    // An LA that acknowledges frames a never sent, with the largest credit: nothing is freed,
    // and the credit does not lift a past its own window k.
    b.mute = true;
    const la = hexBytes("0305" + hex2((a.link.vs + 9) & 0xff) + "ff");
    mnpFrameIn(a.link, ptrOf(la), la.length, true, now);
    expect(a.link.outstanding).toBe(0);
    const data = pattern(2000);
    const taken = mnpSend(a.link, changetype<usize>(data.dataStart), data.length, now);
    expect(taken).toBeGreaterThanOrEqual(<i32>MNP_WINDOW * 256, "enough queued to fill the window");
    mnpFrameIn(a.link, ptrOf(la), la.length, true, now);
    run(100);
    // The first frames have left the queue: more data is taken but must wait for the window.
    const more = mnpSend(a.link, changetype<usize>(data.dataStart) + <usize>taken, data.length - taken, now);
    expect(more).toBeGreaterThan(0);
    mnpFrameIn(a.link, ptrOf(la), la.length, true, now);
    run(100);
    expect(a.link.outstanding).toBe(MNP_WINDOW);
    expect(a.link.state).toBe(MnpState.Data);
    expect(b.link.state).toBe(MnpState.Data);
    // Once b answers again, everything still arrives, in order.
    b.mute = false;
    run(20000);
    expect(b.received.length).toBe(taken + more);
    let inOrder = true;
    for (let i = 0; i < b.received.length; i++) if (b.received[i] != data[i]) inOrder = false;
    expect(inOrder).toBe(true);
  });

  it("malformed_and_unexpected_frames_in_every_state_change_nothing_and_never_trap", () => {
    established();
    const odd: string[] = ["0104", "02040941", "0305", "070501", "0601", "0207", "04044141", "ff04", "0002", "0c01", "17010201"];
    for (let i = 0; i < odd.length; i++) {
      const f = hexBytes(odd[i]);
      mnpFrameIn(a.link, ptrOf(f), f.length, true, now);
      mnpFrameIn(b.link, ptrOf(f), f.length, true, now);
    }
    expect(a.link.state).toBe(MnpState.Data);
    expect(b.link.state).toBe(MnpState.Data);
    expect(sendAll(a, pattern(600), 10000)).toBe(true);
    run(500);
    expect(sameBytes(b.received, pattern(600))).toBe(true);
  });
});
