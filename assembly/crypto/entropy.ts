// Randomness for Magic-Numbers and CHAP challenges. The core has no source of its own: the
// host pushes bytes (entropyPush); output is MD5 over the pool and a counter, so the same
// pushes give the same sequence (deterministic tests, simulator seeds).

import { Md5, md5Init, md5Update, md5Final, MD5_CONTEXT_BYTES } from "./md5";

// @ts-ignore: decorator
@lazy const pool: usize = memory.data(16, 8);
// @ts-ignore: decorator
@lazy const context: usize = memory.data(MD5_CONTEXT_BYTES, 8);
// @ts-ignore: decorator
@lazy const output: usize = memory.data(24, 8);
let counter: u32 = 0;
let outputLeft: u32 = 0;

/** Mixes `len` octets into the pool (pool = MD5(pool ‖ bytes)). */
export function entropyMix(src: usize, len: i32): void {
  const ctx = changetype<Md5>(context);
  md5Init(ctx);
  md5Update(ctx, pool, 16);
  md5Update(ctx, src, len);
  md5Final(ctx, pool);
  outputLeft = 0;
}

/** Forgets everything pushed so far (init and tests). */
export function entropyReset(): void {
  memory.fill(pool, 0, 16);
  counter = 0;
  outputLeft = 0;
}

/** Next pseudo-random 32 bits drawn from the pool. */
export function entropyNext(): u32 {
  if (outputLeft == 0) {
    counter++;
    store<u32>(output + 16, counter);
    const ctx = changetype<Md5>(context);
    md5Init(ctx);
    md5Update(ctx, pool, 16);
    md5Update(ctx, output + 16, 4);
    md5Final(ctx, output);
    outputLeft = 4;
  }
  outputLeft--;
  return load<u32>(output + (<usize>outputLeft << 2));
}

/** Fills `len` octets at `dst` with pseudo-random bytes. */
export function entropyFill(dst: usize, len: i32): void {
  for (let i = 0; i < len; i++) store<u8>(dst + i, <u8>entropyNext());
}
