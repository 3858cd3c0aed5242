// `show callback` at the EXEC prompt: pending and recent callbacks with their outcome and
// timing (registered as the EXEC's view at init, line/exec.ts execSetCallbackView).

import { Line } from "../line/lines";
import { textPut, textPutEscaped, textPutNumber, textPadAfter, textPutPadded } from "../line/text";
import { directoryNamePtr, directoryNameLen } from "../users/directory";
import { CallbackRecord, CallbackState, recordAt, recordNumber, recordsCount } from "./record";

const METHODS: StaticArray<string> = ["-", "rfc1570", "cbcp", "initiate", "exec", "arap"];
const STATES: StaticArray<string> = ["free", "hanging up", "waiting", "dialling", "connected", "finished"];
const OUTCOMES: StaticArray<string> = [
  "pending", "ok", "busy", "no answer", "chat timeout", "chat abort", "no free line", "carrier lost",
  "caller held line", "not allowed", "no script", "no number", "cancelled", "session failed", "no dialtone", "no record",
  "rate limited", "bad number", "no runner", "no authentication", "wrong user", "glare",
];

/** Writes the table to the line of the EXEC that asked, at `now`. */
export function callbackShow(l: Line, now: f64): void {
  textPut(l, "  Id User       Method   Number           In Out State      Result           Secs\r\n");
  for (let i = 0; i < recordsCount(); i++) {
    const r = changetype<CallbackRecord>(recordAt(i));
    if (r.state == CallbackState.Free) continue;
    textPutNumber(l, r.id, 4);
    textPut(l, " ");
    textPadAfter(l, textPutEscaped(l, directoryNamePtr(r.userIndex), directoryNameLen(r.userIndex)), 11);
    textPutPadded(l, r.method < 6 ? METHODS[r.method] : "?", 9);
    textPadAfter(l, textPutEscaped(l, recordNumber(r), r.numberLen), 17);
    textPutNumber(l, r.lineIn, 2);
    textPutNumber(l, r.lineOut, 4);
    textPut(l, " ");
    textPutPadded(l, STATES[r.state], 11);
    textPutPadded(l, r.outcome < <u32>OUTCOMES.length ? OUTCOMES[r.outcome] : "?", 16);
    const end = r.state == CallbackState.Finished ? r.finishedAt : now;
    textPutNumber(l, <u32>((end - r.requestedAt) / 1000), 5);
    textPut(l, "\r\n");
  }
}
