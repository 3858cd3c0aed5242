// The accountant (host/aaa/accountant.ts) on the simulator's network and clock, fed the core's
// events by hand: `aaa accounting update periodic N` sends an Interim-Update every N minutes of
// an open session, with the counters so far, and stops with the session.

import { test } from "node:test";
import assert from "node:assert/strict";
import { Scheduler } from "../../../host/sim/scheduler.ts";
import { Rng } from "../../../host/sim/rng.ts";
import { SimAaaNetwork } from "../../../host/simulate/aaa-network.ts";
import { SimRadiusServer, type SimAccountingEntry } from "../../../host/simulate/aaa-servers.ts";
import { ServerHealth } from "../../../host/aaa/server-health.ts";
import { Accountant } from "../../../host/aaa/accountant.ts";
import { aaaPlan } from "../../../host/aaa/from-config.ts";
import { compileConfig } from "../../../host/config/compile.ts";
import { LineEvent, LineState } from "../../../host/core/abi.ts";
import type { CoreEvent } from "../../../host/core/core.ts";

const CONFIG = `aaa new-model
aaa accounting exec default start-stop group radius
aaa accounting update periodic 2
radius-server host 10.0.0.5 auth-port 1812 acct-port 1813 key k5
username ann password pw
line 4
 login authentication default
`;

const event = (kind: number, args: number[], data = ""): CoreEvent => ({
  seq: 0, line: 4, kind, args: [args[0] ?? 0, args[1] ?? 0, args[2] ?? 0, args[3] ?? 0], data: Uint8Array.from(Buffer.from(data, "latin1")),
});

async function settle(scheduler: Scheduler, ms: number): Promise<void> {
  const end = scheduler.now() + ms;
  for (;;) {
    await new Promise((r) => setImmediate(r));
    const next = scheduler.nextTime();
    if (next === null || next > end) break;
    scheduler.clock.jumpTo(next);
    scheduler.runDue();
  }
  scheduler.clock.jumpTo(end);
}

test("periodic_updates_every_n_minutes_of_an_open_session_with_its_counters_and_none_after_its_stop", async () => {
  const scheduler = new Scheduler();
  const net = new SimAaaNetwork(scheduler, 3);
  const received: SimAccountingEntry[] = [];
  const log: string[] = [];
  new SimRadiusServer(
    { name: "RADIUS 10.0.0.5", host: "10.0.0.5", key: "k5", accounts: [], faults: [], answerAfterMs: 10, silentFor: () => false,
      now: () => scheduler.now(), rng: new Rng(1), log: (l) => log.push(l), received: (e) => received.push(e) },
    net, 1812, 1813,
  );
  const compiled = compileConfig(CONFIG, "periodic.cfg");
  let rx = 0;
  const accountant = new Accountant(aaaPlan(compiled.model), {
    io: net, health: new ServerHealth(net, (l) => log.push(l)), log: (l) => log.push(l),
    counters: () => ({ rxBytes: rx, txBytes: 0, framesIn: 0, framesOut: 0 }),
  });
  accountant.observe(event(LineEvent.LineState, [LineState.Activation, LineState.Idle, 9]));
  accountant.observe(event(LineEvent.LoginSucceeded, [0, 1], "ann"));
  rx = 100;
  await settle(scheduler, 5 * 60_000 + 1000); // updates at 2 and 4 minutes
  rx = 250;
  accountant.observe(event(LineEvent.LineState, [LineState.Idle, LineState.Exec, 9]));
  await settle(scheduler, 10 * 60_000); // no update after the Stop
  accountant.close();
  assert.deepEqual(received.map((e) => e.status), ["start", "update", "update", "stop"], log.join("\n"));
  assert.deepEqual(received.map((e) => e.fields["46"] ?? null), [null, "120", "240", "301"], "Acct-Session-Time");
  assert.deepEqual(received.map((e) => e.fields["42"] ?? null), [null, "100", "100", "250"], "Acct-Input-Octets so far");
  assert.equal(new Set(received.map((e) => e.sessionId)).size, 1);
});
