// The seam between callback and the chat engine: start the line's callback script, feed it
// the modem's bytes, stop it, and turn its result into a callback outcome for the line.

import { lineGet } from "../line/lines";
import { chatPoolAdvance, chatPoolRun, chatPoolInput, chatPoolStop } from "../chat/pool";
import { ChatResult, CHAT_WATCH_RING } from "../chat/runner";
import { ChatError } from "../chat/program";
import { machineDialResult } from "../line/callback-leg";
import { CallbackOutcome } from "./record";

let now: f64 = 0;

/**
 * Starts chat script `script` on `tty` with \\T = the number. Returns Pending when it runs,
 * else why not: NoRunner when every runner is busy, NoScript for anything else.
 */
export function dialerStart(tty: i32, script: i32, number: usize, numberLen: u32, at: f64): CallbackOutcome {
  const l = lineGet(tty);
  if (l == null) return CallbackOutcome.NoScript;
  now = at;
  // A callback dials from inside tick, before the pool's own tick: its deadlines must count from now.
  chatPoolAdvance(at);
  // Whatever the script says, an incoming call's RING ends it: the modem would otherwise
  // answer that call and the script take its CONNECT for the callback's (glare).
  const status = chatPoolRun(tty, changetype<usize>(l.txRing), script, number, <i32>numberLen, CHAT_WATCH_RING);
  if (status == 0) return CallbackOutcome.Pending;
  return (-status & 0xff) == ChatError.NoRunner ? CallbackOutcome.NoRunner : CallbackOutcome.NoScript;
}

/** Bytes from the modem while the script runs; returns how many it took. */
export function dialerInput(tty: i32, src: usize, len: i32, at: f64): i32 {
  now = at;
  chatPoolAdvance(at);
  return chatPoolInput(tty, src, len);
}

export function dialerStop(tty: i32): void {
  chatPoolStop(tty);
}

/** Keeps the seam's notion of time for results that arrive from chat deadlines. */
export function dialerTick(at: f64): void {
  now = at;
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

/** The chat engine's report that the script on `tty` ended (abort text when it aborted). */
export function dialerFinished(tty: i32, result: ChatResult, abortText: usize, abortLen: u32): void {
  let outcome = CallbackOutcome.ChatAbort;
  switch (result) {
    case ChatResult.Success: outcome = CallbackOutcome.Ok; break;
    case ChatResult.Abort: outcome = abortOutcome(abortText, abortLen); break;
    case ChatResult.Timeout: outcome = CallbackOutcome.ChatTimeout; break;
    case ChatResult.CarrierLost: outcome = CallbackOutcome.CarrierLost; break;
    case ChatResult.BadScript: outcome = CallbackOutcome.NoScript; break;
    case ChatResult.Stopped: return; // stopped by the line itself: it already knows
  }
  machineDialResult(tty, outcome, now);
}
