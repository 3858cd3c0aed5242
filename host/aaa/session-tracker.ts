// Accounting sessions from the core's events, per line: an EXEC session from a login (or a
// callback leg's EXEC without one, `nocallback-verify`), a PPP (network) session from the
// peer's authentication (or IPCP without one), each ended by the line's hang-up with the
// reason the events gave first: a callback asked for (Callback), carrier lost, the EXEC's
// idle timeout, the peer's LCP Terminate, the keepalive. Both legs of a callback carry the
// callback id, which is the incoming call's session id (LineState arg2), so they are linked.
// Counters are the line's (counterGet), taken at the start and the end of each session.

import { CallbackEvent, EventKind, LineCounter, LineEvent, LineState } from "../core/abi.ts";
import type { CoreEvent } from "../core/core.ts";
import { decodePppEvent } from "../core/ppp.ts";
import { LinkDownReason } from "../core/core-enums.ts";
import type { AaaAnswer, AaaAuthority } from "./radius-client.ts";
import type { AccountingRecord, AccountingSession, AccountingStats, TerminateCause } from "./accounting-record.ts";

export interface LineCounters {
  rxBytes: number;
  txBytes: number;
  framesIn: number;
  framesOut: number;
}

export interface TrackerOptions {
  now(): number;
  epochSeconds(): number;
  /** A line's counters now (the core's counterGet). */
  counters(tty: number): LineCounters;
  /** The line's own telephone number and, on an incoming call, the caller's, when the line knows them. */
  stations?: (tty: number) => { line: string | null; caller: string | null };
  /** Eight hex digits that make session ids unique across restarts (random, or from the seed). */
  tag: string;
  record(r: AccountingRecord): void;
}

/** The core's counters of a line, as the tracker wants them. */
export function coreLineCounters(counter: (line: number, id: number) => number): (tty: number) => LineCounters {
  return (tty) => ({
    rxBytes: counter(tty, LineCounter.RxBytes),
    txBytes: counter(tty, LineCounter.TxBytes),
    framesIn: counter(tty, LineCounter.FramesGood),
    framesOut: counter(tty, LineCounter.FramesSent),
  });
}

interface Open {
  session: AccountingSession;
  counters: LineCounters;
}

interface LineTrack {
  callId: number;
  open: Open | null;
  /** The first reason the events gave for the end of the session now open. */
  cause: TerminateCause | null;
  /** Set on a line that dials a callback: its id and number. */
  leg: { id: number; number: string } | null;
  /** The user of the EXEC login of this call (for PPP started from it). */
  loginUser: string | null;
}

// RFC 1661 terms the core reports (PppLinkDown arg0) as the RFC 2866 §5.10 cause.
const LINK_DOWN: Record<number, TerminateCause> = {
  [LinkDownReason.PeerTerminated]: "User-Request",
  [LinkDownReason.LocalClose]: "NAS-Request",
  [LinkDownReason.NegotiationFailed]: "NAS-Error",
  [LinkDownReason.AuthFailed]: "User-Error",
  [LinkDownReason.Callback]: "Callback",
  [LinkDownReason.Loopback]: "Port-Error",
  [LinkDownReason.CallbackFailed]: "NAS-Error",
  [LinkDownReason.ProtocolRejected]: "NAS-Error",
  [LinkDownReason.EchoTimeout]: "Lost-Service",
};

const CALLBACK_OK = 1;
const delta = (now: number, then: number) => (now - then) >>> 0; // u32 counters wrap

export class SessionTracker {
  private readonly lines = new Map<number, LineTrack>();
  /** Callback id → the user and number of the callback (the leg's session takes them). */
  private readonly callbacks = new Map<number, { user: string; number: string }>();
  /** Sessions each call has had, on whichever line (Acct-Session-Id's suffix: a leg on another line goes on counting). */
  private readonly sessionCounts = new Map<number, number>();
  /** Per line, what the host's AAA said about the user accepted last (Class, Acct-Authentic). */
  private readonly accepted = new Map<number, { user: string; authority: AaaAuthority | null; classes: Uint8Array[] }>();

  constructor(private readonly options: TrackerOptions) {}

  /** An answer the core took: echoed in this user's records on `line` (Class, Acct-Authentic). */
  acceptedBy(line: number, user: string, answer: Extract<AaaAnswer, { verdict: "accept" }>): void {
    this.accepted.set(line, { user, authority: answer.authority ?? null, classes: answer.classes ?? [] });
  }

  /** Sessions open now. */
  openSessions(): AccountingSession[] {
    return [...this.lines.values()].flatMap((t) => (t.open ? [t.open.session] : []));
  }

  /** The session `id` on `tty` as it stands now and its counters so far (an Interim-Update), or null once it has ended. */
  interim(tty: number, id: string): { session: AccountingSession; stats: AccountingStats } | null {
    const open = this.lines.get(tty)?.open;
    return open?.session.id === id ? { session: snapshot(open.session), stats: this.stats(open) } : null;
  }

  /** Ends every open session now (the access server stops): Stop records with `cause`. */
  closeAll(cause: TerminateCause): void {
    for (const [tty, t] of this.lines) {
      if (!t.open) continue;
      t.cause = cause;
      this.stop(tty, t);
    }
  }

  event(e: CoreEvent): void {
    const tty = e.line;
    const [a0, a1, a2] = e.args;
    switch (e.kind) {
      case LineEvent.LineState:
        return this.state(tty, a0, a1, a2);
      case LineEvent.LoginSucceeded: {
        const t = this.track(tty);
        const user = a0 >= 0 ? latin1(e.data) : "";
        t.loginUser = user;
        if (t.open) this.stop(tty, t);
        this.start(tty, t, "exec", user);
        return;
      }
      case LineEvent.CarrierLost:
        return this.because(tty, "Lost-Carrier");
      case LineEvent.ExecTimeout:
        return this.because(tty, "Idle-Timeout");
      case CallbackEvent.Requested: {
        const t = this.track(tty);
        const number = latin1(e.data);
        this.callbacks.set(a0, { user: t.open?.session.user ?? t.loginUser ?? "", number });
        if (t.open) t.open.session.callbackNumber = number;
        this.because(tty, "Callback");
        return;
      }
      case CallbackEvent.Dialling:
        this.track(a1).leg = { id: a0, number: latin1(e.data) };
        return;
      case CallbackEvent.Finished:
        if (a1 !== CALLBACK_OK) this.callbacks.delete(a0); // no leg will ask for it (an ok one is dropped when its leg ends)
        return;
      case EventKind.PppLinkDown:
        return this.because(tty, LINK_DOWN[a0] ?? "NAS-Error");
    }
    const ppp = decodePppEvent(e);
    if (ppp?.type === "authSucceeded" && ppp.direction === "peer") {
      const t = this.track(tty);
      if (t.open?.session.service === "exec") {
        t.cause = "User-Request"; // the EXEC's `ppp` command: the EXEC session ends there
        this.stop(tty, t);
      }
      if (!t.open) this.start(tty, t, "network", ppp.name);
    } else if (ppp?.type === "ipcpUp") {
      const t = this.track(tty);
      if (t.open?.session.service === "exec") {
        t.cause = "User-Request";
        this.stop(tty, t);
      }
      if (!t.open) this.start(tty, t, "network", t.loginUser ?? "");
      // RFC 2865 §5.8: 0.0.0.0 is no address (an unnumbered peer that asked for none).
      if (t.open && ppp.peerAddress !== "0.0.0.0") t.open.session.framedIp = ppp.peerAddress;
    }
  }

  private track(tty: number): LineTrack {
    let t = this.lines.get(tty);
    if (!t) {
      t = { callId: 0, open: null, cause: null, leg: null, loginUser: null };
      this.lines.set(tty, t);
    }
    return t;
  }

  // Counts of calls no line and no pending callback refers to any more go (a call's id is never used again).
  private forgetOldCalls(): void {
    if (this.sessionCounts.size < 256) return;
    const live = new Set([...this.lines.values()].map((t) => t.callId));
    for (const id of this.callbacks.keys()) live.add(id);
    for (const id of [...this.sessionCounts.keys()]) if (!live.has(id)) this.sessionCounts.delete(id);
  }

  private because(tty: number, cause: TerminateCause): void {
    const t = this.lines.get(tty);
    if (t?.open && t.cause === null) t.cause = cause;
  }

  private state(tty: number, next: number, previous: number, callId: number): void {
    const t = this.track(tty);
    if (callId !== t.callId) {
      t.callId = callId;
      this.forgetOldCalls();
    }
    if (next === LineState.Exec && !t.open && t.leg) {
      // A callback leg straight to the EXEC (nocallback-verify): the callback's user, without a login.
      const callback = this.callbacks.get(t.leg.id);
      if (callback) this.start(tty, t, "exec", callback.user);
    }
    if (next === LineState.Ppp && previous === LineState.Exec && t.open?.session.service === "exec") {
      t.cause = "User-Request";
      this.stop(tty, t);
    }
    if ((next === LineState.HangUp || next === LineState.Idle) && t.open) this.stop(tty, t);
    if (next === LineState.Idle) {
      if (t.leg) this.callbacks.delete(t.leg.id);
      t.leg = null;
      t.loginUser = null;
      this.accepted.delete(tty);
    }
  }

  private start(tty: number, t: LineTrack, service: "exec" | "network", user: string): void {
    const now = this.options.now();
    const epoch = this.options.epochSeconds();
    const count = (this.sessionCounts.get(t.callId) ?? 0) + 1;
    this.sessionCounts.set(t.callId, count);
    t.cause = null;
    const multiId = `${this.options.tag}${(t.callId >>> 0).toString(16).padStart(8, "0")}`;
    const where = this.options.stations?.(tty) ?? { line: null, caller: null };
    const callback = t.leg ? this.callbacks.get(t.leg.id) : undefined;
    const known = this.accepted.get(tty);
    const mine = known && known.user === user ? known : null;
    const session: AccountingSession = {
      id: `${multiId}-${count}`,
      multiId,
      callId: t.callId,
      leg: t.leg ? 2 : 1,
      service,
      user,
      tty,
      startedAt: now,
      startEpoch: epoch,
      callbackNumber: t.leg?.number ?? callback?.number ?? null,
      calling: t.leg ? where.line : where.caller,
      called: t.leg ? t.leg.number : where.line,
      framedIp: null,
      authority: mine?.authority ?? (user === "" ? null : "local"),
      classes: mine?.classes ?? [],
    };
    t.open = { session, counters: this.options.counters(tty) };
    this.options.record({ status: "start", session: snapshot(session), at: now, epoch, stats: null, cause: null });
  }

  private stop(tty: number, t: LineTrack): void {
    const open = t.open;
    if (!open) return;
    t.open = null;
    const cause = t.cause ?? "User-Request";
    t.cause = null;
    const at = this.options.now();
    this.options.record({ status: "stop", session: snapshot(open.session), at, epoch: this.options.epochSeconds(), stats: this.stats(open), cause });
  }

  private stats(open: Open): AccountingStats {
    const now = this.options.counters(open.session.tty);
    return {
      seconds: Math.max(0, Math.round((this.options.now() - open.session.startedAt) / 1000)),
      inOctets: delta(now.rxBytes, open.counters.rxBytes),
      outOctets: delta(now.txBytes, open.counters.txBytes),
      inPackets: delta(now.framesIn, open.counters.framesIn),
      outPackets: delta(now.framesOut, open.counters.framesOut),
    };
  }
}

// A record says what was known when it was made: a queued Start keeps no callback number or address learnt later.
function snapshot(s: AccountingSession): AccountingSession {
  return { ...s, classes: [...s.classes] };
}

function latin1(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("latin1");
}
