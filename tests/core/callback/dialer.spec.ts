// The dialer (callback/dialer.ts), the seam between callback and the chat engine, with the
// whole core initialised from an image (support/callback-core.ts): the script a line dials
// with is the one the image names for it, a started script runs on the line and watches for
// RING, a start without a free runner says so, and every way a script ends becomes the
// callback outcome that decides a retry.

import { CoreBench, BenchConfig, BenchLine, BenchUser } from "../support/callback-core";
import { dialerScript, dialerStart, dialerOutcome } from "../../../assembly/callback/dialer";
import { CallbackOutcome, CallbackMethod } from "../../../assembly/callback/record";
import { ChatResult } from "../../../assembly/chat/runner";
import { chatOnLine, chatPoolStop, chatPoolInput, chatLineOutcome } from "../../../assembly/chat/pool";
import { chatRun } from "../../../assembly/abi/chat";
import { txPeek, txPtr } from "../../../assembly/abi/exports";
import { LineFlag } from "../../../assembly/config/line-settings";
import { asciiBytes, ptrOf } from "../support/bytes";

// Line 4 has the bench's callback script (index 0) and its ARA script (index 1), line 5 neither.
function bench(): CoreBench {
  const c = new BenchConfig();
  c.lines.push(new BenchLine(4, LineFlag.FlushAtActivation, 0, true, -1, true));
  c.lines.push(new BenchLine(5, LineFlag.FlushAtActivation, 0, false));
  c.users.push(new BenchUser("Ted", "Rhoda", "1234567"));
  return new CoreBench(c);
}

function outcomeOf(result: ChatResult, abort: string = ""): CallbackOutcome {
  const text = asciiBytes(abort);
  return dialerOutcome(result, ptrOf(text), text.length);
}

function sent(tty: i32): string {
  let s = "";
  const n = txPeek(tty);
  for (let i = 0; i < n; i++) s += String.fromCharCode(load<u8>(txPtr(tty) + <usize>i));
  return s;
}

describe("dialer", () => {
  it("a_line_dials_with_the_script_the_image_names_for_it_and_a_line_without_one_has_none", () => {
    bench();
    expect(dialerScript(4, CallbackMethod.Rfc1570)).toBe(0);
    expect(dialerScript(4, CallbackMethod.Exec)).toBe(0);
    expect(dialerScript(4, CallbackMethod.Arap)).toBe(1, "an ARA callback dials with `script arap-callback`");
    expect(dialerScript(5, CallbackMethod.Rfc1570)).toBe(-1);
    expect(dialerScript(5, CallbackMethod.Arap)).toBe(-1);
    expect(dialerScript(9, CallbackMethod.Cbcp)).toBe(-1, "no such line");
  });

  it("a_started_script_runs_on_the_line_with_the_number_and_sends_its_first_command", () => {
    bench();
    const number = asciiBytes("1234567");
    expect(dialerStart(4, 0, ptrOf(number), number.length, 0)).toBe(CallbackOutcome.Pending);
    expect(chatOnLine(4)).not.toBeNull();
    expect(sent(4)).toBe("ATZ\r", "the script's first send went to the line's transmit ring");
    chatPoolStop(4);
  });

  it("an_incoming_call_ringing_the_line_ends_its_script_whatever_the_script_says", () => {
    bench();
    const number = asciiBytes("1234567");
    expect(dialerStart(4, 0, ptrOf(number), number.length, 0)).toBe(CallbackOutcome.Pending);
    const ring = asciiBytes("\r\nRING\r\n");
    chatPoolInput(4, ptrOf(ring), ring.length, 100);
    expect(chatOnLine(4)).toBeNull("the bench's script has no ABORT RING of its own");
    expect(chatLineOutcome(4)).toBe(ChatResult.Abort);
  });

  it("a_script_that_cannot_start_says_why", () => {
    bench();
    const number = asciiBytes("1234567");
    expect(dialerStart(9, 0, ptrOf(number), number.length, 0)).toBe(CallbackOutcome.NoScript, "no such line");
    expect(dialerStart(4, 7, ptrOf(number), number.length, 0)).toBe(CallbackOutcome.NoScript, "no such script");
    // Three lines in the image (4, 5 and the client's): three runners, all taken.
    const none = asciiBytes("5550000");
    for (let tty = 0; tty < 3; tty++) expect(chatRun(tty == 2 ? 5 : tty, 0, ptrOf(none), none.length)).toBe(0);
    expect(dialerStart(4, 0, ptrOf(number), number.length, 0)).toBe(CallbackOutcome.NoRunner);
    expect(chatOnLine(4)).toBeNull();
  });

  it("the_modems_answers_become_the_outcomes_that_decide_a_retry", () => {
    expect(outcomeOf(ChatResult.Success)).toBe(CallbackOutcome.Ok);
    expect(outcomeOf(ChatResult.Abort, "BUSY")).toBe(CallbackOutcome.Busy);
    expect(outcomeOf(ChatResult.Abort, "NO ANSWER")).toBe(CallbackOutcome.NoAnswer);
    expect(outcomeOf(ChatResult.Abort, "NO CARRIER")).toBe(CallbackOutcome.NoAnswer);
    expect(outcomeOf(ChatResult.Abort, "NO DIALTONE")).toBe(CallbackOutcome.NoDialtone);
    expect(outcomeOf(ChatResult.Abort, "NO DIAL TONE")).toBe(CallbackOutcome.NoDialtone);
    expect(outcomeOf(ChatResult.Abort, "ERROR")).toBe(CallbackOutcome.ChatAbort);
    expect(outcomeOf(ChatResult.Timeout)).toBe(CallbackOutcome.ChatTimeout);
    expect(outcomeOf(ChatResult.CarrierLost)).toBe(CallbackOutcome.CarrierLost);
    expect(outcomeOf(ChatResult.BadScript)).toBe(CallbackOutcome.NoScript);
  });

  it("an_incoming_calls_ring_is_glare_and_a_ringing_tone_is_not", () => {
    expect(outcomeOf(ChatResult.Abort, "RING")).toBe(CallbackOutcome.Glare);
    expect(outcomeOf(ChatResult.Abort, "RINGING")).toBe(CallbackOutcome.ChatAbort);
  });

  it("a_script_the_line_stopped_itself_has_no_outcome", () => {
    expect(outcomeOf(ChatResult.Stopped)).toBe(CallbackOutcome.Pending);
  });
});
