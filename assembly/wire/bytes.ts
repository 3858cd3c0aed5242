// Network (big-endian) byte access for PPP fields; callers check lengths first.

// @ts-ignore: decorator
@inline export function readU16(ptr: usize): u32 {
  return (<u32>load<u8>(ptr) << 8) | <u32>load<u8>(ptr, 1);
}

// @ts-ignore: decorator
@inline export function readU32(ptr: usize): u32 {
  return bswap<u32>(load<u32>(ptr));
}

// @ts-ignore: decorator
@inline export function writeU16(ptr: usize, value: u32): void {
  store<u8>(ptr, <u8>(value >>> 8));
  store<u8>(ptr, <u8>value, 1);
}

// @ts-ignore: decorator
@inline export function writeU32(ptr: usize, value: u32): void {
  store<u32>(ptr, bswap<u32>(value));
}

/** True when the `len` bytes at `a` and `b` are equal. */
export function bytesEqual(a: usize, b: usize, len: u32): bool {
  for (let i: u32 = 0; i < len; i++) {
    if (load<u8>(a + i) != load<u8>(b + i)) return false;
  }
  return true;
}
