// A minimal Hayes modem for core tests: answers AT commands the core sends on a line
// (OK, CONNECT, BUSY ...) and drops carrier when DTR drops. The full simulated modem and
// telephone network live in host/sim; this one keeps line-layer tests self-contained.

import { Terminal } from "./terminal.ts";

export type DialAnswer = "CONNECT" | "BUSY" | "NO ANSWER" | "NO CARRIER" | "NO DIALTONE" | "silence";

export class ScriptedModem {
  readonly dialled: string[] = [];
  private seen = 0;
  private pending = "";
  /** Answers for successive ATD commands; the last one repeats. */
  answers: DialAnswer[] = ["CONNECT"];

  constructor(readonly t: Terminal) {}

  /** Looks at what the core sent since the last call and answers like a modem would. */
  service(): void {
    for (;;) {
      this.pending += this.t.transcript.slice(this.seen);
      this.seen = this.t.transcript.length;
      const cr = this.pending.indexOf("\r");
      if (cr < 0) break;
      const command = this.pending.slice(0, cr).trim().toUpperCase();
      this.pending = this.pending.slice(cr + 1);
      if (!command.startsWith("AT")) continue;
      if (command.startsWith("ATD")) {
        this.dialled.push(command.replace(/^ATDT?\s*/, ""));
        const answer = this.answers[Math.min(this.dialled.length - 1, this.answers.length - 1)];
        if (answer === "silence") continue;
        this.t.type(`\r\n${answer === "CONNECT" ? "CONNECT 9600" : answer}\r\n`);
        if (answer === "CONNECT") this.t.carrier(true);
      } else {
        this.t.type("\r\nOK\r\n");
      }
    }
  }

  /**
   * After "Callback initiated": the caller's modem hangs up, the core dials back on this
   * modem's line and this modem answers (the new call's first second is flushed, as any call's).
   */
  hangUpAndAnswerCallback(): void {
    this.t.carrier(false);
    this.t.wait(10);
    this.service();
    this.t.wait(1000);
    this.service();
  }
}
