// Who is who in a simulation: the server's events tied to the scenario's callers. Each
// incoming session belongs to the caller whose call the line answered; its callback (same
// id as the session) and its refusals belong to that caller too. One row per caller.

import type { CoreEvent } from "../core/core.ts";
import { LineEvent, LineState } from "../core/abi.ts";
import { decodePppEvent } from "../core/ppp.ts";
import { decodeArapEvent } from "../core/arap.ts";
import { CallbackEvent, CALLBACK_METHODS, outcomeName } from "../trace/describe.ts";
import { terminalSafe } from "../trace/terminal-text.ts";
import type { TelephoneNetwork } from "../sim/network.ts";
import { defaultLineNumber } from "../sim/world.ts";
import type { SimCaller } from "./callers.ts";

const OUTCOME_OK = 1;

/** One caller's row: what happened to it, with its callback's columns when it had one. */
export interface CallerRow {
  caller: string;
  user: string;
  method: string;
  /** The number the server dialled back (null: no callback was asked for). */
  dialled: string | null;
  lineIn: number | null;
  lineOut: number | null;
  callbackMs: number | null;
  /** The callback's outcome (`ok`, `busy`, `glare`, ...), else why there was none. */
  result: string;
}

interface Track {
  sim: SimCaller;
  session: number | null;
  lineIn: number | null;
  callback: { method: string; dialled: string; lineOut: number | null; ms: number | null; outcome: string | null } | null;
  refused: string | null;
  loginFailures: number;
  authFailed: boolean;
  aaaSilent: boolean;
  /** Last answer of settled(), kept so the count of unsettled callers is known at once. */
  wasSettled: boolean;
}

export class CallerLedger {
  private readonly tracks: Track[];
  /** The callers of each phone, in scenario order (calls of one user may share one). */
  private readonly byPhone = new Map<string, Track[]>();
  private readonly bySession = new Map<number, Track>();
  /** Per line, the caller whose incoming session runs there. */
  private readonly onLine = new Map<number, Track>();
  private unsettledCount: number;

  constructor(
    callers: SimCaller[],
    private readonly network: TelephoneNetwork,
  ) {
    this.tracks = callers.map((sim) => ({
      sim, session: null, lineIn: null, callback: null, refused: null, loginFailures: 0, authFailed: false, aaaSilent: false, wasSettled: false,
    }));
    this.unsettledCount = this.tracks.length;
    for (const t of this.tracks) {
      const list = this.byPhone.get(t.sim.caller.phone) ?? [];
      list.push(t);
      this.byPhone.set(t.sim.caller.phone, list);
      t.sim.onFinished = () => this.recheck(t);
    }
  }

  /** The caller whose incoming session is on `tty`, if any. */
  callerOnLine(tty: number): SimCaller | null {
    return this.onLine.get(tty)?.sim ?? null;
  }

  /** The simulator's AAA server left this line's question unanswered (fault `aaa-timeout`). */
  aaaSilent(tty: number): void {
    const t = this.onLine.get(tty);
    if (t) t.aaaSilent = true;
  }

  event(e: CoreEvent): void {
    const [a0, a1, a2, a3] = e.args;
    switch (e.kind) {
      case LineEvent.LineState:
        if (a0 === LineState.Activation && a1 === LineState.Idle) this.sessionStarted(e.line, a2);
        else if (a0 === LineState.Idle) this.sessionEnded(e.line);
        return;
      case LineEvent.LoginFailed: {
        const t = this.onLine.get(e.line);
        if (t) t.loginFailures++;
        return;
      }
      case CallbackEvent.Refused: {
        const t = this.onLine.get(a1);
        if (t) t.refused = outcomeName(a0);
        return;
      }
      case CallbackEvent.Requested: {
        const t = this.bySession.get(a0);
        const dialled = terminalSafe(e.data); // the caller's number, shown in tables and JSON
        if (!t) return;
        t.callback = { method: CALLBACK_METHODS[a1] ?? String(a1), dialled, lineOut: null, ms: null, outcome: null };
        this.recheck(t);
        return;
      }
      case CallbackEvent.Dialling: {
        const cb = this.bySession.get(a0)?.callback;
        if (cb) cb.lineOut = a1;
        return;
      }
      case CallbackEvent.Finished: {
        const t = this.bySession.get(a0);
        if (!t?.callback) return;
        t.callback.outcome = outcomeName(a1);
        if (a1 === OUTCOME_OK) t.callback.ms = a3;
        if (a2) t.callback.lineOut = a2;
        this.recheck(t);
        if (a1 !== OUTCOME_OK) t.sim.serverDone(`callback ${outcomeName(a1)}`);
        return;
      }
    }
    const p = decodePppEvent(e);
    const a = p ? null : decodeArapEvent(e);
    if ((p?.type === "authFailed" && p.direction === "peer") || (a?.type === "authFailed" && a.direction === "peer")) {
      const t = this.onLine.get(e.line);
      if (t) t.authFailed = true;
    }
  }

  // The line answered a call (not a callback: those leave Dialling): whose call is it?
  private sessionStarted(tty: number, session: number): void {
    this.sessionEnded(tty);
    const phone = this.network.line(defaultLineNumber(tty))?.call?.caller.number;
    // The caller of that phone whose own call this is (a shared phone's callers take turns).
    const t = phone === undefined ? undefined : this.byPhone.get(phone)?.find((x) => x.session === null && x.sim.placingCall);
    if (!t) return; // not a scenario caller, or a second call of one
    t.session = session;
    t.lineIn = tty;
    this.bySession.set(session, t);
    this.onLine.set(tty, t);
  }

  private sessionEnded(tty: number): void {
    const t = this.onLine.get(tty);
    if (!t) return;
    this.onLine.delete(tty);
    if (t.callback === null) t.sim.serverDone(this.refusal(t) ?? "no callback asked for");
  }

  private refusal(t: Track): string | null {
    if (t.refused) return `refused: ${t.refused}`;
    if (t.aaaSilent) return "refused: AAA timeout";
    if (t.authFailed) return "refused: authentication failed";
    if (t.loginFailures > 0) return "refused at login";
    return null;
  }

  /** Finished on both sides: the caller is done and its callback (if any) has its outcome. */
  private settled(t: Track): boolean {
    return t.sim.finished && (t.callback === null || t.callback.outcome !== null);
  }

  private recheck(t: Track): void {
    const now = this.settled(t);
    if (now === t.wasSettled) return;
    t.wasSettled = now;
    this.unsettledCount += now ? -1 : 1;
  }

  /** Callers not yet settled, by name. */
  unsettled(): string[] {
    return this.tracks.filter((t) => !this.settled(t)).map((t) => t.sim.caller.name);
  }

  allSettled(): boolean {
    return this.unsettledCount === 0;
  }

  rows(): CallerRow[] {
    return this.tracks.map((t) => {
      const c = t.sim.caller;
      const cb = t.callback;
      const result = !this.settled(t)
        ? "unfinished"
        : (cb?.outcome ?? this.refusal(t) ?? t.sim.outcome ?? "unfinished");
      return {
        caller: terminalSafe(c.name),
        user: terminalSafe(c.username),
        method: cb?.method ?? c.method,
        dialled: cb?.dialled ?? null,
        lineIn: t.lineIn,
        lineOut: cb?.lineOut ?? null,
        callbackMs: cb?.ms ?? null,
        result,
      };
    });
  }
}
