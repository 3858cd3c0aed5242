// Records whole runs under V8 for a replay under wasm3 (tests/support/abi-recorder.ts):
//   tsx tests/support/record-run.ts OUT [--module M] [--hint 0|1] [--tamper N] demo faults aaa
// `demo` is `npm start`'s run, `faults` and `aaa` the scenario files of tests/fixtures/scenario
// (each with the configuration its tests use). Prints one JSON line: calls, writes, rows.
// --tamper N changes the result of the Nth recorded call in the file afterwards (a test that
// the replay notices).

import { readFileSync } from "node:fs";
import { AbiRecorder, tamper } from "./abi-recorder.ts";
import { compileOrThrow, runSimulation } from "../../host/simulate/run-simulation.ts";
import { DEMO_SCENARIO, demoConfigText } from "../../host/simulate/demo.ts";
import { readScenario, type Scenario } from "../../host/scenario/scenario.ts";

const RUNS: Record<string, () => { config: string; file: string; scenario: Scenario }> = {
  demo: () => ({ config: demoConfigText(), file: "demo.cfg", scenario: DEMO_SCENARIO }),
  faults: () => ({ config: demoConfigText(), file: "demo.cfg", scenario: readScenario("tests/fixtures/scenario/faults.json") }),
  aaa: () => ({
    config: readFileSync("tests/fixtures/config/simulate-aaa.cfg", "utf8"),
    file: "simulate-aaa.cfg",
    scenario: readScenario("tests/fixtures/scenario/aaa.json"),
  }),
};

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const out = args.shift();
  let module: string | undefined;
  let hint: number | undefined;
  let tamperAt = 0;
  const runs: string[] = [];
  while (args.length) {
    const a = args.shift()!;
    if (a === "--module") module = args.shift();
    else if (a === "--hint") hint = Number(args.shift());
    else if (a === "--tamper") tamperAt = Number(args.shift());
    else if (a in RUNS) runs.push(a);
    else throw new Error(`record-run: unknown argument ${a}`);
  }
  if (!out || runs.length === 0) throw new Error("usage: record-run OUT [--module M] [--hint 0|1] [--tamper N] demo|faults|aaa ...");
  const recorder = AbiRecorder.start({ path: out, module, hint });
  const rows: string[][] = [];
  for (const name of runs) {
    const { config, file, scenario } = RUNS[name]();
    const result = await runSimulation(compileOrThrow(config, file), scenario, { seed: scenario.seed, print: () => {} });
    rows.push(result.rows.map((r) => `${r.user}:${r.result}`));
  }
  await recorder.stop();
  const tampered = tamperAt ? tamper(out, tamperAt) : null;
  process.stdout.write(`${JSON.stringify({ calls: recorder.calls, writes: recorder.writes, rows, tampered })}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`record-run: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
