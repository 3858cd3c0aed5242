// Peak memory of dialback-gateway for each build: the gateway runs an image with as many lines
// as the build serves (TCP lines), a person logs in on line 1 and the core's own PPP client
// brings a session up on line 2 and pings through it (so wasm3 has compiled what a call
// needs), then SIGTERM; the gateway's own report gives the heap peak (wasm3's runtime and
// compiled code, the module's fixed memory, the host) and the peak resident size.
//   npx tsx bench/gateway-memory.ts [--json]      (needs the sized builds: npm run build -- --lines 4,8)

import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Core } from "../host/core/core.ts";
import { EventKind } from "../host/core/abi.ts";
import { imageForLines } from "../host/image/writer.ts";
import { Auth, decodePppEvent, entropyPush, ipPush, ipv4, pppOpen, PppRole } from "../host/core/ppp.ts";
import { internetChecksum } from "../host/net/icmp-echo.ts";
import { freePort, Gateway, imageFile, ROOT, TcpTerminal } from "../tests/support/gateway.ts";
import { spawnSync } from "node:child_process";

interface MemoryRow {
  module: string;
  lines: number;
  pages: number;
  moduleMemoryBytes: number;
  heapPeakBytes: number;
  peakResidentKiB: number;
}

const BUILDS: { module: string; lines: number }[] = [
  { module: "build/dialback-l4.wasm", lines: 4 },
  { module: "build/dialback-l8.wasm", lines: 8 },
  { module: "build/dialback.wasm", lines: 63 },
];

function config(lines: number): string {
  return [
    "hostname board",
    "username ted password tedpw",
    "username pat password patpw",
    "interface async 2",
    " ip address 10.9.0.1 255.255.255.0",
    " encapsulation ppp",
    " async default ip address 10.9.0.2",
    " async mode interactive",
    " ppp authentication pap",
    `line 1 ${lines}`,
    " login local",
    "line 2",
    " autoselect ppp",
    "",
  ].join("\n");
}

function echo(seq: number): Uint8Array {
  const d = new Uint8Array(84);
  const v = new DataView(d.buffer);
  d[0] = 0x45;
  v.setUint16(2, 84);
  d[8] = 64;
  d[9] = 1;
  v.setUint32(12, ipv4("10.9.0.2"));
  v.setUint32(16, ipv4("10.9.0.1"));
  v.setUint16(10, internetChecksum(d.subarray(0, 20)));
  d[20] = 8;
  v.setUint16(26, seq);
  v.setUint16(22, internetChecksum(d.subarray(20)));
  return d;
}

async function exercise(ports: number[]): Promise<void> {
  const term = await TcpTerminal.connect(ports[0]);
  term.type("\r");
  await term.expect("Username: ");
  term.type("ted\rtedpw\r");
  await term.expect("board>");
  term.type("show line\r");
  await term.expect(/board>$/);
  term.type("exit\r");
  await term.waitClosed();

  const client = await Core.load();
  client.init(imageForLines([1]));
  entropyPush(client, Buffer.from("memory bench client seed........"));
  const conn = await TcpTerminal.connect(ports[1]);
  const start = Date.now();
  client.tick(0);
  pppOpen(client, 1, PppRole.Client, { auth: Auth.PAP, user: "pat", secret: "patpw" });
  let up = false;
  let echoes = 0;
  const pump = () => {
    client.tick(Date.now() - start);
    const bytes = Buffer.from(conn.screen, "latin1");
    conn.screen = "";
    for (let at = 0; at < bytes.length; ) {
      at += client.rxPush(1, bytes.subarray(at, at + 1024));
      for (const e of client.drainEvents()) {
        if (decodePppEvent(e)?.type === "ipcpUp") up = true;
        if (e.kind === EventKind.IpDatagram) echoes++;
      }
    }
    for (const e of client.drainEvents()) if (decodePppEvent(e)?.type === "ipcpUp") up = true;
    const out = client.txDrain(1);
    if (out.length) conn.type(out);
  };
  for (const end = Date.now() + 15_000; !up && Date.now() < end; await new Promise((r) => setTimeout(r, 10))) pump();
  if (!up) throw new Error("gateway memory: the PPP session did not come up");
  for (let i = 0; i < 20; i++) {
    ipPush(client, 1, echo(i));
    pump();
  }
  for (const end = Date.now() + 10_000; echoes < 20 && Date.now() < end; await new Promise((r) => setTimeout(r, 10))) pump();
  if (echoes < 20) throw new Error(`gateway memory: ${echoes} of 20 echoes answered`);
  conn.close();
}

export async function gatewayMemory(gateway: string): Promise<MemoryRow[]> {
  const rows: MemoryRow[] = [];
  const dir = mkdtempSync(join(tmpdir(), "dialback-memory-"));
  try {
    for (const b of BUILDS) {
      if (!existsSync(join(ROOT, b.module))) throw new Error(`${b.module} is missing: npm run build -- --lines 4,8`);
      const image = imageFile(dir, `lines-${b.lines}`, config(b.lines));
      const ports: number[] = [];
      for (let i = 0; i < b.lines; i++) ports.push(await freePort());
      const lineArgs = ports.flatMap((p, i) => ["--line", `${i + 1}=tcp:${p}`]);
      const g = await Gateway.start(gateway, ["--module", b.module, "--image", image, ...lineArgs]);
      try {
        await exercise(ports);
      } finally {
        await g.stop();
      }
      const m = /memory: module memory (\d+) bytes \((\d+) pages\).*heap peak (\d+) bytes, peak resident (\d+) kB/.exec(g.log);
      if (!m) throw new Error(`gateway memory: no memory report in\n${g.log}`);
      rows.push({
        module: b.module, lines: b.lines, pages: Number(m[2]), moduleMemoryBytes: Number(m[1]), heapPeakBytes: Number(m[3]), peakResidentKiB: Number(m[4]),
      });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

async function main(): Promise<void> {
  const build = spawnSync(process.execPath, [join(ROOT, "boards/wasm3-gateway/build.mjs"), "gateway"], { cwd: ROOT, encoding: "utf8" });
  if (build.status !== 0) throw new Error(build.stderr);
  const rows = await gatewayMemory(build.stdout.trim().split("\n").pop()!);
  if (process.argv.includes("--json")) {
    process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return;
  }
  for (const r of rows) {
    process.stdout.write(
      `${r.module.padEnd(24)} ${String(r.lines).padStart(2)} lines  ${String(r.pages).padStart(2)} pages  ` +
        `module memory ${(r.moduleMemoryBytes / 1024).toFixed(0)} KiB` +
        `  heap peak ${(r.heapPeakBytes / 1024).toFixed(0)} KiB  peak resident ${r.peakResidentKiB} KiB\n`,
    );
  }
}

if (process.argv[1]?.endsWith("gateway-memory.ts")) {
  main().catch((e: unknown) => {
    process.stderr.write(`gateway-memory: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
}
