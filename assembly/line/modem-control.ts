// A line's modem, as IOS drives it: what the `modem` setting means for DTR and carrier, the
// modem's set-up at start (`script startup`) and after every hang-up (`script reset`), then
// `modem autoconfigure` (the modem type's commands, compiled from the modemcap table into
// image section 14), and answering a call by ATA on RING when the modem type does not
// auto-answer. With `modem autoconfigure discovery` the modem is first asked who it is
// (modem-discovery.ts), then sent its type's commands. Set-up scripts run through the chat
// pool like callback scripts; a modem that fails them (no OK to AT: dead, unplugged, wrong
// speed) is reported and tried again with a growing wait. The line machine (machine.ts)
// decides when; this file says what.

import { eventEmit } from "../mem/events";
import { MAX_LINES, SIGNAL_DCD, SIGNAL_RI, SIGNAL_CTS, OUTPUT_DTR, OUTPUT_RTS } from "../mem/tty";
import { Line } from "./lines";
import { LineMachine, LineState, STAY } from "./machine-state";
import { LineEvent, ModemStep } from "./line-events";
import { textPut } from "./text";
import { lineModem, ModemMode, lineAnswerTimeout } from "../config/line-settings";
import {
  AnswerMode, LineScript, lineAnswerMode, lineEventScript, lineModemScriptPtr, lineModemScriptLen, candidateAnswer, candidateScriptPtr, candidateScriptLen,
} from "../config/line-extras";
import { chatPoolRun, chatPoolRunRecord, chatPoolStop } from "../chat/pool";
import { ChatResult } from "../chat/runner";
import {
  DISCOVERY_QUERY_MS, DiscoveryStatus, discoveryConfigured, discoveryChosen, discoveryStart, discoveryInput, discoveryTimedOut, discoveryReset, discoveryReport,
  discoveryNameLen,
} from "./modem-discovery";

/** The first wait after a failed set-up; each failure in a row doubles it, up to the cap. */
export const MODEM_RETRY_FIRST_MS: f64 = 5000;
export const MODEM_RETRY_MAX_MS: f64 = 300000;
/** IOS `modem answer-timeout` default: how long an answered call may take to bring carrier. */
export const MODEM_ANSWER_TIMEOUT_MS: f64 = 15000;
/** Script id a modem type's commands are reported under (they are not in the chat-script library). */
export const MODEM_SCRIPT_ID: i32 = -1;

//  Per line (MODEM_BYTES): pending u8, running u8, failures u8, pad u8, done u8 ×4, lastAnswer f64.
const MODEM_BYTES: usize = 16;
const AT_PENDING: usize = 0; // ModemStep bits still to run in this round
const AT_RUNNING: usize = 1; // the ModemStep whose script runs now (0: none of ours)
const AT_FAILURES: usize = 2; // failed attempts in a row (for the wait)
const AT_DONE: usize = 4; // ModemStep bits run in this round (u8)
const AT_ANSWERED: usize = 8; // when ATA (or DTR for `modem callin`) last answered a RING, -1 never

/** Room for ModemIdentified's payload: the type's name and the modem's words. */
const IDENTIFIED_BYTES: u32 = 72;
// @ts-ignore: decorator
@lazy const identified: usize = memory.data(<i32>IDENTIFIED_BYTES);

// @ts-ignore: decorator
@lazy const modems: usize = memory.data(<i32>(MAX_LINES * <i32>MODEM_BYTES), 8);

function at(tty: u32): usize {
  return modems + <usize>tty * MODEM_BYTES;
}

export function modemControlReset(): void {
  memory.fill(modems, 0, <usize>MAX_LINES * MODEM_BYTES);
  for (let tty: u32 = 0; tty < <u32>MAX_LINES; tty++) store<f64>(at(tty), -1, AT_ANSWERED);
  discoveryReset();
}

// ---- The `modem` setting ----

/** Carrier as the line's `modem` setting reads it: RI-is-CD from the RI input, CTS-Required only with CTS up. */
export function modemCarrier(tty: u32, inputs: u32): bool {
  const mode = lineModem(<i32>tty);
  if (mode == ModemMode.RiIsCd) return (inputs & SIGNAL_RI) != 0;
  if (mode == ModemMode.CtsRequired) return (inputs & (SIGNAL_DCD | SIGNAL_CTS)) == (SIGNAL_DCD | SIGNAL_CTS);
  return (inputs & SIGNAL_DCD) != 0;
}

/** Whether RI means ringing on the line (not with RI-is-CD, where the modem's CD is wired to it). */
export function modemRiRings(tty: u32): bool {
  return lineModem(<i32>tty) != ModemMode.RiIsCd;
}

/** DTR and RTS of an idle line: DTR-Active, CallIn and the reverse-connection settings keep DTR low until a call needs it. */
export function modemIdleOutputs(tty: u32): u32 {
  const mode = lineModem(<i32>tty);
  const dtrLow = mode == ModemMode.DtrActive || mode == ModemMode.CallIn || mode == ModemMode.CallOut || mode == ModemMode.Host;
  return dtrLow ? OUTPUT_RTS : OUTPUT_DTR | OUTPUT_RTS;
}

/** Whether an idle line takes an incoming call: not one set up for reverse connections (`modem host`, `callout`). */
export function modemTakesCalls(tty: u32): bool {
  const mode = lineModem(<i32>tty);
  return mode != ModemMode.Host && mode != ModemMode.CallOut;
}

// ---- Set-up: what runs, when ----

function scriptsAt(tty: u32, atStart: bool): u32 {
  let steps: u32 = 0;
  if (atStart && lineEventScript(<i32>tty, LineScript.Startup) >= 0) steps |= ModemStep.Startup;
  if (!atStart && lineEventScript(<i32>tty, LineScript.Reset) >= 0) steps |= ModemStep.Reset;
  if (lineModemScriptPtr(<i32>tty) != 0) steps |= ModemStep.Autoconfigure;
  if (lineModemScriptPtr(<i32>tty) != 0 && discoveryConfigured(tty)) steps |= ModemStep.Discovery;
  return steps;
}

/** Plans the set-up at start (`atStart`) or after a hang-up; false when the line has nothing to run. */
export function modemSetUpPlan(tty: u32, atStart: bool): bool {
  const steps = scriptsAt(tty, atStart);
  const p = at(tty);
  store<u8>(p, <u8>steps, AT_PENDING);
  store<u8>(p, 0, AT_RUNNING);
  store<u8>(p, 0, AT_FAILURES);
  store<u8>(p, 0, AT_DONE);
  return steps != 0;
}

/** Whether a set-up is planned and not finished. */
export function modemSetUpPending(tty: u32): bool {
  return load<u8>(at(tty), AT_PENDING) != 0;
}

/** A call arrived (or the line is taken) during the set-up: its script stops; the next hang-up sets the modem up again. */
export function modemSetUpCancel(tty: u32): void {
  const p = at(tty);
  const running = <u32>load<u8>(p, AT_RUNNING);
  store<u8>(p, 0, AT_PENDING);
  store<u8>(p, 0, AT_RUNNING);
  if (running != 0 && running != ModemStep.Discovery) chatPoolStop(<i32>tty); // discovery has no chat script
}

// The lowest pending step, in the order IOS runs them: startup or reset script, then the modem type (asked first with discovery).
function nextStep(pending: u32): u32 {
  if (pending & ModemStep.Startup) return ModemStep.Startup;
  if (pending & ModemStep.Reset) return ModemStep.Reset;
  if (pending & ModemStep.Discovery) return ModemStep.Discovery;
  return pending & ModemStep.Autoconfigure;
}

/**
 * Runs the next step of the set-up on a line in ModemInit. Returns STAY while a script runs
 * or a retry waits (m.deadline), LineState.Idle when the set-up is over.
 */
export function modemSetUpStep(m: LineMachine, l: Line, now: f64): i32 {
  const tty = m.tty;
  const p = at(tty);
  if (<u32>load<u8>(p, AT_RUNNING) == ModemStep.Discovery) return discoveryNext(m, l, discoveryTimedOut(tty, l, m.editor.buf), now);
  if (load<u8>(p, AT_RUNNING) != 0) return STAY; // its end comes through modemScriptEnded
  const pending = <u32>load<u8>(p, AT_PENDING);
  const step = nextStep(pending);
  if (step == 0) {
    eventEmit(<i32>tty, LineEvent.ModemReady, <i32>load<u8>(p, AT_DONE), <i32>load<u8>(p, AT_FAILURES));
    store<u8>(p, 0, AT_FAILURES);
    return LineState.Idle;
  }
  const output = changetype<usize>(l.txRing);
  let status = 0;
  if (step == ModemStep.Discovery) {
    store<u8>(p, <u8>step, AT_RUNNING);
    m.deadline = discoveryStart(tty, l, now);
    return STAY;
  }
  if (step == ModemStep.Autoconfigure) {
    const chosen = discoveryConfigured(tty) ? discoveryChosen(tty) : 0;
    const record = chosen != 0 ? candidateScriptPtr(chosen) : lineModemScriptPtr(<i32>tty);
    const len = chosen != 0 ? candidateScriptLen(chosen) : lineModemScriptLen(<i32>tty);
    status = chatPoolRunRecord(<i32>tty, output, record, record + <usize>len, MODEM_SCRIPT_ID, 0, 0, now);
  } else {
    const script = lineEventScript(<i32>tty, step == ModemStep.Startup ? LineScript.Startup : LineScript.Reset);
    status = chatPoolRun(<i32>tty, output, script, 0, 0, now);
  }
  if (status != 0) return failed(m, step, ChatResult.BadScript, now);
  store<u8>(p, <u8>step, AT_RUNNING);
  m.deadline = -1;
  return STAY;
}

/** Whether the line is asking its modem who it is (its bytes go to modemDiscoveryInput). */
export function modemDiscovering(tty: u32): bool {
  return <u32>load<u8>(at(tty), AT_RUNNING) == ModemStep.Discovery;
}

/** The modem's bytes during discovery. */
export function modemDiscoveryInput(m: LineMachine, l: Line, src: usize, len: i32, now: f64): void {
  const status = discoveryInput(m.tty, l, m.editor.buf, src, len);
  if (status != DiscoveryStatus.Running) discoveryNext(m, l, status, now);
}

// After a discovery report: wait, fail (no answer: retried like a modem not answering AT) or go on to the type's commands.
function discoveryNext(m: LineMachine, l: Line, status: DiscoveryStatus, now: f64): i32 {
  const p = at(m.tty);
  if (status == DiscoveryStatus.Running) return STAY;
  if (status == DiscoveryStatus.Asked) {
    m.deadline = now + DISCOVERY_QUERY_MS;
    return STAY;
  }
  store<u8>(p, 0, AT_RUNNING);
  if (status == DiscoveryStatus.NoAnswer) return failed(m, ModemStep.Discovery, ChatResult.Timeout, now);
  const recognised = discoveryChosen(m.tty) != 0;
  const n = discoveryReport(m.tty, m.editor.buf, identified, IDENTIFIED_BYTES, "default");
  eventEmit(<i32>m.tty, LineEvent.ModemIdentified, recognised ? 1 : 0, <i32>discoveryNameLen(m.tty, "default"), 0, 0, identified, n);
  store<u8>(p, <u8>(<u32>load<u8>(p, AT_PENDING) & ~ModemStep.Discovery), AT_PENDING);
  store<u8>(p, <u8>(<u32>load<u8>(p, AT_DONE) | ModemStep.Discovery), AT_DONE);
  m.deadline = now; // the type's commands next
  return STAY;
}

/** Who answers the line's calls: the discovered type's way, else the configured one. */
export function modemAnswerMode(tty: u32): AnswerMode {
  const chosen = discoveryConfigured(tty) ? discoveryChosen(tty) : 0;
  return chosen != 0 ? candidateAnswer(chosen) : lineAnswerMode(<i32>tty);
}

// A step failed: report it and try the step again after a wait that doubles with each failure.
function failed(m: LineMachine, step: u32, result: ChatResult, now: f64): i32 {
  const p = at(m.tty);
  const failures = <u32>load<u8>(p, AT_FAILURES) + 1;
  store<u8>(p, <u8>(failures < 255 ? failures : 255), AT_FAILURES);
  let wait = MODEM_RETRY_FIRST_MS;
  for (let k: u32 = 1; k < failures && wait < MODEM_RETRY_MAX_MS; k++) wait *= 2;
  if (wait > MODEM_RETRY_MAX_MS) wait = MODEM_RETRY_MAX_MS;
  eventEmit(<i32>m.tty, LineEvent.ModemFailed, <i32>step, <i32>result, <i32>failures, <i32>wait);
  m.deadline = now + wait;
  return STAY;
}

/**
 * The chat engine reports that the script on a line in ModemInit ended. Returns false when
 * it was not one of the set-up's (the owner above hears of it instead). Success: the next
 * step runs at once (m.deadline = now: the runner is released only after this report).
 */
export function modemScriptEnded(m: LineMachine, result: ChatResult, now: f64): bool {
  const p = at(m.tty);
  const step = <u32>load<u8>(p, AT_RUNNING);
  if (step == 0) return false;
  store<u8>(p, 0, AT_RUNNING);
  if (result == ChatResult.Success) {
    store<u8>(p, <u8>(<u32>load<u8>(p, AT_PENDING) & ~step), AT_PENDING);
    store<u8>(p, <u8>(<u32>load<u8>(p, AT_DONE) | step), AT_DONE);
    m.deadline = now;
    return true;
  }
  if (result != ChatResult.Stopped) failed(m, step, result, now);
  return true;
}

// ---- Answering ----

function answerTimeoutMs(tty: u32): f64 {
  const s = lineAnswerTimeout(<i32>tty);
  return s == 0 ? MODEM_ANSWER_TIMEOUT_MS : <f64>s * 1000;
}

/**
 * The idle line's modem reported a ring (RING text or RI). When the modem type answers by
 * the line, send ATA (once per answer-timeout: a second character would abort the answer,
 * V.250 §6.3.5); a `modem callin` line raises DTR for the modem to answer. Returns the
 * deadline the line must look again at (the answer window's end), or -1.
 */
export function modemRang(m: LineMachine, l: Line, now: f64): f64 {
  const tty = m.tty;
  const p = at(tty);
  const last = load<f64>(p, AT_ANSWERED);
  const window = answerTimeoutMs(tty);
  if (last >= 0 && now < last + window) return -1;
  if (lineModem(<i32>tty) == ModemMode.CallIn) {
    store<f64>(p, now, AT_ANSWERED);
    return now + window; // machine.ts raises DTR and lowers it again if no call comes
  }
  if (modemAnswerMode(tty) != AnswerMode.Line || !modemTakesCalls(tty)) return -1;
  store<f64>(p, now, AT_ANSWERED);
  textPut(l, "ATA\r");
  eventEmit(<i32>tty, LineEvent.ModemAnswered, 0);
  return -1;
}

/** Forgets the last answer (the call came, or the window closed). */
export function modemAnswerOver(tty: u32): void {
  store<f64>(at(tty), -1, AT_ANSWERED);
}

/** Whether a `modem callin` line is inside the window after a ring, with DTR up for the modem to answer. */
export function modemCallinAnswering(tty: u32, now: f64): bool {
  const last = load<f64>(at(tty), AT_ANSWERED);
  return lineModem(<i32>tty) == ModemMode.CallIn && last >= 0 && now < last + answerTimeoutMs(tty);
}
