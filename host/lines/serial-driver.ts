// A line on a real UART through serialport 13: 8N1 at the configured speed with RTS/CTS.
// serialport has no modem-status events and no RI, so DCD/DSR/CTS are polled and ringing
// is read from the modem's RING text; lines the board does not wire are inferred.

import { SerialPortStream } from "@serialport/stream";
import type { BindingInterface } from "@serialport/bindings-interface";
import { DriverListeners, NO_SIGNALS, sameSignals, type LineDriver, type LineOutputs, type LineSignals } from "./driver.ts";
import { ResultScanner } from "./result-scanner.ts";

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
}

export class SerialLineError extends Error {}

export class SerialLineDriver implements LineDriver {
  readonly kind = "serial";
  private readonly listeners = new DriverListeners();
  private readonly options: Required<Omit<SerialLineOptions, "binding">> & { binding?: BindingInterface };
  private port: SerialPortStream | null = null;
  private current: LineOutputs = { dtr: false, rts: false };
  private state: LineSignals = { ...NO_SIGNALS };
  private readonly scanner = new ResultScanner();
  private textCarrier = false;
  private modemLinesReadable = true;
  private pollTimer: NodeJS.Timeout | null = null;
  private ringTimer: NodeJS.Timeout | null = null;
  private polling = false;
  /** Why the modem lines could not be read, when they could not. */
  lastPollError: string | null = null;
  /** Why the last set() of DTR/RTS failed, or null when it worked. */
  lastSetError: string | null = null;

  constructor(options: SerialLineOptions) {
    this.options = { rtscts: true, wired: ALL_WIRED, pollMs: 100, ringHoldMs: 2000, ...options };
  }

  get description(): string {
    return `serial ${this.options.path}@${this.options.baudRate}`;
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
    await this.setOutputs({ dtr: true, rts: true });
    await this.poll();
    if (this.options.pollMs > 0) {
      this.pollTimer = setInterval(() => void this.poll(), this.options.pollMs);
      this.pollTimer.unref();
    }
  }

  write(data: Uint8Array): void {
    this.port?.write(Buffer.from(data));
  }

  /** Sends DTR and RTS together with BRK off: serialport's set() resets what it is not given. */
  async setOutputs(outputs: LineOutputs): Promise<void> {
    this.current = { ...outputs };
    const port = this.port;
    if (!port) return;
    await new Promise<void>((resolve) =>
      port.set({ dtr: outputs.dtr, rts: outputs.rts, brk: false }, (err) => {
        // A pty or a UART without modem lines refuses set(): the line still carries data,
        // so the refusal is recorded (lastSetError) rather than closing the line.
        this.lastSetError = err ? `${this.description}: cannot set DTR/RTS: ${err.message}` : null;
        resolve();
      }),
    );
    if (!outputs.dtr && this.dcdFromText) this.setTextCarrier(false);
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

  /** Reads DCD/DSR/CTS once and reports a change. */
  async poll(): Promise<void> {
    const port = this.port;
    if (!port || this.polling) return;
    this.polling = true;
    try {
      const bits = this.modemLinesReadable ? await this.readModemLines(port) : null;
      const wired = this.options.wired;
      const dcd = !this.dcdFromText && bits ? bits.dcd : this.textCarrier;
      this.update({
        dcd,
        dsr: wired.dsr && bits ? bits.dsr : true,
        cts: wired.cts && bits ? bits.cts : true,
        ri: dcd ? false : this.state.ri, // ringing ends once the call is up
      });
    } finally {
      this.polling = false;
    }
  }

  async close(): Promise<void> {
    if (this.pollTimer) clearInterval(this.pollTimer);
    if (this.ringTimer) clearTimeout(this.ringTimer);
    this.pollTimer = this.ringTimer = null;
    const port = this.port;
    this.port = null;
    if (!port || !port.isOpen) return;
    await new Promise<void>((resolve) => port.close(() => resolve()));
  }

  /** Carrier comes from CONNECT / NO CARRIER text when DCD is not wired or not readable. */
  private get dcdFromText(): boolean {
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
    // Only look for result text while no call is up: session data may contain anything.
    if (!this.state.dcd || this.dcdFromText) {
      for (const event of this.scanner.feed(chunk)) this.resultSeen(event);
    }
    this.listeners.emitData(new Uint8Array(chunk));
  }

  private resultSeen(event: "ring" | "connect" | "no-carrier"): void {
    if (event === "ring") {
      this.update({ ...this.state, ri: true });
      if (this.ringTimer) clearTimeout(this.ringTimer);
      this.ringTimer = setTimeout(() => this.update({ ...this.state, ri: false }), this.options.ringHoldMs);
      this.ringTimer.unref();
      return;
    }
    if (this.dcdFromText) this.setTextCarrier(event === "connect");
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
}
