// The host name the EXEC prompt shows and CHAP names us with (IOS `hostname`; "Router" until
// one is set).

import { Line } from "./lines";
import { textPut, textPutBytes } from "./text";

const HOSTNAME_MAX: u32 = 63;

// @ts-ignore: decorator
@lazy const hostname: usize = memory.data(64, 4);
let hostnameLen: u32 = 0;

/** Back to "Router" (init). */
export function hostnameReset(): void {
  hostnameLen = 0;
}

/** Keeps the host name at `ptr` (at most 63 bytes are kept). */
export function hostnameKeep(ptr: usize, len: u32): void {
  hostnameLen = len < HOSTNAME_MAX ? len : HOSTNAME_MAX;
  memory.copy(hostname, ptr, hostnameLen);
}

/** Width of the host name in the prompt. */
export function hostnameWidth(): u32 {
  return hostnameLen == 0 ? 6 : hostnameLen;
}

/** Copies the host name to `dst` (at most `max` bytes); returns its length. */
export function hostnameCopyTo(dst: usize, max: u32): u32 {
  const n = hostnameLen == 0 ? 6 : hostnameLen < max ? hostnameLen : max;
  if (hostnameLen == 0) {
    const fallback = "Router";
    for (let i = 0; i < 6 && <u32>i < max; i++) store<u8>(dst + i, <u8>fallback.charCodeAt(i));
  } else {
    memory.copy(dst, hostname, n);
  }
  return n;
}

// Writes the host name to the line.
function hostnamePut(l: Line): void {
  if (hostnameLen == 0) textPut(l, "Router");
  else textPutBytes(l, hostname, hostnameLen);
}

/** The EXEC prompt: a fresh line, the host name, `>`. */
export function execPromptPut(l: Line): void {
  textPut(l, "\r\n");
  hostnamePut(l);
  textPut(l, ">");
}
