// A Hayes-compatible modem on a line of the virtual telephone network. Its DTE side takes
// bytes and DTR/RTS and gives bytes and DCD/RI/DSR/CTS; its line side is a network
// Subscriber. Command parsing lives in at-parser.ts, settings in profile.ts.

import { CallState, EndReason, type Call } from "../call.ts";
import type { PhoneLine, Subscriber, TelephoneNetwork } from "../network.ts";
import type { Scheduler, Timer } from "../scheduler.ts";
import { isParseError, parseCommandLine, type AtCommand } from "./at-parser.ts";
import { EscapeDetector } from "./escape.ts";
import { copyProfile, factoryProfile, S, type ModemProfile } from "./profile.ts";
import { formatResult, ResultCode } from "./results.ts";

export enum ModemMode {
  /** Command state, on hook (or off hook with ATH1). */
  Command = "command",
  /** Dialled, waiting for the call to be answered and trained. */
  Dialling = "dialling",
  /** Answered, waiting for carrier. */
  Answering = "answering",
  /** Data passes between the DTE and the far modem. */
  Online = "online",
  /** Command state with the call still up (after +++ or &D1 DTR drop). */
  OnlineCommand = "online-command",
}

export interface ModemSignals {
  dcd: boolean;
  ri: boolean;
  dsr: boolean;
  cts: boolean;
}

export interface ModemInputs {
  dtr: boolean;
  rts: boolean;
}

export interface ModemOptions {
  /** Highest line rate this modem trains to (bits per second). */
  maxRate?: number;
  /** Settings that differ from factory defaults, applied at power-on and stored for ATZ. */
  profile?: Partial<Omit<ModemProfile, "s">> & { s?: Record<number, number> };
  /** Text ATI prints. */
  identity?: string;
}

type Output = { data: Uint8Array } | { signals: ModemSignals };

const MAX_COMMAND_LINE = 255;
const DIAL_TONE_WAIT_MS = 300;
const TONE_DIGIT_MS = 140;
const PULSE_DIGIT_MS = 1000;

export class HayesModem implements Subscriber {
  readonly maxRate: number;
  readonly line: PhoneLine;
  readonly identity: string;
  onOutput: (data: Uint8Array) => void = () => {};
  onSignals: (signals: ModemSignals) => void = () => {};

  private readonly scheduler: Scheduler;
  private profile: ModemProfile;
  private stored: ModemProfile;
  private modeNow = ModemMode.Command;
  private call: Call | null = null;
  private ringing: Call | null = null;
  private inputs: ModemInputs = { dtr: true, rts: true };
  private commandLine = "";
  private lastCommand = "";
  private readonly escape: EscapeDetector;
  private carrierUp = false;
  private riOn = false;
  private dead = false;
  private carrierWait: Timer | null = null;
  private dialTimer: Timer | null = null;
  private riTimer: Timer | null = null;
  private lastSignals: ModemSignals;
  private queue: Output[] = [];
  private flushScheduled = false;

  constructor(
    private readonly network: TelephoneNetwork,
    number: string,
    options: ModemOptions = {},
  ) {
    this.scheduler = network.scheduler;
    this.maxRate = options.maxRate ?? 33600;
    this.identity = options.identity ?? "dialback simulated Hayes modem";
    const p = factoryProfile();
    const { s, ...rest } = options.profile ?? {};
    Object.assign(p, rest);
    for (const [reg, value] of Object.entries(s ?? {})) p.s[Number(reg)] = value;
    this.profile = p;
    this.stored = copyProfile(p);
    this.escape = new EscapeDetector(
      () => this.profile.s[S.EscapeChar],
      () => this.profile.s[S.EscapeGuard] * 20,
    );
    this.line = network.attach(number, this);
    this.lastSignals = this.signals();
  }

  get mode(): ModemMode {
    return this.modeNow;
  }

  get settings(): Readonly<ModemProfile> {
    return this.profile;
  }

  get number(): string {
    return this.line.number;
  }

  /** The call this modem is on (dialling, answering, online), if any. */
  get activeCall(): Call | null {
    return this.call;
  }

  signals(): ModemSignals {
    const connected = this.carrierUp;
    return {
      dcd: this.profile.dcdMode === 0 ? !this.dead : connected,
      ri: this.riOn,
      dsr: !this.dead && (this.profile.dsrMode === 0 || connected),
      cts: !this.dead,
    };
  }

  // ---- DTE side -------------------------------------------------------------------

  /** Bytes from the DTE. */
  write(data: Uint8Array): void {
    if (this.dead) return;
    let online: number[] | null = null;
    for (const b of data) {
      switch (this.modeNow) {
        case ModemMode.Online:
          (online ??= []).push(b);
          if (this.escape.byte(b, this.scheduler.now())) this.armEscape();
          break;
        case ModemMode.Dialling:
        case ModemMode.Answering:
          // Any character from the DTE aborts a call attempt (V.250 §6.3.1).
          this.hangupLocal();
          this.result(ResultCode.NoCarrier);
          return;
        default:
          this.commandByte(b);
      }
    }
    if (online && this.call) this.call.send(this.line, Uint8Array.from(online));
  }

  setInputs(inputs: ModemInputs): void {
    const dtrFell = this.inputs.dtr && !inputs.dtr;
    this.inputs = { ...inputs };
    if (dtrFell && !this.dead) this.dtrDropped();
  }

  getInputs(): ModemInputs {
    return { ...this.inputs };
  }

  private dtrDropped(): void {
    const inCall = this.call !== null || this.modeNow !== ModemMode.Command;
    switch (this.profile.dtrMode) {
      case 1:
        if (this.modeNow === ModemMode.Online) {
          this.modeNow = ModemMode.OnlineCommand;
          this.result(ResultCode.Ok);
        }
        return;
      case 2:
        if (inCall) {
          this.hangupLocal();
          this.result(ResultCode.NoCarrier);
        }
        this.line.offHook = false;
        return;
      case 3:
        if (inCall) this.hangupLocal();
        this.line.offHook = false;
        this.profile = copyProfile(this.stored);
        this.commandLine = "";
        this.updateSignals();
        return;
      default:
        return;
    }
  }

  private armEscape(): void {
    const guard = this.profile.s[S.EscapeGuard] * 20;
    this.scheduler.after(guard, () => {
      if (this.modeNow === ModemMode.Online && this.escape.confirmed(this.scheduler.now())) {
        this.modeNow = ModemMode.OnlineCommand;
        this.result(ResultCode.Ok);
      }
    });
  }

  private commandByte(b: number): void {
    const s = this.profile.s;
    if (this.profile.echo) this.emit(Uint8Array.of(b));
    if (b === s[S.CrChar]) {
      const text = this.commandLine;
      this.commandLine = "";
      this.commandLineDone(text);
      return;
    }
    if (b === s[S.BackspaceChar]) {
      this.commandLine = this.commandLine.slice(0, -1);
      return;
    }
    if (b < 32 || b > 126) return; // LF and other controls are not part of a command line
    if (b === 0x2f && /^\s*a$/i.test(this.commandLine)) {
      // "A/" repeats the last command line at once, without a carriage return.
      this.commandLine = "";
      if (this.profile.echo) this.emit(Uint8Array.of(s[S.CrChar]));
      this.commandLineDone(this.lastCommand);
      return;
    }
    this.commandLine += String.fromCharCode(b);
  }

  private commandLineDone(raw: string): void {
    const text = raw.trimStart();
    if (text.length > MAX_COMMAND_LINE) {
      this.result(ResultCode.Error);
      return;
    }
    if (!/^at/i.test(text)) return; // a line without the AT prefix is not a command
    this.lastCommand = text;
    const parsed = parseCommandLine(text.slice(2));
    if (isParseError(parsed)) {
      this.result(ResultCode.Error);
      return;
    }
    for (const cmd of parsed) {
      const outcome = this.execute(cmd);
      if (outcome === "error") {
        this.result(ResultCode.Error);
        return;
      }
      if (outcome === "async") return; // the result comes when the call does
    }
    this.result(ResultCode.Ok);
  }

  private execute(cmd: AtCommand): "ok" | "error" | "async" {
    const p = this.profile;
    const flag = (v: number | null): boolean | null => (v === null || v === 0 ? false : v === 1 ? true : null);
    switch (cmd.kind) {
      case "ignored":
        return "ok";
      case "sQuery": {
        const text = String(p.s[cmd.register]).padStart(3, "0");
        this.emitLine(text);
        return "ok";
      }
      case "sSet":
        if (cmd.register === S.RingCount) return "ok"; // a counter: writes have no effect
        p.s[cmd.register] = cmd.value;
        return "ok";
      case "dial":
        return this.dial(cmd.number, cmd.modifiers, cmd.pulse);
      case "ampersand": {
        const v = cmd.value ?? 0;
        switch (cmd.letter) {
          case "F":
            this.profile = factoryProfile();
            this.updateSignals();
            return "ok";
          case "W":
            this.stored = copyProfile(p);
            return "ok";
          case "C":
            if (v > 1) return "error";
            p.dcdMode = v;
            this.updateSignals();
            return "ok";
          case "D":
            if (v > 3) return "error";
            p.dtrMode = v;
            return "ok";
          case "S":
            if (v > 1) return "error";
            p.dsrMode = v;
            this.updateSignals();
            return "ok";
          case "K":
            if (v > 6) return "error";
            p.flow = v;
            return "ok";
          case "V":
            this.emitLine(
              `E${+p.echo} Q${+p.quiet} V${+p.verbose} X${p.xLevel} &C${p.dcdMode} &D${p.dtrMode} &S${p.dsrMode} S0=${p.s[0]} S7=${p.s[7]} S12=${p.s[12]}`,
            );
            return "ok";
          default:
            return "ok";
        }
      }
      case "basic": {
        const v = cmd.value;
        switch (cmd.letter) {
          case "E": {
            const f = flag(v);
            if (f === null) return "error";
            p.echo = f;
            return "ok";
          }
          case "V": {
            const f = flag(v);
            if (f === null) return "error";
            p.verbose = f;
            return "ok";
          }
          case "Q": {
            const f = flag(v);
            if (f === null) return "error";
            p.quiet = f;
            return "ok";
          }
          case "X":
            if ((v ?? 0) > 4) return "error";
            p.xLevel = v ?? 0;
            return "ok";
          case "Z":
            if ((v ?? 0) > 1) return "error";
            if (this.call) this.hangupLocal();
            this.line.offHook = false;
            this.profile = copyProfile(this.stored);
            this.updateSignals();
            return "ok";
          case "H":
            if ((v ?? 0) > 1) return "error";
            if (this.call) this.hangupLocal();
            if (v === 1) this.refuseRinging();
            this.line.offHook = v === 1;
            return "ok";
          case "A":
            return this.answer();
          case "O":
            if (!this.call || this.call.state !== CallState.Connected || this.modeNow !== ModemMode.OnlineCommand) {
              this.result(ResultCode.NoCarrier);
              return "async";
            }
            this.modeNow = ModemMode.Online;
            this.escape.reset();
            this.result(ResultCode.Connect, this.call.rate);
            return "async";
          case "I":
            this.emitLine(v === 3 || v === null || v === 0 ? this.identity : `${this.maxRate}`);
            return "ok";
          case "P":
            p.pulseDial = true;
            return "ok";
          case "T":
            p.pulseDial = false;
            return "ok";
          default:
            return "ok"; // L, M, N, B, C, W, Y: speaker and protocol choices, no effect here
        }
      }
    }
  }

  private dial(number: string, modifiers: string, pulse: boolean | null): "error" | "async" {
    if (this.call) return "error"; // already on a call (ATD in online-command state)
    if (number.length === 0) return "error";
    this.refuseRinging();
    this.modeNow = ModemMode.Dialling;
    this.line.offHook = true;
    const s = this.profile.s;
    const perDigit = (pulse ?? this.profile.pulseDial) ? PULSE_DIGIT_MS : TONE_DIGIT_MS;
    const pauses = [...modifiers].filter((m) => m === ",").length * s[S.CommaPause] * 1000;
    this.startCarrierWait();
    if (!this.line.dialtone) {
      this.dialTimer = this.scheduler.after(Math.max(1, s[S.DialtoneWait]) * 1000, () => {
        this.dialTimer = null;
        this.endAttempt(ResultCode.NoDialtone);
      });
      return "async";
    }
    this.dialTimer = this.scheduler.after(DIAL_TONE_WAIT_MS + number.length * perDigit + pauses, () => {
      this.dialTimer = null;
      if (this.modeNow !== ModemMode.Dialling) return;
      const call = this.network.dial(this.line, number);
      if (!call) {
        this.endAttempt(ResultCode.NoDialtone);
        return;
      }
      this.call = call;
    });
    return "async";
  }

  private answer(): "async" {
    const call = this.ringing;
    if (!call || !call.answer(this.line)) {
      this.result(ResultCode.NoCarrier);
      return "async";
    }
    this.ringing = null;
    this.call = call;
    this.setRi(false);
    this.modeNow = ModemMode.Answering;
    this.startCarrierWait();
    return "async";
  }

  private startCarrierWait(): void {
    this.carrierWait?.cancel();
    // S7: no carrier within this many seconds of dialling or answering → NO CARRIER.
    this.carrierWait = this.scheduler.after(this.profile.s[S.CarrierWait] * 1000, () => {
      this.carrierWait = null;
      if (this.modeNow === ModemMode.Dialling || this.modeNow === ModemMode.Answering) {
        this.hangupLocal();
        this.result(ResultCode.NoCarrier);
      }
    });
  }

  private endAttempt(code: ResultCode): void {
    this.hangupLocal();
    this.result(code);
  }

  /** Goes on hook: ends any call, back to command state. */
  private hangupLocal(): void {
    const call = this.call;
    this.call = null;
    this.carrierWait?.cancel();
    this.carrierWait = null;
    this.dialTimer?.cancel();
    this.dialTimer = null;
    this.line.offHook = false;
    this.carrierUp = false;
    this.modeNow = ModemMode.Command;
    this.profile.s[S.RingCount] = 0;
    call?.hangup(this.line);
    this.updateSignals();
  }

  // ---- line side (Subscriber) -----------------------------------------------------

  ring(call: Call, ringNumber: number): void {
    if (this.dead) return;
    if (this.call || this.line.offHook || this.modeNow !== ModemMode.Command) {
      // Off hook (dialling, on a call, ATH1) a line cannot ring: the exchange gives the caller busy.
      call.finish(EndReason.Busy, ["caller"]);
      return;
    }
    this.ringing = call;
    const s = this.profile.s;
    s[S.RingCount] = Math.min(255, ringNumber);
    this.setRi(true);
    this.riTimer?.cancel();
    this.riTimer = this.scheduler.after(this.network.settings.ringOnMs, () => this.setRi(false));
    this.result(ResultCode.Ring);
    const autoAnswer = s[S.AutoAnswerRings];
    const dtrAllows = this.profile.dtrMode === 0 || this.inputs.dtr;
    if (autoAnswer > 0 && s[S.RingCount] >= autoAnswer && dtrAllows) this.answer();
  }

  // Going off hook to dial while a call rings: the line is taken, that caller hears busy.
  private refuseRinging(): void {
    const call = this.ringing;
    if (!call) return;
    this.ringStopped(call);
    call.finish(EndReason.Busy, ["caller"]);
  }

  ringStopped(call: Call): void {
    if (call !== this.ringing) return;
    this.ringing = null;
    this.profile.s[S.RingCount] = 0;
    this.riTimer?.cancel();
    this.setRi(false);
  }

  carrier(call: Call): void {
    if (call !== this.call || this.dead) return;
    this.carrierWait?.cancel();
    this.carrierWait = null;
    this.carrierUp = true;
    this.modeNow = ModemMode.Online;
    this.escape.reset();
    this.updateSignals();
    this.result(ResultCode.Connect, call.rate);
  }

  received(call: Call, data: Uint8Array): void {
    if (call !== this.call || this.dead) return;
    // In online-command state the far end's data is not shown (it would garble results).
    if (this.modeNow === ModemMode.Online) this.emit(data);
  }

  callEnded(call: Call, reason: EndReason): void {
    if (call === this.ringing) {
      this.ringStopped(call);
      return;
    }
    if (call !== this.call) return;
    this.call = null;
    this.hangupLocal();
    if (this.dead) return;
    const code = reason === EndReason.Busy ? ResultCode.Busy : reason === EndReason.NoAnswer ? ResultCode.NoAnswer : ResultCode.NoCarrier;
    this.result(code);
  }

  fail(dead: boolean): void {
    this.dead = dead;
    if (dead) {
      this.ringing = null;
      this.riTimer?.cancel();
      this.riOn = false;
    }
    this.updateSignals();
  }

  // ---- output ---------------------------------------------------------------------

  private result(code: ResultCode, rate?: number): void {
    if (this.dead) return;
    const p = this.profile;
    const bytes = formatResult(code, { verbose: p.verbose, quiet: p.quiet, xLevel: p.xLevel, cr: p.s[S.CrChar], lf: p.s[S.LfChar] }, rate);
    if (bytes.length) this.emit(bytes);
  }

  /** An information line (ATI, ATSn?), framed like a verbose result. */
  private emitLine(text: string): void {
    const p = this.profile;
    const cr = String.fromCharCode(p.s[S.CrChar]);
    const lf = String.fromCharCode(p.s[S.LfChar]);
    this.emit(Buffer.from(p.verbose ? `${cr}${lf}${text}${cr}${lf}` : `${text}${cr}${lf}`, "latin1"));
  }

  private setRi(on: boolean): void {
    this.riOn = on;
    this.updateSignals();
  }

  private updateSignals(): void {
    const now = this.signals();
    const before = this.lastSignals;
    if (now.dcd === before.dcd && now.ri === before.ri && now.dsr === before.dsr && now.cts === before.cts) return;
    this.lastSignals = now;
    this.enqueue({ signals: now });
  }

  private emit(data: Uint8Array): void {
    if (data.length) this.enqueue({ data: Uint8Array.from(data) });
  }

  // Output leaves through the scheduler, in order, so a DTE that answers at once never
  // re-enters the modem while it is still handling the previous input.
  private enqueue(item: Output): void {
    this.queue.push(item);
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    this.scheduler.after(0, () => {
      this.flushScheduled = false;
      const items = this.queue;
      this.queue = [];
      for (const it of items) {
        if ("data" in it) this.onOutput(it.data);
        else this.onSignals(it.signals);
      }
    });
  }
}
