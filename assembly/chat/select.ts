// Script selection: `script callback REGEXP`, `script arap-callback`, `start-chat REGEXP`
// pick the first chat script whose name the regexp matches anywhere (IOS regexp subset:
// . * + ? ^ $ _ [] [^] | () and \ to quote). The regexp is compiled to a small program and
// run as a Pike VM (every alternative in step, no backtracking) in fixed scratch memory.

import { ChatError, chatStatus } from "./program";

const MAX_CODE: i32 = 256;
const MAX_CLASSES: i32 = 16;
const MAX_DEPTH: i32 = 16; // nested parentheses

const enum Op {
  Char = 1, // x: byte
  Any = 2,
  Class = 3, // x: class index
  Split = 4, // x, y: relative targets
  Jump = 5, // x: relative target
  LineStart = 6,
  LineEnd = 7,
  Edge = 8, // start or end of the name (the zero-width half of `_`)
  Match = 9,
}

//  Instruction (8 bytes): op u8, reserved u8, x i16, y i16, reserved u16.
// @ts-ignore: decorator
@lazy const code: usize = memory.data(MAX_CODE * 8, 8);
// @ts-ignore: decorator
@lazy const classes: usize = memory.data(MAX_CLASSES * 32, 8);
// Thread lists (two), a per-instruction mark of the step it was added in, an add stack.
// @ts-ignore: decorator
@lazy const threads: usize = memory.data(MAX_CODE * 2 * 2, 2);
// @ts-ignore: decorator
@lazy const marks: usize = memory.data(MAX_CODE * 2, 2);
// @ts-ignore: decorator
@lazy const stack: usize = memory.data(MAX_CODE * 4 + 4, 2);

let codeLen: i32 = 0;
let classCount: i32 = 0;
let src: usize = 0;
let srcLen: i32 = 0;
let pos: i32 = 0;
let depth: i32 = 0;
let failed: bool = false;

function emit(op: Op, x: i32 = 0, y: i32 = 0): i32 {
  if (codeLen >= MAX_CODE) {
    failed = true;
    return codeLen;
  }
  const at = code + (<usize>codeLen << 3);
  store<u8>(at, <u8>op);
  store<i16>(at, <i16>x, 2);
  store<i16>(at, <i16>y, 4);
  return codeLen++;
}

// Opens one free slot at `at` (the block after it moves down; its jumps are relative).
function insertAt(at: i32): bool {
  if (codeLen >= MAX_CODE) {
    failed = true;
    return false;
  }
  memory.copy(code + (<usize>(at + 1) << 3), code + (<usize>at << 3), <usize>(codeLen - at) << 3);
  codeLen++;
  return true;
}

function setAt(at: i32, op: Op, x: i32, y: i32): void {
  const p = code + (<usize>at << 3);
  store<u8>(p, <u8>op);
  store<i16>(p, <i16>x, 2);
  store<i16>(p, <i16>y, 4);
}

function peek(): i32 {
  return pos < srcLen ? <i32>load<u8>(src + <usize>pos) : -1;
}

function parseAlternation(): void {
  const start = codeLen;
  parseConcatenation();
  if (peek() != 0x7c) return;
  // start: Split +1, next ; first ; Jump end ; next: rest (itself an alternation)
  pos++;
  if (!insertAt(start)) return;
  const jump = emit(Op.Jump);
  const rest = codeLen;
  setAt(start, Op.Split, 1, rest - start);
  parseAlternation();
  setAt(jump, Op.Jump, codeLen - jump, 0);
}

function parseConcatenation(): void {
  for (;;) {
    const c = peek();
    if (c < 0 || c == 0x7c || c == 0x29 || failed) return;
    parseRepetition();
  }
}

function parseRepetition(): void {
  const start = codeLen;
  parseAtom();
  for (;;) {
    const c = peek();
    if (failed) return;
    if (c == 0x2a) {
      // start: Split +1, out ; body ; Jump start
      if (!insertAt(start)) return;
      const jump = emit(Op.Jump, 0);
      setAt(jump, Op.Jump, start - jump, 0);
      setAt(start, Op.Split, 1, codeLen - start);
    } else if (c == 0x2b) {
      const split = emit(Op.Split);
      setAt(split, Op.Split, start - split, 1);
    } else if (c == 0x3f) {
      if (!insertAt(start)) return;
      setAt(start, Op.Split, 1, codeLen - start);
    } else {
      return;
    }
    pos++;
  }
}

function parseAtom(): void {
  const c = peek();
  pos++;
  switch (c) {
    case 0x28: { // (
      if (++depth > MAX_DEPTH) {
        failed = true;
        return;
      }
      parseAlternation();
      depth--;
      if (peek() != 0x29) failed = true;
      pos++;
      return;
    }
    case 0x5b: parseClass(); return; // [
    case 0x2e: emit(Op.Any); return; // .
    case 0x5e: emit(Op.LineStart); return; // ^
    case 0x24: emit(Op.LineEnd); return; // $
    case 0x5f: { // _ : a delimiter character, or the start or end of the name
      const k = newClass();
      if (k < 0) return;
      const set = classes + (<usize>k << 5);
      setBit(set, 0x2c); setBit(set, 0x7b); setBit(set, 0x7d); setBit(set, 0x28); setBit(set, 0x29); setBit(set, 0x20);
      const split = emit(Op.Split);
      emit(Op.Class, k);
      const jump = emit(Op.Jump);
      const edge = emit(Op.Edge);
      setAt(split, Op.Split, 1, edge - split);
      setAt(jump, Op.Jump, codeLen - jump, 0);
      return;
    }
    case 0x5c: { // \ quotes the next character
      const q = peek();
      if (q < 0) {
        failed = true;
        return;
      }
      pos++;
      emit(Op.Char, q);
      return;
    }
    case 0x2a: case 0x2b: case 0x3f: case 0x29: case 0x7c: case -1:
      failed = true;
      return;
    default:
      emit(Op.Char, c);
  }
}

function newClass(): i32 {
  if (classCount >= MAX_CLASSES) {
    failed = true;
    return -1;
  }
  memory.fill(classes + (<usize>classCount << 5), 0, 32);
  return classCount++;
}

function setBit(set: usize, b: i32): void {
  const at = set + <usize>(b >> 3);
  store<u8>(at, <u8>(<u32>load<u8>(at) | (<u32>1 << <u32>(b & 7))));
}

function parseClass(): void {
  const k = newClass();
  if (k < 0) return;
  const set = classes + (<usize>k << 5);
  let negate = false;
  if (peek() == 0x5e) {
    negate = true;
    pos++;
  }
  let first = true;
  for (;;) {
    let c = peek();
    if (c < 0) {
      failed = true;
      return;
    }
    pos++;
    if (c == 0x5d && !first) break;
    first = false;
    if (c == 0x5c) {
      c = peek();
      if (c < 0) {
        failed = true;
        return;
      }
      pos++;
    }
    let last = c;
    if (peek() == 0x2d && pos + 1 < srcLen && <i32>load<u8>(src + <usize>pos + 1) != 0x5d) {
      last = <i32>load<u8>(src + <usize>pos + 1);
      pos += 2;
      if (last < c) {
        failed = true;
        return;
      }
    }
    for (let b = c; b <= last; b++) setBit(set, b);
  }
  if (negate) {
    for (let i = 0; i < 32; i++) store<u8>(set + <usize>i, ~load<u8>(set + <usize>i));
  }
  emit(Op.Class, k);
}

/** Compiles `len` bytes of regexp; false when it is malformed or too large. */
export function selectCompile(ptr: usize, len: i32): bool {
  codeLen = 0;
  classCount = 0;
  src = ptr;
  srcLen = len;
  pos = 0;
  depth = 0;
  failed = false;
  parseAlternation();
  if (pos != srcLen) failed = true;
  emit(Op.Match);
  return !failed;
}

let stackTop: i32 = 0;

function push(pc: i32): void {
  store<u16>(stack + (<usize>stackTop << 1), <u16>pc);
  stackTop++;
}

// Adds the thread at `pc` and everything reachable without consuming a byte.
function addThread(list: usize, count: i32, pc: i32, step: u16, at: i32, len: i32): i32 {
  stackTop = 0;
  push(pc);
  while (stackTop > 0) {
    stackTop--;
    const p = <i32>load<u16>(stack + (<usize>stackTop << 1));
    if (load<u16>(marks + (<usize>p << 1)) == step) continue;
    store<u16>(marks + (<usize>p << 1), step);
    const ins = code + (<usize>p << 3);
    const op = <Op>load<u8>(ins);
    const x = <i32>load<i16>(ins, 2);
    if (op == Op.Jump) {
      push(p + x);
    } else if (op == Op.Split) {
      // y pushed first so x is tried first (order does not change whether a match exists).
      push(p + <i32>load<i16>(ins, 4));
      push(p + x);
    } else if (op == Op.LineStart) {
      if (at == 0) push(p + 1);
    } else if (op == Op.LineEnd) {
      if (at == len) push(p + 1);
    } else if (op == Op.Edge) {
      if (at == 0 || at == len) push(p + 1);
    } else {
      store<u16>(list + (<usize>count << 1), <u16>p);
      count++;
    }
  }
  return count;
}

/** Whether the compiled regexp matches anywhere in `len` bytes at `name`. */
export function selectMatches(name: usize, len: i32): bool {
  memory.fill(marks, 0, <usize>MAX_CODE * 2);
  let current = threads;
  let next = threads + <usize>MAX_CODE * 2;
  let count = 0;
  let step: u16 = 1;
  for (let at = 0; at <= len; at++) {
    // A new attempt may start at every position (the search is unanchored).
    count = addThread(current, count, 0, step, at, len);
    const b = at < len ? <i32>load<u8>(name + <usize>at) : -1;
    let nextCount = 0;
    step++;
    for (let t = 0; t < count; t++) {
      const p = <i32>load<u16>(current + (<usize>(t) << 1));
      const ins = code + (<usize>p << 3);
      const op = <Op>load<u8>(ins);
      if (op == Op.Match) return true;
      if (b < 0) continue;
      const x = <i32>load<i16>(ins, 2);
      let ok = false;
      if (op == Op.Char) ok = b == x;
      else if (op == Op.Any) ok = true;
      else if (op == Op.Class) ok = ((<u32>load<u8>(classes + (<usize>x << 5) + <usize>(b >> 3)) >> <u32>(b & 7)) & 1) != 0;
      if (ok) nextCount = addThread(next, nextCount, p + 1, step, at + 1, len);
    }
    const swap = current;
    current = next;
    next = swap;
    count = nextCount;
  }
  return false;
}

/** Status for a regexp that does not compile. */
export function selectBadRegexp(): i32 {
  return chatStatus(ChatError.BadRegexp, 0);
}
