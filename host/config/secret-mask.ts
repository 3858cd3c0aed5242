// What `config check` may echo of a source line: everything up to a secret keyword, never
// what follows it. Found from the words alone, so a line with errors (a misspelt keyword, a
// broken type 7, an unknown option) is masked as surely as a valid one.

import { Diagnostic, Diagnostics, editDistance } from "./diagnostics.ts";
import { QUOTES, tokenizeLine, Token } from "./tokens.ts";

/** Shown instead of a secret; always the same width, so nothing of the length shows. */
export const MASK = "******";

/** Keywords a secret follows, with the shortest abbreviation and how far a misspelling may go. */
const SECRET_KEYWORDS: { word: string; shortest: number; typos: number }[] = [
  { word: "password", shortest: 2, typos: 2 },
  { word: "secret", shortest: 3, typos: 1 },
  { word: "key", shortest: 3, typos: 0 },
  { word: "key-string", shortest: 5, typos: 1 },
  { word: "community", shortest: 4, typos: 1 },
  { word: "authentication-key", shortest: 16, typos: 1 },
  { word: "md5", shortest: 3, typos: 0 },
  { word: "password-encrypt", shortest: 10, typos: 1 },
];

const counts = new Int16Array(128);

/**
 * A lower bound of the edit distance, cheap enough for every word of every line: each edit
 * changes the letter counts of the two words by at most two.
 */
function letterGap(a: string, b: string): number {
  for (let i = 0; i < a.length; i++) counts[a.charCodeAt(i) & 127]++;
  for (let i = 0; i < b.length; i++) counts[b.charCodeAt(i) & 127]--;
  let sum = 0;
  // Each letter is summed once (then cleared), so the table is all zero again afterwards.
  for (const s of [a, b]) {
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i) & 127;
      sum += Math.abs(counts[c]);
      counts[c] = 0;
    }
  }
  return Math.ceil(sum / 2);
}

function isSecretKeyword(token: Token, first: boolean): boolean {
  if (token.quoted) return false;
  const w = token.text.toLowerCase();
  // `key chain`, `key 1`: the command `key` opens a block and carries no secret itself.
  if (first && w === "key") return false;
  for (const k of SECRET_KEYWORDS) {
    if (k.word.startsWith(w) && w.length >= k.shortest) return true;
    const near = k.typos > 0 && w.length >= 5 && Math.abs(w.length - k.word.length) <= k.typos;
    if (near && letterGap(w, k.word) <= k.typos && editDistance(w, k.word) <= k.typos) return true;
  }
  return false;
}

/**
 * For each line, the 0-based index where its secret starts (the first word after a secret
 * keyword), or null. An indented line right after a line that ends with a secret keyword is
 * secret as a whole: the reader may join it as the continuation (`username ...` / `Rhoda`).
 * `tokenized` holds the words of the lines already split (null: split here).
 */
export function secretColumns(lines: string[], tokenized: (Token[] | null)[] = []): (number | null)[] {
  const quiet = new Diagnostics();
  let pending = false;
  return lines.map((text, index) => {
    const tokens = tokenized[index] ?? tokenizeLine(text, index + 1, quiet);
    const indent = text.search(/[^ \t]/);
    const continues = pending && indent > 0 && tokens.length > 0;
    pending = false;
    if (continues) return indent;
    const from = tokens.length > 0 && tokens[0].text.toLowerCase() === "no" ? 1 : 0;
    for (let i = from; i < tokens.length; i++) {
      if (!isSecretKeyword(tokens[i], i === from)) continue;
      const keyEnd = tokens[i].loc.col - 1 + tokens[i].loc.width;
      const rest = text.slice(keyEnd).search(/[^ \t]/);
      if (rest >= 0) return keyEnd + rest;
      pending = true;
      return null;
    }
    return null;
  });
}

/** The lines as they may be echoed: each secret replaced by MASK. */
export function maskLines(lines: string[], columns: (number | null)[] = secretColumns(lines)): string[] {
  return lines.map((text, i) => {
    const at = columns[i];
    return at === null || at === undefined ? text : text.slice(0, at) + MASK;
  });
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The diagnostics with no word of a secret in their messages and no caret inside one. */
export function maskDiagnostics(diagnostics: Diagnostic[], lines: string[], columns: (number | null)[] = secretColumns(lines)): Diagnostic[] {
  return diagnostics.map((d) => {
    const at = columns[d.loc.line - 1];
    if (at === null || at === undefined) return d;
    const words = lines[d.loc.line - 1]
      .slice(at)
      .split(/[ \t]+/)
      .map((w) => [...w].filter((c) => !QUOTES.has(c)).join(""))
      .filter((w) => w !== "")
      .sort((a, b) => b.length - a.length);
    let message = d.message;
    for (const w of [lines[d.loc.line - 1].slice(at).trim(), ...words]) {
      if (w === "") continue;
      message = message.replace(new RegExp(`(["“”])${escapeRegExp(w)}(["“”])`, "g"), `$1${MASK}$2`);
      if (w.length >= 4) message = message.split(w).join(MASK);
    }
    const loc = d.loc.col - 1 >= at ? { line: d.loc.line, col: at + 1, width: MASK.length } : d.loc;
    return { ...d, message, loc };
  });
}
