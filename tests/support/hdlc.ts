// A straightforward RFC 1662 framer in TypeScript, independent of the core, for test fixtures.

function fcs16(bytes: Uint8Array): number {
  let fcs = 0xffff;
  for (const b of bytes) {
    fcs ^= b;
    for (let k = 0; k < 8; k++) fcs = fcs & 1 ? (fcs >>> 1) ^ 0x8408 : fcs >>> 1;
  }
  return ~fcs & 0xffff;
}

/** Flag, stuffed frame + FCS-16 (escaping 7D, 7E and controls set in `accm`), flag. */
export function hdlcFrame(frame: Uint8Array, accm = 0xffffffff): Buffer {
  const fcs = fcs16(frame);
  const body = [...frame, fcs & 0xff, fcs >>> 8];
  const out: number[] = [0x7e];
  for (const b of body) {
    if (b === 0x7e || b === 0x7d || (b < 0x20 && (accm >>> b) & 1)) out.push(0x7d, b ^ 0x20);
    else out.push(b);
  }
  out.push(0x7e);
  return Buffer.from(out);
}
