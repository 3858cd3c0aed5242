// Allowed-number patterns (a dialback extension against toll fraud): the IOS regular
// expression subset `. * + ? [ ] [^ ] \ ^ $` and literals, matched against the WHOLE number
// (anchors are accepted and implied). Simulated as an NFA over a 64-bit state set: no
// backtracking, bounded work, fixed memory.

const MAX_ITEMS: i32 = 63;

const QUANT_ONE: u8 = 0;
const QUANT_STAR: u8 = 1;
const QUANT_OPT: u8 = 2;

// Compiled items: start offset (u8), end offset (u8), quantifier (u8), kind (u8).
// @ts-ignore: decorator
@lazy const items: usize = memory.data(MAX_ITEMS * 4, 4);
let itemCount: i32 = 0;

const KIND_LITERAL: u8 = 0;
const KIND_ANY: u8 = 1;
const KIND_CLASS: u8 = 2;

function addItem(start: u32, end: u32, quant: u8, kind: u8): bool {
  if (itemCount >= MAX_ITEMS) return false;
  const at = items + (<usize>itemCount << 2);
  store<u8>(at, <u8>start);
  store<u8>(at, <u8>end, 1);
  store<u8>(at, quant, 2);
  store<u8>(at, kind, 3);
  itemCount++;
  return true;
}

/** Compiles `len` bytes of pattern; false when it is malformed or too long. */
function compile(p: usize, len: u32): bool {
  itemCount = 0;
  if (len > 200) return false;
  let i: u32 = 0;
  if (len > 0 && load<u8>(p) == 0x5e) i = 1; // ^
  let end = len;
  if (end > i && load<u8>(p + end - 1) == 0x24 && (end < 2 || load<u8>(p + end - 2) != 0x5c)) end--; // $
  while (i < end) {
    const start = i;
    const c = load<u8>(p + i);
    let kind = KIND_LITERAL;
    if (c == 0x5b) {
      // [class]: find the closing bracket (a first ']' is literal)
      let j = i + 1;
      if (j < end && load<u8>(p + j) == 0x5e) j++;
      if (j < end && load<u8>(p + j) == 0x5d) j++;
      while (j < end && load<u8>(p + j) != 0x5d) j++;
      if (j >= end) return false;
      kind = KIND_CLASS;
      i = j + 1;
    } else if (c == 0x5c) {
      if (i + 1 >= end) return false;
      i += 2;
    } else if (c == 0x2e) {
      kind = KIND_ANY;
      i++;
    } else if (c == 0x2a || c == 0x2b || c == 0x3f) {
      return false; // a quantifier with nothing before it
    } else {
      i++;
    }
    let quant = QUANT_ONE;
    if (i < end) {
      const q = load<u8>(p + i);
      if (q == 0x2a) quant = QUANT_STAR;
      else if (q == 0x3f) quant = QUANT_OPT;
      else if (q == 0x2b) {
        // x+ is x then x*
        if (!addItem(start, i, QUANT_ONE, kind)) return false;
        quant = QUANT_STAR;
      }
      if (q == 0x2a || q == 0x3f || q == 0x2b) {
        if (!addItem(start, i, quant, kind)) return false;
        i++;
        continue;
      }
    }
    if (!addItem(start, i, quant, kind)) return false;
  }
  return true;
}

function itemMatches(p: usize, k: i32, c: u8): bool {
  const at = items + (<usize>k << 2);
  const start = <u32>load<u8>(at);
  const end = <u32>load<u8>(at, 1);
  const kind = load<u8>(at, 3);
  if (kind == KIND_ANY) return true;
  if (kind == KIND_LITERAL) {
    const lit = load<u8>(p + start) == 0x5c ? load<u8>(p + start + 1) : load<u8>(p + start);
    return lit == c;
  }
  let j = start + 1;
  let negate = false;
  if (load<u8>(p + j) == 0x5e) {
    negate = true;
    j++;
  }
  let found = false;
  const close = end - 1;
  let first = true;
  while (j < close) {
    const lo = load<u8>(p + j);
    if (lo == 0x5d && !first) break;
    first = false;
    if (j + 2 < close && load<u8>(p + j + 1) == 0x2d) {
      const hi = load<u8>(p + j + 2);
      if (c >= lo && c <= hi) found = true;
      j += 3;
    } else {
      if (c == lo) found = true;
      j++;
    }
  }
  return found != negate;
}

// Adds every state reachable by skipping optional items.
function closure(set: u64): u64 {
  let s = set;
  for (let k = 0; k < itemCount; k++) {
    if ((s >> <u64>k) & 1) {
      const quant = load<u8>(items + (<usize>k << 2), 2);
      if (quant != QUANT_ONE) s |= <u64>1 << <u64>(k + 1);
    }
  }
  return s;
}

/** -1 malformed pattern, 1 the whole number matches, 0 it does not. */
export function patternMatch(p: usize, pLen: u32, text: usize, textLen: u32): i32 {
  if (!compile(p, pLen)) return -1;
  let states = closure(1);
  for (let i: u32 = 0; i < textLen && states != 0; i++) {
    const c = load<u8>(text + i);
    let next: u64 = 0;
    for (let k = 0; k < itemCount; k++) {
      if (((states >> <u64>k) & 1) == 0 || !itemMatches(p, k, c)) continue;
      const quant = load<u8>(items + (<usize>k << 2), 2);
      next |= <u64>1 << <u64>(quant == QUANT_STAR ? k : k + 1);
    }
    states = closure(next);
  }
  return (states >> <u64>itemCount) & 1 ? 1 : 0;
}
