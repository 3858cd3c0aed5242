// Compiles the host (host/**/*.ts) to plain JavaScript in dist/ for the npm package, so the
// installed `dialback` runs on Node alone. dist/ mirrors host/ one level deep, so every path a
// module resolves from its own location (../../build/dialback.wasm, a profile's `build`)
// lands on the same file in the repository and in the installed package.
import { spawnSync } from "node:child_process";
import { chmodSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const tsc = require.resolve("typescript/bin/tsc");
const BIN = "dist/cli/dialback.js";

rmSync("dist", { recursive: true, force: true });
const result = spawnSync(process.execPath, [tsc, "-p", "tsconfig.build.json"], { stdio: "inherit" });
if (result.status !== 0) {
  console.error("build-js: tsc failed");
  process.exit(result.status ?? 1);
}
// The source's first line runs it under tsx (a development dependency); the package's runs on node.
const text = readFileSync(BIN, "utf8").replace(/^#!.*\n/, "");
writeFileSync(BIN, `#!/usr/bin/env node\n${text}`);
chmodSync(BIN, 0o755);
console.log(`build-js: wrote dist/ (${BIN} is the command)`);
