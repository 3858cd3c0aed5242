// EXEC callback on the line: the request goes to the line's owner (callback decides whether
// and where to call back), the caller is told what it answered, and the call ends or goes
// back to the prompt.

import { Line } from "./lines";
import { LineMachine, LineState } from "./machine-state";
import { textPut } from "./text";
import { lineOwner, ExecCallbackAnswer } from "./line-owner";

/** Asks a callback for the user logged in on `m` (to `number` when typed); returns the state that comes next. */
export function execCallbackAsk(m: LineMachine, l: Line, number: usize, numberLen: u32, now: f64): i32 {
  const answer = lineOwner().execCallbackAsked(m.tty, m.userIndex, m.sessionId, number, numberLen, now);
  if (answer == ExecCallbackAnswer.Initiated) {
    textPut(l, "Callback initiated - line is disconnected\r\n");
    return LineState.HangUp;
  }
  if (answer == ExecCallbackAnswer.BadNumber) textPut(l, "% Invalid dial string\r\n");
  else textPut(l, answer == ExecCallbackAnswer.NotAllowed ? "% Callback to that number is not allowed\r\n" : "% Callback not possible\r\n");
  return LineState.Exec;
}
