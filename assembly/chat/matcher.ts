// Aho-Corasick automaton over a few byte strings, compiled to a dense DFA in fixed memory
// at each expect: every ABORT string and the expect string are found in one pass, one
// table load per byte, no backtracking, the same result however the bytes are split.
//
// Bytes are first mapped to classes (bytes absent from every pattern share class 0), so a
// row is only as wide as the patterns' alphabet. Table entries hold the next state's row
// offset in bytes, or MATCH_FLAG | pattern for a state where a pattern ends: a match ends
// the scan, so accepting states need no row. When several patterns end at one byte the
// lowest index wins (the runner adds the expect first, then the ABORT strings in order,
// as Debian chat checks the expect before its abort list).

/** Patterns one automaton holds. */
export const MATCHER_MAX_PATTERNS: i32 = 33;
/** Trie states (total pattern bytes + 1) and byte classes the table may need. */
export const MATCHER_MAX_STATES: i32 = 256;
export const MATCHER_MAX_CLASSES: i32 = 128;
/** u16 entries in the transition table: states × row width (classes rounded up to 2^k). */
export const MATCHER_TABLE_ENTRIES: i32 = 8192;

const MATCH_FLAG: u32 = 0x8000;
const NO_PATTERN: u8 = 0xff;

//  Matcher (MATCHER_BYTES):
//  ┌───────┬──────────┬────────┬──────────────┬───────┬─────────────────────┬───────────────┬──────────────┐
//  │ state │ rowBytes │ states │ patternCount │ found │ patterns[33] × 8    │ classMap[256] │ table[8192]  │
//  │ u32   │ u32      │ u32    │ u32          │ i32   │ (ptr u32, len u32)  │ u8 (class×2)  │ u16          │
//  └───────┴──────────┴────────┴──────────────┴───────┴─────────────────────┴───────────────┴──────────────┘
@unmanaged
export class Matcher {
  /** Byte offset of the current state's row. */
  state: u32;
  rowBytes: u32;
  states: u32;
  patternCount: u32;
  /** Index of the pattern the last feed stopped on, or -1. */
  found: i32;
  reserved: u32;
}

const PATTERNS_OFFSET: usize = 24;
const CLASS_MAP_OFFSET: usize = PATTERNS_OFFSET + <usize>MATCHER_MAX_PATTERNS * 8;
const TABLE_OFFSET: usize = CLASS_MAP_OFFSET + 256;
export const MATCHER_BYTES: i32 = <i32>TABLE_OFFSET + MATCHER_TABLE_ENTRIES * 2;

// Build scratch, shared: automata are built one at a time.
// @ts-ignore: decorator
@lazy const failOf: usize = memory.data(MATCHER_MAX_STATES * 2, 2);
// @ts-ignore: decorator
@lazy const ownPattern: usize = memory.data(MATCHER_MAX_STATES);
// @ts-ignore: decorator
@lazy const bestPattern: usize = memory.data(MATCHER_MAX_STATES);
// @ts-ignore: decorator
@lazy const queue: usize = memory.data(MATCHER_MAX_STATES * 2, 2);

/** Whether patterns needing `states` trie states and `classes` byte classes fit one automaton. */
export function matcherFits(states: i32, classes: i32): bool {
  if (states > MATCHER_MAX_STATES || classes > MATCHER_MAX_CLASSES) return false;
  return states * rowWidth(classes) <= MATCHER_TABLE_ENTRIES;
}

function rowWidth(classes: i32): i32 {
  let width = 1;
  while (width < classes) width <<= 1;
  return width;
}

/** Forgets every pattern. */
export function matcherReset(m: Matcher): void {
  m.patternCount = 0;
  m.states = 0;
  m.state = 0;
  m.found = -1;
}

/** Adds a pattern (kept by reference: it must outlive the automaton); false when full or empty. */
export function matcherAdd(m: Matcher, ptr: usize, len: i32): bool {
  if (len <= 0 || <i32>m.patternCount >= MATCHER_MAX_PATTERNS) return false;
  const entry = changetype<usize>(m) + PATTERNS_OFFSET + (<usize>m.patternCount << 3);
  store<u32>(entry, <u32>ptr);
  store<u32>(entry, <u32>len, 4);
  m.patternCount++;
  return true;
}

/** Builds the DFA from the patterns added; false (automaton empty) when they do not fit. */
export function matcherBuild(m: Matcher): bool {
  const base = changetype<usize>(m);
  const classMap = base + CLASS_MAP_OFFSET;
  const table = base + TABLE_OFFSET;
  m.state = 0;
  m.found = -1;
  // Classes: 0 for bytes in no pattern, then 1.. in order of first appearance.
  memory.fill(classMap, 0, 256);
  let classes = 1;
  let totalBytes = 0;
  for (let p: u32 = 0; p < m.patternCount; p++) {
    const ptr = <usize>load<u32>(base + PATTERNS_OFFSET + (<usize>p << 3));
    const len = <i32>load<u32>(base + PATTERNS_OFFSET + (<usize>p << 3), 4);
    totalBytes += len;
    for (let i = 0; i < len; i++) {
      const b = <usize>load<u8>(ptr + <usize>i);
      if (load<u8>(classMap + b) == 0) {
        if (classes >= MATCHER_MAX_CLASSES) return buildFailed(m);
        store<u8>(classMap + b, <u8>(classes << 1));
        classes++;
      }
    }
  }
  if (!matcherFits(totalBytes + 1, classes)) return buildFailed(m);
  const width = rowWidth(classes);
  const rowBytes = <usize>width << 1;
  m.rowBytes = <u32>rowBytes;
  // Trie: entries hold child state numbers (0 = none) until the final pass.
  let states: u32 = 1;
  memory.fill(table, 0, rowBytes);
  store<u8>(ownPattern, NO_PATTERN);
  for (let p: u32 = 0; p < m.patternCount; p++) {
    const ptr = <usize>load<u32>(base + PATTERNS_OFFSET + (<usize>p << 3));
    const len = <i32>load<u32>(base + PATTERNS_OFFSET + (<usize>p << 3), 4);
    let s: u32 = 0;
    for (let i = 0; i < len; i++) {
      const cell = table + <usize>s * rowBytes + <usize>load<u8>(classMap + <usize>load<u8>(ptr + <usize>i));
      let next = <u32>load<u16>(cell);
      if (next == 0) {
        next = states++;
        memory.fill(table + <usize>next * rowBytes, 0, rowBytes);
        store<u8>(ownPattern + <usize>next, NO_PATTERN);
        store<u16>(cell, <u16>next);
      }
      s = next;
    }
    if (load<u8>(ownPattern + <usize>s) == NO_PATTERN) store<u8>(ownPattern + <usize>s, <u8>p);
  }
  m.states = states;
  completeTransitions(table, rowBytes);
  // Final pass: state numbers become row offsets; entering an accepting state ends the scan.
  const entries = <usize>states * <usize>width;
  for (let e: usize = 0; e < entries; e++) {
    const cell = table + (e << 1);
    const next = <usize>load<u16>(cell);
    const best = load<u8>(bestPattern + next);
    store<u16>(cell, <u16>(best != NO_PATTERN ? MATCH_FLAG | <u32>best : <u32>(next * rowBytes)));
  }
  return true;
}

// Breadth-first: failure links, the best pattern ending at each state, and every missing
// transition copied from the failure state's (already complete) row.
function completeTransitions(table: usize, rowBytes: usize): void {
  const width = rowBytes >> 1;
  let head: u32 = 0;
  let tail: u32 = 0;
  store<u8>(bestPattern, NO_PATTERN);
  store<u16>(failOf, 0);
  for (let c: usize = 0; c < width; c++) {
    const child = <usize>load<u16>(table + (c << 1));
    if (child == 0) continue;
    store<u16>(failOf + (child << 1), 0);
    store<u8>(bestPattern + child, load<u8>(ownPattern + child));
    store<u16>(queue + (<usize>(tail++) << 1), <u16>child);
  }
  while (head < tail) {
    const s = <usize>load<u16>(queue + (<usize>(head++) << 1));
    const row = table + s * rowBytes;
    const failRow = table + <usize>load<u16>(failOf + (s << 1)) * rowBytes;
    for (let c: usize = 0; c < width; c++) {
      const cell = row + (c << 1);
      const child = <usize>load<u16>(cell);
      const viaFail = load<u16>(failRow + (c << 1));
      if (child == 0) {
        store<u16>(cell, viaFail);
        continue;
      }
      store<u16>(failOf + (child << 1), viaFail);
      const own = load<u8>(ownPattern + child);
      const inherited = load<u8>(bestPattern + <usize>viaFail);
      store<u8>(bestPattern + child, own < inherited ? own : inherited);
      store<u16>(queue + (<usize>(tail++) << 1), <u16>child);
    }
  }
}

function buildFailed(m: Matcher): bool {
  m.patternCount = 0;
  m.states = 0;
  return false;
}

/**
 * Scans `len` bytes. Returns how many were consumed: up to and including the byte that
 * completed a pattern (then `found` is its index and the automaton is back at its start),
 * or `len` with `found` = -1.
 */
export function matcherFeed(m: Matcher, src: usize, len: i32): i32 {
  const base = changetype<usize>(m);
  if (m.states == 0) {
    m.found = -1;
    return len;
  }
  const classMap = base + CLASS_MAP_OFFSET;
  const table = base + TABLE_OFFSET;
  let s = <usize>m.state;
  const end = src + <usize>len;
  let p = src;
  while (p < end) {
    s = <usize>load<u16>(table + s + <usize>load<u8>(classMap + <usize>load<u8>(p)));
    p++;
    if (s & MATCH_FLAG) {
      m.found = <i32>(s & ~MATCH_FLAG);
      m.state = 0;
      return <i32>(p - src);
    }
  }
  m.found = -1;
  m.state = <u32>s;
  return len;
}
