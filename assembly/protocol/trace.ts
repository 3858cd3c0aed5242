// `debug ppp negotiation`-style lines ("As7 LCP: O CONFREQ [Closed] id 1 len 14") built in a
// fixed buffer from static literals: no allocation. Names for states, codes and phases.

export const TRACE_BYTES: i32 = 160;
// @ts-ignore: decorator
@lazy const line: usize = memory.data(TRACE_BYTES, 8);
let length: i32 = 0;

/** Starts a line with "As<tty> ". */
export function traceStart(tty: u32): void {
  length = 0;
  traceText("As");
  traceNumber(tty);
  traceText(" ");
}

/** Appends an ASCII static literal (read from its UTF-16 storage). */
export function traceText(text: string): void {
  const src = changetype<usize>(text);
  const n = text.length;
  for (let i = 0; i < n && length < TRACE_BYTES; i++) {
    store<u8>(line + <usize>length, <u8>load<u16>(src + (<usize>i << 1)));
    length++;
  }
}

export function traceBytes(src: usize, n: i32): void {
  for (let i = 0; i < n && length < TRACE_BYTES; i++) {
    const b = load<u8>(src + <usize>i);
    store<u8>(line + <usize>length, b >= 0x20 && b < 0x7f ? b : 0x2e);
    length++;
  }
}

export function traceNumber(value: u32): void {
  let digits: u32 = 1;
  for (let v = value; v >= 10; v /= 10) digits++;
  if (length + <i32>digits > TRACE_BYTES) return;
  let v = value;
  for (let i = <i32>digits - 1; i >= 0; i--) {
    store<u8>(line + <usize>(length + i), <u8>(0x30 + v % 10));
    v /= 10;
  }
  length += <i32>digits;
}

export function traceHex(value: u32, digits: i32): void {
  for (let i = digits - 1; i >= 0 && length < TRACE_BYTES; i--) {
    const nibble = (value >>> (<u32>i << 2)) & 15;
    store<u8>(line + <usize>length, <u8>(nibble < 10 ? 0x30 + nibble : 0x57 + nibble));
    length++;
  }
}

export function tracePtr(): usize {
  return line;
}

export function traceLength(): i32 {
  return length;
}

/** IOS spelling of the RFC 1661 states. */
export function stateName(state: i32): string {
  switch (state) {
    case 0: return "Initial";
    case 1: return "Starting";
    case 2: return "Closed";
    case 3: return "Stopped";
    case 4: return "Closing";
    case 5: return "Stopping";
    case 6: return "REQsent";
    case 7: return "ACKrcvd";
    case 8: return "ACKsent";
    case 9: return "Open";
  }
  return "?";
}

/** Codes of LCP/IPCP (RFC 1661 §5, RFC 1570 for 12-13). */
export function controlCodeName(code: u32): string {
  switch (code) {
    case 1: return "CONFREQ";
    case 2: return "CONFACK";
    case 3: return "CONFNAK";
    case 4: return "CONFREJ";
    case 5: return "TERMREQ";
    case 6: return "TERMACK";
    case 7: return "CODEREJ";
    case 8: return "PROTREJ";
    case 9: return "ECHOREQ";
    case 10: return "ECHOREP";
    case 11: return "DISCREQ";
    case 12: return "IDENTIFY";
    case 13: return "TIMEREM";
  }
  return "UNKNOWN";
}

export function papCodeName(code: u32): string {
  switch (code) {
    case 1: return "AUTH-REQ";
    case 2: return "AUTH-ACK";
    case 3: return "AUTH-NAK";
  }
  return "UNKNOWN";
}

export function chapCodeName(code: u32): string {
  switch (code) {
    case 1: return "CHALLENGE";
    case 2: return "RESPONSE";
    case 3: return "SUCCESS";
    case 4: return "FAILURE";
  }
  return "UNKNOWN";
}

export function cbcpCodeName(code: u32): string {
  switch (code) {
    case 1: return "REQUEST";
    case 2: return "RESPONSE";
    case 3: return "ACK";
  }
  return "UNKNOWN";
}

export function phaseName(phase: u32): string {
  switch (phase) {
    case 0: return "DOWN";
    case 1: return "ESTABLISHING";
    case 2: return "AUTHENTICATING";
    case 3: return "CALLBACK";
    case 4: return "UP";
    case 5: return "TERMINATING";
  }
  return "?";
}

/** Starts an empty line (for traces with a prefix of their own). */
export function traceClear(): void {
  length = 0;
}
