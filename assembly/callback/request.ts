// A callback asked for: by a user at the EXEC, by a PPP peer that agreed on one (RFC 1570,
// MS-CBCP), by `ppp callback initiate` once the peer authenticated, or for an ARA client
// once ARAP authenticated it (`arap callback`). Which number is
// called (the configured one always wins over the caller's), whether this user may be
// called back at all and to that number, and the record the rest of the callback runs on.
// A callback is asked for only with a user authenticated on the line.

import { eventEmit } from "../mem/events";
import {
  directoryFlags, directoryDialstringPtr, directoryDialstringLen, directoryPatternPtr, directoryPatternLen, directoryRetries, USER_CALLBACK,
} from "../users/directory";
import { InterfaceFlag, interfaceFlags } from "../config/interfaces";
import { globalArapCallback } from "../config/globals";
import { CALLBACK_KIND_RFC1570 } from "../protocol/session-state";
import { ExecCallbackAnswer } from "../line/line-owner";
import { CallbackState, CallbackOutcome, CallbackMethod, recordTake, recordNumber } from "./record";
import { CallbackEvent } from "./callback-events";
import { patternMatch } from "./pattern";
import { limitAllows, limitRecord } from "./limit";
import { dialNumberAccept, dialNumberText, dialSourceOf } from "./dial-number";

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
 * then ends the incoming session and hangs up; carrier-drop.ts continues from there.
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
  r.idleAt = 0;
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

/** `user` at the EXEC asked for a callback (the number typed at `Callback Dialstring:`, or none). */
export function callbackExecAsked(tty: u32, user: i32, session: u32, number: usize, numberLen: u32, now: f64): ExecCallbackAnswer {
  const id = callbackRequest(tty, user, CallbackMethod.Exec, session, number, numberLen, 0, now);
  if (id > 0) return ExecCallbackAnswer.Initiated;
  if (-id == CallbackOutcome.BadNumber) return ExecCallbackAnswer.BadNumber;
  return -id == CallbackOutcome.NotAllowed ? ExecCallbackAnswer.NotAllowed : ExecCallbackAnswer.NotPossible;
}

/**
 * The PPP peer, authenticated as `user`, agreed on a callback with us (RFC 1570 operation
 * 0/1/3, or CBCP type 2/3 with its delay). The session ends the link itself.
 */
export function callbackPppAgreed(
  tty: u32, user: i32, session: u32, kind: i32, operation: u32, delaySeconds: u32, number: usize, numberLen: u32, now: f64,
): void {
  if (user < 0) return; // nobody authenticated: no callback
  const rfc1570 = kind == CALLBACK_KIND_RFC1570;
  if (!rfc1570 && operation == 1) return; // CBCP type 1: no callback, the link goes on
  // RFC 1570 §2.3: only operations 1 (dial string) and 3 (E.164) carry a number we dial.
  const clientNumber = rfc1570 && operation != 1 && operation != 3 ? 0 : numberLen;
  callbackRequest(tty, user, rfc1570 ? CallbackMethod.Rfc1570 : CallbackMethod.Cbcp, session, number, clientNumber, <f64>delaySeconds * 1000, now);
}

/**
 * The PPP peer authenticated as `user` on `tty` (not a callback leg) and LCP agreed on no
 * callback: with `ppp callback initiate` on the line's interface a user who may be called
 * back is, and the link ends for it (false).
 */
export function callbackInitiate(tty: u32, user: i32, callbackNegotiated: bool, session: u32, now: f64): bool {
  if (callbackNegotiated) return true;
  const initiate = (interfaceFlags(<i32>tty) & InterfaceFlag.CallbackInitiate) != 0;
  if (!initiate || user < 0 || (directoryFlags(user) & USER_CALLBACK) == 0) return true;
  return callbackRequest(tty, user, CallbackMethod.Initiate, session, 0, 0, 0, now) <= 0;
}

/**
 * The ARA client on `tty` (not a callback leg) proved itself as `user` with ARAP's DES
 * exchange. With `arap callback`, a user who may be called back is (to the configured
 * number, or the one the client offered when it is ""): true, the client is told and the
 * line drops. Otherwise the session goes on, as an EXEC user whose callback is refused stays
 * at the prompt.
 */
export function callbackArapAuthenticated(tty: u32, user: i32, session: u32, number: usize, numberLen: u32, now: f64): bool {
  if (user < 0 || !globalArapCallback() || (directoryFlags(user) & USER_CALLBACK) == 0) return false;
  return callbackRequest(tty, user, CallbackMethod.Arap, session, number, numberLen, 0, now) > 0;
}
