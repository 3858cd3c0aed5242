// MD5 (RFC 1321) over caller-provided context memory: no allocation, streaming updates.

// RFC 1321 §3.4: T[i] = floor(2^32 · |sin(i + 1)|).
// @ts-ignore: decorator
@lazy const SINES: usize = memory.data<u32>([
  0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a, 0xa8304613, 0xfd469501,
  0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be, 0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821,
  0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa, 0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8,
  0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed, 0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a,
  0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c, 0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70,
  0x289b7ec6, 0xeaa127fa, 0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665,
  0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
  0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1, 0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391,
]);

// Per-round rotation amounts (RFC 1321 §3.4), four per round.
// @ts-ignore: decorator
@lazy const SHIFTS: usize = memory.data<u8>([7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21]);

//  Md5 (96 bytes)
//  ┌───┬───┬───┬───┬──────────────┬────────────┬──────────────┐
//  │ a │ b │ c │ d │ length (u64) │ blockBytes │ block[64]    │
//  └───┴───┴───┴───┴──────────────┴────────────┴──────────────┘
import { BlockBuffer, blockBufferFinal, blockBufferUpdate } from "./block-buffer";

@unmanaged
export class Md5 {
  a: u32;
  b: u32;
  c: u32;
  d: u32;
  length: u64;
  blockBytes: u32;
  reserved: u32;
}

export const MD5_CONTEXT_BYTES: i32 = <i32>offsetof<Md5>() + 64;
export const MD5_DIGEST_BYTES: i32 = 16;

export function md5Init(ctx: Md5): void {
  ctx.a = 0x67452301;
  ctx.b = 0xefcdab89;
  ctx.c = 0x98badcfe;
  ctx.d = 0x10325476;
  ctx.length = 0;
  ctx.blockBytes = 0;
}

function md5Block(ctx: Md5, block: usize): void {
  let a = ctx.a;
  let b = ctx.b;
  let c = ctx.c;
  let d = ctx.d;
  for (let i: u32 = 0; i < 64; i++) {
    let f: u32;
    let g: u32;
    const round = i >>> 4;
    if (round == 0) {
      f = (b & c) | (~b & d);
      g = i;
    } else if (round == 1) {
      f = (d & b) | (~d & c);
      g = (5 * i + 1) & 15;
    } else if (round == 2) {
      f = b ^ c ^ d;
      g = (3 * i + 5) & 15;
    } else {
      f = c ^ (b | ~d);
      g = (7 * i) & 15;
    }
    const sum = a + f + load<u32>(SINES + (<usize>i << 2)) + load<u32>(block + (<usize>g << 2));
    a = d;
    d = c;
    c = b;
    b = b + rotl<u32>(sum, <u32>load<u8>(SHIFTS + ((round << 2) | (i & 3))));
  }
  ctx.a += a;
  ctx.b += b;
  ctx.c += c;
  ctx.d += d;
}

/** The length, fill count and block that follow the chaining words (crypto/block-buffer.ts). */
function bufferOf(ctx: Md5): BlockBuffer {
  return changetype<BlockBuffer>(changetype<usize>(ctx) + offsetof<Md5>("length"));
}

export function md5Update(ctx: Md5, src: usize, len: i32): void {
  blockBufferUpdate<Md5>(ctx, bufferOf(ctx), src, len, md5Block);
}

/** Pads (RFC 1321 §3.1-3.2), writes the 16-octet digest to `out` (low-order octet first). */
export function md5Final(ctx: Md5, out: usize): void {
  blockBufferFinal<Md5>(ctx, bufferOf(ctx), false, md5Block);
  store<u32>(out, ctx.a);
  store<u32>(out, ctx.b, 4);
  store<u32>(out, ctx.c, 8);
  store<u32>(out, ctx.d, 12);
}
