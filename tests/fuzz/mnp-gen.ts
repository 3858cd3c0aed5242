// What a hostile or broken ARA client sends on a line in ARAP: MNP class 4 frames (V.42
// Annex A) of every type, built from what the server just acknowledged or from a real
// client's frames, mutated in their headers and in the ARAP packets the LTs carry, framed
// right or wrong; and framing noise (start-flag and DLE storms, bodies past N401).

import { Rng } from "./rng.ts";
import { ByteBuffer, latin1 } from "../support/ppp-frames.ts";
import { USERS } from "./frame-gen.ts";

const SYN = 0x16;
const DLE = 0x10;
const STX = 0x02;
const ETX = 0x03;
const LR = 1;
const LD = 2;
const LT = 4;
const LA = 5;

/** CRC-16/ARC over the body and the end flag's ETX (§A.3.6), written independently of the core's. */
export function mnpFcs(body: ArrayLike<number>): number {
  let crc = 0;
  const step = (octet: number) => {
    crc ^= octet;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xa001 : crc >>> 1;
  };
  for (let i = 0; i < body.length; i++) step(body[i]);
  step(ETX);
  return crc;
}

/** SYN DLE STX, the body with each DLE doubled (§A.3.4), DLE ETX, the FCS low octet first (`fcsError` spoils it). */
export function mnpFrameInto(out: ByteBuffer, body: ArrayLike<number>, fcsError = 0): void {
  out.putAll([SYN, DLE, STX]);
  for (let i = 0; i < body.length; i++) {
    out.put(body[i]);
    if (body[i] === DLE) out.put(DLE);
  }
  const fcs = mnpFcs(body) ^ fcsError;
  out.putAll([DLE, ETX, fcs & 255, fcs >>> 8]);
}

/** Bodies of the frames with a good FCS in a byte stream, across calls. */
export class MnpDeframer {
  private state = 0; // 0 hunt, 1 DLE outside, 2 body, 3 DLE in body, 4-5 FCS
  private body: number[] = [];
  private fcs = 0;

  push(bytes: ArrayLike<number>): Uint8Array[] {
    const out: Uint8Array[] = [];
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i];
      switch (this.state) {
        case 0:
          if (b === DLE) this.state = 1;
          break;
        case 1:
          this.state = b === STX ? 2 : b === DLE ? 1 : 0;
          this.body = [];
          break;
        case 2:
          if (b === DLE) this.state = 3;
          else if (this.body.length < 4096) this.body.push(b);
          else this.state = 0;
          break;
        case 3:
          if (b === DLE) {
            this.body.push(DLE);
            this.state = 2;
          } else this.state = b === ETX ? 4 : b === STX ? 2 : 0;
          if (b === STX) this.body = [];
          break;
        case 4:
          this.fcs = b;
          this.state = 5;
          break;
        case 5:
          if ((this.fcs | (b << 8)) === mnpFcs(this.body)) out.push(Uint8Array.from(this.body));
          this.state = 0;
          break;
      }
    }
    return out;
  }
}

/** What the server said last on the line: where the next LT should be numbered, what to acknowledge. */
export interface MnpContext {
  /** N(S) the server expects next (its last LA's N(R) + 1). */
  nextNs: number;
  /** The server's last LT number (an LA acknowledging it is plausible). */
  serverNs: number;
  /** The receive credit the server last gave. */
  credit: number;
}

export function emptyMnpContext(): MnpContext {
  return { nextNs: 1, serverNs: 0, credit: 4 };
}

/** Reads one of the server's frame bodies into the context. */
export function observeMnp(ctx: MnpContext, f: Uint8Array): void {
  if (f.length < 2) return;
  const type = f[1];
  if (type === LA && f[0] === 3 && f.length >= 4) {
    ctx.nextNs = (f[2] + 1) & 255;
    ctx.credit = f[3];
  } else if (type === LA && f.length >= 8) {
    ctx.nextNs = (f[4] + 1) & 255;
    ctx.credit = f[7];
  } else if (type === LT) ctx.serverNs = f[0] === 2 ? f[2] : (f[4] ?? 0);
  else if (type === LR) ctx.nextNs = 1;
}

/** Frame bodies from a real ARA client, kept to be replayed and mutated. */
export class MnpCorpus {
  readonly bodies: number[][] = [];
  private seen = new Set<string>();
  add(body: Uint8Array): void {
    if (this.bodies.length >= 256) return;
    const key = Buffer.from(body).toString("hex");
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.bodies.push(Array.from(body));
  }
}

const HOSTILE_TEXT = ["", "x", "5551234", "555-CALL-ME; rm", "\rAT&F&D0S0=1&W\r", "\x1b[2J", "A".repeat(40), "Z".repeat(255)];

function str(rng: Rng): number[] {
  const s = latin1(rng.chance(0.5) ? rng.pick([...USERS.map((u) => u[0]), "excalibur", "lancelot"]) : rng.pick(HOSTILE_TEXT));
  const len = rng.chance(0.9) ? s.length : rng.int(256);
  return [len & 255, ...s];
}

/** An ARAP packet as the byte stream above MNP carries it (boards/arap.md), often lying. */
function arapPacket(rng: Rng): number[] {
  const code = rng.chance(0.85) ? rng.range(1, 13) : rng.int(65536);
  let body: number[];
  switch (code) {
    case 2:
      body = [rng.int(4), rng.int(256)];
      break;
    case 4:
      body = [...str(rng), ...rng.bytes(16), ...str(rng)];
      break;
    case 12:
      body = [rng.int(10)];
      break;
    case 13:
      body = [];
      break;
    default:
      body = rng.bytes(rng.pick([0, 1, 8, 14, rng.int(40), rng.range(100, 700)]));
  }
  const packet = rng.chance(0.85) ? [0x10, rng.int(256), code >>> 8, code & 255, ...body] : [rng.pick([0x00, 0x01, 0x11, 0xff]), ...body];
  const real = packet.length;
  const len = rng.chance(0.8) ? real : rng.pick([0, 1, real - 1, real + 1, 600, 601, 0xffff, rng.int(65536)]) & 0xffff;
  return [len >>> 8, len & 255, ...packet];
}

function ltBody(rng: Rng, ns: number, info: number[]): number[] {
  return rng.chance(0.7) ? [2, LT, ns & 255, ...info] : [4, LT, 1, 1, ns & 255, ...info];
}

function laBody(rng: Rng, nr: number, nk: number): number[] {
  return rng.chance(0.7) ? [3, LA, nr & 255, nk & 255] : [7, LA, 1, 1, nr & 255, 2, 1, nk & 255];
}

function lrBody(rng: Rng): number[] {
  const params: number[] = [];
  if (rng.chance(0.9)) params.push(1, 6, 1, 0, 0, 0, 0, 255);
  if (rng.chance(0.8)) params.push(2, 1, rng.chance(0.8) ? 2 : rng.int(256));
  if (rng.chance(0.8)) params.push(3, 1, rng.pick([1, 4, 8, 0, 255, rng.int(256)]));
  if (rng.chance(0.7)) {
    const n401 = rng.pick([64, 256, 0, 1, 65535, rng.int(65536)]);
    params.push(4, 2, n401 & 255, n401 >>> 8);
  }
  if (rng.chance(0.6)) params.push(8, 1, rng.int(256));
  if (rng.chance(0.1)) params.push(rng.int(256), rng.int(8), ...rng.bytes(rng.int(8)));
  const body = [0, LR, rng.chance(0.9) ? 2 : rng.int(256), ...params];
  body[0] = Math.min(254, body.length - 1);
  return body;
}

/** One to three mutations of a frame body: bits, lengths, numbers, octets in and out. */
function mutate(rng: Rng, f: number[]): number[] {
  for (let k = rng.range(1, 3); k > 0; k--) {
    switch (rng.int(7)) {
      case 0:
        for (let i = rng.range(1, 4); i > 0 && f.length; i--) f[rng.int(f.length)] ^= 1 << rng.int(8);
        break;
      case 1:
        f = f.slice(0, rng.int(f.length + 1));
        break;
      case 2: // the length indication lies
        if (f.length) f[0] = rng.pick([0, 1, 2, 3, 254, 255, rng.int(256)]);
        break;
      case 3: // another type
        if (f.length > 1) f[1] = rng.pick([0, 1, 2, 3, 4, 5, 6, 7, 8, 255, rng.int(256)]);
        break;
      case 4:
        f.splice(rng.int(f.length + 1), 0, ...rng.bytes(rng.range(1, 12)));
        break;
      case 5:
        f.splice(rng.int(f.length + 1), rng.range(1, 8));
        break;
      case 6: // past N401
        f.push(...new Array<number>(rng.range(257, 3000)).fill(rng.int(256)));
        break;
    }
  }
  return f;
}

export class MnpGen {
  constructor(
    private readonly rng: Rng,
    private readonly corpus: MnpCorpus,
    public ctx: MnpContext,
  ) {}

  /** One framed MNP frame (maybe mutated, maybe badly framed) appended to `out`. */
  frame(out: ByteBuffer): void {
    const rng = this.rng;
    const ctx = this.ctx;
    const ns = rng.weighted([[6, ctx.nextNs], [1, ctx.nextNs - 1], [1, ctx.nextNs + 1], [1, rng.int(256)]] as const);
    let f = rng.weighted<() => number[]>([
      [30, () => ltBody(rng, ns, arapPacket(rng))],
      [15, () => {
        const from = this.corpus.bodies.filter((b) => b[1] === LT);
        if (!from.length) return ltBody(rng, ns, arapPacket(rng));
        const b = rng.pick(from);
        const info = b.slice(b[0] === 2 ? 3 : 5);
        return ltBody(rng, ns, rng.chance(0.6) ? mutate(rng, info) : info);
      }],
      [15, () => (this.corpus.bodies.length ? rng.pick(this.corpus.bodies).slice() : lrBody(rng))],
      [12, () => laBody(rng, rng.chance(0.7) ? ctx.serverNs : rng.int(256), rng.chance(0.7) ? ctx.credit : rng.int(256))],
      [8, () => lrBody(rng)],
      [3, () => [4, LD, 1, 1, rng.pick([1, 2, 3, 255, rng.int(256)])]],
      [3, () => [1, rng.pick([6, 7])]],
      [4, () => rng.bytes(rng.range(0, 20))],
    ])();
    if (rng.chance(0.3)) f = mutate(rng, f);
    this.framed(out, f);
  }

  // Usually right: a wrong FCS, a frame cut off, a body with DLEs not doubled, no end flag.
  private framed(out: ByteBuffer, f: number[]): void {
    const rng = this.rng;
    const style = rng.weighted([[75, 0], [10, 1], [5, 2], [4, 3], [3, 4], [3, 5]] as const);
    if (style === 0) return mnpFrameInto(out, f);
    if (style === 1) return mnpFrameInto(out, f, rng.range(1, 0xffff));
    if (style === 3) {
      out.putAll([SYN, DLE, STX, ...f, DLE, ETX]); // DLEs not doubled, no FCS
      return;
    }
    const start = out.length;
    mnpFrameInto(out, f);
    if (style === 2) out.length = start + rng.range(1, out.length - start - 1); // cut short
    else if (style === 4) out.length -= 4; // no end flag, no FCS
    else out.putAll([SYN, DLE, STX]); // a start flag right after
  }

  /** Framing noise: start-flag, SYN and DLE storms, a stray end flag, a body past any buffer, garbage. */
  noise(out: ByteBuffer): void {
    const rng = this.rng;
    const n = rng.range(2, rng.chance(0.1) ? 600 : 40);
    switch (rng.int(7)) {
      case 0:
        for (let i = 0; i < n; i++) out.putAll([SYN, DLE, STX]);
        break;
      case 1:
        for (let i = 0; i < n; i++) out.put(rng.chance(0.9) ? DLE : rng.pick([STX, ETX, SYN]));
        break;
      case 2:
        for (let i = 0; i < n; i++) out.put(SYN);
        break;
      case 3:
        out.putAll([DLE, ETX, rng.int(256), rng.int(256)]);
        break;
      case 4: {
        out.putAll([SYN, DLE, STX]);
        for (let i = rng.range(600, 9000); i > 0; i--) out.put(rng.chance(0.02) ? DLE : rng.int(256) & 0xef);
        out.putAll([DLE, ETX, 0, 0]);
        break;
      }
      case 5:
        out.putAll(latin1(rng.pick(["\r", "lancelot\r", "grail\r", "excalibur\r", "+++", "ATH0\r", "NO CARRIER\r\n"])));
        break;
      default:
        out.putAll(rng.bytes(rng.range(1, 64)));
    }
  }
}
