// ARAP sessions, server against client (support/arap-pair.ts): the exchange of RFC 2869 §2.2
// in both directions, refusals, the callback notice, the host's AAA answer, version and
// packet errors, and the key layout. Known answers for the DES step were computed with
// OpenSSL (des-ede3-ecb with the key three times, which is single DES).

import {
  server, client, arapPair, arapStart, arapRun, inject, joined, notes, traces, askedToken, askedData, setPiece, setServerNext, setServerMute,
} from "../support/arap-pair";
import { ArapState, ArapNext, ARAP_TRIES, ARAP_ACK_WAIT_MS, ARAP_AAA_WAIT_MS } from "../../../assembly/protocol/arap-session-state";
import { arapSessionDatagramOut } from "../../../assembly/protocol/arap-session";
import { arapSessionAuthResult } from "../../../assembly/protocol/arap-server";
import { arapSessionZonesSeen } from "../../../assembly/protocol/arap-client";
import { arapResponse, ArapKeyLayout, arapKeyFrom } from "../../../assembly/protocol/arap-auth";
import {
  ArapCloseReason, arapAuthRequestParse, ArapAuthRequestView, arapStartInfoParse, ArapStartView, arapZoneListCount, arapAssemble,
  arapAssemblerInit, ArapAssembler,
} from "../../../assembly/wire/arap-message";
import { asciiBytes, hexBytes, ptrOf, toHex } from "../support/bytes";

const out = heap.alloc(16);

describe("arap auth", () => {
  it("des_responses_match_known_answers_in_both_layouts", () => {
    const pw = asciiBytes("guenivere");
    const block = hexBytes("0001020304050607");
    expect(arapResponse(ptrOf(pw), pw.length, ArapKeyLayout.AsIs, ptrOf(block), out)).toBe(true);
    expect(toHex(out, 8)).toBe("c5cdebf5ee565fa6", "a 9-octet password keys with its first 8");
    expect(arapResponse(ptrOf(pw), pw.length, ArapKeyLayout.Shifted, ptrOf(block), out)).toBe(true);
    expect(toHex(out, 8)).toBe("6991592e92f56a1e");
    const short = asciiBytes("Rhoda");
    expect(arapResponse(ptrOf(short), short.length, ArapKeyLayout.AsIs, ptrOf(hexBytes("f0e1d2c3b4a59687")), out)).toBe(true);
    expect(toHex(out, 8)).toBe("86efcd9879e69e94", "NUL-padded to 8");
    expect(arapKeyFrom(ptrOf(short), 0, ArapKeyLayout.AsIs, out)).toBe(false, "no password, no key");
  });
});

describe("arap session", () => {
  it("the_whole_exchange_opens_both_sides_with_the_network_and_zone", () => {
    arapPair(["excalibur", "guenivere"]);
    arapStart("excalibur", "guenivere");
    arapRun(500);
    expect(server.state).toBe(ArapState.Open);
    expect(client.state).toBe(ArapState.Open);
    expect(joined()).toBe("S:ok:excalibur: S:open C:ok:excalibur: C:open");
    expect(client.peerNetwork).toBe(422);
    expect(client.peerNode).toBe(4);
    expect(arapSessionZonesSeen(client)).toBe(1);
    expect(client.version).toBe(0x0200);
    // The order of RFC 2869 §2.2 and Cisco's trace, each control message acknowledged.
    let order = "";
    for (let i = 0; i < traces.length; i++) {
      if (traces[i].startsWith("TTY4 ARAP: O") && !traces[i].includes(" ACK ")) order += traces[i].substring(13).split(" ")[0] + " ";
    }
    expect(order).toBe("SRVRVERSION AUTH_CHALLENGE AUTH_RESPONSE FEATURES STARTINFOFROMSERVER ZONELISTINFO ");
    expect(server.waitingSince).toBe(-1, "every message acknowledged");
    expect(client.waitingSince).toBe(-1);
  });

  it("delivered_one_octet_at_a_time_it_comes_out_the_same", () => {
    arapPair(["excalibur", "guenivere"]);
    setPiece(1);
    arapStart("excalibur", "guenivere", "5551234");
    arapRun(500);
    expect(joined()).toBe("S:ok:excalibur:5551234 S:open C:ok:excalibur: C:open");
  });

  it("a_wrong_password_gets_fresh_challenges_then_a_refusal_and_no_session", () => {
    arapPair(["excalibur", "guenivere"]);
    arapStart("excalibur", "lancelot");
    arapRun(1000);
    expect(joined()).toBe(
      "S:fail:excalibur:1 C:fail:excalibur:1 S:fail:excalibur:2 C:fail:excalibur:2 S:fail:excalibur:3 S:close:1 C:fail:excalibur:3 C:close:9",
    );
    expect(server.state).toBe(ArapState.Closing);
    expect(ARAP_TRIES).toBe(3);
  });

  it("an_unknown_user_is_refused_like_a_wrong_password", () => {
    arapPair(["excalibur", "guenivere"]);
    arapStart("mordred", "guenivere");
    arapRun(1000);
    expect(notes.includes("S:ok:mordred:")).toBe(false);
    expect(server.closeReason).toBe(ArapCloseReason.AuthFailed);
  });

  it("the_key_layout_must_agree_on_both_sides", () => {
    arapPair(["excalibur", "guenivere"]);
    arapStart("excalibur", "guenivere", "", ArapKeyLayout.Shifted, ArapKeyLayout.AsIs);
    arapRun(1000);
    expect(server.closeReason).toBe(ArapCloseReason.AuthFailed);
    arapPair(["excalibur", "guenivere"]);
    arapStart("excalibur", "guenivere", "", ArapKeyLayout.Shifted, ArapKeyLayout.Shifted);
    arapRun(500);
    expect(server.state).toBe(ArapState.Open);
  });

  it("a_callback_decision_sends_the_notice_and_closes_without_start_up", () => {
    arapPair(["excalibur", "guenivere"]);
    setServerNext(ArapNext.Callback);
    arapStart("excalibur", "guenivere");
    arapRun(500);
    expect(joined()).toBe("S:ok:excalibur: S:close:3 C:ok:excalibur: C:callback C:close:9");
    expect(arapSessionZonesSeen(client)).toBe(0);
  });

  it("a_refused_leg_closes_as_wrong_user", () => {
    arapPair(["excalibur", "guenivere"]);
    setServerNext(ArapNext.Refuse);
    arapStart("excalibur", "guenivere");
    arapRun(500);
    expect(server.closeReason).toBe(ArapCloseReason.WrongUser);
    expect(client.state).toBe(ArapState.Closing);
  });

  it("in_host_mode_the_host_gets_name_cn_cc_rc_and_its_rs_reaches_the_client", () => {
    arapPair([], 2);
    arapStart("excalibur", "guenivere");
    arapRun(200);
    expect(server.state).toBe(ArapState.AuthWait);
    const parts = askedData.split(":");
    expect(parts[0]).toBe(toHex(ptrOf(asciiBytes("excalibur")), 9));
    const data = hexBytes(parts[1]);
    expect(data.length).toBe(24);
    // The host proves the client as RADIUS would (Rc = DES(K, Cn)) and answers Rs = DES(K, Cc).
    const pw = asciiBytes("guenivere");
    arapResponse(ptrOf(pw), pw.length, ArapKeyLayout.AsIs, ptrOf(data), out);
    expect(toHex(out, 8)).toBe(toHex(ptrOf(data) + 16, 8));
    arapResponse(ptrOf(pw), pw.length, ArapKeyLayout.AsIs, ptrOf(data) + 8, out);
    expect(arapSessionAuthResult(server, true, askedToken + 1, out, 0)).toBe(false, "another question's token");
    expect(arapSessionAuthResult(server, true, askedToken, out, 0)).toBe(true);
    expect(arapSessionAuthResult(server, true, askedToken, out, 0)).toBe(false, "answered already");
    arapRun(500);
    expect(client.state).toBe(ArapState.Open);
  });

  it("a_server_that_answers_with_the_wrong_rs_is_not_believed", () => {
    arapPair([], 2);
    arapStart("excalibur", "guenivere");
    arapRun(200);
    memory.fill(out, 0x5a, 8);
    arapSessionAuthResult(server, true, askedToken, out, 0);
    arapRun(500);
    expect(client.closeReason).toBe(ArapCloseReason.ServerNotAuthentic);
    expect(notes.includes("C:open")).toBe(false);
  });

  it("a_host_that_never_answers_counts_as_a_refusal", () => {
    arapPair([], 2);
    arapStart("excalibur", "guenivere");
    arapRun(ARAP_AAA_WAIT_MS + 500);
    expect(notes[0]).toBe("S:ask:excalibur");
    expect(notes[1]).toBe("S:fail:excalibur:1");
    expect(server.state).toBe(ArapState.AuthWait, "asked again with a fresh challenge");
  });

  it("datagrams_flow_once_open", () => {
    arapPair(["excalibur", "guenivere"]);
    arapStart("excalibur", "guenivere");
    arapRun(300);
    const d = hexBytes("0017000102030405");
    expect(arapSessionDatagramOut(client, ptrOf(d), d.length, 0)).toBe(true);
    arapRun(100);
    expect(notes[notes.length - 1]).toBe("S:ddp:0017000102030405");
  });

  it("a_peer_that_acknowledges_nothing_is_closed_as_timed_out", () => {
    arapPair(["excalibur", "guenivere"]);
    setServerMute(true);
    arapStart("excalibur", "guenivere");
    arapRun(ARAP_ACK_WAIT_MS + 1000);
    expect(client.closeReason).toBe(ArapCloseReason.Timeout);
  });

  it("versions_we_do_not_speak_end_the_session", () => {
    arapPair(["excalibur", "guenivere"]);
    arapStart("excalibur", "guenivere");
    // Before any server message: a SRVRVERSION offering 3.0..4.0.
    inject(client, "0008 10 00 0001 0300 0400");
    expect(client.closeReason).toBe(ArapCloseReason.Version);
    arapPair(["excalibur", "guenivere"]);
    arapStart("excalibur", "guenivere");
    inject(server, "0006 10 00 0002 0050");
    expect(server.closeReason).toBe(ArapCloseReason.Version);
  });

  it("bad_packets_of_every_kind_end_the_session_as_a_protocol_error_without_a_trap", () => {
    const forged: string[] = [
      "0000", // length 0
      "ffff", // longer than any packet
      "0003 10 00 00", // control header cut short
      "0004 10 00 00ff", // an unknown code
      "0004 10 00 0004", // AUTH_REQUEST with no body
      "000a 10 00 0004 05 6578636131", // a name, then nothing
      "0006 10 00 0003 0102", // AUTH_CHALLENGE body short
      "0004 10 00 000a", // ZONELIST before its time
    ];
    for (let i = 0; i < forged.length; i++) {
      arapPair(["excalibur", "guenivere"]);
      arapStart("excalibur", "guenivere");
      inject(server, forged[i]);
      inject(client, forged[i]);
      expect(server.state == ArapState.Closing || server.state == ArapState.Version).toBe(true);
      expect(client.state).toBe(ArapState.Closing, forged[i]);
    }
  });
});

describe("arap message codecs", () => {
  it("an_auth_request_of_every_truncated_length_is_refused", () => {
    const body = hexBytes("09" + toHex(ptrOf(asciiBytes("excalibur")), 9) + "0001020304050607" + "08090a0b0c0d0e0f" + "03353535");
    const v = changetype<ArapAuthRequestView>(heap.alloc(offsetof<ArapAuthRequestView>()));
    expect(arapAuthRequestParse(ptrOf(body), body.length, v)).toBe(true);
    expect(v.nameLen).toBe(9);
    expect(v.numberLen).toBe(3);
    for (let n = 0; n < body.length; n++) expect(arapAuthRequestParse(ptrOf(body), n, v)).toBe(false);
    const longName = hexBytes("20" + "41".repeat(32) + "00".repeat(16) + "00");
    expect(arapAuthRequestParse(ptrOf(longName), longName.length, v)).toBe(false, "names are at most 31 octets");
  });

  it("start_info_and_zone_lists_are_checked_field_by_field", () => {
    const start = hexBytes("01a6" + "04" + "0b" + toHex(ptrOf(asciiBytes("router test")), 11) + "06" + toHex(ptrOf(asciiBytes("Router")), 6) + "00");
    const v = changetype<ArapStartView>(heap.alloc(offsetof<ArapStartView>()));
    expect(arapStartInfoParse(ptrOf(start), start.length, v)).toBe(true);
    expect(v.network).toBe(422);
    for (let n = 0; n < start.length; n++) expect(arapStartInfoParse(ptrOf(start), n, v)).toBe(false);
    const zones = hexBytes("02" + "0161" + "026263");
    expect(arapZoneListCount(ptrOf(zones), zones.length)).toBe(2);
    expect(arapZoneListCount(ptrOf(zones), zones.length - 1)).toBe(-1);
    expect(arapZoneListCount(ptrOf(hexBytes("ff")), 1)).toBe(-1);
  });

  it("the_packet_stream_is_cut_back_into_packets_at_any_split", () => {
    const stream = hexBytes("0003414243" + "0001ff" + "0002aabb");
    for (let cut = 0; cut <= stream.length; cut++) {
      const a = changetype<ArapAssembler>(heap.alloc(offsetof<ArapAssembler>()));
      arapAssemblerInit(a, heap.alloc(16), 16);
      let got = "";
      const ends: i32[] = [cut, stream.length];
      let at = 0;
      for (let e = 0; e < 2; e++) {
        while (at < ends[e]) {
          at += arapAssemble(a, ptrOf(stream) + <usize>at, ends[e] - at);
          if (a.packetReady) got += toHex(a.buf, a.packetLen) + "|";
        }
      }
      expect(got).toBe("414243|ff|aabb|");
    }
  });
});
