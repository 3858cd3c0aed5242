// How the command line ends on an error: one message, never a stack trace. Errors that name
// their own place (FILE:LINE:COL diagnostics, scenario paths, board profile positions) are
// printed as they are; any other is `dialback: MESSAGE`. Exit 2 for usage, 1 for the rest.

import { CommanderError } from "commander";
import { ScenarioError } from "../scenario/scenario.ts";
import { ProfileError } from "../boards/profile.ts";
import { SimulationError } from "../simulate/run-simulation.ts";

export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** Prints `e` the way the command line reports errors; returns the exit code. */
export function reportError(e: unknown, write: (s: string) => void = (s) => process.stderr.write(s)): number {
  // Commander has printed its own usage message already (or help, on exit 0).
  if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : EXIT_USAGE;
  if (e instanceof ScenarioError || e instanceof ProfileError || e instanceof SimulationError) {
    write(`${e.message}\n`);
    return EXIT_FAILURE;
  }
  if (!(e instanceof Error)) {
    write(`dialback: ${String(e)}\n`);
    return EXIT_FAILURE;
  }
  // The engine's own kinds mean a slip of the program, not of its input: say so.
  const bug = e instanceof TypeError || e instanceof ReferenceError;
  const where = process.env.DIALBACK_DEBUG ? `\n${e.stack ?? ""}` : bug ? " (DIALBACK_DEBUG=1 shows where)" : "";
  write(`dialback: ${bug ? "internal error: " : ""}${e.message}${where}\n`);
  return EXIT_FAILURE;
}
