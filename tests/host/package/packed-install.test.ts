// The package as a person installs it: `npm pack` of this tree (JavaScript compiled by
// scripts/build-js.mjs, the release module), then `npm install -g --omit=dev` of the tarball
// into a temporary prefix, with no development dependency (tsx included) anywhere on the path.
// The installed `dialback` must answer --help, run the demonstration and start `run`.

import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { freePort, ROOT } from "../../support/cli.ts";
import { requireProgram } from "../../support/external.ts";

/** The three chapter examples `dialback demo` reads (PPP, EXEC, ARA): configurations, not tests. */
const DEMO_CONFIGS = ["tests/fixtures/config/ppp-client.cfg", "tests/fixtures/config/exec-callback.cfg", "tests/fixtures/config/ara-client.cfg"];

function run(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}) {
  const r = spawnSync(command, args, { cwd: options.cwd ?? ROOT, env: options.env ?? process.env, encoding: "utf8", timeout: options.timeoutMs ?? 180_000 });
  return { code: r.status, stdout: r.stdout ?? "", stderr: r.stderr ?? "", error: r.error };
}

/**
 * The user's npm, as a person types it: under `npm test` the PATH starts with node_modules/.bin,
 * whose `npm` is an old copy a development dependency brings (npm 6: no --pack-destination, no
 * --omit), so those folders and npm's variables for the run are left out.
 */
function npm(args: string[]) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
  env.PATH = (process.env.PATH ?? "")
    .split(":")
    .filter((dir) => !/node_modules[/\\]\.bin$|node-gyp-bin$/.test(dir))
    .join(":");
  return run("npm", args, { env });
}

test("npm pack, npm install -g --omit=dev of the tarball: dialback --help, demo --json and run work on Node alone", { timeout: 400_000 }, async (t) => {
  if (!requireProgram(t, "npm", "npm")) return;
  assert.ok(existsSync(join(ROOT, "build/dialback.wasm")), "build/dialback.wasm is missing: run `npm run build` first");
  const built = run(process.execPath, ["scripts/build-js.mjs"]);
  assert.equal(built.code, 0, `build-js:\n${built.stdout}${built.stderr}`);

  const dir = mkdtempSync(join(tmpdir(), "dialback-pack-"));
  try {
    // The release module and dist/ were just built: pack them as they are (prepack would rebuild both).
    const packed = npm(["pack", "--ignore-scripts", "--json", "--pack-destination", dir]);
    assert.equal(packed.code, 0, `npm pack:\n${packed.stdout}${packed.stderr}${packed.error?.message ?? ""}`);
    const [info] = JSON.parse(packed.stdout) as { filename: string; files: { path: string }[] }[];
    const paths = info.files.map((f) => f.path);
    for (const needed of ["build/dialback.wasm", "dist/cli/dialback.js", "dist/core/core.js", "boards/rpi/dialback.service", ...DEMO_CONFIGS]) {
      assert.ok(paths.includes(needed), `${needed} is not in the package:\n${paths.join("\n")}`);
    }
    const testFiles = paths.filter((p) => /\.(test|spec)\.|(^|\/)tests?\//.test(p) && !DEMO_CONFIGS.includes(p));
    assert.deepEqual(testFiles, [], "test files in the package");
    assert.deepEqual(paths.filter((p) => p.endsWith(".ts")), [], "TypeScript sources in the package (Node runs only the compiled JavaScript)");
    const manifest = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { private?: boolean; bin: Record<string, string> };
    assert.notEqual(manifest.private, true, "a private package cannot be published");
    assert.match(manifest.bin.dialback, /\.js$/);

    const prefix = join(dir, "prefix");
    mkdirSync(prefix);
    const tarball = join(dir, info.filename);
    const installed = npm(["install", "-g", "--prefix", prefix, "--omit=dev", "--no-audit", "--no-fund", "--prefer-offline", tarball]);
    assert.equal(installed.code, 0, `npm install -g:\n${installed.stdout}${installed.stderr}`);
    const pkg = join(prefix, "lib", "node_modules", "dialback");
    assert.ok(!existsSync(join(pkg, "node_modules", "tsx")), "tsx was installed with the package");
    // Only the prefix's bin and Node's own folder on the path: nothing of this checkout.
    const path = `${join(prefix, "bin")}:${dirname(process.execPath)}:/usr/bin:/bin`;
    const env: NodeJS.ProcessEnv = { PATH: path, HOME: dir, CONFIGURATION_DIRECTORY: join(dir, "etc") };
    const dialback = (args: string[], timeoutMs?: number) => run(join(prefix, "bin", "dialback"), args, { cwd: dir, env, timeoutMs });

    const help = dialback(["--help"]);
    assert.equal(help.code, 0, help.stderr);
    for (const command of ["run", "demo", "config", "simulate"]) assert.match(help.stdout, new RegExp(`^\\s+${command}\\b`, "m"));

    const demo = dialback(["demo", "--json"]);
    assert.equal(demo.code, 0, demo.stderr);
    const rows = JSON.parse(demo.stdout) as { caller: string; result: string }[];
    assert.deepEqual(rows.map((r) => `${r.caller} ${r.result}`), ["Ted ok", "wanda ok", "otto ok", "milarepa ok", "excalibur ok", "excalibur@8 ok"]);

    const port = await freePort();
    const started = dialback(["run", "--line", `1=tcp:${port}`, "--duration", "1"], 30_000);
    assert.equal(started.code, 0, `${started.stdout}${started.stderr}`);
    assert.match(started.stdout, /dialback run: ready/);

    // No options: the configuration directory, and a clear word when it holds nothing.
    const bare = dialback(["run"]);
    assert.equal(bare.code, 1);
    assert.match(bare.stderr, /dialback\.cfg/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
