// ChaCha20 (RFC 8439 §2): the quarter round, the block function and the cipher over caller
// memory. No allocation: the working state is one fixed 64-byte area, wiped after each block.

export const CHACHA20_KEY_BYTES: i32 = 32;
export const CHACHA20_NONCE_BYTES: i32 = 12;
export const CHACHA20_BLOCK_BYTES: i32 = 64;

// RFC 8439 §2.3: "expand 32-byte k" as four little-endian words.
const SIGMA0: u32 = 0x61707865;
const SIGMA1: u32 = 0x3320646e;
const SIGMA2: u32 = 0x79622d32;
const SIGMA3: u32 = 0x6b206574;

// @ts-ignore: decorator
@lazy const working: usize = memory.data(CHACHA20_BLOCK_BYTES, 16);

// @ts-ignore: decorator
@inline function word(i: i32): usize {
  return working + (<usize>i << 2);
}

/** RFC 8439 §2.2: the quarter round on words a, b, c, d of the 16-word state at `state`. */
export function chacha20QuarterRound(state: usize, a: i32, b: i32, c: i32, d: i32): void {
  const pa = state + (<usize>a << 2);
  const pb = state + (<usize>b << 2);
  const pc = state + (<usize>c << 2);
  const pd = state + (<usize>d << 2);
  let va = load<u32>(pa);
  let vb = load<u32>(pb);
  let vc = load<u32>(pc);
  let vd = load<u32>(pd);
  va += vb;
  vd = rotl<u32>(vd ^ va, 16);
  vc += vd;
  vb = rotl<u32>(vb ^ vc, 12);
  va += vb;
  vd = rotl<u32>(vd ^ va, 8);
  vc += vd;
  vb = rotl<u32>(vb ^ vc, 7);
  store<u32>(pa, va);
  store<u32>(pb, vb);
  store<u32>(pc, vc);
  store<u32>(pd, vd);
}

/**
 * RFC 8439 §2.3: the 64-octet block for a 32-octet `key`, block `counter` and 12-octet
 * `nonce`, written to `out` (which may be the key's or nonce's memory).
 */
export function chacha20Block(key: usize, counter: u32, nonce: usize, out: usize): void {
  store<u32>(word(0), SIGMA0);
  store<u32>(word(1), SIGMA1);
  store<u32>(word(2), SIGMA2);
  store<u32>(word(3), SIGMA3);
  for (let i = 0; i < 8; i++) store<u32>(word(4 + i), load<u32>(key + (<usize>i << 2)));
  store<u32>(word(12), counter);
  for (let i = 0; i < 3; i++) store<u32>(word(13 + i), load<u32>(nonce + (<usize>i << 2)));
  // `out` keeps the input words for the final addition; key and nonce are read already, so it may alias them.
  for (let i = 0; i < 16; i++) store<u32>(out + (<usize>i << 2), load<u32>(word(i)));
  // Twenty rounds: ten of (four column rounds, then four diagonal rounds).
  for (let round = 0; round < 10; round++) {
    chacha20QuarterRound(working, 0, 4, 8, 12);
    chacha20QuarterRound(working, 1, 5, 9, 13);
    chacha20QuarterRound(working, 2, 6, 10, 14);
    chacha20QuarterRound(working, 3, 7, 11, 15);
    chacha20QuarterRound(working, 0, 5, 10, 15);
    chacha20QuarterRound(working, 1, 6, 11, 12);
    chacha20QuarterRound(working, 2, 7, 8, 13);
    chacha20QuarterRound(working, 3, 4, 9, 14);
  }
  // §2.3: the permuted words plus the input words, little-endian (WebAssembly's own order).
  for (let i = 0; i < 16; i++) {
    const at = out + (<usize>i << 2);
    store<u32>(at, load<u32>(at) + load<u32>(word(i)));
  }
  memory.fill(working, 0, CHACHA20_BLOCK_BYTES);
}

// @ts-ignore: decorator
@lazy const keystream: usize = memory.data(CHACHA20_BLOCK_BYTES, 16);

/** RFC 8439 §2.4: XORs `len` octets from `src` into `dst` with the key stream from block `counter` on. */
export function chacha20Xor(key: usize, counter: u32, nonce: usize, src: usize, dst: usize, len: i32): void {
  for (let at = 0; at < len; at += CHACHA20_BLOCK_BYTES) {
    chacha20Block(key, counter++, nonce, keystream);
    const n = len - at < CHACHA20_BLOCK_BYTES ? len - at : CHACHA20_BLOCK_BYTES;
    for (let i = 0; i < n; i++) store<u8>(dst + at + i, load<u8>(src + at + i) ^ load<u8>(keystream + i));
  }
  memory.fill(keystream, 0, CHACHA20_BLOCK_BYTES);
}
