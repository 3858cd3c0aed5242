// What the TACACS+ client asks authorization for after an authentication PASS, and what the
// RESPONSE's AV pairs allow for callback (RFC 8907 §6, §8.2), as AaaCallback.

import type { AaaCallback, AaaRequest } from "./radius-client.ts";
import { tacacsAvPairParse } from "./tacacs-codec.ts";

/** RFC 8907 §8.2: PPP asks for its LCP, an EXEC login for the shell itself (cmd with no value, optional as IOS sends it). */
export function tacacsAuthorizationArgs(kind: AaaRequest["kind"]): string[] {
  return kind === "login" ? ["service=shell", "cmd*"] : ["service=ppp", "protocol=lcp"];
}

/** The callback the pairs allow (null when they name none), or why the authorization must count as failed. */
export type TacacsGrant = { callback: AaaCallback | null } | { refused: string };

// Pairs we act on; service/protocol/cmd only echo or replace what we asked for (PASS_REPL, §6.2).
// priv-lvl, idletime and timeout are what servers commonly send every shell and PPP user: the
// EXEC has one level and the line's own exec-timeout, so they are taken as met rather than
// refusing nearly every real server's users.
const HANDLED = new Set([
  "service", "protocol", "cmd", "callback-dialstring", "nocallback-verify", "callback-line", "callback-rotary", "priv-lvl", "idletime", "timeout",
]);

/**
 * Maps a PASS_ADD/PASS_REPL RESPONSE's pairs. RFC 8907 §6.1: a mandatory pair the client cannot
 * handle (an unknown name, or a callback value it cannot use) means the authorization failed;
 * such an optional pair is ignored. The last of repeated pairs wins. Names never values in reasons.
 */
export function tacacsGrantOf(args: string[]): TacacsGrant {
  const values = new Map<string, string>();
  for (const arg of args) {
    const pair = tacacsAvPairParse(arg);
    if (typeof pair === "string") return { refused: `unparsable AV pair: ${pair}` };
    const name = pair.name.toLowerCase();
    const usable = HANDLED.has(name) && valueUsable(name, pair.value);
    if (!usable && pair.mandatory) return { refused: `mandatory AV pair "${pair.name}" cannot be honoured` };
    if (usable && (name.startsWith("callback-") || name === "nocallback-verify")) values.set(name, pair.value);
  }
  if (!values.size) return { callback: null };
  return {
    callback: {
      dialstring: values.get("callback-dialstring") ?? null,
      noCallbackVerify: truthy(values.get("nocallback-verify")),
      callbackLine: decimal(values.get("callback-line")),
      callbackRotary: decimal(values.get("callback-rotary")),
    },
  };
}

function valueUsable(name: string, value: string): boolean {
  if (name === "callback-line" || name === "callback-rotary") return decimal(value) !== null;
  if (name === "priv-lvl" || name === "idletime" || name === "timeout") return decimal(value) !== null;
  if (name === "nocallback-verify") return /^(?:0|1|true|false)$/i.test(value);
  // RFC 8907 §3.7: text is printable US-ASCII; a control character must not reach the modem's dial command. Empty is allowed (§8.2).
  if (name === "callback-dialstring") return /^[\x20-\x7e]*$/.test(value);
  return true;
}

// RFC 8907 §8.1 spells booleans "true"/"false"; Cisco's callback documents write nocallback-verify=1.
function truthy(value: string | undefined): boolean {
  return value !== undefined && /^(?:1|true)$/i.test(value);
}

function decimal(text: string | undefined): number | null {
  return text !== undefined && /^\d{1,9}$/.test(text) ? Number(text) : null;
}
