// Helpers shared by the core specs: hex fixtures into fresh memory, and split-point feeding.

/** Bytes of a hex string ("7e ff 03", spaces allowed) in a fresh buffer; returns its address. */
export function hexBytes(hex: string): StaticArray<u8> {
  const clean = hex.replaceAll(" ", "").replaceAll("\n", "");
  const out = new StaticArray<u8>(clean.length >> 1);
  for (let i = 0; i < out.length; i++) out[i] = <u8>I32.parseInt(clean.substr(i * 2, 2), 16);
  return out;
}

export function asciiBytes(text: string): StaticArray<u8> {
  const out = new StaticArray<u8>(text.length);
  for (let i = 0; i < text.length; i++) out[i] = <u8>text.charCodeAt(i);
  return out;
}

export function ptrOf(bytes: StaticArray<u8>): usize {
  return changetype<usize>(bytes);
}

export function toHex(ptr: usize, len: i32): string {
  let s = "";
  for (let i = 0; i < len; i++) {
    const b = load<u8>(ptr + i);
    s += (b < 16 ? "0" : "") + b.toString(16);
  }
  return s;
}
