// The runners lines share: slots carved at init, one per line while a script runs. init
// carves one per configured line, so every line can run its script at the same moment.
// The line layer hands received bytes here first; tick runs every runner's deadlines. Time
// is an argument of every call that may start or move a script: the pool keeps no clock.

import { arenaTake } from "../mem/arena";
import { MAX_LINES } from "../mem/tty";
import { ChatProgram, ChatError, chatStatus, PROGRAM_BYTES } from "./program";
import { chatCompile } from "./compile";
import { chatLibraryRecord, chatLibraryEnd } from "./section";
import {
  ChatRunner, chatRunnerInit, chatRunning, chatStart, chatInput, chatTick, chatCarrierLost, chatStop, chatFailBadScript,
  chatRunnerWatchRing, CHAT_RUNNER_BYTES, CHAT_WATCH_RING,
} from "./runner";

const SLOT_BYTES: i32 = ((CHAT_RUNNER_BYTES + 7) & ~7) + PROGRAM_BYTES;

// @ts-ignore: decorator
@lazy const lineRunner: usize = memory.data(MAX_LINES * 4, 4);
// Per line, the last script's outcome: result, token, detail (i32 each), for the line layer.
// @ts-ignore: decorator
@lazy const lineOutcome: usize = memory.data(MAX_LINES * 12, 4);
let slots: usize = 0;
let slotCount: i32 = 0;

/** Forgets every runner (init calls this before carving again). */
export function chatPoolReset(): void {
  memory.fill(lineRunner, 0, <usize>MAX_LINES * 4);
  memory.fill(lineOutcome, 0, <usize>MAX_LINES * 12);
  slots = 0;
  slotCount = 0;
}

/** Carves `count` runner slots from the arena (scripts that may run at once); false when it does not fit. */
export function chatPoolInit(count: i32): bool {
  if (count <= 0) return true;
  slots = arenaTake(count * SLOT_BYTES, 8);
  if (slots == 0) return false;
  slotCount = count;
  return true;
}

function slotRunner(i: i32): ChatRunner {
  return changetype<ChatRunner>(slots + <usize>(i * SLOT_BYTES));
}

function slotProgram(i: i32): ChatProgram {
  return changetype<ChatProgram>(slots + <usize>(i * SLOT_BYTES + ((CHAT_RUNNER_BYTES + 7) & ~7)));
}

/** The runner with a script under way on `tty`, or null. */
export function chatOnLine(tty: i32): ChatRunner | null {
  if (tty < 0 || tty >= MAX_LINES) return null;
  const at = load<usize>(lineRunner + (<usize>tty << 2));
  return at == 0 ? null : changetype<ChatRunner>(at);
}

// A finished runner lets go of its line, leaving its outcome behind.
function releaseIfDone(tty: i32, r: ChatRunner): void {
  if (chatRunning(r)) return;
  store<usize>(lineRunner + (<usize>tty << 2), 0);
  recordOutcome(tty, r);
}

function recordOutcome(tty: i32, r: ChatRunner): void {
  const at = lineOutcome + <usize>(tty * 12);
  store<i32>(at, r.result);
  store<i32>(at, r.resultToken, 4);
  store<i32>(at, r.resultDetail, 8);
}

/**
 * The outcome of the last script run on `tty`: a ChatResult (None while one runs or none
 * ran since init). Token and detail (abort index, BadScript status) via chatLineOutcomeToken
 * and chatLineOutcomeDetail. The line layer reads it after input or tick.
 */
export function chatLineOutcome(tty: i32): i32 {
  if (tty < 0 || tty >= MAX_LINES) return 0;
  return load<i32>(lineOutcome + <usize>(tty * 12));
}

export function chatLineOutcomeToken(tty: i32): i32 {
  if (tty < 0 || tty >= MAX_LINES) return 0;
  return load<i32>(lineOutcome + <usize>(tty * 12), 4);
}

export function chatLineOutcomeDetail(tty: i32): i32 {
  if (tty < 0 || tty >= MAX_LINES) return 0;
  return load<i32>(lineOutcome + <usize>(tty * 12), 8);
}

/**
 * Compiles script `index` of the library and starts it on `tty` at `now`, sends going to
 * `output` (a Ring). Returns 0, or a chat status (NoSuchScript, LineBusy, NoRunner, DialTooLong, or
 * the compile status, which is also reported as a BadScript result event). `watch`
 * CHAT_WATCH_RING makes a RING from the modem end the script as an ABORT would.
 */
export function chatPoolRun(tty: i32, output: usize, index: i32, dialPtr: usize, dialLen: i32, now: f64, watch: u32 = 0): i32 {
  if (tty < 0 || tty >= MAX_LINES) return chatStatus(ChatError.NoSuchLine, 0);
  if (chatOnLine(tty) != null) return chatStatus(ChatError.LineBusy, 0);
  const record = chatLibraryRecord(index);
  if (record == 0) return chatStatus(ChatError.NoSuchScript, 0);
  return chatPoolRunRecord(tty, output, record, chatLibraryEnd(), index, dialPtr, dialLen, now, watch);
}

/**
 * As chatPoolRun, for a script record outside the library (the same layout, ending by `end`),
 * reported as script `id` (a line's modem script from image section 14, whose id is -1).
 */
export function chatPoolRunRecord(tty: i32, output: usize, record: usize, end: usize, id: i32, dialPtr: usize, dialLen: i32, now: f64, watch: u32 = 0): i32 {
  if (tty < 0 || tty >= MAX_LINES) return chatStatus(ChatError.NoSuchLine, 0);
  if (chatOnLine(tty) != null) return chatStatus(ChatError.LineBusy, 0);
  if (record == 0) return chatStatus(ChatError.NoSuchScript, 0);
  let slot = -1;
  for (let i = 0; i < slotCount; i++) {
    if (!chatRunning(slotRunner(i))) {
      slot = i;
      break;
    }
  }
  if (slot < 0) return chatStatus(ChatError.NoRunner, 0);
  const r = slotRunner(slot);
  const program = slotProgram(slot);
  chatRunnerInit(r, tty, output);
  if (watch & CHAT_WATCH_RING) chatRunnerWatchRing(r);
  const compiled = chatCompile(record, end, program);
  if (compiled != 0) {
    chatFailBadScript(r, program, id, compiled);
    recordOutcome(tty, r);
    return compiled;
  }
  const started = chatStart(r, program, id, dialPtr, dialLen, now);
  if (started != 0) return started;
  if (chatRunning(r)) {
    store<usize>(lineRunner + (<usize>tty << 2), changetype<usize>(r));
    memory.fill(lineOutcome + <usize>(tty * 12), 0, 12);
  } else {
    recordOutcome(tty, r);
  }
  return 0;
}

/** Bytes received on `tty` at `now`: how many the running script took (0 when none runs). */
export function chatPoolInput(tty: i32, src: usize, len: i32, now: f64): i32 {
  const r = chatOnLine(tty);
  if (r == null) return 0;
  const used = chatInput(r, src, len, now);
  releaseIfDone(tty, r);
  return used;
}

/** Runs due deadlines of every running script; returns the earliest next one or -1. */
export function chatPoolTick(now: f64): f64 {
  let earliest: f64 = -1;
  for (let tty = 0; tty < MAX_LINES; tty++) {
    const r = chatOnLine(tty);
    if (r == null) continue;
    const next = chatTick(r, now);
    releaseIfDone(tty, r);
    if (next >= 0 && (earliest < 0 || next < earliest)) earliest = next;
  }
  return earliest;
}

/** Carrier loss on `tty`: its script (if any) ends with CarrierLost. Returns 1 if one ran. */
export function chatPoolCarrierLost(tty: i32): i32 {
  const r = chatOnLine(tty);
  if (r == null) return 0;
  chatCarrierLost(r);
  releaseIfDone(tty, r);
  return 1;
}

/** Stops the script on `tty` (result Stopped). Returns 1 if one ran. */
export function chatPoolStop(tty: i32): i32 {
  const r = chatOnLine(tty);
  if (r == null) return 0;
  chatStop(r);
  releaseIfDone(tty, r);
  return 1;
}

/** Runner slots with a script under way, attached to a line or not (a leak shows here). */
export function chatPoolRunning(): i32 {
  let n = 0;
  for (let i = 0; i < slotCount; i++) if (chatRunning(slotRunner(i))) n++;
  return n;
}

/** Runner slots carved at init. */
export function chatPoolSize(): i32 {
  return slotCount;
}
