// How a chat script ended (the core's ChatResult event), in an operator's words: which script
// (a configured `chat-script`, or the modem set-up the line runs for `modem autoconfigure`),
// what happened, and at which word of the script (counted from 1, as the script is written).

import { ChatError, ChatResult, EventKind } from "../core/abi.ts";
import type { CoreEvent } from "../core/core.ts";
import { terminalSafe } from "./terminal-text.ts";

/** The script id the core reports a modem type's set-up commands under (not in the chat-script library). */
const MODEM_SET_UP_SCRIPT = -1;
/** ChatResult Abort's detail for the RING every callback script ends on (an incoming call). */
const ABORT_ON_RING = -1;
/** Refusals from this code on are the run's (no runner, line busy ...), not a word of the script. */
const FIRST_RUN_REFUSAL = ChatError.NoSuchScript;

// "DialRefused" -> "dial refused".
function errorWords(code: number): string {
  const name = ChatError[code];
  return name === undefined ? `error ${code}` : name.replace(/[A-Z]/g, (c, at: number) => (at ? " " : "") + c.toLowerCase());
}

function ended(result: number, word: number, detail: number): string {
  const at = `at word ${word}`;
  switch (result) {
    case ChatResult.Success:
      return "ok";
    case ChatResult.Timeout:
      return `timed out waiting ${at}`;
    case ChatResult.Abort:
      return detail === ABORT_ON_RING ? `ended by RING (an incoming call) ${at}` : `aborted by its ABORT string ${detail + 1} ${at}`;
    case ChatResult.CarrierLost:
      return `carrier lost ${at}`;
    case ChatResult.Stopped:
      return `stopped by the line ${at}`;
    case ChatResult.BadScript: {
      const status = -detail;
      const code = status & 0xff;
      return code >= FIRST_RUN_REFUSAL ? `could not run: ${errorWords(code)}` : `could not run: ${errorWords(code)} at word ${(status >> 8) + 1}`;
    }
  }
  return `result ${result} ${at}`;
}

/** One line for a ChatResult event (`TTY4: chat script dial: timed out waiting at word 9`), null for other events. */
export function describeChatResult(e: CoreEvent): string | null {
  if (e.kind !== EventKind.ChatResult) return null;
  const [script, token, result, detail] = e.args;
  const name = terminalSafe(e.data);
  const which = script === MODEM_SET_UP_SCRIPT ? `modem set-up (modemcap entry ${name})` : `chat script ${name}`;
  return `TTY${e.line}: ${which}: ${ended(result, token + 1, detail)}`;
}
