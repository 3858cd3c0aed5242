// `dialback demo` (what `npm start` runs) and `dialback simulate --config F --scenario S`:
// a configuration against simulated callers, with a narrative and a closing table.

import { Command } from "commander";
import { readFileSync, writeFileSync } from "node:fs";
import { VirtualClock } from "../../core/clock.ts";
import { PcapWriter } from "../../trace/pcap.ts";
import { readScenario, ScenarioError, Scenario } from "../../scenario/scenario.ts";
import {
  compileOrThrow, formatTable, runSimulation, SimulationError, unfinishedReport, SIMULATION_CAP_MS, type SimulationResult,
} from "../../simulate/run-simulation.ts";
import { DEMO_ADDITIONS, DEMO_SCENARIO, demoConfigText } from "../../simulate/demo.ts";
import { compileConfig } from "../../config/compile.ts";
import { Core } from "../../core/core.ts";
import { coreDiagnostics, formatCoreDiagnostics } from "../core-check.ts";

interface RunFlags {
  capMinutes?: string;
  json?: boolean;
  pcap?: string;
  seed?: string;
  debug?: boolean;
}

async function simulate(configText: string, configName: string, scenario: Scenario, flags: RunFlags, intro: string[]): Promise<SimulationResult> {
  const seed = flags.seed !== undefined ? Number(flags.seed) : scenario.seed;
  if (!Number.isInteger(seed) || seed < 0) throw new SimulationError(`--seed: expected a whole number ≥ 0, got ${flags.seed}`);
  const capMs = flags.capMinutes !== undefined ? Number(flags.capMinutes) * 60_000 : SIMULATION_CAP_MS;
  if (!(capMs >= 0 && capMs <= 7 * 24 * 3600_000)) throw new SimulationError(`--cap-minutes: expected minutes from 0 to 10080, got ${flags.capMinutes}`);
  const model = compileOrThrow(configText, configName);
  await refusedByCore(configText, configName);
  // With --json the narrative goes to stderr so stdout holds exactly one JSON array.
  const print = (line: string) => (flags.json ? process.stderr : process.stdout).write(line + "\n");
  for (const line of intro) print(line);
  const pcap = flags.pcap ? new PcapWriter({ clock: new VirtualClock() }) : undefined;
  const result = await runSimulation(model, { ...scenario, seed }, { seed, pcap, print, debug: flags.debug, showCallback: true, capMs });
  if (pcap && flags.pcap) {
    pcap.save(flags.pcap);
    print(`pcap: ${pcap.frameCount} PPP frames written to ${flags.pcap}`);
  }
  if (flags.json) process.stdout.write(JSON.stringify(result.rows) + "\n");
  else print("\n" + formatTable(result.rows));
  // Callers left unfinished at the safety cap are an error, never a shorter table.
  const unfinished = unfinishedReport(result, capMs);
  if (unfinished) {
    process.stderr.write(unfinished + "\n");
    process.exitCode = 1;
  }
  return result;
}

/** The core's own checks before the run (core-check.ts): a refusal is named at its line, not thrown from the run. */
async function refusedByCore(text: string, file: string): Promise<void> {
  const result = compileConfig(text, file);
  const found = coreDiagnostics(await Core.load(), result, text);
  const shown = formatCoreDiagnostics(result, found);
  if (found.some((d) => d.severity === "error")) throw new SimulationError(shown.join("\n"));
  for (const w of shown) process.stderr.write(`${w}\n`);
}

function fail(err: unknown): never {
  if (err instanceof ScenarioError || err instanceof SimulationError) {
    process.stderr.write(err.message + "\n");
    process.exit(1);
  }
  throw err;
}

function withRunFlags(c: Command): Command {
  return c
    .option("--json", "print the closing table (one row per caller) as one JSON array on stdout")
    .option("--pcap <file>", "write every PPP frame of the run to a pcap file")
    .option(
      "--seed <n>",
      "simulator only: seed of the virtual network and of the cores' Magic-Numbers and CHAP challenges (runs replay exactly; `dialback run` seeds from the OS)",
    )
    .option("--debug", "also print PPP negotiation, chat and modem-control traces")
    .option("--cap-minutes <n>", "virtual minutes after the last caller dials by which every caller must be finished (default 120; past it: exit 1)");
}

export function register(program: Command): void {
  withRunFlags(
    program
      .command("demo")
      .description("the reference's PPP, EXEC and ARA callback examples on the virtual telephone network")
      .option("--config <file>", "run another configuration with the demonstration's callers"),
  ).action(async (flags: RunFlags & { config?: string }) => {
    try {
      const own = flags.config !== undefined;
      const text = own ? readFileSync(flags.config as string, "utf8") : demoConfigText();
      const intro = own
        ? [`dialback demo: ${flags.config} with the demonstration's callers`]
        : [
            "dialback demo: the reference chapter's PPP, EXEC and ARA callback examples, as printed, on the",
            "virtual telephone network (server line N answers on 555 1000+N). Added to the examples:",
            ...DEMO_ADDITIONS.map((a) => `  ${a.text.replaceAll("\n", "; ")}    -- ${a.why}`),
            "",
          ];
      const { rows } = await simulate(text, flags.config ?? "demo.cfg", DEMO_SCENARIO, flags, intro);
      process.exitCode = rows.length === DEMO_SCENARIO.callers.length && rows.every((r) => r.result === "ok") ? 0 : 1;
    } catch (err) {
      fail(err);
    }
  });
  withRunFlags(
    program
      .command("simulate")
      .description("run a configuration against the callers a scenario file describes")
      .requiredOption("--config <file>", "IOS-style configuration")
      .requiredOption("--scenario <file>", "scenario (JSON, see the README)"),
  ).action(async (flags: RunFlags & { config: string; scenario: string }) => {
    try {
      const scenario = readScenario(flags.scenario);
      let text: string;
      try {
        text = readFileSync(flags.config, "utf8");
      } catch (err) {
        throw new SimulationError(`${flags.config}: cannot read: ${(err as Error).message}`);
      }
      await simulate(text, flags.config, scenario, flags, [`dialback simulate: ${flags.config} with ${flags.scenario}`]);
    } catch (err) {
      fail(err);
    }
  });
}
