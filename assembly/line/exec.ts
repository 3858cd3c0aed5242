// The small EXEC: `show users`, `show line`, `show callback`, `ppp`, `exit`/`logout`/`quit`,
// with IOS's unique-prefix abbreviations and its marker error for anything else. The
// callbacks `show callback` lists are callback's: it registers the view at init.

import { MAX_LINES } from "../mem/tty";
import { Line, lineGet } from "./lines";
import { LineMachine, LineState, machineGet } from "./machine-state";
import { textPut, textPutEscaped, textPutNumber, textPad, textPadAfter, textPutDuration } from "./text";
import { hostnameWidth } from "./hostname";
import { directoryNamePtr, directoryNameLen } from "../users/directory";
import { lineModem, ModemMode } from "../config/line-settings";
import { LineFault, lineFault, lineFaultSince } from "./line-fault";

export const enum ExecOutcome {
  Prompt = 0,
  Ppp = 1,
  HangUp = 2,
}

// Word boundaries in the input: up to 4 words.
// @ts-ignore: decorator
@lazy const wordStart: usize = memory.data(16, 4);
// @ts-ignore: decorator
@lazy const wordLen: usize = memory.data(16, 4);

function splitWords(buf: usize, len: u32): i32 {
  let count = 0;
  let i: u32 = 0;
  while (i < len && count < 4) {
    while (i < len && load<u8>(buf + i) == 0x20) i++;
    if (i >= len) break;
    const start = i;
    while (i < len && load<u8>(buf + i) != 0x20) i++;
    store<u32>(wordStart + (<usize>count << 2), start);
    store<u32>(wordLen + (<usize>count << 2), i - start);
    count++;
  }
  return count;
}

function word(buf: usize, k: i32): usize {
  return buf + load<u32>(wordStart + (<usize>k << 2));
}

function wordLength(k: i32): u32 {
  return load<u32>(wordLen + (<usize>k << 2));
}

/** True when the word is a case-insensitive prefix of `keyword`. */
function prefixOf(ptr: usize, len: u32, keyword: string): bool {
  if (len == 0 || len > <u32>keyword.length) return false;
  for (let i: u32 = 0; i < len; i++) {
    let c = <u32>load<u8>(ptr + i);
    if (c >= 0x41 && c <= 0x5a) c += 0x20;
    if (c != <u32>keyword.charCodeAt(i)) return false;
  }
  return true;
}

// IOS: the caret goes under the first character it could not take.
function markerError(l: Line, column: u32): void {
  const promptWidth = hostnameWidth() + 1;
  textPad(l, 0, <i32>(promptWidth + column));
  textPut(l, "^\r\n% Invalid input detected at '^' marker.\r\n");
}


/** Runs one command line. */
export function execRun(m: LineMachine, l: Line, buf: usize, len: u32, now: f64): ExecOutcome {
  const words = splitWords(buf, len);
  if (words == 0) return ExecOutcome.Prompt;
  const w0 = word(buf, 0);
  const n0 = wordLength(0);
  const column0 = <u32>(w0 - buf);
  if (prefixOf(w0, n0, "exit") || prefixOf(w0, n0, "logout") || prefixOf(w0, n0, "quit")) {
    if (words > 1) {
      markerError(l, <u32>(word(buf, 1) - buf));
      return ExecOutcome.Prompt;
    }
    return ExecOutcome.HangUp;
  }
  if (prefixOf(w0, n0, "ppp")) {
    if (words > 1) {
      markerError(l, <u32>(word(buf, 1) - buf));
      return ExecOutcome.Prompt;
    }
    return ExecOutcome.Ppp;
  }
  if (prefixOf(w0, n0, "show")) {
    if (words < 2) {
      textPut(l, "% Incomplete command.\r\n");
      return ExecOutcome.Prompt;
    }
    const w1 = word(buf, 1);
    const n1 = wordLength(1);
    if (prefixOf(w1, n1, "users") && words == 2) {
      showUsers(m, l, now);
      return ExecOutcome.Prompt;
    }
    if (prefixOf(w1, n1, "line") && words == 2) {
      showLine(l);
      return ExecOutcome.Prompt;
    }
    if (prefixOf(w1, n1, "line") && words == 3) {
      const tty = lineNumber(word(buf, 2), wordLength(2));
      if (tty < 0) {
        markerError(l, <u32>(word(buf, 2) - buf));
        return ExecOutcome.Prompt;
      }
      showOneLine(l, tty, now);
      return ExecOutcome.Prompt;
    }
    if (prefixOf(w1, n1, "callback") && words == 2) {
      callbackView(l, now);
      return ExecOutcome.Prompt;
    }
    markerError(l, <u32>((words == 2 ? w1 : word(buf, 2)) - buf));
    return ExecOutcome.Prompt;
  }
  markerError(l, column0);
  return ExecOutcome.Prompt;
}

function stateWord(l: Line, state: u32): i32 {
  switch (state) {
    case LineState.Exec: textPut(l, "idle"); return 4;
    case LineState.Ppp: textPut(l, "PPP"); return 3;
    case LineState.Arap: textPut(l, "ARAP"); return 4;
    case LineState.HangUp: textPut(l, "hanging up"); return 10;
  }
  textPut(l, "login");
  return 5;
}

/** `show users`: every line with a session, `*` on the asker's own line. */
function showUsers(self: LineMachine, l: Line, now: f64): void {
  textPut(l, "    Line       User       Host(s)              Idle       Location\r\n");
  for (let tty = 1; tty < MAX_LINES; tty++) {
    const m = machineGet(tty);
    if (m == null || m.state == LineState.Idle || m.state == LineState.Activation) continue;
    textPut(l, m == self ? "*" : " ");
    textPutNumber(l, <u32>tty, 3);
    textPut(l, " tty ");
    textPutNumber(l, <u32>tty);
    textPad(l, 5 + digits(<u32>tty), 11);
    const nameLen = m.userIndex >= 0 ? directoryNameLen(m.userIndex) : 0;
    const nameWidth = nameLen ? textPutEscaped(l, directoryNamePtr(m.userIndex), nameLen) : 0;
    textPadAfter(l, nameWidth, 11);
    const w = stateWord(l, m.state);
    textPad(l, w, 21);
    textPutDuration(l, now - m.lastInput);
    textPut(l, "\r\n");
  }
}

function digits(v: u32): i32 {
  let n = 1;
  for (; v >= 10; v /= 10) n++;
  return n;
}

/** `show line`: one row per configured TTY: modem control, uses, noise flushed at activation. */
function showLine(l: Line): void {
  textPut(l, "   Tty Typ     Modem   Uses   Noise  State\r\n");
  for (let tty = 1; tty < MAX_LINES; tty++) {
    const m = machineGet(tty);
    if (m == null || lineGet(tty) == null) continue;
    textPut(l, m.state != LineState.Idle ? "*" : " ");
    textPutNumber(l, <u32>tty, 5);
    textPut(l, " TTY     ");
    const mode = lineModem(tty);
    const modem = mode == ModemMode.InOut ? "inout" : mode == ModemMode.Dialin ? "dialin" : mode != ModemMode.None ? "other" : "-";
    textPut(l, modem);
    textPad(l, modem.length, 6);
    textPutNumber(l, m.uses, 6);
    textPutNumber(l, m.flushed, 8);
    textPut(l, "  ");
    stateWord(l, m.state);
    textPut(l, "\r\n");
  }
}

// A TTY number as typed (decimal, 1..MAX_LINES-1), -1 when it is not one.
function lineNumber(p: usize, n: u32): i32 {
  if (n == 0 || n > 3) return -1;
  let v: i32 = 0;
  for (let i: u32 = 0; i < n; i++) {
    const c = <i32>load<u8>(p + i) - 0x30;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v >= 1 && v < MAX_LINES ? v : -1;
}

/** `show line N`: the line's row, then its modem-control mark (a control-line write the host could not make) and since when. */
function showOneLine(l: Line, tty: i32, now: f64): void {
  const m = machineGet(tty);
  if (m == null || lineGet(tty) == null) {
    textPut(l, "% Line ");
    textPutNumber(l, <u32>tty);
    textPut(l, " is not configured\r\n");
    return;
  }
  textPut(l, "Tty ");
  textPutNumber(l, <u32>tty);
  textPut(l, ", state ");
  stateWord(l, m.state);
  textPut(l, ", uses ");
  textPutNumber(l, m.uses);
  textPut(l, "\r\nModem control: ");
  const fault = lineFault(tty);
  if (fault == LineFault.None) {
    textPut(l, "no fault\r\n");
    return;
  }
  textPut(l, fault == LineFault.DtrNotSet ? "DTR cannot be set: hang-up by +++/ATH0" : "DTR/RTS cannot be set on the UART: DTR by GPIO");
  textPut(l, " (for ");
  textPutDuration(l, now - lineFaultSince(tty));
  textPut(l, ")\r\n");
}

/** `show callback`'s view: written by the layer that keeps the callbacks. */
export type ExecView = (l: Line, now: f64) => void;

// Until callback registers its view, there is nothing to list.
function noCallbacks(l: Line, now: f64): void {
  textPut(l, "  Id User       Method   Number           In Out State      Result           Secs\r\n");
}

let callbackView: ExecView = noCallbacks;

/** Registered once at init: what `show callback` prints. */
export function execSetCallbackView(view: ExecView): void {
  callbackView = view;
}
