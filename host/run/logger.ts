// Where `dialback run` sends its system messages: the console (stdout; under systemd each
// line starts `<N>`, the severity journald files it under) and the configuration's `logging
// host`s over UDP, as IOS sends them (`<PRI>SEQ: TIMESTAMP: %FAC-SEV-MNEMONIC: text`).

import { createSocket, type Socket } from "node:dgram";
import { fstatSync } from "node:fs";
import { defaultLogSettings, FACILITIES, logLine, type LogMessage, type LogSettings, type Severity } from "./ios-log.ts";

/** True when stdout is the journal's stream (systemd sets JOURNAL_STREAM to its device:inode). */
export function stdoutIsJournal(env: NodeJS.ProcessEnv = process.env): boolean {
  const stream = env.JOURNAL_STREAM;
  if (!stream) return false;
  try {
    const st = fstatSync(1);
    return stream === `${st.dev}:${st.ino}`;
  } catch {
    return false;
  }
}

export class RunLogger {
  private settings: LogSettings = defaultLogSettings();
  private readonly started = performance.now();
  private socket: Socket | null = null;
  private sequence = 0;
  private readonly noted = new Set<string>();

  constructor(
    private readonly write: (line: string) => void,
    /** Prefix console lines with `<severity>` for journald (SyslogLevelPrefix). */
    private readonly journal = false,
  ) {}

  /** New settings (start and every reload); what they ask for that is not applied is said once. */
  apply(settings: LogSettings): void {
    this.settings = settings;
    for (const note of settings.notes) {
      if (this.noted.has(note)) continue;
      this.noted.add(note);
      this.log({ facility: "DIALBACK", severity: 6, mnemonic: "LOGGING", text: note });
    }
  }

  current(): LogSettings {
    return this.settings;
  }

  log(m: LogMessage): void {
    const s = this.settings;
    if (!s.on) return;
    const line = logLine(s, m, new Date(), performance.now() - this.started);
    if (s.console !== null && m.severity <= s.console) this.write(this.journal ? `<${m.severity}>${line}` : line);
    if (s.trap !== null && m.severity <= s.trap && s.hosts.length) this.send(line, m.severity);
  }

  private send(line: string, severity: Severity): void {
    if (!this.socket) {
      this.socket = createSocket("udp4");
      this.socket.on("error", () => undefined); // a host that cannot be reached is no reason to stop
      this.socket.unref();
    }
    const pri = (FACILITIES[this.settings.facility] ?? FACILITIES.local7) * 8 + severity;
    const datagram = Buffer.from(`<${pri}>${++this.sequence}: ${line}`, "utf8");
    for (const h of this.settings.hosts) this.socket.send(datagram, h.port, h.address);
  }

  close(): void {
    this.socket?.close();
    this.socket = null;
  }
}
