// The forced wait: between the incoming call's end and the dial, the larger of the incoming
// line's `callback forced-wait` (its own, else the global one: the image carries the value
// that applies, config/line-settings.ts lineForcedWait) and the delay the client asked for
// (MS-CBCP). It counts from the moment the caller's carrier dropped (carrier-drop.ts).

import { lineForcedWait } from "../config/line-settings";
import { CallbackRecord } from "./record";

/** Milliseconds `r` waits, once its incoming line is idle, before a line is chosen and dialled. */
export function forcedWaitMs(r: CallbackRecord): f64 {
  const seconds = lineForcedWait(<i32>r.lineIn);
  const forced: f64 = seconds < 0 ? 0 : <f64>seconds * 1000;
  const wait = forced > r.waitMs ? forced : r.waitMs;
  return wait;
}
