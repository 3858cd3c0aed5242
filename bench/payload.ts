// The bench's fixed-seed payload: the same xorshift32 sequence as bench/c/hdlc_ref.c and
// the wasm3 runner's --bench (tests/support/random.ts), so every engine frames the very
// same bytes.
import { seededBytes } from "../tests/support/random.ts";

export const PAYLOAD_SEED = 0x2545f491;

export function payload(length: number, seed: number = PAYLOAD_SEED): Uint8Array {
  return seededBytes(length, seed);
}
