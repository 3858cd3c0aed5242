// The line's side of a callback: the EXEC callback notice and hang-up, the outgoing line
// handed to the dialer, the dial's result, and the session on the line that was called back.

import { Line, lineGet } from "./lines";
import {
  LineMachine, LineState, machineGet, machineEnter, machineHangUp, machineStartPpp, activationDone,
} from "./machine";
import { textPut } from "./text";
import { directoryFlags, USER_NOCALLBACK_VERIFY } from "../users/directory";
import { LineFlag } from "../config/line-settings";
import { callbackRequest, callbackDialFinished, callbackSessionUp } from "../callback/orchestrator";
import { CallbackRecord, CallbackMethod, CallbackOutcome } from "../callback/record";

// EXEC callback: tell the user, hang up, and let the orchestrator call back.
export function execCallbackStart(m: LineMachine, l: Line, number: usize, numberLen: u32, now: f64): void {
  const id = callbackRequest(m.tty, m.userIndex, CallbackMethod.Exec, m.sessionId, number, numberLen, 0, now);
  if (id < 0) {
    if (-id == CallbackOutcome.BadNumber) textPut(l, "% Invalid dial string\r\n");
    else textPut(l, -id == CallbackOutcome.NotAllowed ? "% Callback to that number is not allowed\r\n" : "% Callback not possible\r\n");
    machineEnter(m, l, LineState.Exec, now);
    return;
  }
  textPut(l, "Callback initiated - line is disconnected\r\n");
  machineHangUp(m, l, now);
}

/** The orchestrator chose this line for `r`: raise DTR and hand the line to the dialer. */
export function machineStartDial(m: LineMachine, r: CallbackRecord, now: f64): void {
  const l = lineGet(<i32>m.tty);
  if (l == null) return;
  m.callback = changetype<usize>(r);
  m.sessionId = r.id;
  machineEnter(m, l, LineState.Dialling, now);
}

/** The dialer could not start: the line goes back through a hang-up. */
export function machineDialFailed(m: LineMachine, now: f64): void {
  const l = lineGet(<i32>m.tty);
  if (l == null) return;
  m.callback = 0;
  machineHangUp(m, l, now);
}

/** The callback script on `tty` ended with `outcome`; on success the session starts. */
export function machineDialResult(tty: i32, outcome: CallbackOutcome, now: f64): void {
  const m = machineGet(tty);
  const l = lineGet(tty);
  if (m == null || l == null || m.state != LineState.Dialling) return;
  const r = callbackDialFinished(m.tty, outcome, now);
  if (outcome != CallbackOutcome.Ok || r == null) {
    m.callback = 0;
    machineHangUp(m, l, now);
    return;
  }
  // Connected: the line is activated like any other call (flush, then the session).
  m.skipToLineEnd = 1;
  machineEnter(m, l, LineState.Activation, now);
  if ((m.flags & LineFlag.FlushAtActivation) == 0) activationDone(m, l, now);
}

// The called-back session: EXEC (again with a login unless nocallback-verify) or PPP.
export function callbackLegStart(m: LineMachine, l: Line, now: f64): void {
  const r = changetype<CallbackRecord>(m.callback);
  if (r.method == CallbackMethod.Exec) {
    if (directoryFlags(r.userIndex) & USER_NOCALLBACK_VERIFY) {
      // IOS nocallback-verify: the configuration waives the second login for this user.
      m.userIndex = r.userIndex;
      m.callback = 0;
      callbackSessionUp(m.tty, r.userIndex, now);
      machineEnter(m, l, LineState.Exec, now);
    } else {
      m.expectedUser = r.userIndex;
      machineEnter(m, l, LineState.Username, now);
    }
    return;
  }
  // The callback leg authenticates the same user again: nobody is known on it before then.
  m.userIndex = -1;
  m.expectedUser = r.userIndex;
  machineStartPpp(m, l, 2, now);
}
