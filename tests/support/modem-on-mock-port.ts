// Puts a simulated Hayes modem behind a mock serial port: what the driver writes reaches
// the modem, set() drives its DTR/RTS, and its output and DCD/DSR/CTS come back.

import type { MockLineState } from "../../host/lines/mock-binding.ts";
import type { HayesModem } from "../../host/sim/modem/modem.ts";

export function modemOnMockPort(state: MockLineState, modem: HayesModem): void {
  state.onWrite = (data) => modem.write(data);
  state.onSet = (s) => modem.setInputs({ dtr: s.dtr, rts: s.rts });
  modem.setInputs({ dtr: state.dtr, rts: state.rts });
  modem.onOutput = (data) => state.port?.emitData(Buffer.from(data));
  const show = () => {
    const s = modem.signals();
    state.dcd = s.dcd;
    state.dsr = s.dsr;
    state.cts = s.cts;
  };
  modem.onSignals = show;
  show();
}

/** Lets serialport's nextTick/promise chains run. */
export async function settle(rounds = 10): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise((r) => setImmediate(r));
}
