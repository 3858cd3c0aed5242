// ARA callback with the whole core (support/callback-core.ts): the chapter's example, user
// excalibur on lines 4, 7 and 8 called back on line 7, the caller being the core's own ARA
// client (MNP and ARAP in the client role) on line CLIENT. Autoselect takes the client's
// start flag, ARAP authenticates, the line drops, line 7 dials with `script arap-callback`,
// the client answers, ARAP authenticates again on the leg, and only then is the callback ok.

import { CoreBench, BenchConfig, BenchLine, BenchUser, arapClientOptions, CLIENT } from "../support/callback-core";
import { CallbackEvent } from "../../../assembly/callback/callback-events";
import { CallbackOutcome, CallbackMethod } from "../../../assembly/callback/record";
import { LineFlag } from "../../../assembly/config/line-settings";
import { LineEvent } from "../../../assembly/line/line-events";
import { ArapEvent } from "../../../assembly/line/arap-link";
import { arapState } from "../../../assembly/abi/arap";
import { ArapState } from "../../../assembly/protocol/arap-session";
import { ArapCloseReason } from "../../../assembly/wire/arap-message";
import { counterGet } from "../../../assembly/abi/exports";
import { LineCounter } from "../../../assembly/mem/counters";

const ARA_LINE: u32 = LineFlag.FlushAtActivation | LineFlag.LoginLocal | LineFlag.AutoselectArap | LineFlag.ArapEnable;

function araBench(arapCallback: bool = true, flags: u32 = ARA_LINE): CoreBench {
  const c = new BenchConfig();
  c.arapCallback = arapCallback;
  c.arapNetwork = 422;
  c.arapZone = "router test";
  c.lines.push(new BenchLine(4, flags, 0, false, -1, true));
  c.lines.push(new BenchLine(7, flags, 0, false, -1, true));
  c.lines.push(new BenchLine(8, flags, 0, false, -1, true));
  c.users.push(new BenchUser("excalibur", "guenivere", "123456", 0, 7));
  c.users.push(new BenchUser("percival", "grail", "555"));
  c.users.push(new BenchUser("gawain", "green"));
  const b = new CoreBench(c);
  b.arapAnswer = arapClientOptions("excalibur", "guenivere", "", 1 | 4);
  return b;
}

function onLine(b: CoreBench, kind: i32, line: i32, a0: i32): i32 {
  let n = 0;
  for (let i = 0; i < b.events.length; i++) {
    const e = b.events[i];
    if (e.kind == kind && e.line == line && e.a0 == a0) n++;
  }
  return n;
}

describe("ara callback", () => {
  it("excalibur_dials_into_line_4_and_is_called_back_on_line_7_at_its_dial_string", () => {
    const b = araBench();
    b.dialInArap(4, arapClientOptions("excalibur", "guenivere"));
    expect(b.runUntilFinished(1, 120000)).toBe(true);
    const requested = b.first(CallbackEvent.Requested);
    expect(requested.a1).toBe(CallbackMethod.Arap);
    expect(requested.data).toBe("123456");
    expect(b.first(CallbackEvent.Dialling).a1).toBe(7, "callback-line 7");
    expect(b.dialled).toStrictEqual(["123456"]);
    expect(b.dialledLines).toStrictEqual([7]);
    expect(b.first(CallbackEvent.Finished).a1).toBe(CallbackOutcome.Ok);
    // ARAP authenticated the user on the incoming call and again on the leg.
    expect(onLine(b, ArapEvent.ArapAuthenticated, 4, 0)).toBe(1);
    expect(onLine(b, ArapEvent.ArapAuthenticated, 7, 0)).toBe(1);
    expect(onLine(b, ArapEvent.ArapCallbackNotice, CLIENT, 0)).toBe(1, "the client was told");
    expect(arapState(7)).toBe(ArapState.Open);
  });

  it("the_callback_leaves_on_line_7_from_line_8_too_and_with_the_ara_script", () => {
    const b = araBench();
    b.dialInArap(8, arapClientOptions("excalibur", "guenivere"));
    expect(b.runUntilFinished(1, 120000)).toBe(true);
    expect(b.first(CallbackEvent.Finished).a1).toBe(CallbackOutcome.Ok);
    expect(b.first(CallbackEvent.Dialling).a3).toBe(8, "came in on 8");
    expect(b.dialledLines).toStrictEqual([7]);
    let traced = false;
    for (let i = 0; i < b.events.length; i++) if (b.events[i].line == 7 && b.events[i].data.includes("ATS180=0")) traced = true;
    expect(traced).toBe(true, "the chapter's Telebit script dialled");
  });

  it("a_wrong_password_is_never_called_back", () => {
    const b = araBench();
    b.dialInArap(4, arapClientOptions("excalibur", "lancelot"));
    b.run(60000);
    expect(b.count(CallbackEvent.Requested)).toBe(0);
    expect(b.dialled.length).toBe(0);
    expect(onLine(b, ArapEvent.ArapAuthFailed, 4, 0)).toBe(3);
  });

  it("without_arap_callback_the_session_goes_on_and_nothing_is_dialled", () => {
    const b = araBench(false);
    b.dialInArap(4, arapClientOptions("excalibur", "guenivere"));
    b.run(20000);
    expect(b.count(CallbackEvent.Requested)).toBe(0);
    expect(arapState(4)).toBe(ArapState.Open);
    expect(arapState(CLIENT)).toBe(ArapState.Open);
  });

  it("a_user_without_a_callback_dial_string_keeps_the_session", () => {
    const b = araBench();
    b.dialInArap(4, arapClientOptions("gawain", "green"));
    b.run(20000);
    expect(b.count(CallbackEvent.Requested)).toBe(0);
    expect(arapState(4)).toBe(ArapState.Open);
    const c = araBench();
    c.dialInArap(4, arapClientOptions("excalibur", "guenivere"));
    c.run(1);
    expect(c.count(CallbackEvent.Requested)).toBe(0, "nothing before ARAP authenticated");
  });

  it("line_7_busy_ends_the_callback_with_its_reason_and_the_lines_idle", () => {
    const b = araBench();
    b.dialAnswer = "BUSY";
    b.dialInArap(4, arapClientOptions("excalibur", "guenivere"));
    expect(b.runUntilFinished(1, 120000)).toBe(true);
    expect(b.first(CallbackEvent.Finished).a1).toBe(CallbackOutcome.Busy);
    b.run(10000);
    expect(b.countOn(LineEvent.LineState, 7)).toBeGreaterThan(0);
    expect(arapState(7)).toBe(ArapState.Closed);
  });

  it("a_caller_who_holds_the_line_is_never_called", () => {
    const b = araBench();
    b.holdsLine = true;
    b.dialInArap(4, arapClientOptions("excalibur", "guenivere"));
    expect(b.runUntilFinished(1, 120000)).toBe(true);
    expect(b.first(CallbackEvent.Finished).a1).toBe(CallbackOutcome.CallerHeldLine);
    expect(b.dialled.length).toBe(0);
  });

  it("someone_else_answering_the_callback_is_refused_as_wrong_user", () => {
    const b = araBench();
    b.arapAnswer = arapClientOptions("percival", "grail", "", 1 | 4);
    b.dialInArap(4, arapClientOptions("excalibur", "guenivere"));
    expect(b.runUntilFinished(1, 120000)).toBe(true);
    expect(b.first(CallbackEvent.Finished).a1).toBe(CallbackOutcome.WrongUser);
    b.run(5000);
    let closedWrongUser = false;
    for (let i = 0; i < b.events.length; i++) {
      const e = b.events[i];
      if (e.kind == ArapEvent.ArapLinkDown && e.line == 7 && e.a0 == ArapCloseReason.WrongUser) closedWrongUser = true;
    }
    expect(closedWrongUser).toBe(true);
  });

  it("without_arap_enable_the_start_flag_is_only_noise", () => {
    const b = araBench(true, LineFlag.FlushAtActivation | LineFlag.LoginLocal | LineFlag.AutoselectArap);
    b.dialInArap(4, arapClientOptions("excalibur", "guenivere"));
    b.run(5000);
    expect(b.count(LineEvent.ArapStarted)).toBe(0);
    expect(arapState(4)).toBe(ArapState.Closed);
  });

  it("the_mnp_link_counts_what_it_did", () => {
    const b = araBench(false);
    b.dialInArap(4, arapClientOptions("excalibur", "guenivere"));
    b.run(20000);
    expect(counterGet(4, LineCounter.MnpFramesIn)).toBeGreaterThan(5);
    expect(counterGet(4, LineCounter.MnpFramesOut)).toBeGreaterThan(5);
    expect(counterGet(4, LineCounter.MnpBadFcs)).toBe(0);
  });
});
