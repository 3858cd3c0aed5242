// Encodes the ChatScripts image section (type 5). Layout, fixed for every part of the
// project: u16 count, u16 reserved, count × u32 record offset from the section start;
// record: u8 nameLen, name (ASCII), u8 tokenCount, tokenCount × (u16 len LE, bytes).
// Tokens are the words as written after quote removal, backslash escapes unprocessed.

import type { Section } from "./writer.ts";

export const CHAT_SCRIPTS_SECTION_TYPE = 5;

export interface ChatScriptSource {
  name: string;
  tokens: string[];
}

function ascii(text: string, what: string): Uint8Array {
  const bytes = Buffer.from(text, "latin1");
  if (bytes.toString("latin1") !== text) throw new RangeError(`${what}: only 8-bit characters fit a chat script`);
  return new Uint8Array(bytes);
}

export function encodeChatRecord(script: ChatScriptSource): Uint8Array {
  const name = ascii(script.name, "chat-script name");
  if (name.length > 255) throw new RangeError(`chat-script ${script.name}: name longer than 255 bytes`);
  if (script.tokens.length > 255) throw new RangeError(`chat-script ${script.name}: more than 255 tokens`);
  const tokens = script.tokens.map((t, i) => {
    const bytes = ascii(t, `chat-script ${script.name} token ${i}`);
    if (bytes.length > 0xffff) throw new RangeError(`chat-script ${script.name}: token ${i} too long`);
    return bytes;
  });
  const out = new Uint8Array(2 + name.length + tokens.reduce((n, t) => n + 2 + t.length, 0));
  let at = 0;
  out[at++] = name.length;
  out.set(name, at);
  at += name.length;
  out[at++] = tokens.length;
  for (const t of tokens) {
    out[at++] = t.length & 0xff;
    out[at++] = t.length >> 8;
    out.set(t, at);
    at += t.length;
  }
  return out;
}

/** The section bytes for `scripts`, in order (a script's index is its position). */
export function encodeChatScripts(scripts: ChatScriptSource[]): Section {
  const records = scripts.map(encodeChatRecord);
  const header = 4 + 4 * records.length;
  const bytes = new Uint8Array(header + records.reduce((n, r) => n + r.length, 0));
  const view = new DataView(bytes.buffer);
  view.setUint16(0, records.length, true);
  let at = header;
  records.forEach((r, i) => {
    view.setUint32(4 + 4 * i, at, true);
    bytes.set(r, at);
    at += r.length;
  });
  return { type: CHAT_SCRIPTS_SECTION_TYPE, bytes };
}
