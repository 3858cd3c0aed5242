#!/usr/bin/env -S node --import tsx
// The dialback command line: this file only wires the subcommand families together.

import { Command } from "commander";
import { register as registerConfig } from "./commands/config.ts";
import { register as registerRun } from "./commands/run.ts";
import { register as registerSim } from "./commands/sim.ts";
import { register as registerSimulate } from "./commands/simulate.ts";

const program = new Command("dialback")
  .description("dial-in access server that calls its users back (IOS asynchronous callback)")
  .showHelpAfterError();
registerConfig(program);
registerRun(program);
registerSim(program);
registerSimulate(program);

await program.parseAsync(process.argv);
