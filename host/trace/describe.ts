// Turns core events into the readable, debug-style lines an IOS engineer expects
// (`TTY7: ...`, `debug callback` shape), each tagged with the session's callback id.

import { CoreEvent } from "../core/core.ts";
import { EventKind, LineEvent, LineState, CallbackEvent, ChatResult, DialProblem, LoginBlock, LoginFailure } from "../core/abi.ts";
import { ArapCloseReason, ArapEvent, ArapState, MnpDownReason } from "../core/arap.ts";
import { terminalSafe } from "./terminal-text.ts";

export { CallbackEvent };

export const CALLBACK_METHODS = ["-", "rfc1570", "cbcp", "initiate", "exec", "arap"] as const;

export const CALLBACK_OUTCOMES = [
  "pending", "ok", "busy", "no answer", "chat timeout", "chat abort", "no free line", "carrier lost",
  "caller held line", "not allowed", "no script", "no number", "cancelled", "session failed", "no dialtone", "no record", "rate limited",
  "bad number", "no runner", "no authentication", "wrong user", "glare",
] as const;

/** Where a refused number came from (DialSource order). */
export const DIAL_SOURCES = ["-", "config", "aaa", "cbcp", "rfc1570", "exec prompt", "caller"] as const;

const STATE_NAMES: Record<number, string> = {
  [LineState.Idle]: "idle",
  [LineState.Activation]: "activation",
  [LineState.Autoselect]: "autoselect",
  [LineState.Username]: "username",
  [LineState.Password]: "password",
  [LineState.Exec]: "exec",
  [LineState.Ppp]: "ppp",
  [LineState.Arap]: "arap",
  [LineState.HangUp]: "hang-up",
  [LineState.Dialling]: "dialling",
  [LineState.CallbackNumber]: "callback-number",
  [LineState.LoginWait]: "login-wait",
  [LineState.LoginDelay]: "login-delay",
  [LineState.ModemInit]: "modem-init",
};

// What a modem set-up step is called in the story (ModemStep bits).
function modemSteps(bits: number): string {
  const names = [
    [1, "script startup"],
    [2, "script reset"],
    [4, "modem autoconfigure"],
    [8, "discovery"],
  ] as const;
  return names.filter(([bit]) => bits & bit).map(([, name]) => name).join(", ") || "nothing";
}

const CHAT_RESULTS = ["-", "ok", "aborted (ERROR)", "did not answer", "carrier lost", "could not start", "stopped"];

export function stateName(state: number): string {
  return STATE_NAMES[state] ?? `state ${state}`;
}

export function outcomeName(outcome: number): string {
  return CALLBACK_OUTCOMES[outcome] ?? `outcome ${outcome}`;
}

// Payloads are what callers and servers sent: shown escaped, never raw.
function text(e: CoreEvent): string {
  return terminalSafe(e.data);
}

// Why a number was refused, from NumberRefused's problem and offset and the number as given.
function dialProblem(problem: number, offset: number, given: Uint8Array): string {
  const at = `character ${offset + 1}`;
  const ch = offset < given.length ? ` (${terminalSafe(given.subarray(offset, offset + 1))})` : "";
  switch (problem) {
    case DialProblem.Empty:
      return "nothing to dial";
    case DialProblem.TooLong:
      return `longer than allowed from ${at}`;
    case DialProblem.NotDialable:
      return `${at}${ch} is not a dial character`;
    case DialProblem.ModifierNotAllowed:
      return `dial modifier at ${at}${ch} is not allowed`;
  }
  return `problem ${problem} at ${at}`;
}

const ARAP_STATES: Record<number, string> = {
  [ArapState.Closed]: "closed",
  [ArapState.Link]: "MNP link",
  [ArapState.Version]: "version",
  [ArapState.Auth]: "authentication",
  [ArapState.AuthWait]: "waiting for the AAA server",
  [ArapState.Startup]: "start-up",
  [ArapState.Open]: "open",
  [ArapState.Closing]: "closing",
};

const ARAP_CLOSE: Record<number, string> = {
  [ArapCloseReason.None]: "ended",
  [ArapCloseReason.AuthFailed]: "authentication failed",
  [ArapCloseReason.Version]: "no common version",
  [ArapCloseReason.Callback]: "callback",
  [ArapCloseReason.User]: "closed",
  [ArapCloseReason.Timeout]: "peer silent",
  [ArapCloseReason.ProtocolError]: "protocol error",
  [ArapCloseReason.ServerNotAuthentic]: "the server did not prove the password",
  [ArapCloseReason.WrongUser]: "not the user called back",
  [ArapCloseReason.PeerClosed]: "closed by the peer",
  [ArapCloseReason.LinkLost]: "link lost",
};

const MNP_DOWN: Record<number, string> = {
  [MnpDownReason.None]: "",
  [MnpDownReason.PeerDisconnected]: "LD received",
  [MnpDownReason.NoLr]: "no LR",
  [MnpDownReason.Refused]: "LR refused",
  [MnpDownReason.RetryLimit]: "retransmission limit",
  [MnpDownReason.Silent]: "peer silent",
  [MnpDownReason.LocalClose]: "LD sent",
};

export function arapStateName(state: number): string {
  return ARAP_STATES[state] ?? `state ${state}`;
}

export function arapCloseName(reason: number): string {
  return ARAP_CLOSE[reason] ?? `reason ${reason}`;
}

function outputs(mask: number): string {
  return `DTR ${mask & 1 ? "up" : "down"}, RTS ${mask & 2 ? "up" : "down"}`;
}

/** One line of text for an event, or null for events that are not worth a line. */
export function describeEvent(e: CoreEvent): string | null {
  const tty = `TTY${e.line}`;
  const [a0, a1, a2, a3] = e.args;
  switch (e.kind) {
    case EventKind.Overflow:
      return `core: ${a0} event(s) lost (event ring full)`;
    case EventKind.SignalsSet:
      return `${tty}: ${outputs(a0)}`;
    case EventKind.PoolExhausted:
      return `core: pool ${a0} exhausted`;
    case EventKind.Log:
      return `${tty}: ${text(e)}`;
    case LineEvent.LineState:
      return `${tty}: [${a2 || "-"}] ${stateName(a1)} -> ${stateName(a0)}`;
    case LineEvent.LoginSucceeded:
      return a0 < 0 ? `${tty}: login ok, line password` : `${tty}: login ok, user ${terminalSafe(e.data)}`;
    case LineEvent.LoginFailed: {
      const why = a2 === LoginFailure.Timeout ? ", timed out" : a2 === LoginFailure.TooLong ? ", input too long" : "";
      return `${tty}: login failed for "${terminalSafe(e.data)}" (attempt ${a0}${a1 ? ", not the user called back" : ""}${why})`;
    }
    case LineEvent.QuietModeOn:
      return `${tty}: quiet mode: ${a1} failed logins within ${a2} s, every login refused for ${a0} s`;
    case LineEvent.QuietModeOff:
      return "core: quiet mode over, logins allowed again";
    case LineEvent.LoginBlocked:
      return a0 === LoginBlock.QuietMode ? `${tty}: call closed: quiet mode (${a1} s left)` : `${tty}: call closed: "login" but no line password`;
    case LineEvent.CarrierLost:
      return `${tty}: carrier lost in ${stateName(a0)}`;
    case LineEvent.PppStarted:
      return `${tty}: PPP started (${["autoselect", "EXEC ppp command", "callback"][a0] ?? a0})`;
    case LineEvent.ArapStarted:
      return `${tty}: ARAP started${a0 === 2 ? " (callback)" : ""}`;
    case ArapEvent.ArapPhase:
      return a0 === ArapState.Open || a0 === ArapState.AuthWait ? `${tty}: ARAP ${arapStateName(a0)}` : null;
    case ArapEvent.ArapAuthenticated:
      return a0 === 0 ? `${tty}: ARAP authenticated ${text(e)}` : `${tty}: ARAP: the server proved the password`;
    case ArapEvent.ArapAuthFailed:
      return `${tty}: ARAP authentication failed for "${text(e)}" (try ${a1})`;
    case ArapEvent.ArapLinkDown: {
      const mnp = MNP_DOWN[a1] ?? `MNP ${a1}`;
      return `${tty}: ARAP ended: ${arapCloseName(a0)}${mnp ? `, MNP ${mnp}` : ""}`;
    }
    case ArapEvent.ArapCallbackNotice:
      return `${tty}: ARAP: the server will call back`;
    case LineEvent.ExecTimeout:
      return `${tty}: exec-timeout expired`;
    case LineEvent.HangUpTimeout:
      return `${tty}: carrier still up after DTR drop (caller holding the line?)`;
    case LineEvent.AaaTimeout:
      return `${tty}: no AAA answer for the login: refused`;
    case LineEvent.ModemReady:
      return `${tty}: modem ready (${modemSteps(a0)}${a1 ? ` after ${a1} failed attempt(s)` : ""})`;
    case LineEvent.ModemFailed: {
      const what = a1 === ChatResult.Timeout ? "not answering" : (CHAT_RESULTS[a1] ?? `result ${a1}`);
      return `${tty}: modem ${what} in ${modemSteps(a0)} (${a2} in a row), trying again in ${(a3 / 1000).toFixed(1)} s`;
    }
    case LineEvent.ModemAnswered:
      return `${tty}: RING, answered by ATA`;
    case LineEvent.ModemIdentified: {
      // The payload is the type's name, then what the modem said (sanitised by the core, escaped again here).
      const name = terminalSafe(e.data.subarray(0, a1));
      const said = terminalSafe(e.data.subarray(a1));
      return a0
        ? `${tty}: modem identified as ${name} ("${said}")`
        : `${tty}: modem not recognised ("${said || "no identification"}"): using modemcap entry ${name}`;
    }
    case CallbackEvent.Requested:
      return `${tty}: [${a0}] Callback process initiated, method ${CALLBACK_METHODS[a1] ?? a1}, dialstring ${text(e)}`;
    case CallbackEvent.Waiting:
      return `${tty}: [${a0}] Callback forced wait = ${(a1 / 1000).toFixed(1)} seconds`;
    case CallbackEvent.Dialling:
      return `${tty}: [${a0}] Callback dialling ${text(e)} on TTY${a1} (attempt ${a2}, call came in on TTY${a3})`;
    case CallbackEvent.Connected:
      return `${tty}: [${a0}] Callback connected after ${(a2 / 1000).toFixed(1)} s`;
    case CallbackEvent.Finished:
      return `${tty}: [${a0}] Callback finished: ${outcomeName(a1)} (${(a3 / 1000).toFixed(1)} s)`;
    case CallbackEvent.Retry:
      return `${tty}: [${a0}] Callback ${outcomeName(a1)}, retry ${a2} in ${(a3 / 1000).toFixed(1)} s`;
    case CallbackEvent.Refused:
      return `${tty}: Callback refused: ${outcomeName(a0)}`;
    case CallbackEvent.NumberRefused:
      return `${tty}: [${a0}] Callback number from ${DIAL_SOURCES[a1] ?? a1} refused: ${dialProblem(a2, a3, e.data)}: "${text(e)}"`;
  }
  return null;
}

/**
 * Describes events like describeEvent and also tags PPP and chat trace lines with the session
 * id of their line, so one grep for `[id]` shows a callback's whole story.
 */
export class StoryTeller {
  private readonly sessionOfLine = new Map<number, number>();

  describe(e: CoreEvent): string | null {
    if (e.kind === LineEvent.LineState && e.args[2]) this.sessionOfLine.set(e.line, e.args[2]);
    if (e.kind === CallbackEvent.Dialling) this.sessionOfLine.set(e.args[1], e.args[0]);
    if (e.kind === EventKind.PppTrace || e.kind === EventKind.ChatTrace || e.kind === (ArapEvent.ArapTrace as number)) {
      const id = this.sessionOfLine.get(e.line);
      return `TTY${e.line}: [${id ?? "-"}] ${text(e)}`;
    }
    return describeEvent(e);
  }
}
