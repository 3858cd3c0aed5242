import { test } from "node:test";
import assert from "node:assert/strict";
import { compileOrThrow, runSimulation } from "../../../host/simulate/run-simulation.ts";
import { parseScenario } from "../../../host/scenario/scenario.ts";
import { DEMO_SCENARIO, demoConfigText } from "../../../host/simulate/demo.ts";
import type { Core } from "../../../host/core/core.ts";

// A caller who holds the line is never called back. Holding needs both ends: the caller does
// not hang up, and the server's modem ignores DTR (left at &D0), so dropping DTR does not
// clear the call. The core sees carrier stay up after its DTR drop and ends the callback.
// Each method with the chapter's callers: Ted (PPP, line 7), milarepa (EXEC, line 4),
// excalibur (ARA, line 4, always called back on line 7).
const HOLDERS = ["Ted", "milarepa", "excalibur"];

async function run(name: string, ignoresDtr: boolean) {
  const c = DEMO_SCENARIO.callers.find((x) => x.name === name);
  assert.ok(c && "line" in c.dials);
  const line = c.dials.line;
  const scenario = parseScenario({
    seed: 1,
    callers: [{ ...c, dials: line, startAt: 0, faults: ["holds-line"] }],
    lines: [{ line, ignoresDtr }],
  });
  const lines: string[] = [];
  let server: Core | null = null;
  const result = await runSimulation(compileOrThrow(demoConfigText(), "demo.cfg"), scenario, {
    seed: 1,
    print: (l) => lines.push(l),
    inspect: (w) => (server = w.core),
  });
  const pools = (server as Core | null)?.poolUsage();
  assert.ok(pools, "the server core was seen");
  const idle = [pools.arapSessions, pools.pppSessions, pools.callbackRecords, pools.linesBusy, pools.chatRunners, pools.remoteUsers, pools.addressLeases];
  assert.deepEqual(idle, [0, 0, 0, 0, 0, 0, 0], "every pool slot is back");
  assert.deepEqual(result.unfinished, []);
  return { rows: result.rows.map((r) => [r.caller, r.lineIn, r.lineOut, r.result]), text: lines.join("\n"), line };
}

for (const name of HOLDERS) {
  test(`${name}_holding_the_line_behind_a_modem_that_ignores_dtr_is_never_called_back`, async () => {
    const r = await run(name, true);
    assert.deepEqual(r.rows, [[name, r.line, null, "caller held line"]]);
    assert.ok(!/Callback dialling/.test(r.text), "nothing is dialled");
    assert.match(r.text, /carrier still up after DTR drop/);
    assert.match(r.text, /hangs up after holding the line/);
  });

  test(`${name}_holding_the_line_is_called_back_when_the_modem_hangs_up_on_dtr`, async () => {
    // &D2: the server's modem goes on hook when DTR drops, which clears the call.
    const r = await run(name, false);
    assert.equal(r.rows[0][3], "ok");
    assert.ok(!/hangs up after holding the line/.test(r.text), "the call was cleared before the caller gave up");
  });
}

test("a_scenario_line_the_configuration_does_not_have_is_refused_before_the_run", async () => {
  const c = DEMO_SCENARIO.callers[0];
  const scenario = parseScenario({ seed: 1, callers: [{ ...c, dials: 7 }], lines: [{ line: 30, ignoresDtr: true }] });
  await assert.rejects(
    runSimulation(compileOrThrow(demoConfigText(), "demo.cfg"), scenario, { seed: 1, print: () => {} }),
    /scenario: lines: line 30 is not a TTY line of the configuration/,
  );
});
