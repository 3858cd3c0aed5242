// The IOS system message format and the configuration commands that shape it: `service
// timestamps log ...`, `logging console|buffered|trap|facility|host`. A message is
// `TIMESTAMP: %FACILITY-SEVERITY-MNEMONIC: text`; what the configuration asks for and the
// host cannot do is said once, never ignored in silence.

import type { ConfigModel } from "../config/model.ts";

/** IOS severities, 0 (most severe) to 7, by their `logging` keywords. */
export const SEVERITIES = ["emergencies", "alerts", "critical", "errors", "warnings", "notifications", "informational", "debugging"] as const;
export type Severity = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7;

export type Timestamps =
  | { kind: "none" }
  | { kind: "uptime" }
  | { kind: "datetime"; msec: boolean; localtime: boolean; showTimezone: boolean; year: boolean };

export interface SyslogHost {
  address: string;
  port: number;
}

export interface LogSettings {
  timestamps: Timestamps;
  /** Highest severity number printed on the console (stdout, the journal); null: `no logging console`. */
  console: Severity | null;
  /** `logging buffered SIZE LEVEL`: read; the journal is the buffer (`journalctl -u dialback`). */
  buffered: { size: number; level: Severity } | null;
  /** Highest severity number sent to the syslog hosts (`logging trap`, IOS default informational). */
  trap: Severity | null;
  /** `logging facility` (IOS default local7). */
  facility: string;
  hosts: SyslogHost[];
  /** `no logging on`: nothing is logged anywhere. */
  on: boolean;
  /** What was read but is not applied here, one sentence each. */
  notes: string[];
}

/** RFC 5424 facility numbers of the names `logging facility` takes. */
export const FACILITIES: Record<string, number> = {
  kern: 0, user: 1, mail: 2, daemon: 3, auth: 4, syslog: 5, lpr: 6, news: 7, uucp: 8, cron: 9, sys9: 10, sys10: 11,
  sys11: 12, sys12: 13, sys13: 14, sys14: 15, local0: 16, local1: 17, local2: 18, local3: 19, local4: 20, local5: 21, local6: 22, local7: 23,
};

export const SYSLOG_PORT = 514;

/** IOS 12.x defaults: uptime stamps, console at debugging, trap at informational, facility local7, no host. */
export function defaultLogSettings(): LogSettings {
  return { timestamps: { kind: "uptime" }, console: 7, buffered: null, trap: 6, facility: "local7", hosts: [], on: true, notes: [] };
}

/** True when `word` is an abbreviation (IOS unique prefix) of `keyword`. */
function is(word: string | undefined, keyword: string, shortest = 2): boolean {
  if (word === undefined) return false;
  const w = word.toLowerCase();
  return w.length >= Math.min(shortest, keyword.length) && keyword.startsWith(w);
}

function severity(word: string | undefined): Severity | null {
  if (word === undefined) return null;
  if (/^[0-7]$/.test(word)) return Number(word) as Severity;
  const i = SEVERITIES.findIndex((name) => is(word, name, 2));
  return i < 0 ? null : (i as Severity);
}

function timestampsFrom(words: string[]): Timestamps {
  if (words.length === 0 || is(words[0], "uptime")) return { kind: "uptime" };
  if (!is(words[0], "datetime")) return { kind: "uptime" };
  const rest = words.slice(1);
  const has = (k: string) => rest.some((w) => is(w, k));
  return { kind: "datetime", msec: has("msec"), localtime: has("localtime"), showTimezone: has("show-timezone"), year: has("year") };
}

/** The logging settings of a configuration: its global `logging` and `service timestamps` commands. */
export function logSettingsFrom(model: Pick<ConfigModel, "extras">): LogSettings {
  const s = defaultLogSettings();
  for (const extra of model.extras) {
    const all = extra.text.trim().split(/\s+/);
    const negated = all[0]?.toLowerCase() === "no";
    const w = negated ? all.slice(1) : all;
    if (is(w[0], "service", 3) && is(w[1], "timestamps", 3)) {
      // `service timestamps [debug|log] FORMAT`; without a type it is `debug`, which the host does not print.
      if (!is(w[2], "log", 3)) continue;
      s.timestamps = negated ? { kind: "none" } : timestampsFrom(w.slice(3));
      continue;
    }
    if (!is(w[0], "logging", 4)) continue;
    const what = w[1];
    if (is(what, "console", 3)) s.console = negated ? null : (severity(w[2]) ?? 7);
    else if (is(what, "buffered", 3)) {
      if (negated) s.buffered = null;
      else {
        // `logging buffered [SIZE] [LEVEL]`: a number above 7 is the size, 0-7 or a keyword the level.
        let size = 4096;
        let level: Severity = 7;
        for (const x of w.slice(2)) {
          if (/^\d+$/.test(x) && Number(x) > 7) size = Number(x);
          else level = severity(x) ?? level;
        }
        s.buffered = { size, level };
        s.notes.push(`logging buffered ${size} ${SEVERITIES[level]}: read; the messages are in the journal (journalctl -u dialback), not in a buffer`);
      }
    } else if (is(what, "trap", 2)) s.trap = negated ? null : (severity(w[2]) ?? 6);
    else if (is(what, "facility", 2)) {
      if (!negated && w[2] && FACILITIES[w[2].toLowerCase()] !== undefined) s.facility = w[2].toLowerCase();
      else if (negated) s.facility = "local7";
    } else if (is(what, "on", 2)) s.on = !negated;
    else if (is(what, "host", 2) || (what !== undefined && /^\d+\.\d+\.\d+\.\d+$/.test(what))) {
      const rest = is(what, "host", 2) ? w.slice(2) : w.slice(1);
      const address = rest[0];
      if (address === undefined || !/^\d+\.\d+\.\d+\.\d+$/.test(address)) {
        if (address !== undefined) s.notes.push(`logging host ${address}: only IPv4 addresses are sent to`);
        continue;
      }
      // `logging host A [transport udp [port N]]`; IOS 12.2 also has `logging host A ... port N` forms.
      const portAt = rest.findIndex((x) => is(x, "port", 2));
      const port = portAt > 0 && /^\d+$/.test(rest[portAt + 1] ?? "") ? Number(rest[portAt + 1]) : SYSLOG_PORT;
      s.hosts = s.hosts.filter((h) => h.address !== address);
      if (!negated) s.hosts.push({ address, port });
      if (rest.some((x) => is(x, "tcp", 3))) s.notes.push(`logging host ${address} transport tcp: sent by UDP`);
    } else if (what !== undefined && !negated && !is(what, "synchronous")) {
      s.notes.push(`logging ${w.slice(1).join(" ")}: read, not applied`);
    }
  }
  return s;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const two = (n: number) => String(n).padStart(2, "0");

/** IOS uptime stamps: `hh:mm:ss` in the first day, `NdNNh` in the first week, then `NwNd`. */
export function uptimeStamp(ms: number): string {
  const s = Math.floor(ms / 1000);
  const days = Math.floor(s / 86400);
  if (days === 0) return `${two(Math.floor(s / 3600))}:${two(Math.floor(s / 60) % 60)}:${two(s % 60)}`;
  if (days < 7) return `${days}d${two(Math.floor(s / 3600) % 24)}h`;
  return `${Math.floor(days / 7)}w${days % 7}d`;
}

/** `Mmm dd [yyyy ]hh:mm:ss[.mmm][ TZ]`, UTC unless `localtime`. */
export function datetimeStamp(t: Extract<Timestamps, { kind: "datetime" }>, at: Date): string {
  const local = t.localtime;
  const month = local ? at.getMonth() : at.getUTCMonth();
  const day = local ? at.getDate() : at.getUTCDate();
  const year = local ? at.getFullYear() : at.getUTCFullYear();
  const h = local ? at.getHours() : at.getUTCHours();
  const m = local ? at.getMinutes() : at.getUTCMinutes();
  const sec = local ? at.getSeconds() : at.getUTCSeconds();
  const ms = local ? at.getMilliseconds() : at.getUTCMilliseconds();
  let text = `${MONTHS[month]} ${String(day).padStart(2, " ")} ${t.year ? `${year} ` : ""}${two(h)}:${two(m)}:${two(sec)}`;
  if (t.msec) text += `.${String(ms).padStart(3, "0")}`;
  if (t.showTimezone) text += ` ${local ? localZoneName(at) : "UTC"}`;
  return text;
}

function localZoneName(at: Date): string {
  const part = new Intl.DateTimeFormat("en-US", { timeZoneName: "short" }).formatToParts(at).find((p) => p.type === "timeZoneName");
  return part?.value ?? "UTC";
}

export interface LogMessage {
  facility: string;
  severity: Severity;
  mnemonic: string;
  text: string;
}

/** `%FACILITY-SEVERITY-MNEMONIC: text`. */
export function messageText(m: LogMessage): string {
  return `%${m.facility}-${m.severity}-${m.mnemonic}: ${m.text}`;
}

/** The whole line as IOS prints it: the stamp the settings ask for, then the message. */
export function logLine(settings: Pick<LogSettings, "timestamps">, m: LogMessage, at: Date, uptimeMs: number): string {
  const t = settings.timestamps;
  if (t.kind === "none") return messageText(m);
  const stamp = t.kind === "uptime" ? uptimeStamp(uptimeMs) : datetimeStamp(t, at);
  return `${stamp}: ${messageText(m)}`;
}

/** Reads `%FAC-SEV-MNEMONIC: text` back (messages the host's modules already write in that shape). */
export function parseMessage(text: string): LogMessage | null {
  const m = /^%([A-Z0-9_]+)-([0-7])-([A-Z0-9_]+): (.*)$/s.exec(text);
  return m ? { facility: m[1], severity: Number(m[2]) as Severity, mnemonic: m[3], text: m[4] } : null;
}
