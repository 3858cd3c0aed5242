#!/usr/bin/env -S npx tsx
// The dialback command line: wires one subcommand family per file in ./commands.

import { Command } from "commander";
import { register as registerConfig } from "./commands/config.ts";

const program = new Command();
program.name("dialback").description("Dial-in access server that calls its users back (IOS asynchronous callback)");
registerConfig(program);
await program.parseAsync(process.argv);
