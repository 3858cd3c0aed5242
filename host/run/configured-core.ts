// A core ready for `dialback run`: the configuration read and compiled, every driven line
// checked against it, the image loaded (what the core refuses named at its line), seeded from
// the operating system, AAA modes set. At start and at every reload: a refusal is an error
// with every reason, and the running configuration stays.

import { readFileSync } from "node:fs";
import { Core } from "../core/core.ts";
import { seedFromSystem } from "../core/entropy.ts";
import { compileConfig, formatDiagnostics, type CompileResult } from "../config/compile.ts";
import { imageForLines } from "../image/writer.ts";
import { aaaPlan, type AaaPlan } from "../aaa/from-config.ts";
import { coreDiagnostics, formatCoreDiagnostics } from "../cli/core-check.ts";

export class RunConfigError extends Error {
  constructor(
    /** What was refused, in one line. */
    readonly summary: string,
    /** Every located reason (FILE:LINE:COL: error: ...), one a line. */
    readonly reasons: string[] = [],
  ) {
    super(reasons.length ? `${summary}:\n${reasons.join("\n")}` : summary);
  }
}

export interface ConfiguredCore {
  core: Core;
  /** The compiled configuration; null when the lines run with default settings. */
  result: CompileResult | null;
  plan: AaaPlan | null;
  /** Warnings of the compiler, the core and the AAA plan, for the log. */
  warnings: string[];
}

/** Reads `file` and checks that every line with a driver is configured; throws RunConfigError. */
export function readRunConfig(file: string, driven: number[]): { result: CompileResult; text: string } {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    throw new RunConfigError(`${file}: cannot read: ${(e as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (e as Error).message}`);
  }
  const result = compileConfig(bytes, file);
  if (!result.ok) throw new RunConfigError(`${file} has errors`, formatDiagnostics(result, false));
  const configured = new Set(result.model.lines.filter((l) => l.kind === "tty").map((l) => l.number));
  const missing = driven.filter((tty) => tty !== 0 && !configured.has(tty));
  if (missing.length) throw new RunConfigError(missing.map((tty) => `line ${tty} has a driver but no "line ${tty}" in ${file}`).join("\n"));
  return { result, text: new TextDecoder().decode(bytes) };
}

/** A fresh core from `modulePath` with `file`'s configuration (or default settings for `driven`). */
export async function configuredCore(modulePath: string | undefined, file: string | null, driven: number[]): Promise<ConfiguredCore> {
  const read = file ? readRunConfig(file, driven) : null;
  const core = await Core.load(modulePath);
  const warnings: string[] = [];
  let plan: AaaPlan | null = null;
  if (read) {
    // Loads the image; what the core refuses is named at its line, never a bare status.
    const refused = coreDiagnostics(core, read.result, read.text);
    const shown = formatCoreDiagnostics(read.result, refused);
    if (refused.some((d) => d.severity === "error")) throw new RunConfigError(`${file} is refused by the core`, shown);
    warnings.push(...shown);
    plan = aaaPlan(read.result.model);
  } else {
    core.init(imageForLines(driven.filter((tty) => tty !== 0)));
  }
  // Real lines: Magic-Numbers and CHAP challenges from the OS CSPRNG, fed again on every call.
  seedFromSystem(core);
  if (plan) {
    core.exports.authModeSet(plan.mode);
    core.exports.authLoginModeSet(plan.loginMode);
    core.exports.arapAuthModeSet(plan.arapMode);
    warnings.push(...plan.warnings.map((w) => `${file}: ${w}`));
  }
  return { core, result: read?.result ?? null, plan, warnings };
}
