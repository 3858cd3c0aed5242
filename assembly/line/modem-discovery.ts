// `modem autoconfigure discovery`: the line asks its modem who it is (ATI3, ATI0, ATI4: the
// identification queries modems of the time answer, V.250 §6.1.3), keeps what it says (bounded,
// printable ASCII only: the modem's words are not trusted) and picks the first modem type of
// the line's discovery table whose pattern a line of its answer contains. The reply line and
// the words kept for the log live in the line's editor buffer, unused while the modem is set up. modem-control.ts runs it as a
// set-up step and then the chosen type's commands; this file only talks and matches.

import { MAX_LINES } from "../mem/tty";
import { Line } from "./lines";
import { textPut } from "./text";
import { EDITOR_BYTES } from "./editor";
import {
  lineDiscoveryCount, lineDiscoveryCandidate, candidatePatternPtr, candidatePatternLen, candidateNamePtr, candidateNameLen,
} from "../config/line-extras";

/** How long one query may take before the next is asked. */
export const DISCOVERY_QUERY_MS: f64 = 2000;
/** The scratch each line lends (its editor buffer): one reply line, then the words kept for the log. */
export const DISCOVERY_SCRATCH_BYTES: u32 = EDITOR_BYTES;
const REPLY_LINE_MAX: u32 = 40;
export const DISCOVERY_WORDS_MAX: u32 = DISCOVERY_SCRATCH_BYTES - REPLY_LINE_MAX;
const QUERY_COUNT: u32 = 3;

export const enum DiscoveryStatus {
  Running = 0, // waiting for the modem (the deadline given)
  Finished = 1, // a type is chosen, or the default (discoveryChosen 0)
  NoAnswer = 2, // the modem said nothing to any query: not there, or not at this speed
  Asked = 3, // the next query went out: its time starts now
}

// Per line: query u8, heard u8, replyLen u8, pad u8, wordsLen u32, chosen usize (u32).
const AT_QUERY: usize = 0;
const AT_HEARD: usize = 1;
const AT_REPLY_LEN: usize = 2;
const AT_WORDS_LEN: usize = 4;
const AT_CHOSEN: usize = 8;
const SLOT_BYTES: usize = 12;
// In the scratch:
const AT_REPLY: usize = 0;
const AT_WORDS: usize = <usize>REPLY_LINE_MAX;

// @ts-ignore: decorator
@lazy const slots: usize = memory.data(<i32>(MAX_LINES * <i32>SLOT_BYTES), 8);

function slot(tty: u32): usize {
  return slots + <usize>tty * SLOT_BYTES;
}

export function discoveryReset(): void {
  memory.fill(slots, 0, <usize>MAX_LINES * SLOT_BYTES);
}

/** Whether the line discovers its modem's type (its configuration gives candidates). */
export function discoveryConfigured(tty: u32): bool {
  return lineDiscoveryCount(<i32>tty) != 0;
}

/** The candidate the last discovery chose (config/line-extras.ts accessors), 0 for the default. */
export function discoveryChosen(tty: u32): usize {
  return <usize>load<u32>(slot(tty), AT_CHOSEN);
}

export function discoveryWordsLen(tty: u32): u32 {
  return load<u32>(slot(tty), AT_WORDS_LEN);
}

function ask(l: Line, query: u32): void {
  textPut(l, query == 0 ? "ATI3\r" : query == 1 ? "ATI0\r" : "ATI4\r");
}

/** Starts asking: the first query goes out; returns the deadline to look again at. */
export function discoveryStart(tty: u32, l: Line, now: f64): f64 {
  memory.fill(slot(tty), 0, SLOT_BYTES);
  ask(l, 0);
  return now + DISCOVERY_QUERY_MS;
}

function lower(b: u32): u32 {
  return b >= 0x41 && b <= 0x5a ? b + 0x20 : b;
}

// Whether the words hold `text` exactly (case counts: the log quotes the modem).
function containsText(words: usize, n: u32, text: usize, m: u32): bool {
  if (m == 0 || m > n) return false;
  for (let i: u32 = 0; i + m <= n; i++) if (memory.compare(words + i, text, m) == 0) return true;
  return false;
}

// Whether the words contain `pat` (ASCII, any case).
function contains(words: usize, n: u32, pat: usize, m: u32): bool {
  if (m == 0 || m > n) return false;
  for (let i: u32 = 0; i + m <= n; i++) {
    let j: u32 = 0;
    while (j < m && lower(<u32>load<u8>(words + i + j)) == lower(<u32>load<u8>(pat + j))) j++;
    if (j == m) return true;
  }
  return false;
}

// The first candidate whose pattern the line contains, 0 when none.
function match(tty: u32, words: usize, n: u32): usize {
  const count = lineDiscoveryCount(<i32>tty);
  for (let k: u32 = 0; k < count; k++) {
    const c = lineDiscoveryCandidate(<i32>tty, k);
    if (contains(words, n, candidatePatternPtr(c), candidatePatternLen(c))) return c;
  }
  return 0;
}

function isWord(p: usize, len: u32, w: string): bool {
  if (len != <u32>w.length) return false;
  for (let i: u32 = 0; i < len; i++) if (lower(<u32>load<u8>(p + i)) != lower(<u32>w.charCodeAt(i))) return false;
  return true;
}

// The end of one query (OK, ERROR or its time): a match ends discovery, else the next query.
function queryOver(tty: u32, l: Line): DiscoveryStatus {
  const p = slot(tty);
  const chosen = <usize>load<u32>(p, AT_CHOSEN);
  const query = <u32>load<u8>(p, AT_QUERY) + 1;
  if (chosen != 0 || query >= QUERY_COUNT) {
    store<u32>(p, <u32>chosen, AT_CHOSEN);
    return load<u8>(p, AT_HEARD) != 0 ? DiscoveryStatus.Finished : DiscoveryStatus.NoAnswer;
  }
  store<u8>(p, <u8>query, AT_QUERY);
  store<u8>(p, 0, AT_REPLY_LEN);
  ask(l, query);
  return DiscoveryStatus.Asked;
}

// One reply line: OK / ERROR end the query, an echo of the query is skipped, anything else is the modem's words.
function replyLine(tty: u32, l: Line, scratch: usize): DiscoveryStatus {
  const p = slot(tty);
  const len = <u32>load<u8>(p, AT_REPLY_LEN);
  store<u8>(p, 0, AT_REPLY_LEN);
  if (len == 0) return DiscoveryStatus.Running;
  const line = scratch + AT_REPLY;
  store<u8>(p, 1, AT_HEARD);
  // OK / ERROR, or 0 / 4 from a modem set to numeric result codes (V0, V.250 §6.2.6).
  if (isWord(line, len, "OK") || isWord(line, len, "ERROR") || isWord(line, len, "0") || isWord(line, len, "4")) return queryOver(tty, l);
  if (len >= 2 && lower(<u32>load<u8>(line)) == 0x61 && lower(<u32>load<u8>(line, 1)) == 0x74) return DiscoveryStatus.Running; // "AT...": our echo
  if (load<u32>(p, AT_CHOSEN) == 0) store<u32>(p, <u32>match(tty, line, len), AT_CHOSEN);
  let n = load<u32>(p, AT_WORDS_LEN);
  const words = scratch + AT_WORDS;
  if (containsText(words, n, line, len)) return DiscoveryStatus.Running; // ATI0 often repeats ATI3: said once
  if (n != 0 && n + 2 < DISCOVERY_WORDS_MAX) {
    store<u8>(words + n, 0x3b); // "; " between lines
    store<u8>(words + n + 1, 0x20);
    n += 2;
  }
  for (let i: u32 = 0; i < len && n < DISCOVERY_WORDS_MAX; i++) store<u8>(words + n++, load<u8>(line + i));
  store<u32>(p, n, AT_WORDS_LEN);
  return DiscoveryStatus.Running;
}

/** The modem's bytes while discovery runs: all are taken. */
export function discoveryInput(tty: u32, l: Line, scratch: usize, src: usize, len: i32): DiscoveryStatus {
  const p = slot(tty);
  let result = DiscoveryStatus.Running;
  for (let i = 0; i < len; i++) {
    const b = <u32>load<u8>(src + i);
    if (b == 0x0d || b == 0x0a) {
      const status = replyLine(tty, l, scratch);
      if (status == DiscoveryStatus.Asked) result = status;
      else if (status != DiscoveryStatus.Running) return status;
      continue;
    }
    const n = <u32>load<u8>(p, AT_REPLY_LEN);
    if (b < 0x20 || b > 0x7e || n >= REPLY_LINE_MAX) continue; // control bytes and overlong lines are dropped
    store<u8>(scratch + AT_REPLY + n, <u8>b);
    store<u8>(p, <u8>(n + 1), AT_REPLY_LEN);
  }
  return result;
}

/** The query's time is over: the next query, or the end. */
export function discoveryTimedOut(tty: u32, l: Line, scratch: usize): DiscoveryStatus {
  const p = slot(tty);
  if (<u32>load<u8>(p, AT_REPLY_LEN) != 0) {
    const status = replyLine(tty, l, scratch); // words without a line end still count
    if (status != DiscoveryStatus.Running) return status;
  }
  if (load<u8>(p, AT_HEARD) == 0) return DiscoveryStatus.NoAnswer; // silence to the first query: no modem
  return queryOver(tty, l);
}

/** The length of the chosen type's name as discoveryReport writes it. */
export function discoveryNameLen(tty: u32, fallback: string): u32 {
  const c = discoveryChosen(tty);
  return c != 0 ? candidateNameLen(c) : <u32>fallback.length;
}

/** Writes the chosen type's name (or `fallback`) then the modem's words into `dst` (at most `cap` bytes); returns the length. */
export function discoveryReport(tty: u32, scratch: usize, dst: usize, cap: u32, fallback: string): u32 {
  const c = discoveryChosen(tty);
  let n: u32 = 0;
  if (c != 0) {
    const len = candidateNameLen(c);
    n = len < cap ? len : cap;
    memory.copy(dst, candidateNamePtr(c), <usize>n);
  } else {
    for (let i = 0; i < fallback.length && n < cap; i++) store<u8>(dst + n++, <u8>fallback.charCodeAt(i));
  }
  const words = discoveryWordsLen(tty);
  const room = cap - n;
  const w = words < room ? words : room;
  memory.copy(dst + n, scratch + AT_WORDS, <usize>w);
  return n + w;
}
