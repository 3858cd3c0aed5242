// The forced wait: between the incoming call's end and the first dial, the larger of the
// `callback forced-wait` of the line the callback leaves on (its own, else the global one: the
// image carries the value that applies, config/line-settings.ts lineForcedWait; the chapter
// sets it on the outgoing callback lines) and the delay the client asked for (MS-CBCP). It
// counts from the moment the caller's carrier dropped (carrier-drop.ts). Retries wait their
// own gap instead.

import { lineForcedWait } from "../config/line-settings";
import { CallbackRecord } from "./record";

/** Milliseconds between the carrier drop and the dial when `r` leaves on `tty`. */
export function forcedWaitMs(r: CallbackRecord, tty: i32): f64 {
  const seconds = lineForcedWait(tty);
  const forced: f64 = seconds < 0 ? 0 : <f64>seconds * 1000;
  return forced > r.waitMs ? forced : r.waitMs;
}

/** The earliest time `r` may be dialled on `tty`: its first attempt after the forced wait, a retry at once. */
export function forcedWaitDue(r: CallbackRecord, tty: i32): f64 {
  return r.attempts == 0 && r.glares == 0 ? r.idleAt + forcedWaitMs(r, tty) : 0;
}
