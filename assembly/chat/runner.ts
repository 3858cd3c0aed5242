// Runs one compiled chat script on one line: sends go to an output ring, modem bytes come
// in through chatInput, time through chatTick. Time is always an argument (ms); the
// runner never reads a clock. Results and trace lines are events (kinds 48-63).

import {
  ChatProgram, ChatError, StepKind, StepFlag, stepAt, stepKind, stepFlags, stepToken, stepString, stepLength,
  programName, chatStatus, SEND_ESCAPE, SEND_DIAL, SEND_DELAY, SEND_PAUSE, SEND_BREAK,
} from "./program";
import { Matcher, matcherReset, matcherAdd, matcherBuild, matcherFeed, MATCHER_BYTES, MATCHER_MAX_PATTERNS } from "./matcher";
import { ChatTraceKind, chatTraceOn, traceBegin, traceText, traceNumber, traceBytes, traceRaw, traceEmit } from "./trace";
import { eventEmit, EventKind } from "../mem/events";
import { Ring, ringWrite } from "../mem/ring";

/** IOS default wait for each expect until a TIMEOUT changes it (docs ios-reference §b). */
export const CHAT_DEFAULT_TIMEOUT_MS: u32 = 5000;
/** IOS: \d waits 2 seconds, \p a quarter of a second. */
export const CHAT_DELAY_MS: u32 = 2000;
export const CHAT_PAUSE_MS: u32 = 250;
/** Longest dial string \T can carry. */
export const CHAT_DIAL_MAX: i32 = 64;
/** Modem bytes kept while a send waits on \d or \p, for the next expect. */
export const CHAT_HOLD_BYTES: i32 = 256;
/** Abort detail of the implicit RING abort (CHAT_WATCH_RING), apart from the script's own ABORT indexes. */
export const CHAT_ABORT_RING: i32 = -1;
/** chatRunnerWatchRing: an incoming call's "RING" result ends the script (glare on a line that dials out). */
export const CHAT_WATCH_RING: u32 = 1;

export const enum ChatResult {
  None = 0,
  Success = 1,
  Abort = 2, // detail: index of the ABORT string, 0-based in declaration order
  Timeout = 3,
  CarrierLost = 4,
  BadScript = 5, // detail: chat status -(ChatError | token << 8)
  Stopped = 6,
}

export const enum RunnerState {
  Idle = 0,
  Running = 1,
  Expecting = 2,
  Delaying = 3,
  Done = 4,
}

const CARRIAGE_RETURN: u8 = 0x0d;

//  ChatRunner (CHAT_RUNNER_BYTES):
//  ┌──────────┬──────────────────────────────────────────────┬────────────┬──────────┬───────────┬─────────┐
//  │ deadline │ state tty script program step sendAt timeout │ aborts[32] │ dial[64] │ hold[256] │ Matcher │
//  │ f64      │ … result token detail, counters (u32 each)   │ step u8    │          │           │         │
//  └──────────┴──────────────────────────────────────────────┴────────────┴──────────┴───────────┴─────────┘
@unmanaged
export class ChatRunner {
  deadline: f64;
  state: u32;
  tty: u32;
  script: i32;
  program: usize;
  step: i32;
  /** Where in the current send to resume after \d or \p. */
  sendAt: i32;
  timeoutMs: u32;
  abortCount: u32;
  dialLen: u32;
  holdLen: u32;
  /** Ring the sends are written to; 0 discards them. */
  output: usize;
  result: i32;
  resultToken: i32;
  resultDetail: i32;
  breaks: u32;
  txDropped: u32;
  heldDropped: u32;
  /** Step of the expect under way (or last under way), for traces. */
  expectStep: i32;
  /** CHAT_WATCH_RING set by the owner before the start; bytes of "RING\r" matched so far. */
  watch: u32;
  ringSeen: u32;
}

const HEADER_BYTES: usize = (offsetof<ChatRunner>() + 7) & ~7;
const ABORTS_OFFSET: usize = HEADER_BYTES;
const DIAL_OFFSET: usize = ABORTS_OFFSET + <usize>MATCHER_MAX_PATTERNS - 1;
const HOLD_OFFSET: usize = DIAL_OFFSET + <usize>CHAT_DIAL_MAX;
const MATCHER_OFFSET: usize = (HOLD_OFFSET + <usize>CHAT_HOLD_BYTES + 7) & ~7;
export const CHAT_RUNNER_BYTES: i32 = <i32>MATCHER_OFFSET + MATCHER_BYTES;

function matcherOf(r: ChatRunner): Matcher {
  return changetype<Matcher>(changetype<usize>(r) + MATCHER_OFFSET);
}

function holdOf(r: ChatRunner): usize {
  return changetype<usize>(r) + HOLD_OFFSET;
}

function programOf(r: ChatRunner): ChatProgram {
  return changetype<ChatProgram>(r.program);
}

/** Prepares a runner block of CHAT_RUNNER_BYTES for line `tty`, writing its sends to `output`. */
export function chatRunnerInit(r: ChatRunner, tty: i32, output: usize): void {
  memory.fill(changetype<usize>(r), 0, HEADER_BYTES);
  r.tty = <u32>tty;
  r.output = output;
  r.script = -1;
}

/** True while a script is under way (not idle, not finished). */
export function chatRunning(r: ChatRunner): bool {
  return r.state != RunnerState.Idle && r.state != RunnerState.Done;
}

/**
 * Starts `program` (it must stay in place until the script ends) with `dial` as \T.
 * Returns 0, or a chat status (DialTooLong, DialRefused) without starting.
 */
export function chatStart(r: ChatRunner, program: ChatProgram, script: i32, dialPtr: usize, dialLen: i32, now: f64): i32 {
  if (dialLen < 0 || dialLen > CHAT_DIAL_MAX) return chatStatus(ChatError.DialTooLong, 0);
  if (dialLen > 0 && !dialCheck(dialPtr, dialLen)) return chatStatus(ChatError.DialRefused, 0);
  r.program = changetype<usize>(program);
  r.script = script;
  memory.copy(changetype<usize>(r) + DIAL_OFFSET, dialPtr, <usize>dialLen);
  r.dialLen = <u32>dialLen;
  r.step = 0;
  r.sendAt = 0;
  r.timeoutMs = CHAT_DEFAULT_TIMEOUT_MS;
  r.abortCount = 0;
  r.holdLen = 0;
  r.deadline = -1;
  r.result = ChatResult.None;
  r.resultToken = 0;
  r.resultDetail = 0;
  r.breaks = 0;
  r.txDropped = 0;
  r.heldDropped = 0;
  r.ringSeen = 0;
  r.state = RunnerState.Running;
  if (chatTraceOn) {
    traceBegin(<i32>r.tty);
    traceText("Attempting script ");
    traceBytes(programName(program), <i32>program.nameLen);
    traceText(", dial string ");
    traceBytes(changetype<usize>(r) + DIAL_OFFSET, dialLen);
    traceEmit(<i32>r.tty, script, 0, ChatTraceKind.Started);
  }
  drive(r, now);
  return 0;
}

/** Ends a script that could not start because it does not compile: a BadScript result. */
export function chatFailBadScript(r: ChatRunner, program: ChatProgram, script: i32, status: i32): void {
  r.program = changetype<usize>(program);
  r.script = script;
  r.step = 0;
  finish(r, ChatResult.BadScript, (-status) >> 8, status);
}

/**
 * Modem bytes for the running script. Returns how many it consumed: all of them unless the
 * script finished part-way (the rest belongs to whatever follows on the line, e.g. PPP).
 */
export function chatInput(r: ChatRunner, src: usize, len: i32, now: f64): i32 {
  let used = 0;
  while (used < len) {
    if (r.state == RunnerState.Expecting) {
      used += feed(r, src + <usize>used, len - used);
      if (r.state == RunnerState.Running) drive(r, now);
    } else if (r.state == RunnerState.Delaying) {
      hold(r, src + <usize>used, len - used);
      used = len;
      if (heldRing(r)) return used;
    } else {
      break;
    }
  }
  return used;
}

/** Runs what is due at `now`; returns the next deadline (ms) or -1 when none. */
export function chatTick(r: ChatRunner, now: f64): f64 {
  if (r.state == RunnerState.Expecting && now >= r.deadline) {
    expectTimedOut(r, now);
  } else if (r.state == RunnerState.Delaying && now >= r.deadline) {
    r.state = RunnerState.Running;
    drive(r, now);
  }
  return chatRunning(r) ? r.deadline : -1;
}

/** The line lost carrier: a running script ends with CarrierLost. */
export function chatCarrierLost(r: ChatRunner): void {
  if (chatRunning(r)) finish(r, ChatResult.CarrierLost, currentToken(r), 0);
}

/** Ends a running script at the host's request. */
export function chatStop(r: ChatRunner): void {
  if (chatRunning(r)) finish(r, ChatResult.Stopped, currentToken(r), 0);
}

// The token of the step under way (the last one once every step has run).
function currentToken(r: ChatRunner): i32 {
  const p = programOf(r);
  const count = <i32>p.stepCount;
  if (count == 0) return 0;
  return stepToken(stepAt(p, r.step < count ? r.step : count - 1));
}

// Runs steps until one waits (expect, delay) or the script ends, then gives held bytes to
// the expect; a match there may run further steps.
function drive(r: ChatRunner, now: f64): void {
  for (;;) {
    runSteps(r, now);
    if (r.state != RunnerState.Expecting || r.holdLen == 0) return;
    const held = holdOf(r);
    const n = <i32>r.holdLen;
    const used = feed(r, held, n);
    memory.copy(held, held + <usize>used, <usize>(n - used));
    r.holdLen = <u32>(n - used);
    if (r.state == RunnerState.Expecting) return;
  }
}

function runSteps(r: ChatRunner, now: f64): void {
  const p = programOf(r);
  while (r.state == RunnerState.Running) {
    if (r.step >= <i32>p.stepCount) {
      finish(r, ChatResult.Success, currentToken(r), 0);
      return;
    }
    const step = stepAt(p, r.step);
    const kind = stepKind(step);
    if (kind == StepKind.Abort) {
      store<u8>(changetype<usize>(r) + ABORTS_OFFSET + <usize>(r.abortCount++), <u8>r.step);
      r.step++;
    } else if (kind == StepKind.Timeout) {
      r.timeoutMs = <u32>stepLength(step) * 1000;
      r.step++;
    } else if (kind == StepKind.Expect || kind == StepKind.FallbackExpect) {
      startExpect(r, step, now);
    } else if (kind == StepKind.Send || kind == StepKind.FallbackSend) {
      if (!send(r, step, now)) return;
      // A sub-send with no sub-expect after it (`ogin:-\r`) settles its expect: Debian chat
      // goes on to the next send the same way.
      r.step++;
    } else {
      r.step++;
    }
  }
}

function startExpect(r: ChatRunner, step: usize, now: f64): void {
  const p = programOf(r);
  const text = stepString(p, step);
  const len = stepLength(step);
  r.expectStep = r.step;
  traceString(r, step, "Expecting string: ", text, len, ChatTraceKind.Expecting);
  if (len == 0) {
    expectMatched(r, step);
    return;
  }
  // Pattern 0 is the expect, then the ABORT strings: the lowest index wins a tie.
  const m = matcherOf(r);
  matcherReset(m);
  matcherAdd(m, text, len);
  for (let i: u32 = 0; i < r.abortCount; i++) {
    const abort = stepAt(p, <i32>load<u8>(changetype<usize>(r) + ABORTS_OFFSET + <usize>i));
    matcherAdd(m, stepString(p, abort), stepLength(abort));
  }
  // The compiler checked the fit; a failed build can only mean a corrupted program.
  if (!matcherBuild(m)) {
    finish(r, ChatResult.BadScript, stepToken(step), chatStatus(ChatError.MatcherTooLarge, stepToken(step)));
    return;
  }
  r.deadline = now + <f64>r.timeoutMs;
  r.state = RunnerState.Expecting;
}

// Feeds the automaton; on a match the script moves on (state Running) or ends (Abort).
function feed(r: ChatRunner, src: usize, len: i32): i32 {
  const m = matcherOf(r);
  const used = matcherFeed(m, src, len);
  const p = programOf(r);
  const step = stepAt(p, r.step);
  if (r.watch & CHAT_WATCH_RING) {
    // A RING that ends before the script's own match came first; on the same byte the script wins.
    const ringEnd = ringScan(r, src, used);
    if (ringEnd >= 0 && (m.found < 0 || ringEnd < used)) {
      finish(r, ChatResult.Abort, stepToken(step), CHAT_ABORT_RING);
      return ringEnd;
    }
  }
  if (m.found < 0) return used;
  if (m.found == 0) {
    expectMatched(r, step);
  } else {
    finish(r, ChatResult.Abort, stepToken(step), m.found - 1);
  }
  return used;
}

/** Asks `r` (initialised, not started) to end on an incoming call's RING as on an ABORT string. */
export function chatRunnerWatchRing(r: ChatRunner): void {
  r.watch |= CHAT_WATCH_RING;
}

// The verbose result on a line of its own, LF "RING" CR (V.250 §5.7.1: results are framed by
// CR LF); "RINGING" (a ringback report) and "RING" inside other text are not one.
// @ts-ignore: decorator
@lazy const RING_RESULT: usize = memory.data<u8>([0x0a, 0x52, 0x49, 0x4e, 0x47, 0x0d]);
const RING_RESULT_LEN: u32 = 6;

// Looks for RING_RESULT across calls; returns the count of bytes up to its end, or -1.
function ringScan(r: ChatRunner, src: usize, len: i32): i32 {
  let seen = r.ringSeen;
  for (let i = 0; i < len; i++) {
    const b = load<u8>(src + <usize>i);
    if (b == load<u8>(RING_RESULT + <usize>seen)) seen++;
    else seen = b == load<u8>(RING_RESULT) ? 1 : 0;
    if (seen == RING_RESULT_LEN) {
      r.ringSeen = 0;
      return i + 1;
    }
  }
  r.ringSeen = seen;
  return -1;
}

function expectMatched(r: ChatRunner, step: usize): void {
  const p = programOf(r);
  traceString(r, step, "Completed match for expect: ", stepString(p, step), stepLength(step), ChatTraceKind.Completed);
  // Skip the fallbacks of this expect token.
  r.step++;
  while (r.step < <i32>p.stepCount) {
    const kind = stepKind(stepAt(p, r.step));
    if (kind != StepKind.FallbackSend && kind != StepKind.FallbackExpect) break;
    r.step++;
  }
  r.state = RunnerState.Running;
}

function expectTimedOut(r: ChatRunner, now: f64): void {
  const p = programOf(r);
  const step = stepAt(p, r.step);
  const next = r.step + 1;
  if (next < <i32>p.stepCount && stepKind(stepAt(p, next)) == StepKind.FallbackSend) {
    traceString(r, step, "Timeout expecting: ", stepString(p, step), stepLength(step), ChatTraceKind.FallingBack);
    r.step = next;
    r.state = RunnerState.Running;
    drive(r, now);
    return;
  }
  finish(r, ChatResult.Timeout, stepToken(step), 0);
}

// Writes the send from r.sendAt; false when it stopped on \d or \p (state Delaying).
function send(r: ChatRunner, step: usize, now: f64): bool {
  const p = programOf(r);
  const text = stepString(p, step);
  const len = stepLength(step);
  if (r.sendAt == 0) traceSend(r, step, text, len);
  let at = r.sendAt;
  while (at < len) {
    const b = load<u8>(text + <usize>at);
    if (b != SEND_ESCAPE) {
      let run = at + 1;
      while (run < len && load<u8>(text + <usize>run) != SEND_ESCAPE) run++;
      output(r, text + <usize>at, run - at);
      at = run;
      continue;
    }
    const code = load<u8>(text + <usize>at + 1);
    at += 2;
    if (code == SEND_ESCAPE) {
      output(r, text + <usize>at - 1, 1);
    } else if (code == SEND_DIAL) {
      output(r, changetype<usize>(r) + DIAL_OFFSET, <i32>r.dialLen);
    } else if (code == SEND_BREAK) {
      r.breaks++;
      eventEmit(<i32>r.tty, EventKind.ChatBreak, r.script, stepToken(step));
    } else if (code == SEND_DELAY || code == SEND_PAUSE) {
      r.sendAt = at;
      r.deadline = now + <f64>(code == SEND_DELAY ? CHAT_DELAY_MS : CHAT_PAUSE_MS);
      r.state = RunnerState.Delaying;
      return false;
    }
  }
  if ((stepFlags(step) & StepFlag.NoReturn) == 0) output(r, RETURN, 1);
  r.sendAt = 0;
  return true;
}

// @ts-ignore: decorator
@lazy const RETURN: usize = memory.data<u8>([CARRIAGE_RETURN]);

function output(r: ChatRunner, src: usize, len: i32): void {
  if (r.output == 0 || len == 0) return;
  const n = <i32>ringWrite(changetype<Ring>(r.output), src, <u32>len);
  if (n < len) r.txDropped += <u32>(len - n);
}

// A RING among the bytes held during \d or \p ends the script at once: the send after the
// delay would otherwise go to the call the modem has just answered.
function heldRing(r: ChatRunner): bool {
  if ((r.watch & CHAT_WATCH_RING) == 0) return false;
  const seen = r.ringSeen;
  const found = ringScan(r, holdOf(r), <i32>r.holdLen) >= 0;
  r.ringSeen = seen; // the next expect scans the held bytes again
  if (found) finish(r, ChatResult.Abort, currentToken(r), CHAT_ABORT_RING);
  return found;
}

function hold(r: ChatRunner, src: usize, len: i32): void {
  const room = CHAT_HOLD_BYTES - <i32>r.holdLen;
  const n = len < room ? len : room;
  memory.copy(holdOf(r) + <usize>r.holdLen, src, <usize>n);
  r.holdLen += <u32>n;
  if (n < len) r.heldDropped += <u32>(len - n);
}

function finish(r: ChatRunner, result: ChatResult, token: i32, detail: i32): void {
  const p = programOf(r);
  r.state = RunnerState.Done;
  r.deadline = -1;
  r.result = result;
  r.resultToken = token;
  r.resultDetail = detail;
  if (r.holdLen != 0) {
    r.heldDropped += r.holdLen;
    r.holdLen = 0;
  }
  if (chatTraceOn) {
    traceBegin(<i32>r.tty);
    traceText("Chat script ");
    traceBytes(programName(p), <i32>p.nameLen);
    traceText(" finished, status = ");
    traceResult(r, result, detail);
    traceEmit(<i32>r.tty, r.script, token, ChatTraceKind.Finished);
  }
  eventEmit(<i32>r.tty, EventKind.ChatResult, r.script, token, result, detail, programName(p), <u32>p.nameLen);
  if (result == ChatResult.Abort && detail == CHAT_ABORT_RING) {
    chatOwner(<i32>r.tty, result, RING_RESULT + 1, RING_RESULT_LEN - 2);
    return;
  }
  const abort = result == ChatResult.Abort ? abortStep(p, detail) : 0;
  chatOwner(<i32>r.tty, result, abort == 0 ? 0 : stepString(p, abort), abort == 0 ? <u32>0 : <u32>stepLength(abort));
}

/** Told when a script ends: line, result, and the ABORT string that matched (or 0, 0). */
export type ChatOwner = (tty: i32, result: ChatResult, abortText: usize, abortLen: u32) => void;

function noOwner(tty: i32, result: ChatResult, abortText: usize, abortLen: u32): void {}

let chatOwner: ChatOwner = noOwner;

/** The line layer registers itself once; chat does not import the layers above it. */
export function chatSetOwner(owner: ChatOwner): void {
  chatOwner = owner;
}

/** Whether `len` bytes may stand for \T: the dial alphabet, owned by callback. */
export type ChatDialCheck = (ptr: usize, len: i32) => bool;

// Until callback registers its alphabet, no number reaches a modem.
function refuseEveryDial(ptr: usize, len: i32): bool {
  return false;
}

let dialCheck: ChatDialCheck = refuseEveryDial;

/** Registered once at init, like the owner: \T expands only a number this accepts. */
export function chatSetDialCheck(check: ChatDialCheck): void {
  dialCheck = check;
}

// The step of the `index`-th ABORT string (0-based, in declaration order), 0 if none.
function abortStep(p: ChatProgram, index: i32): usize {
  let seen = 0;
  for (let i = 0; i < <i32>p.stepCount; i++) {
    const step = stepAt(p, i);
    if (stepKind(step) != StepKind.Abort) continue;
    if (seen == index) return step;
    seen++;
  }
  return 0;
}

function traceResult(r: ChatRunner, result: ChatResult, detail: i32): void {
  const p = programOf(r);
  switch (result) {
    case ChatResult.Success: traceText("Success"); break;
    case ChatResult.Abort: {
      if (detail == CHAT_ABORT_RING) {
        traceText("Abort on RING (incoming call)");
        break;
      }
      const abort = stepAt(p, <i32>load<u8>(changetype<usize>(r) + ABORTS_OFFSET + <usize>detail));
      traceText("Abort on ");
      traceBytes(stepString(p, abort), stepLength(abort));
      break;
    }
    case ChatResult.Timeout: {
      const step = stepAt(p, r.expectStep);
      traceText("Timeout expecting: ");
      traceBytes(stepString(p, step), stepLength(step));
      break;
    }
    case ChatResult.CarrierLost: traceText("Carrier lost"); break;
    case ChatResult.Stopped: traceText("Stopped"); break;
    default:
      traceText("Bad script at token ");
      traceNumber((-detail) >> 8);
  }
}

function traceString(r: ChatRunner, step: usize, label: string, text: usize, len: i32, kind: ChatTraceKind): void {
  if (!chatTraceOn) return;
  traceBegin(<i32>r.tty);
  traceText(label);
  if (len == 0) traceText("\"\"");
  else traceBytes(text, len);
  traceEmit(<i32>r.tty, r.script, stepToken(step), kind);
}

// Shows the send as it goes out (\T substituted) with its actions as escapes.
function traceSend(r: ChatRunner, step: usize, text: usize, len: i32): void {
  if (!chatTraceOn) return;
  traceBegin(<i32>r.tty);
  traceText("Sending string: ");
  if (stepFlags(step) & StepFlag.Hidden) {
    traceText("<hidden>");
  } else {
    let at = 0;
    while (at < len) {
      const b = load<u8>(text + <usize>at);
      if (b != SEND_ESCAPE) {
        traceBytes(text + <usize>at, 1);
        at++;
        continue;
      }
      const code = load<u8>(text + <usize>at + 1);
      at += 2;
      if (code == SEND_DIAL) {
        traceBytes(changetype<usize>(r) + DIAL_OFFSET, <i32>r.dialLen);
      } else if (code == SEND_ESCAPE) {
        traceBytes(text + <usize>at - 1, 1);
      } else {
        traceRaw(0x5c);
        traceRaw(code);
      }
    }
    if (stepFlags(step) & StepFlag.NoReturn) traceText("\\c");
  }
  traceEmit(<i32>r.tty, r.script, stepToken(step), ChatTraceKind.Sending);
}
