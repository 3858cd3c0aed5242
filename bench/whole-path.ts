// The whole path: IP echo traffic through an open PPP session, both directions, through the
// whole core (rxPush, HDLC deframing, the session, IpDatagram events, the host's echo reply
// by ipPush, framing, txPeek/txCommit). A client core opens the session and sends the echo
// requests; only the server core's work is measured: under V8 directly, under wasm3 by
// replaying the same work recorded under V8 (boards/wasm3-gateway/replay.c --bench, every
// result checked). From the CPU seconds: how many 115200-baud lines at full duplex one CPU
// core carries.

import { spawnSync } from "node:child_process";
import { Core, type CoreEvent } from "../host/core/core.ts";
import { EventKind } from "../host/core/abi.ts";
import { imageForLines } from "../host/image/writer.ts";
import { decodePppEvent, entropyPush, ipPush, ipv4, pppOpen, PppRole } from "../host/core/ppp.ts";
import { answerEcho, internetChecksum } from "../host/net/icmp-echo.ts";
import { AbiRecorder } from "../tests/support/abi-recorder.ts";
import { payload } from "./payload.ts";

const LINE = 1;
const SERVER = "10.0.0.1";
const CLIENT = "10.0.0.2";
/** One 115200-baud line, 8N1: 11,520 octets a second each way. */
export const LINE_BYTES_PER_S = 115200 / 10;

export interface WholePathRow {
  name: "path.ppp.echo";
  engine: "v8" | "wasm3";
  payloadBytes: number;
  datagramBytes: number;
  echoes: number;
  wireBytesIn: number;
  wireBytesOut: number;
  cpuSeconds: number;
  lines: number;
  target: number;
  meetsTarget: boolean;
  arithmetic: string;
  runs: number;
}

function echoRequest(sequence: number, data: Uint8Array): Uint8Array {
  const d = new Uint8Array(20 + 8 + data.length);
  const v = new DataView(d.buffer);
  d[0] = 0x45;
  v.setUint16(2, d.length);
  v.setUint16(4, sequence & 0xffff);
  d[8] = 64;
  d[9] = 1;
  v.setUint32(12, ipv4(CLIENT));
  v.setUint32(16, ipv4(SERVER));
  v.setUint16(10, internetChecksum(d.subarray(0, 20)));
  d[20] = 8;
  v.setUint16(24, 0x4242);
  v.setUint16(26, sequence & 0xffff);
  d.set(data, 28);
  v.setUint16(22, internetChecksum(d.subarray(20)));
  return d;
}

/** A server and a client core with PPP open and IPCP up on line 1, on a virtual clock. */
function openSession(): { server: Core; client: Core } {
  const make = (seed: string) => {
    const core = Core.fromModule(Core.compile());
    core.init(imageForLines([LINE]));
    entropyPush(core, Buffer.from(seed.padEnd(32, ".")));
    core.tick(0);
    return core;
  };
  const server = make("bench server");
  const client = make("bench client");
  if (pppOpen(server, LINE, PppRole.Server, { ourAddress: SERVER, peerAddress: CLIENT }) !== 0) throw new Error("server pppOpen refused");
  if (pppOpen(client, LINE, PppRole.Client, {}) !== 0) throw new Error("client pppOpen refused");
  const up = new Set<Core>();
  const drain = (core: Core) => {
    for (const e of core.drainEvents()) if (decodePppEvent(e)?.type === "ipcpUp") up.add(core);
  };
  for (let now = 0; now < 30_000 && up.size < 2; now += 100) {
    for (let round = 0; round < 50; round++) {
      const a = server.txDrain(LINE);
      const b = client.txDrain(LINE);
      if (!a.length && !b.length) break;
      feed(client, a, drain);
      feed(server, b, drain);
    }
    drain(server);
    drain(client);
    server.tick(now);
    client.tick(now);
  }
  if (up.size < 2) throw new Error("the bench session did not reach IPCP");
  return { server, client };
}

// One receive window a call, its events drained after it (an IpDatagram payload must fit the event ring).
function feed(core: Core, bytes: Uint8Array, drain: (core: Core) => void): void {
  const window = core.exports.rxBufferSize(LINE);
  for (let at = 0; at < bytes.length; ) {
    at += core.rxPush(LINE, bytes.subarray(at, Math.min(at + window, bytes.length)));
    drain(core);
  }
}

/** The client's wire bytes for `count` echo requests of `payloadBytes`. */
function requests(client: Core, count: number, payloadBytes: number): Uint8Array {
  const parts: Uint8Array[] = [];
  const data = payload(payloadBytes);
  for (let i = 0; i < count; i++) {
    // ipPush drops (and counts) a datagram the transmit ring has no room for: drain after each.
    if (!ipPush(client, LINE, echoRequest(i, data))) throw new Error("the client refused an echo request");
    parts.push(client.txDrain(LINE));
  }
  return Buffer.concat(parts);
}

/**
 * The server's work for one batch, as a host does it: the wire in through the receive window
 * (one window a call, then its events: an IpDatagram payload must fit the event ring), each
 * echo request answered with ipPush as its event comes out and the reply's wire drained at
 * once. Returns the wire sent and the echoes answered.
 */
function serve(server: Core, wire: Uint8Array): { out: Uint8Array[]; answered: number } {
  const out: Uint8Array[] = [];
  const window = server.exports.rxBufferSize(LINE);
  let answered = 0;
  for (let at = 0; at < wire.length; ) {
    at += server.rxPush(LINE, wire.subarray(at, Math.min(at + window, wire.length)));
    for (const e of server.drainEvents()) answered += reply(server, e, out);
  }
  return { out, answered };
}

function reply(server: Core, e: CoreEvent, out: Uint8Array[]): number {
  if (e.kind !== EventKind.IpDatagram) return 0;
  const r = answerEcho(e.data, [SERVER]);
  if (!("reply" in r) || !ipPush(server, LINE, r.reply)) return 0;
  out.push(server.txDrain(LINE));
  return 1;
}

const cpu = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

function arithmetic(wireIn: number, wireOut: number, seconds: number): { lines: number; text: string } {
  const perSecond = (wireIn + wireOut) / seconds;
  const lines = Math.floor(perSecond / (2 * LINE_BYTES_PER_S));
  return {
    lines,
    text:
      `(${wireIn} wire octets in + ${wireOut} out) / ${seconds.toFixed(4)} CPU s = ${Math.round(perSecond)} octets/s; ` +
      `one 115200-baud line at full duplex = 2 × 115200 / 10 = ${2 * LINE_BYTES_PER_S} octets/s; ` +
      `${Math.round(perSecond)} / ${2 * LINE_BYTES_PER_S} = ${lines} lines`,
  };
}

export interface WholePathCase {
  payloadBytes: number;
  /** Echo requests per batch, and batches per measured run. */
  echoes: number;
  batches: number;
}

/** V8: `runs` measured runs after a warm-up; the median's row. */
export function wholePathV8(c: WholePathCase, runs: number, target: number): WholePathRow {
  const { server, client } = openSession();
  const wire = requests(client, c.echoes, c.payloadBytes);
  // Check once that the replies reach the client whole.
  const first = serve(server, wire);
  let echoed = 0;
  feed(client, Buffer.concat(first.out), (core) => {
    for (const e of core.drainEvents()) if (e.kind === EventKind.IpDatagram) echoed++;
  });
  for (const e of client.drainEvents()) if (e.kind === EventKind.IpDatagram) echoed++;
  if (first.answered !== c.echoes || echoed !== c.echoes) throw new Error(`whole path: ${c.echoes} echoes sent, ${first.answered} answered, ${echoed} back`);
  const samples: { seconds: number; out: number }[] = [];
  for (let run = 0; run < runs; run++) {
    let out = 0;
    const start = cpu();
    for (let b = 0; b < c.batches; b++) for (const part of serve(server, wire).out) out += part.length;
    samples.push({ seconds: cpu() - start, out });
  }
  samples.sort((a, b) => a.seconds - b.seconds);
  const median = samples[samples.length >> 1];
  return row("v8", c, wire.length * c.batches, median.out, median.seconds, runs, target);
}

/**
 * wasm3: the same server work recorded under V8 (untimed) and replayed by `replay` with the
 * module; the replayer times the marked batches. `runs` replays; the median's row.
 */
export async function wholePathWasm3(c: WholePathCase, runs: number, target: number, replay: string, module: string, record: string): Promise<WholePathRow> {
  const recorder = AbiRecorder.start({ path: record, hint: 1, hashEvery: 1e9 });
  let wireIn = 0;
  let wireOut = 0;
  try {
    const { server, client } = openSession();
    const wire = requests(client, c.echoes, c.payloadBytes);
    recorder.mark("begin", "path");
    for (let b = 0; b < c.batches; b++) {
      wireIn += wire.length;
      for (const part of serve(server, wire).out) wireOut += part.length;
    }
    recorder.mark("end", "path");
  } finally {
    await recorder.stop();
  }
  const seconds: number[] = [];
  for (let run = 0; run < runs; run++) {
    const r = spawnSync(replay, ["--module", module, "--bench", record], { encoding: "utf8", timeout: 600_000, maxBuffer: 16 << 20 });
    if (r.status !== 0) throw new Error(`whole path under wasm3: ${r.stderr || r.stdout}`);
    const m = /bench label=path seconds=([0-9.]+)/.exec(r.stdout);
    if (!m) throw new Error(`whole path under wasm3: no timing in ${r.stdout}`);
    seconds.push(Number(m[1]));
  }
  seconds.sort((a, b) => a - b);
  return row("wasm3", c, wireIn, wireOut, seconds[seconds.length >> 1], runs, target);
}

function row(engine: "v8" | "wasm3", c: WholePathCase, wireIn: number, wireOut: number, seconds: number, runs: number, target: number): WholePathRow {
  const a = arithmetic(wireIn, wireOut, seconds);
  return {
    name: "path.ppp.echo",
    engine,
    payloadBytes: c.payloadBytes,
    datagramBytes: 28 + c.payloadBytes,
    echoes: c.echoes * c.batches,
    wireBytesIn: wireIn,
    wireBytesOut: wireOut,
    cpuSeconds: Number(seconds.toFixed(6)),
    lines: a.lines,
    target,
    meetsTarget: a.lines >= target,
    arithmetic: a.text,
    runs,
  };
}
