// ASCII from static string literals (stored as UTF-16) into packet memory: no allocation.

/** Copies `text` as ASCII octets to `dst`; returns the count. */
export function asciiCopy(dst: usize, text: string): i32 {
  const src = changetype<usize>(text);
  const n = text.length;
  for (let i = 0; i < n; i++) store<u8>(dst + <usize>i, <u8>load<u16>(src + (<usize>i << 1)));
  return n;
}
