import { FsmState } from "../../../assembly/protocol/fsm";
import { LinkDownReason, Phase } from "../../../assembly/protocol/session-state";
import {
  openSession, options, feed, sent, noted, lcpOpen, ackOurIpcpRequest, ackOurLcpRequest, withServers, ownerAddresses, offerAsked, PPPD_CONFREQ,
} from "../support/session";

const SERVER: u32 = 0;
const CLIENT: u32 = 1;

// After pppd's LCP request ACFC and PFC are agreed, so IPCP goes out as `80 21 …`.
function ipcp(code: string, id: string, dataHex: string): string {
  const len = 4 + dataHex.length / 2;
  return "8021" + code + id + (len < 16 ? "000" : "00") + len.toString(16) + dataHex;
}

describe("ipcp server", () => {
  it("sends_its_address_and_gives_the_peer_its_own_by_nak", () => {
    const s = openSession(SERVER, options(0, 0, 0, 0, 0, 0, "", "", ""));
    lcpOpen(s);
    expect(sent().endsWith(ipcp("01", "01", "03060a010101"))).toBe(true);
    // protocols.md §4 (observed): ConfReq 0.0.0.0 → ConfNak with the address → ConfReq → ConfAck.
    feed(s, "ff03" + ipcp("01", "01", "030600000000"));
    expect(sent()).toBe(ipcp("03", "01", "03060a010102"));
    feed(s, "ff03" + ipcp("01", "02", "03060a010102"));
    expect(sent()).toBe(ipcp("02", "02", "03060a010102"));
    noted();
    ackOurIpcpRequest(s);
    expect(noted()).toBe("ipcpUp:a010101:a010102");
    expect(s.ipcp.state).toBe(FsmState.Opened);
  });

  it("vj_compression_and_dns_are_rejected_before_any_nak", () => {
    const s = openSession(SERVER, options(0, 0, 0, 0, 0, 0, "", "", ""));
    lcpOpen(s);
    sent();
    feed(s, "ff03" + ipcp("01", "01", "0206002d0f01" + "030600000000" + "810600000000"));
    expect(sent()).toBe(ipcp("04", "01", "0206002d0f01" + "810600000000"));
  });

  it("datagrams_flow_only_once_ipcp_is_open_and_compressed_headers_are_accepted", () => {
    const s = openSession(SERVER, options(0, 0, 0, 0, 0, 0, "", "", ""));
    lcpOpen(s);
    feed(s, "21" + "4500");
    expect(s.discarded).toBe(1);
    feed(s, "ff03" + ipcp("01", "02", "03060a010102"));
    ackOurIpcpRequest(s);
    noted();
    feed(s, "21" + "4500");
    feed(s, "0021" + "4501");
    feed(s, "ff030021" + "4502");
    expect(noted()).toBe("ip:4500 ip:4501 ip:4502");
  });

  it("malformed_ipcp_options_drop_the_packet", () => {
    const s = openSession(SERVER, options(0, 0, 0, 0, 0, 0, "", "", ""));
    lcpOpen(s);
    sent();
    feed(s, "ff03" + ipcp("01", "01", "0300"));
    feed(s, "ff03" + ipcp("01", "01", "0308000000"));
    expect(sent()).toBe("");
    expect(s.ipcp.badPackets).toBe(2);
  });
});

describe("ipcp client", () => {
  it("asks_for_an_address_and_takes_the_one_offered", () => {
    const s = openSession(CLIENT, options(0, 0, 0, 0, 0, 0, "", "", "", 0, 0));
    lcpOpen(s);
    expect(sent().endsWith(ipcp("01", "01", "030600000000"))).toBe(true);
    feed(s, "ff03" + ipcp("03", "01", "03060a010102"));
    expect(sent()).toBe(ipcp("01", "02", "03060a010102"));
    feed(s, "ff03" + ipcp("01", "07", "03060a010101"));
    expect(sent()).toBe(ipcp("02", "07", "03060a010101"));
    noted();
    ackOurIpcpRequest(s);
    expect(noted()).toBe("ipcpUp:a010102:a010101");
  });
});

// RFC 1877 servers as a Windows client asks for them: 129 DNS, 130 NBNS, 131 DNS 2, 132 NBNS 2, each 0.0.0.0.
const ASK_SERVERS = "810600000000" + "820600000000" + "830600000000" + "840600000000";
const DNS1: u32 = 0xc0000235; // 192.0.2.53
const DNS2: u32 = 0xc0000236;
const WINS1: u32 = 0xc0000237;

describe("ipcp server: rfc 1877 name servers", () => {
  it("a_peer_asking_for_dns_and_nbns_gets_ours_by_nak_and_its_next_request_is_acked", () => {
    const s = openSession(SERVER, withServers(options(0, 0, 0, 0, 0, 0, "", "", ""), DNS1, DNS2, WINS1, 0));
    lcpOpen(s);
    sent();
    // No secondary NBNS configured: that one is rejected first (RFC 1661 §5.4: Reject before Nak).
    feed(s, "ff03" + ipcp("01", "01", "030600000000" + ASK_SERVERS));
    expect(sent()).toBe(ipcp("04", "01", "840600000000"));
    feed(s, "ff03" + ipcp("01", "02", "030600000000" + "810600000000" + "820600000000" + "830600000000"));
    expect(sent()).toBe(ipcp("03", "02", "03060a010102" + "8106c0000235" + "8206c0000237" + "8306c0000236"));
    feed(s, "ff03" + ipcp("01", "03", "03060a010102" + "8106c0000235" + "8206c0000237" + "8306c0000236"));
    expect(sent()).toBe(ipcp("02", "03", "03060a010102" + "8106c0000235" + "8206c0000237" + "8306c0000236"));
    noted();
    ackOurIpcpRequest(s);
    expect(noted()).toBe("ipcpUp:a010101:a010102");
  });

  it("a_wrong_server_address_is_naked_with_ours", () => {
    const s = openSession(SERVER, withServers(options(0, 0, 0, 0, 0, 0, "", "", ""), DNS1, 0, 0, 0));
    lcpOpen(s);
    sent();
    feed(s, "ff03" + ipcp("01", "01", "03060a010102" + "810608080808"));
    expect(sent()).toBe(ipcp("03", "01", "8106c0000235"));
  });

  it("with_no_servers_configured_every_server_option_is_rejected_and_the_address_still_naked_next", () => {
    const s = openSession(SERVER, options(0, 0, 0, 0, 0, 0, "", "", ""));
    lcpOpen(s);
    sent();
    feed(s, "ff03" + ipcp("01", "01", "030600000000" + ASK_SERVERS));
    expect(sent()).toBe(ipcp("04", "01", ASK_SERVERS));
    feed(s, "ff03" + ipcp("01", "02", "030600000000"));
    expect(sent()).toBe(ipcp("03", "02", "03060a010102"));
  });

  it("a_server_option_of_the_wrong_length_is_rejected_as_sent", () => {
    const s = openSession(SERVER, withServers(options(0, 0, 0, 0, 0, 0, "", "", ""), DNS1, 0, 0, 0));
    lcpOpen(s);
    sent();
    feed(s, "ff03" + ipcp("01", "02", "8108c00002350000" + "030600000000"));
    expect(sent()).toBe(ipcp("04", "02", "8108c00002350000"));
  });
});

describe("ipcp server: the owner's addresses", () => {
  it("the_owner_gives_the_peer_a_leased_address_which_the_nak_carries", () => {
    const s = openSession(SERVER, options(0, 0, 0, 0, 0, 0, "", "", "", 0x0a010101, 0));
    ownerAddresses(0x0a090005);
    lcpOpen(s);
    expect(offerAsked).toBe("a010101:0:0");
    sent();
    feed(s, "ff03" + ipcp("01", "01", "030600000000"));
    expect(sent()).toBe(ipcp("03", "01", "03060a090005"));
    feed(s, "ff03" + ipcp("01", "02", "0306c0a80132"));
    expect(sent()).toBe(ipcp("03", "02", "03060a090005"), "another address asked for: the lease again");
    feed(s, "ff03" + ipcp("01", "03", "03060a090005"));
    ackOurIpcpRequest(s);
    expect(noted().endsWith("ipcpUp:a010101:a090005")).toBe(true);
  });

  it("an_owner_with_no_address_for_the_peer_ends_the_link_before_ipcp_sends_anything", () => {
    const s = openSession(SERVER, options(0, 0, 0, 0, 0, 0, "", "", "", 0x0a010101, 0));
    ownerAddresses(0, true);
    feed(s, PPPD_CONFREQ);
    ackOurLcpRequest(s);
    const out = sent();
    expect(out.includes("8021")).toBe(false, "no IPCP packet");
    expect(out.includes("c02105")).toBe(true, "LCP Terminate-Request");
    expect(s.downReason).toBe(LinkDownReason.NoAddress);
    expect(s.phase).toBe(Phase.Terminate);
    expect(s.ipcp.state).toBe(FsmState.Initial);
  });

  it("a_peer_that_may_choose_keeps_its_own_non_zero_address_and_asking_zero_gets_the_assigned_one", () => {
    const s = openSession(SERVER, withServers(options(0, 0, 0, 0, 0, 0, "", "", ""), 0, 0, 0, 0, 4));
    lcpOpen(s);
    expect(offerAsked).toBe("a010101:a010102:1");
    sent();
    feed(s, "ff03" + ipcp("01", "01", "030600000000"));
    expect(sent()).toBe(ipcp("03", "01", "03060a010102"));
    feed(s, "ff03" + ipcp("01", "02", "0306c0a80132"));
    expect(sent()).toBe(ipcp("02", "02", "0306c0a80132"));
    ackOurIpcpRequest(s);
    expect(noted().endsWith("ipcpUp:a010101:c0a80132")).toBe(true);
  });

  it("without_the_choice_a_different_address_is_naked_with_the_assigned_one", () => {
    const s = openSession(SERVER, options(0, 0, 0, 0, 0, 0, "", "", ""));
    lcpOpen(s);
    sent();
    feed(s, "ff03" + ipcp("01", "01", "0306c0a80132"));
    expect(sent()).toBe(ipcp("03", "01", "03060a010102"));
  });
});
