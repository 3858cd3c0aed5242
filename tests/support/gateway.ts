// What the tests of the board host share: build it (and the sized modules it runs), start it on
// lines, read its log, talk to its TCP lines like a terminal.

import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, rmdirSync, statSync, writeFileSync } from "node:fs";
import { createConnection, type Socket } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { TestContext } from "node:test";
import { compileConfig } from "../../host/config/compile.ts";
import { compileImage } from "../../host/config/image.ts";
import { requireProgram } from "./external.ts";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const DEFAULT_MODULE = join(ROOT, "build/dialback.wasm");
const WASM3_SRC = process.env.WASM3_SRC;

/** Builds one of the wasm3 programs (runner, gateway, replay); false (skipped) without a C compiler outside CI. */
export function buildProgram(t: TestContext, which: "gateway" | "replay"): string | null {
  if (!requireProgram(t, "cc", "gcc libc6-dev")) return null;
  const r = spawnSync(process.execPath, [join(ROOT, "boards/wasm3-gateway/build.mjs"), which], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: 300_000,
    env: { ...process.env, ...(WASM3_SRC ? { WASM3_SRC } : {}) },
  });
  if (r.status !== 0) throw new Error(`building dialback-${which} failed:\n${r.stderr}`);
  return r.stdout.trim().split("\n").pop()!;
}

const mtime = (path: string) => (existsSync(path) ? statSync(path).mtimeMs : -1);
/** The sizes the tests use, built together (the static-data probe is shared). */
const TEST_SIZES = [4, 8];

/**
 * build/dialback-lN.wasm, built when missing or older than the default build. Test files run
 * two at a time: a lock directory makes one of them build (every size the tests use at once)
 * while the other waits; a lock left by a killed run goes after five minutes.
 */
export async function sizedModule(lines: number): Promise<string> {
  const out = (n: number) => join(ROOT, `build/dialback-l${n}.wasm`);
  const lock = join(ROOT, "build/dialback-sized.lock");
  const fresh = (n: number) => mtime(out(n)) >= mtime(DEFAULT_MODULE) && mtime(DEFAULT_MODULE) > 0;
  for (const end = Date.now() + 600_000; !fresh(lines); ) {
    if (existsSync(lock) && Date.now() - mtime(lock) > 300_000) rmdirSync(lock);
    try {
      mkdirSync(lock);
    } catch {
      if (Date.now() > end) throw new Error(`${lock}: another build did not finish`);
      await new Promise((r) => setTimeout(r, 250));
      continue;
    }
    try {
      const stale = [...new Set([lines, ...TEST_SIZES])].filter((n) => !fresh(n));
      if (stale.length === 0) break;
      const r = spawnSync(process.execPath, ["--import", "tsx", join(ROOT, "scripts/build-sized.mjs"), ...stale.map(String)], {
        cwd: ROOT,
        encoding: "utf8",
        timeout: 600_000,
      });
      if (r.status !== 0) throw new Error(`npm run build -- --lines ${stale.join(",")} failed:\n${r.stderr}${r.stdout}`);
    } finally {
      rmdirSync(lock);
    }
  }
  return out(lines);
}

/** Compiles configuration text into an image file in `dir`. */
export function imageFile(dir: string, name: string, config: string): string {
  const r = compileConfig(config, name);
  if (!r.ok) throw new Error(`${name} does not compile: ${JSON.stringify(r.diagnostics)}`);
  const path = join(dir, `${name}.img`);
  writeFileSync(path, compileImage(r.model));
  return path;
}

/** A running dialback-gateway and everything it logged. */
export class Gateway {
  log = "";
  readonly exited: Promise<number | null>;
  private constructor(readonly child: ChildProcess) {
    child.stdout!.on("data", (d: Buffer) => (this.log += d.toString("latin1")));
    child.stderr!.on("data", (d: Buffer) => (this.log += d.toString("latin1")));
    this.exited = new Promise((resolve) => child.on("exit", (code) => resolve(code)));
  }

  /** Starts it and waits for `ready` (or its exit). */
  static async start(program: string, args: string[]): Promise<Gateway> {
    const g = new Gateway(spawn(program, args, { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] }));
    await g.waitFor(/ ready: /, 20_000);
    return g;
  }

  /** Waits until the log matches `pattern`; throws with the log when it does not in time or the process ended. */
  async waitFor(pattern: RegExp, limitMs = 15_000): Promise<RegExpMatchArray> {
    const end = Date.now() + limitMs;
    for (;;) {
      const m = this.log.match(pattern);
      if (m) return m;
      if (this.child.exitCode !== null || Date.now() > end) {
        throw new Error(`dialback-gateway: no ${pattern} in the log (exit ${this.child.exitCode}):\n${this.log}`);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** SIGTERM; the exit status. */
  async stop(signal: NodeJS.Signals = "SIGTERM"): Promise<number | null> {
    if (this.child.exitCode === null) this.child.kill(signal);
    const timer = setTimeout(() => this.child.kill("SIGKILL"), 15_000);
    const code = await this.exited;
    clearTimeout(timer);
    return code;
  }
}

/** A TCP connection read like a terminal screen. */
export class TcpTerminal {
  screen = "";
  closed = false;
  private constructor(readonly socket: Socket) {
    socket.on("data", (d: Buffer) => (this.screen += d.toString("latin1")));
    socket.on("close", () => (this.closed = true));
    socket.on("error", () => (this.closed = true));
  }

  static connect(port: number): Promise<TcpTerminal> {
    return new Promise((resolve, reject) => {
      const s = createConnection({ port, host: "127.0.0.1" }, () => resolve(new TcpTerminal(s)));
      s.once("error", reject);
    });
  }

  type(text: string | Uint8Array): void {
    this.socket.write(typeof text === "string" ? Buffer.from(text, "latin1") : text);
  }

  /** Waits until the screen matches; returns everything read and clears it. */
  async expect(pattern: RegExp | string, limitMs = 10_000): Promise<string> {
    const end = Date.now() + limitMs;
    const test = (s: string) => (typeof pattern === "string" ? s.includes(pattern) : pattern.test(s));
    while (!test(this.screen)) {
      if (Date.now() > end) throw new Error(`terminal: no ${pattern} in ${JSON.stringify(this.screen)}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    const s = this.screen;
    this.screen = "";
    return s;
  }

  async waitClosed(limitMs = 10_000): Promise<void> {
    const end = Date.now() + limitMs;
    while (!this.closed) {
      if (Date.now() > end) throw new Error("terminal: the line did not hang up");
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  close(): void {
    this.socket.destroy();
  }
}

/** A free loopback port (asked of the kernel, then released). */
export async function freePort(): Promise<number> {
  const { createServer } = await import("node:net");
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}
