// The login dialogue of a line, as IOS runs it: `User Access Verification`, then `Username:`
// and `Password:` (`login local`, `login authentication`) or `Password:` alone (`login` with
// the line's `password`); three tries; each prompt's deadline counts from the prompt; an
// answer longer than its field ends the attempt; failures are reported, counted by the
// `login block-for` guard and followed by the `login delay`; quiet mode refuses every login.
// Each handler returns the state that comes next (machine-state.ts STAY, or a LineState;
// HangUp ends the call) and machine.ts enters it.

import { eventEmit, EventKind } from "../mem/events";
import { Line } from "./lines";
import { LineMachine, LineState, STAY, USER_BYTES, LOGIN_TRIES } from "./machine-state";
import { textPut } from "./text";
import { EDITOR_BYTES } from "./editor";
import { LineEvent, LoginBlock, LoginFailure } from "./line-events";
import { lineOwner } from "./line-owner";
import { execCallbackAsk } from "./exec-callback";
import { LineFlag } from "../config/line-settings";
import { globalExecCallback } from "../config/globals";
import {
  LINE_PASSWORD_BYTES, linePasswordIs, linePasswordSet, loginDelayMs, loginLogsSuccess, loginBlockForMs, loginBlockAttempts, loginBlockWithinMs,
} from "../config/login";
import { loginGuardFailure, loginGuardLeftMs, loginGuardQuiet, loginGuardWatchLeftMs } from "./login-guard";
import {
  directoryLogin, directoryNamePtr, directoryNameLen, directoryFind, directoryFlags, directoryDialstringLen, USER_CALLBACK,
} from "../users/directory";
import { authAcceptedUser, authLoginAsksHost } from "../protocol/auth";
import { authTokenNext } from "../protocol/auth-token";

/** AuthRequest protocol code of an EXEC login (PPP uses its PAP and CHAP protocol numbers). */
export const AUTH_REQUEST_LOGIN: i32 = 0;
/** The password field: the longest secret a user or a line may have. */
export const PASSWORD_FIELD_BYTES: u32 = LINE_PASSWORD_BYTES;

const LOGIN_BY_USER: u32 = LineFlag.LoginLocal | LineFlag.LoginAuthentication;

// Name ‖ password of a login asked of the host, wiped once the event holds it.
// @ts-ignore: decorator
@lazy const askScratch: usize = memory.data(<i32>(USER_BYTES + EDITOR_BYTES), 4);

/** Whether the line runs a login at all (`login`, `login local`, `login authentication`). */
export function loginConfigured(m: LineMachine): bool {
  return (m.flags & (LOGIN_BY_USER | LineFlag.LoginLine)) != 0;
}

// `login` alone asks for the line password; the second login of a callback always names its user.
function byLinePassword(m: LineMachine): bool {
  return (m.flags & LOGIN_BY_USER) == 0 && (m.flags & LineFlag.LoginLine) != 0 && m.expectedUser < 0;
}

function firstPrompt(m: LineMachine): LineState {
  return byLinePassword(m) ? LineState.Password : LineState.Username;
}

/** A login starts on the line: a `login` line with no password refuses the call (IOS), else the first prompt. */
export function loginOpen(m: LineMachine, l: Line, now: f64): i32 {
  if (byLinePassword(m) && !linePasswordSet(<i32>m.tty)) {
    textPut(l, "\r\n% Password required, but none set\r\n");
    eventEmit(<i32>m.tty, LineEvent.LoginBlocked, LoginBlock.NoPassword);
    return LineState.HangUp;
  }
  return firstPrompt(m);
}

function isLoginState(s: u32): bool {
  return s == LineState.Username || s == LineState.Password || s == LineState.LoginWait || s == LineState.LoginDelay;
}

// Quiet mode: the call is closed without a word, as IOS closes the connection.
function refuseQuiet(m: LineMachine, now: f64): i32 {
  eventEmit(<i32>m.tty, LineEvent.LoginBlocked, LoginBlock.QuietMode, <i32>Math.ceil(loginGuardLeftMs(now) / 1000));
  return LineState.HangUp;
}

/**
 * Entering a prompt (machineEnter's part for Username and Password): the banner when a login
 * opens, quiet mode refusing a new attempt (HangUp), the prompt, and its deadline from now.
 */
export function loginPrompt(m: LineMachine, l: Line, previous: u32, next: LineState, now: f64): i32 {
  const sameAttempt = next == LineState.Password && previous == LineState.Username;
  if (!sameAttempt && loginGuardQuiet(now)) return refuseQuiet(m, now);
  if (!isLoginState(previous)) textPut(l, "\r\n\r\nUser Access Verification\r\n\r\n");
  textPut(l, next == LineState.Username ? "Username: " : "Password: ");
  m.deadline = now + m.loginResponseMs;
  return STAY;
}

/** Longest answer the current prompt takes: a user name, or a password. */
export function loginFieldBytes(m: LineMachine): u32 {
  return m.state == LineState.Username ? USER_BYTES : PASSWORD_FIELD_BYTES;
}

// A failed attempt reported (the name only when it is a user) and counted by the guard; true when it starts quiet mode.
function failureCounted(m: LineMachine, notCalledBack: i32, reason: LoginFailure, now: f64): bool {
  // A name that is no user may be a password typed one prompt early: it stays out of logs.
  const nameLen = m.userLen != 0 && (notCalledBack != 0 || directoryFind(m.user, m.userLen) >= 0) ? m.userLen : 0;
  m.loginTries++;
  eventEmit(<i32>m.tty, LineEvent.LoginFailed, <i32>m.loginTries, notCalledBack, reason, 0, m.user, nameLen);
  if (!loginGuardFailure(now)) return false;
  const block = <i32>(loginBlockForMs() / 1000);
  const within = <i32>(loginBlockWithinMs() / 1000);
  const left = <i32>Math.ceil(loginGuardWatchLeftMs() / 1000);
  eventEmit(<i32>m.tty, LineEvent.QuietModeOn, block, <i32>loginBlockAttempts(), within, left, m.user, nameLen);
  return true;
}

// A refused attempt: the next prompt after the login delay, or the hang-up after the last try or into quiet mode.
function loginRefused(m: LineMachine, l: Line, notCalledBack: i32, reason: LoginFailure, now: f64): i32 {
  const quiet = failureCounted(m, notCalledBack, reason, now);
  const last = m.loginTries >= LOGIN_TRIES || quiet;
  if (byLinePassword(m)) {
    if (last) textPut(l, "% Bad passwords\r\n");
  } else textPut(l, "% Login invalid\r\n\r\n");
  if (last) return LineState.HangUp;
  return loginDelayMs() > 0 ? LineState.LoginDelay : firstPrompt(m);
}

/** The login delay is over: the next attempt's prompt. */
export function loginDelayOver(m: LineMachine): i32 {
  return firstPrompt(m);
}

/** How long a failed attempt holds the next prompt back (`login delay`). */
export function loginDelayDeadline(now: f64): f64 {
  return now + loginDelayMs();
}

/** loginJudged's index for a login by the line password (no user). */
const LINE_PASSWORD_OK: i32 = -2;

// One login attempt judged: `index` is the user, -1 for a refusal, or LINE_PASSWORD_OK.
function loginJudged(m: LineMachine, l: Line, index: i32, now: f64): i32 {
  if (loginGuardQuiet(now)) return refuseQuiet(m, now); // an AAA answer to a question asked before quiet mode: refused too, the right one neither
  if (index == -1) return loginRefused(m, l, 0, LoginFailure.Invalid, now);
  if (index >= 0 && m.expectedUser >= 0 && index != m.expectedUser) {
    return loginRefused(m, l, 1, LoginFailure.Invalid, now); // after a callback only the user who asked for it may log in
  }
  const logged = loginLogsSuccess() ? 1 : 0;
  if (index == LINE_PASSWORD_OK) {
    // The line password names no user: IOS cannot call back such a login (EXEC callback needs a user name).
    eventEmit(<i32>m.tty, LineEvent.LoginSucceeded, -1, logged);
    return LineState.Exec;
  }
  m.userIndex = index;
  eventEmit(<i32>m.tty, LineEvent.LoginSucceeded, index, logged, 0, 0, directoryNamePtr(index), directoryNameLen(index));
  if (m.callbackLeg != 0) {
    const calledBack = lineOwner().legSessionUp(m.tty, index, now); // the second login of an EXEC callback
    m.callbackLeg = 0;
    return calledBack ? LineState.Exec : LineState.HangUp;
  }
  if (globalExecCallback() && (directoryFlags(index) & USER_CALLBACK) != 0) {
    return directoryDialstringLen(index) == 0 ? LineState.CallbackNumber : execCallbackAsk(m, l, 0, 0, now);
  }
  return LineState.Exec;
}

// The password goes to the host in the event (for its AAA server) and leaves the core's memory.
function askHost(m: LineMachine, password: usize, passwordLen: u32): i32 {
  memory.copy(askScratch, m.user, m.userLen);
  memory.copy(askScratch + m.userLen, password, passwordLen);
  memory.fill(password, 0, EDITOR_BYTES);
  m.authToken = authTokenNext();
  eventEmit(<i32>m.tty, EventKind.AuthRequest, AUTH_REQUEST_LOGIN, <i32>m.userLen, <i32>m.authToken, 0, askScratch, m.userLen + passwordLen);
  memory.fill(askScratch, 0, USER_BYTES + EDITOR_BYTES);
  return LineState.LoginWait;
}

/** Whether the login on the line waits for the host's answer to the question `token`. */
export function loginAaaWaiting(m: LineMachine, token: u32): bool {
  return m.state == LineState.LoginWait && token != 0 && token == m.authToken;
}

/** The host's AAA answer for the login the line waits on (loginAaaWaiting). */
export function loginAaaAnswered(m: LineMachine, l: Line, ok: bool, now: f64): i32 {
  m.authToken = 0;
  return loginJudged(m, l, ok ? authAcceptedUser(m.user, m.userLen, true) : -1, now);
}

/** The host never answered: no answer is a refusal. */
export function loginAaaTimedOut(m: LineMachine, l: Line, now: f64): i32 {
  eventEmit(<i32>m.tty, LineEvent.AaaTimeout, 0);
  return loginJudged(m, l, -1, now);
}

/** A line was finished at a login prompt. */
export function loginAnswered(m: LineMachine, l: Line, now: f64): i32 {
  const e = m.editor;
  if (m.state == LineState.Username) {
    if (e.len == 0) {
      textPut(l, "Username: "); // the deadline still counts from the first prompt
      return STAY;
    }
    m.userLen = e.len;
    memory.copy(m.user, e.buf, m.userLen);
    return LineState.Password;
  }
  if (loginGuardQuiet(now)) return refuseQuiet(m, now); // unheard, not even asked of a server: the password is wiped as the prompt is left
  if (byLinePassword(m)) {
    const ok = linePasswordIs(<i32>m.tty, e.buf, e.len);
    return loginJudged(m, l, ok ? LINE_PASSWORD_OK : -1, now);
  }
  if (authLoginAsksHost(m.user, m.userLen)) return askHost(m, e.buf, e.len);
  return loginJudged(m, l, directoryLogin(m.user, m.userLen, e.buf, e.len), now);
}

/** Input went past the field's length: the attempt ends as a failure (no endless answer is taken). */
export function loginOverflowed(m: LineMachine, l: Line, now: f64): i32 {
  textPut(l, "\r\n");
  if (m.state == LineState.Username) m.userLen = 0; // such a name is no user
  return loginRefused(m, l, 0, LoginFailure.TooLong, now);
}

/** The prompt's deadline passed: the call ends; an answer begun counts as a failed login. */
export function loginTimedOut(m: LineMachine, l: Line, now: f64): i32 {
  const begun = m.editor.len > 0 || (m.state == LineState.Password && m.userLen > 0);
  textPut(l, m.state == LineState.Username ? "\r\n% Username:  timeout expired!\r\n" : "\r\n% Password:  timeout expired!\r\n");
  if (begun) {
    if (m.state == LineState.Username) m.userLen = 0; // a name half typed is named nowhere
    failureCounted(m, 0, LoginFailure.Timeout, now);
  }
  return LineState.HangUp;
}
