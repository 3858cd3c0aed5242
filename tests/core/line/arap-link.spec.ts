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
import { ArapState } from "../../../assembly/protocol/arap-session-state";
import { ArapCloseReason } from "../../../assembly/wire/arap-message";
import { counterGet } from "../../../assembly/abi/exports";
import { LineCounter } from "../../../assembly/mem/counters";
import { arapLinkActiveCount } from "../../../assembly/line/arap-link";
import { poolUsage, PoolId } from "../../../assembly/abi/health";
import { rxPush } from "../../../assembly/abi/exports";
import { mnpEncode } from "../../../assembly/wire/mnp-frame";
import { machineGet, LineState } from "../../../assembly/line/machine-state";
import { hexBytes, ptrOf } from "../support/bytes";

// The client's LR (V.42 Table A.2): constant parameters, framing 2, k 4, N401 256, optimisation 3.
const OUR_LR = "17010201060100000000ff02010203010404020001080103";
const frameOut = heap.alloc(2048);

function pushRaw(line: i32, bytes: StaticArray<u8>, len: i32 = -1): void {
  rxPush(line, ptrOf(bytes), len < 0 ? bytes.length : len);
}

function ptrOfArray(a: StaticArray<u8>): StaticArray<u8> {
  return a;
}

function lineIdle(tty: i32): bool {
  const m = machineGet(tty);
  return m != null && m.state == LineState.Idle;
}

function pushFrame(line: i32, bodyHex: string): void {
  const body = hexBytes(bodyHex);
  const n = mnpEncode(frameOut, 2048, ptrOf(body), body.length);
  rxPush(line, frameOut, n);
}

// Garbage of one kind, 1200 octets (xorshift32: the same every run).
function garbage(kind: string): StaticArray<u8> {
  const out = new StaticArray<u8>(1200);
  let x: u32 = 0x2545f491;
  for (let i = 0; i < out.length; i++) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    let v = <u8>x;
    if (kind == "dle storm") v = i % 3 == 0 ? <u8>x : 0x10;
    else if (kind == "start flags") v = i % 3 == 0 ? 0x16 : i % 3 == 1 ? 0x10 : 0x02;
    else if (kind == "oversize") v = i == out.length - 1 ? 0x10 : <u8>(0x20 + (x & 0x3f));
    else if (kind == "bad fcs lr" && i < 30) v = <u8>[0x17, 1, 2, 1, 6, 1, 0, 0, 0, 0, 0xff, 2, 1, 2, 3, 1, 4, 4, 2, 0, 1, 8, 1, 3, 0x10, 3, 0, 0][i % 28];
    out[i] = v;
  }
  return out;
}

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

  it("garbage_after_the_start_flag_ends_in_a_clean_hang_up_with_no_session_left", () => {
    // Caller's bytes pushed raw on line 4 (the caller is a terminal: the server's replies are ignored).
    const kinds: string[] = ["random", "dle storm", "start flags", "oversize", "bad fcs lr"];
    for (let k = 0; k < kinds.length; k++) {
      const b = araBench();
      b.dialInTerminal(4);
      b.run(3000);
      pushRaw(4, hexBytes("161002"));
      const junk = garbage(kinds[k]);
      for (let i = 0; i < 5; i++) {
        pushRaw(4, ptrOfArray(junk), junk.length);
        b.run(2000);
      }
      b.run(70000); // past every MNP and ARAP wait
      expect(b.countOn(LineEvent.ArapStarted, 4)).toBe(1, kinds[k] + ": the start flag started ARAP");
      expect(arapLinkActiveCount()).toBe(0, kinds[k] + ": no session left running");
      expect(poolUsage(PoolId.ArapSessions)).toBe(0, kinds[k]);
      expect(b.count(CallbackEvent.Requested)).toBe(0, kinds[k] + ": nothing is called back");
      expect(lineIdle(4)).toBe(true, kinds[k] + ": the line is idle again");
    }
  });

  it("an_mnp_link_carrying_bad_arap_packets_ends_the_session_and_hangs_up", () => {
    // Length 0, past the largest, cut short (twice), an unknown code, a control header too short.
    const bad: string[] = ["0000", "ffff41", "0001", "000310", "0004100000ff", "0002107f"];
    const cutShort: bool[] = [false, false, true, true, false, false];
    for (let k = 0; k < bad.length; k++) {
      const b = araBench();
      b.dialInTerminal(4);
      b.run(3000);
      pushFrame(4, OUR_LR); // the client's LR: the server answers with its own
      b.run(500);
      pushFrame(4, "03050004"); // the confirming LA: the data phase starts, the server sends SRVRVERSION
      b.run(500);
      expect(arapState(4)).toBe(ArapState.Version, bad[k] + ": ARAP is waiting for the client's version");
      pushFrame(4, "020401" + bad[k]);
      b.run(70000);
      // Malformed: a protocol error at once. A packet cut short is waited for, until MNP gives up
      // on the server's unacknowledged frames (this caller never acknowledges).
      const want = cutShort[k] ? ArapCloseReason.LinkLost : ArapCloseReason.ProtocolError;
      expect(onLine(b, ArapEvent.ArapLinkDown, 4, want)).toBe(1, bad[k]);
      expect(arapLinkActiveCount()).toBe(0, bad[k]);
      expect(b.count(CallbackEvent.Requested)).toBe(0, bad[k]);
      expect(lineIdle(4)).toBe(true, bad[k] + ": the line is idle again");
    }
  });
});
