// The bench's fixed-seed payload: the same xorshift32 sequence as bench/c/hdlc_ref.c and
// the wasm3 runner's --bench, so every engine frames the very same bytes.

export const PAYLOAD_SEED = 0x2545f491;

export function payload(length: number, seed: number = PAYLOAD_SEED): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = x & 0xff;
  }
  return out;
}
