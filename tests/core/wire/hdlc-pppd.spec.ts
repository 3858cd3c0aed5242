import { ACCM_DEFAULT } from "../../../assembly/wire/hdlc";
import { hexBytes, ptrOf } from "../support/bytes";
import { feedCut, feedPieces, specDecoder } from "../support/hdlc-feed";

// Every byte a real pppd 2.4.9 sent on its serial line with nobody answering: three LCP
// Configure-Requests (asyncmap 0, magic 61252E3D, pcomp, accomp; same id on retransmit),
// stuffed with the default ACCM. Copied from tests/fixtures/pppd/lcp-confreq.hex (see its
// README for how it was captured); a host test keeps the two equal.
// fixture:begin
const PPPD_LCP_CAPTURE =
  "7eff7d23c0217d217d217d207d347d227d267d207d207d207d207d257d266125" +
  "2e3d7d277d227d287d22d6c47e7eff7d23c0217d217d217d207d347d227d267d" +
  "207d207d207d207d257d2661252e3d7d277d227d287d22d6c47e7eff7d23c021" +
  "7d217d217d207d347d227d267d207d207d207d207d257d2661252e3d7d277d22" +
  "7d287d22d6c47e";
// fixture:end

// The same request unstuffed, FCS removed: FF 03 C0 21, code 1 id 1 len 20, then options
// 02 06 00000000 (ACCM), 05 06 61252E3D (magic), 07 02 (PFC), 08 02 (ACFC). RFC 1661 §6.
const CONFREQ = "ff03c021010100140206000000000506" + "61252e3d07020802";
const ALL = CONFREQ + "|" + CONFREQ + "|" + CONFREQ;

describe("hdlc decode of a real pppd capture", () => {
  it("whole_capture_gives_three_configure_requests_and_nothing_else", () => {
    const stream = hexBytes(PPPD_LCP_CAPTURE);
    const d = specDecoder(ACCM_DEFAULT);
    expect(feedPieces(d, ptrOf(stream), stream.length, stream.length)).toBe(ALL);
    expect(d.framesGood).toBe(3);
    expect(d.badFcs + d.runts + d.aborts + d.oversize + d.outsideBytes + d.deleted).toBe(0);
  });

  it("every_single_cut_point_gives_the_same_frames", () => {
    const stream = hexBytes(PPPD_LCP_CAPTURE);
    for (let cut = 0; cut <= stream.length; cut++) {
      const d = specDecoder(ACCM_DEFAULT);
      expect(feedCut(d, ptrOf(stream), stream.length, cut)).toBe(ALL, "cut at " + cut.toString());
      expect(d.framesGood).toBe(3);
    }
  });

  it("byte_at_a_time_and_odd_piece_sizes_give_the_same_frames", () => {
    const stream = hexBytes(PPPD_LCP_CAPTURE);
    for (let piece = 1; piece <= 17; piece++) {
      const d = specDecoder(ACCM_DEFAULT);
      expect(feedPieces(d, ptrOf(stream), stream.length, piece)).toBe(ALL, "pieces of " + piece.toString());
    }
  });

  it("a_flipped_bit_in_one_request_costs_that_frame_only", () => {
    const stream = hexBytes(PPPD_LCP_CAPTURE);
    stream[20] ^= 0x01; // inside the first request's stuffed options
    const d = specDecoder(ACCM_DEFAULT);
    expect(feedPieces(d, ptrOf(stream), stream.length, 7)).toBe(CONFREQ + "|" + CONFREQ);
    expect(d.badFcs).toBe(1);
  });
});
