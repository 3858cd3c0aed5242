// SHA-1 (FIPS 180-4 §6.1) over caller-provided context memory, for MS-CHAPv2's challenge hash
// and authenticator response (RFC 2759 §8.2, §8.7): no allocation, streaming updates.

//  Sha1 (96 bytes, then the 64-octet block)
//  ┌────┬────┬────┬────┬────┬──────────────┬────────────┬─────┐
//  │ h0 │ h1 │ h2 │ h3 │ h4 │ length (u64) │ blockBytes │ pad │
//  └────┴────┴────┴────┴────┴──────────────┴────────────┴─────┘
import { BlockBuffer, blockBufferFinal, blockBufferUpdate } from "./block-buffer";

@unmanaged
export class Sha1 {
  h0: u32;
  h1: u32;
  h2: u32;
  h3: u32;
  h4: u32;
  reserved: u32;
  length: u64;
  blockBytes: u32;
  reserved2: u32;
}

/** The context, its block and the 80-word message schedule. */
export const SHA1_CONTEXT_BYTES: i32 = <i32>offsetof<Sha1>() + 64 + 80 * 4;
export const SHA1_DIGEST_BYTES: i32 = 20;

export function sha1Init(ctx: Sha1): void {
  ctx.h0 = 0x67452301;
  ctx.h1 = 0xefcdab89;
  ctx.h2 = 0x98badcfe;
  ctx.h3 = 0x10325476;
  ctx.h4 = 0xc3d2e1f0;
  ctx.length = 0;
  ctx.blockBytes = 0;
}

function sha1Block(ctx: Sha1, block: usize): void {
  const w = block + 64;
  for (let t: usize = 0; t < 16; t++) store<u32>(w + (t << 2), bswap<u32>(load<u32>(block + (t << 2)))); // big-endian words
  for (let t: usize = 16; t < 80; t++) {
    const x = load<u32>(w + ((t - 3) << 2)) ^ load<u32>(w + ((t - 8) << 2)) ^ load<u32>(w + ((t - 14) << 2)) ^ load<u32>(w + ((t - 16) << 2));
    store<u32>(w + (t << 2), rotl<u32>(x, 1));
  }
  let a = ctx.h0;
  let b = ctx.h1;
  let c = ctx.h2;
  let d = ctx.h3;
  let e = ctx.h4;
  for (let t: u32 = 0; t < 80; t++) {
    let f: u32;
    let k: u32;
    if (t < 20) {
      f = (b & c) | (~b & d);
      k = 0x5a827999;
    } else if (t < 40) {
      f = b ^ c ^ d;
      k = 0x6ed9eba1;
    } else if (t < 60) {
      f = (b & c) | (b & d) | (c & d);
      k = 0x8f1bbcdc;
    } else {
      f = b ^ c ^ d;
      k = 0xca62c1d6;
    }
    const temp = rotl<u32>(a, 5) + f + e + k + load<u32>(w + (<usize>t << 2));
    e = d;
    d = c;
    c = rotl<u32>(b, 30);
    b = a;
    a = temp;
  }
  ctx.h0 += a;
  ctx.h1 += b;
  ctx.h2 += c;
  ctx.h3 += d;
  ctx.h4 += e;
}

/** The length, fill count and block that follow the chaining words (crypto/block-buffer.ts). */
function bufferOf(ctx: Sha1): BlockBuffer {
  return changetype<BlockBuffer>(changetype<usize>(ctx) + offsetof<Sha1>("length"));
}

export function sha1Update(ctx: Sha1, src: usize, len: i32): void {
  blockBufferUpdate<Sha1>(ctx, bufferOf(ctx), src, len, sha1Block);
}

/** Pads (FIPS 180-4 §5.1.1: the bit length big-endian) and writes the 20-octet digest to `out`. */
export function sha1Final(ctx: Sha1, out: usize): void {
  blockBufferFinal<Sha1>(ctx, bufferOf(ctx), true, sha1Block);
  store<u32>(out, bswap<u32>(ctx.h0));
  store<u32>(out, bswap<u32>(ctx.h1), 4);
  store<u32>(out, bswap<u32>(ctx.h2), 8);
  store<u32>(out, bswap<u32>(ctx.h3), 12);
  store<u32>(out, bswap<u32>(ctx.h4), 16);
}
