// The table-driven grammar: each command is one descriptor (mode, keyword path, argument
// specs, apply). The descriptors of a mode form a keyword tree in which any unique prefix of
// a keyword stands for it, and an exact keyword wins over longer ones it is a prefix of.

import { closest, Diagnostics, Loc } from "./diagnostics.ts";
import { ConfigModel } from "./model.ts";
import { afterLast, Token } from "./tokens.ts";

/** The modes dialback models (modes.ts holds the tree and the modes it keeps verbatim). */
export type Mode = "global" | "interface" | "line" | "aaa-group";

export type Arg =
  | { kind: "keyword"; name: string; choices: string[] }
  | { kind: "number"; name: string; label: string; min: number; max: number }
  | { kind: "word"; name: string; label: string }
  | { kind: "ipv4"; name: string; label: string }
  | { kind: "ifname"; name: string }
  | { kind: "rest"; name: string; label: string }
  | { kind: "optional"; args: Arg[] }
  | { kind: "options"; options: OptionSpec[] };

/** One keyword-introduced option of a command that takes options in any order (`username`). */
export interface OptionSpec {
  keyword: string;
  args: Arg[];
  /** A dialback extension, not an IOS keyword. */
  extension?: boolean;
}

export interface Value {
  text: string;
  num: number;
  tok: Token;
  /** For `rest`: every word taken. */
  words?: Token[];
}

export type Values = Record<string, Value | undefined>;

export interface ApplyContext {
  model: ConfigModel;
  diags: Diagnostics;
  /** The command's words as written, for keeping it verbatim. */
  raw: string;
  negated: boolean;
  first: Token;
  enterInterface(number: number): void;
  enterAsyncGroup(number: number): void;
  enterLines(kind: import("./model.ts").LineKind, first: number, last: number): void;
  /** Starts a block of a mode dialback keeps verbatim (`router`, a non-async interface ...). */
  enterBlock(text: string, isInterface: boolean): void;
  /** The async interface or the lines the current mode applies to. */
  scope: Scope;
  /** Runs after the whole file is read (cross references). */
  later(check: (model: ConfigModel) => void): void;
  /** Keeps the command as written in the current scope and says once that it does nothing here. */
  keepNoEffect(path: string): void;
  /** Says once per file that `path` is accepted but does nothing here. */
  noteNoEffect(path: string): void;
  exitMode(): void;
  /** Enters `aaa group server radius|tacacs+ NAME`. */
  enterAaaGroup(group: import("./model.ts").AaaServerGroup): void;
  /** `end` (or `exit` from global): configuration mode is over until `configure terminal`. */
  endConfiguration(): void;
  /** Scratch state of the command tables for the whole file (where a user attribute was set ...). */
  memo: Map<string, unknown>;
}

export type Scope =
  | { mode: "global" }
  | { mode: "aaa-group"; group: import("./model.ts").AaaServerGroup }
  | { mode: "interface"; iface: import("./model.ts").AsyncInterface }
  | { mode: "line"; lines: import("./model.ts").LineConfig[] };

export interface Command {
  mode: Mode | "any";
  words: string[];
  args: Arg[];
  /** An IOS command that changes nothing here: kept verbatim, noted once. */
  noEffect?: boolean;
  /** Opens an IOS sub-mode dialback does not model; the following block is kept verbatim. */
  opensBlock?: boolean;
  /** A dialback extension (not IOS); documented as such. */
  extension?: boolean;
  /** Whether `no ...` is accepted (default yes). */
  negatable?: boolean;
  /** How many leading arguments the `no` form still needs (default none: `no keepalive`). */
  noArgs?: number;
  /**
   * Whether a document that printed the command may have wrapped it onto the next line:
   * "options" between two options (`username`), "words" anywhere in its word list (`chat-script`).
   */
  wraps?: "options" | "words";
  apply(ctx: ApplyContext, v: Values): void;
}

export interface TreeNode {
  word: string;
  children: Map<string, TreeNode>;
  command?: Command;
}

export function buildTree(commands: Command[]): TreeNode {
  const root: TreeNode = { word: "", children: new Map() };
  for (const c of commands) {
    let node = root;
    for (const w of c.words) {
      const key = w.toLowerCase();
      let next = node.children.get(key);
      if (!next) {
        next = { word: w, children: new Map() };
        node.children.set(key, next);
      }
      node = next;
    }
    if (node.command) throw new Error(`grammar: two descriptors for "${c.words.join(" ")}"`);
    node.command = c;
  }
  return root;
}

export type Match<T> = { kind: "one"; value: T } | { kind: "none" } | { kind: "ambiguous"; candidates: string[] };

/** IOS keyword matching: case-insensitive; exact match first, then a unique prefix. */
export function matchKeyword<T>(word: string, choices: Map<string, T>): Match<T> {
  const w = word.toLowerCase();
  if (w === "") return { kind: "none" };
  const exact = choices.get(w);
  if (exact !== undefined) return { kind: "one", value: exact };
  const hits = [...choices.keys()].filter((k) => k.startsWith(w));
  if (hits.length === 1) return { kind: "one", value: choices.get(hits[0]) as T };
  if (hits.length === 0) return { kind: "none" };
  return { kind: "ambiguous", candidates: hits.sort() };
}

export interface Walk {
  node: TreeNode;
  /** Tokens used by the keyword path. */
  used: number;
  /** Every keyword of the path typed in full (not an abbreviation). */
  exact: boolean;
  /** Keywords that could have followed the path (the walk stopped at a command that has more below it). */
  next: string[];
}

export type WalkResult = { ok: true; walk: Walk } | { ok: false; unknownAt: number; message: string; kind: "unknown" | "ambiguous" | "incomplete" };

/**
 * Follows the keyword tree from `root` as far as the tokens go. A word that leads nowhere
 * below a command dialback only keeps (`ip local policy ...` below `ip`) falls back to that
 * command, which takes the rest of the line as written.
 */
export function walkTree(root: TreeNode, tokens: Token[], start: number): WalkResult {
  let node = root;
  let i = start;
  let exact = true;
  let kept: Walk | null = null;
  while (i < tokens.length && node.children.size > 0) {
    if (node.command?.noEffect) kept = { node, used: i - start, exact, next: [] };
    const m = matchKeyword(tokens[i].text, node.children);
    if (m.kind === "one") {
      if (m.value.word.toLowerCase() !== tokens[i].text.toLowerCase()) exact = false;
      node = m.value;
      i++;
      continue;
    }
    if (node.command) break;
    if (kept) return { ok: true, walk: kept };
    const path = pathOf(tokens, start, i);
    if (m.kind === "ambiguous") {
      const what = path ? `keyword after "${path}"` : "command";
      return { ok: false, unknownAt: i, kind: "ambiguous", message: `ambiguous ${what} "${tokens[i].text}": ${m.candidates.join(", ")}` };
    }
    const at = i;
    const here = node;
    // Most failed walks are a sub-mode trying a global command: the "did you mean" is made only when read.
    return {
      ok: false,
      unknownAt: at,
      kind: "unknown",
      get message() {
        const hint = closest(tokens[at].text, [...here.children.values()].map((n) => n.word));
        const what = path ? `unknown keyword "${tokens[at].text}" after "${path}"` : `unknown command "${tokens[at].text}"`;
        return hint ? `${what}; did you mean "${hint}"?` : what;
      },
    };
  }
  if (!node.command) {
    if (kept) return { ok: true, walk: kept };
    const names = [...node.children.values()].map((n) => n.word).sort();
    return { ok: false, unknownAt: i, kind: "incomplete", message: `incomplete command "${pathOf(tokens, start, i)}": expected one of ${names.join(", ")}` };
  }
  const next = i < tokens.length ? [...node.children.values()].map((n) => n.word) : [];
  return { ok: true, walk: { node, used: i - start, exact, next } };
}

function pathOf(tokens: Token[], from: number, to: number): string {
  return tokens
    .slice(from, to)
    .map((t) => t.text)
    .join(" ");
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/** Interface types dialback recognises by name (IOS spelling, used when printing). */
export const INTERFACE_TYPES = [
  "Async",
  "Group-Async",
  "Ethernet",
  "FastEthernet",
  "GigabitEthernet",
  "Serial",
  "Loopback",
  "Dialer",
  "Virtual-Template",
  "BRI",
  "Tunnel",
  "Null",
  "Vlan",
];

// Thrown and caught inside parseArgs only; not an Error, so no stack is captured for each
// bad word (the reader tries many parses, the fuzz millions).
class ArgError {
  constructor(
    readonly loc: Loc,
    readonly message: string,
  ) {}
}

export interface ParsedArgs {
  values: Values;
  errors: { loc: Loc; message: string }[];
  /** The line ended where a value was still expected. */
  incomplete: boolean;
  /** The last value taken was a `rest` (a password, an autocommand, script words). */
  endedInRest: boolean;
}

/**
 * Matches `args` against `tokens[start..]`. A negated command may stop early (IOS `no` forms
 * take what is given). Extra words after a complete command are an error.
 */
export function parseArgs(args: Arg[], tokens: Token[], start: number, negated: boolean, context: string, endLoc: Loc, noArgs = 0): ParsedArgs {
  const values: Values = {};
  const errors: { loc: Loc; message: string }[] = [];
  let i = start;
  let incomplete = false;
  let endedInRest = false;
  // Inside `options`: the option keywords, so a value left out before the next option is named as missing.
  let optionWords: Map<string, OptionSpec> | null = null;
  const missing = (label: string): never => {
    incomplete = true;
    throw new ArgError(afterLast(tokens, endLoc), `incomplete command "${context}": expected ${label}`);
  };
  const notAnOption = (tok: Token, label: string): void => {
    const spec = optionWords && !tok.quoted ? optionWords.get(tok.text.toLowerCase()) : undefined;
    if (spec) throw new ArgError(tok.loc, `${label} missing before "${spec.keyword}"`);
  };
  const one = (arg: Arg): void => {
    const tok = tokens[i];
    switch (arg.kind) {
      case "keyword": {
        if (!tok) return missing(arg.choices.join(" | "));
        const m = matchKeyword(tok.text, new Map(arg.choices.map((c) => [c.toLowerCase(), c])));
        if (m.kind === "one") {
          values[arg.name] = { text: m.value, num: NaN, tok };
          i++;
          return;
        }
        if (m.kind === "ambiguous") throw new ArgError(tok.loc, `ambiguous keyword "${tok.text}" after "${context}": ${m.candidates.join(", ")}`);
        const hint = closest(tok.text, arg.choices);
        const tail = hint ? `; did you mean "${hint}"?` : `: expected ${arg.choices.join(" | ")}`;
        throw new ArgError(tok.loc, `unknown keyword "${tok.text}" after "${context}"${tail}`);
      }
      case "number": {
        if (!tok) return missing(`${arg.label} (${arg.min}-${arg.max})`);
        if (!/^\d+$/.test(tok.text)) throw new ArgError(tok.loc, `"${tok.text}" is not a number: expected ${arg.label} (${arg.min}-${arg.max})`);
        const n = Number(tok.text);
        if (n < arg.min || n > arg.max) throw new ArgError(tok.loc, `${tok.text} is out of range for ${arg.label} (${arg.min}-${arg.max})`);
        values[arg.name] = { text: tok.text, num: n, tok };
        i++;
        return;
      }
      case "word": {
        if (!tok) return missing(arg.label);
        notAnOption(tok, arg.label);
        values[arg.name] = { text: tok.text, num: NaN, tok };
        i++;
        return;
      }
      case "ipv4": {
        if (!tok) return missing(arg.label);
        if (!IPV4.test(tok.text)) throw new ArgError(tok.loc, `"${tok.text}" is not an IPv4 address: expected ${arg.label}`);
        values[arg.name] = { text: tok.text, num: NaN, tok };
        i++;
        return;
      }
      case "ifname": {
        if (!tok) return missing("an interface type and number");
        const m = /^([A-Za-z-]+)([0-9][0-9/.:]*)?$/.exec(tok.text);
        if (!m) throw new ArgError(tok.loc, `"${tok.text}" is not an interface name`);
        const types = new Map(INTERFACE_TYPES.map((t) => [t.toLowerCase(), t]));
        const t = matchKeyword(m[1], types);
        if (t.kind !== "one") {
          const hint = closest(m[1], INTERFACE_TYPES);
          throw new ArgError(tok.loc, `unknown interface type "${m[1]}"${hint ? `; did you mean "${hint}"?` : ""}`);
        }
        i++;
        let unit = m[2];
        if (!unit) {
          const next = tokens[i];
          if (!next) return missing(`an interface number after "${t.value}"`);
          if (!/^[0-9][0-9/.:]*$/.test(next.text)) throw new ArgError(next.loc, `"${next.text}" is not an interface number`);
          unit = next.text;
          i++;
        }
        values[arg.name] = { text: t.value + unit, num: /^\d+$/.test(unit) ? Number(unit) : NaN, tok };
        values[arg.name + ".type"] = { text: t.value, num: NaN, tok };
        return;
      }
      case "rest": {
        if (!tok) return missing(arg.label);
        const words = tokens.slice(i);
        values[arg.name] = { text: words.map((w) => w.raw).join(" "), num: NaN, tok, words };
        i = tokens.length;
        endedInRest = true;
        return;
      }
      case "optional": {
        if (!tok) return;
        const head = arg.args[0];
        if (head.kind === "keyword") {
          const m = matchKeyword(tok.text, new Map(head.choices.map((c) => [c.toLowerCase(), c])));
          if (m.kind !== "one") return;
        }
        if (head.kind === "number" && !/^\d+$/.test(tok.text)) return;
        for (const a of arg.args) one(a);
        return;
      }
      case "options": {
        const specs = new Map(arg.options.map((o) => [o.keyword.toLowerCase(), o]));
        optionWords = specs;
        while (i < tokens.length) {
          const t = tokens[i];
          const m = matchKeyword(t.text, specs);
          if (m.kind === "ambiguous") throw new ArgError(t.loc, `ambiguous keyword "${t.text}" after "${context}": ${m.candidates.join(", ")}`);
          if (m.kind === "none") {
            const hint = closest(t.text, arg.options.map((o) => o.keyword));
            throw new ArgError(t.loc, `unknown keyword "${t.text}" after "${context}"${hint ? `; did you mean "${hint}"?` : ""}`);
          }
          const spec = m.value;
          if (values[spec.keyword]) throw new ArgError(t.loc, `"${spec.keyword}" given twice`);
          values[spec.keyword] = { text: spec.keyword, num: NaN, tok: t };
          i++;
          endedInRest = false;
          for (const a of spec.args) one(a);
        }
        optionWords = null;
        return;
      }
    }
  };
  try {
    for (let k = 0; k < args.length; k++) {
      if (negated && k >= noArgs && i >= tokens.length) break;
      one(args[k]);
    }
    if (i < tokens.length) throw new ArgError(tokens[i].loc, `unexpected "${tokens[i].text}" after complete command "${context}"`);
  } catch (e) {
    if (!(e instanceof ArgError)) throw e;
    errors.push({ loc: e.loc, message: e.message });
  }
  return { values, errors, incomplete, endedInRest };
}

// Short constructors so the command tables read like the IOS syntax they describe.
export const kw = (name: string, ...choices: string[]): Arg => ({ kind: "keyword", name, choices });
export const num = (name: string, label: string, min: number, max: number): Arg => ({ kind: "number", name, label, min, max });
export const word = (name: string, label: string): Arg => ({ kind: "word", name, label });
export const ipv4 = (name: string, label: string): Arg => ({ kind: "ipv4", name, label });
export const rest = (name: string, label: string): Arg => ({ kind: "rest", name, label });
export const opt = (...args: Arg[]): Arg => ({ kind: "optional", args });
export const ifname = (name: string): Arg => ({ kind: "ifname", name });
