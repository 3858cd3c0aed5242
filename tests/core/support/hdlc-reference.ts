// The RFC 1662 frame of `len` octets at `src` written octet by octet, as the specs' yardstick
// for the word and table loops: opening flag, each octet (then the FCS-16, least significant
// octet first, §C.2) escaped when it is 7D, 7E (§4.2) or a control in `accm` (§7.1), closing
// flag. Returns the length written at `want`.
import { fcs16Update, FCS16_INIT } from "../../../assembly/wire/fcs";

export function octetRuleFrame(want: usize, src: usize, len: i32, accm: u32): i32 {
  const fcs = ~fcs16Update(FCS16_INIT, src, len) & 0xffff;
  let o = 0;
  store<u8>(want, 0x7e);
  o++;
  for (let i = 0; i < len + 2; i++) {
    const b: u32 = i < len ? <u32>load<u8>(src + i) : i == len ? fcs & 0xff : fcs >>> 8;
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
