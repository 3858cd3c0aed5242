// Dial only after the caller's carrier drops. A callback is asked for on a live call; from
// then on its record is HangingUp: the line ends the call (LCP terminate, the EXEC's goodbye,
// DTR drop) and the record waits. It leaves HangingUp only when the incoming line reports it
// went idle (carrier gone, DTR back up): then the forced wait starts (forced-wait.ts), and
// only a record that waits is ever dialled. A caller who keeps carrier after DTR dropped
// ends the callback as CallerHeldLine: nothing is dialled into a held line.

import { eventEmit } from "../mem/events";
import { CallbackRecord, CallbackState, CallbackOutcome, RecordLine, recordOn, recordFinish } from "./record";
import { CallbackEvent } from "./callback-events";
import { forcedWaitMs } from "./forced-wait";
import { callbackLineChoose } from "./outgoing-line";

/** The incoming line `tty` went idle (carrier gone): its callback starts the wait before dialling. */
export function callbackIncomingIdle(tty: u32, now: f64): void {
  const r = recordOn(CallbackState.HangingUp, RecordLine.In, tty);
  if (r == null) return;
  // The wait of the line the callback would leave on now; the dial checks the line it takes.
  const expected = callbackLineChoose(r, now);
  const wait = forcedWaitMs(r, expected < 0 ? <i32>r.lineIn : expected);
  r.idleAt = now;
  r.state = CallbackState.Waiting;
  r.deadline = now + wait;
  eventEmit(<i32>tty, CallbackEvent.Waiting, <i32>r.id, <i32>wait);
}

/** The incoming caller kept the line after we dropped DTR: never call into a held line. */
export function callbackIncomingHeld(tty: u32, now: f64): void {
  const r = recordOn(CallbackState.HangingUp, RecordLine.In, tty);
  if (r != null) recordFinish(r, CallbackOutcome.CallerHeldLine, now);
}

/** Whether `r` may be dialled when its deadline comes: never while its incoming call is being ended. */
export function callbackMayDial(r: CallbackRecord): bool {
  return r.state == CallbackState.Waiting;
}
