// One state machine per TTY line (its record: machine-state.ts): carrier, activation flush,
// autoselect, the login dialogue (login.ts), the EXEC (exec.ts), a PPP (ppp-link.ts) or ARAP
// session, a callback's dial and leg, and hang-up. One enter-state function, one handler per
// state; the login and the EXEC say which state comes next and only this file enters it.
// What happens on a line that matters to callback is reported to the line's owner
// (line-owner.ts); callback calls back down into this file to dial, hang up and start a leg.

import { eventEmit, EventKind } from "../mem/events";
import { ringUsed } from "../mem/ring";
import { SIGNAL_RI, OUTPUT_DTR, OUTPUT_RTS } from "../mem/tty";
import { Line, lineGet } from "./lines";
import { editorFeed, editorReset, EditResult, EDITOR_BYTES } from "./editor";
import { textPut } from "./text";
import { LineEvent } from "./line-events";
import { lineOwner } from "./line-owner";
import { execPromptPut } from "./hostname";
import {
  LineMachine, LineState, STAY, ACTIVATION_FLUSH_MS, LOGIN_AAA_WAIT_MS, HANGUP_CARRIER_WAIT_MS, machineGet, machineNextSession,
} from "./machine-state";
import { execRun, ExecOutcome } from "./exec";
import { execCallbackAsk } from "./exec-callback";
import { pppLinkOpen, pppLinkLowerDown, pppLinkReceive } from "./ppp-link";
import { arapLinkOpenServer, arapLinkLowerDown, arapLinkReceive, arapLinkActive } from "./arap-link";
import {
  loginAaaAnswered, loginAaaTimedOut, loginAaaWaiting, loginAnswered, loginConfigured, loginDelayDeadline, loginDelayOver, loginFieldBytes,
  loginOpen, loginOverflowed, loginPrompt, loginTimedOut,
} from "./login";
import { ringWatchByte, ringWatchSignal } from "./ring-watch";
import { LineFlag } from "../config/line-settings";
import { chatPoolInput, chatPoolStop } from "../chat/pool";
import { ChatResult } from "../chat/runner";
import { clockNow } from "../mem/clock";
import {
  modemCarrier, modemRiRings, modemIdleOutputs, modemTakesCalls, modemSetUpPlan, modemSetUpPending, modemSetUpCancel, modemSetUpStep,
  modemScriptEnded, modemRang, modemAnswerOver, modemCallinAnswering, modemDiscovering, modemDiscoveryInput,
} from "./modem-control";

/** Before a hang-up's DTR drop, pending output is given this long to leave, checked this often. */
const HANGUP_DRAIN_MAX_MS: f64 = 2000;
const HANGUP_DRAIN_POLL_MS: f64 = 20;
/** DTR stays low at least this long, so a modem sees the drop (Hayes S25 is in 10 ms units). */
const HANGUP_DTR_LOW_MS: f64 = 500;

/** How PPP started on a line (the PppStarted event's arg0). */
const PPP_BY_AUTOSELECT: i32 = 0;
const PPP_BY_EXEC: i32 = 1;
const PPP_ON_LEG: i32 = 2;

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

/** At init: an idle line's DTR as its `modem` setting wants it (the host opened every line with DTR up). */
export function machineIdleOutputs(tty: i32): void {
  const m = machineGet(tty);
  if (m != null && m.state == LineState.Idle && lineGet(tty) != null) setOutputs(m, modemIdleOutputs(m.tty));
}

/** The one place a line changes state: leave, enter, report. */
function machineEnter(m: LineMachine, l: Line, next: LineState, now: f64): void {
  const previous = m.state;
  // After every call the modem is set up again before the line is free (script reset, modem autoconfigure).
  if (next == LineState.Idle && previous != LineState.ModemInit && !modemCarrier(m.tty, l.inputs) && modemSetUpPlan(m.tty, false)) {
    next = LineState.ModemInit;
  }
  m.state = next;
  m.since = now;
  m.lastInput = now;
  m.deadline = -1;
  if (previous == LineState.Password) memory.fill(m.editor.buf, 0, EDITOR_BYTES); // a password never outlives its prompt
  editorReset(m.editor);
  switch (next) {
    case LineState.Idle:
    case LineState.ModemInit:
      if (previous == LineState.Dialling) chatPoolStop(<i32>m.tty);
      if (previous == LineState.Ppp) pppLinkLowerDown(<i32>m.tty);
      if (previous == LineState.Arap) arapLinkLowerDown(<i32>m.tty);
      if (m.callbackLeg != 0) lineOwner().legLost(m.tty, now);
      m.callbackLeg = 0;
      m.userIndex = -1;
      m.expectedUser = -1;
      m.skipToLineEnd = 0;
      m.userLen = 0;
      m.loginTries = 0;
      if (next == LineState.ModemInit) {
        setOutputs(m, OUTPUT_DTR | OUTPUT_RTS); // a modem takes commands with DTR up (&D2)
        machineNext(m, l, modemSetUpStep(m, l, now), now);
        break;
      }
      setOutputs(m, modemIdleOutputs(m.tty));
      lineOwner().wentIdle(m.tty, now);
      break;
    case LineState.Activation:
      modemSetUpCancel(m.tty); // a call came during the set-up: it runs again after this call
      modemAnswerOver(m.tty);
      setOutputs(m, OUTPUT_DTR | OUTPUT_RTS); // a DTR-Active line raises DTR for its call
      if (m.callbackLeg == 0) {
        m.uses++;
        m.sessionId = machineNextSession();
      }
      m.arapProgress = 0;
      m.deadline = now + ACTIVATION_FLUSH_MS;
      break;
    case LineState.Autoselect:
      if (m.flags & LineFlag.AutoselectDuringLogin) {
        machineNext(m, l, loginOpen(m, l, now), now);
        return;
      }
      break;
    case LineState.Username:
    case LineState.Password:
      machineNext(m, l, loginPrompt(m, l, previous, next, now), now);
      break;
    case LineState.LoginDelay:
      m.deadline = loginDelayDeadline(now);
      break;
    case LineState.Exec:
      execPromptPut(l);
      if (m.execTimeoutMs > 0) m.deadline = now + m.execTimeoutMs;
      break;
    case LineState.HangUp:
      if (previous == LineState.Dialling) chatPoolStop(<i32>m.tty);
      if (previous == LineState.Ppp) pppLinkLowerDown(<i32>m.tty);
      if (previous == LineState.Arap) arapLinkLowerDown(<i32>m.tty);
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

/** Goes where a handler said (machine-state.ts STAY: nowhere; HangUp: the call is hung up). */
function machineNext(m: LineMachine, l: Line, next: i32, now: f64): void {
  if (next == STAY) return;
  if (next == LineState.HangUp) machineHangUp(m, l, now);
  else machineEnter(m, l, <LineState>next, now);
}

/** Modem inputs changed: carrier up starts a session, carrier loss ends whatever runs. */
export function machineSignals(m: LineMachine, l: Line, inputs: u32, now: f64): void {
  if (m.flags & (LineFlag.FrameMonitor | LineFlag.Console)) return;
  if (m.state == LineState.Dialling) return; // carrier comes and goes while the modem dials
  if ((inputs & SIGNAL_RI) != 0 && m.state == LineState.Idle && modemRiRings(m.tty)) machineRang(m, l, now);
  const carrier = modemCarrier(m.tty, inputs);
  if (carrier && (m.state == LineState.Idle || m.state == LineState.ModemInit)) {
    if (!modemTakesCalls(m.tty)) {
      machineEnter(m, l, LineState.HangUp, now); // a line for reverse connections takes no call
      return;
    }
    machineEnter(m, l, LineState.Activation, now);
    if ((m.flags & LineFlag.FlushAtActivation) == 0) activationDone(m, l, now);
    return;
  }
  if (!carrier && m.state != LineState.Idle && m.state != LineState.ModemInit) {
    if (m.state != LineState.HangUp) eventEmit(<i32>m.tty, LineEvent.CarrierLost, <i32>m.state);
    machineEnter(m, l, LineState.Idle, now);
  }
}

// Activation is over: autoselect, the login, the EXEC, or (on a line that called back) the leg.
function activationDone(m: LineMachine, l: Line, now: f64): void {
  if (m.callbackLeg != 0) {
    lineOwner().legActivated(m.tty, now);
    return;
  }
  if (m.flags & (LineFlag.AutoselectPpp | LineFlag.AutoselectArap)) machineEnter(m, l, LineState.Autoselect, now);
  else if (loginConfigured(m)) machineNext(m, l, loginOpen(m, l, now), now);
  else machineEnter(m, l, LineState.Exec, now);
}

// Starts PPP on the line (`how`: PPP_BY_AUTOSELECT, PPP_BY_EXEC, PPP_ON_LEG with `legAuth`).
function startPpp(m: LineMachine, l: Line, how: i32, legAuth: u32, now: f64): void {
  machineEnter(m, l, LineState.Ppp, now);
  eventEmit(<i32>m.tty, LineEvent.PppStarted, how);
  if (pppLinkOpen(m, how == PPP_ON_LEG, legAuth, now) != 0) machineHangUp(m, l, now); // no session could start
}

// Starts ARAP as the server: after the client's start flag (`startSeen`), or on a callback leg (`leg`).
function startArap(m: LineMachine, l: Line, leg: bool, startSeen: bool, now: f64): void {
  machineEnter(m, l, LineState.Arap, now);
  eventEmit(<i32>m.tty, LineEvent.ArapStarted, leg ? 2 : 0);
  if (arapLinkOpenServer(m, leg, startSeen, now) != 0) machineHangUp(m, l, now);
}

export function machineHangUp(m: LineMachine, l: Line, now: f64): void {
  if (m.flags & LineFlag.Console) {
    machineEnter(m, l, LineState.Exec, now); // the console has no call to end: a fresh prompt
    return;
  }
  if (m.state != LineState.Idle && m.state != LineState.HangUp) machineEnter(m, l, LineState.HangUp, now);
}

// RFC 1662 §3.1 flag, the escape, or the all-stations address of an uncompressed frame.
function looksLikePpp(b: u8): bool {
  return b == 0x7e || b == 0x7d || b == 0xff;
}

// ARAP start bytes: the start flag SYN DLE STX of the ARA client's first MNP frame (its LR).
const ARAP_START_0: u8 = 0x16;
const ARAP_START_1: u8 = 0x10;
const ARAP_START_2: u8 = 0x02;

/**
 * Received bytes in every state. Returns how many were consumed (fewer only when the
 * PPP path refuses input because the event ring is full).
 */
export function machineReceive(m: LineMachine, l: Line, src: usize, len: i32, now: f64): i32 {
  if (m.flags & LineFlag.FrameMonitor) return arapLinkActive(<i32>m.tty) ? arapLinkReceive(l, src, len, now) : pppLinkReceive(l, src, len, now);
  let i = 0;
  while (i < len) {
    const state = m.state;
    if (state == LineState.Ppp) return i + pppLinkReceive(l, src + i, len - i, now);
    if (state == LineState.Arap) return i + arapLinkReceive(l, src + i, len - i, now);
    if (state == LineState.Dialling) {
      i += chatPoolInput(<i32>m.tty, src + i, len - i, now); // the callback script reads the modem
      if (m.state == LineState.Dialling) return i; // the script kept everything
      continue;
    }
    if (state == LineState.ModemInit && modemDiscovering(m.tty)) {
      modemDiscoveryInput(m, l, src + i, len - i, now); // the modem says who it is
      return len;
    }
    if (state == LineState.ModemInit) {
      i += chatPoolInput(<i32>m.tty, src + i, len - i, now); // the set-up script reads the modem
      if (m.state == LineState.ModemInit) return len; // what no script asked for is modem chatter
      continue;
    }
    const b = load<u8>(src + i);
    if (state == LineState.Idle || state == LineState.HangUp) {
      // An incoming call: not free to dial, and answered by ATA when the modem type says so.
      if (state == LineState.Idle && ringWatchByte(m.tty, b, now)) machineRang(m, l, now);
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
    const autoselecting = state == LineState.Autoselect || ((m.flags & LineFlag.AutoselectDuringLogin) != 0 && atFirstPrompt);
    if (autoselecting && (m.flags & LineFlag.AutoselectPpp) != 0 && looksLikePpp(b)) {
      startPpp(m, l, PPP_BY_AUTOSELECT, 0, now);
      continue; // the same byte goes to the framer
    }
    // IOS takes ARA only where `arap enable` allows it; elsewhere the start flag is noise.
    const arapAllowed = (m.flags & (LineFlag.AutoselectArap | LineFlag.ArapEnable)) == (LineFlag.AutoselectArap | LineFlag.ArapEnable);
    if (autoselecting && arapAllowed && arapStartSeen(m, b)) {
      i++;
      startArap(m, l, false, true, now); // the rest of the client's first frame goes to the link
      continue;
    }
    i++;
    if (state == LineState.Autoselect) {
      if (b == 0x0d) {
        if (loginConfigured(m)) machineNext(m, l, loginOpen(m, l, now), now);
        else machineEnter(m, l, LineState.Exec, now);
      }
      continue;
    }
    const echo = state != LineState.Password;
    const edited = editorFeed(m.editor, l, b, echo, prompting ? loginFieldBytes(m) : 0);
    if (edited == EditResult.Done) lineCompleted(m, l, now);
    else if (edited == EditResult.Overflow) machineNext(m, l, loginOverflowed(m, l, now), now);
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
      machineNext(m, l, loginAnswered(m, l, now), now);
      return;
    case LineState.CallbackNumber: {
      if (e.len == 0) {
        machineEnter(m, l, LineState.Exec, now); // an empty answer cancels the callback
        return;
      }
      machineNext(m, l, execCallbackAsk(m, l, e.buf, e.len, now), now);
      return;
    }
    case LineState.Exec: {
      const outcome = execRun(m, l, e.buf, e.len, now);
      if (outcome == ExecOutcome.Prompt) {
        editorReset(e);
        execPromptPut(l);
        if (m.execTimeoutMs > 0) m.deadline = now + m.execTimeoutMs;
      } else if (outcome == ExecOutcome.Ppp && (m.flags & LineFlag.Console) != 0) {
        textPut(l, "% PPP runs on async lines, not on the console\r\n");
        execPromptPut(l);
      } else if (outcome == ExecOutcome.Ppp) {
        textPut(l, "Entering PPP mode.\r\n");
        startPpp(m, l, PPP_BY_EXEC, 0, now);
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
    case LineState.Idle:
      m.deadline = -1;
      if (modemSetUpPending(m.tty)) machineEnter(m, l, LineState.ModemInit, now); // the set-up at start
      else if (!modemCallinAnswering(m.tty, now)) setOutputs(m, modemIdleOutputs(m.tty)); // no call after the ring
      break;
    case LineState.ModemInit:
      m.deadline = -1;
      machineNext(m, l, modemSetUpStep(m, l, now), now);
      break;
    case LineState.Activation:
      activationDone(m, l, now);
      break;
    case LineState.Username:
    case LineState.Password:
      machineNext(m, l, loginTimedOut(m, l, now), now);
      break;
    case LineState.CallbackNumber:
      textPut(l, "\r\n% Callback Dialstring:  timeout expired!\r\n"); // IOS names the prompt that timed out
      machineHangUp(m, l, now);
      break;
    case LineState.LoginWait:
      machineNext(m, l, loginAaaTimedOut(m, l, now), now);
      break;
    case LineState.LoginDelay:
      machineNext(m, l, loginDelayOver(m), now);
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
      if (!modemCarrier(m.tty, l.inputs)) {
        machineEnter(m, l, LineState.Idle, now);
        break;
      }
      if (now < m.drainUntil + HANGUP_CARRIER_WAIT_MS) {
        m.deadline = m.drainUntil + HANGUP_CARRIER_WAIT_MS;
        break;
      }
      // The modem kept carrier after DTR dropped: report it and go idle anyway.
      eventEmit(<i32>m.tty, LineEvent.HangUpTimeout, 0);
      lineOwner().callerHeldLine(m.tty, now);
      machineEnter(m, l, LineState.Idle, now);
      break;
    default:
      m.deadline = -1;
  }
  return m.deadline;
}

// The idle line's modem rang: remember it (not free for a callback), and answer when the line does.
function machineRang(m: LineMachine, l: Line, now: f64): void {
  ringWatchSignal(m.tty, now);
  const window = modemRang(m, l, now);
  if (window < 0) return;
  setOutputs(m, OUTPUT_DTR | OUTPUT_RTS); // `modem callin`: DTR up makes the modem answer
  m.deadline = window;
}

/**
 * The chat engine's report that a script on `tty` ended, for the line's own scripts (the modem
 * set-up): true when it was one of them, else the owner above is told (callback's dial).
 */
export function machineScriptEnded(tty: i32, result: ChatResult): bool {
  const m = machineGet(tty);
  if (m == null || lineGet(tty) == null || m.state != LineState.ModemInit) return false;
  return modemScriptEnded(m, result, clockNow());
}

/** The host's AAA answer for the login on `tty` it was asked about (`token`); false when that login is not waiting. */
export function machineAaaAnswer(tty: i32, ok: bool, token: u32, now: f64): bool {
  const m = machineGet(tty);
  const l = lineGet(tty);
  if (m == null || l == null || !loginAaaWaiting(m, token)) return false;
  machineNext(m, l, loginAaaAnswered(m, l, ok, now), now);
  return true;
}

/** The PPP link of `tty` ended (ppp-link.ts calls this while the line runs PPP): the call is hung up. */
export function machineLinkEnded(tty: u32, now: f64): void {
  const m = machineGet(<i32>tty);
  const l = lineGet(<i32>tty);
  if (m != null && l != null) machineHangUp(m, l, now);
}

// ---- What callback asks of a line ----

/** Dial callback `id` on `tty`: DTR up, the line is Dialling (its script is callback's). False when there is no such line. */
export function machineStartDial(tty: i32, id: u32, now: f64): bool {
  const m = machineGet(tty);
  const l = lineGet(tty);
  if (m == null || l == null) return false;
  m.callbackLeg = 1;
  m.sessionId = id;
  machineEnter(m, l, LineState.Dialling, now);
  return true;
}

/** Whether `tty` is dialling a callback (its script's result is still to come). */
export function machineDialling(tty: i32): bool {
  const m = machineGet(tty);
  return m != null && lineGet(tty) != null && m.state == LineState.Dialling;
}

/** The dial on `tty` failed or will not start: the line goes back through a hang-up. */
export function machineDialFailed(tty: i32, now: f64): void {
  const m = machineGet(tty);
  const l = lineGet(tty);
  if (m == null || l == null) return;
  m.callbackLeg = 0;
  machineHangUp(m, l, now);
}

/** The dial on `tty` connected: the line is activated like any other call (flush, then legActivated). */
export function machineDialConnected(tty: i32, now: f64): void {
  const m = machineGet(tty);
  const l = lineGet(tty);
  if (m == null || l == null) return;
  m.skipToLineEnd = 1; // the rest of the modem's CONNECT line
  machineEnter(m, l, LineState.Activation, now);
  if ((m.flags & LineFlag.FlushAtActivation) == 0) activationDone(m, l, now);
}

/** The leg on `tty` is a login again, which only `user` may pass. */
export function machineLegLogin(tty: i32, user: i32, now: f64): void {
  const m = machineGet(tty);
  const l = lineGet(tty);
  if (m == null || l == null) return;
  m.expectedUser = user;
  machineEnter(m, l, LineState.Username, now);
}

/** The leg on `tty` is `user`'s EXEC at once (nocallback-verify): the callback is over for the line. */
export function machineLegExec(tty: i32, user: i32, now: f64): void {
  const m = machineGet(tty);
  const l = lineGet(tty);
  if (m == null || l == null) return;
  m.userIndex = user;
  m.callbackLeg = 0;
  machineEnter(m, l, LineState.Exec, now);
}

/** The leg on `tty` is PPP: nobody is known on it until the peer authenticates with `auth` (AUTH_PAP, AUTH_CHAP). */
export function machineLegPpp(tty: i32, user: i32, auth: u32, now: f64): void {
  const m = machineGet(tty);
  const l = lineGet(tty);
  if (m == null || l == null) return;
  m.userIndex = -1;
  m.expectedUser = user;
  startPpp(m, l, PPP_ON_LEG, auth, now);
}

/** The leg on `tty` is ARAP: this line placed the call, so it initiates MNP; only `user` may authenticate on it. */
export function machineLegArap(tty: i32, user: i32, now: f64): void {
  const m = machineGet(tty);
  const l = lineGet(tty);
  if (m == null || l == null) return;
  m.userIndex = -1;
  m.expectedUser = user;
  startArap(m, l, true, false, now);
}
