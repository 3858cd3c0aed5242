// Tests that need a program nobody here wrote: under CI a missing program is a failure,
// elsewhere the test is skipped with the exact install instruction.

import { spawnSync } from "node:child_process";
import type { TestContext } from "node:test";

/** True when `program` is on PATH. */
export function hasProgram(program: string): boolean {
  return spawnSync("sh", ["-c", `command -v "${program}"`], { stdio: "ignore" }).status === 0;
}

export function installHint(program: string, debianPackage: string): string {
  return `${program} is not installed: apt-get install ${debianPackage}`;
}

/**
 * Returns true when the test may go on. Missing program: throws under CI=true (the test
 * fails), otherwise marks the test skipped with the install hint and returns false.
 */
export function requireProgram(t: TestContext, program: string, debianPackage: string): boolean {
  if (hasProgram(program)) return true;
  const hint = installHint(program, debianPackage);
  if (process.env.CI === "true") throw new Error(hint);
  t.skip(hint);
  return false;
}

/** True when `perl -M<module> -e1` runs, i.e. perl and the module are both installed. */
export function hasPerlModule(module: string): boolean {
  return spawnSync("perl", [`-M${module}`, "-e1"], { stdio: "ignore" }).status === 0;
}

/** requireProgram for a Perl module: fails under CI=true, else skips, naming the Debian package that installs it. */
export function requirePerlModule(t: TestContext, module: string, debianPackage: string): boolean {
  if (!requireProgram(t, "perl", debianPackage)) return false;
  if (hasPerlModule(module)) return true;
  const hint = `Perl module ${module} is not installed: apt-get install ${debianPackage}`;
  if (process.env.CI === "true") throw new Error(hint);
  t.skip(hint);
  return false;
}
