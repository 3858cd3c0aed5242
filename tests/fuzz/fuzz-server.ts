// The dialback core under fuzz, driven through the raw board ABI with as little host work
// per call as possible: every core call is timed, events are read in place, each line's
// modem answers AT commands, and AAA questions are answered, refused or left unanswered.

import { Core } from "../../host/core/core.ts";
import type { CoreExports } from "../../host/core/abi.ts";
import { EventKind, LineEvent, LineState, Signal, Output } from "../../host/core/abi.ts";
import { Rng } from "./rng.ts";
import { HdlcDeframer, PROTO } from "../support/ppp-frames.ts";
import { emptyContext, PeerContext } from "./frame-gen.ts";
import { MnpDeframer, MnpContext, emptyMnpContext, observeMnp } from "./mnp-gen.ts";
import { arapAuthResult, ArapEvent, PROTOCOL_ARAP } from "../../host/core/arap.ts";

export const CARRIER = Signal.DCD | Signal.DSR | Signal.CTS;
export const NO_CARRIER = Signal.DSR | Signal.CTS;
/** Real time (ms) no single core call may take. */
export const CALL_LIMIT_MS = 1000;

/** Durations of every core call that does work (rxPush, tick, lineSignals, AAA answers). */
export class Timings {
  private samples = new Float64Array(1 << 16);
  count = 0;
  max = 0;
  maxWhat = "";
  /** Calls over the limit in wall time but not in CPU time (the machine was busy elsewhere). */
  preempted = 0;
  /** Where the harness is (life and episode), named with the slowest calls. */
  where = "";
  /** The five slowest calls, slowest first. */
  readonly slowest: { ms: number; what: string }[] = [];

  add(ms: number, what: string): void {
    if (this.count === this.samples.length) {
      const grown = new Float64Array(this.samples.length * 2);
      grown.set(this.samples);
      this.samples = grown;
    }
    this.samples[this.count++] = ms;
    if (ms > this.max) {
      this.max = ms;
      this.maxWhat = what;
    }
    if (this.slowest.length < 5 || ms > this.slowest[4].ms) {
      this.slowest.push({ ms, what: `${what} in ${this.where}` });
      this.slowest.sort((a, b) => b.ms - a.ms);
      this.slowest.length = Math.min(this.slowest.length, 5);
    }
  }

  percentile(p: number): number {
    if (this.count === 0) return 0;
    const sorted = this.samples.slice(0, this.count).sort();
    return sorted[Math.min(this.count - 1, Math.floor((p / 100) * this.count))];
  }
}

/** A core call took longer than CALL_LIMIT_MS. */
export class SlowCall extends Error {}

/** How a line's modem answers a dial command. */
export type DialAnswer = "connect" | "busy" | "silent" | "random";

interface AaaQuestion {
  line: number;
  token: number;
  name: Uint8Array;
  protocol: number;
}

export class FuzzServer {
  readonly ex: CoreExports;
  readonly mem: Uint8Array;
  private view: DataView;
  now = 0;
  /** Each line's state as the core last reported it. */
  readonly state = new Int32Array(64);
  readonly carrier = new Uint8Array(64);
  readonly dtr = new Uint8Array(64).fill(1);
  /** Bytes each line sent since the last look, for the modem and the frame reader. */
  private modemText: string[] = new Array<string>(64).fill("");
  private deframers: HdlcDeframer[] = Array.from({ length: 64 }, () => new HdlcDeframer());
  readonly context: PeerContext[] = Array.from({ length: 64 }, () => emptyContext());
  /** ARAP lines: the session's and the MNP link's state as last reported, and what the server's MNP said. */
  readonly arapState = new Int32Array(64);
  readonly mnpState = new Int32Array(64);
  readonly mnpContext: MnpContext[] = Array.from({ length: 64 }, () => emptyMnpContext());
  private mnpDeframers: MnpDeframer[] = Array.from({ length: 64 }, () => new MnpDeframer());
  /** Frames the server sent on the lines (for setups that wait for one). */
  framesOut: { line: number; frame: Uint8Array }[] = [];
  keepFramesOut = false;
  dialAnswer: DialAnswer = "silent";
  /** Dial commands each line's modem has seen. */
  readonly dialsSeen = new Uint32Array(64);
  /** Where a line's output goes besides the harness (a peer core during setup). */
  readonly sinks: (((bytes: Uint8Array) => void) | null)[] = new Array(64).fill(null);
  /** Whether a modem drops carrier when DTR drops (&D2); otherwise the caller holds the line. */
  modemFollowsDtr = true;
  /** AAA: the share of questions answered (accepted or refused); the rest are never answered. */
  aaaAnswerShare = 0;
  private questions: AaaQuestion[] = [];
  private pendingInput: { line: number; bytes: Uint8Array }[] = [];
  private pendingSignals: { line: number; mask: number }[] = [];
  readonly timings: Timings;
  events = 0;
  callbackDialled = 0;
  /** The last actions, for a reproducer (bytes kept as copies, printed only on failure). */
  readonly log: (string | { line: number; bytes: Uint8Array })[] = [];
  logging = false;

  constructor(
    readonly core: Core,
    readonly lines: number[],
    readonly rng: Rng,
    timings: Timings,
  ) {
    this.ex = core.exports;
    this.mem = new Uint8Array(this.ex.memory.buffer);
    this.view = new DataView(this.ex.memory.buffer);
    this.timings = timings;
  }

  private note(text: string | { line: number; bytes: Uint8Array }): void {
    if (!this.logging) return;
    this.log.push(text);
    if (this.log.length > 48) this.log.shift();
  }

  private t0 = 0;
  private c0: NodeJS.CpuUsage = { user: 0, system: 0 };
  /** When the core call under way began (absolute ms, 0 = none), for a watchdog on another thread. */
  watch: Float64Array | null = null;

  // Marks the start of a core call.
  private begin(): void {
    this.c0 = process.cpuUsage();
    this.t0 = performance.now();
    if (this.watch) this.watch[0] = performance.timeOrigin + this.t0;
  }

  // Wall time is what is reported; a call over the limit fails only if it also used that
  // much CPU, so a test machine busy with other work does not fail the run.
  private time(what: string): void {
    const ms = performance.now() - this.t0;
    if (this.watch) this.watch[0] = 0;
    this.timings.add(ms, what);
    if (ms <= CALL_LIMIT_MS) return;
    const cpu = process.cpuUsage(this.c0);
    const cpuMs = (cpu.user + cpu.system) / 1000;
    if (cpuMs > CALL_LIMIT_MS) throw new SlowCall(`${what} took ${ms.toFixed(0)} ms (${cpuMs.toFixed(0)} ms of CPU)`);
    this.timings.preempted++;
  }

  /** The log as text: rx LINE HEX, sig LINE MASK, tick MS, aaa LINE TOKEN VERDICT, ip LINE LEN, entropy LEN. */
  logText(): string[] {
    return this.log.map((l) => (typeof l === "string" ? l : `rx ${l.line} ${Buffer.from(l.bytes).toString("hex")}`));
  }

  /** Offers `bytes` to `line` through its receive window, draining events whenever it stops taking. */
  push(line: number, bytes: Uint8Array): void {
    if (this.logging) this.note({ line, bytes: bytes.slice() });
    const window = this.ex.rxBuffer(line);
    const size = this.ex.rxBufferSize(line);
    let at = 0;
    let stalls = 0;
    while (at < bytes.length) {
      const n = Math.min(size, bytes.length - at);
      this.mem.set(bytes.subarray(at, at + n), window);
      this.begin();
      const taken = this.ex.rxPush(line, window, n);
      this.time(`rxPush(${line}, ${n} bytes)`);
      at += taken;
      if (taken < n) {
        // The event ring is full: take the events and offer the rest again.
        if (++stalls > 1000) throw new Error(`line ${line} stopped taking input with its events drained`);
        this.drain();
      }
      this.drain();
    }
  }

  signals(line: number, mask: number): void {
    this.note(`sig ${line} ${mask}`);
    this.carrier[line] = mask & Signal.DCD ? 1 : 0;
    this.begin();
    this.ex.lineSignals(line, mask);
    this.time(`lineSignals(${line}, ${mask})`);
    this.drain();
  }

  /** The deadline the last tick returned (-1 none): where a jump in time goes. */
  nextDeadline = -1;

  /** Runs timers at the current time; returns the next deadline or -1. */
  tick(): number {
    this.note(`tick ${this.now}`);
    this.begin();
    const next = this.ex.tick(this.now);
    this.time(`tick(${this.now})`);
    this.nextDeadline = next;
    this.drain();
    return next;
  }

  /** Takes every event, reading in place what the harness acts on. */
  drain(): void {
    const ex = this.ex;
    const v = this.view;
    for (let kind = ex.eventNext(); kind !== 0; kind = ex.eventNext()) {
      this.events++;
      const p = ex.eventPtr();
      const line = v.getUint16(p + 4, true);
      if (kind === LineEvent.LineState) {
        this.state[line] = v.getInt32(p + 8, true);
      } else if (kind === EventKind.SignalsSet) {
        const dtr = v.getInt32(p + 8, true) & Output.DTR ? 1 : 0;
        if (!dtr && this.dtr[line] && this.carrier[line] && this.modemFollowsDtr) this.pendingSignals.push({ line, mask: NO_CARRIER });
        this.dtr[line] = dtr;
      } else if (kind === EventKind.AuthRequest) {
        const dataPtr = v.getUint32(p + 24, true);
        const nameLen = v.getInt32(p + 12, true);
        const protocol = v.getInt32(p + 8, true);
        this.questions.push({ line, token: v.getInt32(p + 16, true) >>> 0, name: this.mem.slice(dataPtr, dataPtr + nameLen), protocol });
      } else if (kind === ArapEvent.ArapPhase) {
        // arg0 the session's state, arg2 the MNP link's
        this.arapState[line] = v.getInt32(p + 8, true);
        this.mnpState[line] = v.getInt32(p + 16, true);
      } else if (kind === 82) {
        this.callbackDialled++; // CallbackDialling
      }
    }
    this.readOutput();
  }

  // What the lines sent: dial commands for the modems, frames for the peer's context.
  private readOutput(): void {
    const ex = this.ex;
    for (const line of this.lines) {
      for (let n = ex.txPeek(line); n > 0; n = ex.txPeek(line)) {
        const ptr = ex.txPtr(line);
        const st = this.state[line];
        const sink = this.sinks[line];
        if (sink) sink(this.mem.slice(ptr, ptr + n));
        if (st === LineState.Dialling) {
          this.modemText[line] += Buffer.from(this.mem.subarray(ptr, ptr + n)).toString("latin1");
          this.serveModem(line);
        } else if (st === LineState.Ppp) {
          for (const f of this.deframers[line].push(this.mem.subarray(ptr, ptr + n))) this.observe(line, f);
        } else if (st === LineState.Arap) {
          for (const f of this.mnpDeframers[line].push(this.mem.subarray(ptr, ptr + n))) observeMnp(this.mnpContext[line], f);
        }
        ex.txCommit(line, n);
      }
    }
  }

  // The server's own packets: what a peer would answer next.
  private observe(line: number, f: Uint8Array): void {
    if (this.keepFramesOut) this.framesOut.push({ line, frame: f });
    let p = f[0] === 0xff && f[1] === 0x03 ? 2 : 0;
    const protocol = f[p] & 1 ? f[p++] : (f[p++] << 8) | f[p++];
    if (f.length < p + 4) return;
    const code = f[p];
    const id = f[p + 1];
    const len = Math.min(f.length - p, (f[p + 2] << 8) | f[p + 3]);
    const data = Array.from(f.subarray(p + 4, p + Math.max(4, len)));
    const ctx = this.context[line];
    if (protocol === PROTO.LCP && code === 1) ctx.lcpReq = { id, options: data };
    else if (protocol === PROTO.LCP && code === 9) ctx.echoId = id;
    else if (protocol === PROTO.LCP && code === 5) ctx.termId = id;
    else if (protocol === PROTO.CHAP && code === 1 && data.length > 0) ctx.chap = { id, value: data.slice(1, 1 + data[0]) };
    else if (protocol === PROTO.CBCP && code === 1) ctx.cbcpReq = { id, options: data };
    else if (protocol === PROTO.IPCP && code === 1) ctx.ipcpReq = { id, options: data };
  }

  // A Hayes modem on each dialling line: OK to commands, the chosen answer to ATD.
  private serveModem(line: number): void {
    let text = this.modemText[line];
    for (let cr = text.indexOf("\r"); cr >= 0; cr = text.indexOf("\r")) {
      const command = text.slice(0, cr).trim().toUpperCase();
      text = text.slice(cr + 1);
      if (!command.startsWith("AT")) continue;
      if (command.startsWith("ATD")) this.dialsSeen[line]++;
      if (!command.startsWith("ATD")) {
        this.pendingInput.push({ line, bytes: Buffer.from("\r\nOK\r\n") });
        continue;
      }
      const answer =
        this.dialAnswer === "random" ? this.rng.pick(["connect", "connect", "busy", "silent", "NO CARRIER", "NO DIALTONE", "ERROR"]) : this.dialAnswer;
      if (answer === "silent") continue;
      if (answer === "connect") {
        this.pendingInput.push({ line, bytes: Buffer.from("\r\nCONNECT 9600\r\n") });
        this.pendingSignals.push({ line, mask: CARRIER });
      } else {
        this.pendingInput.push({ line, bytes: Buffer.from(`\r\n${answer === "busy" ? "BUSY" : answer}\r\n`) });
      }
    }
    this.modemText[line] = text;
  }

  /** Delivers what the modems and the AAA server have to say; loops until nothing is left. */
  service(): void {
    for (let round = 0; round < 64; round++) {
      const input = this.pendingInput.shift();
      const sig = input ? undefined : this.pendingSignals.shift();
      if (input) this.push(input.line, input.bytes);
      else if (sig) this.signals(sig.line, sig.mask);
      else if (!this.answerAaa()) return;
    }
  }

  // One AAA question: accepted (with or without callback data), refused, answered with a
  // stale token, or left for the core's own timeout.
  private answerAaa(): boolean {
    const q = this.questions.shift();
    if (!q) return false;
    if (!this.rng.chance(this.aaaAnswerShare)) return true;
    const rng = this.rng;
    const verdict = rng.weighted([[5, 1], [4, 0], [1, 2]] as const);
    const token = verdict === 2 ? (q.token + 1) >>> 0 : q.token;
    if (q.protocol === PROTOCOL_ARAP) {
      // An ARAP check: accepted with a response that may or may not prove anything, refused, or stale.
      this.note(`arap ${q.line} ${token} ${verdict}`);
      this.begin();
      arapAuthResult(this.core, q.line, verdict === 1, token, Uint8Array.from(rng.bytes(8)));
      this.time(`arapAuthResult(${q.line})`);
      this.drain();
      return true;
    }
    if (verdict === 1) {
      const base = this.ex.pppParamBuffer();
      const dial = Buffer.from(rng.pick(["", "5551234", "0900666", "555-CALL-ME; rm"]), "latin1");
      const pattern = Buffer.from(rng.pick(["", "555....", "^0900"]), "latin1");
      this.mem.set(q.name, base);
      this.mem.set(dial, base + q.name.length);
      this.mem.set(pattern, base + q.name.length + dial.length);
      const flags = rng.int(4); // USER_CALLBACK, USER_NOCALLBACK_VERIFY
      this.begin();
      const dialAt = base + q.name.length;
      this.ex.aaaUserSet(base, q.name.length, flags, dialAt, dial.length, rng.pick([0, 77]), 0, 0, dialAt + dial.length, pattern.length);
      this.time("aaaUserSet");
    }
    this.note(`aaa ${q.line} ${token} ${verdict}`);
    this.begin();
    this.ex.authResult(q.line, verdict === 1 ? 1 : 0, token);
    this.time(`authResult(${q.line})`);
    this.drain();
    return true;
  }

  /** What a server's host does besides moving bytes: IP replies into a line's link, fresh entropy. */
  hostCall(line: number): void {
    const rng = this.rng;
    const base = this.ex.pppParamBuffer();
    const bytes = Uint8Array.from(rng.bytes(rng.chance(0.5) ? rng.range(0, 64) : rng.range(64, 2048)));
    this.mem.set(bytes, base);
    this.begin();
    if (rng.chance(0.8)) {
      this.note(`ip ${line} ${bytes.length}`);
      this.ex.ipPush(line, base, bytes.length);
      this.time(`ipPush(${line}, ${bytes.length} bytes)`);
    } else {
      this.note(`entropy ${bytes.length}`);
      this.ex.entropyPush(base, Math.min(bytes.length, 2048));
      this.time(`entropyPush(${bytes.length} bytes)`);
    }
    this.drain();
  }

  /** Forgets what the harness knew about the lines' peers (a new call). */
  forget(line: number): void {
    this.context[line] = emptyContext();
    this.deframers[line] = new HdlcDeframer();
    this.mnpContext[line] = emptyMnpContext();
    this.mnpDeframers[line] = new MnpDeframer();
    this.modemText[line] = "";
  }

  /** Runs timers and the modems until nothing is due before `until`; returns the next deadline or -1. */
  runUntil(until: number, done: () => boolean = () => false, maxSteps = 2000): number {
    let next = -1;
    for (let step = 0; step < maxSteps; step++) {
      next = this.tick();
      this.service();
      if (done()) return next;
      if (next < 0 || next > until) break;
      this.now = Math.max(this.now, next);
    }
    if (until > this.now) this.now = until;
    return this.tick();
  }
}
