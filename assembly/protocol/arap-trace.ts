// `debug arap`-style lines ("TTY4 ARAP: O SRVRVERSION seq 0 len 8") and notes, built in the
// session's own trace buffer from static literals (no allocation) and handed to its owner.

import { arapCodeName } from "../wire/arap-message";
import { ArapSession, ARAP_TRACE_BYTES } from "./arap-session-state";

let traceLen: i32 = 0;

function tput(s: ArapSession, text: string): void {
  const src = changetype<usize>(text);
  for (let i = 0; i < text.length && traceLen < ARAP_TRACE_BYTES; i++) {
    store<u8>(s.traceBuf + <usize>traceLen, <u8>load<u16>(src + (<usize>i << 1)));
    traceLen++;
  }
}

function tnum(s: ArapSession, v: u32): void {
  let digits: u32 = 1;
  for (let x = v; x >= 10; x /= 10) digits++;
  if (traceLen + <i32>digits > ARAP_TRACE_BYTES) return;
  for (let i = <i32>digits - 1; i >= 0; i--) {
    store<u8>(s.traceBuf + <usize>(traceLen + i), <u8>(0x30 + v % 10));
    v /= 10;
  }
  traceLen += <i32>digits;
}

/** One control message, in or out (`code`, sequence number, length). */
export function arapTraceMessage(s: ArapSession, outgoing: bool, code: u32, seq: u32, len: u32): void {
  traceLen = 0;
  tput(s, "TTY");
  tnum(s, s.tty);
  tput(s, outgoing ? " ARAP: O " : " ARAP: I ");
  tput(s, arapCodeName(code));
  tput(s, " seq ");
  tnum(s, seq);
  tput(s, " len ");
  tnum(s, len);
  s.owner.trace(s, s.traceBuf, traceLen);
}

/** One note of what the session makes of its peer. */
export function arapTraceNote(s: ArapSession, text: string): void {
  traceLen = 0;
  tput(s, "TTY");
  tnum(s, s.tty);
  tput(s, " ARAP: ");
  tput(s, text);
  s.owner.trace(s, s.traceBuf, traceLen);
}
