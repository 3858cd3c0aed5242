// Configuration options (RFC 1661 §6): Type(1) Length(2+) Value. Walked by an iterator
// that returns where the rest starts, so unknown options survive byte for byte.

export const OPTION_HEADER_BYTES: u32 = 2;
/** optionNext's answer for an option whose Length is below 2 or runs past `end`. */
export const OPTION_MALFORMED: usize = 0;

// @ts-ignore: decorator
@inline export function optionType(ptr: usize): u32 {
  return load<u8>(ptr);
}

// @ts-ignore: decorator
@inline export function optionLength(ptr: usize): u32 {
  return load<u8>(ptr, 1);
}

/**
 * The option at `ptr` (which must be below `end`) ends where the next begins: returns that
 * address, or OPTION_MALFORMED when the option is cut or its Length is 0 or 1.
 */
export function optionNext(ptr: usize, end: usize): usize {
  if (ptr + OPTION_HEADER_BYTES > end) return OPTION_MALFORMED;
  const len = <usize>optionLength(ptr);
  if (len < OPTION_HEADER_BYTES || ptr + len > end) return OPTION_MALFORMED;
  return ptr + len;
}

/** Counts the options in [ptr, end); -1 when any is malformed (RFC 1661 §6: drop the packet). */
export function optionsCount(ptr: usize, end: usize): i32 {
  let n = 0;
  while (ptr < end) {
    ptr = optionNext(ptr, end);
    if (ptr == OPTION_MALFORMED) return -1;
    n++;
  }
  return n;
}

/** Writes an option header at `ptr`; returns the address after it (value goes there). */
export function optionWriteHeader(ptr: usize, type: u32, length: u32): usize {
  store<u8>(ptr, <u8>type);
  store<u8>(ptr, <u8>length, 1);
  return ptr + OPTION_HEADER_BYTES;
}
