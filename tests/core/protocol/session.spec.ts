import { Phase, LinkDownReason } from "../../../assembly/protocol/session-state";
import { sessionClose, sessionLowerDown, sessionOpen } from "../../../assembly/protocol/session";
import { configLoad, PppConfig, CONFIG_BYTES } from "../../../assembly/protocol/config";
import { FsmState } from "../../../assembly/protocol/fsm";
import { openSession, options, feed, sent, noted, lcpOpen, traces, captured, hex32, tickTo } from "../support/session";
import { ptrOf } from "../support/bytes";

const SERVER: u32 = 0;

describe("session", () => {
  it("options_shorter_than_the_fixed_fields_or_with_long_texts_are_refused", () => {
    const cfg = changetype<PppConfig>(heap.alloc(CONFIG_BYTES));
    const block = options(1, 0, 0, 0, 0, 0, "ted", "x", "");
    expect(configLoad(cfg, ptrOf(block), 23)).toBe(false);
    expect(configLoad(cfg, ptrOf(block), 24)).toBe(true);
    expect(cfg.userLen).toBe(3);
    store<u8>(ptrOf(block), 33, 20);
    expect(configLoad(cfg, ptrOf(block), block.length)).toBe(false);
  });

  it("open_traces_the_phase_and_the_first_request", () => {
    openSession(SERVER, options(0, 0, 0, 0, 0, 1, "", "", ""));
    expect(traces[0]).toBe("As1 PPP: Phase is ESTABLISHING");
    expect(traces[1]).toBe("As1 LCP: O CONFREQ [Closed] id 1 len 20");
    expect(noted()).toBe("phase:1");
  });

  it("close_before_lcp_opened_sends_terminate_and_ends_after_max_terminate", () => {
    const s = openSession(SERVER, options(0, 0, 0, 0, 0, 0, "", "", ""));
    sent();
    noted();
    sessionClose(s, LinkDownReason.LocalClose);
    expect(sent()).toBe("ff03c0210502001055736572207265717565737" + "4");
    expect(s.lcp.state).toBe(FsmState.Closing);
    tickTo(s, 3000);
    expect(sent()).toBe("ff03c0210503001055736572207265717565737" + "4");
    tickTo(s, 6000);
    expect(noted()).toBe("phase:5 phase:0 down:2");
    expect(s.active).toBe(0);
    expect(tickTo(s, 9000)).toBe(-1);
  });

  it("lower_down_ends_the_session_at_once_and_it_can_open_again", () => {
    const s = openSession(SERVER, options(0, 0, 0, 0, 0, 0, "", "", ""));
    lcpOpen(s);
    noted();
    sessionLowerDown(s, LinkDownReason.LocalClose);
    expect(s.active).toBe(0);
    expect(s.phase).toBe(Phase.Dead);
    expect(noted().endsWith("down:2")).toBe(true);
    const block = options(0, 0, 0, 0, 0, 0, "", "", "");
    expect(sessionOpen(s, SERVER, ptrOf(block), block.length, 0)).toBe(true);
    expect(s.lcp.state).toBe(FsmState.RequestSent);
    expect(s.loopbacks).toBe(0);
  });

  it("our_own_magic_coming_back_max_failure_times_is_a_loop", () => {
    const s = openSession(SERVER, options(0, 0, 0, 0, 0, 0, "", "", ""));
    for (let i = 0; i < 5; i++) {
      feed(s, "ff03c02101" + "0" + i.toString() + "000a0506" + hex32(s.got.magic));
    }
    expect(s.loopbacks).toBe(5);
    expect(s.downReason).toBe(LinkDownReason.Loopback);
  });

  it("frames_of_other_protocols_are_discarded_until_lcp_is_open", () => {
    const s = openSession(SERVER, options(1, 0, 0, 0, 0, 0, "", "", ""));
    sent();
    feed(s, "ff03c0230101000f03636c6906733363726574");
    feed(s, "ff038021010100040000");
    feed(s, "ff03002145");
    expect(s.discarded).toBe(3);
    expect(sent()).toBe("");
    lcpOpen(s);
    feed(s, "ff038021010100040000"); // authenticate phase: IPCP still discarded
    expect(s.discarded).toBe(4);
  });
});

describe("session capture", () => {
  it("capture_flag_reports_frames_in_and_out_as_they_are_on_the_link", () => {
    const s = openSession(SERVER, options(0, 0, 0, 0, 0, 2, "", "", ""));
    feed(s, "c021" + "0901000800000000"); // ACFC form, before LCP is open: reported, then dropped
    expect(captured.length).toBe(2);
    expect(captured[0].startsWith("O:ff03c02101")).toBe(true);
    expect(captured[1]).toBe("I:c021" + "0901000800000000");
    expect(traces.length).toBe(0);
  });
});
