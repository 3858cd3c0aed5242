#!/usr/bin/env -S node --import tsx
// The dialback command line: this file only wires the subcommand families together and ends
// every error the same way (errors.ts): a message and an exit code, never a stack trace.

import { Command } from "commander";
import { register as registerConfig } from "./commands/config.ts";
import { register as registerRun } from "./commands/run.ts";
import { register as registerSim } from "./commands/sim.ts";
import { register as registerSimulate } from "./commands/simulate.ts";
import { reportError } from "./errors.ts";

const fatal = (e: unknown) => {
  process.exitCode = reportError(e);
  process.exit();
};
process.on("uncaughtException", fatal);
process.on("unhandledRejection", fatal);

// Usage errors throw (exitOverride) so they end here too; subcommands inherit it when created.
const program = new Command("dialback")
  .description("dial-in access server that calls its users back (IOS asynchronous callback)")
  .showHelpAfterError()
  .exitOverride();
registerConfig(program);
registerRun(program);
registerSim(program);
registerSimulate(program);

try {
  await program.parseAsync(process.argv);
} catch (e) {
  process.exitCode = reportError(e);
}
