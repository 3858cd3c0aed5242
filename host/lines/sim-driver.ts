// A line whose far end is a simulated Hayes modem on the virtual telephone network.

import type { HayesModem } from "../sim/modem/modem.ts";
import { DriverListeners, type LineDriver, type LineOutputs, type LineSignals } from "./driver.ts";

export class SimLineDriver implements LineDriver {
  readonly kind = "sim";
  private readonly listeners = new DriverListeners();
  private current: LineOutputs;

  constructor(readonly modem: HayesModem) {
    modem.onOutput = (data) => this.listeners.emitData(data);
    modem.onSignals = (s) => this.listeners.emitSignals(s);
    this.current = modem.getInputs();
  }

  get description(): string {
    return `sim ${this.modem.number}`;
  }

  async open(): Promise<void> {}

  write(data: Uint8Array): void {
    this.modem.write(data);
  }

  async setOutputs(outputs: LineOutputs): Promise<void> {
    this.current = { ...outputs };
    this.modem.setInputs(outputs);
  }

  outputs(): LineOutputs {
    return { ...this.current };
  }

  signals(): LineSignals {
    const { dcd, ri, dsr, cts } = this.modem.signals();
    return { dcd, ri, dsr, cts };
  }

  onData(listener: (data: Uint8Array) => void): void {
    this.listeners.addData(listener);
  }

  onSignals(listener: (signals: LineSignals) => void): void {
    this.listeners.addSignals(listener);
  }

  async close(): Promise<void> {
    // The DTE goes away: DTR drops, which hangs up under &D2.
    await this.setOutputs({ dtr: false, rts: false });
  }
}
