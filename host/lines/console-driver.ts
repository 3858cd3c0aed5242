// The console (line 0) on the process's own terminal: what the operator types goes to the
// core's EXEC, what it prints comes back. No modem, so no signals.

import type { Readable, Writable } from "node:stream";
import { DriverListeners, NO_SIGNALS, type LineDriver, type LineOutputs, type LineSignals } from "./driver.ts";

export class ConsoleLineDriver implements LineDriver {
  readonly kind = "console";
  readonly description = "console (standard input and output)";
  private readonly listeners = new DriverListeners();
  private current: LineOutputs = { dtr: true, rts: true };

  constructor(
    private readonly input: Readable,
    private readonly output: Writable,
  ) {}

  async open(): Promise<void> {
    this.input.on("data", (d: Buffer) => {
      // A terminal in line mode ends lines with LF; the EXEC wants a carriage return.
      this.listeners.emitData(Buffer.from(d.toString("latin1").replace(/\r?\n/g, "\r"), "latin1"));
    });
  }

  write(data: Uint8Array): void {
    this.output.write(Buffer.from(data).toString("latin1").replace(/\r\n/g, "\n"));
  }

  async setOutputs(outputs: LineOutputs): Promise<void> {
    this.current = { ...outputs };
  }

  outputs(): LineOutputs {
    return { ...this.current };
  }

  signals(): LineSignals {
    return NO_SIGNALS;
  }

  onData(listener: (data: Uint8Array) => void): void {
    this.listeners.addData(listener);
  }

  onSignals(listener: (signals: LineSignals) => void): void {
    this.listeners.addSignals(listener);
  }

  async close(): Promise<void> {
    this.input.pause();
  }
}
