// The corpus: access-server configurations in the style of public configuration guides
// (tests/fixtures/config/corpus/README.md). Each must load with no error, print back its
// golden running configuration (NAME.running) which reads back to the same model, be taken
// by the core, and, where it has callback users, call back as NAME.rows.json says when its
// callers (NAME.scenario.json) dial in. CORPUS_UPDATE=1 rewrites the golden files and rows
// from what the code does now (review the diff before committing it).

import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { compileConfig, formatDiagnostics } from "../../../host/config/compile.ts";
import { showRunningConfig } from "../../../host/config/show.ts";
import { compileImage } from "../../../host/config/image.ts";
import { Core } from "../../../host/core/core.ts";
import { ImageStatus } from "../../../host/core/abi.ts";
import { parseScenario } from "../../../host/scenario/scenario.ts";
import { runSimulation } from "../../../host/simulate/run-simulation.ts";

const DIR = fileURLToPath(new URL("../../fixtures/config/corpus/", import.meta.url));
const UPDATE = process.env.CORPUS_UPDATE === "1";
const NAMES = readdirSync(DIR)
  .filter((f) => f.endsWith(".cfg"))
  .map((f) => f.slice(0, -4))
  .sort();
const core = await Core.load();

test("the_corpus_holds_at_least_thirty_configurations_each_with_its_golden_running_config", () => {
  assert.ok(NAMES.length >= 30, `${NAMES.length} configurations`);
  for (const name of NAMES) assert.ok(UPDATE || existsSync(`${DIR}${name}.running`), `${name}.running`);
  const withScenario = NAMES.filter((n) => existsSync(`${DIR}${n}.scenario.json`));
  for (const name of withScenario) assert.ok(UPDATE || existsSync(`${DIR}${name}.rows.json`), `${name}.rows.json`);
  // Every configuration with a user that has callback has callers to show it.
  for (const name of NAMES) {
    const m = compileConfig(readFileSync(`${DIR}${name}.cfg`, "utf8")).model;
    if (m.users.some((u) => u.callbackDialstring !== null || u.callbackRotary !== null || u.callbackLine !== null)) {
      assert.ok(withScenario.includes(name), `${name} has callback users and no scenario`);
    }
  }
});

for (const name of NAMES) {
  test(`corpus_${name}_loads_prints_its_golden_running_config_and_reads_back`, () => {
    const text = readFileSync(`${DIR}${name}.cfg`, "utf8");
    const r = compileConfig(text, `${name}.cfg`);
    assert.deepEqual(formatDiagnostics(r).filter((d) => / error: /.test(d.split("\n")[0])), [], `${name} loads with no error`);
    const shown = showRunningConfig(r.model);
    if (UPDATE) writeFileSync(`${DIR}${name}.running`, shown);
    assert.equal(shown, readFileSync(`${DIR}${name}.running`, "utf8"), `${name}.running`);
    const again = compileConfig(shown, `${name}.running`);
    assert.deepEqual(formatDiagnostics(again).filter((d) => / error: /.test(d.split("\n")[0])), []);
    assert.deepEqual(again.model, r.model);
    assert.equal(showRunningConfig(again.model), shown);
    assert.equal(ImageStatus[core.tryInit(compileImage(r.model))], "Ok", "the core takes it");
  });
}

for (const name of NAMES.filter((n) => existsSync(`${DIR}${n}.scenario.json`))) {
  test(`corpus_${name}_calls_back_as_its_rows_say`, async () => {
    const model = compileConfig(readFileSync(`${DIR}${name}.cfg`, "utf8"), `${name}.cfg`).model;
    const scenario = parseScenario(JSON.parse(readFileSync(`${DIR}${name}.scenario.json`, "utf8")), `${name}.scenario.json`);
    const story: string[] = [];
    const result = await runSimulation(model, scenario, { seed: scenario.seed, print: (l) => story.push(l) });
    assert.deepEqual(result.unfinished, []);
    if (UPDATE) writeFileSync(`${DIR}${name}.rows.json`, JSON.stringify(result.rows, null, 2) + "\n");
    assert.deepEqual(result.rows, JSON.parse(readFileSync(`${DIR}${name}.rows.json`, "utf8")), story.slice(-40).join("\n"));
  });
}
