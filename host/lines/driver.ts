// One interface for every kind of line the host can drive: a simulated modem, a real
// UART through serialport, or a raw TCP connection.

import { Signal } from "../core/abi.ts";

/** Modem status as the DTE sees it (inputs to the access server). */
export interface LineSignals {
  dcd: boolean;
  ri: boolean;
  dsr: boolean;
  cts: boolean;
}

/** Modem control outputs, always set as a whole (serialport's set() is not incremental). */
export interface LineOutputs {
  dtr: boolean;
  rts: boolean;
}

export type DriverKind = "sim" | "serial" | "tcp" | "console";

export interface LineDriver {
  readonly kind: DriverKind;
  /** Human-readable: "sim 5551001", "serial /dev/ttyAMA0@115200", "tcp 127.0.0.1:4001". */
  readonly description: string;
  open(): Promise<void>;
  write(data: Uint8Array): void;
  setOutputs(outputs: LineOutputs): Promise<void>;
  outputs(): LineOutputs;
  signals(): LineSignals;
  /** Received bytes, in order. */
  onData(listener: (data: Uint8Array) => void): void;
  /** Called whenever signals() changes. */
  onSignals(listener: (signals: LineSignals) => void): void;
  /** Problems the driver met that are not the caller's (a modem-control write refused): reported, never thrown. */
  onFault?(listener: (message: string) => void): void;
  /** The line's modem-control mark as a LineFault code (0: none), current when onFault's listener runs. */
  readonly controlFaultCode?: number;
  close(): Promise<void>;
}

export const NO_SIGNALS: LineSignals = Object.freeze({ dcd: false, ri: false, dsr: false, cts: false });

/** The core's lineSignals mask (DCD=1, RI=2, DSR=4, CTS=8). */
export function signalMask(s: LineSignals): number {
  return (s.dcd ? Signal.DCD : 0) | (s.ri ? Signal.RI : 0) | (s.dsr ? Signal.DSR : 0) | (s.cts ? Signal.CTS : 0);
}

export function sameSignals(a: LineSignals, b: LineSignals): boolean {
  return a.dcd === b.dcd && a.ri === b.ri && a.dsr === b.dsr && a.cts === b.cts;
}

/** Listener lists shared by the drivers. */
export class DriverListeners {
  private data: ((d: Uint8Array) => void)[] = [];
  private signal: ((s: LineSignals) => void)[] = [];
  private fault: ((message: string) => void)[] = [];
  /** Faults met before anyone listened (while opening): told to the first listener. */
  private unheard: string[] = [];

  addData(l: (d: Uint8Array) => void): void {
    this.data.push(l);
  }

  addSignals(l: (s: LineSignals) => void): void {
    this.signal.push(l);
  }

  emitData(d: Uint8Array): void {
    for (const l of this.data) l(d);
  }

  emitSignals(s: LineSignals): void {
    for (const l of this.signal) l({ ...s });
  }

  addFault(l: (message: string) => void): void {
    this.fault.push(l);
    for (const m of this.unheard.splice(0)) l(m);
  }

  emitFault(message: string): void {
    if (this.fault.length === 0) this.unheard.push(message);
    for (const l of this.fault) l(message);
  }
}
