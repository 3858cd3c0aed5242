// A whole core under a spec, run the way a host runs it: an image written here (boards/image.md),
// init(), then the host's part played in AssemblyScript on one virtual clock. The server's TTY
// lines sit behind minimal Hayes modems (ATD answers `dialAnswer`); line CLIENT carries a PPP
// client session of the same core that dials in and answers the callback, or, in terminal
// mode, a person who reads `screen` and types. Every event is kept.

import { init, rxPush, txPeek, txPtr, txCommit, lineSignals, tick, eventNext, eventPtr } from "../../../assembly/abi/exports";
import { pppOpen, pppLowerDown, entropyPush } from "../../../assembly/abi/ppp";
import { arapOpen, arapLowerDown } from "../../../assembly/abi/arap";
import { clockNow } from "../../../assembly/mem/clock";
import { fcs32Update, FCS32_INIT } from "../../../assembly/wire/fcs";
import { LineFlag } from "../../../assembly/config/line-settings";
import { UserFlag } from "../../../assembly/config/users";
import { EventKind } from "../../../assembly/mem/events";
import { CallbackEvent } from "../../../assembly/callback/callback-events";
import { asciiBytes, ptrOf } from "./bytes";
import { options } from "./session";

/** The line the caller's own modem and PPP client sit on (a frame-monitor line: raw bytes to PPP). */
export const CLIENT: i32 = 1;

// Interface record flags (boards/image.md, section 6).
export const IF_PPP: u32 = 1 << 0;
export const IF_ACCEPT: u32 = 1 << 4;
export const IF_INITIATE: u32 = 1 << 5;
export const IF_PAP: u32 = 1 << 7;
export const IF_CHAP: u32 = 1 << 8;

const SIGNAL_DCD: i32 = 1;
const SIGNALS_IDLE: i32 = 4 | 8; // DSR, CTS
const OUTPUT_DTR: i32 = 1;

export class BenchLine {
  constructor(
    public tty: i32,
    public flags: u32 = LineFlag.FlushAtActivation,
    public rotary: i32 = 0,
    public script: bool = true,
    /** The line's own `callback forced-wait` in seconds, -1 none. */
    public forcedWait: i32 = -1,
    /** `script arap-callback` names the bench's ARA script (index 1). */
    public arapScript: bool = false,
  ) {}
}

export class BenchUser {
  constructor(
    public name: string,
    public password: string,
    /** `callback-dialstring`: null none, "" the caller gives the number. */
    public dial: string | null = null,
    public rotary: i32 = 0,
    public lineFirst: i32 = 0,
    public lineLast: i32 = 0,
    public nocallbackVerify: bool = false,
  ) {}
}

export class BenchInterface {
  /** `ip address` (or the address `ip unnumbered` resolved to), 0 none. */
  ourAddress: u32 = 0;
  /** InterfaceExtras flags (section 12). */
  extraFlags: u32 = 0;
  /** `peer default ip address pool NAME`. */
  pool: string = "";
  /** `ppp ipcp dns A B` and `ppp ipcp wins A B`: DNS, DNS secondary, NBNS, NBNS secondary. */
  servers: u32[] = [0, 0, 0, 0];
  /** `ppp authentication` protocols in order (section 12 codes: 1 PAP, 2 CHAP, 3 MS-CHAP, 4 MS-CHAP-v2, 5 EAP). */
  auth: u32[] = [];
  constructor(public number: i32, public flags: u32) {}
}

/** `ip local pool NAME FIRST LAST` lines of one name: ranges as [first, last, first, last, ...]. */
export class BenchPool {
  constructor(public name: string, public ranges: u32[]) {}
}

export class BenchConfig {
  lines: BenchLine[] = [];
  users: BenchUser[] = [];
  interfaces: BenchInterface[] = [];
  pools: BenchPool[] = [];
  execCallback: bool = false;
  /** Global `callback forced-wait` seconds, -1 none. */
  forcedWait: i32 = -1;
  /** `arap callback`. */
  arapCallback: bool = false;
  /** `arap network NET ZONE` (NET 0: not configured). */
  arapNetwork: i32 = 0;
  arapZone: string = "";
  /** `arap key-layout shifted`. */
  arapShifted: bool = false;
}

/** The chapter's recommended callback script. */
const SCRIPT: string[] = ["ABORT", "BUSY", "ABORT", "NO CARRIER", "", "ATZ", "OK", "ATDT \\T", "TIMEOUT", "30", "CONNECT", "\\c"];
/** The chapter's recommended ARA script (Telebit: no error control in the modem). */
const ARA_SCRIPT: string[] = [
  "ABORT", "ERROR", "ABORT", "BUSY", "", "ATZ", "OK", "ATS180=0", "OK", "ATS181=1", "OK", "ATDT \\T", "TIMEOUT", "60", "CONNECT", "\\c",
];

class Writer {
  bytes: u8[] = [];
  u8(v: u32): Writer {
    this.bytes.push(<u8>v);
    return this;
  }
  u16(v: u32): Writer {
    return this.u8(v & 255).u8((v >>> 8) & 255);
  }
  u32(v: u32): Writer {
    return this.u16(v & 0xffff).u16(v >>> 16);
  }
  text(s: string): Writer {
    for (let i = 0; i < s.length; i++) this.u8(<u32>s.charCodeAt(i));
    return this;
  }
  at(): u32 {
    return <u32>this.bytes.length;
  }
  put16(at: u32, v: u32): void {
    this.bytes[at] = <u8>(v & 255);
    this.bytes[at + 1] = <u8>(v >>> 8);
  }
}

function ifaceOf(c: BenchConfig, tty: i32): BenchInterface | null {
  for (let i = 0; i < c.interfaces.length; i++) if (c.interfaces[i].number == tty) return c.interfaces[i];
  return null;
}

function linesSection(c: BenchConfig, all: BenchLine[]): Writer {
  const w = new Writer().u16(all.length).u16(32);
  for (let i = 0; i < all.length; i++) {
    const l = all[i];
    let flags = l.flags;
    if (l.script) flags |= LineFlag.CallbackScript;
    if (l.arapScript) flags |= LineFlag.ArapCallbackScript;
    if (l.forcedWait >= 0) flags |= LineFlag.ForcedWaitOwn;
    if (ifaceOf(c, l.tty) != null) flags |= LineFlag.HasInterface;
    const wait = l.forcedWait >= 0 ? <u32>l.forcedWait : c.forcedWait >= 0 ? <u32>c.forcedWait : 0xffff;
    w.u16(l.tty).u16(flags).u16(l.rotary).u8(l.tty == CLIENT ? 0 : 1).u8(0).u32(0).u16(wait);
    w.u16(l.script ? 0 : 0xffff).u16(l.arapScript ? 1 : 0xffff).u8(0).u8(0).u32(600).u16(0).u16(0xffff).u16(l.script ? 1 : 0).u16(l.arapScript ? 1 : 0);
  }
  return w;
}

function usersSection(c: BenchConfig): Writer {
  const w = new Writer().u16(c.users.length).u16(24);
  const pool = new Writer();
  const poolAt = 4 + 24 * c.users.length;
  for (let i = 0; i < c.users.length; i++) {
    const u = c.users[i];
    let flags: u32 = u.password.length > 0 ? UserFlag.Password : 0;
    const dial = u.dial;
    if (dial != null) flags |= UserFlag.Dialstring | (dial.length == 0 ? UserFlag.DialstringFromCaller : 0);
    if (u.nocallbackVerify) flags |= UserFlag.NocallbackVerify;
    if (u.rotary > 0) flags |= UserFlag.Rotary;
    if (u.lineFirst > 0) flags |= UserFlag.Line;
    const nameOff = poolAt + pool.at();
    pool.text(u.name);
    const passwordOff = poolAt + pool.at();
    pool.text(u.password);
    const dialOff = poolAt + pool.at();
    const dialText = dial != null ? dial : "";
    pool.text(dialText);
    const end = poolAt + pool.at();
    w.u16(flags).u16(u.rotary).u16(u.lineFirst).u16(u.lineLast > 0 ? u.lineLast : u.lineFirst);
    w.u16(nameOff).u8(u.name.length).u8(u.password.length).u16(passwordOff).u16(dialOff).u8(dialText.length).u8(0).u16(end).u16(end).u8(0).u8(0);
  }
  for (let i = 0; i < pool.bytes.length; i++) w.u8(pool.bytes[i]);
  return w;
}

function rotariesSection(all: BenchLine[]): Writer {
  const groups: i32[] = [];
  for (let i = 0; i < all.length; i++) if (all[i].rotary > 0 && !groups.includes(all[i].rotary)) groups.push(all[i].rotary);
  groups.sort((a, b) => a - b);
  const w = new Writer().u16(groups.length).u16(12);
  for (let g = 0; g < groups.length; g++) {
    let lo: u32 = 0;
    let hi: u32 = 0;
    let n: u32 = 0;
    for (let i = 0; i < all.length; i++) {
      if (all[i].rotary != groups[g]) continue;
      const tty = all[i].tty;
      if (tty < 32) lo |= <u32>1 << <u32>tty;
      else hi |= <u32>1 << <u32>(tty - 32);
      n++;
    }
    w.u16(groups[g]).u16(n).u32(lo).u32(hi);
  }
  return w;
}

function scriptsSection(): Writer {
  let second: u32 = 12 + 1 + 4 + 1;
  for (let i = 0; i < SCRIPT.length; i++) second += 2 + <u32>SCRIPT[i].length;
  const w = new Writer().u16(2).u16(0).u32(12).u32(second);
  w.u8(4).text("dial").u8(SCRIPT.length);
  for (let i = 0; i < SCRIPT.length; i++) w.u16(SCRIPT[i].length).text(SCRIPT[i]);
  w.u8(8).text("ara-dial").u8(ARA_SCRIPT.length);
  for (let i = 0; i < ARA_SCRIPT.length; i++) w.u16(ARA_SCRIPT[i].length).text(ARA_SCRIPT[i]);
  return w;
}

function interfacesSection(c: BenchConfig): Writer {
  const sorted = c.interfaces.slice(0);
  sorted.sort((a, b) => a.number - b.number);
  const w = new Writer().u16(sorted.length).u16(20);
  for (let i = 0; i < sorted.length; i++) {
    const f = sorted[i];
    const peer = (f.flags & (1 << 11)) != 0;
    w.u16(f.number).u16(f.flags | IF_PPP).u8(peer ? 10 : 0).u8(peer ? 1 : 0).u8(peer ? 1 : 0).u8(peer ? <u32>f.number : 0);
    w.u32(bswap<u32>(f.ourAddress)).u32(f.ourAddress != 0 ? 0x00ffffff : 0).u16(10);
    const pap = (f.flags & IF_PAP) != 0;
    const chap = (f.flags & IF_CHAP) != 0;
    w.u8(pap && chap ? 1 | (2 << 2) : pap ? 1 : chap ? 2 : 0).u8((pap ? 1 : 0) + (chap ? 1 : 0));
  }
  return w;
}

function poolsSection(c: BenchConfig): Writer {
  const w = new Writer().u16(c.pools.length).u16(0);
  let at = 4 + 4 * <u32>c.pools.length;
  for (let i = 0; i < c.pools.length; i++) {
    w.u32(at);
    at += 2 + <u32>c.pools[i].name.length + 4 * <u32>c.pools[i].ranges.length;
  }
  for (let i = 0; i < c.pools.length; i++) {
    const p = c.pools[i];
    w.u8(p.name.length).text(p.name).u8(p.ranges.length / 2);
    for (let k = 0; k < p.ranges.length; k++) w.u32(bswap<u32>(p.ranges[k]));
  }
  return w;
}

// Section 12, one record per interface of section 6 in its order; the pool names follow the records.
function interfaceExtrasSection(c: BenchConfig): Writer {
  const sorted = c.interfaces.slice(0);
  sorted.sort((a, b) => a.number - b.number);
  const w = new Writer().u16(sorted.length).u16(32);
  let at = 4 + 32 * <u32>sorted.length;
  for (let i = 0; i < sorted.length; i++) {
    const f = sorted[i];
    w.u16(f.number).u16(f.extraFlags);
    for (let k = 0; k < 4; k++) w.u32(bswap<u32>(f.servers[k]));
    w.u16(at).u8(f.pool.length).u8(0).u16(at).u8(f.auth.length);
    for (let k = 0; k < 5; k++) w.u8(k < f.auth.length ? f.auth[k] : 0);
    at += <u32>f.pool.length;
  }
  for (let i = 0; i < sorted.length; i++) w.text(sorted[i].pool);
  return w;
}

function globalsSection(c: BenchConfig): Writer {
  const network = c.arapNetwork > 0;
  const flags: u32 =
    (c.execCallback ? 1 : 0) | (c.forcedWait >= 0 ? 1 << 6 : 0) | (c.arapCallback ? 1 << 4 : 0) | (network ? 1 << 5 : 0) | (c.arapShifted ? 1 << 9 : 0);
  const w = new Writer().u32(flags).u16(c.forcedWait >= 0 ? <u32>c.forcedWait : 0xffff).u16(0).u16(0).u16(0).u16(network ? <u32>c.arapNetwork : 0).u16(0);
  return w.u16(24).u8(0).u8(c.arapZone.length).u16(24).u16(0).text(c.arapZone);
}

/** The image of `c` with the client's line added (CRC and all); its bytes stay alive for the core. */
export function benchImage(c: BenchConfig): StaticArray<u8> {
  const all: BenchLine[] = [new BenchLine(CLIENT, LineFlag.FrameMonitor, 0, false)];
  for (let i = 0; i < c.lines.length; i++) all.push(c.lines[i]);
  const sections: Writer[] = [
    new Writer().u32(2048).u32(8192).u32(1572).u32(4096).u32(262144),
    linesSection(c, all), usersSection(c), rotariesSection(all), scriptsSection(), interfacesSection(c), globalsSection(c),
    poolsSection(c), interfaceExtrasSection(c),
  ];
  const types: u32[] = [1, 2, 3, 4, 5, 6, 7, 11, 12];
  const out = new Writer().u32(0x4b424c44).u16(1).u16(24).u32(0).u32(0).u16(sections.length).u16(0).u32(0);
  const dir = out.at();
  for (let i = 0; i < sections.length; i++) out.u16(types[i]).u16(0).u32(0).u32(0);
  for (let i = 0; i < sections.length; i++) {
    while (out.at() & 3) out.u8(0);
    const at = out.at();
    const s = sections[i].bytes;
    for (let k = 0; k < s.length; k++) out.u8(s[k]);
    const entry = dir + <u32>i * 12;
    out.put16(entry + 4, at & 0xffff);
    out.put16(entry + 6, at >>> 16);
    out.put16(entry + 8, <u32>s.length & 0xffff);
    out.put16(entry + 10, <u32>s.length >>> 16);
  }
  while (out.at() & 3) out.u8(0);
  const image = new StaticArray<u8>(out.bytes.length);
  for (let i = 0; i < image.length; i++) image[i] = out.bytes[i];
  const p = ptrOf(image);
  store<u32>(p, image.length, 8);
  store<u32>(p, ~fcs32Update(FCS32_INIT, p + 16, image.length - 16), 12);
  return image;
}

/** One event as the host reads it. */
export class Ev {
  constructor(public kind: i32, public line: i32, public a0: i32, public a1: i32, public a2: i32, public a3: i32, public data: string) {}
}

/** The client's pppOpen options (tests/core/support/session.ts layout): credentials and what it asks for. */
export function clientOptions(user: string, secret: string, callback: u8 = 0, operation: u8 = 0, cbcpType: u8 = 0, number: string = ""): StaticArray<u8> {
  return options(user.length > 0 ? 1 : 0, callback, operation, cbcpType, 0, 0, user, secret, number, 0, 0);
}

function textOf(ptr: usize, len: i32): string {
  let s = "";
  for (let i = 0; i < len; i++) s += String.fromCharCode(load<u8>(ptr + <usize>i));
  return s;
}

/** An ARA caller's arapOpen options (boards/abi.md): flags (1 trace, 2 shifted key, 4 answering), then user, password, number. */
export function arapClientOptions(user: string, password: string, number: string = "", flags: u8 = 1): StaticArray<u8> {
  const o = new StaticArray<u8>(132);
  o[0] = flags;
  o[1] = <u8>user.length;
  o[2] = <u8>password.length;
  o[3] = <u8>number.length;
  for (let i = 0; i < user.length; i++) o[4 + i] = <u8>user.charCodeAt(i);
  for (let i = 0; i < password.length; i++) o[36 + i] = <u8>password.charCodeAt(i);
  for (let i = 0; i < number.length; i++) o[100 + i] = <u8>number.charCodeAt(i);
  return o;
}

export class CoreBench {
  now: f64 = 0;
  /** Server line in a call with the caller, -1 none. */
  connected: i32 = -1;
  /** What the modem answers to ATD: CONNECT (the caller answers) or a failure text. */
  dialAnswer: string = "CONNECT 9600";
  /** The caller is a terminal (EXEC): server output goes to `screen`, PPP is not started. */
  terminal: bool = false;
  screen: string = "";
  /** The caller's modem keeps the call up when the server drops DTR (a caller who holds the line). */
  holdsLine: bool = false;
  /** Options the caller's PPP client answers a callback with. */
  answer: StaticArray<u8> = clientOptions("", "");
  /** The caller is an ARA client: these arapOpen options answer the callback (null: a PPP or terminal caller). */
  arapAnswer: StaticArray<u8> | null = null;
  events: Ev[] = [];
  /** Numbers the server's modems were told to dial, and on which line. */
  dialled: string[] = [];
  dialledLines: i32[] = [];
  serverLines: i32[] = [];
  private commands: Map<i32, string> = new Map();
  /** The core reads its sections in place: the image lives as long as the bench. */
  private image: StaticArray<u8>;

  /** init() with the image of `c`; the status must be 0. */
  constructor(c: BenchConfig) {
    this.image = benchImage(c);
    expect(init(ptrOf(this.image), this.image.length)).toBe(0, "init refused the bench image");
    const seed = asciiBytes("bench entropy, not a secret");
    entropyPush(ptrOf(seed), seed.length);
    for (let i = 0; i < c.lines.length; i++) this.serverLines.push(c.lines[i].tty);
    // The core's clock never goes back: a bench after another one goes on from its time.
    this.now = clockNow();
    tick(this.now);
  }

  /** The caller's modem reaches server line `line` and its PPP client starts with `opts`. */
  dialIn(line: i32, opts: StaticArray<u8>): void {
    this.connected = line;
    lineSignals(line, SIGNAL_DCD | SIGNALS_IDLE);
    expect(pppOpen(CLIENT, 1, ptrOf(opts), opts.length)).toBe(0, "client pppOpen");
  }

  /** The caller's modem reaches server line `line` and its ARA client starts with `opts` (it initiates MNP). */
  dialInArap(line: i32, opts: StaticArray<u8>): void {
    this.connected = line;
    lineSignals(line, SIGNAL_DCD | SIGNALS_IDLE);
    expect(arapOpen(CLIENT, 1, ptrOf(opts), opts.length)).toBe(0, "client arapOpen");
  }

  /** A caller at a terminal reaches server line `line`. */
  dialInTerminal(line: i32): void {
    this.terminal = true;
    this.connected = line;
    lineSignals(line, SIGNAL_DCD | SIGNALS_IDLE);
  }

  /** Starts the caller's PPP client over the call that is up (after the EXEC `ppp` command). */
  startPpp(opts: StaticArray<u8>): void {
    this.terminal = false;
    expect(pppOpen(CLIENT, 1, ptrOf(opts), opts.length)).toBe(0, "client pppOpen");
  }

  /** The caller types `text` on the call that is up. */
  type(text: string): void {
    if (this.connected < 0) return;
    const b = asciiBytes(text);
    this.push(this.connected, ptrOf(b), b.length);
  }

  /** The caller hangs up: carrier drops on the server line, the client session ends. */
  hangUp(): void {
    if (this.connected < 0) return;
    lineSignals(this.connected, SIGNALS_IDLE);
    pppLowerDown(CLIENT);
    arapLowerDown(CLIENT);
    this.connected = -1;
  }

  private push(line: i32, ptr: usize, len: i32): void {
    let at = 0;
    for (let round = 0; at < len && round < 100; round++) {
      at += rxPush(line, ptr + <usize>at, len - at);
      if (at < len) this.drain();
    }
  }

  /** Takes every queued event into `events`. */
  drain(): void {
    for (let kind = eventNext(); kind != 0; kind = eventNext()) {
      const e = eventPtr();
      const line = <i32>load<u16>(e, 4);
      const data = textOf(<usize>load<u32>(e, 24), <i32>load<u32>(e, 28));
      const ev = new Ev(kind, line, load<i32>(e, 8), load<i32>(e, 12), load<i32>(e, 16), load<i32>(e, 20), data);
      this.events.push(ev);
      if (kind == EventKind.SignalsSet && (ev.a0 & OUTPUT_DTR) == 0 && line == this.connected && !this.holdsLine) this.hangUp();
    }
  }

  // Takes what the core queued on `line` as text.
  private txTake(line: i32): StaticArray<u8> {
    let out = new StaticArray<u8>(0);
    for (let n = txPeek(line); n > 0; n = txPeek(line)) {
      const more = new StaticArray<u8>(out.length + n);
      memory.copy(ptrOf(more), ptrOf(out), out.length);
      memory.copy(ptrOf(more) + <usize>out.length, txPtr(line), n);
      txCommit(line, n);
      out = more;
    }
    return out;
  }

  private serveModem(line: i32, text: string): void {
    let pending = (this.commands.has(line) ? this.commands.get(line) : "") + text;
    for (let cr = pending.indexOf("\r"); cr >= 0; cr = pending.indexOf("\r")) {
      const command = pending.substring(0, cr).trim().toUpperCase();
      pending = pending.substring(cr + 1);
      if (!command.startsWith("AT")) continue;
      if (!command.startsWith("ATD")) {
        const ok = asciiBytes("\r\nOK\r\n");
        this.push(line, ptrOf(ok), ok.length);
        continue;
      }
      let number = command.substring(3);
      if (number.startsWith("T")) number = number.substring(1);
      this.dialled.push(number.trim());
      this.dialledLines.push(line);
      const reply = asciiBytes("\r\n" + this.dialAnswer + "\r\n");
      this.push(line, ptrOf(reply), reply.length);
      if (this.dialAnswer.startsWith("CONNECT") && this.connected < 0) {
        this.connected = line;
        lineSignals(line, SIGNAL_DCD | SIGNALS_IDLE);
        const ara = this.arapAnswer;
        if (ara != null) arapOpen(CLIENT, 1, ptrOf(ara), ara.length);
        else if (!this.terminal) pppOpen(CLIENT, 1, ptrOf(this.answer), this.answer.length);
      }
    }
    this.commands.set(line, pending);
  }

  /** One round: timers, events, then bytes across the call or to the modems. */
  step(): void {
    tick(this.now);
    this.drain();
    for (let i = 0; i < this.serverLines.length; i++) {
      const line = this.serverLines[i];
      const out = this.txTake(line);
      if (out.length == 0) continue;
      if (line == this.connected && this.terminal) this.screen += textOf(ptrOf(out), out.length);
      else if (line == this.connected) this.push(CLIENT, ptrOf(out), out.length);
      else this.serveModem(line, textOf(ptrOf(out), out.length));
    }
    const back = this.txTake(CLIENT);
    if (back.length > 0 && this.connected >= 0 && !this.terminal) this.push(this.connected, ptrOf(back), back.length);
    this.drain();
  }

  /** Runs `ms` of virtual time in 50 ms steps. */
  run(ms: f64): void {
    const end = this.now + ms;
    while (this.now <= end) {
      this.step();
      this.now += 50;
    }
  }

  /** Runs until `count` callbacks have finished or `ms` have passed; true when they did. */
  runUntilFinished(count: i32, ms: f64): bool {
    const end = this.now + ms;
    while (this.now <= end) {
      this.step();
      if (this.count(CallbackEvent.Finished) >= count) return true;
      this.now += 50;
    }
    return false;
  }

  /** Runs until `text` is on the caller's screen or `ms` have passed. */
  runUntilScreen(text: string, ms: f64): bool {
    const end = this.now + ms;
    while (this.now <= end) {
      this.step();
      if (this.screen.includes(text)) return true;
      this.now += 50;
    }
    return false;
  }

  count(kind: i32): i32 {
    let n = 0;
    for (let i = 0; i < this.events.length; i++) if (this.events[i].kind == kind) n++;
    return n;
  }

  countOn(kind: i32, line: i32): i32 {
    let n = 0;
    for (let i = 0; i < this.events.length; i++) if (this.events[i].kind == kind && this.events[i].line == line) n++;
    return n;
  }

  /** The first event of `kind`; fails the spec when there is none. */
  first(kind: i32): Ev {
    for (let i = 0; i < this.events.length; i++) if (this.events[i].kind == kind) return this.events[i];
    expect(kind).toBe(-1, "no event of that kind");
    return new Ev(0, 0, 0, 0, 0, 0, "");
  }
}
