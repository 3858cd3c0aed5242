// `callback-allowed-pattern` (a dialback extension against toll fraud) is matched in the core
// by a small whole-number matcher (assembly/callback/pattern.ts): literals, `.`, `[...]`,
// `[^...]`, `\x`, the quantifiers `*` `+` `?`, and `^` `$` (implied). The compiler accepts a
// pattern only in that subset: an IOS operator the core does not run (`(`, `)`, `|`, `_`)
// would be accepted here and then never match, refusing every callback in silence. (The
// core's 63 items are more than the 48 octets a pattern may have: no count is needed.)

import { compileIosRegexp } from "./ios-regexp.ts";

export interface PatternProblem {
  offset: number;
  message: string;
}

const UNSUPPORTED: Record<string, string> = {
  "(": "groups are", ")": "groups are", "|": "alternatives are", _: "the IOS delimiter _ is",
};

/** Null when the core can match `source`; else the first problem and its offset. */
export function allowedPatternProblem(source: string): PatternProblem | null {
  const syntax = compileIosRegexp(source);
  if (!syntax.ok) return { offset: syntax.offset, message: syntax.message };
  let i = source.startsWith("^") ? 1 : 0;
  const end = source.endsWith("$") && !source.endsWith("\\$") ? source.length - 1 : source.length;
  while (i < end) {
    const c = source[i];
    if (UNSUPPORTED[c]) {
      return { offset: i, message: `"${c}": ${UNSUPPORTED[c]} not matched in a callback-allowed-pattern (use . * + ? [ ] [^ ] \\ ^ $)` };
    }
    if (c === "[") {
      // A first "]" (after an optional "^") belongs to the set, as the core reads it.
      let j = i + 1;
      if (source[j] === "^") j++;
      if (source[j] === "]") j++;
      while (j < end && source[j] !== "]") j++;
      i = j + 1;
    } else {
      i += c === "\\" ? 2 : 1;
    }
    if ("*+?".includes(source[i] ?? "")) i++;
  }
  return null;
}
