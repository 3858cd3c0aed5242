// The compiler's front door: text in, model and diagnostics out; never throws on bad input.

import { Diagnostic, formatDiagnostic } from "./diagnostics.ts";
import { ConfigModel } from "./model.ts";
import { readConfig } from "./reader.ts";

export interface CompileResult {
  file: string;
  model: ConfigModel;
  diagnostics: Diagnostic[];
  lines: string[];
  ok: boolean;
}

export function compileConfig(text: string, file = "<config>"): CompileResult {
  const r = readConfig(text);
  return { file, model: r.model, diagnostics: r.diagnostics, lines: r.lines, ok: !r.diagnostics.some((d) => d.severity === "error") };
}

/** Every diagnostic in `file:line:col: severity: message` form with its caret line. */
export function formatDiagnostics(r: CompileResult, withNotes = true): string[] {
  return r.diagnostics.filter((d) => withNotes || d.severity !== "note").map((d) => formatDiagnostic(r.file, r.lines, d));
}
