// What an accounting record says, whatever protocol carries it: the session (one leg of a
// call: the incoming call, or the callback's leg), Start, Interim-Update or Stop, the counters,
// and why the session ended (RFC 2866 §5.10 Acct-Terminate-Cause).

import type { AaaAuthority } from "./radius-client.ts";

/** RFC 2866 §5.10, the causes a dial-in line can give. */
export const TERMINATE_CAUSES = {
  "User-Request": 1,
  "Lost-Carrier": 2,
  "Lost-Service": 3,
  "Idle-Timeout": 4,
  "Admin-Reset": 6,
  "Admin-Reboot": 7,
  "Port-Error": 8,
  "NAS-Error": 9,
  "NAS-Request": 10,
  Callback: 16,
  "User-Error": 17,
} as const;
export type TerminateCause = keyof typeof TERMINATE_CAUSES;

export interface AccountingSession {
  /** Acct-Session-Id (RFC 2866 §5.5): unique per session, across restarts too. */
  id: string;
  /** Acct-Multi-Session-Id (§5.11): the same on every session of one call, both legs of a callback included. */
  multiId: string;
  /** The core's session id, which is the callback id of a callback (`[7]` in every log line). */
  callId: number;
  /** 1 for the incoming call, 2 for the leg a callback dialled. */
  leg: 1 | 2;
  service: "exec" | "network";
  /** "" when the session has no user name (a line password, no login). */
  user: string;
  tty: number;
  /** When the session started, on the AAA clock (ms). */
  startedAt: number;
  startEpoch: number;
  /** The number the server dialled (both legs of a callback; null otherwise). */
  callbackNumber: string | null;
  /** Calling-Station-Id / Called-Station-Id (RFC 2865 §5.31, §5.30) where the line knows them. */
  calling: string | null;
  called: string | null;
  /** The PPP peer's address once IPCP is up. */
  framedIp: string | null;
  /** Who authenticated the user (Acct-Authentic), when known. */
  authority: AaaAuthority | null;
  /** RFC 2865 §5.25: Class attributes of the Access-Accept, sent back as they came. */
  classes: Uint8Array[];
}

export interface AccountingStats {
  seconds: number;
  inOctets: number;
  outOctets: number;
  inPackets: number;
  outPackets: number;
}

export type AccountingStatus = "start" | "update" | "stop";

export interface AccountingRecord {
  status: AccountingStatus;
  session: AccountingSession;
  /** When the event happened, on the AAA clock (ms): Acct-Delay-Time counts from here. */
  at: number;
  epoch: number;
  /** Update and Stop. */
  stats: AccountingStats | null;
  /** Stop. */
  cause: TerminateCause | null;
}

/** One log line's words for a record: `Stop ann exec TTY4 leg 1 (Callback, 12 s)`. */
export function describeRecord(r: AccountingRecord): string {
  const s = r.session;
  const status = r.status === "start" ? "Start" : r.status === "stop" ? "Stop" : "Interim-Update";
  const who = s.user === "" ? "(no user)" : s.user;
  const tail = r.status === "stop" ? ` (${r.cause}, ${r.stats?.seconds ?? 0} s)` : r.status === "update" ? ` (${r.stats?.seconds ?? 0} s)` : "";
  return `${status} ${who} ${s.service} TTY${s.tty} leg ${s.leg}${tail}`;
}
