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
