// Callback from request to result: which number, hang up the incoming call and make sure
// it is gone, wait, choose the outgoing line, dial with the line's callback script, retry
// if configured, and report every step with the session's callback id.

import { eventEmit } from "../mem/events";
import { lineGet, MAX_LINES } from "../line/lines";
import {
  directoryFlags, directoryDialstringPtr, directoryDialstringLen, directoryPatternPtr, directoryPatternLen,
  directoryRotary, directoryLineFirst, directoryLineLast, directoryRetries, directoryRetryGapMs, USER_CALLBACK,
} from "../users/directory";
import { LineMachine, LineState, machineGet, MODEM_DIALIN } from "../line/machine";
import { machineStartDial, machineDialFailed } from "../line/callback-leg";
import { pppLinkAuthMethods } from "../line/ppp-link";
import {
  CallbackRecord, CallbackState, CallbackOutcome, CallbackMethod, recordsInit, recordAt, recordTake, recordNumber,
  recordsCount,
} from "./record";
import { patternMatch } from "./pattern";
import { limitAllows, limitInit, limitRecord } from "./limit";
import { dialerStart, dialerTick } from "./dialer";
import { CallbackEvent } from "./callback-events";
import { ringWatchRinging } from "../line/ring-watch";
import { dialNumberAccept, dialNumberText, dialSourceOf } from "./dial-number";

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

function findRecord(state: CallbackState, lineField: i32, tty: u32): CallbackRecord | null {
  for (let i = 0; i < recordsCount(); i++) {
    const r = changetype<CallbackRecord>(recordAt(i));
    if (r.state != state) continue;
    if ((lineField == 0 ? r.lineIn : r.lineOut) == tty) return r;
  }
  return null;
}

function refuse(tty: u32, user: i32, outcome: CallbackOutcome): i32 {
  eventEmit(<i32>tty, CallbackEvent.Refused, <i32>outcome, <i32>tty, user);
  return -<i32>outcome;
}

/**
 * Asks for a callback of `user` who came in on `tty` (authenticated already). The number is
 * the user's configured dial string; the client's own (`client`, may be empty) only when the
 * configured one is "" — and then it must match the user's allowed pattern if one is set.
 * Either must pass the dial alphabet (dial-number.ts) first.
 * Returns the callback id (> 0), or -CallbackOutcome when no callback will happen. The caller
 * then ends the incoming session and hangs up; callbackIncomingIdle continues from there.
 */
export function callbackRequest(tty: u32, user: i32, method: CallbackMethod, id: u32, client: usize, clientLen: u32, clientDelayMs: f64, now: f64): i32 {
  if ((directoryFlags(user) & USER_CALLBACK) == 0) return refuse(tty, user, CallbackOutcome.NotAllowed);
  const fromCaller = directoryDialstringLen(user) == 0;
  const givenLen = fromCaller ? clientLen : directoryDialstringLen(user);
  if (givenLen == 0) return refuse(tty, user, CallbackOutcome.NoNumber);
  const given = fromCaller ? client : directoryDialstringPtr(user);
  const checkedLen = dialNumberAccept(tty, id, dialSourceOf(method, fromCaller, user), given, givenLen);
  if (checkedLen < 0) return refuse(tty, user, CallbackOutcome.BadNumber);
  const number = dialNumberText();
  const numberLen = <u32>checkedLen;
  const patternLen = directoryPatternLen(user);
  if (fromCaller && patternLen != 0 && patternMatch(directoryPatternPtr(user), patternLen, number, numberLen) != 1) {
    return refuse(tty, user, CallbackOutcome.NotAllowed);
  }
  if (!limitAllows(user, now)) return refuse(tty, user, CallbackOutcome.RateLimited);
  const r = recordTake();
  if (r == null) return refuse(tty, user, CallbackOutcome.PoolExhausted);
  limitRecord(user, now);
  r.id = id;
  r.state = CallbackState.HangingUp;
  r.method = method;
  r.outcome = CallbackOutcome.Pending;
  r.userIndex = user;
  r.lineIn = tty;
  r.lineOut = 0;
  r.attempts = 0;
  r.retriesLeft = directoryRetries(user);
  r.glares = 0;
  r.lineWaitUntil = 0;
  r.numberLen = numberLen;
  memory.copy(recordNumber(r), number, numberLen);
  r.requestedAt = now;
  r.dialAt = 0;
  r.connectedAt = 0;
  r.finishedAt = 0;
  r.deadline = -1;
  r.waitMs = clientDelayMs;
  eventEmit(<i32>tty, CallbackEvent.Requested, <i32>id, <i32>method, user, 0, recordNumber(r), numberLen);
  return <i32>id;
}

/** The incoming line went idle (carrier gone): start the wait before dialling. */
export function callbackIncomingIdle(tty: u32, now: f64): void {
  const r = findRecord(CallbackState.HangingUp, 0, tty);
  if (r == null) return;
  const m = machineGet(<i32>tty);
  const forced = m == null ? 0 : m.forcedWaitMs;
  const wait = forced > r.waitMs ? forced : r.waitMs;
  r.state = CallbackState.Waiting;
  r.deadline = now + wait;
  eventEmit(<i32>tty, CallbackEvent.Waiting, <i32>r.id, <i32>wait);
}

/** The incoming caller kept the line after we dropped DTR: never call into a held line. */
export function callbackIncomingHeld(tty: u32, now: f64): void {
  const r = findRecord(CallbackState.HangingUp, 0, tty);
  if (r != null) finish(r, CallbackOutcome.CallerHeldLine, now);
}

let chooseNow: f64 = 0;

function lineFree(tty: i32): bool {
  const m = machineGet(tty);
  if (m == null || lineGet(tty) == null || m.state != LineState.Idle) return false;
  if (ringWatchRinging(<u32>tty, m.since, chooseNow)) return false; // its modem is answering a call
  return m.modem != MODEM_DIALIN; // IOS: no outbound scripts on dial-in lines
}

// IOS order: the user's callback-line, else a free line of the user's rotary, else the line
// the call came in on.
function chooseLine(r: CallbackRecord): i32 {
  const first = <i32>directoryLineFirst(r.userIndex);
  if (first > 0) {
    const last = <i32>directoryLineLast(r.userIndex);
    for (let tty = first; tty <= (last >= first ? last : first); tty++) if (lineFree(tty)) return tty;
    return -1;
  }
  const rotary = directoryRotary(r.userIndex);
  if (rotary > 0) {
    for (let tty = 1; tty < MAX_LINES; tty++) {
      const m = machineGet(tty);
      if (m != null && m.rotary == rotary && lineFree(tty)) return tty;
    }
    return -1;
  }
  return lineFree(<i32>r.lineIn) ? <i32>r.lineIn : -1;
}

/**
 * Every leg authenticates: a PPP callback leg on `lineOut` asks for the PPP methods of its
 * own interface, else those of the interface the call came in on (`lineIn`). 0 = none.
 */
export function callbackLegAuth(lineOut: u32, lineIn: u32): u32 {
  const own = pppLinkAuthMethods(lineOut);
  return own != 0 ? own : pppLinkAuthMethods(lineIn);
}

function dial(r: CallbackRecord, now: f64): void {
  chooseNow = now;
  const tty = chooseLine(r);
  if (tty < 0 && now < r.lineWaitUntil) {
    r.deadline = now + GLARE_LINE_POLL_MS; // still Waiting: the line that met glare frees up soon
    return;
  }
  if (tty < 0) {
    finish(r, CallbackOutcome.NoFreeLine, now);
    return;
  }
  const pppLeg = r.method != CallbackMethod.Exec && r.method != CallbackMethod.Arap;
  if (pppLeg && callbackLegAuth(<u32>tty, r.lineIn) == 0) {
    finish(r, CallbackOutcome.NoAuthentication, now); // nobody would be asked who answered: dial nothing
    return;
  }
  const m = changetype<LineMachine>(machineGet(tty));
  if (m.callbackScript < 0) {
    finish(r, CallbackOutcome.NoScript, now);
    return;
  }
  r.lineOut = <u32>tty;
  r.attempts++;
  r.state = CallbackState.Dialling;
  r.dialAt = now;
  r.deadline = -1;
  eventEmit(tty, CallbackEvent.Dialling, <i32>r.id, tty, <i32>r.attempts, <i32>r.lineIn, recordNumber(r), r.numberLen);
  machineStartDial(m, changetype<CallbackRecord>(r), now);
  const started = dialerStart(tty, m.callbackScript, recordNumber(r), r.numberLen, now);
  if (started != CallbackOutcome.Pending) {
    machineDialFailed(m, now);
    finish(r, started, now);
  }
}

/** Runs due waits; returns the earliest remaining deadline or -1. */
export function callbackTick(now: f64): f64 {
  dialerTick(now);
  let next: f64 = -1;
  for (let i = 0; i < recordsCount(); i++) {
    const r = changetype<CallbackRecord>(recordAt(i));
    if (r.state != CallbackState.Waiting) continue;
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
  const r = findRecord(CallbackState.Dialling, 1, tty);
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
  finish(r, outcome, now);
  return r;
}

function retryAfter(r: CallbackRecord, tty: u32, why: CallbackOutcome, gap: f64, now: f64): void {
  r.state = CallbackState.Waiting;
  r.deadline = now + gap;
  eventEmit(<i32>tty, CallbackEvent.Retry, <i32>r.id, <i32>why, <i32>r.attempts, <i32>gap);
}

/**
 * `user` authenticated on the callback leg on `tty`: true when it is the user called back;
 * anyone else ends the callback (WrongUser) and the caller closes the leg.
 */
export function callbackLegAuthenticated(tty: u32, user: i32, now: f64): bool {
  const r = findRecord(CallbackState.Connected, 1, tty);
  if (r == null) return false;
  if (calledBack(r, user)) return true;
  finish(r, CallbackOutcome.WrongUser, now);
  return false;
}

/**
 * The called-back session is up (IPCP opened, or the EXEC prompt shown) with `user`
 * authenticated on it: the callback is ok only for the user it was for; false otherwise
 * (the caller then ends the session).
 */
export function callbackSessionUp(tty: u32, user: i32, now: f64): bool {
  const r = findRecord(CallbackState.Connected, 1, tty);
  if (r == null) return false;
  const ok = calledBack(r, user);
  finish(r, ok ? CallbackOutcome.Ok : CallbackOutcome.WrongUser, now);
  return ok;
}

// The one test of who may finish a callback: the user it was requested for, nobody else.
function calledBack(r: CallbackRecord, user: i32): bool {
  return user >= 0 && user == r.userIndex;
}

/** The outgoing line lost carrier or its session failed before it came up. */
export function callbackSessionLost(tty: u32, outcome: CallbackOutcome, now: f64): void {
  const r = findRecord(CallbackState.Connected, 1, tty);
  if (r != null) finish(r, outcome, now);
}

function finish(r: CallbackRecord, outcome: CallbackOutcome, now: f64): void {
  r.state = CallbackState.Finished;
  r.outcome = outcome;
  r.finishedAt = now;
  r.deadline = -1;
  eventEmit(<i32>(r.lineOut ? r.lineOut : r.lineIn), CallbackEvent.Finished, <i32>r.id, <i32>outcome, <i32>r.lineOut, <i32>(now - r.requestedAt));
}
