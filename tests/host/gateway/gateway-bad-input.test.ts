// dialback-gateway refuses bad input with one clear message and an exit status, never a trap
// or a hang: an image for 8 lines into the 4-line build, a truncated image, a line device that
// does not exist, a TCP port in use, and malformed options.

import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildProgram, freePort, imageFile, ROOT, sizedModule } from "../../support/gateway.ts";

const lines = (n: number) => `username ted password tedpw\nline 1 ${n}\n login local\n`;

function run(program: string, args: string[]) {
  const r = spawnSync(program, args, { cwd: ROOT, encoding: "utf8", timeout: 30_000 });
  return { code: r.status, err: r.stderr, out: r.stdout };
}

test("dialback-gateway names what is wrong with its input and exits 1 (2 for a malformed option)", async (t) => {
  const gateway = buildProgram(t, "gateway");
  if (!gateway) return;
  const dir = mkdtempSync(join(tmpdir(), "dialback-gateway-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const four = await sizedModule(4);
  const image8 = imageFile(dir, "eight", lines(8));
  const image4 = imageFile(dir, "four", lines(4));
  const port = await freePort();

  // An image for 8 lines into the 4-line build: the core refuses it, the gateway says why.
  const eight = run(gateway, ["--module", four, "--image", image8, "--line", `1=tcp:${port}`]);
  assert.equal(eight.code, 1, eight.err);
  assert.match(eight.err, /eight\.img: core refused the image: TooManyLines \(the image has 8 lines; .*dialback-l4\.wasm serves 4: use a build for more lines/);
  // The same image on the default build, and the 4-line image on the 4-line build, are fine (they stop at the missing device).
  for (const [module, image] of [["build/dialback.wasm", image8], [four, image4]]) {
    const ok = run(gateway, ["--module", module, "--image", image, "--line", `1=${join(dir, "absent")}`]);
    assert.equal(ok.code, 1);
    assert.match(ok.err, /line 1: .*absent: No such file or directory/, `${module} takes ${image}: ${ok.err}`);
  }

  // A truncated image: the core's own status, in words.
  const cut = join(dir, "cut.img");
  writeFileSync(cut, readFileSync(image4).subarray(0, 40));
  const truncated = run(gateway, ["--image", cut, "--line", `1=tcp:${port}`]);
  assert.equal(truncated.code, 1);
  assert.match(truncated.err, /cut\.img: core refused the image: Truncated \(the image is cut short/);
  const empty = join(dir, "empty.img");
  writeFileSync(empty, "");
  assert.match(run(gateway, ["--image", empty, "--line", `1=tcp:${port}`]).err, /empty\.img: empty file: not a configuration image/);
  const missingImage = run(gateway, ["--image", join(dir, "none.img"), "--line", `1=tcp:${port}`]);
  assert.equal(missingImage.code, 1);
  assert.match(missingImage.err, /none\.img: No such file or directory/);

  // A --line the image does not have.
  const noLine = run(gateway, ["--image", image4, "--line", `9=tcp:${port}`]);
  assert.equal(noLine.code, 1);
  assert.match(noLine.err, /--line 9: the image has no line 9/);

  // A TCP port in use: named, nothing left listening.
  const holder = createServer();
  await new Promise<void>((r) => holder.listen(port, "127.0.0.1", () => r()));
  t.after(() => holder.close());
  const busy = run(gateway, ["--image", image4, "--line", `1=tcp:${port}`]);
  assert.equal(busy.code, 1);
  assert.match(busy.err, /line 1: tcp 127\.0\.0\.1:\d+: Address already in use/);

  // A module that is not one.
  const notModule = run(gateway, ["--module", image4, "--image", image4, "--line", `1=tcp:${port}`]);
  assert.equal(notModule.code, 1);
  assert.match(notModule.err, /four\.img: not a module wasm3 can load/);

  // Malformed options: usage, exit 2.
  for (const args of [[], ["--image", image4], ["--image", image4, "--line", "1=tcp:99999"], ["--image", image4, "--line", "64=tcp:4000"],
    ["--image", image4, "--line", "1=/dev/ttyS0@fast"], ["--image", image4, "--line", "1=/dev/ttyS0,bogus"],
    ["--image", image4, "--line", `1=tcp:${port}`, "--line", `1=tcp:${port + 1}`]]) {
    const r = run(gateway, args);
    assert.equal(r.code, 2, `${args.join(" ")}: ${r.err}`);
    assert.match(r.err, /usage: dialback-gateway|--line .*: |line given twice/);
  }
});
