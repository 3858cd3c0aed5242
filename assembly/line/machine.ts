// One state machine per TTY line: carrier, activation flush, autoselect, the login dialogue
// (login.ts), the EXEC, a PPP or ARAP session, and hang-up. One enter-state function, one
// handler per state.

import { arenaTake } from "../mem/arena";
import { eventEmit, EventKind } from "../mem/events";
import { ringUsed } from "../mem/ring";
import { Line, lineGet, lineReceive, SIGNAL_DCD, SIGNAL_RI, OUTPUT_DTR, OUTPUT_RTS, MAX_LINES } from "./lines";
import { Editor, editorFeed, editorReset, EditResult, EDITOR_BYTES } from "./editor";
import { textPut, textPutBytes } from "./text";
import { LineEvent } from "./line-events";
import { LineFlag } from "../config/line-settings";
import { LOGIN_RESPONSE_DEFAULT_MS } from "../config/login";
import { execRun, ExecOutcome } from "./exec";
import { callbackIncomingIdle, callbackIncomingHeld, callbackSessionLost } from "../callback/orchestrator";
import { CallbackOutcome } from "../callback/record";
import { execCallbackStart, callbackLegStart } from "./callback-leg";
import { dialerInput, dialerStop } from "../callback/dialer";
import { pppLinkOpen } from "./ppp-link";
import { pppOwnerLowerDown } from "./ppp-owner";
import {
  loginAaaTimedOut, loginAnswered, loginConfigured, loginDelayDeadline, loginDelayOver, loginFieldBytes, loginOpen, loginOverflowed,
  loginPrompt, loginTimedOut,
} from "./login";
import { loginGuardConfigure } from "./login-guard";
import { ringWatchByte, ringWatchReset, ringWatchSignal } from "./ring-watch";

export const enum LineState {
  Idle = 0,
  Activation = 1,
  Autoselect = 2,
  Username = 3,
  Password = 4,
  Exec = 5,
  Ppp = 6,
  Arap = 7,
  HangUp = 8,
  Dialling = 9, // a callback script runs on this line
  CallbackNumber = 10, // EXEC callback asks the user for the number
  LoginWait = 11, // the host asks an AAA server about the login (AuthRequest event)
  LoginDelay = 12, // `login delay`: the next attempt's prompt waits
}

// Line configuration bits: the image's line record flags (boards/image.md).
const LINE_AUTOSELECT_PPP: u32 = LineFlag.AutoselectPpp;
const LINE_AUTOSELECT_ARAP: u32 = LineFlag.AutoselectArap;
const LINE_AUTOSELECT_DURING_LOGIN: u32 = LineFlag.AutoselectDuringLogin;
const LINE_FLUSH_AT_ACTIVATION: u32 = LineFlag.FlushAtActivation;
const LINE_FRAME_MONITOR: u32 = LineFlag.FrameMonitor;
const LINE_CONSOLE: u32 = LineFlag.Console;

/** `modem` settings as the image codes them (0 = none). */
export const MODEM_INOUT: u32 = 1;
export const MODEM_DIALIN: u32 = 2;

/** IOS clears what arrives in the first moments after activation (line noise). */
export const ACTIVATION_FLUSH_MS: f64 = 1000;
/** IOS `timeout login response` default (a line's own value is in loginResponseMs). */
export const LOGIN_RESPONSE_MS: f64 = LOGIN_RESPONSE_DEFAULT_MS;
/** How long a login waits for the host's AAA answer: IOS's RADIUS 5 s × 4 tries on three servers. */
export const LOGIN_AAA_WAIT_MS: f64 = 60000;
export const LOGIN_TRIES: u32 = 3;
/** How long a hang-up waits for the modem to drop carrier before giving up on it. */
export const HANGUP_CARRIER_WAIT_MS: f64 = 5000;
/** Before a hang-up's DTR drop, pending output is given this long to leave, checked this often. */
const HANGUP_DRAIN_MAX_MS: f64 = 2000;
const HANGUP_DRAIN_POLL_MS: f64 = 20;
/** DTR stays low at least this long, so a modem sees the drop (Hayes S25 is in 10 ms units). */
const HANGUP_DTR_LOW_MS: f64 = 500;
/** IOS `exec-timeout` default: 10 minutes. */
export const EXEC_TIMEOUT_DEFAULT_MS: f64 = 600000;
export const USER_BYTES: u32 = 32;

//  LineMachine (per configured line):
//  tty, state, flags, loginTries, userIndex, arapProgress, uses, flushed (u32 each),
//  deadline, execTimeoutMs, since, lastInput (f64), editor (Editor), user name buffer.
@unmanaged
export class LineMachine {
  tty: u32;
  state: u32;
  flags: u32;
  loginTries: u32;
  userIndex: i32;
  arapProgress: u32;
  uses: u32;
  flushed: u32;
  deadline: f64;
  execTimeoutMs: f64;
  since: f64;
  lastInput: f64;
  editor: Editor;
  user: usize;
  userLen: u32;
  /** Rotary group (0 = none). */
  rotary: u32;
  /** `modem` mode code (MODEM_INOUT, MODEM_DIALIN, ...; 0 = none). */
  modem: u32;
  /** This line's `callback forced-wait`, else the global one. */
  forcedWaitMs: f64;
  /** Chat script chosen by `script callback`, -1 when none matches. */
  callbackScript: i32;
  /** Id of the session on the line, shared by every event of one callback story. */
  sessionId: u32;
  /** The callback this line is dialling or carrying (0 = none). */
  callback: usize;
  /** After an EXEC callback without nocallback-verify, only this user may log in. */
  expectedUser: i32;
  /** Discard received bytes up to a line end (the rest of a modem's CONNECT line). */
  skipToLineEnd: u32;
  /** Hanging up: output still leaving before DTR drops. */
  draining: u32;
  drainUntil: f64;
  /** Token of the login question the host was asked (protocol/auth-token.ts); 0 = none. */
  authToken: u32;
  /** `timeout login response`: each login prompt's deadline, counted from the prompt. */
  loginResponseMs: f64;
}

// @ts-ignore: decorator
@lazy const hostname: usize = memory.data(64, 4);
let hostnameLen: u32 = 0;
let execCallback: bool = false;
let sessionCounter: u32 = 0;

// @ts-ignore: decorator
@lazy const machines: usize = memory.data(MAX_LINES * 4, 4);

export function machinesReset(): void {
  memory.fill(machines, 0, <usize>MAX_LINES * 4);
  ringWatchReset();
  hostnameLen = 0;
  execCallback = false;
  sessionCounter = 0;
  loginGuardConfigure(0, 0, 0);
}

export function machineGet(tty: i32): LineMachine | null {
  if (tty < 0 || tty >= MAX_LINES) return null;
  const at = load<usize>(machines + (<usize>tty << 2));
  return at == 0 ? null : changetype<LineMachine>(at);
}

/** IOS `service exec-callback`. */
export function machineSetExecCallback(on: bool): void {
  execCallback = on;
}

export function machineExecCallback(): bool {
  return execCallback;
}

/** Per-line settings from the image: modem mode, rotary group, forced wait, callback script. */
export function machineSetCallback(tty: i32, modem: u32, rotary: u32, forcedWaitMs: f64, script: i32): bool {
  const m = machineGet(tty);
  if (m == null) return false;
  m.modem = modem;
  m.rotary = rotary;
  m.forcedWaitMs = forcedWaitMs;
  m.callbackScript = script;
  return true;
}

/** Carves the machine of a configured line; execTimeoutMs 0 disables the idle timeout. */
export function machineCreate(tty: i32, flags: u32, execTimeoutMs: f64): bool {
  const at = arenaTake(offsetof<LineMachine>(), 8);
  const editor = arenaTake(offsetof<Editor>(), 4);
  const editorBuf = arenaTake(<i32>EDITOR_BYTES, 4);
  const user = arenaTake(<i32>USER_BYTES, 4);
  if (!at || !editor || !editorBuf || !user) return false;
  const m = changetype<LineMachine>(at);
  m.tty = <u32>tty;
  m.flags = flags;
  m.execTimeoutMs = execTimeoutMs;
  m.loginResponseMs = LOGIN_RESPONSE_DEFAULT_MS;
  m.editor = changetype<Editor>(editor);
  m.editor.buf = editorBuf;
  m.user = user;
  m.userIndex = -1;
  m.expectedUser = -1;
  m.callbackScript = -1;
  m.deadline = -1;
  m.state = LineState.Idle;
  store<usize>(machines + (<usize>tty << 2), at);
  const l = lineGet(tty);
  // The console starts at the prompt; nothing changed on a line, so no event is reported.
  if ((flags & LINE_CONSOLE) != 0 && l != null) {
    m.state = LineState.Exec;
    execPrompt(m, l);
  }
  return true;
}

function setOutputs(m: LineMachine, mask: u32): void {
  const l = lineGet(<i32>m.tty);
  if (l == null || l.outputs == mask) return;
  l.outputs = mask;
  eventEmit(<i32>m.tty, EventKind.SignalsSet, <i32>mask);
}

// DTR drop: the modem hangs up (&D2); then wait for it to drop carrier.
function dropDtr(m: LineMachine, now: f64): void {
  m.draining = 0;
  setOutputs(m, OUTPUT_RTS);
  m.drainUntil = now; // from now on: when DTR dropped
  m.deadline = now + HANGUP_DTR_LOW_MS;
}

/** The one place a line changes state: leave, enter, report. */
export function machineEnter(m: LineMachine, l: Line, next: LineState, now: f64): void {
  const previous = m.state;
  m.state = next;
  m.since = now;
  m.lastInput = now;
  m.deadline = -1;
  if (previous == LineState.Password) memory.fill(m.editor.buf, 0, EDITOR_BYTES); // a password never outlives its prompt
  editorReset(m.editor);
  switch (next) {
    case LineState.Idle:
      if (previous == LineState.Dialling) dialerStop(<i32>m.tty);
      if (previous == LineState.Ppp) pppOwnerLowerDown(<i32>m.tty);
      if (m.callback != 0) callbackSessionLost(m.tty, CallbackOutcome.CarrierLost, now);
      m.callback = 0;
      m.userIndex = -1;
      m.expectedUser = -1;
      m.skipToLineEnd = 0;
      m.userLen = 0;
      m.loginTries = 0;
      setOutputs(m, OUTPUT_DTR | OUTPUT_RTS);
      callbackIncomingIdle(m.tty, now);
      break;
    case LineState.Activation:
      if (m.callback == 0) {
        m.uses++;
        m.sessionId = ++sessionCounter;
      }
      m.arapProgress = 0;
      m.deadline = now + ACTIVATION_FLUSH_MS;
      break;
    case LineState.Autoselect:
      if (m.flags & LINE_AUTOSELECT_DURING_LOGIN) {
        loginOpen(m, l, now);
        return;
      }
      break;
    case LineState.Username:
    case LineState.Password:
      loginPrompt(m, l, previous, next, now);
      break;
    case LineState.LoginDelay:
      m.deadline = loginDelayDeadline(now);
      break;
    case LineState.Exec:
      execPrompt(m, l);
      if (m.execTimeoutMs > 0) m.deadline = now + m.execTimeoutMs;
      break;
    case LineState.HangUp:
      if (previous == LineState.Dialling) dialerStop(<i32>m.tty);
      if (previous == LineState.Ppp) pppOwnerLowerDown(<i32>m.tty);
      // What is still to be sent (a goodbye, a TermAck) leaves before DTR drops.
      if (ringUsed(l.txRing) != 0) {
        m.draining = 1;
        m.deadline = now + HANGUP_DRAIN_POLL_MS;
        m.drainUntil = now + HANGUP_DRAIN_MAX_MS;
        break;
      }
      dropDtr(m, now);
      break;
    case LineState.Dialling:
      m.uses++;
      setOutputs(m, OUTPUT_DTR | OUTPUT_RTS);
      break;
    case LineState.CallbackNumber:
      textPut(l, "Callback Dialstring: ");
      m.deadline = now + m.loginResponseMs;
      break;
    case LineState.LoginWait:
      m.deadline = now + LOGIN_AAA_WAIT_MS;
      break;
  }
  if (m.state == next) eventEmit(<i32>m.tty, LineEvent.LineState, <i32>next, <i32>previous, <i32>m.sessionId);
}

function execPrompt(m: LineMachine, l: Line): void {
  textPut(l, "\r\n");
  machinePutHostname(l);
  textPut(l, ">");
}

/** Sets the prompt's host name (IOS `hostname`); "Router" until then. */
export function machineSetHostname(ptr: usize, len: u32): void {
  hostnameLen = len < 63 ? len : 63;
  memory.copy(hostname, ptr, hostnameLen);
}

/** Width of the host name in the prompt. */
export function machineHostnameWidth(): u32 {
  return hostnameLen == 0 ? 6 : hostnameLen;
}

/** Copies the host name to `dst` (at most `max` bytes); returns its length. */
export function machinePutHostnameTo(dst: usize, max: u32): u32 {
  const n = hostnameLen == 0 ? 6 : hostnameLen < max ? hostnameLen : max;
  if (hostnameLen == 0) {
    const fallback = "Router";
    for (let i = 0; i < 6 && <u32>i < max; i++) store<u8>(dst + i, <u8>fallback.charCodeAt(i));
  } else {
    memory.copy(dst, hostname, n);
  }
  return n;
}

export function machinePutHostname(l: Line): void {
  if (hostnameLen == 0) textPut(l, "Router");
  else textPutBytes(l, hostname, hostnameLen);
}

/** Modem inputs changed: carrier up starts a session, carrier loss ends whatever runs. */
export function machineSignals(m: LineMachine, l: Line, inputs: u32, now: f64): void {
  if (m.flags & (LINE_FRAME_MONITOR | LINE_CONSOLE)) return;
  if (m.state == LineState.Dialling) return; // carrier comes and goes while the modem dials
  if ((inputs & SIGNAL_RI) != 0 && m.state == LineState.Idle) ringWatchSignal(m.tty, now);
  const carrier = (inputs & SIGNAL_DCD) != 0;
  if (carrier && m.state == LineState.Idle) {
    machineEnter(m, l, LineState.Activation, now);
    if ((m.flags & LINE_FLUSH_AT_ACTIVATION) == 0) activationDone(m, l, now);
    return;
  }
  if (!carrier && m.state != LineState.Idle) {
    if (m.state != LineState.HangUp) eventEmit(<i32>m.tty, LineEvent.CarrierLost, <i32>m.state);
    machineEnter(m, l, LineState.Idle, now);
  }
}

/** Activation is over: autoselect, the login, the EXEC, or the called-back session. */
export function activationDone(m: LineMachine, l: Line, now: f64): void {
  if (m.callback != 0) {
    callbackLegStart(m, l, now);
    return;
  }
  if (m.flags & (LINE_AUTOSELECT_PPP | LINE_AUTOSELECT_ARAP)) machineEnter(m, l, LineState.Autoselect, now);
  else if (loginConfigured(m)) loginOpen(m, l, now);
  else machineEnter(m, l, LineState.Exec, now);
}

/** Starts PPP on the line (autoselect or the EXEC `ppp` command). */
export function machineStartPpp(m: LineMachine, l: Line, how: i32, now: f64): void {
  machineEnter(m, l, LineState.Ppp, now);
  eventEmit(<i32>m.tty, LineEvent.PppStarted, how);
  if (pppLinkOpen(m, how == 2) != 0) machineHangUp(m, l, now); // no session could start
}

export function machineHangUp(m: LineMachine, l: Line, now: f64): void {
  if (m.flags & LINE_CONSOLE) {
    machineEnter(m, l, LineState.Exec, now); // the console has no call to end: a fresh prompt
    return;
  }
  if (m.state != LineState.Idle && m.state != LineState.HangUp) machineEnter(m, l, LineState.HangUp, now);
}

// RFC 1662 §3.1 flag, the escape, or the all-stations address of an uncompressed frame.
function looksLikePpp(b: u8): bool {
  return b == 0x7e || b == 0x7d || b == 0xff;
}

// ARAP start bytes (SYN DLE STX) as the ARA client sends them.
const ARAP_START_0: u8 = 0x16;
const ARAP_START_1: u8 = 0x10;
const ARAP_START_2: u8 = 0x02;

/**
 * Received bytes in every state. Returns how many were consumed (fewer only when the
 * PPP path refuses input because the event ring is full).
 */
export function machineReceive(m: LineMachine, l: Line, src: usize, len: i32, now: f64): i32 {
  if (m.flags & LINE_FRAME_MONITOR) return lineReceive(l, src, len);
  let i = 0;
  while (i < len) {
    const state = m.state;
    if (state == LineState.Ppp || state == LineState.Arap) {
      return i + lineReceive(l, src + i, len - i);
    }
    if (state == LineState.Dialling) {
      i += dialerInput(<i32>m.tty, src + i, len - i, now);
      if (m.state == LineState.Dialling) return i; // the script kept everything
      continue;
    }
    const b = load<u8>(src + i);
    if (state == LineState.Idle || state == LineState.HangUp) {
      if (state == LineState.Idle) ringWatchByte(m.tty, b, now); // an incoming call: not free to dial
      i++; // no session: modem chatter and noise are ignored
      continue;
    }
    if (m.skipToLineEnd) {
      if (b == 0x0a) m.skipToLineEnd = 0;
      i++;
      continue;
    }
    if (state == LineState.Activation) {
      m.flushed++;
      i++;
      continue;
    }
    if (state == LineState.LoginWait || state == LineState.LoginDelay) {
      i++; // typed while the server is asked or the login delay runs: not the next answer (IOS neither)
      continue;
    }
    m.lastInput = now;
    const prompting = state == LineState.Username || state == LineState.Password;
    // The first prompt of a login: Username, or Password alone (the line password: no name).
    const atFirstPrompt = (state == LineState.Username || (state == LineState.Password && m.userLen == 0)) && m.editor.len == 0;
    const autoselecting = state == LineState.Autoselect || ((m.flags & LINE_AUTOSELECT_DURING_LOGIN) != 0 && atFirstPrompt);
    if (autoselecting && (m.flags & LINE_AUTOSELECT_PPP) != 0 && looksLikePpp(b)) {
      machineStartPpp(m, l, 0, now);
      continue; // the same byte goes to the framer
    }
    if (autoselecting && (m.flags & LINE_AUTOSELECT_ARAP) != 0 && arapStartSeen(m, b)) {
      i++;
      machineEnter(m, l, LineState.Arap, now);
      eventEmit(<i32>m.tty, LineEvent.ArapStarted, 0);
      continue;
    }
    i++;
    if (state == LineState.Autoselect) {
      if (b == 0x0d) {
        if (loginConfigured(m)) loginOpen(m, l, now);
        else machineEnter(m, l, LineState.Exec, now);
      }
      continue;
    }
    const echo = state != LineState.Password;
    const edited = editorFeed(m.editor, l, b, echo, prompting ? loginFieldBytes(m) : 0);
    if (edited == EditResult.Done) lineCompleted(m, l, now);
    else if (edited == EditResult.Overflow) loginOverflowed(m, l, now);
  }
  return len;
}

function arapStartSeen(m: LineMachine, b: u8): bool {
  const expected = m.arapProgress == 0 ? ARAP_START_0 : m.arapProgress == 1 ? ARAP_START_1 : ARAP_START_2;
  if (b == expected) {
    m.arapProgress++;
    return m.arapProgress == 3;
  }
  m.arapProgress = b == ARAP_START_0 ? 1 : 0;
  return false;
}

function lineCompleted(m: LineMachine, l: Line, now: f64): void {
  const e = m.editor;
  switch (m.state) {
    case LineState.Username:
    case LineState.Password:
      loginAnswered(m, l, now);
      return;
    case LineState.CallbackNumber: {
      if (e.len == 0) {
        machineEnter(m, l, LineState.Exec, now); // an empty answer cancels the callback
        return;
      }
      execCallbackStart(m, l, e.buf, e.len, now);
      return;
    }
    case LineState.Exec: {
      const outcome = execRun(m, l, e.buf, e.len, now);
      if (outcome == ExecOutcome.Prompt) {
        editorReset(e);
        execPrompt(m, l);
        if (m.execTimeoutMs > 0) m.deadline = now + m.execTimeoutMs;
      } else if (outcome == ExecOutcome.Ppp && (m.flags & LINE_CONSOLE) != 0) {
        textPut(l, "% PPP runs on async lines, not on the console\r\n");
        execPrompt(m, l);
      } else if (outcome == ExecOutcome.Ppp) {
        textPut(l, "Entering PPP mode.\r\n");
        machineStartPpp(m, l, 1, now);
      } else {
        machineHangUp(m, l, now);
      }
      return;
    }
  }
}

/** Runs the line's timer if due; returns its next deadline or -1. */
export function machineTick(m: LineMachine, l: Line, now: f64): f64 {
  if (m.deadline < 0) return -1;
  // The EXEC's idle timeout counts from the last input; a prompt's deadline from the prompt (IOS `timeout login response`).
  if (m.state == LineState.Exec && m.execTimeoutMs > 0) m.deadline = m.lastInput + m.execTimeoutMs;
  if (now < m.deadline) return m.deadline;
  switch (m.state) {
    case LineState.Activation:
      activationDone(m, l, now);
      break;
    case LineState.Username:
    case LineState.Password:
      loginTimedOut(m, l, now);
      break;
    case LineState.CallbackNumber:
      textPut(l, "\r\n% Username:  timeout expired!\r\n");
      machineHangUp(m, l, now);
      break;
    case LineState.LoginWait:
      loginAaaTimedOut(m, l, now);
      break;
    case LineState.LoginDelay:
      loginDelayOver(m, l, now);
      break;
    case LineState.Exec:
      eventEmit(<i32>m.tty, LineEvent.ExecTimeout, 0);
      machineHangUp(m, l, now);
      break;
    case LineState.HangUp:
      if (m.draining) {
        if (ringUsed(l.txRing) == 0 || now >= m.drainUntil) dropDtr(m, now);
        else m.deadline = now + HANGUP_DRAIN_POLL_MS;
        break;
      }
      // No carrier (any more): DTR has been low long enough for the modem to see it.
      if ((l.inputs & SIGNAL_DCD) == 0) {
        machineEnter(m, l, LineState.Idle, now);
        break;
      }
      if (now < m.drainUntil + HANGUP_CARRIER_WAIT_MS) {
        m.deadline = m.drainUntil + HANGUP_CARRIER_WAIT_MS;
        break;
      }
      // The modem kept carrier after DTR dropped: report it and go idle anyway.
      eventEmit(<i32>m.tty, LineEvent.HangUpTimeout, 0);
      callbackIncomingHeld(m.tty, now);
      machineEnter(m, l, LineState.Idle, now);
      break;
    default:
      m.deadline = -1;
  }
  return m.deadline;
}
