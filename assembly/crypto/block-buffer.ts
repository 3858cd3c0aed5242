// The 64-octet block buffering and padding that MD4, MD5 and SHA-1 share (RFC 1320 §3.1-3.2,
// RFC 1321 §3.1-3.2, FIPS 180-4 §5.1.1): only the compression function and the octet order of
// the bit length differ. Each context keeps a BlockBuffer, then its 64-octet block, right after
// its chaining words.

@unmanaged
export class BlockBuffer {
  length: u64;
  blockBytes: u32;
  reserved: u32;
}

/** Bytes of a BlockBuffer and the block after it. */
export const BLOCK_BUFFER_BYTES: i32 = <i32>offsetof<BlockBuffer>() + 64;

function blockOf(buffer: BlockBuffer): usize {
  return changetype<usize>(buffer) + offsetof<BlockBuffer>();
}

/** Appends `len` octets at `src`, compressing every block that fills. */
export function blockBufferUpdate<T>(ctx: T, buffer: BlockBuffer, src: usize, len: i32, compress: (ctx: T, block: usize) => void): void {
  const block = blockOf(buffer);
  buffer.length += <u64>len;
  let i = 0;
  while (i < len) {
    const room = 64 - <i32>buffer.blockBytes;
    const n = len - i < room ? len - i : room;
    memory.copy(block + buffer.blockBytes, src + i, n);
    buffer.blockBytes += <u32>n;
    i += n;
    if (buffer.blockBytes == 64) {
      compress(ctx, block);
      buffer.blockBytes = 0;
    }
  }
}

/** Pads with 0x80, zeros and the bit length (big-endian for SHA-1) and compresses the last block(s). */
export function blockBufferFinal<T>(ctx: T, buffer: BlockBuffer, bigEndian: bool, compress: (ctx: T, block: usize) => void): void {
  const block = blockOf(buffer);
  const bits = buffer.length << 3;
  let at = buffer.blockBytes;
  store<u8>(block + at, 0x80);
  at++;
  if (at > 56) {
    memory.fill(block + at, 0, 64 - at);
    compress(ctx, block);
    at = 0;
  }
  memory.fill(block + at, 0, 56 - at);
  store<u64>(block + 56, bigEndian ? bswap<u64>(bits) : bits);
  compress(ctx, block);
}
