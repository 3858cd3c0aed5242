import { Phase, LinkDownReason, Session } from "../../../assembly/protocol/session-state";
import { sessionClose, sessionLowerDown, sessionOpen, sessionAuthResult } from "../../../assembly/protocol/session";
import { authUserAdd, authModeSet } from "../../../assembly/protocol/auth";
import { configLoad, PppConfig, CONFIG_BYTES } from "../../../assembly/protocol/config";
import { FsmState } from "../../../assembly/protocol/fsm";
import { openSession, options, feed, sent, noted, lcpOpen, traces, captured, hex32, tickTo, ackOurIpcpRequest, ownerEndsOn, endSeen,
  lastToken } from "../support/session";
import { ptrOf, asciiBytes } from "../support/bytes";

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

// The owner may ask to end the session from inside an upcall (the line does when the wrong
// user authenticates on a callback leg, or when it calls back by `ppp callback initiate`):
// the request waits until the call that made the upcall returns, and nothing new starts.
const PAP_REQUEST = "ff03c0230101000f03636c6906733363726574";
const PAP_ACK_COMPRESSED = "c0230201000d084c6f67696e206f6b";
const TERMINATE_USER_REQUEST = "ff03c0210502001055736572207265717565737" + "4";

function papServer(): Session {
  const s = openSession(SERVER, options(1, 0, 0, 0, 0, 0, "", "", ""));
  const n = asciiBytes("cli");
  const p = asciiBytes("s3cret");
  authUserAdd(ptrOf(n), n.length, ptrOf(p), p.length, 0);
  lcpOpen(s);
  sent();
  noted();
  return s;
}

describe("session owner requests", () => {
  it("an_authentication_that_times_out_in_tick_returns_the_terminate_timer_as_the_next_deadline", () => {
    // The PAP wait runs out inside sessionTick: the close it causes arms LCP's restart timer,
    // and tick must say so, or a host that sleeps until the deadline never sends the retry.
    const s = openSession(SERVER, options(1, 0, 0, 0, 0, 0, "", "", ""));
    lcpOpen(s);
    sent();
    let now: f64 = 0;
    let next = tickTo(s, now);
    while (s.lcp.state == FsmState.Opened && next >= 0 && now < 600000) {
      now = next;
      next = tickTo(s, now);
    }
    expect(s.lcp.state).toBe(FsmState.Closing);
    expect(next).toBeGreaterThan(now);
    expect(next).toBeLessThanOrEqual(now + 3000);
  });

  it("close_asked_in_auth_succeeded_runs_after_the_frame_and_no_network_phase_starts", () => {
    const s = papServer();
    ownerEndsOn("authOk", false);
    feed(s, PAP_REQUEST);
    expect(endSeen).toBe("lcp:9 ipcp:0 phase:2");
    expect(sent()).toBe(PAP_ACK_COMPRESSED + "|" + TERMINATE_USER_REQUEST);
    expect(noted()).toBe("authOk:0:c023:636c69 phase:5 framing:ffffffff/ffffffff");
    expect(s.lcp.state).toBe(FsmState.Closing);
    expect(s.downReason).toBe(LinkDownReason.LocalClose);
  });

  it("close_asked_in_ipcp_up_does_not_reenter_the_automata_until_the_frame_is_handled", () => {
    const s = openSession(SERVER, options(0, 0, 0, 0, 0, 0, "", "", ""));
    lcpOpen(s);
    feed(s, "ff038021010100" + "0a03060a010102");
    sent();
    noted();
    ownerEndsOn("ipcpUp", false);
    ackOurIpcpRequest(s);
    expect(endSeen).toBe("lcp:9 ipcp:9 phase:4");
    expect(noted()).toBe("ipcpUp:a010101:a010102 phase:5 ipcpDown framing:ffffffff/ffffffff");
    expect(sent()).toBe(TERMINATE_USER_REQUEST);
    expect(s.lcp.state).toBe(FsmState.Closing);
    expect(s.ipcp.state).toBe(FsmState.Starting);
  });

  it("lower_down_asked_in_an_upcall_ends_the_session_once_the_frame_is_handled", () => {
    const s = papServer();
    ownerEndsOn("authOk", true);
    feed(s, PAP_REQUEST);
    expect(endSeen).toBe("lcp:9 ipcp:0 phase:2");
    expect(sent()).toBe(PAP_ACK_COMPRESSED);
    expect(noted()).toBe("authOk:0:c023:636c69 framing:ffffffff/ffffffff phase:5 phase:0 down:2");
    expect(s.active).toBe(0);
  });

  it("close_asked_while_the_host_answer_is_taken_runs_after_it", () => {
    const s = papServer();
    authModeSet(2);
    ownerEndsOn("authOk", false);
    feed(s, PAP_REQUEST);
    expect(noted()).toBe("authAsk:c023:636c69:733363726574");
    expect(sessionAuthResult(s, true, lastToken + 1)).toBe(false);
    expect(sent()).toBe("");
    expect(sessionAuthResult(s, true, lastToken)).toBe(true);
    expect(endSeen).toBe("lcp:9 ipcp:0 phase:2");
    expect(sent()).toBe(PAP_ACK_COMPRESSED + "|" + TERMINATE_USER_REQUEST);
    expect(sessionAuthResult(s, true, lastToken)).toBe(false);
  });
});
