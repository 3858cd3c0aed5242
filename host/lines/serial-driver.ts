// A line on a real UART through serialport 13: 8N1 at the configured speed with RTS/CTS.
// serialport has no modem-status events and no RI, so DCD/DSR/CTS are polled and ringing
// is read from the modem's RING text; lines the board does not wire are inferred, or read
// and written through GPIO pins (gpio.ts) where the board profile names them.
// Where DTR cannot reach the modem (not wired, or the write fails: a pty), a DTR drop during
// a call hangs up by escape: silence, "+++", silence, "ATH0", and carrier stays up until the
// modem confirms with OK or NO CARRIER (boards/abi.md, the host contract).

import { SerialPortStream } from "@serialport/stream";
import type { BindingInterface } from "@serialport/bindings-interface";
import { DriverListeners, NO_SIGNALS, sameSignals, type LineDriver, type LineOutputs, type LineSignals } from "./driver.ts";
import { ResultScanner, type ModemEvent } from "./result-scanner.ts";
import type { ModemGpio } from "./gpio.ts";
import { LineFault } from "../core/core-enums.ts";

/** Which modem control lines reach the UART (the Raspberry Pi's own UART has only RTS/CTS). */
export interface WiredLines {
  dtr: boolean;
  rts: boolean;
  cts: boolean;
  dcd: boolean;
  dsr: boolean;
  ri: boolean;
}

export const ALL_WIRED: WiredLines = { dtr: true, rts: true, cts: true, dcd: true, dsr: true, ri: false };

export interface SerialLineOptions {
  path: string;
  baudRate: number;
  /** Hardware flow control (default true). */
  rtscts?: boolean;
  wired?: WiredLines;
  /** Defaults to serialport's native binding; tests pass a mock. */
  binding?: BindingInterface;
  /** Modem-status poll period; 0 = only when poll() is called. */
  pollMs?: number;
  /** How long a RING text counts as RI on. */
  ringHoldMs?: number;
  /** Modem-control lines on GPIO pins (DTR out, DCD and RI in) for a UART without them. */
  gpio?: ModemGpio;
  /** Silence before and after "+++" (the Hayes guard time, S12 = 1 s, and some). */
  escapeGuardMs?: number;
  /** How long the modem has to confirm ATH0 with OK or NO CARRIER. */
  hangUpConfirmMs?: number;
}

export class SerialLineError extends Error {}

/** What a hang-up by escape waits for: a result, or carrier gone by other means. */
type Awaited = { words: ModemEvent[]; done: (seen: boolean) => void; timer: NodeJS.Timeout };

export class SerialLineDriver implements LineDriver {
  readonly kind = "serial";
  private readonly listeners = new DriverListeners();
  private readonly options: Required<Omit<SerialLineOptions, "binding" | "gpio">> & { binding?: BindingInterface; gpio?: ModemGpio };
  private port: SerialPortStream | null = null;
  private current: LineOutputs = { dtr: false, rts: false };
  private state: LineSignals = { ...NO_SIGNALS };
  private readonly scanner = new ResultScanner();
  private textCarrier = false;
  private textRing = false;
  private modemLinesReadable = true;
  private pollTimer: NodeJS.Timeout | null = null;
  private ringTimer: NodeJS.Timeout | null = null;
  private polling = false;
  /** The last DTR write failed (a pty, a UART without modem lines): DTR does not reach the modem. */
  private dtrWriteFailed = false;
  private escaping = false;
  private held: Uint8Array[] = [];
  private lastWriteAt = 0;
  private lastWriteBytes = 0;
  private awaited: Awaited | null = null;
  /** Why the modem lines could not be read, when they could not. */
  lastPollError: string | null = null;
  /** Why the modem-control lines cannot be written (set at the first failure, cleared by a success): the line is marked. */
  controlFault: string | null = null;
  /** Hang-ups done by +++ / ATH0 since open. */
  escapeHangUps = 0;

  constructor(options: SerialLineOptions) {
    this.options = { rtscts: true, wired: ALL_WIRED, pollMs: 100, ringHoldMs: 2000, escapeGuardMs: 1100, hangUpConfirmMs: 3000, ...options };
  }

  get description(): string {
    return `serial ${this.options.path}@${this.options.baudRate}${this.options.gpio ? ` (${this.options.gpio.description})` : ""}`;
  }

  async open(): Promise<void> {
    const { path, baudRate, rtscts } = this.options;
    const settings = { path, baudRate, dataBits: 8 as const, parity: "none" as const, stopBits: 1 as const, rtscts, autoOpen: false };
    let port: SerialPortStream;
    if (this.options.binding) {
      port = new SerialPortStream({ ...settings, binding: this.options.binding });
    } else {
      const { SerialPort } = await import("serialport");
      port = new SerialPort(settings);
    }
    await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(new SerialLineError(`${this.description}: ${err.message}`)) : resolve())));
    this.port = port;
    port.on("data", (chunk: Buffer) => this.received(chunk));
    port.on("error", (err: Error) => {
      this.lastPollError = err.message;
    });
    const gpio = this.options.gpio;
    if (gpio) {
      try {
        await gpio.open();
      } catch (e) {
        await new Promise<void>((resolve) => port.close(() => resolve()));
        this.port = null;
        throw new SerialLineError(`${this.description}: ${(e as Error).message}`);
      }
      gpio.onChange(() => void this.poll());
    }
    await this.setOutputs({ dtr: true, rts: true });
    await this.poll();
    if (this.options.pollMs > 0) {
      this.pollTimer = setInterval(() => void this.poll(), this.options.pollMs);
      this.pollTimer.unref();
    }
  }

  write(data: Uint8Array): void {
    if (this.escaping) {
      this.held.push(Uint8Array.from(data)); // the modem must hear silence around the escape
      return;
    }
    this.send(data);
  }

  private send(data: Uint8Array): void {
    const port = this.port;
    if (!port || data.length === 0) return;
    port.write(Buffer.from(data));
    this.lastWriteAt = performance.now();
    this.lastWriteBytes = data.length;
  }

  /**
   * Sends DTR and RTS together with BRK off (serialport's set() resets what it is not given),
   * DTR through GPIO where the profile puts it there. A write that fails marks the line
   * (controlFault) and is reported once through onFault; a DTR drop that does not reach the
   * modem while carrier is up hangs the call up by escape.
   */
  async setOutputs(outputs: LineOutputs): Promise<void> {
    const dtrFell = this.current.dtr && !outputs.dtr;
    this.current = { ...outputs };
    const port = this.port;
    if (!port) return;
    const gpio = this.options.gpio;
    let uartError: string | null = null;
    let gpioError: string | null = null;
    await new Promise<void>((resolve) =>
      port.set({ dtr: outputs.dtr, rts: outputs.rts, brk: false }, (err) => {
        if (err) uartError = `cannot set DTR/RTS: ${err.message}`;
        resolve();
      }),
    );
    if (gpio?.hasDtr) {
      try {
        await gpio.setDtr(outputs.dtr);
      } catch (e) {
        gpioError = `cannot set DTR on ${gpio.description}: ${(e as Error).message}`;
      }
    }
    this.dtrWriteFailed = gpio?.hasDtr ? gpioError !== null : uartError !== null;
    this.markControl([uartError, gpioError].filter((f): f is string => f !== null));
    if (!dtrFell) return;
    if (this.dtrReachesModem) {
      // &D2: the modem hangs up on the drop; a carrier read from text goes with it.
      if (this.dcdFromText) this.setTextCarrier(false);
    } else if (this.state.dcd) {
      void this.escapeHangUp();
    }
  }

  /** controlFault as the core's LineFault: none, DTR unreachable (hang-up by escape), or the UART's refusal only. */
  get controlFaultCode(): number {
    if (this.controlFault === null) return LineFault.None;
    return this.dtrReachesModem ? LineFault.ControlNotSet : LineFault.DtrNotSet;
  }

  /** Whether a DTR drop reaches the modem: a GPIO DTR that worked, else a wired DTR the UART accepts. */
  get dtrReachesModem(): boolean {
    return (this.options.gpio?.hasDtr || this.options.wired.dtr) && !this.dtrWriteFailed;
  }

  private markControl(failures: string[]): void {
    if (failures.length === 0) {
      if (this.controlFault !== null) this.listeners.emitFault(`${this.description}: modem-control lines writable again`);
      this.controlFault = null;
      return;
    }
    if (this.controlFault !== null) return; // reported when it started; the line stays marked
    const then = this.dtrReachesModem ? "" : ": hang-ups by +++ / ATH0 from now on";
    this.controlFault = `${this.description}: ${failures.join("; ")}${then}`;
    this.listeners.emitFault(this.controlFault);
  }

  outputs(): LineOutputs {
    return { ...this.current };
  }

  signals(): LineSignals {
    return { ...this.state };
  }

  onData(listener: (data: Uint8Array) => void): void {
    this.listeners.addData(listener);
  }

  onSignals(listener: (signals: LineSignals) => void): void {
    this.listeners.addSignals(listener);
  }

  onFault(listener: (message: string) => void): void {
    this.listeners.addFault(listener);
  }

  /** Reads DCD/DSR/CTS (and the GPIO inputs) once and reports a change. */
  async poll(): Promise<void> {
    const port = this.port;
    if (!port || this.polling) return;
    this.polling = true;
    try {
      const bits = this.modemLinesReadable ? await this.readModemLines(port) : null;
      const wired = this.options.wired;
      const gpio = this.options.gpio;
      let dcd = !this.dcdFromText && bits ? bits.dcd : this.textCarrier;
      if (gpio?.hasDcd) dcd = gpio.dcd;
      const ri = gpio?.hasRi ? gpio.ri && !dcd : dcd ? false : this.textRing; // ringing ends once the call is up
      this.update({ dcd, dsr: wired.dsr && bits ? bits.dsr : true, cts: wired.cts && bits ? bits.cts : true, ri });
      if (!dcd && this.awaited) this.resolveAwaited(true); // carrier went by other means: nothing left to hang up
    } finally {
      this.polling = false;
    }
  }

  async close(): Promise<void> {
    if (this.pollTimer) clearInterval(this.pollTimer);
    if (this.ringTimer) clearTimeout(this.ringTimer);
    this.pollTimer = this.ringTimer = null;
    this.resolveAwaited(false);
    const port = this.port;
    this.port = null;
    await this.options.gpio?.close();
    if (!port || !port.isOpen) return;
    await new Promise<void>((resolve) => port.close(() => resolve()));
  }

  /** Carrier comes from CONNECT / NO CARRIER text when DCD is not wired or not readable (and not on GPIO). */
  private get dcdFromText(): boolean {
    if (this.options.gpio?.hasDcd) return false;
    return !this.options.wired.dcd || !this.modemLinesReadable;
  }

  private async readModemLines(port: SerialPortStream): Promise<{ dcd: boolean; dsr: boolean; cts: boolean } | null> {
    const { wired } = this.options;
    if (!wired.dcd && !wired.dsr && !wired.cts) return null;
    return new Promise((resolve) =>
      port.get((err, status) => {
        if (err || !status) {
          // No modem lines at all (a pty, a bridge without them): fall back to the text.
          this.lastPollError = err?.message ?? "no status";
          this.modemLinesReadable = false;
          resolve(null);
        } else resolve({ dcd: status.dcd, dsr: status.dsr, cts: status.cts });
      }),
    );
  }

  private received(chunk: Buffer): void {
    // Only look for result text while no call is up (session data may contain anything),
    // when carrier comes from the text, and while a hang-up by escape waits for the modem.
    if (!this.state.dcd || this.dcdFromText || this.escaping) {
      for (const event of this.scanner.feed(chunk)) this.resultSeen(event);
    }
    this.listeners.emitData(new Uint8Array(chunk));
  }

  private resultSeen(event: ModemEvent): void {
    const awaited = this.awaited;
    if (awaited && awaited.words.includes(event)) this.resolveAwaited(true);
    if (event === "ok") return;
    if (event === "ring") {
      this.textRing = true;
      if (!this.options.gpio?.hasRi) this.update({ ...this.state, ri: true });
      if (this.ringTimer) clearTimeout(this.ringTimer);
      this.ringTimer = setTimeout(() => {
        this.textRing = false;
        if (!this.options.gpio?.hasRi) this.update({ ...this.state, ri: false });
      }, this.options.ringHoldMs);
      this.ringTimer.unref();
      return;
    }
    if (this.dcdFromText && !this.escaping) this.setTextCarrier(event === "connect");
  }

  private setTextCarrier(up: boolean): void {
    this.textCarrier = up;
    this.update({ ...this.state, dcd: up, ri: up ? false : this.state.ri });
  }

  private update(next: LineSignals): void {
    if (sameSignals(next, this.state)) return;
    this.state = next;
    this.listeners.emitSignals(next);
  }

  // ---- Hang-up by escape (V.250 §6.3.2 / Hayes: guard time, "+++", guard time, then ATH0) ----

  private waitFor(words: ModemEvent[], ms: number): Promise<boolean> {
    this.resolveAwaited(false);
    return new Promise((done) => {
      const timer = setTimeout(() => this.resolveAwaited(false), ms);
      this.awaited = { words, done, timer };
    });
  }

  private resolveAwaited(seen: boolean): void {
    const a = this.awaited;
    if (!a) return;
    this.awaited = null;
    clearTimeout(a.timer);
    a.done(seen);
  }

  private async pause(ms: number): Promise<void> {
    if (ms > 0) await new Promise((r) => setTimeout(r, ms));
  }

  private async escapeHangUp(): Promise<void> {
    if (this.escaping) return;
    this.escaping = true;
    this.escapeHangUps++;
    const guard = this.options.escapeGuardMs;
    try {
      // Silence from the last byte on the wire (10 bits a character at the line's speed).
      const onWire = (this.lastWriteBytes * 10 * 1000) / this.options.baudRate;
      await this.pause(this.lastWriteAt + onWire + guard - performance.now());
      if (!this.port || !this.state.dcd) return;
      const escaped = this.waitFor(["ok", "no-carrier"], guard + 1000);
      this.send(Buffer.from("+++", "latin1"));
      await escaped; // the modem says OK after its own guard time; without it, ATH0 is tried anyway
      if (!this.port || !this.state.dcd) return;
      const confirmed = this.waitFor(["ok", "no-carrier"], this.options.hangUpConfirmMs);
      this.send(Buffer.from("ATH0\r", "latin1"));
      if (await confirmed) {
        if (this.dcdFromText) {
          this.escaping = false;
          this.setTextCarrier(false);
        } else await this.poll();
      } else if (this.state.dcd) {
        this.listeners.emitFault(`${this.description}: the modem did not confirm ATH0 (no OK / NO CARRIER): the call may still be up`);
      }
    } finally {
      this.escaping = false;
      const held = this.held;
      this.held = [];
      for (const h of held) this.send(h);
    }
  }
}
