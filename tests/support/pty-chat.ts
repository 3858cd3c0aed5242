// Runs Debian's chat (package ppp) on a pty. chat needs a tty on stdin, so it is started
// by sh with the pty link opened read-write on stdin and stdout (interop.md §3).

import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";

export interface ChatRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  log: string;
}

/** Runs `chat ARGS...` on the pty at `link`; kills it after `limitMs` (never hangs a test). */
export function runChat(link: string, args: string[], limitMs = 20_000): Promise<ChatRun> {
  return new Promise((resolve, reject) => {
    const child = spawn("sh", ["-c", 'exec chat "$@" <>"$0" >&0', link, ...args], { stdio: ["ignore", "ignore", "pipe"] });
    let log = "";
    child.stderr!.on("data", (d: Buffer) => {
      log += d.toString("latin1");
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), limitMs);
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, log });
    });
  });
}

/** A pty made by socat whose other end is this process: returns the socat child. */
export async function ptyPeer(link: string): Promise<ChildProcess> {
  const child = spawn("socat", [`PTY,link=${link},raw,echo=0,wait-slave`, "STDIO"], { stdio: ["pipe", "pipe", "pipe"] });
  child.stdin!.on("error", () => {});
  await waitFor(() => existsSync(link), 5000, `socat did not create ${link}`);
  return child;
}

export async function waitFor(done: () => boolean, limitMs: number, what: string): Promise<void> {
  const end = Date.now() + limitMs;
  while (!done()) {
    if (Date.now() > end) throw new Error(`gave up waiting: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 3000);
  await gone;
  clearTimeout(timer);
}
