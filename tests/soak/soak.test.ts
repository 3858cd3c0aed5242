import { test } from "node:test";
import assert from "node:assert/strict";
import type { CoreEvent } from "../../host/core/core.ts";
import { Core } from "../../host/core/core.ts";
import { compileImage } from "../../host/config/image.ts";
import { CallbackOutcome, EventKind, GlobalCounter, LineEvent, LineState, PoolId } from "../../host/core/abi.ts";
import { decodePppEvent, LinkDownReason } from "../../host/core/ppp.ts";
import { CallbackEvent } from "../../host/trace/describe.ts";
import { PcapWriter } from "../../host/trace/pcap.ts";
import { VirtualClock } from "../../host/core/clock.ts";
import { compileOrThrow, runSimulation, type SimulationView } from "../../host/simulate/run-simulation.ts";
import { ACCEPT_LINES, FORBIDDEN_NUMBER, INITIATE_LINES, PHONE_PATTERN, SECRET_MARK, SOAK_POOL, soakConfig, soakScenario } from "./soak-setup.ts";

// 10,000 callers through one access server, every fault the simulator has: each one ends
// in a final state with its row, nothing dialled that the configuration does not allow, no
// password in any output, every pool back where it started.
const CALLERS = 10_000;

test("soak_10000_callers_with_every_fault_end_settled_allowed_secret_free_and_leave_the_pools_as_they_were", async (t) => {
  const model = compileOrThrow(soakConfig(), "soak.cfg");
  const { scenario, allowed } = soakScenario(CALLERS);
  const narrative: string[] = [];
  const pcap = new PcapWriter({ clock: new VirtualClock() });
  const requested = new Map<number, string>();
  const dialsOnLine = new Map<number, Set<string>>();
  const lastState = new Map<number, number>();
  let overflows = 0;
  let glares = 0;
  // Every IPCP up on a line with an `interface async`: Ethernet0's address lent, the peer's from the pool (64 for 40 PPP lines:
  // never exhausted), never held by two lines at once.
  const leased = new Map<number, string>();
  let leases = 0;
  let noAddress = 0;
  const tap = (e: CoreEvent) => {
    const p = decodePppEvent(e);
    if (p?.type === "ipcpUp" && e.line >= ACCEPT_LINES[0] && e.line <= INITIATE_LINES[1]) {
      assert.equal(p.ourAddress, "10.77.1.1", `TTY${e.line} offers Ethernet0's address`);
      assert.ok(p.peerAddress.startsWith(SOAK_POOL.prefix), `TTY${e.line}: ${p.peerAddress} is a pool address`);
      for (const [line, address] of leased) assert.ok(line === e.line || address !== p.peerAddress, `${p.peerAddress} on TTY${line} and TTY${e.line}`);
      leased.set(e.line, p.peerAddress);
      leases++;
    }
    if (p?.type === "linkDown") {
      leased.delete(e.line);
      if (p.reason === LinkDownReason.NoAddress) noAddress++;
    }
    const number = Buffer.from(e.data).toString("latin1");
    if (e.kind === CallbackEvent.Requested) requested.set(e.args[0], number);
    if (e.kind === CallbackEvent.Dialling) {
      assert.equal(number, requested.get(e.args[0]), `callback ${e.args[0]} dials the number it was asked for`);
      if (!dialsOnLine.has(e.args[1])) dialsOnLine.set(e.args[1], new Set());
      dialsOnLine.get(e.args[1])!.add(number);
    }
    if (e.kind === CallbackEvent.Retry && e.args[1] === CallbackOutcome.Glare) glares++;
    if (e.kind === LineEvent.LineState) lastState.set(e.line, e.args[0]);
    if (e.kind === EventKind.Overflow) overflows++;
  };
  let view: SimulationView | null = null;
  let showCallback = "";
  let arenaAfter = -1;
  let leasesAfter = -1;
  const started = performance.now();
  const cpu = process.cpuUsage();
  const result = await runSimulation(model, scenario, {
    seed: scenario.seed, pcap, tap, showCallback: true,
    print: (l) => narrative.push(l),
    inspect: (v) => {
      view = v;
      showCallback = v.core.consoleCommand("show callback", v.world.scheduler.now());
      arenaAfter = v.core.exports.memoryArenaUsed();
      leasesAfter = v.core.exports.poolUsage(PoolId.AddressLeases);
    },
  });
  const seconds = (performance.now() - started) / 1000;
  const cpuUsed = process.cpuUsage(cpu);
  const v = view as unknown as SimulationView;

  // Every caller finished, one row each, none left pending.
  assert.deepEqual(result.unfinished, []);
  assert.equal(result.rows.length, CALLERS);
  assert.deepEqual(result.rows.map((r) => r.caller), scenario.callers.map((c) => c.name));
  for (const r of result.rows) assert.ok(!["unfinished", "pending"].includes(r.result), `${r.caller}: ${r.result}`);
  // No false ok: the table says ok only for callers whose own side saw the callback's session.
  v.callers.forEach((c, i) => assert.equal(result.rows[i].result === "ok", c.calledBack && c.outcome === "called back", `${c.caller.name}`));

  // Only numbers the configuration (or the AAA server's account) allows for that user.
  for (const r of result.rows) {
    if (r.dialled === null) continue;
    const preset = allowed.preset.get(r.user);
    if (preset !== undefined) assert.equal(r.dialled, preset, `${r.caller} (${r.user})`);
    else assert.ok(allowed.patterned.has(r.user) && PHONE_PATTERN.test(r.dialled), `${r.caller} (${r.user}) ${r.dialled}`);
  }
  // And on the wire: every call a server line placed went to a number its callbacks asked for.
  let serverCalls = 0;
  for (const call of v.world.network.calls) {
    const tty = v.ttyOfNumber.get(call.caller.number);
    if (tty === undefined) continue;
    serverCalls++;
    assert.ok(dialsOnLine.get(tty)?.has(call.callee.number), `TTY${tty} dialled ${call.callee.number}`);
    assert.notEqual(call.callee.number, FORBIDDEN_NUMBER);
  }
  assert.ok(serverCalls > CALLERS / 2, `${serverCalls} callbacks placed`);

  // No password, typed or configured, nor the RADIUS key, in any output.
  const json = JSON.stringify(result.rows);
  const capture = pcap.toBuffer().toString("latin1");
  for (const [name, text] of [["narrative", narrative.join("\n")], ["json", json], ["pcap", capture]] as const) {
    assert.ok(!text.includes(SECRET_MARK), `a secret in the ${name}`);
  }
  assert.ok(pcap.frameCount > CALLERS, "the capture holds the run's frames");

  // Pools back to baseline: the arena as after init, no chat runner, no callback pending,
  // every line idle, no call on the network, every caller's core given back.
  const fresh = await Core.load();
  fresh.init(compileImage(model));
  assert.equal(arenaAfter, fresh.exports.memoryArenaUsed());
  const ttys = [...v.ttyOfNumber.values()];
  for (const tty of ttys) assert.equal(v.core.exports.chatActive(tty), 0, `chat runner on TTY${tty}`);
  const states = showCallback.split("\r\n").flatMap((l) => / (hanging up|waiting|dialling|connected|finished) /.exec(l)?.[1] ?? []);
  assert.ok(states.length > 0, showCallback);
  assert.deepEqual([...new Set(states)], ["finished"], showCallback);
  for (const tty of ttys) assert.equal(lastState.get(tty) ?? LineState.Idle, LineState.Idle, `TTY${tty} idle`);
  for (const number of v.world.network.numbers()) assert.equal(v.world.network.line(number)?.call, null, `${number} on a call`);
  assert.equal(v.cores.inUse, 0);
  assert.ok(leases > 0, "pool addresses given");
  assert.equal(noAddress, 0, "the pool never ran out");
  t.diagnostic(`${leases} pool addresses leased and returned`);
  assert.equal(leasesAfter, 0, "every pool address returned");
  assert.equal(overflows, 0, "no event lost");
  assert.equal(v.core.globalCounter(GlobalCounter.EventsDropped), 0);

  const outcomes = new Map<string, number>();
  for (const r of result.rows) outcomes.set(r.result, (outcomes.get(r.result) ?? 0) + 1);
  assert.ok((outcomes.get("ok") ?? 0) > CALLERS / 3, JSON.stringify([...outcomes]));
  // Every method is called back, ARA's Macintoshes included.
  for (const method of ["rfc1570", "cbcp", "initiate", "exec", "arap"]) {
    assert.ok(result.rows.some((r) => r.method === method && r.result === "ok"), `${method} callers called back`);
  }
  // Every fault of the scenario is met: the soak would prove nothing about one it never reached.
  assert.ok(glares > 0, "glare met and retried");
  for (const missing of ["no runner", "no script"]) assert.equal(outcomes.get(missing) ?? 0, 0, `${missing}: every line has its runner`);
  const maxRss = process.resourceUsage().maxRSS * 1024;
  assert.ok(maxRss < 2 * 1024 ** 3, `peak RSS ${maxRss}`);
  t.diagnostic(
    `${CALLERS} callers in ${seconds.toFixed(1)} s (${(CALLERS / seconds).toFixed(0)} calls/s real, ` +
      `${((cpuUsed.user + cpuUsed.system) / 1e6).toFixed(1)} s CPU), ${(result.virtualMs / 3600_000).toFixed(2)} h virtual, ` +
      `peak RSS ${(maxRss / 1024 ** 2).toFixed(0)} MiB, ${v.cores.created} caller cores at most, ${serverCalls} calls placed, ${glares} glares retried`,
  );
  t.diagnostic(`outcomes: ${[...outcomes].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`).join(", ")}`);
});
