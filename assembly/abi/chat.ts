// Chat-script exports: load a ChatScripts section, run a script on a line, and a
// diagnostic matcher scan for the bench. Statuses are `-(ChatError | token << 8)`.

import { lineGet } from "../line/lines";
import { ChatProgram, ChatError, chatStatus } from "../chat/program";
import { chatCompile } from "../chat/compile";
import { chatLibraryOpen, chatLibraryCount, chatLibraryRecord, chatLibraryEnd, chatLibraryPtr } from "../chat/section";
import { chatPoolRun, chatPoolCarrierLost, chatPoolStop, chatOnLine, chatLineOutcome, chatLineOutcomeToken, chatLineOutcomeDetail } from "../chat/pool";
import { chatTraceEnable } from "../chat/trace";
import { Matcher, MATCHER_BYTES, matcherReset, matcherAdd, matcherBuild, matcherFeed } from "../chat/matcher";
import { hostRegionOk } from "./region";
import { callScratch, SCRATCH_CHAT_CHECK_AT } from "../mem/call-scratch";
import { clockNow } from "../mem/clock";

const CHAT_BUFFER_BYTES: i32 = 8192;

// One region: host-writable input (a section for chatLoad, a dial string for chatRun),
// then the copy of the last section chatLoad took (scripts compile from it at each run).
// The diagnostic bench borrows the whole region for its automaton.
const REGION_BYTES: i32 = MATCHER_BYTES > 2 * CHAT_BUFFER_BYTES ? MATCHER_BYTES : 2 * CHAT_BUFFER_BYTES;
// @ts-ignore: decorator
@lazy const region: usize = memory.data(REGION_BYTES, 8);
// @ts-ignore: decorator
@lazy const inputArea: usize = region;
// @ts-ignore: decorator
@lazy const libraryArea: usize = region + <usize>CHAT_BUFFER_BYTES;
// chatCheck's program is thrown away when it returns: it lives in the call scratch.
// @ts-ignore: decorator
@lazy const checkArea: usize = callScratch + SCRATCH_CHAT_CHECK_AT;

/** Address of a host-writable buffer of `len` bytes (at most 8192), or 0. */
export function chatBuffer(len: i32): usize {
  return len >= 0 && len <= CHAT_BUFFER_BYTES ? inputArea : 0;
}

/**
 * Replaces the chat-script library with a copy of the ChatScripts section at `ptr`
 * (the image's own section is loaded by init). Returns the script count or a status.
 */
export function chatLoad(ptr: usize, len: i32): i32 {
  if (len > CHAT_BUFFER_BYTES || !hostRegionOk(ptr, len)) return chatStatus(ChatError.BadSection, 0);
  memory.copy(libraryArea, ptr, <usize>len);
  return chatLibraryOpen(libraryArea, <u32>len);
}

export function chatScriptCount(): i32 {
  return chatLibraryCount();
}

/** Compiles script `index` without running it: 0, or its status (token named inside). */
export function chatCheck(index: i32): i32 {
  const record = chatLibraryRecord(index);
  if (record == 0) return chatStatus(ChatError.NoSuchScript, 0);
  return chatCompile(record, chatLibraryEnd(), changetype<ChatProgram>(checkArea));
}

/**
 * Runs script `index` on TTY `line` with the dial string at `dialPtr` (for \T). While it
 * runs, the line's received bytes go to the script and its sends to the line's transmit
 * ring; the end is a ChatResult event. Returns 0, or a status (a script that does not
 * compile also gives a BadScript result event).
 */
export function chatRun(line: i32, index: i32, dialPtr: usize, dialLen: i32): i32 {
  const l = lineGet(line);
  if (l == null) return chatStatus(ChatError.NoSuchLine, 0);
  if (!hostRegionOk(dialPtr, dialLen)) return chatStatus(ChatError.DialTooLong, 0);
  return chatPoolRun(line, changetype<usize>(l.txRing), index, dialPtr, dialLen, clockNow());
}

/** Carrier loss while a script runs on `line`: it ends with CarrierLost. Returns 1 if one ran. */
export function chatCarrierLost(line: i32): i32 {
  return chatPoolCarrierLost(line);
}

/** Stops the script on `line` (result Stopped). Returns 1 if one ran. */
export function chatStop(line: i32): i32 {
  return chatPoolStop(line);
}

/** 1 while a script runs on `line`. */
export function chatActive(line: i32): i32 {
  return chatOnLine(line) != null ? 1 : 0;
}

/**
 * The last script's outcome on `line`: ChatResult (0 while one runs or none ran), and with
 * `part` 1 its token, 2 its detail (abort index or BadScript status).
 */
export function chatOutcome(line: i32, part: i32): i32 {
  if (part == 1) return chatLineOutcomeToken(line);
  if (part == 2) return chatLineOutcomeDetail(line);
  return chatLineOutcome(line);
}

/** `debug chat`: 1 emits ChatTrace events (the default), 0 stops them. */
export function chatTrace(on: i32): void {
  chatTraceEnable(on != 0);
}

// The bench's patterns: the expect first, then the five usual ABORT strings.
// @ts-ignore: decorator
@lazy const BENCH_TEXT: usize = memory.data<u8>([
  0x43, 0x4f, 0x4e, 0x4e, 0x45, 0x43, 0x54, // CONNECT
  0x45, 0x52, 0x52, 0x4f, 0x52, // ERROR
  0x42, 0x55, 0x53, 0x59, // BUSY
  0x4e, 0x4f, 0x20, 0x43, 0x41, 0x52, 0x52, 0x49, 0x45, 0x52, // NO CARRIER
  0x4e, 0x4f, 0x20, 0x44, 0x49, 0x41, 0x4c, 0x54, 0x4f, 0x4e, 0x45, // NO DIALTONE
  0x4e, 0x4f, 0x20, 0x41, 0x4e, 0x53, 0x57, 0x45, 0x52, // NO ANSWER
]);
// @ts-ignore: decorator
@lazy const BENCH_LENGTHS: usize = memory.data<u8>([7, 5, 4, 10, 11, 9]);

/**
 * Diagnostic: scans `len` bytes at `ptr` `repeats` times as one stream with the chat
 * matcher (expect CONNECT, ABORT ERROR, BUSY, NO CARRIER, NO DIALTONE, NO ANSWER),
 * restarting after each match. Returns the number of matches, -1 for a region outside
 * memory. Its automaton lives in the chat buffers: a library taken by chatLoad is
 * forgotten (the image's own is kept).
 */
export function chatBenchScan(ptr: usize, len: i32, repeats: i32): i32 {
  if (!hostRegionOk(ptr, len)) return -1;
  if (chatLibraryPtr() == libraryArea) chatLibraryOpen(0, 0);
  const m = changetype<Matcher>(region);
  matcherReset(m);
  let text = BENCH_TEXT;
  for (let i = 0; i < 6; i++) {
    const n = <i32>load<u8>(BENCH_LENGTHS + <usize>i);
    matcherAdd(m, text, n);
    text += <usize>n;
  }
  matcherBuild(m);
  let matches = 0;
  for (let r = 0; r < repeats; r++) {
    let at = 0;
    while (at < len) {
      at += matcherFeed(m, ptr + <usize>at, len - at);
      if (m.found >= 0) matches++;
    }
  }
  return matches;
}
