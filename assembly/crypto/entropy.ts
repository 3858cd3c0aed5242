// Randomness for Magic-Numbers (RFC 1661 §6.4) and CHAP challenges (RFC 1994 §2.3): a
// ChaCha20 generator with fast key erasure. The core has no source of its own: the host
// pushes bytes (entropyPush), from the operating system's CSPRNG on real lines, from the
// run's seed in the simulator. The same pushes give the same sequence (specs, simulator).
//
// Output: each request runs ChaCha20 under the current key (nonce 0, blocks 0, 1, ...); the
// first 32 octets of block 0 become the next key at once and the rest is the output, so a
// key read out of memory later says nothing about values already drawn.
//
// Mixing: every 32-octet piece of a push is XORed into the key, and the key becomes the first
// 32 octets of ChaCha20 under that sum (counter = the piece's length, so a short piece and
// the same piece padded with zeros differ; nonce "entropy-mix" apart from the output's).
// Whichever of old key and input is secret is then ChaCha20's key, whose output is
// unpredictable without it: a known seed cannot cancel a secret key, and 32 secret octets
// make an all-zero starting key unpredictable.

import { chacha20Block, CHACHA20_BLOCK_BYTES, CHACHA20_KEY_BYTES } from "./chacha20";
import { globalCount, GlobalCounter } from "../mem/counters";

/** Octets the host must push (from a CSPRNG) before anything is drawn: one key's worth. */
export const ENTROPY_SEED_BYTES: u32 = 32;

// @ts-ignore: decorator
@lazy const key: usize = memory.data(CHACHA20_KEY_BYTES, 16);
// @ts-ignore: decorator
@lazy const block: usize = memory.data(CHACHA20_BLOCK_BYTES, 16);
// @ts-ignore: decorator
@lazy const nextKey: usize = memory.data(CHACHA20_KEY_BYTES, 16);
// @ts-ignore: decorator
@lazy const outputNonce: usize = memory.data(12, 4);
// @ts-ignore: decorator
@lazy const mixNonce: usize = memory.data<u8>([0x65, 0x6e, 0x74, 0x72, 0x6f, 0x70, 0x79, 0x2d, 0x6d, 0x69, 0x78, 0x00]);
// @ts-ignore: decorator
@lazy const drawn: usize = memory.data(4, 4);

/** Octets pushed since the last reset (saturating). */
let pushed: u32 = 0;

/** Mixes `len` octets at `src` into the key. */
export function entropyMix(src: usize, len: i32): void {
  if (len <= 0) return;
  pushed = <u64>pushed + <u64>len > <u64>u32.MAX_VALUE ? u32.MAX_VALUE : pushed + <u32>len;
  for (let at = 0; at < len; at += CHACHA20_KEY_BYTES) {
    const n = len - at < CHACHA20_KEY_BYTES ? len - at : CHACHA20_KEY_BYTES;
    for (let i = 0; i < n; i++) store<u8>(key + i, load<u8>(key + i) ^ load<u8>(src + at + i));
    chacha20Block(key, <u32>n, mixNonce, block);
    memory.copy(key, block, CHACHA20_KEY_BYTES);
  }
  memory.fill(block, 0, CHACHA20_BLOCK_BYTES);
}

/** Forgets everything pushed so far (specs; the module starts this way). */
export function entropyReset(): void {
  memory.fill(key, 0, CHACHA20_KEY_BYTES);
  pushed = 0;
}

/** True once the host has pushed at least ENTROPY_SEED_BYTES octets. */
export function entropySeeded(): bool {
  return pushed >= ENTROPY_SEED_BYTES;
}

/** Fills `len` octets at `dst`; a draw before the host seeded the generator is counted (EntropyUnseeded). */
export function entropyFill(dst: usize, len: i32): void {
  if (len <= 0) return;
  if (!entropySeeded()) globalCount(GlobalCounter.EntropyUnseeded);
  chacha20Block(key, 0, outputNonce, block);
  memory.copy(nextKey, block, CHACHA20_KEY_BYTES);
  let at = 0;
  let from = block + <usize>CHACHA20_KEY_BYTES;
  let left = CHACHA20_BLOCK_BYTES - CHACHA20_KEY_BYTES;
  let counter: u32 = 1;
  for (;;) {
    const n = len - at < left ? len - at : left;
    memory.copy(dst + at, from, n);
    at += n;
    if (at >= len) break;
    chacha20Block(key, counter++, outputNonce, block);
    from = block;
    left = CHACHA20_BLOCK_BYTES;
  }
  // Fast key erasure: the key that made this output is gone before the output is used.
  memory.copy(key, nextKey, CHACHA20_KEY_BYTES);
  memory.fill(nextKey, 0, CHACHA20_KEY_BYTES);
  memory.fill(block, 0, CHACHA20_BLOCK_BYTES);
}

/** Next 32 random bits (one request of its own). */
export function entropyNext(): u32 {
  entropyFill(drawn, 4);
  const value = load<u32>(drawn);
  store<u32>(drawn, 0);
  return value;
}
