// DES (FIPS 46-3) for the protocols that still use it: MS-CHAP's challenge response (RFC 2433
// §A.5, RFC 2759 §8.5) and ARAP's random-number exchange. One 64-bit block at a time, the
// tables as data, the key schedule in caller memory: nothing is allocated.
//
// Bits are numbered as FIPS 46-3 numbers them: bit 1 is the most significant of the block.

/** Bytes of a key schedule: sixteen 48-bit round keys, one u64 each. */
export const DES_SCHEDULE_BYTES: i32 = 16 * 8;

// FIPS 46-3 tables, 1-based bit numbers of the input.
// @ts-ignore: decorator
@lazy const INITIAL: usize = memory.data<u8>([
  58, 50, 42, 34, 26, 18, 10, 2, 60, 52, 44, 36, 28, 20, 12, 4, 62, 54, 46, 38, 30, 22, 14, 6, 64, 56, 48, 40, 32, 24, 16, 8,
  57, 49, 41, 33, 25, 17, 9, 1, 59, 51, 43, 35, 27, 19, 11, 3, 61, 53, 45, 37, 29, 21, 13, 5, 63, 55, 47, 39, 31, 23, 15, 7,
]);
// @ts-ignore: decorator
@lazy const FINAL: usize = memory.data<u8>([
  40, 8, 48, 16, 56, 24, 64, 32, 39, 7, 47, 15, 55, 23, 63, 31, 38, 6, 46, 14, 54, 22, 62, 30, 37, 5, 45, 13, 53, 21, 61, 29,
  36, 4, 44, 12, 52, 20, 60, 28, 35, 3, 43, 11, 51, 19, 59, 27, 34, 2, 42, 10, 50, 18, 58, 26, 33, 1, 41, 9, 49, 17, 57, 25,
]);
// @ts-ignore: decorator
@lazy const EXPANSION: usize = memory.data<u8>([
  32, 1, 2, 3, 4, 5, 4, 5, 6, 7, 8, 9, 8, 9, 10, 11, 12, 13, 12, 13, 14, 15, 16, 17,
  16, 17, 18, 19, 20, 21, 20, 21, 22, 23, 24, 25, 24, 25, 26, 27, 28, 29, 28, 29, 30, 31, 32, 1,
]);
// @ts-ignore: decorator
@lazy const ROUND_PERMUTATION: usize = memory.data<u8>([
  16, 7, 20, 21, 29, 12, 28, 17, 1, 15, 23, 26, 5, 18, 31, 10, 2, 8, 24, 14, 32, 27, 3, 9, 19, 13, 30, 6, 22, 11, 4, 25,
]);
// @ts-ignore: decorator
@lazy const KEY_CHOICE_1: usize = memory.data<u8>([
  57, 49, 41, 33, 25, 17, 9, 1, 58, 50, 42, 34, 26, 18, 10, 2, 59, 51, 43, 35, 27, 19, 11, 3, 60, 52, 44, 36,
  63, 55, 47, 39, 31, 23, 15, 7, 62, 54, 46, 38, 30, 22, 14, 6, 61, 53, 45, 37, 29, 21, 13, 5, 28, 20, 12, 4,
]);
// @ts-ignore: decorator
@lazy const KEY_CHOICE_2: usize = memory.data<u8>([
  14, 17, 11, 24, 1, 5, 3, 28, 15, 6, 21, 10, 23, 19, 12, 4, 26, 8, 16, 7, 27, 20, 13, 2,
  41, 52, 31, 37, 47, 55, 30, 40, 51, 45, 33, 48, 44, 49, 39, 56, 34, 53, 46, 42, 50, 36, 29, 32,
]);
// @ts-ignore: decorator
@lazy const KEY_SHIFTS: usize = memory.data<u8>([1, 1, 2, 2, 2, 2, 2, 2, 1, 2, 2, 2, 2, 2, 2, 1]);
// S1..S8, each 4 rows of 16, indexed by row (outer bits) * 16 + column (inner four bits).
// @ts-ignore: decorator
@lazy const SBOXES: usize = memory.data<u8>([
  14, 4, 13, 1, 2, 15, 11, 8, 3, 10, 6, 12, 5, 9, 0, 7, 0, 15, 7, 4, 14, 2, 13, 1, 10, 6, 12, 11, 9, 5, 3, 8,
  4, 1, 14, 8, 13, 6, 2, 11, 15, 12, 9, 7, 3, 10, 5, 0, 15, 12, 8, 2, 4, 9, 1, 7, 5, 11, 3, 14, 10, 0, 6, 13,

  15, 1, 8, 14, 6, 11, 3, 4, 9, 7, 2, 13, 12, 0, 5, 10, 3, 13, 4, 7, 15, 2, 8, 14, 12, 0, 1, 10, 6, 9, 11, 5,
  0, 14, 7, 11, 10, 4, 13, 1, 5, 8, 12, 6, 9, 3, 2, 15, 13, 8, 10, 1, 3, 15, 4, 2, 11, 6, 7, 12, 0, 5, 14, 9,

  10, 0, 9, 14, 6, 3, 15, 5, 1, 13, 12, 7, 11, 4, 2, 8, 13, 7, 0, 9, 3, 4, 6, 10, 2, 8, 5, 14, 12, 11, 15, 1,
  13, 6, 4, 9, 8, 15, 3, 0, 11, 1, 2, 12, 5, 10, 14, 7, 1, 10, 13, 0, 6, 9, 8, 7, 4, 15, 14, 3, 11, 5, 2, 12,

  7, 13, 14, 3, 0, 6, 9, 10, 1, 2, 8, 5, 11, 12, 4, 15, 13, 8, 11, 5, 6, 15, 0, 3, 4, 7, 2, 12, 1, 10, 14, 9,
  10, 6, 9, 0, 12, 11, 7, 13, 15, 1, 3, 14, 5, 2, 8, 4, 3, 15, 0, 6, 10, 1, 13, 8, 9, 4, 5, 11, 12, 7, 2, 14,

  2, 12, 4, 1, 7, 10, 11, 6, 8, 5, 3, 15, 13, 0, 14, 9, 14, 11, 2, 12, 4, 7, 13, 1, 5, 0, 15, 10, 3, 9, 8, 6,
  4, 2, 1, 11, 10, 13, 7, 8, 15, 9, 12, 5, 6, 3, 0, 14, 11, 8, 12, 7, 1, 14, 2, 13, 6, 15, 0, 9, 10, 4, 5, 3,

  12, 1, 10, 15, 9, 2, 6, 8, 0, 13, 3, 4, 14, 7, 5, 11, 10, 15, 4, 2, 7, 12, 9, 5, 6, 1, 13, 14, 0, 11, 3, 8,
  9, 14, 15, 5, 2, 8, 12, 3, 7, 0, 4, 10, 1, 13, 11, 6, 4, 3, 2, 12, 9, 5, 15, 10, 11, 14, 1, 7, 6, 0, 8, 13,

  4, 11, 2, 14, 15, 0, 8, 13, 3, 12, 9, 7, 5, 10, 6, 1, 13, 0, 11, 7, 4, 9, 1, 10, 14, 3, 5, 12, 2, 15, 8, 6,
  1, 4, 11, 13, 12, 3, 7, 14, 10, 15, 6, 8, 0, 5, 9, 2, 6, 11, 13, 8, 1, 4, 10, 7, 9, 5, 0, 15, 14, 2, 3, 12,

  13, 2, 8, 4, 6, 15, 11, 1, 10, 9, 3, 14, 5, 0, 12, 7, 1, 15, 13, 8, 10, 3, 7, 4, 12, 5, 6, 11, 0, 14, 9, 2,
  7, 11, 4, 1, 9, 12, 14, 2, 0, 6, 10, 13, 15, 3, 5, 8, 2, 1, 14, 7, 4, 10, 8, 13, 15, 12, 9, 0, 3, 5, 6, 11,
]);

// Picks `count` bits of the `width`-bit value `v` as `table` lists them (bit 1 = most significant).
function permute(v: u64, width: u32, table: usize, count: u32): u64 {
  let out: u64 = 0;
  for (let i: u32 = 0; i < count; i++) {
    const from = <u64>load<u8>(table + i);
    out = (out << 1) | ((v >> (<u64>width - from)) & 1);
  }
  return out;
}

function readBlock(src: usize): u64 {
  return bswap<u64>(load<u64>(src));
}

function writeBlock(dst: usize, v: u64): void {
  store<u64>(dst, bswap<u64>(v));
}

// A 28-bit half of the key rotated left by `n`.
function rotate28(v: u64, n: u64): u64 {
  return ((v << n) | (v >> (28 - n))) & 0x0fffffff;
}

/** Builds the sixteen round keys of the 8-octet `key` (parity bits ignored) at `schedule`. */
export function desSchedule(key: usize, schedule: usize): void {
  const chosen = permute(readBlock(key), 64, KEY_CHOICE_1, 56);
  let c = chosen >> 28;
  let d = chosen & 0x0fffffff;
  for (let round: u32 = 0; round < 16; round++) {
    const n = <u64>load<u8>(KEY_SHIFTS + round);
    c = rotate28(c, n);
    d = rotate28(d, n);
    store<u64>(schedule + (<usize>round << 3), permute((c << 28) | d, 56, KEY_CHOICE_2, 48));
  }
}

// FIPS 46-3 f(R, K): expand, mix the round key, eight S-boxes, permute.
function feistel(right: u64, roundKey: u64): u64 {
  const mixed = permute(right, 32, EXPANSION, 48) ^ roundKey;
  let out: u64 = 0;
  for (let box: u32 = 0; box < 8; box++) {
    const six = <u32>((mixed >> (<u64>(42 - 6 * box))) & 0x3f);
    const row = ((six >> 4) & 2) | (six & 1);
    const column = (six >> 1) & 0xf;
    out = (out << 4) | <u64>load<u8>(SBOXES + box * 64 + row * 16 + column);
  }
  return permute(out, 32, ROUND_PERMUTATION, 32);
}

function crypt(schedule: usize, src: usize, dst: usize, decrypt: bool): void {
  const block = permute(readBlock(src), 64, INITIAL, 64);
  let left = block >> 32;
  let right = block & 0xffffffff;
  for (let i: u32 = 0; i < 16; i++) {
    const round = decrypt ? 15 - i : i;
    const next = left ^ feistel(right, load<u64>(schedule + (<usize>round << 3)));
    left = right;
    right = next;
  }
  // The halves are swapped once more before the final permutation.
  writeBlock(dst, permute((right << 32) | left, 64, FINAL, 64));
}

/** Encrypts the 8 octets at `src` into `dst` (may be the same) with a schedule from desSchedule. */
export function desEncrypt(schedule: usize, src: usize, dst: usize): void {
  crypt(schedule, src, dst, false);
}

/** Decrypts the 8 octets at `src` into `dst` (may be the same). */
export function desDecrypt(schedule: usize, src: usize, dst: usize): void {
  crypt(schedule, src, dst, true);
}

/**
 * Spreads a 7-octet (56-bit) key over 8 octets, 7 key bits each with odd parity in the low
 * bit, as MS-CHAP builds its DES keys from the password hash (RFC 2433 §A.6).
 */
export function desKeyFrom56(src: usize, dst: usize): void {
  let bits: u64 = 0;
  for (let i = 0; i < 7; i++) bits = (bits << 8) | <u64>load<u8>(src + i);
  for (let i = 0; i < 8; i++) {
    const seven = <u32>((bits >> (<u64>(49 - 7 * i))) & 0x7f);
    const parity = (popcnt<u32>(seven) & 1) ^ 1; // odd parity over the whole octet
    store<u8>(dst + i, <u8>((seven << 1) | parity));
  }
}
