// Compiles one ChatScripts record (tokens as written, escapes unprocessed) into a
// ChatProgram. Tokens alternate expect, send; ABORT and TIMEOUT are keywords only where
// an expect is due (Debian chat reads them the same way) and take the next token.

import {
  ChatProgram, ChatError, StepKind, StepFlag, chatStatus, stepAt, stepWrite, programStrings, programName,
  PROGRAM_MAX_STEPS, PROGRAM_STRING_BYTES, PROGRAM_NAME_BYTES,
} from "./program";
import { escapeDecode, escapeFlags } from "./escapes";
import { matcherFits, MATCHER_MAX_PATTERNS } from "./matcher";

/** ABORT strings one script may declare (each is one automaton pattern besides the expect). */
export const CHAT_MAX_ABORTS: i32 = MATCHER_MAX_PATTERNS - 1;

const HYPHEN: u8 = 0x2d;
const EOT_BYTE: u8 = 0x04;

// Bytes seen in the ABORT strings so far, and a copy to add an expect to.
// @ts-ignore: decorator
@lazy const abortByteSet: usize = memory.data(256);
// @ts-ignore: decorator
@lazy const expectByteSet: usize = memory.data(256);
let abortDistinct: i32 = 0;
let abortBytes: i32 = 0;
let abortCount: i32 = 0;
let hideNextSend: bool = false;
let steps: i32 = 0;
let failedToken: i32 = 0;

/**
 * Compiles the record at `record` (it must end by `end`) into `program`.
 * Returns 0, or a chat status `-(ChatError | token << 8)`.
 */
export function chatCompile(record: usize, end: usize, program: ChatProgram): i32 {
  program.stepCount = 0;
  program.stringUsed = 0;
  program.nameLen = 0;
  steps = 0;
  abortDistinct = abortBytes = abortCount = 0;
  hideNextSend = false;
  memory.fill(abortByteSet, 0, 256);
  if (record >= end) return chatStatus(ChatError.Truncated, 0);
  const nameLen = <i32>load<u8>(record);
  if (record + 1 + <usize>nameLen + 1 > end) return chatStatus(ChatError.Truncated, 0);
  if (nameLen > PROGRAM_NAME_BYTES) return chatStatus(ChatError.NameTooLong, 0);
  memory.copy(programName(program), record + 1, <usize>nameLen);
  program.nameLen = <u16>nameLen;
  const tokenCount = <i32>load<u8>(record + 1 + <usize>nameLen);
  let at = record + 2 + <usize>nameLen;
  let expecting = true;
  for (let token = 0; token < tokenCount; token++) {
    if (at + 2 > end) return chatStatus(ChatError.Truncated, token);
    const len = <i32>load<u16>(at);
    const text = at + 2;
    if (text + <usize>len > end) return chatStatus(ChatError.Truncated, token);
    at = text + <usize>len;
    let status = 0;
    if (!expecting) {
      status = compileSend(program, token, text, len, StepKind.Send);
      expecting = true;
    } else if (isWord(text, len, "ABORT") || isWord(text, len, "TIMEOUT")) {
      const isAbort = len == 5;
      const valueToken = token + 1;
      if (valueToken >= tokenCount) return chatStatus(ChatError.MissingValue, token);
      if (at + 2 > end) return chatStatus(ChatError.Truncated, valueToken);
      const valueLen = <i32>load<u16>(at);
      const value = at + 2;
      if (value + <usize>valueLen > end) return chatStatus(ChatError.Truncated, valueToken);
      at = value + <usize>valueLen;
      token = valueToken;
      status = isAbort ? compileAbort(program, token, value, valueLen) : compileTimeout(program, token, value, valueLen);
    } else {
      status = compileExpect(program, token, text, len);
      expecting = false;
    }
    if (status != 0) return chatStatus(<ChatError>status, failedToken);
  }
  program.stepCount = <u16>steps;
  return 0;
}

function addStep(program: ChatProgram, kind: StepKind, flags: u32, token: i32, at: i32, len: i32): i32 {
  if (steps >= PROGRAM_MAX_STEPS) return ChatError.TooManySteps;
  stepWrite(stepAt(program, steps), kind, flags, token, at, len);
  steps++;
  return 0;
}

// Decodes into the program's string area; returns the length or -ChatError.
function decodeString(program: ChatProgram, src: usize, len: i32, sending: bool): i32 {
  const used = <i32>program.stringUsed;
  const n = escapeDecode(src, len, programStrings(program) + <usize>used, PROGRAM_STRING_BYTES - used, sending);
  if (n >= 0) program.stringUsed = <u16>(used + n);
  return n;
}

function compileAbort(program: ChatProgram, token: i32, src: usize, len: i32): i32 {
  failedToken = token;
  const at = <i32>program.stringUsed;
  const n = decodeString(program, src, len, false);
  if (n < 0) return -n;
  if (n == 0) return ChatError.EmptyAbort;
  if (abortCount >= CHAT_MAX_ABORTS) return ChatError.TooManyAborts;
  const strings = programStrings(program) + <usize>at;
  for (let i = 0; i < n; i++) {
    const b = <usize>load<u8>(strings + <usize>i);
    if (load<u8>(abortByteSet + b) == 0) {
      store<u8>(abortByteSet + b, 1);
      abortDistinct++;
    }
  }
  abortBytes += n;
  abortCount++;
  return addStep(program, StepKind.Abort, 0, token, at, n);
}

function compileTimeout(program: ChatProgram, token: i32, src: usize, len: i32): i32 {
  failedToken = token;
  if (len == 0 || len > 5) return ChatError.BadTimeout;
  let seconds = 0;
  for (let i = 0; i < len; i++) {
    const d = <i32>load<u8>(src + <usize>i) - 0x30;
    if (d < 0 || d > 9) return ChatError.BadTimeout;
    seconds = seconds * 10 + d;
  }
  if (seconds < 1 || seconds > 65535) return ChatError.BadTimeout;
  return addStep(program, StepKind.Timeout, 0, token, 0, seconds);
}

function compileSend(program: ChatProgram, token: i32, src: usize, len: i32, kind: StepKind): i32 {
  failedToken = token;
  const at = <i32>program.stringUsed;
  let flags: u32 = hideNextSend ? StepFlag.Hidden : 0;
  hideNextSend = false;
  let n = 0;
  if (isWord(src, len, "EOT")) {
    // Debian chat and IOS: EOT and BREAK go out without a carriage return.
    if (at + 1 > PROGRAM_STRING_BYTES) return ChatError.TooLong;
    store<u8>(programStrings(program) + <usize>at, EOT_BYTE);
    program.stringUsed = <u16>(at + 1);
    n = 1;
    flags |= StepFlag.NoReturn;
  } else if (isWord(src, len, "BREAK")) {
    n = decodeString(program, BREAK_ESCAPE, 2, true);
    flags |= StepFlag.NoReturn;
  } else {
    n = decodeString(program, src, len, true);
    flags |= escapeFlags;
  }
  if (n < 0) return -n;
  return addStep(program, kind, flags, token, at, n);
}

// "\K" as bytes, so BREAK compiles exactly like the escape.
// @ts-ignore: decorator
@lazy const BREAK_ESCAPE: usize = memory.data<u8>([0x5c, 0x4b]);

/** An expect token: parts split at '-' are expect, sub-send, sub-expect, ... */
function compileExpect(program: ChatProgram, token: i32, src: usize, len: i32): i32 {
  failedToken = token;
  let part = 0;
  let start = 0;
  for (let i = 0; i <= len; i++) {
    if (i < len && load<u8>(src + <usize>i) != HYPHEN) continue;
    let status = 0;
    if ((part & 1) == 0) {
      status = compileExpectPart(program, token, src + <usize>start, i - start, part == 0 ? StepKind.Expect : StepKind.FallbackExpect);
    } else {
      status = compileSend(program, token, src + <usize>start, i - start, StepKind.FallbackSend);
    }
    if (status != 0) return status;
    part++;
    start = i + 1;
  }
  return 0;
}

function compileExpectPart(program: ChatProgram, token: i32, src: usize, len: i32, kind: StepKind): i32 {
  const at = <i32>program.stringUsed;
  const n = decodeString(program, src, len, false);
  if (n < 0) return -n;
  const text = programStrings(program) + <usize>at;
  if (n > 0 && !fitsMatcher(text, n)) return ChatError.MatcherTooLarge;
  hideNextSend = mentionsPassword(text, n) || (escapeFlags & StepFlag.Hidden) != 0;
  return addStep(program, kind, 0, token, at, n);
}

// The automaton for this expect holds every ABORT so far plus the expect itself.
function fitsMatcher(text: usize, len: i32): bool {
  memory.copy(expectByteSet, abortByteSet, 256);
  let distinct = abortDistinct;
  for (let i = 0; i < len; i++) {
    const b = <usize>load<u8>(text + <usize>i);
    if (load<u8>(expectByteSet + b) == 0) {
      store<u8>(expectByteSet + b, 1);
      distinct++;
    }
  }
  return matcherFits(abortBytes + len + 1, distinct + 1);
}

// The answer to a password prompt never reaches a trace ("ssword" as in Password:, any case).
function mentionsPassword(text: usize, len: i32): bool {
  for (let i = 0; i + 6 <= len; i++) {
    let same = true;
    for (let k = 0; k < 6; k++) {
      const b = <u32>load<u8>(text + <usize>(i + k)) | 0x20;
      if (b != <u32>load<u8>(SSWORD + <usize>k)) {
        same = false;
        break;
      }
    }
    if (same) return true;
  }
  return false;
}

// @ts-ignore: decorator
@lazy const SSWORD: usize = memory.data<u8>([0x73, 0x73, 0x77, 0x6f, 0x72, 0x64]);

// Whole-token comparison with an ASCII keyword (static literal, read as UTF-16).
function isWord(src: usize, len: i32, word: string): bool {
  if (len != word.length) return false;
  const w = changetype<usize>(word);
  for (let i = 0; i < len; i++) {
    if (<u16>load<u8>(src + <usize>i) != load<u16>(w + (<usize>i << 1))) return false;
  }
  return true;
}
