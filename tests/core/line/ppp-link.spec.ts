// The PPP side of a callback, with the whole core running (support/callback-core.ts): the
// callback leg authenticates the same user again, with its own interface's methods or the
// incoming line's; nobody else and nobody unauthenticated gets the link; no callback is
// asked before the caller has authenticated, in any PPP callback mode.

import { CoreBench, BenchConfig, BenchLine, BenchUser, BenchInterface, clientOptions, IF_ACCEPT, IF_INITIATE, IF_PAP } from "../support/callback-core";
import { CallbackEvent } from "../../../assembly/callback/callback-events";
import { CallbackOutcome } from "../../../assembly/callback/record";
import { EventKind } from "../../../assembly/mem/events";
import { LineFlag } from "../../../assembly/config/line-settings";

const RFC1570: u8 = 1;
const CBCP: u8 = 2;
const CBCP_USER_NUMBER: u8 = 2;

// The issue's configuration: Ted dials line 10 and is called back on line 7, which has no
// `interface async 7` of its own.
function issueConfig(incomingFlags: u32 = IF_ACCEPT | IF_PAP): BenchConfig {
  const c = new BenchConfig();
  c.lines.push(new BenchLine(7, LineFlag.FlushAtActivation, 77));
  c.lines.push(new BenchLine(10, LineFlag.FlushAtActivation | LineFlag.AutoselectPpp));
  c.users.push(new BenchUser("Ted", "Rhoda", "1234567", 77));
  c.users.push(new BenchUser("Kim", "K1m", "7654321", 77));
  c.interfaces.push(new BenchInterface(10, incomingFlags));
  return c;
}

function outcome(b: CoreBench): i32 {
  return b.first(CallbackEvent.Finished).a1;
}

describe("ppp link: every leg authenticates", () => {
  it("a_callback_leg_on_a_line_without_its_own_interface_asks_for_the_incoming_interfaces_pap", () => {
    const b = new CoreBench(issueConfig());
    b.answer = clientOptions("Ted", "Rhoda");
    b.dialIn(10, clientOptions("Ted", "Rhoda", RFC1570, 0));
    expect(b.runUntilFinished(1, 120000)).toBe(true);
    expect(outcome(b)).toBe(CallbackOutcome.Ok);
    expect(b.dialledLines).toStrictEqual([7]);
    expect(b.countOn(EventKind.AuthSucceeded, 7)).toBe(1, "the leg on line 7 checked the user's PAP");
    expect(b.countOn(EventKind.IpcpUp, 7)).toBe(1);
  });

  it("whoever_answers_without_the_users_password_gets_no_network", () => {
    const b = new CoreBench(issueConfig());
    b.answer = clientOptions("Ted", "guess");
    b.dialIn(10, clientOptions("Ted", "Rhoda", RFC1570, 0));
    expect(b.runUntilFinished(1, 120000)).toBe(true);
    expect(outcome(b)).not.toBe(CallbackOutcome.Ok);
    expect(b.countOn(EventKind.IpcpUp, 7)).toBe(0);
  });

  it("a_different_valid_user_answering_the_callback_ends_it_as_wrong_user", () => {
    const b = new CoreBench(issueConfig());
    b.answer = clientOptions("Kim", "K1m");
    b.dialIn(10, clientOptions("Ted", "Rhoda", RFC1570, 0));
    expect(b.runUntilFinished(1, 120000)).toBe(true);
    expect(outcome(b)).toBe(CallbackOutcome.WrongUser);
    expect(b.countOn(EventKind.IpcpUp, 7)).toBe(0, "Kim gets no network on Ted's callback");
    b.run(10000);
    expect(b.count(CallbackEvent.Finished)).toBe(1, "one ending, reported once");
  });

  it("rfc1570_operation_1_is_called_back_at_the_configured_number_not_the_callers", () => {
    const b = new CoreBench(issueConfig());
    b.answer = clientOptions("Ted", "Rhoda");
    b.dialIn(10, clientOptions("Ted", "Rhoda", RFC1570, 1, 0, "0900666"));
    expect(b.runUntilFinished(1, 120000)).toBe(true);
    expect(b.dialled).toStrictEqual(["1234567"]);
    expect(outcome(b)).toBe(CallbackOutcome.Ok);
  });

  it("rfc1570_is_not_called_back_after_a_wrong_password", () => {
    const b = new CoreBench(issueConfig());
    b.dialIn(10, clientOptions("Ted", "guess", RFC1570, 0));
    b.run(60000);
    expect(b.count(CallbackEvent.Requested)).toBe(0);
    expect(b.dialled.length).toBe(0);
  });

  it("cbcp_is_not_called_back_after_a_wrong_password", () => {
    const b = new CoreBench(issueConfig());
    b.dialIn(10, clientOptions("Ted", "guess", CBCP, 0, CBCP_USER_NUMBER, "5557777"));
    b.run(60000);
    expect(b.count(CallbackEvent.Requested)).toBe(0);
    expect(b.dialled.length).toBe(0);
  });

  it("ppp_callback_initiate_calls_back_only_a_caller_who_authenticated", () => {
    const wrong = new CoreBench(issueConfig(IF_INITIATE | IF_PAP));
    wrong.dialIn(10, clientOptions("Ted", "guess"));
    wrong.run(60000);
    expect(wrong.count(CallbackEvent.Requested)).toBe(0, "a wrong password is not called back");
    expect(wrong.dialled.length).toBe(0);
    const right = new CoreBench(issueConfig(IF_INITIATE | IF_PAP));
    right.answer = clientOptions("Ted", "Rhoda");
    right.dialIn(10, clientOptions("Ted", "Rhoda"));
    expect(right.runUntilFinished(1, 120000)).toBe(true);
    expect(outcome(right)).toBe(CallbackOutcome.Ok);
  });
});
