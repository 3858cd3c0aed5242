// `dialback config check|compile` and `dialback show running-config`: the IOS configuration
// compiler on the command line. Diagnostics go to stderr as FILE:LINE:COL: severity: message.

import { readFileSync, writeFileSync } from "node:fs";
import { Command } from "commander";
import { compileConfig, CompileResult, formatDiagnostics } from "../../config/compile.ts";
import { showRunningConfig } from "../../config/show.ts";
import { compileImage, ImageLimitError } from "../../config/image.ts";
import { Core } from "../../core/core.ts";
import { ImageStatus } from "../../core/abi.ts";

function load(file: string): CompileResult | null {
  let text: Uint8Array;
  try {
    text = readFileSync(file);
  } catch (e) {
    process.stderr.write(`dialback: cannot read ${file}: ${(e as Error).message}\n`);
    return null;
  }
  const r = compileConfig(text, file);
  for (const d of formatDiagnostics(r)) process.stderr.write(d + "\n");
  return r;
}

export function register(program: Command): void {
  const config = program.command("config").description("read, check and compile IOS configurations");

  config
    .command("check")
    .description("report every error and warning of each file (exit 1 when any file has errors)")
    .argument("<files...>", "IOS configuration files")
    .action((files: string[]) => {
      let failed = false;
      for (const file of files) {
        const r = load(file);
        if (!r || !r.ok) failed = true;
      }
      process.exitCode = failed ? 1 : 0;
    });

  config
    .command("compile")
    .description("compile a configuration into the binary image the core reads")
    .argument("<file>", "IOS configuration file")
    .requiredOption("-o, --output <image>", "where to write the image")
    .option("--verify", "load the image into the core (build/dialback.wasm) and check it is accepted")
    .action(async (file: string, opts: { output: string; verify?: boolean }) => {
      const r = load(file);
      if (!r || !r.ok) {
        process.exitCode = 1;
        return;
      }
      let image: Uint8Array;
      try {
        image = compileImage(r.model);
      } catch (e) {
        if (!(e instanceof ImageLimitError)) throw e;
        process.stderr.write(`${file}: error: ${e.message}\n`);
        process.exitCode = 1;
        return;
      }
      if (opts.verify) {
        const core = await Core.load();
        const status = core.tryInit(image);
        if (status !== ImageStatus.Ok) {
          process.stderr.write(`${file}: error: the core refused the image: ${ImageStatus[status] ?? status}\n`);
          process.exitCode = 1;
          return;
        }
      }
      writeFileSync(opts.output, image);
    });

  program
    .command("show")
    .description("IOS-style show commands")
    .command("running-config")
    .description("print the configuration in canonical IOS order")
    .requiredOption("--config <file>", "IOS configuration file")
    .action((opts: { config: string }) => {
      const r = load(opts.config);
      if (!r || !r.ok) {
        process.exitCode = 1;
        return;
      }
      process.stdout.write(showRunningConfig(r.model));
    });
}
