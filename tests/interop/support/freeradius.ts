// A real FreeRADIUS 3.2 (Debian `freeradius`) for the interop tests, set up as interop.md §5
// describes: a throw-away copy of the stock raddb in a temp dir, listeners on 127.0.0.1 at free
// high ports (never 1812/1813), run in the foreground with -X and stopped at the end. With an
// accounting port, every Accounting-Request is written to one detail file the test reads.

import { spawn, type ChildProcess } from "node:child_process";
import { createSocket } from "node:dgram";
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import assert from "node:assert/strict";

export const STOCK_RADDB = "/etc/freeradius/3.0";
/** The stock clients.conf gives localhost this secret. */
export const FREERADIUS_SECRET = "testing123";

export interface RaddbOptions {
  authPort: number;
  /** An accounting listener too, writing to `detailFile`. */
  acctPort?: number;
  detailFile?: string;
  /** Entries put before the stock `authorize` users file's own. */
  users: string;
}

function site(o: RaddbOptions): string {
  const accounting = o.acctPort !== undefined;
  return [
    "server default {",
    "  listen {",
    "    type = auth",
    "    ipaddr = 127.0.0.1",
    `    port = ${o.authPort}`,
    "  }",
    ...(accounting ? ["  listen {", "    type = acct", "    ipaddr = 127.0.0.1", `    port = ${o.acctPort}`, "  }"] : []),
    "  authorize {",
    "    preprocess",
    "    chap",
    "    files",
    "    pap",
    "  }",
    "  authenticate {",
    "    Auth-Type PAP {",
    "      pap",
    "    }",
    "    Auth-Type CHAP {",
    "      chap",
    "    }",
    "  }",
    // FreeRADIUS 3.2.5 and later sign every reply; this release does when the reply lists the attribute.
    "  post-auth {",
    "    update reply {",
    "      Message-Authenticator := 0x00",
    "    }",
    "    Post-Auth-Type REJECT {",
    "      update reply {",
    "        Message-Authenticator := 0x00",
    "      }",
    "    }",
    "  }",
    ...(accounting ? ["  preacct {", "    preprocess", "  }", "  accounting {", "    dialback_detail", "  }"] : []),
    "}",
    "",
  ].join("\n");
}

/** interop.md §5 steps 1-4 in `dir`; returns the raddb path. */
export function writeRaddb(dir: string, o: RaddbOptions): string {
  const raddb = join(dir, "raddb");
  cpSync(STOCK_RADDB, raddb, { recursive: true, preserveTimestamps: true, verbatimSymlinks: true });
  rmSync(join(raddb, "sites-enabled"), { recursive: true });
  mkdirSync(join(raddb, "sites-enabled"));
  rmSync(join(raddb, "mods-enabled", "eap"));
  const conf = join(raddb, "radiusd.conf");
  // Not in interop.md: the temp dir is private (mode 0700), so the server must stay the user who started it, not switch to freerad.
  const radiusd = readFileSync(conf, "utf8")
    .replace(/^proxy_requests\s*=.*$/m, "proxy_requests = no")
    .replace(/^(\s*)(user|group)\s*=\s*freerad\s*$/gm, "$1#$2 = freerad");
  writeFileSync(conf, radiusd);
  writeFileSync(join(raddb, "sites-enabled", "test"), site(o));
  if (o.acctPort !== undefined) {
    assert.ok(o.detailFile, "an accounting listener writes to a detail file");
    // The stock detail module's format (header "%t", one attribute a line), to a file of the test's.
    writeFileSync(
      join(raddb, "mods-enabled", "dialback_detail"),
      `detail dialback_detail {\n  filename = ${o.detailFile}\n  escape_filenames = no\n  permissions = 0600\n  header = "%t"\n}\n`,
    );
  }
  // The stock localhost client (secret testing123) made to require a Message-Authenticator in every Access-Request.
  const clients = join(raddb, "clients.conf");
  const required = readFileSync(clients, "utf8").replace(/^(\s*)require_message_authenticator\s*=\s*no\s*$/m, "$1require_message_authenticator = yes");
  assert.match(required, /^\s*require_message_authenticator = yes$/m, "the stock clients.conf changed shape");
  writeFileSync(clients, required);
  const authorize = join(raddb, "mods-config", "files", "authorize");
  writeFileSync(authorize, o.users + readFileSync(authorize, "utf8"));
  return raddb;
}

export async function freeUdpPort(): Promise<number> {
  const socket = createSocket("udp4");
  await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
  const port = socket.address().port;
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}

export interface FreeradiusServer {
  child: ChildProcess;
  log: () => string;
}

/** Step 5: `timeout` bounds the server should this process die without stopping it. */
export async function startFreeradius(raddb: string, limitSeconds = 120): Promise<FreeradiusServer> {
  const child = spawn("timeout", [String(limitSeconds), "freeradius", "-X", "-d", raddb], { stdio: ["ignore", "pipe", "pipe"] });
  let text = "";
  const log = () => text;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`FreeRADIUS not ready within 20 s:\n${text.slice(-3000)}`)), 20_000);
    const take = (chunk: Buffer) => {
      text += chunk.toString("utf8");
      if (text.includes("Ready to process requests")) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on("data", take);
    child.stderr!.on("data", take);
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`FreeRADIUS exited with ${code} before it was ready:\n${text.slice(-3000)}`));
    });
  });
  return { child, log };
}

export async function stopFreeradius(server: FreeradiusServer): Promise<void> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => server.child.once("exit", () => resolve()));
  server.child.kill("SIGTERM");
  await exited;
}

/** Waits until FreeRADIUS's debug output matches `pattern` (it logs a dropped request after the fact). */
export async function waitForLog(server: FreeradiusServer, pattern: RegExp, limitMs = 5000): Promise<void> {
  const until = Date.now() + limitMs;
  while (!pattern.test(server.log())) {
    if (Date.now() > until) assert.fail(`FreeRADIUS never logged ${pattern}:\n${server.log().slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** One record of a detail file: its time header and its attributes (values unquoted). */
export interface DetailRecord {
  header: string;
  attributes: Record<string, string>;
  /** The record as FreeRADIUS wrote it. */
  text: string;
}

/** The records of a detail file (none when it does not exist yet). */
export function readDetail(file: string): DetailRecord[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, "utf8")
    .split(/\n\n+/)
    .filter((block) => block.trim() !== "")
    .map((block) => {
      const [header, ...lines] = block.split("\n");
      const attributes: Record<string, string> = {};
      for (const line of lines) {
        const m = /^\s+([\w-]+) = (.*)$/.exec(line);
        if (m) attributes[m[1]] = m[2].replace(/^"(.*)"$/, "$1");
      }
      return { header, attributes, text: block };
    });
}

/** Waits until the detail file holds `count` records or more. */
export async function waitForDetail(file: string, count: number, limitMs: number): Promise<DetailRecord[]> {
  const until = Date.now() + limitMs;
  for (;;) {
    const records = readDetail(file);
    if (records.length >= count || Date.now() > until) return records;
    await new Promise((r) => setTimeout(r, 100));
  }
}
