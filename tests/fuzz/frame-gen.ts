// What a hostile or broken peer sends on a line: PPP frames (valid, built from what the
// server just asked, captured from a real client, or made up) mutated at the packet and at
// the framing level, pure garbage, flag and escape storms, oversize frames and line text.

import { Rng } from "./rng.ts";
import {
  PROTO, LCP, controlPacket, pppFrame, lcpOptions, ipcpOptions, option, papRequest, chapPacket, cbcpOption, hdlcEncodeInto, latin1, u16, u32,
  ByteBuffer,
} from "../support/ppp-frames.ts";
import { chapResponse } from "../support/chap.ts";

/** What the server last asked on the line (read from its output), for answers that fit. */
export interface PeerContext {
  lcpReq: { id: number; options: number[] } | null;
  chap: { id: number; value: number[] } | null;
  cbcpReq: { id: number; options: number[] } | null;
  ipcpReq: { id: number; options: number[] } | null;
  echoId: number | null;
  termId: number | null;
}

export function emptyContext(): PeerContext {
  return { lcpReq: null, chap: null, cbcpReq: null, ipcpReq: null, echoId: null, termId: null };
}

/** The users of the fuzz configuration, and names that are nobody's. */
export const USERS: readonly (readonly [string, string])[] = [
  ["Ted", "Rhoda"],
  ["wanda", "w4nda"],
  ["milarepa", "letmein"],
  ["plain", "pl41n"],
];

export const enum ItemKind {
  Frame = 0,
  Noise = 1,
}

const PROTOCOLS = [PROTO.LCP, PROTO.PAP, PROTO.CHAP, PROTO.CBCP, PROTO.IPCP, PROTO.IP, 0x8057, 0x80fd, 0xc025, 0x0001, 0x0003, 0x8281, 0xffff, 0x0000];
const HOSTILE_NUMBERS = ["5551234", "0900666", "555-CALL-ME; rm", "5553030\rAT&D0&W\r", "\rAT&F&D0S0=1&W\r", "555\x1b[2J\x1b]0;owned\x07", "", "1".repeat(40)];
const LINE_TEXT = [
  "\r", "\n", "\r\n", "Ted\r", "Rhoda\r", "wanda\r", "w4nda\r", "milarepa\r", "letmein\r", "plain\r", "pl41n\r", "nobody\r", "x\r",
  "show users\r", "show line\r", "show callback\r", "sh cal\r", "show\r", "show users extra\r", "ppp\r", "exit\r", "logout\r", "?\r",
  "\x08\x08\x7f\x15", "\x03", "\x16\x10\x02", "5551234\r", "555-CALL-ME; rm\r", "\x1b[2J\r",
];
const MODEM_TEXT = ["OK\r\n", "CONNECT 9600\r\n", "CONNECT\r\n", "BUSY\r\n", "NO CARRIER\r\n", "NO DIALTONE\r\n", "NO ANSWER\r\n", "ERROR\r\n", "RING\r\n"];

function ascii(rng: Rng, n: number): string {
  let s = "";
  for (let i = 0; i < n; i++) s += String.fromCharCode(rng.range(0x20, 0x7e));
  return s;
}

function someName(rng: Rng): string {
  return rng.weighted<() => string>([
    [6, () => rng.pick(USERS)[0]],
    [2, () => ascii(rng, rng.range(0, 12))],
    [1, () => ascii(rng, rng.range(30, 80))],
    [1, () => ""],
  ])();
}

function somePassword(rng: Rng, name: string): string {
  const own = USERS.find((u) => u[0] === name);
  return own && rng.chance(0.5) ? own[1] : ascii(rng, rng.range(0, rng.chance(0.1) ? 70 : 10));
}

function chapValue(id: number, secret: string, challenge: number[]): number[] {
  return Array.from(chapResponse(id, Buffer.from(secret, "latin1"), challenge));
}

function lcpRandomOptions(rng: Rng): number[] {
  const out: number[] = [];
  const n = rng.range(0, 7);
  for (let i = 0; i < n; i++) {
    out.push(
      ...rng.weighted<() => number[]>([
        [3, () => lcpOptions.mru(rng.pick([0, 63, 64, 296, 1500, 1501, 65535, rng.int(65536)]))],
        [3, () => lcpOptions.accm(rng.pick([0, 0xffffffff, 0x000a0000, rng.next()]))],
        [3, () => (rng.chance(0.5) ? lcpOptions.pap() : lcpOptions.chapMd5())],
        [1, () => option(3, [...u16(PROTO.CHAP), rng.pick([0x80, 0x81, 6, rng.int(256)])])],
        [1, () => option(3, u16(rng.pick([0xc027, 0xc227, rng.int(65536)])))],
        [3, () => lcpOptions.magic(rng.pick([0, rng.next()]))],
        [2, () => lcpOptions.pfc()],
        [2, () => lcpOptions.acfc()],
        [4, () => lcpOptions.callback(rng.pick([0, 1, 2, 3, 4, 5, 6, 7, 255]), rng.pick(HOSTILE_NUMBERS))],
        [2, () => option(rng.pick([0, 4, 9, 11, 17, 19, 255]), rng.bytes(rng.range(0, 8)))],
      ])(),
    );
  }
  return out;
}

function ipcpRandomOptions(rng: Rng): number[] {
  const out: number[] = [];
  const n = rng.range(0, 5);
  for (let i = 0; i < n; i++) {
    out.push(
      ...rng.weighted<() => number[]>([
        [4, () => ipcpOptions.address(rng.pick([0, 0x0a010102, rng.next()]))],
        [2, () => ipcpOptions.compression(rng.pick([0x002d, 0x0061, rng.int(65536)]))],
        [1, () => ipcpOptions.addresses(rng.next(), rng.next())],
        [2, () => option(rng.pick([129, 130, 131, 132]), u32(rng.pick([0, rng.next()])))],
        [1, () => option(rng.pick([0, 4, 200, 255]), rng.bytes(rng.range(0, 6)))],
      ])(),
    );
  }
  return out;
}

function cbcpRandomOptions(rng: Rng): number[] {
  const out: number[] = [];
  const n = rng.range(0, 4);
  for (let i = 0; i < n; i++) {
    out.push(...(rng.chance(0.8) ? cbcpOption(rng.range(1, 4), rng.int(256), rng.pick(HOSTILE_NUMBERS)) : option(rng.int(256), rng.bytes(rng.range(0, 9)))));
  }
  return out;
}

/** A packet the server may well accept: the answer to what it last asked, or a login it knows. */
function answerPacket(rng: Rng, ctx: PeerContext): [number, number[]] | null {
  const choices: (() => [number, number[]] | null)[] = [];
  if (ctx.lcpReq) {
    const r = ctx.lcpReq;
    choices.push(() => [PROTO.LCP, controlPacket(LCP.ConfAck, r.id, r.options)]);
  }
  choices.push(() => {
    const callback = rng.chance(0.5) ? lcpOptions.callback(rng.pick([0, 6])) : [];
    return [PROTO.LCP, controlPacket(LCP.ConfReq, rng.int(256), [...lcpOptions.magic(rng.next()), ...callback])];
  });
  choices.push(() => {
    const [name, secret] = rng.pick(USERS);
    return [PROTO.PAP, papRequest(rng.int(256), name, rng.chance(0.8) ? secret : "wrong")];
  });
  if (ctx.chap) {
    const c = ctx.chap;
    choices.push(() => {
      const [name, secret] = rng.pick(USERS);
      return [PROTO.CHAP, chapPacket(2, c.id, chapValue(c.id, rng.chance(0.8) ? secret : "wrong", c.value), name)];
    });
  }
  if (ctx.cbcpReq) {
    const r = ctx.cbcpReq;
    const own = () => cbcpOption(rng.pick([1, 2, 3]), rng.int(30), rng.pick(HOSTILE_NUMBERS));
    choices.push(() => [PROTO.CBCP, controlPacket(2, r.id, rng.chance(0.5) ? r.options : own())]);
  }
  if (ctx.ipcpReq) {
    const r = ctx.ipcpReq;
    choices.push(() => [PROTO.IPCP, controlPacket(LCP.ConfAck, r.id, r.options)]);
  }
  choices.push(() => [PROTO.IPCP, controlPacket(LCP.ConfReq, rng.int(256), ipcpOptions.address(rng.pick([0, 0x0a010109])))]);
  if (ctx.echoId !== null) {
    const id = ctx.echoId;
    choices.push(() => [PROTO.LCP, controlPacket(LCP.EchoRep, id, u32(rng.next()))]);
  }
  if (ctx.termId !== null) {
    const id = ctx.termId;
    choices.push(() => [PROTO.LCP, controlPacket(LCP.TermAck, id)]);
  }
  return rng.pick(choices)();
}

/** Which protocol a session in some phase listens to most: made-up packets lean that way. */
export const enum Focus {
  None = 0,
  Lcp = 1,
  Auth = 2,
  Cbcp = 3,
  Network = 4,
}

/** A made-up packet of any protocol the server knows (and some it does not), `focus` four times likelier. */
function madeUpPacket(rng: Rng, focus: Focus): [number, number[]] {
  const id = rng.int(256);
  const w = (weight: number, of: Focus) => (of === focus ? weight * 4 : weight);
  return rng.weighted<() => [number, number[]]>([
    [w(10, Focus.Lcp), () => [PROTO.LCP, controlPacket(rng.range(1, 4), id, lcpRandomOptions(rng))]],
    [2, () => [PROTO.LCP, controlPacket(rng.pick([LCP.TermReq, LCP.TermAck]), id, rng.bytes(rng.range(0, 6)))]],
    [2, () => [PROTO.LCP, controlPacket(LCP.CodeRej, id, controlPacket(rng.int(256), rng.int(256), rng.bytes(rng.range(0, 10))))]],
    [2, () => [PROTO.LCP, controlPacket(LCP.ProtRej, id, [...u16(rng.pick(PROTOCOLS)), ...rng.bytes(rng.range(0, 10))])]],
    [w(3, Focus.Network), () => [PROTO.LCP, controlPacket(rng.range(LCP.EchoReq, LCP.TimeRemaining), id, [...u32(rng.next()), ...rng.bytes(rng.int(13))])]],
    [w(5, Focus.Auth), () => {
      const name = someName(rng);
      return [PROTO.PAP, papRequest(id, name, somePassword(rng, name))];
    }],
    [1, () => [PROTO.PAP, controlPacket(rng.range(2, 3), id, [3, ...latin1("msg")])]],
    [w(4, Focus.Auth), () => [PROTO.CHAP, chapPacket(2, id, rng.bytes(rng.pick([16, 16, 0, 1, 15, 17, 64, 255])), someName(rng))]],
    [1, () => [PROTO.CHAP, chapPacket(1, id, rng.bytes(rng.range(0, 32)), someName(rng))]],
    [1, () => [PROTO.CHAP, controlPacket(rng.range(3, 4), id, latin1(ascii(rng, rng.range(0, 10))))]],
    [w(5, Focus.Cbcp), () => [PROTO.CBCP, controlPacket(rng.range(1, 3), id, cbcpRandomOptions(rng))]],
    [w(5, Focus.Network), () => [PROTO.IPCP, controlPacket(rng.range(1, 7), id, ipcpRandomOptions(rng))]],
    [w(2, Focus.Network), () => [PROTO.IP, rng.bytes(rng.range(0, 80))]],
    [2, () => [rng.pick(PROTOCOLS), controlPacket(rng.int(256), id, rng.bytes(rng.range(0, 20)))]],
  ])();
}

// Start of each option of a control packet that carries options (codes 1-4), from `at`.
function optionStarts(f: number[], at: number): number[] {
  const starts: number[] = [];
  for (let p = at; p + 1 < f.length && starts.length < 64; ) {
    starts.push(p);
    const len = f[p + 1];
    if (len < 2) break;
    p += len;
  }
  return starts;
}

// Every mutation but oversize (10), which is rarer: a few per hundred frames is plenty.
const MUTATIONS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12];

/** One to three mutations of an unframed PPP frame whose control packet starts at `c`. */
export function mutate(rng: Rng, f: number[], c: number): number[] {
  const n = rng.weighted([[6, 1], [3, 2], [1, 3]] as const);
  for (let k = 0; k < n; k++) {
    const op = rng.chance(0.01) ? 10 : rng.pick(MUTATIONS);
    switch (op) {
      case 0: // bit flips
        for (let i = rng.range(1, 6); i > 0 && f.length; i--) f[rng.int(f.length)] ^= 1 << rng.int(8);
        break;
      case 1: // truncation
        f = f.slice(0, rng.int(f.length + 1));
        break;
      case 2: // the Length field lies
        if (f.length >= c + 4) {
          const real = f.length - c;
          const v = rng.pick([0, 1, 2, 3, 4, real - 1, real + 1, real + rng.range(2, 200), 0xffff, rng.int(65536)]) & 0xffff;
          f[c + 2] = v >>> 8;
          f[c + 3] = v & 255;
        }
        break;
      case 3: { // an option's Length lies
        const starts = optionStarts(f, c + 4);
        if (starts.length) f[rng.pick(starts) + 1] = rng.pick([0, 1, 255, 2, 3, rng.int(256)]);
        break;
      }
      case 4: { // an option duplicated, up to many times
        const starts = optionStarts(f, c + 4);
        if (!starts.length) break;
        const s = rng.pick(starts);
        const opt = f.slice(s, s + Math.max(2, f[s + 1]));
        const times = rng.chance(0.2) ? rng.range(10, 120) : rng.range(1, 3);
        const copies: number[] = [];
        for (let t = 0; t < times; t++) copies.push(...opt);
        f.splice(s, 0, ...copies);
        if (rng.chance(0.7) && f.length >= c + 4) {
          const len = Math.min(0xffff, f.length - c);
          f[c + 2] = len >>> 8;
          f[c + 3] = len & 255;
        }
        break;
      }
      case 5: // unknown or unexpected code
        if (f.length > c) f[c] = rng.pick([0, 14, 15, 16, 127, 128, 255, rng.int(256)]);
        break;
      case 6: { // another protocol
        const p = rng.chance(0.7) ? rng.pick(PROTOCOLS) : rng.int(65536);
        if (c >= 2) {
          f[c - 2] = p >>> 8;
          f[c - 1] = p & 255;
        }
        break;
      }
      case 7: { // bytes inserted
        const at = rng.int(f.length + 1);
        f.splice(at, 0, ...rng.bytes(rng.range(1, 12)));
        break;
      }
      case 8: { // bytes removed
        const at = rng.int(f.length + 1);
        f.splice(at, rng.range(1, 8));
        break;
      }
      case 9: // padding past Length (RFC 1661 §5: allowed, must be ignored)
        f.push(...rng.bytes(rng.range(1, 40)));
        break;
      case 10: // oversize
        f.push(...new Array<number>(rng.range(1500, 5000)).fill(rng.int(256)));
        break;
      case 11: // a zero-length option appended
        f.push(rng.int(256), rng.pick([0, 1]));
        break;
      case 12: // the identifier moves
        if (f.length > c + 1) f[c + 1] = (f[c + 1] + rng.pick([1, 255, 128])) & 255;
        break;
    }
  }
  return f;
}

/** Frames seen from a real client (its captures), kept to be replayed and mutated. */
export class Corpus {
  readonly frames: number[][] = [];
  private seen = new Set<string>();
  add(frame: Uint8Array): void {
    if (this.frames.length >= 512) return;
    const key = Buffer.from(frame).toString("hex");
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.frames.push(Array.from(frame));
  }
}

/** Offset of the control packet in an unframed frame (after address/control and protocol). */
function controlAt(f: number[]): number {
  let p = f[0] === 0xff && f[1] === 0x03 ? 2 : 0;
  p += (f[p] & 1) === 1 ? 1 : 2;
  return p;
}

export class FrameGen {
  /** The protocol the line's session is busy with (set before each batch). */
  focus = Focus.None;

  constructor(
    private readonly rng: Rng,
    private readonly corpus: Corpus,
    public ctx: PeerContext,
  ) {}

  /** One framed PPP frame (maybe mutated, maybe badly framed) appended to `out`. */
  frame(out: ByteBuffer): void {
    const rng = this.rng;
    let f: number[];
    let mutateP: number;
    const source = rng.weighted([[3, 0], [3, 1], [4, 2]] as const);
    if (source === 1 && this.corpus.frames.length) {
      f = this.corpus.frames[rng.int(this.corpus.frames.length)].slice();
      mutateP = 0.7;
    } else {
      const made = source === 0 ? answerPacket(rng, this.ctx) : madeUpPacket(rng, this.focus);
      const [protocol, packet] = made ?? madeUpPacket(rng, this.focus);
      const compress = protocol !== PROTO.LCP && rng.chance(0.2);
      f = Array.from(pppFrame(protocol, packet, compress, compress));
      mutateP = source === 0 ? 0.3 : 0.5;
    }
    if (rng.chance(mutateP)) f = mutate(rng, f, controlAt(f));
    this.frame1662(out, f);
  }

  // RFC 1662 framing, usually right: an ACCM that escapes less, a wrong FCS, a shared or
  // missing flag, an abort, or a frame cut off.
  private frame1662(out: ByteBuffer, f: number[]): void {
    const rng = this.rng;
    const style = rng.weighted([[70, 0], [8, 1], [8, 2], [4, 3], [4, 4], [3, 5], [3, 6]] as const);
    const accm = style === 1 ? rng.pick([0, 0x000a0000, rng.next()]) : 0xffffffff;
    const fcsError = style === 2 ? rng.range(1, 0xffff) : 0;
    if (style === 4 || style === 5) {
      const start = out.length;
      hdlcEncodeInto(out, f, accm, fcsError);
      out.length = start + rng.range(1, out.length - start - 1); // cut short
      if (style === 4) out.putAll([0x7d, 0x7e]); // abort (RFC 1662 §4.4.1)
      return;
    }
    if (style === 6) {
      out.putAll(f); // unescaped, no flags
      return;
    }
    hdlcEncodeInto(out, f, accm, fcsError, style !== 3);
  }

  /** Line noise, storms, text a person or a modem would send, or an oversize run. */
  noise(out: ByteBuffer): void {
    const rng = this.rng;
    const kind = rng.weighted([[60, 0], [40, 1], [30, 2], [10, 3], [10, 4], [2, 5], [3, 6], [10, 7]] as const);
    switch (kind) {
      case 0:
        out.putAll(latin1(rng.pick(LINE_TEXT)));
        break;
      case 1:
        out.putAll(latin1(rng.pick(MODEM_TEXT)));
        break;
      case 2:
        out.putAll(rng.bytes(rng.range(1, 64)));
        break;
      case 3: // flag storm
        for (let i = rng.range(2, rng.chance(0.1) ? 600 : 40); i > 0; i--) out.put(0x7e);
        break;
      case 4: // escape storm, with flags or not
        for (let i = rng.range(2, rng.chance(0.1) ? 600 : 40); i > 0; i--) out.put(rng.chance(0.9) ? 0x7d : 0x7e);
        break;
      case 5: { // oversize: one flagged frame of kilobytes
        out.put(0x7e);
        const n = rng.range(1600, 9000);
        for (let i = 0; i < n; i++) out.put(rng.chance(0.02) ? 0x7d : rng.range(0x20, 0x7c));
        out.put(0x7e);
        break;
      }
      case 6: // a long line of text
        out.putAll(latin1(ascii(rng, rng.range(100, 600))));
        out.put(0x0d);
        break;
      case 7: // control characters
        for (let i = rng.range(1, 40); i > 0; i--) out.put(rng.int(0x20));
        break;
    }
  }
}
