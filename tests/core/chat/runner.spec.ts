import { compileTokens, lastStatus, newRunner, sent, events, traces, text } from "../support/chat";
import {
  ChatRunner, ChatResult, RunnerState, chatStart, chatInput, chatTick, chatCarrierLost, chatStop, chatSetDialCheck, chatRunnerWatchRing,
  chatSetOwner, CHAT_ABORT_RING,
} from "../../../assembly/chat/runner";
import { ChatProgram, ChatError, chatStatus } from "../../../assembly/chat/program";
import { dialNumberAllowed } from "../../../assembly/callback/dial-number";

const CANONICAL = ["ABORT", "ERROR", "ABORT", "BUSY", "", "ATZ", "OK", "ATDT \\T", "TIMEOUT", "30", "CONNECT", "\\c"];
const DIAL = text("5551234");

function start(tokens: string[], now: f64 = 0): ChatRunner {
  const p: ChatProgram = compileTokens(tokens);
  expect(lastStatus).toBe(0);
  const r = newRunner();
  expect(chatStart(r, p, 3, changetype<usize>(DIAL), DIAL.length, now)).toBe(0);
  return r;
}

/** A runner that ends on an incoming call's RING, as the callback dialer starts one. */
function startWatching(tokens: string[], now: f64 = 0): ChatRunner {
  const p: ChatProgram = compileTokens(tokens);
  expect(lastStatus).toBe(0);
  const r = newRunner();
  chatRunnerWatchRing(r);
  expect(chatStart(r, p, 3, changetype<usize>(DIAL), DIAL.length, now)).toBe(0);
  return r;
}

// What the runner told its owner last: "result:abort text".
let told: string = "";
function recordOwner(tty: i32, result: ChatResult, abortText: usize, abortLen: u32): void {
  let s = "";
  for (let i: u32 = 0; i < abortLen; i++) s += String.fromCharCode(load<u8>(abortText + <usize>i));
  told = result.toString() + ":" + s;
}

function input(r: ChatRunner, s: string, now: f64): i32 {
  const bytes = text(s);
  return chatInput(r, changetype<usize>(bytes), bytes.length, now);
}

/** Runs the canonical script against one modem stream cut at `cut`; returns "result/sent/consumed". */
function canonicalWithCut(stream: string, cut: i32): string {
  const r = start(CANONICAL);
  sent();
  const bytes = text(stream);
  let used = chatInput(r, changetype<usize>(bytes), cut, 10);
  if (used == cut) used += chatInput(r, changetype<usize>(bytes) + <usize>cut, bytes.length - cut, 10);
  return r.result.toString() + "/" + sent() + "/" + used.toString();
}

// Before init registers the dial alphabet, \T expands nothing: every dial string is refused.
describe("chat runner before the dial alphabet is registered", () => {
  it("refuses_every_dial_string_and_sends_nothing", () => {
    const p = compileTokens(CANONICAL);
    const r = newRunner();
    expect(chatStart(r, p, 3, changetype<usize>(DIAL), DIAL.length, 0)).toBe(chatStatus(ChatError.DialRefused, 0));
    expect(r.state).toBe(RunnerState.Idle);
    expect(sent()).toBe("");
  });
});

describe("chat runner", () => {
  beforeAll(() => {
    chatSetDialCheck(dialNumberAllowed);
  });

  it("expands_only_a_checked_number_for_backslash_t", () => {
    const p = compileTokens(CANONICAL);
    for (let k = 0; k < 4; k++) {
      const bad = text(k == 0 ? "5553030\rAT&D0&W\r" : k == 1 ? "5551234;" : k == 2 ? "555-1234" : "555 CALL");
      const r = newRunner();
      expect(chatStart(r, p, 3, changetype<usize>(bad), bad.length, 0)).toBe(chatStatus(ChatError.DialRefused, 0), k.toString());
      expect(r.state).toBe(RunnerState.Idle);
      expect(sent()).toBe("", "nothing reaches the modem");
    }
    const r = newRunner();
    const empty = text("");
    expect(chatStart(r, p, 3, changetype<usize>(empty), 0, 0)).toBe(0, "an empty \\T stays possible (scripts that dial nothing)");
  });
  it("canonical_script_against_ok_and_connect_succeeds_and_leaves_the_rest", () => {
    const r = start(CANONICAL);
    expect(sent()).toBe("ATZ<0d>");
    expect(r.state).toBe(RunnerState.Expecting);
    expect(input(r, "ATZ\r\r\nOK\r\n", 100)).toBe(10);
    expect(sent()).toBe("ATDT 5551234<0d>");
    expect(input(r, "ATDT 5551234\r\r\nCONN", 200)).toBe(19);
    const rest = "ECT 33600/V42\r\n~";
    expect(input(r, rest, 300)).toBe(3);
    expect(r.result).toBe(ChatResult.Success);
    expect(r.state).toBe(RunnerState.Done);
    expect(sent()).toBe("");
    expect(input(r, "more", 400)).toBe(0);
  });

  it("canonical_script_traces_in_debug_chat_shape", () => {
    const r = start(CANONICAL);
    input(r, "OK", 1);
    input(r, "CONNECT", 2);
    expect(r.result).toBe(ChatResult.Success);
    expect(traces()).toBe(
      "CHAT7: Attempting script dial, dial string 5551234|" +
      "CHAT7: Expecting string: \"\"|CHAT7: Completed match for expect: \"\"|" +
      "CHAT7: Sending string: ATZ|CHAT7: Expecting string: OK|CHAT7: Completed match for expect: OK|" +
      "CHAT7: Sending string: ATDT 5551234|CHAT7: Expecting string: CONNECT|CHAT7: Completed match for expect: CONNECT|" +
      "CHAT7: Sending string: \\c|CHAT7: Chat script dial finished, status = Success");
  });

  it("result_event_carries_script_token_result_and_name", () => {
    const r = start(CANONICAL);
    input(r, "OK BUSY", 1);
    const all = events();
    expect(all.endsWith("|48:3,10,2,1:dial")).toBe(true, all);
    expect(r.result).toBe(ChatResult.Abort);
    expect(r.resultDetail).toBe(1);
  });

  it("busy_aborts_with_its_index_and_error_with_zero", () => {
    const r = start(CANONICAL);
    input(r, "\r\nERROR\r\n", 1);
    expect(r.result).toBe(ChatResult.Abort);
    expect(r.resultDetail).toBe(0);
    expect(r.resultToken).toBe(6);
    const r2 = start(CANONICAL);
    input(r2, "OK\r\n", 1);
    input(r2, "\r\nBUSY\r\n", 2);
    expect(r2.result).toBe(ChatResult.Abort);
    expect(r2.resultDetail).toBe(1);
    expect(r2.resultToken).toBe(10);
  });

  it("abort_split_across_reads_still_aborts_the_next_expect", () => {
    const r = start(["ABORT", "BUSY", "", "ATZ", "OK", "x"]);
    expect(r.state).toBe(RunnerState.Expecting);
    input(r, "BU", 1);
    input(r, "SY", 2);
    expect(r.result).toBe(ChatResult.Abort);
    expect(r.resultDetail).toBe(0);
  });

  it("expect_times_out_after_the_default_five_seconds", () => {
    const r = start(["", "ATZ", "OK", "x"], 1000);
    expect(chatTick(r, 1000)).toBe(6000);
    expect(chatTick(r, 5999)).toBe(6000);
    expect(r.state).toBe(RunnerState.Expecting);
    expect(chatTick(r, 6000)).toBe(-1);
    expect(r.result).toBe(ChatResult.Timeout);
    expect(r.resultToken).toBe(2);
    expect(traces().endsWith("CHAT7: Chat script dial finished, status = Timeout expecting: OK")).toBe(true);
  });

  it("timeout_value_stays_for_every_following_expect", () => {
    const r = start(["TIMEOUT", "30", "", "ATZ", "OK", "ATDT", "CONNECT", ""], 0);
    expect(chatTick(r, 0)).toBe(30000);
    input(r, "OK", 29999);
    expect(chatTick(r, 29999)).toBe(59999);
    expect(chatTick(r, 59998)).toBe(59999);
    expect(chatTick(r, 60000)).toBe(-1);
    expect(r.result).toBe(ChatResult.Timeout);
    expect(r.resultToken).toBe(6);
  });

  it("fallback_sends_the_sub_send_after_a_timeout_and_waits_again", () => {
    const r = start(["ogin:--ogin:", "ppp", "ssword:", "\\qsecret"], 0);
    expect(sent()).toBe("");
    chatTick(r, 5000);
    expect(sent()).toBe("<0d>");
    expect(r.state).toBe(RunnerState.Expecting);
    expect(r.deadline).toBe(10000);
    input(r, "\r\nlogin:", 6000);
    expect(sent()).toBe("ppp<0d>");
    input(r, "Password:", 7000);
    expect(sent()).toBe("secret<0d>");
    expect(r.result).toBe(ChatResult.Success);
    const t = traces();
    expect(t.includes("CHAT7: Timeout expecting: ogin:")).toBe(true, t);
    expect(t.includes("CHAT7: Sending string: <hidden>")).toBe(true, t);
    expect(t.includes("secret")).toBe(false, t);
  });

  it("password_answer_is_hidden_in_traces_without_q", () => {
    const r = start(["ssword:", "hunter2"]);
    input(r, "Password: ", 1);
    expect(sent()).toBe("hunter2<0d>");
    expect(traces().includes("hunter2")).toBe(false);
  });

  it("fallback_expect_matched_first_time_skips_its_sub_send", () => {
    const r = start(["ogin:-BREAK-ogin:", "ppp"]);
    input(r, "login:", 1);
    expect(sent()).toBe("ppp<0d>");
    expect(r.breaks).toBe(0);
    expect(r.result).toBe(ChatResult.Success);
  });

  it("fallback_break_emits_a_break_event", () => {
    const r = start(["ogin:-BREAK-ogin:", "ppp"]);
    events();
    chatTick(r, 5000);
    expect(r.breaks).toBe(1);
    expect(events().includes("50:3,0,0,0:")).toBe(true);
  });

  it("sub_send_without_sub_expect_settles_the_expect_after_sending", () => {
    const r = start(["ogin:-\\r", "ppp", "OK", "x"]);
    chatTick(r, 5000);
    expect(sent()).toBe("<0d><0d>ppp<0d>");
    expect(r.state).toBe(RunnerState.Expecting);
    expect(r.deadline).toBe(10000);
  });

  it("delay_escape_waits_two_seconds_and_holds_modem_bytes_for_the_next_expect", () => {
    const r = start(["", "AT\\dZ", "OK", "x"], 100);
    expect(sent()).toBe("AT");
    expect(r.state).toBe(RunnerState.Delaying);
    expect(chatTick(r, 100)).toBe(2100);
    expect(input(r, "O", 500)).toBe(1);
    expect(input(r, "K\r\n", 600)).toBe(3);
    expect(chatTick(r, 2099)).toBe(2100);
    expect(sent()).toBe("");
    chatTick(r, 2100);
    expect(sent()).toBe("Z<0d>x<0d>");
    expect(r.result).toBe(ChatResult.Success);
  });

  it("pause_escape_waits_a_quarter_second", () => {
    const r = start(["", "A\\pB\\pC\\c"], 0);
    expect(sent()).toBe("A");
    expect(chatTick(r, 0)).toBe(250);
    chatTick(r, 250);
    expect(sent()).toBe("B");
    expect(chatTick(r, 250)).toBe(500);
    chatTick(r, 500);
    expect(sent()).toBe("C");
    expect(r.result).toBe(ChatResult.Success);
  });

  it("break_and_eot_and_nul_go_out_as_actions_and_bytes", () => {
    const r = start(["", "BREAK", "", "EOT", "", "a\\Nb\\K"]);
    expect(sent()).toBe("<04>a<00>b<0d>");
    expect(r.breaks).toBe(2);
    expect(r.result).toBe(ChatResult.Success);
  });

  it("several_expects_complete_from_one_chunk", () => {
    const r = start(["", "AT", "OK", "ATE0", "OK", "ATDT\\T", "CONNECT", "\\c"]);
    expect(input(r, "OK\r\nOK\r\nCONNECT 9600\r\n", 1)).toBe(15);
    expect(sent()).toBe("AT<0d>ATE0<0d>ATDT5551234<0d>");
    expect(r.result).toBe(ChatResult.Success);
  });

  it("carrier_loss_ends_a_running_script", () => {
    const r = start(CANONICAL);
    input(r, "OK", 1);
    chatCarrierLost(r);
    expect(r.result).toBe(ChatResult.CarrierLost);
    expect(r.resultToken).toBe(10);
    expect(chatTick(r, 100000)).toBe(-1);
    chatCarrierLost(r);
    expect(r.result).toBe(ChatResult.CarrierLost);
  });

  it("stop_ends_a_running_script", () => {
    const r = start(CANONICAL);
    chatStop(r);
    expect(r.result).toBe(ChatResult.Stopped);
  });

  it("script_of_sends_only_finishes_at_start", () => {
    const r = start(["", "ATH0"]);
    expect(r.result).toBe(ChatResult.Success);
    expect(sent()).toBe("ATH0<0d>");
  });

  it("dial_string_too_long_is_refused", () => {
    const p = compileTokens(CANONICAL);
    const r = newRunner();
    expect(chatStart(r, p, 0, 0, 65, 0) < 0).toBe(true);
    expect(r.state).toBe(RunnerState.Idle);
  });

  it("modem_stream_cut_at_every_offset_gives_the_same_outcome", () => {
    const stream = "ATZ\r\r\nOK\r\nATDT 5551234\r\r\nCONNECT 33600/V42\r\n";
    const whole = canonicalWithCut(stream, stream.length);
    expect(whole).toBe("1/ATDT 5551234<0d>/32");
    for (let cut = 0; cut <= stream.length; cut++) expect(canonicalWithCut(stream, cut)).toBe(whole, "cut at " + cut.toString());
    const r = start(CANONICAL);
    sent();
    const bytes = text(stream);
    let used = 0;
    for (let i = 0; i < bytes.length; i++) used += chatInput(r, changetype<usize>(bytes) + <usize>i, 1, 10);
    expect(r.result.toString() + "/" + sent() + "/" + used.toString()).toBe(whole, "byte by byte");
    const busy = "OK\r\nNO CARRIER\r\n";
    for (let cut = 0; cut <= busy.length; cut++) {
      const r = start(["ABORT", "NO CARRIER", "", "AT", "OK", "ATD", "CONNECT", ""]);
      const bytes = text(busy);
      chatInput(r, changetype<usize>(bytes), cut, 1);
      chatInput(r, changetype<usize>(bytes) + <usize>cut, bytes.length - cut, 1);
      expect(r.result).toBe(ChatResult.Abort);
      expect(r.resultDetail).toBe(0);
    }
  });

  // Glare: the line dialling a callback is rung by another caller. The modem reports RING and,
  // set to auto-answer, picks that call up; its CONNECT must never pass for the callback's.
  it("watched_script_aborts_on_ring_while_waiting_for_ok_and_tells_the_owner_ring", () => {
    chatSetOwner(recordOwner);
    told = "";
    const r = startWatching(["", "ATZ", "OK", "ATDT \\T", "TIMEOUT", "30", "CONNECT", "\\c"]);
    expect(sent()).toBe("ATZ<0d>");
    expect(input(r, "ATZ\r\r\nRING\r\n", 1)).toBe(11);
    expect(r.result).toBe(ChatResult.Abort);
    expect(r.resultDetail).toBe(CHAT_ABORT_RING);
    expect(r.resultToken).toBe(2);
    expect(sent()).toBe("", "nothing dialled after the RING");
    expect(told).toBe("2:RING");
    expect(traces().endsWith("CHAT7: Chat script dial finished, status = Abort on RING (incoming call)")).toBe(true);
  });

  it("watched_script_aborts_on_ring_after_a_busy_it_has_no_abort_for", () => {
    // The script of a configuration without ABORT strings: BUSY leaves the modem on hook, and
    // the next caller's RING and CONNECT arrive while the script still waits for CONNECT.
    const r = startWatching(["", "ATZ", "OK", "ATDT \\T", "TIMEOUT", "30", "CONNECT", "\\c"]);
    input(r, "OK\r\n", 1);
    input(r, "\r\nBUSY\r\n", 2);
    expect(r.state).toBe(RunnerState.Expecting);
    input(r, "\r\nRING\r\n\r\nCONNECT 33600\r\n", 3);
    expect(r.result).toBe(ChatResult.Abort);
    expect(r.resultDetail).toBe(CHAT_ABORT_RING);
  });

  it("unwatched_script_takes_a_connect_after_ring_as_its_own", () => {
    const r = start(["", "ATZ", "OK", "ATDT \\T", "TIMEOUT", "30", "CONNECT", "\\c"]);
    input(r, "OK\r\n\r\nBUSY\r\n\r\nRING\r\n\r\nCONNECT 33600\r\n", 1);
    expect(r.result).toBe(ChatResult.Success);
  });

  it("ringing_ringback_report_and_ring_inside_other_text_do_not_abort", () => {
    const r = startWatching(CANONICAL);
    input(r, "OK\r\n\r\nRINGING\r\n\r\nRINGING\r\nSTRING\r\nRING \r\n", 1);
    expect(r.state).toBe(RunnerState.Expecting);
    input(r, "\r\nCONNECT 33600\r\n", 2);
    expect(r.result).toBe(ChatResult.Success);
  });

  it("ring_split_across_reads_during_a_delay_aborts_at_once_and_the_dial_is_never_sent", () => {
    const r = startWatching(["", "ATZ", "OK", "\\dATDT \\T", "CONNECT", ""], 0);
    input(r, "OK\r\n\r\nRI", 1);
    expect(r.state).toBe(RunnerState.Delaying);
    input(r, "NG\r\n", 2);
    expect(r.result).toBe(ChatResult.Abort);
    expect(r.resultDetail).toBe(CHAT_ABORT_RING);
    expect(r.resultToken).toBe(3);
    expect(chatTick(r, 2001)).toBe(-1);
    expect(sent()).toBe("ATZ<0d>", "the send after the delay would go to the call the modem answered");
    const held = startWatching(["", "ATZ", "OK", "\\dATDT \\T", "CONNECT", ""], 0);
    input(held, "OK\r\nCONNECT 2400\r\n", 1);
    chatTick(held, 2001);
    expect(held.result).toBe(ChatResult.Success, "without a RING the held bytes still reach the next expect");
    const cut = startWatching(CANONICAL);
    input(cut, "OK\r\n\r\nR", 1);
    input(cut, "ING", 2);
    expect(cut.state).toBe(RunnerState.Expecting);
    input(cut, "\r", 3);
    expect(cut.resultDetail).toBe(CHAT_ABORT_RING);
    expect(cut.result).toBe(ChatResult.Abort);
  });

  it("a_match_before_the_ring_wins_and_the_ring_ends_the_next_expect", () => {
    const r = startWatching(["", "ATZ", "OK", "ATDT \\T", "CONNECT", ""]);
    expect(input(r, "OK\r\nRING\r\n", 1)).toBe(9);
    expect(sent()).toBe("ATZ<0d>ATDT 5551234<0d>");
    expect(r.result).toBe(ChatResult.Abort);
    expect(r.resultDetail).toBe(CHAT_ABORT_RING);
    expect(r.resultToken).toBe(4);
  });
});
