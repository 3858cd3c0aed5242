// The `login block-for` guard on its own: its window, quiet mode and its end, with explicit times.

import { eventsInit, eventTake, eventCurrentPtr } from "../../../assembly/mem/events";
import { arenaReset } from "../../../assembly/mem/arena";
import { LineEvent } from "../../../assembly/line/line-events";
import {
  loginGuardConfigure, loginGuardFailure, loginGuardQuiet, loginGuardLeftMs, loginGuardTick, loginGuardWatchLeftMs,
} from "../../../assembly/line/login-guard";

function setUp(blockMs: f64, attempts: u32, withinMs: f64): void {
  arenaReset();
  eventsInit(16, 256);
  loginGuardConfigure(blockMs, attempts, withinMs);
}

/** Kind:line of the events queued since the last call, joined by ",". */
function events(): string {
  let out = "";
  for (let k = eventTake(); k != 0; k = eventTake()) out += (out.length ? "," : "") + k.toString() + ":" + load<u16>(eventCurrentPtr(), 4).toString();
  return out;
}

describe("login guard", () => {
  it("the_nth_failure_within_the_window_starts_quiet_mode_for_the_block_period", () => {
    setUp(60000, 3, 30000);
    expect(loginGuardFailure(0)).toBe(false);
    expect(loginGuardFailure(10000)).toBe(false);
    expect(loginGuardFailure(30000)).toBe(true, "three failures in 30 s, the window's edge included");
    expect(loginGuardWatchLeftMs()).toBe(0);
    expect(loginGuardQuiet(30000)).toBe(true);
    expect(loginGuardLeftMs(40000)).toBe(50000);
    expect(loginGuardQuiet(89999)).toBe(true);
    expect(loginGuardQuiet(90000)).toBe(false);
  });

  it("failures_spread_wider_than_the_window_never_start_it", () => {
    setUp(60000, 3, 30000);
    for (let i = 0; i < 20; i++) expect(loginGuardFailure(<f64>i * 15001)).toBe(false);
  });

  it("the_window_slides_an_old_failure_drops_out", () => {
    setUp(60000, 3, 30000);
    loginGuardFailure(0);
    loginGuardFailure(20000);
    expect(loginGuardFailure(30001)).toBe(false, "the failure at 0 is older than 30 s");
    expect(loginGuardFailure(45000)).toBe(true, "20, 30 and 45 s are within 30 s");
    expect(loginGuardWatchLeftMs()).toBe(5000);
  });

  it("failures_during_quiet_mode_are_not_counted_and_the_window_starts_afresh_after_it", () => {
    setUp(60000, 2, 30000);
    loginGuardFailure(0);
    expect(loginGuardFailure(1)).toBe(true);
    expect(loginGuardFailure(2)).toBe(false);
    expect(loginGuardFailure(3)).toBe(false);
    expect(loginGuardFailure(60001)).toBe(false, "the first failure after quiet mode is the first of a new window");
    expect(loginGuardFailure(60002)).toBe(true);
  });

  it("tick_ends_quiet_mode_once_on_the_global_line", () => {
    setUp(60000, 1, 30000);
    events();
    expect(loginGuardTick(0)).toBe(-1);
    loginGuardFailure(1000);
    expect(loginGuardTick(2000)).toBe(61000);
    expect(events()).toBe("");
    expect(loginGuardTick(61000)).toBe(-1);
    expect(events()).toBe(LineEvent.QuietModeOff.toString() + ":65535");
    expect(loginGuardTick(70000)).toBe(-1);
    expect(events()).toBe("");
  });

  it("without_block_for_nothing_is_counted", () => {
    setUp(0, 0, 0);
    for (let i = 0; i < 300; i++) expect(loginGuardFailure(<f64>i)).toBe(false);
    expect(loginGuardQuiet(0)).toBe(false);
  });

  it("the_largest_attempt_count_is_remembered_whole", () => {
    setUp(1000, 255, 1000000);
    for (let i = 0; i < 254; i++) expect(loginGuardFailure(<f64>i)).toBe(false);
    expect(loginGuardFailure(254)).toBe(true);
  });
});
