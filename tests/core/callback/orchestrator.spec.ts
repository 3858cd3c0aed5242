// The callback orchestrator's rules, with the whole core initialised from an image
// (support/callback-core.ts) and the orchestrator called as the line layer calls it: the
// configured number wins, nothing is dialled while the incoming call is being ended, the
// forced wait, the choice of the outgoing line, a leg that cannot authenticate is refused
// before dialling, only the user called back finishes it, and every line can dial at once.

import { CoreBench, BenchConfig, BenchLine, BenchUser, BenchInterface, clientOptions, IF_ACCEPT, IF_PAP } from "../support/callback-core";
import { callbackTick, callbackDialFinished } from "../../../assembly/callback/orchestrator";
import { callbackRequest } from "../../../assembly/callback/request";
import { callbackIncomingIdle, callbackIncomingHeld } from "../../../assembly/callback/carrier-drop";
import { callbackSessionUp } from "../../../assembly/callback/leg";
import {
  CallbackRecord, CallbackMethod, CallbackOutcome, CallbackState, recordAt, recordNumber, recordsCount, recordsFor,
} from "../../../assembly/callback/record";
import { CallbackEvent } from "../../../assembly/callback/callback-events";
import { chatOnLine } from "../../../assembly/chat/pool";
import { chatRun } from "../../../assembly/abi/chat";
import { LineFlag } from "../../../assembly/config/line-settings";
import { asciiBytes, ptrOf } from "../support/bytes";

const TED = 0; // "1234567", callback-rotary 77
const PAT = 1; // callback-dialstring "": the caller gives the number
const KIM = 2; // "7654321", callback-line 8
const FLUSH = LineFlag.FlushAtActivation;

// Lines 4 and 5 take calls (5 with a forced wait of 10 s); 7, 8, 9 are rotary 77.
function rules(withPap: bool = true): CoreBench {
  const c = new BenchConfig();
  c.lines.push(new BenchLine(4, FLUSH | LineFlag.AutoselectPpp));
  c.lines.push(new BenchLine(5, FLUSH | LineFlag.AutoselectPpp, 0, true, 10));
  for (let tty = 7; tty <= 9; tty++) c.lines.push(new BenchLine(tty, FLUSH, 77));
  c.users.push(new BenchUser("Ted", "Rhoda", "1234567", 77));
  c.users.push(new BenchUser("Pat", "P4t", ""));
  c.users.push(new BenchUser("Kim", "K1m", "7654321", 0, 8, 8));
  c.interfaces.push(new BenchInterface(4, IF_ACCEPT | (withPap ? IF_PAP : 0)));
  c.interfaces.push(new BenchInterface(5, IF_ACCEPT | (withPap ? IF_PAP : 0)));
  return new CoreBench(c);
}

function request(tty: u32, user: i32, method: CallbackMethod, id: u32, client: string = "", delayMs: f64 = 0, now: f64 = 0): i32 {
  const n = asciiBytes(client);
  return callbackRequest(tty, user, method, id, ptrOf(n), n.length, delayMs, now);
}

function record(id: i32): CallbackRecord {
  for (let i = 0; i < recordsCount(); i++) {
    const r = recordAt(i)!;
    if (r.state != CallbackState.Free && <i32>r.id == id) return r;
  }
  expect(id).toBe(-1, "no record with that id");
  return recordAt(0)!;
}

function numberOf(r: CallbackRecord): string {
  let s = "";
  for (let i: u32 = 0; i < r.numberLen; i++) s += String.fromCharCode(load<u8>(recordNumber(r) + i));
  return s;
}

/** Lines the orchestrator started dialling on since the bench began (Dialling events). */
function dialling(b: CoreBench): i32[] {
  b.drain();
  const out: i32[] = [];
  for (let i = 0; i < b.events.length; i++) if (b.events[i].kind == CallbackEvent.Dialling) out.push(b.events[i].a1);
  return out;
}

describe("callback orchestrator", () => {
  it("the_configured_number_wins_over_the_number_the_caller_gives", () => {
    rules();
    expect(request(4, TED, CallbackMethod.Rfc1570, 11, "0900666")).toBe(11);
    expect(numberOf(record(11))).toBe("1234567");
    expect(request(4, PAT, CallbackMethod.Rfc1570, 12, "5557777")).toBe(12);
    expect(numberOf(record(12))).toBe("5557777", "only a user without a preset number gives their own");
    expect(request(4, PAT, CallbackMethod.Rfc1570, 13, "")).toBe(-CallbackOutcome.NoNumber);
  });

  it("nothing_is_dialled_while_the_incoming_call_is_being_ended_nor_when_the_caller_holds_it", () => {
    const b = rules();
    expect(request(4, TED, CallbackMethod.Rfc1570, 21, "", 0, 0)).toBe(21);
    callbackTick(600000);
    expect(dialling(b).length).toBe(0, "the incoming line has not gone idle: no dial");
    expect(record(21).state).toBe(CallbackState.HangingUp);
    callbackIncomingHeld(4, 600000);
    expect(record(21).outcome).toBe(CallbackOutcome.CallerHeldLine);
    callbackIncomingIdle(4, 600001);
    callbackTick(1200000);
    expect(dialling(b).length).toBe(0, "a held line is never called");
    for (let tty = 4; tty <= 9; tty++) expect(chatOnLine(tty)).toBeNull();
  });

  it("the_forced_wait_passes_before_dialling_and_a_longer_client_delay_wins", () => {
    const b = rules();
    expect(request(5, PAT, CallbackMethod.Cbcp, 31, "5557777", 0, 0)).toBe(31);
    callbackIncomingIdle(5, 1000);
    expect(record(31).deadline).toBe(11000, "line 5's own forced wait of 10 s");
    callbackTick(10999);
    expect(dialling(b).length).toBe(0);
    callbackTick(11000);
    expect(dialling(b)).toStrictEqual([5]);
    expect(request(4, PAT, CallbackMethod.Cbcp, 32, "5557777", 20000, 20000)).toBe(32);
    callbackIncomingIdle(4, 21000);
    expect(record(32).deadline).toBe(41000, "the CBCP delay, longer than no forced wait");
  });

  it("a_users_callback_line_is_used_even_when_the_incoming_line_is_free", () => {
    const b = rules();
    expect(request(4, KIM, CallbackMethod.Rfc1570, 41)).toBe(41);
    callbackIncomingIdle(4, 0);
    callbackTick(0);
    expect(dialling(b)).toStrictEqual([8]);
    expect(record(41).lineOut).toBe(8);
  });

  it("a_call_from_a_line_outside_the_rotary_leaves_on_a_free_rotary_line", () => {
    const b = rules();
    expect(request(4, TED, CallbackMethod.Rfc1570, 51)).toBe(51);
    expect(request(5, TED, CallbackMethod.Rfc1570, 52)).toBe(52);
    callbackIncomingIdle(4, 0);
    callbackIncomingIdle(5, 0);
    callbackTick(10000);
    const lines = dialling(b);
    expect(lines.length).toBe(2);
    for (let i = 0; i < lines.length; i++) expect(lines[i] >= 7 && lines[i] <= 9).toBe(true, "a line of rotary 77, never 4 or 5");
    expect(lines[0]).not.toBe(lines[1], "each on its own free line");
  });

  it("a_ppp_callback_whose_leg_cannot_authenticate_is_refused_before_dialling", () => {
    const b = rules(false); // no PAP on 4 or 5, no interface on 7..9
    expect(request(4, TED, CallbackMethod.Rfc1570, 61)).toBe(61);
    callbackIncomingIdle(4, 0);
    callbackTick(0);
    expect(dialling(b).length).toBe(0);
    expect(record(61).outcome).toBe(CallbackOutcome.NoAuthentication);
    expect(record(61).lineOut).toBe(0, "no line was taken");
    // An EXEC callback logs in again on the leg: it needs no PPP method.
    expect(request(5, TED, CallbackMethod.Exec, 62)).toBe(62);
    callbackIncomingIdle(5, 20000);
    callbackTick(30000);
    expect(dialling(b).length).toBe(1);
  });

  it("only_the_user_called_back_finishes_a_callback", () => {
    const b = rules();
    expect(request(4, TED, CallbackMethod.Rfc1570, 71)).toBe(71);
    callbackIncomingIdle(4, 0);
    callbackTick(0);
    const out = <u32>dialling(b)[0];
    expect(callbackDialFinished(out, CallbackOutcome.Ok, 100)).not.toBeNull();
    expect(callbackSessionUp(out, -1, 200)).toBe(false, "nobody authenticated");
    expect(record(71).outcome).toBe(CallbackOutcome.WrongUser);
    expect(request(4, TED, CallbackMethod.Rfc1570, 72)).toBe(72);
    callbackIncomingIdle(4, 1000);
    callbackTick(1000);
    const out2 = <u32>dialling(b)[1];
    callbackDialFinished(out2, CallbackOutcome.Ok, 1100);
    expect(callbackSessionUp(out2, KIM, 1200)).toBe(false, "another valid user");
    expect(record(72).outcome).toBe(CallbackOutcome.WrongUser);
    expect(request(4, TED, CallbackMethod.Rfc1570, 73)).toBe(73);
    callbackIncomingIdle(4, 2000);
    callbackTick(2000);
    const out3 = <u32>dialling(b)[2];
    callbackDialFinished(out3, CallbackOutcome.Ok, 2100);
    expect(callbackSessionUp(out3, TED, 2200)).toBe(true);
    expect(record(73).outcome).toBe(CallbackOutcome.Ok);
  });

  it("a_caller_who_holds_the_line_after_dtr_drops_is_never_called", () => {
    const b = rules();
    b.holdsLine = true;
    b.dialIn(4, clientOptions("Ted", "Rhoda", 1, 0));
    expect(b.runUntilFinished(1, 120000)).toBe(true);
    expect(b.first(CallbackEvent.Finished).a1).toBe(CallbackOutcome.CallerHeldLine);
    b.run(30000);
    expect(b.dialled.length).toBe(0);
  });

  it("a_callback_no_chat_runner_is_left_for_ends_as_no_runner", () => {
    const c = new BenchConfig();
    c.lines.push(new BenchLine(4, FLUSH));
    c.lines.push(new BenchLine(5, FLUSH));
    c.users.push(new BenchUser("Ted", "Rhoda", "1234567"));
    c.interfaces.push(new BenchInterface(4, IF_ACCEPT | IF_PAP));
    const b = new CoreBench(c);
    // Three lines in the image (4, 5 and the client's): three runners. The console and two lines take them.
    const none = asciiBytes("5550000");
    for (let k = 0; k < 3; k++) expect(chatRun(k == 0 ? 0 : k == 1 ? 1 : 5, 0, ptrOf(none), none.length)).toBe(0);
    expect(request(4, 0, CallbackMethod.Rfc1570, 81)).toBe(81);
    callbackIncomingIdle(4, 0);
    callbackTick(0);
    expect(record(81).outcome).toBe(CallbackOutcome.NoRunner);
    expect(b.dialled.length).toBe(0);
  });

  it("every_line_of_the_largest_image_starts_dialling_a_callback_at_the_same_moment", () => {
    const c = new BenchConfig();
    for (let tty = 2; tty <= 63; tty++) c.lines.push(new BenchLine(tty, FLUSH));
    c.users.push(new BenchUser("Ted", "Rhoda", "1234567"));
    for (let tty = 2; tty <= 63; tty++) c.interfaces.push(new BenchInterface(tty, IF_ACCEPT | IF_PAP));
    const b = new CoreBench(c);
    expect(recordsCount()).toBe(recordsFor(63));
    for (let tty: u32 = 2; tty <= 63; tty++) expect(request(tty, 0, CallbackMethod.Rfc1570, 100 + tty)).toBe(100 + tty);
    for (let tty: u32 = 2; tty <= 63; tty++) callbackIncomingIdle(tty, 0);
    callbackTick(0);
    expect(dialling(b).length).toBe(62);
    expect(b.count(CallbackEvent.Finished)).toBe(0, "none ended for want of a runner or a record");
    for (let tty = 2; tty <= 63; tty++) expect(chatOnLine(tty)).not.toBeNull();
  });
});
