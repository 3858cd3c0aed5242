// Splits configuration text into physical lines and words. Quote characters are the straight
// double quote and both typographic double quotes (“ ”): pasted IOS examples use them freely,
// even “1234567“ with two opening quotes, so any of the three opens and any of the three closes.

import { Diagnostics, Loc } from "./diagnostics.ts";

export const QUOTES = new Set(['"', "\u201c", "\u201d"]);

export interface Token {
  /** The word with its quotes removed; backslash escapes are kept as written. */
  text: string;
  /** The word as written, quotes included. */
  raw: string;
  quoted: boolean;
  loc: Loc;
}

export interface SourceLine {
  /** 1-based line number. */
  line: number;
  text: string;
  /** Column of the first non-blank character (1-based); 0 for a blank line. */
  indent: number;
  tokens: Token[];
  /** True when the line is blank or a `!` comment. */
  empty: boolean;
  /** True when splitting it into words failed (already reported); the command is skipped. */
  broken: boolean;
}

function isBlank(ch: string): boolean {
  return ch === " " || ch === "\t";
}

/** Words of one physical line; an unterminated quote is reported and ends the line. */
export function tokenizeLine(text: string, line: number, diags: Diagnostics): Token[] {
  return splitLine(text, line, diags).tokens;
}

function splitLine(text: string, line: number, diags: Diagnostics): { tokens: Token[]; broken: boolean } {
  const tokens: Token[] = [];
  let broken = false;
  let i = 0;
  while (i < text.length) {
    while (i < text.length && isBlank(text[i])) i++;
    if (i >= text.length) break;
    const start = i;
    if (QUOTES.has(text[i])) {
      i++;
      while (i < text.length && !QUOTES.has(text[i])) i++;
      if (i >= text.length) {
        diags.error({ line, col: start + 1, width: 1 }, "unterminated quoted string");
        return { tokens, broken: true };
      }
      i++;
      if (i < text.length && !isBlank(text[i])) {
        diags.error({ line, col: i + 1, width: 1 }, "text directly after a closing quote; put a space between words");
        broken = true;
        while (i < text.length && !isBlank(text[i])) i++;
        continue;
      }
      tokens.push({ text: text.slice(start + 1, i - 1), raw: text.slice(start, i), quoted: true, loc: { line, col: start + 1, width: i - start } });
      continue;
    }
    while (i < text.length && !isBlank(text[i])) i++;
    const raw = text.slice(start, i);
    tokens.push({ text: raw, raw, quoted: false, loc: { line, col: start + 1, width: i - start } });
  }
  return { tokens, broken };
}

// What `show running-config` prints before the configuration itself, so a pasted capture reads.
const SHOW_HEADER = /^(Building configuration\.\.\.|Current configuration ?: ?\d+ bytes)\s*$/;

/**
 * Every physical line of `source` with its words; `!` comments and blank lines are marked
 * empty. Lines end with LF, CR LF or a lone CR (old Macintosh files, some terminals).
 * A line longer than `maxChars` is refused whole: no command is that long.
 */
export function readLines(source: string, diags: Diagnostics, maxChars = Infinity): SourceLine[] {
  // A byte-order mark (files saved on Windows) is not part of the first command.
  const body = source.startsWith("\ufeff") ? source.slice(1) : source;
  const texts = body.split(/\r\n|\r|\n/);
  if (texts.length > 0 && texts[texts.length - 1] === "") texts.pop();
  return texts.map((full, index) => {
    const line = index + 1;
    if (full.length > maxChars) {
      diags.error({ line, col: maxChars + 1, width: 1 }, `line is ${full.length} characters long; a configuration line holds at most ${maxChars}`);
      return { line, text: full.slice(0, maxChars), indent: 1, tokens: [], empty: false, broken: true };
    }
    const text = full;
    const firstNonBlank = text.search(/[^ \t]/);
    if (firstNonBlank < 0) return { line, text, indent: 0, tokens: [], empty: true, broken: false };
    if (text[firstNonBlank] === "!" || SHOW_HEADER.test(text)) return { line, text, indent: firstNonBlank + 1, tokens: [], empty: true, broken: false };
    return { line, text, indent: firstNonBlank + 1, empty: false, ...splitLine(text, line, diags) };
  });
}

/** Where a missing word would go: just after the last token. */
export function afterLast(tokens: Token[], fallback: Loc): Loc {
  const last = tokens[tokens.length - 1];
  if (!last) return fallback;
  return { line: last.loc.line, col: last.loc.col + last.loc.width + 1, width: 1 };
}
