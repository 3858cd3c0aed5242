// Callback records: a fixed pool holding pending callbacks and the recent finished ones
// (`show callback`). A finished record is reused only when no free one is left, oldest first.
// Every callback ends here too (recordFinish), with its Finished event.

import { arenaTake } from "../mem/arena";
import { eventEmit } from "../mem/events";
import { CallbackEvent } from "./callback-events";

export const NUMBER_BYTES: u32 = 32;
/** Finished callbacks kept for `show callback` on top of the ones lines can have pending. */
export const RECORDS_HISTORY: i32 = 16;

export const enum CallbackMethod {
  Rfc1570 = 1,
  Cbcp = 2,
  Initiate = 3,
  Exec = 4,
  Arap = 5,
}

export const enum CallbackState {
  Free = 0,
  HangingUp = 1, // the incoming call is being ended
  Waiting = 2, // forced wait / client delay / retry gap
  Dialling = 3, // chat script running on the outgoing line
  Connected = 4, // modem connected; the session is coming up
  Finished = 5,
}

export const enum CallbackOutcome {
  Pending = 0,
  Ok = 1,
  Busy = 2,
  NoAnswer = 3,
  ChatTimeout = 4,
  ChatAbort = 5,
  NoFreeLine = 6,
  CarrierLost = 7,
  CallerHeldLine = 8,
  NotAllowed = 9,
  NoScript = 10,
  NoNumber = 11,
  Cancelled = 12,
  SessionFailed = 13,
  NoDialtone = 14,
  PoolExhausted = 15,
  RateLimited = 16, // `callback limit` reached for the user
  BadNumber = 17, // the number failed the dial alphabet (dial-number.ts)
  NoRunner = 18, // every chat runner busy (none free to run the callback script)
  NoAuthentication = 19, // the callback leg would have no PPP authentication method
  WrongUser = 20, // someone other than the user called back authenticated on the leg
  Glare = 21, // an incoming call rang the line as it dialled (the script saw RING)
}

//  CallbackRecord (144 bytes):
//  id, state, method, outcome, userIndex, lineIn, lineOut, attempts, retriesLeft, numberLen, glares (u32),
//  requestedAt, dialAt, connectedAt, finishedAt, deadline, waitMs, lineWaitUntil, idleAt (f64), number[32].
@unmanaged
export class CallbackRecord {
  id: u32;
  state: u32;
  method: u32;
  outcome: u32;
  userIndex: i32;
  lineIn: u32;
  lineOut: u32;
  attempts: u32;
  retriesLeft: u32;
  numberLen: u32;
  /** Attempts that met an incoming call (glare). */
  glares: u32;
  requestedAt: f64;
  dialAt: f64;
  connectedAt: f64;
  finishedAt: f64;
  deadline: f64;
  waitMs: f64;
  /** After glare, a retry finding no free line waits for one until then. */
  lineWaitUntil: f64;
  /** When the incoming line went idle (the caller's carrier dropped): the forced wait counts from here. */
  idleAt: f64;
}

const RECORD_BYTES: i32 = offsetof<CallbackRecord>() + <i32>NUMBER_BYTES;

let records: usize = 0;
let recordCount: i32 = 0;

/**
 * Records for `lines` TTY lines. Each line can at once be the incoming line of one callback
 * (hanging up: it takes no new call before it is idle) and the outgoing line of another
 * (dialling, connected), so every line calling back at the same moment needs two per line;
 * RECORDS_HISTORY more keep `show callback` history and absorb a line that takes a new call
 * during another callback's forced wait.
 */
export function recordsFor(lines: i32): i32 {
  return 2 * (lines > 0 ? lines : 0) + RECORDS_HISTORY;
}

/** Carves `count` records from the arena; false when they do not fit. */
export function recordsInit(count: i32): bool {
  recordCount = 0;
  records = count > 0 ? arenaTake(RECORD_BYTES * count, 8) : 0;
  if (records == 0) return false;
  recordCount = count;
  return true;
}

/** Records carved at init. */
export function recordsCount(): i32 {
  return recordCount;
}

export function recordAt(index: i32): CallbackRecord | null {
  if (records == 0 || index < 0 || index >= recordCount) return null;
  return changetype<CallbackRecord>(records + <usize>(index * RECORD_BYTES));
}

export function recordNumber(r: CallbackRecord): usize {
  return changetype<usize>(r) + offsetof<CallbackRecord>();
}

/** A record to fill: a free one, else the oldest finished one; null when all are pending. */
export function recordTake(): CallbackRecord | null {
  let oldest: CallbackRecord | null = null;
  for (let i = 0; i < recordCount; i++) {
    const r = changetype<CallbackRecord>(recordAt(i));
    if (r.state == CallbackState.Free) return r;
    if (r.state == CallbackState.Finished && (oldest == null || r.finishedAt < oldest.finishedAt)) oldest = r;
  }
  return oldest;
}

/** Records still in progress (not free, not finished). */
export function recordsPending(): i32 {
  let n = 0;
  for (let i = 0; i < recordCount; i++) {
    const r = recordAt(i);
    if (r != null && r.state != CallbackState.Free && r.state != CallbackState.Finished) n++;
  }
  return n;
}

/** Which of a record's lines recordOn compares. */
export const enum RecordLine {
  In = 0, // the line the call came in on
  Out = 1, // the line that dials, or dialled, the callback
}

/** The record in `state` whose `side` line is `tty`, or null. */
export function recordOn(state: CallbackState, side: RecordLine, tty: u32): CallbackRecord | null {
  for (let i = 0; i < recordCount; i++) {
    const r = changetype<CallbackRecord>(recordAt(i));
    if (r.state != state) continue;
    if ((side == RecordLine.In ? r.lineIn : r.lineOut) == tty) return r;
  }
  return null;
}

/** The callback ends with `outcome` (reported on the line out, or in when nothing was dialled). */
export function recordFinish(r: CallbackRecord, outcome: CallbackOutcome, now: f64): void {
  r.state = CallbackState.Finished;
  r.outcome = outcome;
  r.finishedAt = now;
  r.deadline = -1;
  eventEmit(<i32>(r.lineOut ? r.lineOut : r.lineIn), CallbackEvent.Finished, <i32>r.id, <i32>outcome, <i32>r.lineOut, <i32>(now - r.requestedAt));
}
