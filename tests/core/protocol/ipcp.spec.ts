import { FsmState } from "../../../assembly/protocol/fsm";
import { openSession, options, feed, sent, noted, lcpOpen, ackOurIpcpRequest } from "../support/session";

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
