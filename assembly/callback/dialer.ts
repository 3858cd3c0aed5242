// The seam between callback and the chat engine: the chat script chosen for the line, started
// on it with the number as \T, and its end turned into a callback outcome. While it runs the
// line hands the modem's bytes to it (line/machine.ts, Dialling); its end comes back through
// the chat engine's owner (orchestrator.ts callbackChatEnded).

import { lineGet } from "../line/lines";
import { lineCallbackScript, lineArapCallbackScript } from "../config/line-settings";
import { chatPoolRun } from "../chat/pool";
import { ChatResult, CHAT_WATCH_RING } from "../chat/runner";
import { ChatError } from "../chat/program";
import { CallbackOutcome, CallbackMethod } from "./record";

/**
 * The chat script a callback of `method` dials with on `tty`, -1 when the line has none:
 * `script callback` (`script arap-callback` for an ARA client) is an IOS regular expression
 * over the script names, matched by the compiler; the image carries the index of the first
 * match for each line (config/line-settings.ts).
 */
export function dialerScript(tty: i32, method: CallbackMethod): i32 {
  return method == CallbackMethod.Arap ? lineArapCallbackScript(tty) : lineCallbackScript(tty);
}

/**
 * Starts chat script `script` on `tty` at `now` with \\T = the number. Returns Pending when
 * it runs, else why not: NoRunner when every runner is busy, NoScript for anything else.
 */
export function dialerStart(tty: i32, script: i32, number: usize, numberLen: u32, now: f64): CallbackOutcome {
  const l = lineGet(tty);
  if (l == null) return CallbackOutcome.NoScript;
  // Whatever the script says, an incoming call's RING ends it: the modem would otherwise
  // answer that call and the script take its CONNECT for the callback's (glare).
  const status = chatPoolRun(tty, changetype<usize>(l.txRing), script, number, <i32>numberLen, now, CHAT_WATCH_RING);
  if (status == 0) return CallbackOutcome.Pending;
  return (-status & 0xff) == ChatError.NoRunner ? CallbackOutcome.NoRunner : CallbackOutcome.NoScript;
}

function contains(ptr: usize, len: u32, word: string): bool {
  const n = <u32>word.length;
  for (let i: u32 = 0; i + n <= len; i++) {
    let k: u32 = 0;
    while (k < n && <u32>load<u8>(ptr + i + k) == <u32>word.charCodeAt(k)) k++;
    if (k == n) return true;
  }
  return false;
}

// Which modem answer ended the script: the retryable ones are told apart from the rest.
function abortOutcome(text: usize, len: u32): CallbackOutcome {
  if (contains(text, len, "RING") && !contains(text, len, "RINGING")) return CallbackOutcome.Glare;
  if (contains(text, len, "BUSY")) return CallbackOutcome.Busy;
  if (contains(text, len, "NO ANSWER") || contains(text, len, "NO CARRIER")) return CallbackOutcome.NoAnswer;
  if (contains(text, len, "NO DIALTONE") || contains(text, len, "NO DIAL TONE")) return CallbackOutcome.NoDialtone;
  return CallbackOutcome.ChatAbort;
}

/** The outcome of a callback script that ended with `result` (abort text when it aborted); Pending for one the line stopped itself. */
export function dialerOutcome(result: ChatResult, abortText: usize, abortLen: u32): CallbackOutcome {
  switch (result) {
    case ChatResult.Success: return CallbackOutcome.Ok;
    case ChatResult.Abort: return abortOutcome(abortText, abortLen);
    case ChatResult.Timeout: return CallbackOutcome.ChatTimeout;
    case ChatResult.CarrierLost: return CallbackOutcome.CarrierLost;
    case ChatResult.BadScript: return CallbackOutcome.NoScript;
    case ChatResult.Stopped: return CallbackOutcome.Pending; // stopped by the line itself: it already knows
  }
  return CallbackOutcome.ChatAbort;
}
