// What the line layer reports to its owner, the layer above it (callback/line-reports.ts),
// set once at init with lineSetOwner, as chat reports to its owner (chatSetOwner). Each
// entry says what happened on a line (past tense). The owner decides what it means; when it
// must act on a line it calls back down (machine.ts: start dialling, hang up, start a leg).
// An entry that returns something gives the line the owner's answer to what was reported.
// Until an owner is set nothing is reported anywhere and no callback is ever asked for.

/** What the caller at the EXEC is told after asking for a callback. */
export const enum ExecCallbackAnswer {
  Initiated = 0, // "Callback initiated - line is disconnected", then the line hangs up
  NotAllowed = 1,
  BadNumber = 2,
  NotPossible = 3,
}

//  LineOwner: the owner's entries, one per kind of report.
@unmanaged
export class LineOwner {
  /** The line is idle again: its call ended and the caller's carrier is gone (DTR is back up). */
  wentIdle: (tty: u32, now: f64) => void;
  /** DTR was dropped to end the call but the caller kept carrier past the hang-up wait; the line goes idle anyway. */
  callerHeldLine: (tty: u32, now: f64) => void;
  /** `user`, logged in at the EXEC of session `session`, asked for a callback (to `number` when it was typed). */
  execCallbackAsked: (tty: u32, user: i32, session: u32, number: usize, numberLen: u32, now: f64) => ExecCallbackAnswer;
  /**
   * The PPP peer of session `session` (not a callback leg) authenticated as `user` (-1: no
   * user of the directory), `callbackNegotiated` when LCP agreed on a callback. Answer
   * false: the link is ended.
   */
  peerAuthenticated: (tty: u32, user: i32, callbackNegotiated: bool, session: u32, now: f64) => bool;
  /**
   * The PPP peer of session `session`, authenticated as `user`, agreed on a callback: `kind`
   * is the protocol's CALLBACK_KIND_* (RFC 1570 with its operation, or CBCP with the type
   * chosen), `number` what the peer gave, `delaySeconds` the CBCP delay.
   */
  pppCallbackAgreed: (tty: u32, user: i32, session: u32, kind: i32, operation: u32, delaySeconds: u32, number: usize, numberLen: u32, now: f64) => void;
  /** A callback this line dialled connected and the line's activation is over: the leg's session may start. */
  legActivated: (tty: u32, now: f64) => void;
  /** The PPP peer on a callback leg authenticated as `user` (-1 none). Answer false: the link is ended. */
  legAuthenticated: (tty: u32, user: i32, now: f64) => bool;
  /** The session on a callback leg is up (EXEC prompt, IPCP open) with `user` authenticated on it (-1 none). Answer false: it is ended. */
  legSessionUp: (tty: u32, user: i32, now: f64) => bool;
  /** A callback leg's line went idle before its session was up (carrier lost, hung up). */
  legLost: (tty: u32, now: f64) => void;
  /**
   * The ARA client of session `session` (not a callback leg) proved itself as `user` (-1: no
   * user of the directory), offering `number` for a callback (may be empty). Answer true:
   * a callback was asked for, the client is told and the line drops.
   */
  arapAuthenticated: (tty: u32, user: i32, session: u32, number: usize, numberLen: u32, now: f64) => bool;
}

function noReport(tty: u32, now: f64): void {}

function notPossible(tty: u32, user: i32, session: u32, number: usize, numberLen: u32, now: f64): ExecCallbackAnswer {
  return ExecCallbackAnswer.NotPossible;
}

function goOn(tty: u32, user: i32, callbackNegotiated: bool, session: u32, now: f64): bool {
  return true;
}

function noCallback(tty: u32, user: i32, session: u32, kind: i32, operation: u32, delaySeconds: u32, number: usize, numberLen: u32, now: f64): void {}

function notCalledBack(tty: u32, user: i32, now: f64): bool {
  return false;
}

function noArapCallback(tty: u32, user: i32, session: u32, number: usize, numberLen: u32, now: f64): bool {
  return false;
}

// @ts-ignore: decorator
@lazy const nobody: usize = memory.data(offsetof<LineOwner>(), 8);
let owner: usize = 0;

function defaults(): LineOwner {
  const o = changetype<LineOwner>(nobody);
  o.wentIdle = noReport;
  o.callerHeldLine = noReport;
  o.execCallbackAsked = notPossible;
  o.peerAuthenticated = goOn;
  o.pppCallbackAgreed = noCallback;
  o.legActivated = noReport;
  o.legAuthenticated = notCalledBack;
  o.legSessionUp = notCalledBack;
  o.legLost = noReport;
  o.arapAuthenticated = noArapCallback;
  return o;
}

/** Registered once at init: every report of every line goes to `o` from now on. */
export function lineSetOwner(o: LineOwner): void {
  owner = changetype<usize>(o);
}

/** The owner reports go to. */
export function lineOwner(): LineOwner {
  return owner != 0 ? changetype<LineOwner>(owner) : defaults();
}
