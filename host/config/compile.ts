// The compiler's front door: text in, model and diagnostics out; never throws on bad input.
// A configuration it accepts also fits the image and the core (limits.ts, imageCheck).

import { Diagnostic, formatDiagnostic } from "./diagnostics.ts";
import { ConfigModel } from "./model.ts";
import { readConfig } from "./reader.ts";
import { compileImage, ImageLimitError } from "./image.ts";

export interface CompileResult {
  file: string;
  model: ConfigModel;
  diagnostics: Diagnostic[];
  lines: string[];
  ok: boolean;
}

/** Text of a file as read: UTF-8, with the place of the first byte that is not (then read as U+FFFD). */
function decode(bytes: Uint8Array): { text: string; bad: Diagnostic | null } {
  try {
    return { text: new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes), bad: null };
  } catch {
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
    const before = text.slice(0, Math.max(0, text.indexOf("\ufffd"))).split(/\r\n|\r|\n/);
    const loc = { line: before.length, col: before[before.length - 1].length + 1, width: 1 };
    return { text, bad: { severity: "error", loc, message: "not UTF-8 text: an invalid byte here (save the file as UTF-8 or ASCII)" } };
  }
}

/**
 * The line at which the image outgrows what the image format or the core holds (the first
 * prefix of the file whose image is refused), or null when the whole image fits.
 */
function imageCheck(text: string, model: ConfigModel): Diagnostic | null {
  const refusal = (m: ConfigModel): string | null => {
    try {
      compileImage(m);
      return null;
    } catch (e) {
      if (e instanceof ImageLimitError) return e.message;
      throw e;
    }
  };
  const whole = refusal(model);
  if (whole === null) return null;
  const lines = text.split(/\r\n|\r|\n/);
  let fits = 0;
  let refused = lines.length;
  while (refused - fits > 1) {
    const mid = (fits + refused) >> 1;
    if (refusal(readConfig(lines.slice(0, mid).join("\n")).model) === null) fits = mid;
    else refused = mid;
  }
  return { severity: "error", loc: { line: refused, col: 1, width: 1 }, message: `${whole} (this line crosses it)` };
}

export function compileConfig(source: string | Uint8Array, file = "<config>"): CompileResult {
  const { text, bad } = typeof source === "string" ? { text: source, bad: null } : decode(source);
  const r = readConfig(text);
  const diagnostics = bad ? [bad, ...r.diagnostics] : r.diagnostics;
  if (!diagnostics.some((d) => d.severity === "error")) {
    const tooBig = imageCheck(text, r.model);
    if (tooBig) diagnostics.push(tooBig);
  }
  diagnostics.sort((a, b) => a.loc.line - b.loc.line || a.loc.col - b.loc.col);
  return { file, model: r.model, diagnostics, lines: r.lines, ok: !diagnostics.some((d) => d.severity === "error") };
}

/** Every diagnostic in `file:line:col: severity: message` form with its caret line. */
export function formatDiagnostics(r: CompileResult, withNotes = true): string[] {
  return r.diagnostics.filter((d) => withNotes || d.severity !== "note").map((d) => formatDiagnostic(r.file, r.lines, d));
}
