// Callback as the owner of the lines (callback/line-reports.ts), driven the way the line
// layer drives it: each report through lineOwner(), with the whole core initialised from an
// image (support/callback-core.ts). A report is routed to its rule: an idle incoming line
// starts the forced wait, a held line is never called, an EXEC request is answered with what
// the caller is told, a PPP agreement needs an authenticated user, `ppp callback initiate`
// ends the link it calls back, and on a leg only the user called back keeps it.

import { CoreBench, BenchConfig, BenchLine, BenchUser, BenchInterface, IF_ACCEPT, IF_INITIATE, IF_PAP } from "../support/callback-core";
import { LineOwner, lineOwner, lineSetOwner, ExecCallbackAnswer } from "../../../assembly/line/line-owner";
import { callbackLineOwner } from "../../../assembly/callback/line-reports";
import { callbackTick, callbackDialFinished } from "../../../assembly/callback/orchestrator";
import { CallbackRecord, CallbackOutcome, CallbackState, CallbackMethod, recordAt, recordsCount } from "../../../assembly/callback/record";
import { CallbackEvent } from "../../../assembly/callback/callback-events";
import { CALLBACK_KIND_RFC1570, CALLBACK_KIND_CBCP } from "../../../assembly/protocol/session-state";
import { LineFlag } from "../../../assembly/config/line-settings";
import { asciiBytes, ptrOf } from "../support/bytes";

const TED = 0; // "1234567", may be called back
const PAT = 1; // callback-dialstring "": the caller gives the number
const NED = 2; // no callback-dialstring: never called back
const FLUSH = LineFlag.FlushAtActivation;

// Lines 4 (PAP, callback accept) and 5 (PAP, ppp callback initiate) take calls, 4 with a forced wait of 7 s.
function bench(): CoreBench {
  const c = new BenchConfig();
  c.lines.push(new BenchLine(4, FLUSH | LineFlag.AutoselectPpp, 0, true, 7));
  c.lines.push(new BenchLine(5, FLUSH | LineFlag.AutoselectPpp));
  c.users.push(new BenchUser("Ted", "Rhoda", "1234567"));
  c.users.push(new BenchUser("Pat", "P4t", ""));
  c.users.push(new BenchUser("Ned", "N3d"));
  c.interfaces.push(new BenchInterface(4, IF_ACCEPT | IF_PAP));
  c.interfaces.push(new BenchInterface(5, IF_INITIATE | IF_PAP));
  return new CoreBench(c);
}

function only(state: CallbackState): CallbackRecord | null {
  let found: CallbackRecord | null = null;
  for (let i = 0; i < recordsCount(); i++) {
    const r = recordAt(i)!;
    if (r.state == state) found = r;
  }
  return found;
}

function pending(): i32 {
  let n = 0;
  for (let i = 0; i < recordsCount(); i++) {
    const s = recordAt(i)!.state;
    if (s != CallbackState.Free && s != CallbackState.Finished) n++;
  }
  return n;
}

function execAsk(tty: u32, user: i32, session: u32, number: string, now: f64): ExecCallbackAnswer {
  const n = asciiBytes(number);
  return lineOwner().execCallbackAsked(tty, user, session, ptrOf(n), n.length, now);
}

function agreed(tty: u32, user: i32, session: u32, kind: i32, operation: u32, delay: u32, number: string, now: f64): void {
  const n = asciiBytes(number);
  lineOwner().pppCallbackAgreed(tty, user, session, kind, operation, delay, ptrOf(n), n.length, now);
}

// A callback of Ted who called in on `tty`: it dials back on the same line and connects.
function connected(tty: u32, id: u32): u32 {
  expect(execAsk(tty, TED, id, "", 0)).toBe(ExecCallbackAnswer.Initiated);
  lineOwner().wentIdle(tty, 0);
  callbackTick(60000);
  const r = only(CallbackState.Dialling);
  expect(r).not.toBeNull("dialled");
  const out = r!.lineOut;
  expect(out).toBe(tty);
  expect(callbackDialFinished(out, CallbackOutcome.Ok, 60100)).not.toBeNull();
  return out;
}

function lastFinished(b: CoreBench): i32 {
  b.drain();
  let outcome = -1;
  for (let i = 0; i < b.events.length; i++) if (b.events[i].kind == CallbackEvent.Finished) outcome = b.events[i].a1;
  return outcome;
}

describe("callback owns the lines", () => {
  it("init_registers_callback_as_the_lines_owner", () => {
    bench();
    expect(changetype<usize>(lineOwner())).toBe(changetype<usize>(callbackLineOwner()));
  });

  it("an_exec_request_is_answered_with_what_the_caller_is_told", () => {
    bench();
    expect(execAsk(4, TED, 11, "", 0)).toBe(ExecCallbackAnswer.Initiated);
    expect(execAsk(4, NED, 12, "", 0)).toBe(ExecCallbackAnswer.NotAllowed, "no callback-dialstring");
    expect(execAsk(4, PAT, 13, "555;ATH", 0)).toBe(ExecCallbackAnswer.BadNumber, "the dial alphabet");
    expect(execAsk(4, PAT, 14, "", 0)).toBe(ExecCallbackAnswer.NotPossible, "no number at all");
    expect(pending()).toBe(1, "only Ted's request made a record");
    expect(only(CallbackState.HangingUp)!.method).toBe(CallbackMethod.Exec);
  });

  it("the_went_idle_report_of_the_incoming_line_starts_its_forced_wait_and_no_other", () => {
    const b = bench();
    expect(execAsk(4, TED, 21, "", 1000)).toBe(ExecCallbackAnswer.Initiated);
    lineOwner().wentIdle(5, 2000);
    expect(only(CallbackState.HangingUp)).not.toBeNull("another line going idle ends nothing");
    lineOwner().wentIdle(4, 3000);
    const r = only(CallbackState.Waiting);
    expect(r).not.toBeNull();
    expect(r!.deadline).toBe(10000, "line 4's forced wait of 7 s from the moment it went idle");
    b.drain();
    expect(b.first(CallbackEvent.Waiting).a1).toBe(7000);
  });

  it("a_caller_who_held_the_line_is_never_called", () => {
    const b = bench();
    expect(execAsk(4, TED, 31, "", 0)).toBe(ExecCallbackAnswer.Initiated);
    lineOwner().callerHeldLine(4, 6000);
    lineOwner().wentIdle(4, 6000);
    callbackTick(600000);
    b.drain();
    expect(b.count(CallbackEvent.Dialling)).toBe(0);
    expect(b.first(CallbackEvent.Finished).a1).toBe(CallbackOutcome.CallerHeldLine);
  });

  it("a_ppp_agreement_asks_a_callback_only_of_an_authenticated_user_and_only_when_one_was_agreed", () => {
    const b = bench();
    agreed(4, -1, 41, CALLBACK_KIND_RFC1570, 0, 0, "", 0);
    b.drain();
    expect(b.count(CallbackEvent.Refused)).toBe(0, "nobody authenticated: nothing was even asked");
    agreed(4, PAT, 42, CALLBACK_KIND_CBCP, 1, 0, "5551111", 0);
    expect(pending()).toBe(0, "CBCP type 1 is no callback");
    agreed(4, PAT, 43, CALLBACK_KIND_RFC1570, 0, 0, "5551111", 0);
    expect(pending()).toBe(0, "RFC 1570 operation 0 carries no number: Pat has none configured");
    agreed(4, PAT, 44, CALLBACK_KIND_CBCP, 2, 9, "5551111", 0);
    const r = only(CallbackState.HangingUp);
    expect(r).not.toBeNull();
    expect(r!.method).toBe(CallbackMethod.Cbcp);
    expect(r!.waitMs).toBe(9000, "the CBCP delay");
  });

  it("ppp_callback_initiate_ends_the_link_of_a_user_it_calls_back", () => {
    bench();
    expect(lineOwner().peerAuthenticated(5, NED, false, 51, 0)).toBe(true, "Ned is never called back: the link goes on");
    expect(lineOwner().peerAuthenticated(5, TED, true, 52, 0)).toBe(true, "a callback negotiated by LCP is not initiated");
    expect(lineOwner().peerAuthenticated(4, TED, false, 53, 0)).toBe(true, "line 4's interface does not initiate");
    expect(pending()).toBe(0);
    expect(lineOwner().peerAuthenticated(5, TED, false, 54, 0)).toBe(false, "the link ends for the callback");
    expect(only(CallbackState.HangingUp)!.method).toBe(CallbackMethod.Initiate);
  });

  it("on_a_leg_only_the_user_called_back_keeps_the_link_and_finishes_the_callback", () => {
    const b = bench();
    const out = connected(4, 61);
    expect(lineOwner().legAuthenticated(out, PAT, 61000)).toBe(false, "another valid user");
    expect(lastFinished(b)).toBe(CallbackOutcome.WrongUser);
    const again = connected(5, 62);
    expect(lineOwner().legAuthenticated(again, TED, 62000)).toBe(true);
    expect(b.count(CallbackEvent.Finished)).toBe(1, "authenticated: not finished before the session is up");
    expect(lineOwner().legSessionUp(again, TED, 62100)).toBe(true);
    expect(lastFinished(b)).toBe(CallbackOutcome.Ok);
    expect(b.count(CallbackEvent.Finished)).toBe(2);
  });

  it("a_leg_lost_before_its_session_came_up_ends_the_callback_as_carrier_lost", () => {
    const b = bench();
    const out = connected(4, 71);
    lineOwner().legLost(out, 61000);
    expect(lastFinished(b)).toBe(CallbackOutcome.CarrierLost);
    expect(only(CallbackState.Connected)).toBeNull();
  });

  it("without_an_owner_nothing_is_reported_and_no_callback_is_asked", () => {
    bench();
    lineSetOwner(changetype<LineOwner>(0));
    expect(execAsk(4, TED, 81, "", 0)).toBe(ExecCallbackAnswer.NotPossible);
    expect(lineOwner().legSessionUp(4, TED, 0)).toBe(false);
    expect(pending()).toBe(0);
    lineSetOwner(callbackLineOwner());
  });
});
