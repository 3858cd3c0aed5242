// A callback's course, from request to result: asked for (request.ts), the incoming call
// ended (carrier-drop.ts), the forced wait (forced-wait.ts), the outgoing line chosen
// (outgoing-line.ts), the line's script dialled (dialer.ts), busy and no answer retried if
// configured, glare retried once, and the leg (leg.ts). Each rule is in its own file; this
// one runs the waits and the dials, and is the only place that starts a dial.

import { eventEmit } from "../mem/events";
import { machineStartDial, machineDialFailed, machineDialConnected, machineDialling } from "../line/machine";
import { directoryRetryGapMs } from "../users/directory";
import { clockNow } from "../mem/clock";
import { ChatResult } from "../chat/runner";
import {
  CallbackRecord, CallbackState, CallbackOutcome, CallbackMethod, RecordLine, recordsInit, recordAt, recordNumber, recordsCount, recordOn, recordFinish,
} from "./record";
import { limitInit } from "./limit";
import { CallbackEvent } from "./callback-events";
import { callbackMayDial } from "./carrier-drop";
import { callbackLineChoose } from "./outgoing-line";
import { forcedWaitDue } from "./forced-wait";
import { callbackLegCanAuthenticate } from "./leg";
import { dialerScript, dialerStart, dialerOutcome } from "./dialer";

/** Built-in retries after glare, on top of `callback retry` (IOS has none; a lost callback is worse). */
export const GLARE_RETRIES: u32 = 1;
/** Gap before a glare retry: the line that met the incoming call hangs up first. */
export const GLARE_RETRY_GAP_MS: f64 = 2000;
/** A glare retry that finds every line taken waits this long for one, looking this often. */
export const GLARE_LINE_WAIT_MS: f64 = 60000;
const GLARE_LINE_POLL_MS: f64 = 1000;

/** `records` callback records and the `callback limit` rings, sized once (`limitCount` 0 = no limit). */
export function callbackInit(records: i32, limitCount: i32, limitMinutes: i32): bool {
  return recordsInit(records) && limitInit(limitCount, limitMinutes);
}

function dial(r: CallbackRecord, now: f64): void {
  const tty = callbackLineChoose(r, now);
  if (tty < 0 && now < r.lineWaitUntil) {
    r.deadline = now + GLARE_LINE_POLL_MS; // still Waiting: the line that met glare frees up soon
    return;
  }
  if (tty < 0) {
    recordFinish(r, CallbackOutcome.NoFreeLine, now);
    return;
  }
  const due = forcedWaitDue(r, tty);
  if (now < due) {
    r.deadline = due; // the line it leaves on asks for a longer wait than the one announced
    eventEmit(tty, CallbackEvent.Waiting, <i32>r.id, <i32>(due - now));
    return;
  }
  if (!callbackLegCanAuthenticate(r, tty)) {
    recordFinish(r, CallbackOutcome.NoAuthentication, now); // nobody would be asked who answered: dial nothing
    return;
  }
  const script = dialerScript(tty, <CallbackMethod>r.method);
  if (script < 0) {
    recordFinish(r, CallbackOutcome.NoScript, now);
    return;
  }
  r.lineOut = <u32>tty;
  r.attempts++;
  r.state = CallbackState.Dialling;
  r.dialAt = now;
  r.deadline = -1;
  eventEmit(tty, CallbackEvent.Dialling, <i32>r.id, tty, <i32>r.attempts, <i32>r.lineIn, recordNumber(r), r.numberLen);
  machineStartDial(tty, r.id, now);
  const started = dialerStart(tty, script, recordNumber(r), r.numberLen, now);
  if (started != CallbackOutcome.Pending) {
    machineDialFailed(tty, now);
    recordFinish(r, started, now);
  }
}

/** Runs due waits; returns the earliest remaining deadline or -1. */
export function callbackTick(now: f64): f64 {
  let next: f64 = -1;
  for (let i = 0; i < recordsCount(); i++) {
    const r = changetype<CallbackRecord>(recordAt(i));
    if (!callbackMayDial(r)) continue;
    if (now >= r.deadline) dial(r, now);
    if (r.state == CallbackState.Waiting && (next < 0 || r.deadline < next)) next = r.deadline;
  }
  return next;
}

/**
 * The callback script on `tty` ended: `outcome` Ok means the modem connected. Busy and no
 * answer are retried while the user's retry count lasts (IOS itself never retries).
 */
export function callbackDialFinished(tty: u32, outcome: CallbackOutcome, now: f64): CallbackRecord | null {
  const r = recordOn(CallbackState.Dialling, RecordLine.Out, tty);
  if (r == null) return null;
  if (outcome == CallbackOutcome.Ok) {
    r.state = CallbackState.Connected;
    r.connectedAt = now;
    eventEmit(<i32>tty, CallbackEvent.Connected, <i32>r.id, <i32>tty, <i32>(now - r.requestedAt));
    return r;
  }
  if (outcome == CallbackOutcome.Glare && r.glares < GLARE_RETRIES) {
    r.glares++;
    r.lineWaitUntil = now + GLARE_RETRY_GAP_MS + GLARE_LINE_WAIT_MS;
    retryAfter(r, tty, outcome, GLARE_RETRY_GAP_MS, now);
    return r;
  }
  const retryable = outcome == CallbackOutcome.Busy || outcome == CallbackOutcome.NoAnswer || outcome == CallbackOutcome.Glare;
  if (retryable && r.retriesLeft > 0) {
    r.retriesLeft--;
    const gap = directoryRetryGapMs(r.userIndex);
    retryAfter(r, tty, outcome, outcome == CallbackOutcome.Glare && gap < GLARE_RETRY_GAP_MS ? GLARE_RETRY_GAP_MS : gap, now);
    return r;
  }
  recordFinish(r, outcome, now);
  return r;
}

function retryAfter(r: CallbackRecord, tty: u32, why: CallbackOutcome, gap: f64, now: f64): void {
  r.state = CallbackState.Waiting;
  r.deadline = now + gap;
  eventEmit(<i32>tty, CallbackEvent.Retry, <i32>r.id, <i32>why, <i32>r.attempts, <i32>gap);
}

/**
 * The chat engine's report that the script on `tty` ended (registered with chatSetOwner at
 * init). On a line that dials a callback: connected, the line is activated for the leg;
 * anything else, the line hangs up (and the callback is retried or finished).
 */
export function callbackChatEnded(tty: i32, result: ChatResult, abortText: usize, abortLen: u32): void {
  const outcome = dialerOutcome(result, abortText, abortLen);
  if (outcome == CallbackOutcome.Pending || !machineDialling(tty)) return; // stopped by the line, or not a callback's script
  const now = clockNow();
  const r = callbackDialFinished(<u32>tty, outcome, now);
  if (outcome != CallbackOutcome.Ok || r == null) {
    machineDialFailed(tty, now);
    return;
  }
  machineDialConnected(tty, now);
}
