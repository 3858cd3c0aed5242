// `debug chat` style trace lines as events, built in one fixed buffer. The wording is
// dialback's own in IOS's shape (docs ios-reference §b): "CHAT7: Sending string: ATZ",
// "CHAT7: Expecting string: OK", "CHAT7: Completed match for expect: OK",
// "CHAT7: Chat script dial finished, status = Success".

import { eventEmit, EventKind } from "../mem/events";

export const enum ChatTraceKind {
  Started = 0,
  Sending = 1,
  Expecting = 2,
  Completed = 3,
  FallingBack = 4,
  Finished = 5,
}

const TRACE_BYTES: i32 = 320;
// Room kept for "..." when a line is cut.
const TRACE_CUT: i32 = TRACE_BYTES - 4;

// @ts-ignore: decorator
@lazy const traceBuffer: usize = memory.data(TRACE_BYTES);
let traceLen: i32 = 0;
let traceCut: bool = false;

/** Whether trace events are emitted at all (`debug chat`). */
export let chatTraceOn: bool = true;

export function chatTraceEnable(on: bool): void {
  chatTraceOn = on;
}

/** Starts a line: "CHAT<tty>: ". */
export function traceBegin(tty: i32): void {
  traceLen = 0;
  traceCut = false;
  traceText("CHAT");
  traceNumber(tty);
  traceText(": ");
}

function traceByte(b: u8): void {
  if (traceLen >= TRACE_CUT) {
    traceCut = true;
    return;
  }
  store<u8>(traceBuffer + <usize>(traceLen++), b);
}

/** Appends an ASCII literal. */
export function traceText(text: string): void {
  const p = changetype<usize>(text);
  for (let i = 0; i < text.length; i++) traceByte(<u8>load<u16>(p + (<usize>i << 1)));
}

export function traceNumber(n: i32): void {
  if (n < 0) {
    traceByte(0x2d);
    n = -n;
  }
  let div = 1;
  while (n / div >= 10) div *= 10;
  for (; div > 0; div /= 10) traceByte(<u8>(0x30 + (n / div) % 10));
}

/** Appends bytes readably: printable ASCII as is, backslash doubled, others as \ooo. */
export function traceBytes(ptr: usize, len: i32): void {
  for (let i = 0; i < len; i++) {
    const b = load<u8>(ptr + <usize>i);
    if (b == 0x5c) {
      traceByte(0x5c);
      traceByte(0x5c);
    } else if (b >= 0x20 && b < 0x7f) {
      traceByte(b);
    } else {
      traceByte(0x5c);
      traceByte(<u8>(0x30 + (b >> 6)));
      traceByte(<u8>(0x30 + ((b >> 3) & 7)));
      traceByte(<u8>(0x30 + (b & 7)));
    }
  }
}

/** Appends a raw byte (for escapes such as \d already rendered by the caller). */
export function traceRaw(b: u8): void {
  traceByte(b);
}

/** Emits the line built so far as a ChatTrace event. */
export function traceEmit(tty: i32, script: i32, step: i32, kind: ChatTraceKind): void {
  if (traceCut) {
    for (let i = 0; i < 3; i++) store<u8>(traceBuffer + <usize>(traceLen++), 0x2e);
  }
  eventEmit(tty, EventKind.ChatTrace, script, step, kind, 0, traceBuffer, <u32>traceLen);
}
