// GpiodToolsChip against stand-ins for libgpiod's tools (the machine has neither the tools
// nor the kernel's gpio-sim): each stand-in records how it was called, keeps the line's level
// in a file and, for gpiomon, prints the edges the test appends. Checks the v1 and v2
// command lines, that a DTR change replaces the gpioset holding the line, that edges reach
// the line's listener, and that a tool refusing the line is an error with its message.

import { test, type TestContext } from "node:test";
import assert from "node:assert/strict";
import { appendFileSync, chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { GpiodToolsChip, GpioError, gpiodToolsVersion } from "../../../host/lines/gpio.ts";
import { waitFor } from "../../support/pty-chat.ts";

/** A folder of stand-in tools reporting `version`; returns it with a trailing slash (the chip's prefix). */
function standIns(t: TestContext, version: string): string {
  const dir = mkdtempSync(join(tmpdir(), "dialback-gpiod-"));
  t.after(() => {
    // A gpioset or gpiomon the chip failed to stop would keep this test's process alive: stopped here, after the asserts.
    const log = calls(`${dir}/`);
    for (const c of log) {
      const pid = /^(?:start|monitor) (\d+)$/.exec(c)?.[1];
      if (pid && !log.includes(`stop ${pid}`)) {
        try {
          process.kill(Number(pid));
        } catch {
          // already gone
        }
      }
    }
    rmSync(dir, { recursive: true, force: true });
  });
  const tool = (name: string, body: string) => {
    const path = join(dir, name);
    writeFileSync(path, `#!/bin/sh\nD='${dir}'\n${body}\n`);
    chmodSync(path, 0o755);
  };
  const log = `echo "${"$"}(basename "$0") $*" >> "$D/calls"`;
  const last = 'for a in "$@"; do L="$a"; done';
  tool("gpioget", `if [ "$1" = --version ]; then echo "gpioget (libgpiod) ${version}"; exit 0; fi\n${log}\n${last}\ncat "$D/level-$L" 2>/dev/null || echo 0`);
  tool(
    "gpioset",
    `${log}\nif [ -e "$D/busy" ]; then echo "gpioset: unable to request lines: Device or resource busy" >&2; exit 1; fi\n` +
      `trap 'kill $S; echo "stop $$" >> "$D/calls"; exit 0' TERM\necho "start $$" >> "$D/calls"\nsleep 1000 & S=$!\nwait`,
  );
  tool("gpiomon", `${log}\n${last}\ntouch "$D/edges-$L"\necho "monitor $$" >> "$D/calls"\nexec tail -n +1 -f "$D/edges-$L"`);
  return `${dir}/`;
}

const calls = (prefix: string) => (existsSync(`${prefix}calls`) ? readFileSync(`${prefix}calls`, "utf8").trim().split("\n") : []);

for (const [version, v, setArgs, getArgs, monArgs, falling] of [
  ["v1.6.3", 1, "--mode=signal --active-low gpiochip0 22", "--active-low gpiochip0 23", "--format=%e --active-low gpiochip0 23", "0"],
  ["v2.1", 2, "--chip gpiochip0 --active-low 22", "--numeric --chip gpiochip0 --active-low 23", "--format=%e --chip gpiochip0 --active-low 23", "2"],
] as const) {
  test(`libgpiod ${version} tools: DTR held by gpioset and replaced on a change; DCD read by gpioget, then followed by gpiomon`, async (t) => {
    const prefix = standIns(t, version);
    assert.equal(gpiodToolsVersion(prefix), v);
    const chip = GpiodToolsChip.detect("gpiochip0", prefix);
    const dtr = await chip.output(22, false, true);
    await dtr.set(true);
    await dtr.release();
    const setCalls = calls(prefix).filter((c) => /^(gpioset|start|stop)/.test(c));
    assert.equal(setCalls[0], `gpioset ${setArgs}=0`);
    assert.match(setCalls[1], /^start \d+$/);
    const first = setCalls[1].split(" ")[1];
    assert.equal(setCalls[2], `stop ${first}`, "the first gpioset let go of the line before the second took it");
    assert.equal(setCalls[3], `gpioset ${setArgs}=1`);
    assert.equal(setCalls.at(-1)?.startsWith("stop "), true, "released at the end");

    writeFileSync(`${prefix}level-23`, "1\n");
    const seen: boolean[] = [];
    const dcd = await chip.input(23, true, (value) => seen.push(value));
    assert.equal(dcd.value(), true, "read once at the start");
    assert.ok(calls(prefix).includes(`gpioget ${getArgs}`), calls(prefix).join("\n"));
    assert.ok(calls(prefix).includes(`gpiomon ${monArgs}`), calls(prefix).join("\n"));
    appendFileSync(`${prefix}edges-23`, `${falling}\n`);
    await waitFor(() => seen.length === 1, 5000, "the falling edge");
    assert.equal(dcd.value(), false);
    appendFileSync(`${prefix}edges-23`, "1\n1\n");
    await waitFor(() => seen.length === 2, 5000, "the rising edge");
    assert.deepEqual(seen, [false, true], "a repeated level is not a change");
    await dcd.release();
  });
}

test("a line gpioset cannot take is an error carrying the tool's message; no tools at all names the package", async (t) => {
  const prefix = standIns(t, "v2.1");
  writeFileSync(`${prefix}busy`, "");
  const chip = GpiodToolsChip.detect("gpiochip0", prefix);
  await assert.rejects(chip.output(22, false, true), (e: Error) => e instanceof GpioError && /gpioset exited \(1\): .*Device or resource busy/.test(e.message));
  assert.throws(() => GpiodToolsChip.detect("gpiochip0", `${prefix}nowhere/`), /apt-get install gpiod/);
});
