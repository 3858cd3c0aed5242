import { dialNumberCheck, dialNumberText, dialNumberAllowed, DialProblem, DialSource, DIAL_SHOWN_MAX } from "../../../assembly/callback/dial-number";
import { dialRulesSet, dialRulesReset, DialModifier, DIAL_MAX_LENGTH } from "../../../assembly/config/dial-rules";
import { callbackInit } from "../../../assembly/callback/orchestrator";
import { callbackRequest } from "../../../assembly/callback/request";
import { CallbackMethod, CallbackOutcome, CallbackState, recordAt, recordNumber, recordsCount } from "../../../assembly/callback/record";
import { CallbackEvent } from "../../../assembly/callback/callback-events";
import { directoryReset, directoryAdd, directoryRemoteInit, directorySetCallback, USER_CALLBACK } from "../../../assembly/users/directory";
import { remoteUserSet } from "../../../assembly/callback/remote-user";
import { arenaReset } from "../../../assembly/mem/arena";
import { eventsInit, eventTake, eventCurrentPtr } from "../../../assembly/mem/events";
import { globalCountersReset, globalCounter, GlobalCounter } from "../../../assembly/mem/counters";
import { asciiBytes, ptrOf } from "../support/bytes";

// The dial alphabet (callback/dial-number.ts): a number is digits, * and #, plus the modifiers
// the configuration allows, no longer than its maximum; everything else is refused before a
// chat script can see it, from every source, reported with the callback id and counted.

const TTY: u32 = 7;

function check(s: string): i32 {
  const b = asciiBytes(s);
  return dialNumberCheck(ptrOf(b), b.length);
}

function problemOf(result: i32): i32 {
  return result < 0 ? (-result) & 0xff : 0;
}

function offsetOf(result: i32): i32 {
  return (-result) >> 8;
}

function kept(n: i32): string {
  let s = "";
  for (let i = 0; i < n; i++) s += String.fromCharCode(load<u8>(dialNumberText() + i));
  return s;
}

// Callback records of this bench (init sizes them from the lines: 2 per line + 16).
const RECORDS: i32 = 16;

function fresh(): void {
  arenaReset();
  expect(eventsInit(64, 4096)).toBe(true);
  directoryReset();
  expect(directoryRemoteInit(RECORDS + 1)).toBe(true);
  expect(callbackInit(RECORDS, 0, 0)).toBe(true);
  globalCountersReset();
  dialRulesReset();
  while (eventTake() != 0) {}
}

// A local user with `dial` as its callback-dialstring ("" = the caller gives the number).
function localUser(name: string, dial: string): i32 {
  const n = asciiBytes(name);
  const secret = asciiBytes("pw");
  const index = directoryAdd(ptrOf(n), n.length, ptrOf(secret), secret.length, 0);
  const d = asciiBytes(dial);
  expect(directorySetCallback(index, ptrOf(d), d.length, 0, 0, 0, 0, 0, 0, 0)).toBe(true);
  return index;
}

function request(user: i32, method: CallbackMethod, id: u32, client: string): i32 {
  const c = asciiBytes(client);
  return callbackRequest(TTY, user, method, id, ptrOf(c), c.length, 0, 1000);
}

// The NumberRefused event, as "id,source,problem,offset:number given".
function refusal(): string {
  for (let kind = eventTake(); kind != 0; kind = eventTake()) {
    if (kind != CallbackEvent.NumberRefused) continue;
    const e = eventCurrentPtr();
    let given = "";
    for (let i: u32 = 0; i < load<u32>(e, 28); i++) given += String.fromCharCode(load<u8>(load<u32>(e, 24) + i));
    return `${load<i32>(e, 8)},${load<i32>(e, 12)},${load<i32>(e, 16)},${load<i32>(e, 20)}:${given}`;
  }
  return "none";
}

function recordsTaken(): i32 {
  let n = 0;
  for (let i = 0; i < recordsCount(); i++) if (changetype<usize>(recordAt(i)) != 0 && recordAt(i)!.state != CallbackState.Free) n++;
  return n;
}

describe("dial alphabet", () => {
  it("takes_digits_star_hash_and_removes_visual_separators", () => {
    dialRulesReset();
    expect(check("5551234")).toBe(7);
    expect(kept(7)).toBe("5551234");
    expect(check("*70#1234")).toBe(8);
    const n = check("(555) 123-45.67");
    expect(kept(n)).toBe("5551234567");
  });

  it("refuses_each_bad_kind_at_its_offset", () => {
    dialRulesReset();
    const cr = check("5553030\rAT&D0&W\r");
    expect(problemOf(cr)).toBe(DialProblem.NotDialable);
    expect(offsetOf(cr)).toBe(7);
    expect(offsetOf(check("5551234;&D0&W"))).toBe(7);
    expect(problemOf(check("555CALLME"))).toBe(DialProblem.NotDialable);
    expect(offsetOf(check("555&1"))).toBe(3);
    expect(problemOf(check("+15551234"))).toBe(DialProblem.NotDialable);
    expect(problemOf(check("555\x1b[2J"))).toBe(DialProblem.NotDialable);
    expect(problemOf(check("555\xe9"))).toBe(DialProblem.NotDialable);
    expect(problemOf(check(""))).toBe(DialProblem.Empty);
    expect(problemOf(check("-- ()"))).toBe(DialProblem.Empty);
    const long = check("123456789012345678901234567890123");
    expect(problemOf(long)).toBe(DialProblem.TooLong);
    expect(offsetOf(long)).toBe(<i32>DIAL_MAX_LENGTH);
    expect(check("12345678901234567890123456789012")).toBe(<i32>DIAL_MAX_LENGTH);
  });

  it("allows_only_the_configured_modifiers_and_length", () => {
    dialRulesReset();
    expect(check("9,5551234")).toBe(9);
    expect(problemOf(check("9W5551234"))).toBe(DialProblem.ModifierNotAllowed);
    expect(problemOf(check("P5551234"))).toBe(DialProblem.ModifierNotAllowed);
    expect(problemOf(check("T5551234"))).toBe(DialProblem.ModifierNotAllowed);
    dialRulesSet(0, 32);
    expect(problemOf(check("9,5551234"))).toBe(DialProblem.ModifierNotAllowed);
    dialRulesSet(DialModifier.All, 10);
    expect(check("9W,5551P2T")).toBe(10);
    expect(check("9w,5551p2t")).toBe(10);
    expect(problemOf(check("9W,5551P2T3"))).toBe(DialProblem.TooLong);
    expect(problemOf(check("9S=1"))).toBe(DialProblem.NotDialable);
    expect(problemOf(check("9!1"))).toBe(DialProblem.NotDialable);
    dialRulesReset();
  });

  it("allowed_is_what_the_check_keeps_and_nothing_more", () => {
    dialRulesReset();
    for (let k = 0; k < 6; k++) {
      const s = k == 0 ? "5551234" : k == 1 ? "9,5551234" : k == 2 ? "555-1234" : k == 3 ? "555;" : k == 4 ? "" : "5553030\rAT";
      const b = asciiBytes(s);
      const n = dialNumberCheck(ptrOf(b), b.length);
      expect(dialNumberAllowed(ptrOf(b), b.length)).toBe(n == b.length, s);
    }
  });
});

describe("callback numbers from every source", () => {
  it("a_callers_number_is_refused_by_source_reported_with_the_callback_id_counted_and_no_record_taken", () => {
    fresh();
    const wanda = localUser("wanda", "");
    const given = "5553030\rAT&D0&W\r";
    expect(request(wanda, CallbackMethod.Cbcp, 11, given)).toBe(-CallbackOutcome.BadNumber);
    expect(refusal()).toBe(`11,${DialSource.Cbcp},${DialProblem.NotDialable},7:${given}`);
    expect(request(wanda, CallbackMethod.Rfc1570, 12, "\rAT&F&D0S0=1&W\r")).toBe(-CallbackOutcome.BadNumber);
    expect(refusal()).toBe(`12,${DialSource.Rfc1570},${DialProblem.NotDialable},0:\rAT&F&D0S0=1&W\r`);
    expect(request(wanda, CallbackMethod.Exec, 13, "5551234;&D0&W")).toBe(-CallbackOutcome.BadNumber);
    expect(refusal()).toBe(`13,${DialSource.ExecPrompt},${DialProblem.NotDialable},7:5551234;&D0&W`);
    expect(globalCounter(GlobalCounter.DialNumbersRefused)).toBe(3);
    expect(recordsTaken()).toBe(0);
  });

  it("a_configured_or_server_number_is_refused_as_config_or_aaa", () => {
    fresh();
    const ted = localUser("ted", "555&W");
    expect(request(ted, CallbackMethod.Rfc1570, 21, "")).toBe(-CallbackOutcome.BadNumber);
    expect(refusal()).toBe(`21,${DialSource.Config},${DialProblem.NotDialable},3:555&W`);
    const n = asciiBytes("otto");
    const d = asciiBytes("5551234\rATS0=1&W\r");
    const otto = remoteUserSet(ptrOf(n), n.length, USER_CALLBACK, ptrOf(d), d.length, 0, 0, 0, 0, 0);
    expect(otto >= 0).toBe(true);
    expect(request(otto, CallbackMethod.Initiate, 22, "")).toBe(-CallbackOutcome.BadNumber);
    expect(refusal()).toBe(`22,${DialSource.Aaa},${DialProblem.NotDialable},7:5551234\rATS0=1&W\r`);
    expect(globalCounter(GlobalCounter.DialNumbersRefused)).toBe(2);
    expect(recordsTaken()).toBe(0);
  });

  it("a_good_number_is_kept_without_separators_and_reported_as_dialled", () => {
    fresh();
    const wanda = localUser("wanda", "");
    expect(request(wanda, CallbackMethod.Cbcp, 31, "(555) 303-0")).toBe(31);
    expect(refusal()).toBe("none");
    let r = recordAt(0)!;
    for (let i = 0; i < recordsCount() && r.id != 31; i++) r = recordAt(i)!;
    let number = "";
    for (let i: u32 = 0; i < r.numberLen; i++) number += String.fromCharCode(load<u8>(recordNumber(r) + i));
    expect(number).toBe("5553030");
    expect(globalCounter(GlobalCounter.DialNumbersRefused)).toBe(0);
  });

  it("no_number_stays_no_number_and_an_overlong_one_is_too_long", () => {
    fresh();
    const wanda = localUser("wanda", "");
    expect(request(wanda, CallbackMethod.Cbcp, 41, "")).toBe(-CallbackOutcome.NoNumber);
    let long = "";
    for (let i = 0; i < 200; i++) long += "5";
    expect(request(wanda, CallbackMethod.Cbcp, 42, long)).toBe(-CallbackOutcome.BadNumber);
    const shown = refusal();
    expect(shown.startsWith(`42,${DialSource.Cbcp},${DialProblem.TooLong},32:`)).toBe(true, shown);
    expect(shown.length - shown.indexOf(":") - 1).toBe(<i32>DIAL_SHOWN_MAX, "the event shows a bounded part");
  });
});
