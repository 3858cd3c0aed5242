// `callback limit COUNT MINUTES` (a dialback extension against toll fraud): at most COUNT
// callbacks per user in any MINUTES window. Each user of the directory, local or remote,
// keeps the times of its last callbacks in a small ring taken from the arena at init.

import { arenaTake } from "../mem/arena";
import { DIRECTORY_MAX_USERS, directoryRemoteCount } from "../users/directory";

/** The largest COUNT the configuration may give. */
export const LIMIT_MAX: i32 = 16;
// A time no window reaches back to, for slots that hold no callback yet.
const LONG_AGO: f64 = -1e300;

let rings: usize = 0;
let users: i32 = 0; // local and remote entries of the directory, fixed at init
let limitCount: i32 = 0;
let windowMs: f64 = 0;

/** Sets the limit (`count` 0 = none) and, only then, takes the rings from the arena. False when they do not fit. */
export function limitInit(count: i32, minutes: i32): bool {
  limitCount = count > LIMIT_MAX ? LIMIT_MAX : count < 0 ? 0 : count;
  windowMs = <f64>minutes * 60000;
  rings = 0;
  if (limitCount == 0) return true;
  users = DIRECTORY_MAX_USERS + directoryRemoteCount();
  rings = arenaTake(users * LIMIT_MAX * 8, 8);
  if (rings == 0) return false;
  for (let u = 0; u < users; u++) limitForget(u);
  return true;
}

function ring(user: i32): usize {
  return rings + <usize>(user * LIMIT_MAX) * 8;
}

/** Whether `user` may have one more callback at `now`. */
export function limitAllows(user: i32, now: f64): bool {
  if (limitCount == 0 || rings == 0 || user < 0 || user >= users) return true;
  const r = ring(user);
  let recent = 0;
  for (let k = 0; k < LIMIT_MAX; k++) if (now - load<f64>(r + <usize>k * 8) < windowMs) recent++;
  return recent < limitCount;
}

/** Counts a callback of `user` at `now` (it replaces the oldest one kept). */
export function limitRecord(user: i32, now: f64): void {
  if (limitCount == 0 || rings == 0 || user < 0 || user >= users) return;
  const r = ring(user);
  let oldest = 0;
  for (let k = 1; k < LIMIT_MAX; k++) if (load<f64>(r + <usize>k * 8) < load<f64>(r + <usize>oldest * 8)) oldest = k;
  store<f64>(r + <usize>oldest * 8, now);
}

/** A directory entry now holds someone else: its history goes. */
export function limitForget(user: i32): void {
  if (rings == 0 || user < 0 || user >= users) return;
  const r = ring(user);
  for (let k = 0; k < LIMIT_MAX; k++) store<f64>(r + <usize>k * 8, LONG_AGO);
}
