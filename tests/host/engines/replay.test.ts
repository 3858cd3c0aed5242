// Same results on both engines for whole runs: the demo and the scenario files are recorded
// under V8 (every ABI call, every host write into a core's memory, memory hashes) and replayed
// under wasm3 by dialback-replay, which must get every result and every hash the same: with
// each engine hint, and on a build sized for 4 lines. A change to one recorded result, or to
// one byte the host wrote, must make the replay fail.

import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildProgram, DEFAULT_MODULE, ROOT, sizedModule } from "../../support/gateway.ts";
import { tamper } from "../../support/abi-recorder.ts";

const RECORD_RUN = join(ROOT, "tests/support/record-run.ts");
const RUNS = ["demo", "faults", "aaa"];
const EXPECTED_ROWS = [
  ["Ted:ok", "wanda:ok", "otto:ok", "milarepa:ok", "excalibur:ok", "excalibur:ok"],
  ["Ted:busy", "wanda:chat timeout", "otto:carrier lost"],
];

function record(out: string, module: string | null, hint: number, extra: string[] = []) {
  const args = ["--import", "tsx", RECORD_RUN, out, "--hint", String(hint), ...(module ? ["--module", module] : []), ...extra, ...RUNS];
  const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: "utf8", timeout: 300_000, maxBuffer: 16 << 20 });
  assert.equal(r.status, 0, `recording failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split("\n").pop()!) as { calls: number; writes: number; rows: string[][] };
}

function replay(program: string, module: string, path: string) {
  const r = spawnSync(program, ["--module", module, path], { cwd: ROOT, encoding: "utf8", timeout: 300_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test("the demo and the scenario suite recorded under V8 replay identically under wasm3: both hints, a 4-line build", async (t) => {
  const program = buildProgram(t, "replay");
  if (!program) return;
  const dir = mkdtempSync(join(tmpdir(), "dialback-replay-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const four = await sizedModule(4);
  for (const [module, hint] of [[null, 0], [null, 1], [four, 1]] as const) {
    const path = join(dir, `record-${hint}-${module ? "l4" : "default"}.txt`);
    const recorded = record(path, module, hint);
    const name = `${module ?? "default build"}, hint ${hint}`;
    // The runs are the ones the tests know: every caller's outcome as expected.
    assert.deepEqual(recorded.rows.slice(0, 2), EXPECTED_ROWS, name);
    assert.equal(recorded.rows[2].length, 7, name);
    const text = readFileSync(path, "utf8");
    assert.match(text, new RegExp(`^c \\d+ engineHint ${hint} = 0$`, "m"), `${name}: the hint is part of the record`);
    assert.ok(recorded.calls > 5000 && recorded.writes > 300, `${name}: ${recorded.calls} calls, ${recorded.writes} writes`);
    const r = replay(program, module ?? DEFAULT_MODULE, path);
    assert.equal(r.code, 0, `${name}: ${r.err}`);
    const m = /replayed (\d+) calls and (\d+) writes on (\d+) cores: every result and (\d+) memory hashes equal/.exec(r.out);
    assert.ok(m, r.out);
    assert.equal(Number(m[1]), recorded.calls, name);
    assert.equal(Number(m[2]), recorded.writes, name);
    assert.ok(Number(m[4]) >= Number(m[3]) * 2, `${name}: memory compared at least twice per core`);
  }
});

test("a replay fails on one changed result and on one changed host write, naming the record line", async (t) => {
  const program = buildProgram(t, "replay");
  if (!program) return;
  const dir = mkdtempSync(join(tmpdir(), "dialback-replay-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, "record.txt");
  record(path, null, 1);
  assert.equal(replay(program, DEFAULT_MODULE, path).code, 0);

  const changed = join(dir, "changed-result.txt");
  writeFileSync(changed, readFileSync(path));
  const line = tamper(changed, 3000);
  const r = replay(program, DEFAULT_MODULE, changed);
  assert.equal(r.code, 1, `the changed call "${line}" went unnoticed`);
  assert.match(r.err, /record line \d+: core \d+: \w+ returned -?\d+ under wasm3, -?\d+ under V8/);

  // A received byte changed in one write the host made: inside a PPP frame, so the core's FCS
  // check counts it (a byte of modem chatter on an idle line changes nothing the core keeps).
  const lines = readFileSync(path, "utf8").split("\n");
  const frameStart = /7eff(?:03|7d23)[0-9a-f]{16}/; // flag, address, control (escaped or not), then more
  // ... and one the core took up: events follow it (a line at its prompt or idle ignores a frame).
  const takenUp = (i: number) => lines.slice(i + 1, i + 8).some((l) => /^c \d+ eventNext = [1-9]/.test(l));
  const at = lines.findIndex((l, i) => i > lines.length / 2 && /^w \d+ \d+ [0-9a-f]+$/.test(l) && frameStart.test(l.split(" ")[3]) && takenUp(i));
  assert.ok(at >= 0, "a frame written in the second half of the record");
  const [w, core, addr, hex] = lines[at].split(" ");
  const inFrame = (frameStart.exec(hex)?.index ?? 0) + 16;
  const flipped = (parseInt(hex.slice(inFrame, inFrame + 2), 16) ^ 0x01).toString(16).padStart(2, "0");
  lines[at] = [w, core, addr, hex.slice(0, inFrame) + flipped + hex.slice(inFrame + 2)].join(" ");
  const write = join(dir, "changed-write.txt");
  writeFileSync(write, lines.join("\n"));
  const rw = replay(program, DEFAULT_MODULE, write);
  assert.equal(rw.code, 1, `the changed write at record line ${at + 1} went unnoticed`);
  assert.match(rw.err, /record line \d+: core \d+: (\w+ returned .* under wasm3|memory CRC-32 [0-9a-f]{8} under wasm3, [0-9a-f]{8} under V8)/);
});
