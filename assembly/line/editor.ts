// A one-line input editor over a fixed buffer: printable characters, backspace/delete,
// Ctrl-U to erase the line, CR or LF to finish. Echo is optional (passwords are not echoed).
// A field with a length (a login's name or password) ends when input goes past it; other
// lines ring the bell at a full buffer.

import { Line } from "./lines";
import { textPut, textPutByte } from "./text";

export const EDITOR_BYTES: u32 = 80;

export const enum EditResult {
  Continue = 0,
  Done = 1,
  Overflow = 2, // a printable byte past the field's length: the field is over, the byte dropped
}

//  Editor (12 bytes): buf ptr, len, lastWasCr.
@unmanaged
export class Editor {
  buf: usize;
  len: u32;
  lastWasCr: u32;
}

export function editorReset(e: Editor): void {
  e.len = 0;
}

/**
 * Feeds one received byte; Done when the line is complete (its text is buf[0..len)).
 * With `field` > 0, a printable byte when `field` bytes are held is Overflow.
 */
export function editorFeed(e: Editor, l: Line, b: u8, echo: bool, field: u32 = 0): EditResult {
  // CR LF from a terminal is one line end, not two.
  if (b == 0x0a && e.lastWasCr) {
    e.lastWasCr = 0;
    return EditResult.Continue;
  }
  e.lastWasCr = b == 0x0d ? 1 : 0;
  if (b == 0x0d || b == 0x0a) {
    textPut(l, "\r\n");
    return EditResult.Done;
  }
  if (b == 0x08 || b == 0x7f) {
    if (e.len > 0) {
      e.len--;
      if (echo) textPut(l, "\x08 \x08");
    }
    return EditResult.Continue;
  }
  if (b == 0x15) {
    while (e.len > 0) {
      e.len--;
      if (echo) textPut(l, "\x08 \x08");
    }
    return EditResult.Continue;
  }
  if (b < 0x20 || b >= 0x7f) return EditResult.Continue; // other controls and 8-bit noise
  if (field > 0 && e.len >= (field < EDITOR_BYTES ? field : EDITOR_BYTES)) return EditResult.Overflow;
  if (e.len >= EDITOR_BYTES) {
    textPutByte(l, 0x07); // bell: the line is full
    return EditResult.Continue;
  }
  store<u8>(e.buf + e.len, b);
  e.len++;
  if (echo) textPutByte(l, b);
  return EditResult.Continue;
}
