// A test DTE on a simulated modem: collects what the modem says and the signals it shows.

import type { HayesModem, ModemSignals } from "../../host/sim/modem/modem.ts";

export class TestDte {
  text = "";
  signals: ModemSignals;
  readonly signalLog: ModemSignals[] = [];

  constructor(readonly modem: HayesModem) {
    this.signals = modem.signals();
    modem.onOutput = (data) => {
      this.text += Buffer.from(data).toString("latin1");
    };
    modem.onSignals = (s) => {
      this.signals = s;
      this.signalLog.push(s);
    };
  }

  send(text: string): void {
    this.modem.write(Buffer.from(text, "latin1"));
  }

  /** Everything said so far, and forget it. */
  take(): string {
    const t = this.text;
    this.text = "";
    return t;
  }

  /** Result lines seen so far (verbose framing stripped, echo lines kept). */
  lines(): string[] {
    return this.text.split(/\r\n|\r/).filter((l) => l.length > 0);
  }
}
