// An idle line whose modem reports RING (the result text, or the RI signal) is answering, or
// about to answer, an incoming call: for a while it is not free for a callback, whose ATZ
// would end that call and whose script would read its NO CARRIER as the callback's (glare
// before the dial starts; during the script, chat ends on the RING itself).

import { MAX_LINES } from "../mem/tty";

/** How long after a RING an idle line stays taken: a modem's carrier wait (S7, 50 s) and some. */
export const RING_HOLD_MS: f64 = 60000;

// Per line: when the last RING was seen (-1: none), and bytes of LF "RING" CR matched so far.
// @ts-ignore: decorator
@lazy const ringAt: usize = memory.data(MAX_LINES * 8, 8);
// @ts-ignore: decorator
@lazy const matched: usize = memory.data(MAX_LINES);
// @ts-ignore: decorator
@lazy const RING_TEXT: usize = memory.data<u8>([0x0a, 0x52, 0x49, 0x4e, 0x47, 0x0d]);
const RING_TEXT_LEN: u32 = 6;

export function ringWatchReset(): void {
  for (let tty = 0; tty < MAX_LINES; tty++) store<f64>(ringAt + (<usize>tty << 3), -1);
  memory.fill(matched, 0, <usize>MAX_LINES);
}

/** The modem raised RI on `tty`. */
export function ringWatchSignal(tty: u32, now: f64): void {
  if (<i32>tty < MAX_LINES) store<f64>(ringAt + (<usize>tty << 3), now);
}

/** One byte from the modem of idle line `tty`; true when it ends a RING result. */
export function ringWatchByte(tty: u32, b: u8, now: f64): bool {
  if (<i32>tty >= MAX_LINES) return false;
  let seen = <u32>load<u8>(matched + <usize>tty);
  if (b == load<u8>(RING_TEXT + <usize>seen)) seen++;
  else seen = b == load<u8>(RING_TEXT) ? 1 : 0;
  const rang = seen == RING_TEXT_LEN;
  if (rang) {
    seen = 0;
    ringWatchSignal(tty, now);
  }
  store<u8>(matched + <usize>tty, <u8>seen);
  return rang;
}

/** True while `tty`, idle since `idleSince`, has rung within RING_HOLD_MS. */
export function ringWatchRinging(tty: u32, idleSince: f64, now: f64): bool {
  if (<i32>tty >= MAX_LINES) return false;
  const at = load<f64>(ringAt + (<usize>tty << 3));
  return at >= 0 && at >= idleSince && now < at + RING_HOLD_MS;
}
