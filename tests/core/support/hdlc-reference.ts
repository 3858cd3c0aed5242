// The RFC 1662 frame of `len` octets at `src` written octet by octet, as the specs' yardstick
// for the word and table loops: opening flag, each octet (then the FCS, least significant
// octet first, §C.2/§C.3) escaped when it is 7D, 7E (§4.2) or a control in `accm` (§7.1),
// closing flag. The FCS is computed bit by bit here, apart from the codec's tables.
// Returns the length written at `want`.

// RFC 1662 §C.2 (FCS-16, polynomial 0x8408 reflected) and §C.3 (FCS-32, 0xEDB88320).
function bitwiseFcs(src: usize, len: i32, fcsBytes: i32): u32 {
  const poly: u32 = fcsBytes == 4 ? 0xedb88320 : 0x8408;
  let fcs: u32 = fcsBytes == 4 ? 0xffffffff : 0xffff;
  for (let i = 0; i < len; i++) {
    fcs ^= <u32>load<u8>(src + i);
    for (let k = 0; k < 8; k++) fcs = fcs & 1 ? (fcs >>> 1) ^ poly : fcs >>> 1;
  }
  return fcsBytes == 4 ? ~fcs : ~fcs & 0xffff;
}

export function octetRuleFrame(want: usize, src: usize, len: i32, accm: u32, fcsBytes: i32 = 2, openFlag: bool = true): i32 {
  const fcs = bitwiseFcs(src, len, fcsBytes);
  let o = 0;
  if (openFlag) {
    store<u8>(want, 0x7e);
    o++;
  }
  for (let i = 0; i < len + fcsBytes; i++) {
    const b: u32 = i < len ? <u32>load<u8>(src + i) : (fcs >>> (<u32>(i - len) << 3)) & 0xff;
    if (b == 0x7e || b == 0x7d || (b < 0x20 && ((accm >>> b) & 1) != 0)) {
      store<u8>(want + o, 0x7d);
      store<u8>(want + o + 1, <u8>(b ^ 0x20));
      o += 2;
    } else {
      store<u8>(want + o, <u8>b);
      o++;
    }
  }
  store<u8>(want + o, 0x7e);
  return o + 1;
}
