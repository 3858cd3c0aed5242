// Text a terminal can show and do nothing else with. Every string a caller or a server chose
// (user names, numbers, modem and AAA text) passes here before it reaches a log, a narrative
// or a table: a CBCP number like `555\x1b[2J` must not clear the operator's screen.

const PLAIN = /^[\x20-\x7e]*$/;
const NAMED: Record<string, string> = { "\r": "\\r", "\n": "\\n", "\t": "\\t" };

/**
 * Printable ASCII as is; \r \n \t by name; every other character below U+0100 (controls,
 * ESC, DEL, 8-bit bytes read as latin1) as \xNN, anything above as \u{N}. Idempotent: its
 * output is printable ASCII, so escaping twice changes nothing.
 */
export function terminalSafe(text: string | Uint8Array): string {
  const s = typeof text === "string" ? text : Buffer.from(text).toString("latin1");
  if (PLAIN.test(s)) return s;
  let out = "";
  for (const ch of s) {
    const code = ch.codePointAt(0) as number;
    if (code >= 0x20 && code < 0x7f) out += ch;
    else if (NAMED[ch]) out += NAMED[ch];
    else if (code < 0x100) out += `\\x${code.toString(16).padStart(2, "0")}`;
    else out += `\\u{${code.toString(16)}}`;
  }
  return out;
}
