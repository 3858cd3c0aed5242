// Every leg authenticates: a PPP callback leg on line L asks for the `ppp authentication` of L's
// async interface, else that of the line the call came in on (the core's callbackLegAuth in
// assembly/callback/orchestrator.ts). A callback line neither gives any method to is refused
// at dial time ("no authentication"); `config check` says so first, at the reference.

import { Diagnostics, Loc } from "./diagnostics.ts";
import { asyncInterfaceFor, ConfigModel } from "./model.ts";

/** The protocols the core can ask for on TTY `n` (PAP, CHAP, MS-CHAP, MS-CHAP-v2; not EAP). */
function legMethods(m: ConfigModel, n: number): string[] {
  return (asyncInterfaceFor(m, n)?.pppAuthentication?.protocols ?? []).filter((p) => p !== "eap");
}

/** TTYs where a caller can ask for a PPP callback: their interface has `ppp callback accept|initiate`. */
export function pppCallbackLines(m: ConfigModel): number[] {
  return m.lines.filter((l) => {
    const cb = l.kind === "tty" ? asyncInterfaceFor(m, l.number)?.pppCallback : null;
    return cb === "accept" || cb === "initiate";
  }).map((l) => l.number);
}

/**
 * Warns at `at` about each of `lines` (TTYs a callback may leave on) where a PPP callback leg
 * for a call that came in on one of `from` would have no authentication method.
 */
export function warnCallbackLegs(m: ConfigModel, diags: Diagnostics, at: Loc, lines: number[], from: number[]): void {
  for (const out of lines) {
    if (legMethods(m, out).length) continue;
    const bare = from.find((n) => legMethods(m, n).length === 0);
    if (bare === undefined) continue;
    const why =
      bare === out
        ? `interface Async${out} has no "ppp authentication pap|chap"`
        : `neither interface Async${out} nor interface Async${bare}, where the call comes in, has "ppp authentication pap|chap"`;
    diags.warning(at, `line ${out} cannot authenticate a PPP callback leg (${why}): such a callback is refused before dialling`);
  }
}
