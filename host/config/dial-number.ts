// The dial alphabet as `config check` applies it to configured numbers: the same rule the core
// applies to every number before a chat script sees it (assembly/callback/dial-number.ts;
// tests/host/config/dial-number.test.ts keeps the two in step). Digits, `*`, `#` and the dial
// modifiers `callback dialstring modifiers` allows; space, `-`, `(`, `)` and `.` are removed.

import type { ConfigModel } from "./model.ts";

/** The V.250 dial modifiers a configuration may allow, in their bit order (image section 9). */
export const DIAL_MODIFIERS = [",", "W", "P", "T"] as const;
/** A callback record holds 32 octets of number. */
export const DIAL_MAX_LENGTH = 32;
/** Only `,` by default: "9,5551234" through a PBX is what a callback number needs. */
export const DIAL_DEFAULT_MODIFIERS = ",";
export const DIAL_DEFAULT_MAX_LENGTH = DIAL_MAX_LENGTH;

export interface DialRules {
  /** Allowed modifiers, a subset of DIAL_MODIFIERS in that order. */
  modifiers: string;
  maxLength: number;
}

export type DialProblem = "empty" | "too-long" | "not-dialable" | "modifier-not-allowed";

export type DialCheck = { ok: true; number: string } | { ok: false; problem: DialProblem; offset: number };

const SEPARATORS = new Set([" ", "-", "(", ")", "."]);

/** The rules a model gives (`callback dialstring ...`), defaults filled in. */
export function dialRulesOf(m: ConfigModel): DialRules {
  return {
    modifiers: m.callback.dialstring.modifiers ?? DIAL_DEFAULT_MODIFIERS,
    maxLength: m.callback.dialstring.maxLength ?? DIAL_DEFAULT_MAX_LENGTH,
  };
}

/** DialModifier bits of the image: bit k for DIAL_MODIFIERS[k]. */
export function dialModifierBits(modifiers: string): number {
  return DIAL_MODIFIERS.reduce((bits, c, k) => (modifiers.includes(c) ? bits | (1 << k) : bits), 0);
}

/** Checks a number as the core will (offsets are in UTF-16 units of `text`). */
export function checkDialNumber(text: string, rules: DialRules): DialCheck {
  let number = "";
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (SEPARATORS.has(c)) continue;
    const upper = c.toUpperCase();
    if ((DIAL_MODIFIERS as readonly string[]).includes(upper) && c.charCodeAt(0) < 0x80) {
      if (!rules.modifiers.includes(upper)) return { ok: false, problem: "modifier-not-allowed", offset: i };
    } else if (!/^[0-9*#]$/.test(c)) {
      return { ok: false, problem: "not-dialable", offset: i };
    }
    if (number.length >= rules.maxLength) return { ok: false, problem: "too-long", offset: i };
    number += c;
  }
  return number === "" ? { ok: false, problem: "empty", offset: 0 } : { ok: true, number };
}

/** One sentence for a refused configured number. */
export function dialProblemText(text: string, check: Extract<DialCheck, { ok: false }>, rules: DialRules): string {
  const allowed = rules.modifiers === "" ? "no dial modifier" : `the dial modifiers "${[...rules.modifiers].join(" ")}"`;
  switch (check.problem) {
    case "empty":
      return `dial string "${text}" has nothing to dial`;
    case "too-long":
      return `dial string is longer than ${rules.maxLength} characters ("callback dialstring max-length")`;
    case "modifier-not-allowed":
      return `dial modifier "${text[check.offset]}" is not allowed: this configuration allows ${allowed} ("callback dialstring modifiers")`;
    case "not-dialable":
      return `"${JSON.stringify(text[check.offset]).slice(1, -1)}" cannot be dialled: a dial string is digits, *, # and ${allowed}`;
  }
}
