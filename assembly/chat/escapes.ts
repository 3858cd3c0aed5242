// Backslash escapes of chat-script strings (IOS chat-script language; list in
// docs ios-reference §b). Send strings keep their run-time actions in-band (program.ts).

import { ChatError, StepFlag, SEND_ESCAPE, SEND_DIAL, SEND_DELAY, SEND_PAUSE, SEND_BREAK } from "./program";

/** Step flags found by the last escapeDecode (NoReturn for `\c`, Hidden for `\q`). */
export let escapeFlags: u32 = 0;

const BACKSLASH: u8 = 0x5c;

/**
 * Decodes `len` token bytes at `src` into `dst` (at most `cap` bytes). `sending` allows the
 * run-time escapes (\c \d \p \K \T). Returns the decoded length, or -ChatError.
 */
export function escapeDecode(src: usize, len: i32, dst: usize, cap: i32, sending: bool): i32 {
  escapeFlags = 0;
  let out = 0;
  let i = 0;
  while (i < len) {
    let b = load<u8>(src + i++);
    let action: u8 = 0;
    if (b == BACKSLASH) {
      if (i >= len) return -ChatError.BadEscape;
      const c = load<u8>(src + i++);
      if (c >= 0x30 && c <= 0x37) {
        // \ddd: one to three octal digits
        let value = <u32>(c - 0x30);
        for (let n = 0; n < 2 && i < len; n++) {
          const d = load<u8>(src + i);
          if (d < 0x30 || d > 0x37) break;
          value = (value << 3) | <u32>(d - 0x30);
          i++;
        }
        if (value > 255) return -ChatError.BadEscape;
        b = <u8>value;
      } else {
        switch (c) {
          case 0x5c: b = BACKSLASH; break; // \\
          case 0x22: b = 0x22; break; // \"
          case 0x72: b = 0x0d; break; // \r
          case 0x6e: b = 0x0a; break; // \n
          case 0x73: b = 0x20; break; // \s
          case 0x74: b = 0x09; break; // \t
          case 0x4e: b = 0x00; break; // \N
          case 0x71: escapeFlags |= StepFlag.Hidden; continue; // \q: nothing on the wire
          case 0x63: // \c
            if (!sending) return -ChatError.EscapeInExpect;
            escapeFlags |= StepFlag.NoReturn;
            continue;
          case 0x54: action = SEND_DIAL; break; // \T
          case 0x64: action = SEND_DELAY; break; // \d
          case 0x70: action = SEND_PAUSE; break; // \p
          case 0x4b: action = SEND_BREAK; break; // \K
          default: return -ChatError.BadEscape;
        }
        if (action != 0 && !sending) return -ChatError.EscapeInExpect;
      }
    }
    if (action != 0) {
      if (out + 2 > cap) return -ChatError.TooLong;
      store<u8>(dst + out, SEND_ESCAPE);
      store<u8>(dst + out + 1, action);
      out += 2;
    } else if (sending && b == SEND_ESCAPE) {
      if (out + 2 > cap) return -ChatError.TooLong;
      store<u8>(dst + out, SEND_ESCAPE);
      store<u8>(dst + out + 1, SEND_ESCAPE);
      out += 2;
    } else {
      if (out + 1 > cap) return -ChatError.TooLong;
      store<u8>(dst + out++, b);
    }
  }
  return out;
}
