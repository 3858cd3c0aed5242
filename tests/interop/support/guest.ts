// Runs one command in the interop guest (QEMU, TCG, Debian kernel + busybox + pppd 2.4.9,
// built by scripts/vm/build-guest.mjs) with the guest's ttyS1 handed to the test as a
// Duplex stream. Facts behind the choices: ../shared/docs/interop.md.
//
// How to attach a dialback line: see runPppdGuest below.
// One guest runs at a time on this machine (a lock file in the temporary folder serialises
// test processes, across clones too).

import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import {
  closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, unlinkSync, writeFileSync, writeSync,
} from "node:fs";
import { connect, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { TestContext } from "node:test";
import { cpioArchive, type CpioEntry } from "../../../scripts/vm/cpio.mjs";
import { requireProgram } from "../../support/external.ts";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const CACHE = join(ROOT, ".cache", "vm");
const BUILD_SCRIPT = join(ROOT, "scripts", "vm", "build-guest.mjs");
// Machine-wide (every clone of the project shares it): at most one guest on the machine.
const LOCK = join(tmpdir(), "dialback-guest.lock");

/** Exit status when QEMU's own time limit ended the run (as GNU timeout reports it). */
export const EXIT_TIMEOUT = 124;
/** Exit status when the harness failed or the guest never reported one. */
export const EXIT_HARNESS = 125;
/**
 * Per-test limit for interop tests: a cold image build (tens of seconds on a loaded machine)
 * plus waiting for the guests of other test files, which run one at a time.
 */
export const INTEROP_TEST_TIMEOUT_MS = 300_000;
/** Seconds QEMU gets beyond the command's limit for booting and powering off under TCG. */
const BOOT_ALLOWANCE_SEC = 45;

export interface GuestFile {
  /** Absolute path inside the guest, e.g. /etc/ppp/pap-secrets. */
  path: string;
  data: string | Uint8Array;
  mode?: number;
}

export interface GuestOptions {
  /** Shell script run as /cmd.sh by the guest's init (busybox sh). */
  command: string;
  files?: GuestFile[];
  /** Limit for the command inside the guest; QEMU gets BOOT_ALLOWANCE_SEC more. */
  timeoutSec?: number;
  /** Serial ports carried to the test: 1 (ttyS1, the default) to 3 (ttyS1..ttyS3). */
  serialPorts?: number;
}

export interface Guest {
  /** The guest's ttyS1: bytes written here arrive on /dev/ttyS1, and the reverse. */
  stream: Socket;
  /** ttyS1, ttyS2, … as asked for with serialPorts (streams[0] is stream). */
  streams: Socket[];
  /** Console (ttyS0) text so far: kernel messages, init's markers, the command's output. */
  consoleLog(): string;
  /** The command's exit status from EXIT=<n>; 124 if QEMU timed out, 125 on harness failure. */
  exitStatus: Promise<number>;
  /** Waits until the console matches `pattern`; rejects after `timeoutMs` or when the guest ends. */
  waitForConsole(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Ends QEMU now (idempotent); exitStatus then settles. */
  kill(): void;
  /** QEMU's process id (from its pidfile), for diagnostics. */
  qemuPid(): number | null;
  /** The run's temporary folder (console log, socket, initrd); removed when the guest ends. */
  workDir: string;
}

export interface PppdSecret {
  client: string;
  server: string;
  secret: string;
  /** Allowed addresses column; "*" by default. */
  addresses?: string;
}

export interface PppdGuestOptions {
  /** pppd's arguments, each one word (no shell quoting needed). */
  args: string[];
  /** Lines for both /etc/ppp/pap-secrets and /etc/ppp/chap-secrets. */
  secrets?: PppdSecret[];
  timeoutSec?: number;
  /** Extra files for the guest. */
  files?: GuestFile[];
  /**
   * Shell commands run after pppd returns with status 0 (use with `updetach`, e.g.
   * "ping -c 5 192.0.2.1"); their status becomes the run's. Without it pppd's status is.
   */
  then?: string;
}

/** Programs the guest needs on the host, with their Debian packages. */
export const GUEST_PROGRAMS: [string, string][] = [
  ["qemu-system-x86_64", "qemu-system-x86"],
  ["timeout", "coreutils"],
  ["apt-get", "apt"],
  ["dpkg-deb", "dpkg"],
];

/** requireProgram for everything the guest needs; false means the test was skipped. */
export function requireGuest(t: TestContext): boolean {
  return GUEST_PROGRAMS.every(([program, pkg]) => requireProgram(t, program, pkg));
}

export function shellQuote(word: string): string {
  return `'${word.replaceAll("'", `'\\''`)}'`;
}

/**
 * pppd in the guest with `args` on /dev/ttyS1 (pass "/dev/ttyS1" yourself as the device);
 * `secrets` fill both pap-secrets and chap-secrets.
 *
 * Attaching a dialback line to a pppd in the guest:
 *
 *   const guest = await runPppdGuest({
 *     args: ["/dev/ttyS1", "115200", "local", "nodetach", "debug", "noauth", "user", "cli", "remotename", "srv", "noccp", "novj"],
 *     secrets: [{ client: "cli", server: "srv", secret: "s3cret" }],
 *     timeoutSec: 30,
 *   });
 *   const core = await Core.load();
 *   core.init(imageForLines([1]));
 *   const capture = new LineCapture({ clock });             // optional: both directions + pcap
 *   const link = linkCoreLine({ stream: guest.stream, core, line: 1, clock, capture, onEvent });
 *   // linkCoreLine (support/core-link.ts) does, for every chunk pppd sends:
 *   //   core.rxPush(1, bytes); drain events → onEvent; guest.stream.write(core.txDrain(1))
 *   // and runs core.tick(clock.now()) at each deadline the core returns, sending what it queued.
 *   const status = await guest.exitStatus;                   // pppd's exit status
 *   link.stop(); capture.finish(); capture.pcap.save("run.pcap");
 *
 */
export function runPppdGuest(options: PppdGuestOptions): Promise<Guest> {
  const secretLines = (options.secrets ?? [])
    .map((s) => `${s.client} ${s.server} "${s.secret.replaceAll('"', '\\"')}" ${s.addresses ?? "*"}\n`)
    .join("");
  const files: GuestFile[] = [
    { path: "/etc/ppp/pap-secrets", data: secretLines, mode: 0o600 },
    { path: "/etc/ppp/chap-secrets", data: secretLines, mode: 0o600 },
    ...(options.files ?? []),
  ];
  return startGuest({ command: pppdScript(options), files, timeoutSec: options.timeoutSec });
}

/** The guest's /cmd.sh for runPppdGuest: pppd with each argument quoted, then `then`. */
export function pppdScript(options: Pick<PppdGuestOptions, "args" | "then">): string {
  const pppd = `pppd ${options.args.map(shellQuote).join(" ")}`;
  return options.then === undefined ? `exec ${pppd}\n` : `${pppd} || exit $?\n${options.then}\n`;
}

/** Builds the cached guest image if its inputs changed (seconds cold, instant warm). */
export function ensureGuestImage(): void {
  const result = spawnSync(process.execPath, [BUILD_SCRIPT], { encoding: "utf8", timeout: 600_000 });
  if (result.status !== 0) {
    throw new Error(`guest image build failed (${result.error?.message ?? `exit ${result.status}`}):\n${result.stderr}${result.stdout}`);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function lockHolder(): { pid: number; ageMs: number } | null {
  try {
    return { pid: Number(readFileSync(LOCK, "utf8").trim()), ageMs: Date.now() - statSync(LOCK).mtimeMs };
  } catch {
    return null; // released meanwhile
  }
}

/** One guest at a time across test processes: an exclusive lock file holding our pid. */
async function acquireLock(waitMs = 300_000): Promise<void> {
  const deadline = Date.now() + waitMs;
  mkdirSync(CACHE, { recursive: true }); // a fresh clone has no cache yet
  for (;;) {
    try {
      const fd = openSync(LOCK, "wx");
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const holder = lockHolder();
    if (!holder) continue;
    // An empty file is a lock being written, unless it stays empty.
    const unreadable = !Number.isInteger(holder.pid) || holder.pid <= 0;
    const dead = unreadable ? holder.ageMs > 5000 : !processAlive(holder.pid);
    if (dead) {
      // Left by a process that died; check again just before removing it.
      const again = lockHolder();
      if (again && again.pid === holder.pid) rmSync(LOCK, { force: true });
      continue;
    }
    if (Date.now() > deadline) throw new Error(`another guest (pid ${holder.pid}) held ${LOCK} for ${waitMs} ms`);
    await sleep(250);
  }
}

function releaseLock(): void {
  try {
    if (Number(readFileSync(LOCK, "utf8")) === process.pid) unlinkSync(LOCK);
  } catch {
    // already gone
  }
}

/** Cleanup of every live guest, run on process exit and on SIGINT/SIGTERM. */
const live = new Set<() => void>();
let hooksInstalled = false;
function installExitHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.on("exit", () => {
    for (const cleanup of [...live]) cleanup();
  });
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.once(signal, () => {
      for (const cleanup of [...live]) cleanup();
      process.kill(process.pid, signal); // the default action, now that our handler is gone
    });
  }
}

function guestArchive(options: GuestOptions): Buffer {
  const entries: CpioEntry[] = [{ name: "cmd.sh", type: "file", mode: 0o755, data: options.command }];
  const dirs = new Set<string>();
  for (const file of options.files ?? []) {
    if (!file.path.startsWith("/")) throw new Error(`guest file path must be absolute: ${file.path}`);
    const parts = file.path.slice(1).split("/");
    for (let i = 1; i < parts.length; i++) {
      const dir = parts.slice(0, i).join("/");
      if (!dirs.has(dir)) entries.push({ name: dir, type: "dir", mode: 0o755 });
      dirs.add(dir);
    }
    entries.push({ name: file.path.slice(1), type: "file", mode: file.mode ?? 0o644, data: file.data });
  }
  return cpioArchive(entries);
}

/** Boots the guest with `options.command` and connects to its ttyS1. */
export async function startGuest(options: GuestOptions): Promise<Guest> {
  const timeoutSec = options.timeoutSec ?? 60;
  if (!Number.isInteger(timeoutSec) || timeoutSec <= 0) throw new Error(`timeoutSec must be a positive integer, got ${timeoutSec}`);
  const ports = options.serialPorts ?? 1;
  if (!Number.isInteger(ports) || ports < 1 || ports > 3) throw new Error(`serialPorts must be 1, 2 or 3, got ${ports}`);
  installExitHooks();
  // Under the lock: test processes running side by side must not build the image twice at once.
  await acquireLock();
  try {
    ensureGuestImage();
  } catch (error) {
    releaseLock();
    throw error;
  }

  const dir = mkdtempSync(join(tmpdir(), "dialback-guest-"));
  const consolePath = join(dir, "console.log");
  const socketPaths = Array.from({ length: ports }, (_, i) => join(dir, `ttyS${i + 1}.sock`));
  const pidPath = join(dir, "qemu.pid");
  let consoleText = "";
  let child: ChildProcess | undefined;
  const sockets: Socket[] = [];
  let finished = false;

  const readConsole = (): string => {
    if (!finished) {
      try {
        consoleText = readFileSync(consolePath, "latin1");
      } catch {
        // QEMU has not created it yet
      }
    }
    return consoleText;
  };
  const killQemu = (): void => {
    const running = child !== undefined && child.exitCode === null && child.signalCode === null;
    if (!running) return;
    try {
      // QEMU itself, so that `timeout` reaps it and exits; no zombie is left behind.
      const pid = Number(readFileSync(pidPath, "utf8"));
      if (Number.isInteger(pid) && pid > 0) {
        process.kill(pid, "SIGKILL");
        return;
      }
    } catch {
      // no pidfile yet: QEMU is still starting
    }
    child!.kill("SIGTERM"); // timeout passes TERM on to QEMU
  };
  const cleanup = (): void => {
    if (finished) return;
    readConsole();
    finished = true;
    live.delete(cleanup);
    killQemu();
    for (const socket of sockets) socket.destroy();
    rmSync(dir, { recursive: true, force: true });
    releaseLock();
  };
  live.add(cleanup);

  try {
    // Uncompressed: the emulated CPU would spend seconds inflating it. A newc archive
    // ends 4-byte aligned, where the kernel looks for the next one.
    const base = readFileSync(join(CACHE, "initramfs.cpio"));
    writeFileSync(join(dir, "initrd.cpio"), Buffer.concat([base, guestArchive(options)]));
    const kernel = existsSync(join(CACHE, "vmlinux")) ? join(CACHE, "vmlinux") : join(CACHE, "vmlinuz");
    const qemuArgs = [
      "-accel", "tcg", "-m", "256", "-smp", "1", "-nodefaults", "-display", "none", "-no-reboot",
      "-pidfile", pidPath,
      "-kernel", kernel,
      "-initrd", join(dir, "initrd.cpio"),
      "-append", `console=ttyS0 quiet loglevel=3 panic=-1 timeout=${timeoutSec}`,
      "-chardev", `file,id=con,path=${consolePath}`, "-serial", "chardev:con",
      // wait=on: QEMU starts the guest only once we are connected, so no byte is lost.
      ...socketPaths.flatMap((path, i) => ["-chardev", `socket,id=s${i + 1},path=${path},server=on,wait=on`, "-serial", `chardev:s${i + 1}`]),
    ];
    const limit = String(timeoutSec + BOOT_ALLOWANCE_SEC);
    child = spawn("timeout", ["-k", "3", limit, "qemu-system-x86_64", ...qemuArgs], { stdio: ["ignore", "ignore", "pipe"] });
  } catch (error) {
    cleanup();
    throw error;
  }

  let stderr = "";
  child.stderr?.setEncoding("utf8").on("data", (text: string) => (stderr += text));
  const exited = new Promise<number | null>((resolve) => {
    child!.on("error", (error) => {
      stderr += `${error.message}\n`;
      resolve(null);
    });
    child!.on("exit", (code) => resolve(code));
  });
  const exitStatus = exited.then(async (code) => {
    // Let the stream deliver what QEMU wrote before it ended.
    const open = sockets.filter((socket) => !socket.destroyed);
    await Promise.race([Promise.all(open.map((socket) => new Promise((resolve) => socket.once("close", resolve)))), sleep(2000)]);
    const text = readConsole();
    cleanup();
    const reported = [...text.matchAll(/^EXIT=(\d+)\r?$/gm)].pop();
    if (reported) return Number(reported[1]);
    if (code === EXIT_TIMEOUT) return EXIT_TIMEOUT;
    return EXIT_HARNESS;
  });

  try {
    // QEMU accepts the sockets one after the other, in order.
    for (const path of socketPaths) sockets.push(await connectWhenListening(path, exited, () => stderr));
  } catch (error) {
    cleanup();
    await exitStatus;
    throw error;
  }
  // The caller decides what errors mean; an unhandled 'error' event must not end the process.
  for (const socket of sockets) socket.on("error", () => undefined);

  const waitForConsole = async (pattern: RegExp, timeoutMs = (timeoutSec + BOOT_ALLOWANCE_SEC) * 1000): Promise<RegExpMatchArray> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const match = readConsole().match(pattern);
      if (match) return match;
      if (finished) throw new Error(`guest ended before its console matched ${pattern}:\n${consoleText}`);
      if (Date.now() > deadline) throw new Error(`console did not match ${pattern} within ${timeoutMs} ms:\n${consoleText}`);
      await sleep(100);
    }
  };

  const qemuPid = (): number | null => {
    try {
      const pid = Number(readFileSync(pidPath, "utf8"));
      return Number.isInteger(pid) && pid > 0 ? pid : null;
    } catch {
      return null;
    }
  };
  return { stream: sockets[0], streams: sockets, consoleLog: readConsole, exitStatus, waitForConsole, kill: cleanup, qemuPid, workDir: dir };
}

async function connectWhenListening(path: string, exited: Promise<number | null>, stderr: () => string): Promise<Socket> {
  let qemuEnded = false;
  void exited.then(() => (qemuEnded = true));
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (qemuEnded) throw new Error(`QEMU ended before ${basename(path)} accepted a connection:\n${stderr()}`);
    if (Date.now() > deadline) throw new Error(`QEMU's ${basename(path)} did not appear within 20 s:\n${stderr()}`);
    if (existsSync(path)) {
      const socket = await new Promise<Socket | null>((resolve) => {
        const s = connect(path);
        s.once("connect", () => resolve(s));
        s.once("error", () => resolve(null));
      });
      if (socket) return socket;
    }
    await sleep(50);
  }
}
