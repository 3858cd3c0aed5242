// `dialback config check|compile` and `dialback show running-config`: the IOS configuration
// compiler on the command line. Diagnostics go to stderr as FILE:LINE:COL: severity: message.
// A configuration the compiler accepts is also loaded into the core (build/dialback.wasm),
// so what the core would refuse, even a chat script at dial time, is reported now.

import { readFileSync, writeFileSync } from "node:fs";
import { Command } from "commander";
import { compileConfig, CompileResult, formatDiagnostics } from "../../config/compile.ts";
import { showRunningConfig } from "../../config/show.ts";
import { compileImage } from "../../config/image.ts";
import { Core } from "../../core/core.ts";
import { coreDiagnostics, formatCoreDiagnostics } from "../core-check.ts";

interface Loaded {
  result: CompileResult;
  text: string;
}

function load(file: string): Loaded | null {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    process.stderr.write(`dialback: cannot read ${file}: ${(e as Error).message}\n`);
    return null;
  }
  const result = compileConfig(bytes, file);
  for (const d of formatDiagnostics(result)) process.stderr.write(d + "\n");
  return { result, text: new TextDecoder().decode(bytes) };
}

/** The core's refusals of an accepted configuration, printed; true when there is no error among them. */
function coreAccepts(core: Core, loaded: Loaded): boolean {
  const found = coreDiagnostics(core, loaded.result, loaded.text);
  for (const d of formatCoreDiagnostics(loaded.result, found)) process.stderr.write(d + "\n");
  return !found.some((d) => d.severity === "error");
}

/** The core for the checks, or null (said once) when the module is not built. */
async function coreOrNull(): Promise<Core | null> {
  try {
    return await Core.load();
  } catch (e) {
    process.stderr.write(`dialback: note: the core's own checks are skipped: ${(e as Error).message}\n`);
    return null;
  }
}

export function register(program: Command): void {
  const config = program.command("config").description("read, check and compile IOS configurations");

  config
    .command("check")
    .description("report every error and warning of each file (exit 1 when any file has errors)")
    .argument("<files...>", "IOS configuration files")
    .action(async (files: string[]) => {
      let failed = false;
      let core: Core | null | undefined;
      for (const file of files) {
        const loaded = load(file);
        if (!loaded || !loaded.result.ok) {
          failed = true;
          continue;
        }
        if (core === undefined) core = await coreOrNull();
        if (core && !coreAccepts(core, loaded)) failed = true;
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
      const loaded = load(file);
      if (!loaded || !loaded.result.ok) {
        process.exitCode = 1;
        return;
      }
      if (opts.verify && !coreAccepts(await Core.load(), loaded)) {
        process.exitCode = 1;
        return;
      }
      writeFileSync(opts.output, compileImage(loaded.result.model));
    });

  program
    .command("show")
    .description("IOS-style show commands")
    .command("running-config")
    .description("print the configuration in canonical IOS order")
    .requiredOption("--config <file>", "IOS configuration file")
    .action((opts: { config: string }) => {
      const loaded = load(opts.config);
      if (!loaded || !loaded.result.ok) {
        process.exitCode = 1;
        return;
      }
      process.stdout.write(showRunningConfig(loaded.result.model));
    });
}
