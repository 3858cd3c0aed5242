// Which core events `dialback run` logs as system messages, and how: interfaces up and down
// (`%LINK-3-UPDOWN`, `%LINEPROTO-5-UPDOWN`, as IOS logs an async interface), every step of a
// callback with its id (`%DIALBACK-...`, a failure at severity 3), logins (`%SEC_LOGIN`), and
// what went wrong in the core. Texts are the event descriptions: escaped, callback id in brackets.

import { EventKind, LineEvent } from "../core/abi.ts";
import type { CoreEvent } from "../core/core.ts";
import { decodePppEvent, LinkDownReason } from "../core/ppp.ts";
import { CallbackEvent, describeEvent } from "../trace/describe.ts";
import { loginLogLine } from "../trace/login-log.ts";
import { parseMessage, type LogMessage, type Severity } from "./ios-log.ts";

const CALLBACK_OK = 1;

function dialback(severity: Severity, mnemonic: string, text: string): LogMessage {
  return { facility: "DIALBACK", severity, mnemonic, text };
}

function lineProtocol(line: number, state: string): LogMessage {
  return { facility: "LINEPROTO", severity: 5, mnemonic: "UPDOWN", text: `Line protocol on Interface Async${line}, changed state to ${state}` };
}

function described(e: CoreEvent): string {
  return describeEvent(e) ?? `TTY${e.line}: event ${e.kind}`;
}

/** The system message for `e`, or null when it is not logged. */
export function eventLogMessage(e: CoreEvent): LogMessage | null {
  const login = loginLogLine(e);
  if (login) return parseMessage(login) ?? dialback(4, "LOGIN_REFUSED", login);
  const ppp = decodePppEvent(e);
  if (ppp?.type === "linkDown") {
    const why = LinkDownReason[ppp.reason] ?? `reason ${ppp.reason}`;
    return { facility: "LINK", severity: 3, mnemonic: "UPDOWN", text: `Interface Async${e.line}, changed state to down (${why})` };
  }
  if (ppp?.type === "ipcpUp") {
    return lineProtocol(e.line, `up (peer ${ppp.peerAddress})`);
  }
  if (ppp?.type === "ipcpDown") return lineProtocol(e.line, "down");
  switch (e.kind) {
    case LineEvent.PppStarted:
      return { facility: "LINK", severity: 3, mnemonic: "UPDOWN", text: `Interface Async${e.line}, changed state to up` };
    case CallbackEvent.Requested:
    case CallbackEvent.Waiting:
    case CallbackEvent.Dialling:
    case CallbackEvent.Connected:
      return dialback(6, "CALLBACK", described(e));
    case CallbackEvent.Finished:
      return e.args[1] === CALLBACK_OK ? dialback(5, "CALLBACK_OK", described(e)) : dialback(3, "CALLBACK_FAILED", described(e));
    case CallbackEvent.Retry:
      return dialback(4, "CALLBACK_RETRY", described(e));
    case CallbackEvent.Refused:
      return dialback(4, "CALLBACK_REFUSED", described(e));
    case CallbackEvent.NumberRefused:
      return dialback(4, "NUMBER_REFUSED", described(e));
    case LineEvent.ModemFailed: // a modem not answering AT: reported and retried by the line
      return dialback(3, "MODEM_FAILED", described(e));
    case LineEvent.ModemIdentified: // discovery's choice; an unknown modem gets the default entry
      return e.args[0] ? dialback(6, "MODEM_IDENTIFIED", described(e)) : dialback(4, "MODEM_UNKNOWN", described(e));
    case LineEvent.HangUpTimeout:
      return dialback(3, "HANGUP", described(e));
    case LineEvent.AaaTimeout:
      return dialback(4, "AAA_TIMEOUT", described(e));
    case LineEvent.ExecTimeout:
      return dialback(6, "EXEC_TIMEOUT", described(e));
    case EventKind.Overflow:
      return dialback(3, "EVENTS_LOST", described(e));
    case EventKind.PoolExhausted:
      return dialback(3, "POOL_EXHAUSTED", described(e));
    case EventKind.Log: // the core's own log lines (a pool with no free address ...), at the severity it gives
      return dialback(Math.min(7, Math.max(0, e.args[0] | 0)) as Severity, "CORE_LOG", described(e));
  }
  return null;
}
