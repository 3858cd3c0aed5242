// IOS `login block-for S attempts N within W`: the failed logins of every line in one sliding
// window; N of them within W seconds start quiet mode, in which every login on every line is
// refused for S seconds. Fixed memory; time comes only from the callers (tick, the lines).

import { eventEmit } from "../mem/events";
import { GLOBAL_LINE } from "../mem/counters";
import { LineEvent } from "./line-events";
import { LOGIN_ATTEMPTS_MAX } from "../config/login";

// The times of the last `attempts` failures, a ring (oldest at `head` once full).
// @ts-ignore: decorator
@lazy const failedAt: usize = memory.data(<i32>(LOGIN_ATTEMPTS_MAX * 8), 8);
let blockMs: f64 = 0;
let attempts: u32 = 0;
let withinMs: f64 = 0;
let head: u32 = 0;
let held: u32 = 0;
let quietUntil: f64 = -1;
let watchLeftMs: f64 = 0;

/** Sets the rule (blockMs 0 = no throttling) and forgets every failure and any quiet mode. */
export function loginGuardConfigure(block: f64, n: u32, within: f64): void {
  blockMs = block;
  attempts = n < LOGIN_ATTEMPTS_MAX ? n : LOGIN_ATTEMPTS_MAX;
  withinMs = within;
  head = 0;
  held = 0;
  quietUntil = -1;
  watchLeftMs = 0;
}

/** Whether logins are refused at `now`. */
export function loginGuardQuiet(now: f64): bool {
  return quietUntil >= 0 && now < quietUntil;
}

/** Milliseconds of quiet mode left at `now` (0 when none). */
export function loginGuardLeftMs(now: f64): f64 {
  return loginGuardQuiet(now) ? quietUntil - now : 0;
}

/** When the last quiet mode started: how much of the watch window was still left (IOS logs it). */
export function loginGuardWatchLeftMs(): f64 {
  return watchLeftMs;
}

/** Counts a failed login at `now`; true when it starts quiet mode (the window starts afresh after it). */
export function loginGuardFailure(now: f64): bool {
  if (blockMs <= 0 || attempts == 0 || loginGuardQuiet(now)) return false;
  store<f64>(failedAt + (<usize>head << 3), now);
  head = (head + 1) % attempts;
  if (held < attempts) held++;
  if (held < attempts) return false;
  const oldest = load<f64>(failedAt + (<usize>head << 3));
  if (now - oldest > withinMs) return false;
  watchLeftMs = withinMs - (now - oldest);
  quietUntil = now + blockMs;
  head = 0;
  held = 0;
  return true;
}

/** Ends quiet mode when its time is up (reported once); returns when it ends, or -1. */
export function loginGuardTick(now: f64): f64 {
  if (quietUntil < 0) return -1;
  if (now < quietUntil) return quietUntil;
  quietUntil = -1;
  eventEmit(GLOBAL_LINE, <i32>LineEvent.QuietModeOff, 0);
  return -1;
}
