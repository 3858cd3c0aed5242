// MD4 (RFC 1320) over caller-provided context memory, for the NT password hash of MS-CHAP
// (RFC 2433 §A.3, RFC 2759 §8.3): no allocation, streaming updates. MD4 is broken as a
// general hash; MS-CHAP fixes it in the protocol, nothing else here uses it.

//  Md4 (96 bytes): the same layout as Md5.
//  ┌───┬───┬───┬───┬──────────────┬────────────┬──────────────┐
//  │ a │ b │ c │ d │ length (u64) │ blockBytes │ block[64]    │
//  └───┴───┴───┴───┴──────────────┴────────────┴──────────────┘
import { BlockBuffer, blockBufferFinal, blockBufferUpdate } from "./block-buffer";

@unmanaged
export class Md4 {
  a: u32;
  b: u32;
  c: u32;
  d: u32;
  length: u64;
  blockBytes: u32;
  reserved: u32;
}

export const MD4_CONTEXT_BYTES: i32 = <i32>offsetof<Md4>() + 64;
export const MD4_DIGEST_BYTES: i32 = 16;

// RFC 1320 §3.4: the word order of rounds 2 and 3, and the shifts of each round.
// @ts-ignore: decorator
@lazy const ROUND2_WORDS: usize = memory.data<u8>([0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15]);
// @ts-ignore: decorator
@lazy const ROUND3_WORDS: usize = memory.data<u8>([0, 8, 4, 12, 2, 10, 6, 14, 1, 9, 5, 13, 3, 11, 7, 15]);
// @ts-ignore: decorator
@lazy const SHIFTS: usize = memory.data<u8>([3, 7, 11, 19, 3, 5, 9, 13, 3, 9, 11, 15]);

export function md4Init(ctx: Md4): void {
  ctx.a = 0x67452301;
  ctx.b = 0xefcdab89;
  ctx.c = 0x98badcfe;
  ctx.d = 0x10325476;
  ctx.length = 0;
  ctx.blockBytes = 0;
}

function md4Block(ctx: Md4, block: usize): void {
  let a = ctx.a;
  let b = ctx.b;
  let c = ctx.c;
  let d = ctx.d;
  for (let i: u32 = 0; i < 48; i++) {
    const round = i >>> 4;
    const step = i & 15;
    let f: u32;
    let word: u32;
    let constant: u32;
    if (round == 0) {
      f = (b & c) | (~b & d);
      word = step;
      constant = 0;
    } else if (round == 1) {
      f = (b & c) | (b & d) | (c & d);
      word = <u32>load<u8>(ROUND2_WORDS + step);
      constant = 0x5a827999; // RFC 1320 §3.4: the square root of 2
    } else {
      f = b ^ c ^ d;
      word = <u32>load<u8>(ROUND3_WORDS + step);
      constant = 0x6ed9eba1; // the square root of 3
    }
    const shifted = rotl<u32>(a + f + load<u32>(block + (<usize>word << 2)) + constant, <u32>load<u8>(SHIFTS + round * 4 + (step & 3)));
    a = d;
    d = c;
    c = b;
    b = shifted;
  }
  ctx.a += a;
  ctx.b += b;
  ctx.c += c;
  ctx.d += d;
}

/** The length, fill count and block that follow the chaining words (crypto/block-buffer.ts). */
function bufferOf(ctx: Md4): BlockBuffer {
  return changetype<BlockBuffer>(changetype<usize>(ctx) + offsetof<Md4>("length"));
}

export function md4Update(ctx: Md4, src: usize, len: i32): void {
  blockBufferUpdate<Md4>(ctx, bufferOf(ctx), src, len, md4Block);
}

/** Pads as MD5 does (RFC 1320 §3.1-3.2) and writes the 16-octet digest to `out`. */
export function md4Final(ctx: Md4, out: usize): void {
  blockBufferFinal<Md4>(ctx, bufferOf(ctx), false, md4Block);
  store<u32>(out, ctx.a);
  store<u32>(out, ctx.b, 4);
  store<u32>(out, ctx.c, 8);
  store<u32>(out, ctx.d, 12);
}
