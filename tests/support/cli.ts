// Runs the `dialback` command as a person would (Node with tsx on host/cli/dialback.ts):
// once to its end, or in the background until it says it is ready.

import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { stop, waitFor } from "./pty-chat.ts";

export const CLI = fileURLToPath(new URL("../../host/cli/dialback.ts", import.meta.url));
/** The project's root, where the README's relative paths (tests/fixtures/...) resolve. */
export const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** Node's arguments for `dialback ARGS`. */
export function cliArgs(args: readonly string[]): string[] {
  return ["--import", "tsx", CLI, ...args];
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `dialback ARGS` to its end (from the project's root unless `cwd` says otherwise). */
export function dialbackSync(args: readonly string[], options: { timeoutMs?: number; cwd?: string; env?: NodeJS.ProcessEnv } = {}): CliResult {
  const r = spawnSync(process.execPath, cliArgs(args), { cwd: options.cwd ?? ROOT, encoding: "utf8", timeout: options.timeoutMs ?? 60_000, env: options.env });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** `dialback ARGS` in the background, stdout and stderr in one text, once it printed "ready" (or ended). */
export async function dialbackStarted(args: readonly string[], stdin: "ignore" | "pipe" = "ignore"): Promise<{ child: ChildProcess; out: () => string }> {
  const child = spawn(process.execPath, cliArgs(args), { stdio: [stdin, "pipe", "pipe"] });
  let out = "";
  child.stdout!.on("data", (d: Buffer) => (out += d));
  child.stderr!.on("data", (d: Buffer) => (out += d));
  try {
    await waitFor(() => out.includes("ready") || child.exitCode !== null, 20_000, `dialback ${args.join(" ")} to start: ${out}`);
  } catch (e) {
    await stop(child);
    throw e;
  }
  return { child, out: () => out };
}

/** A loopback TCP port that was free a moment ago, for `--line N=tcp:PORT`. */
export async function freePort(): Promise<number> {
  const s = createServer();
  s.listen(0, "127.0.0.1");
  await once(s, "listening");
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}
