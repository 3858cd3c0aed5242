import { test } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { loadProfile } from "../../../host/boards/profile.ts";
import { parseLineSpecs } from "../../../host/lines/line-spec.ts";
import { LineStateMockBinding } from "../../../host/lines/mock-binding.ts";
import { buildLines } from "../../../host/run/drivers.ts";
import { TestDte } from "../../support/sim-dte.ts";

const boards = fileURLToPath(new URL("../../../boards/", import.meta.url));

test("the sim profile gives a simulated modem per line and its far-end subscribers", () => {
  const { drivers, world } = buildLines(loadProfile(`${boards}sim/default.json`), []);
  assert.deepEqual(
    [...drivers.entries()].map(([tty, d]) => [tty, d.description]),
    [[1, "sim 5551001"], [2, "sim 5551002"], [3, "sim 5551003"], [4, "sim 5551004"]],
  );
  assert.ok(world);
  // Line 1 dials the subscriber that answers; the busy one is busy.
  const line1 = new TestDte(world.modem("5551001")!);
  line1.send("ATE0DT5550100\r");
  assert.ok(world.scheduler.runUntil(() => line1.text.includes("CONNECT")));
  const line2 = new TestDte(world.modem("5551002")!);
  line2.send("ATE0DT5550200\r");
  assert.ok(world.scheduler.runUntil(() => line2.text.includes("BUSY")));
});

test("--line options add lines and replace the profile's line of the same tty", () => {
  const profile = loadProfile(`${boards}sim/default.json`);
  const binding = new LineStateMockBinding();
  const { drivers } = buildLines(profile, parseLineSpecs(["2=tcp:4002", "9=serial:/dev/ttyUSB0@9600", "10=sim"]), { serialBinding: binding, pollMs: 0 });
  assert.deepEqual(
    [...drivers.entries()].map(([tty, d]) => [tty, d.kind, d.description]),
    [
      [1, "sim", "sim 5551001"],
      [2, "tcp", "tcp 127.0.0.1:4002"],
      [3, "sim", "sim 5551003"],
      [4, "sim", "sim 5551004"],
      [9, "serial", "serial /dev/ttyUSB0@9600"],
      [10, "sim", "sim 5551010"],
    ],
  );
});

test("a Raspberry Pi profile builds serial drivers only, with no simulated network", () => {
  const { drivers, world } = buildLines(loadProfile(`${boards}rpi/uart-hat.json`), [], { pollMs: 0 });
  assert.equal(world, null);
  assert.deepEqual(
    [...drivers.values()].map((d) => d.description),
    ["serial /dev/ttyAMA0@115200", "serial /dev/ttySC0@115200", "serial /dev/ttySC1@115200"],
  );
});
