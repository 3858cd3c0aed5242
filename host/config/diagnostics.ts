// Diagnostics in the compiler's one format: FILE:LINE:COL: severity: message, a caret line
// under the offending word, and "did you mean" for keywords that are close to a valid one.

export type Severity = "error" | "warning" | "note";

/** A place in the source: 1-based line and column (UTF-16 units), and the width to underline. */
export interface Loc {
  line: number;
  col: number;
  width: number;
}

export interface Diagnostic {
  severity: Severity;
  loc: Loc;
  message: string;
}

export class Diagnostics {
  readonly list: Diagnostic[] = [];
  private onceKeys = new Set<string>();

  error(loc: Loc, message: string): void {
    this.list.push({ severity: "error", loc, message });
  }

  warning(loc: Loc, message: string): void {
    this.list.push({ severity: "warning", loc, message });
  }

  /** Reported the first time `key` is seen only (e.g. one note per unsupported command). */
  noteOnce(key: string, loc: Loc, message: string): void {
    if (this.onceKeys.has(key)) return;
    this.onceKeys.add(key);
    this.list.push({ severity: "note", loc, message });
  }

  get errorCount(): number {
    return this.list.filter((d) => d.severity === "error").length;
  }

  /** In source order; errors before warnings on the same spot. */
  sorted(): Diagnostic[] {
    const rank = { error: 0, warning: 1, note: 2 };
    return [...this.list].sort((a, b) => a.loc.line - b.loc.line || a.loc.col - b.loc.col || rank[a.severity] - rank[b.severity]);
  }
}

/** `file:line:col: severity: message`, the source line, and a caret line under the word. */
export function formatDiagnostic(file: string, source: string[], d: Diagnostic): string {
  const head = `${file}:${d.loc.line}:${d.loc.col}: ${d.severity}: ${d.message}`;
  const text = source[d.loc.line - 1];
  if (text === undefined) return head;
  const shown = text.replace(/\t/g, " ");
  const caret = " ".repeat(Math.max(0, d.loc.col - 1)) + "^" + "~".repeat(Math.max(0, d.loc.width - 1));
  return `${head}\n${shown}\n${caret}`;
}

/** Levenshtein distance, small strings only (keywords). */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return row[b.length];
}

/** The closest candidate within a distance that still reads as a typo, or null. */
export function closest(word: string, candidates: Iterable<string>): string | null {
  const w = word.toLowerCase();
  const limit = Math.max(1, Math.min(3, Math.floor(w.length / 3)));
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const c of candidates) {
    // The distance is at least the difference in length: such a candidate cannot be within the limit.
    if (Math.abs(c.length - w.length) > limit) continue;
    // A candidate the word is a prefix of was already considered by abbreviation; compare whole words.
    const d = editDistance(w, c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best !== null && bestDistance <= limit ? best : null;
}
