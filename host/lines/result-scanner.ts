// Reads modem result lines out of the byte stream while no call is up: RING where the
// RI pin cannot be read, CONNECT / NO CARRIER where DCD is not wired, OK for a hang-up by escape.

export type ModemEvent = "ring" | "connect" | "no-carrier" | "ok";

const MAX_LINE = 80;

export class ResultScanner {
  private line = "";

  /** Feeds received bytes; returns the results completed by them, in order. */
  feed(data: Uint8Array): ModemEvent[] {
    const found: ModemEvent[] = [];
    for (const b of data) {
      if (b === 13 || b === 10) {
        const text = this.line.trim();
        this.line = "";
        if (text === "RING" || text === "2") found.push("ring");
        else if (/^CONNECT\b/.test(text)) found.push("connect");
        else if (text === "NO CARRIER") found.push("no-carrier");
        else if (text === "OK") found.push("ok");
        continue;
      }
      if (this.line.length < MAX_LINE) this.line += String.fromCharCode(b);
    }
    return found;
  }

  reset(): void {
    this.line = "";
  }
}
