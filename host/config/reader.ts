// Reads configuration text the way IOS does: one command per line in the current mode; a
// command the mode does not take is tried in its parent modes up to global, and the sub-mode
// ends (modes.ts). Blocks of modes dialback does not model are kept verbatim; `end` ends
// configuration mode, as in a pasted terminal session.

import { Diagnostic, Diagnostics, closest } from "./diagnostics.ts";
import { ApplyContext, buildTree, Command, matchKeyword, Mode, ParsedArgs, parseArgs, Scope, TreeNode, walkTree } from "./grammar.ts";
import { globalCommands } from "./commands/global.ts";
import { interfaceCommands } from "./commands/interface.ts";
import { lineCommands } from "./commands/line.ts";
import { aaaCommands } from "./commands/aaa.ts";
import { iosKnownCommands } from "./commands/ios-known.ts";
import { EXEC_COMMANDS, modeCommands, sessionCommands } from "./commands/session.ts";
import { enableCommands } from "./commands/enable.ts";
import { compareLines, ConfigModel, emptyModel, ExtraCommand, LineConfig, LineKind, newInterface, newLine, OtherInterface } from "./model.ts";
import { afterLast, readLines, SourceLine, Token } from "./tokens.ts";
import { applyPasswordEncryption } from "./secrets.ts";
import { maskDiagnostics, maskLines, secretColumns } from "./secret-mask.ts";
import { LIMITS } from "./limits.ts";
import { KeptMode, keptModeOf, keptModeWords, modeChain } from "./modes.ts";
import { orderExtras } from "./running-order.ts";

// Characters no command holds (tab is a blank; ^C delimits banners, which are read apart).
// A byte-order mark anywhere but at the start of the file is as invisible, and as wrong, as one.
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff]/;

export const ALL_COMMANDS: Command[] = [
  ...globalCommands,
  ...interfaceCommands,
  ...lineCommands,
  ...aaaCommands,
  ...iosKnownCommands,
  ...modeCommands,
  ...sessionCommands,
  ...enableCommands,
];

function treeFor(mode: Mode): TreeNode {
  return buildTree(ALL_COMMANDS.filter((c) => c.mode === mode || c.mode === "any"));
}

const TREES: Record<Mode, TreeNode> = { global: treeFor("global"), interface: treeFor("interface"), line: treeFor("line"), "aaa-group": treeFor("aaa-group") };
const EXEC_WORDS = new Map(EXEC_COMMANDS.map((w) => [w, w]));

export interface ReadResult {
  model: ConfigModel;
  diagnostics: Diagnostic[];
  /** The physical lines, for printing carets; every secret in them masked. */
  lines: string[];
}

/** A command resolved in one mode: its descriptor, where its arguments start, their values. */
interface Found {
  ok: true;
  mode: Mode;
  command: Command;
  negated: boolean;
  argStart: number;
  parsed: ParsedArgs;
  /** Every keyword of the path typed in full. */
  exact: boolean;
  /** The command's keyword path, spelt out (`ip route-cache`), for keeping it verbatim. */
  path: string[];
}

interface Missed {
  ok: false;
  mode: Mode;
  /** Token index where it went wrong (a later one means the mode understood more). */
  at: number;
  loc: import("./diagnostics.ts").Loc;
  message: string;
  /** The keyword path reached a command of dialback's own and its arguments were wrong. */
  reachedOwn: boolean;
  /** The first word (after `no`) is no command of the mode. */
  unknown: boolean;
  pathLength: number;
  /** The command it reached, with its failed arguments (a wrapped line may complete them). */
  found?: Found;
}

/** One attempt to read `tokens` as a command of `mode` (keywords, then arguments). */
function attempt(mode: Mode, tokens: Token[], endLoc: import("./diagnostics.ts").Loc): Found | Missed {
  const negated = tokens[0].text.toLowerCase() === "no" && !tokens[0].quoted;
  const start = negated ? 1 : 0;
  if (negated && tokens.length === 1) {
    return { ok: false, mode, at: 0, loc: tokens[0].loc, message: 'incomplete command "no"', reachedOwn: true, unknown: false, pathLength: 0 };
  }
  const walk = walkTree(TREES[mode], tokens, start);
  if (!walk.ok) {
    const at = walk.unknownAt;
    const tok = tokens[Math.min(at, tokens.length - 1)];
    const loc = at < tokens.length ? tok.loc : { line: tok.loc.line, col: tok.loc.col + tok.loc.width + 1, width: 1 };
    // The message (with its "did you mean") is made only if it is shown: most misses are a sub-mode trying a global command.
    return {
      ok: false,
      mode,
      at,
      loc,
      get message() {
        return walk.message;
      },
      reachedOwn: false,
      unknown: walk.kind === "unknown" && at === start,
      pathLength: at - start,
    };
  }
  const command = walk.walk.node.command as Command;
  const argStart = start + walk.walk.used;
  if (negated && command.negatable === false) {
    const message = `"${command.words.join(" ")}" has no "no" form`;
    return { ok: false, mode, at: 0, loc: tokens[0].loc, message, reachedOwn: true, unknown: false, pathLength: walk.walk.used };
  }
  const context = command.words.join(" ");
  const parsed = parseArgs(command.args, tokens, argStart, negated, context, endLoc, command.noArgs);
  if (parsed.errors.length) {
    let { loc, message } = parsed.errors[0];
    // `login locl`: the word after a complete command is most likely a misspelt keyword below it.
    const tok = tokens[argStart];
    const hint = tok && loc === tok.loc ? closest(tok.text, walk.walk.next) : null;
    if (hint && command.args.every((a) => a.kind !== "keyword" || !a.choices.some((c) => c.toLowerCase() === tok.text.toLowerCase()))) {
      message = `unknown keyword "${tok.text}" after "${context}"; did you mean "${hint}"?`;
      loc = tok.loc;
    }
    const at = tokens.findIndex((t) => t.loc === loc);
    const found: Found = { ok: true, mode, command, negated, argStart, parsed, exact: walk.walk.exact, path: command.words };
    return { ok: false, mode, at: at < 0 ? tokens.length : at, loc, message, reachedOwn: !command.noEffect, unknown: false, pathLength: walk.walk.used, found };
  }
  return { ok: true, mode, command, negated, argStart, parsed, exact: walk.walk.exact, path: command.words };
}

/**
 * IOS's rule: the command is tried in the current mode, then in each parent up to global.
 * dialback keeps many IOS commands by their first words only (their arguments unchecked), so
 * a kept command reached through an abbreviation (`ip route` for `ip route-cache`, `int` for
 * `international`) gives way to a parent mode that has the words in full or has a command of
 * dialback's own; and a typo in one of the mode's own commands stays an error there rather
 * than becoming a kept global command.
 */
function resolveIn(chain: Mode[], tokens: Token[], endLoc: import("./diagnostics.ts").Loc): Found | Missed {
  const tries = chain.map((m) => attempt(m, tokens, endLoc));
  let pick: Found | null = null;
  for (let k = 0; k < tries.length; k++) {
    const t = tries[k];
    if (!t.ok) continue;
    const beaten = t.command.noEffect && !t.exact && tries.slice(k + 1).some((o) => o.ok && (o.exact || !o.command.noEffect));
    if (!beaten) {
      pick = t;
      break;
    }
  }
  const inner = tries[0];
  if (pick && pick !== inner && !inner.ok && inner.reachedOwn && pick.command.noEffect && inner.pathLength >= pick.path.length) pick = null;
  if (pick) return pick;
  const misses = tries.filter((t): t is Missed => !t.ok);
  const own = misses.find((t) => t.reachedOwn);
  if (own) return own;
  // The mode that understood most words says what is wrong; at the same word, "ambiguous" or
  // "incomplete" says more than "unknown".
  return misses.reduce((best, t) => (t.at > best.at || (t.at === best.at && best.unknown && !t.unknown) ? t : best));
}

// A command of another mode typed where no mode takes it: say where it belongs.
function wrongMode(tokens: Token[], start: number, here: Mode): string {
  for (const other of ["interface", "line"] as const) {
    if (other !== here && walkTree(TREES[other], tokens, start).ok) {
      return other === "line" ? ` (a line command: enter "line N" first)` : ` (an interface command: enter "interface async N" first)`;
    }
  }
  return "";
}

/** The command's words with its keywords spelt out, as IOS prints them (`sh` → `shutdown`). */
function spelled(found: Found, tokens: Token[]): string {
  const head = found.negated ? ["no"] : [];
  const pathStart = found.negated ? 1 : 0;
  const path = found.path.slice(0, found.argStart - pathStart);
  return [...head, ...path, ...tokens.slice(found.argStart).map((t) => t.raw)].join(" ");
}

/** A block of a mode dialback keeps verbatim. */
interface Block {
  extra: ExtraCommand;
  kept: KeptMode | null;
  isInterface: boolean;
  /** A non-async interface's name and address (`ip unnumbered NAME` borrows it). */
  other: OtherInterface | null;
  /** Indent of the block's first line (null before it): whether the block is printed indented. */
  base: number | null;
  /** Sub-modes entered inside the block (`key 1` in a key chain): `exit` leaves them first. */
  depth: number;
}

export function readConfig(text: string): ReadResult {
  const diags = new Diagnostics();
  const model = emptyModel();
  const source = readLines(text, diags, LIMITS.lineChars);
  const laters: ((m: ConfigModel) => void)[] = [];
  const memo = new Map<string, unknown>();
  // One object so the mode changes made inside apply() are seen by the loop.
  const st: {
    mode: Mode;
    scope: Scope;
    block: Block | null;
    exec: { since: number; said: boolean } | null;
    preamble: boolean;
    /** Whether the current sub-mode's lines are indented (null until its first line). */
    indented: boolean | null;
  } = { mode: "global", scope: { mode: "global" }, block: null, exec: null, preamble: true, indented: null };
  const toGlobal = () => {
    st.mode = "global";
    st.scope = { mode: "global" };
    st.block = null;
  };
  const enter = (mode: Mode, scope: Scope) => {
    st.mode = mode;
    st.scope = scope;
    st.indented = null;
  };

  const endLocOf = (sl: SourceLine) => ({ line: sl.line, col: sl.text.length + 1, width: 1 });

  /** Resolves in the current mode and its parents; reports and returns null when no mode takes it. */
  const resolve = (sl: SourceLine, tokens: Token[]): Found | null => {
    // A file that indents a sub-mode's commands (as show running-config does) ends the sub-mode
    // at an unindented global command, even one the sub-mode has a keyword for (`snmp`, `ntp`).
    if (st.mode !== "global" && st.indented && sl.indent <= 1) {
      const global = resolveIn(["global"], tokens, endLocOf(sl));
      if (global.ok && global.command.mode !== "any") return global;
    }
    const r = resolveIn(modeChain(st.mode), tokens, endLocOf(sl));
    if (r.ok) return r;
    // A command a document may have wrapped: the next line may hold what is missing (reported later if not).
    if (r.found?.command.wraps && r.found.parsed.incomplete) return r.found;
    const start = tokens[0].text.toLowerCase() === "no" ? 1 : 0;
    diags.error(r.loc, r.message + (r.unknown ? wrongMode(tokens, start, st.mode) : ""));
    return null;
  };

  /** True when the line is a command of some mode from the current one up (so not a wrapped continuation). */
  const isCommand = (sl: SourceLine): boolean => resolveIn(modeChain("global"), sl.tokens, endLocOf(sl)).ok;

  /** Whether a line of a kept block belongs to it (else the block ends and the line is read as usual). */
  const inBlock = (b: Block, sl: SourceLine, tokens: Token[]): boolean => {
    const start = tokens[0].text.toLowerCase() === "no" && tokens.length > 1 ? 1 : 0;
    const first = tokens[start].text.toLowerCase();
    if (first === "exit" || first === "end") return false;
    const global = resolveIn(["global"], tokens, endLocOf(sl));
    if (global.ok && global.command.mode !== "any") {
      // A command of dialback's own spelt in full (`line 3`, `interface Async1`) is never a block's.
      if (!global.command.noEffect && global.exact) return false;
      // A block printed indented ends at an unindented global command, as a sub-mode does.
      if (sl.indent <= 1 && b.base !== null && b.base > 1) return false;
    }
    // As in a modelled mode, an abbreviation the mode takes gives way to a global command spelt in full.
    const globalExact = global.ok && global.command.mode !== "any" && global.exact;
    if (b.isInterface) {
      const walked = walkTree(TREES.interface, tokens, start);
      const command = walked.ok ? walked.walk.node.command : undefined;
      if (walked.ok && command?.mode !== "any" && !(command?.noEffect && !walked.walk.exact && globalExact)) return true;
    } else if (b.kept) {
      const known = matchKeyword(first, new Map(keptModeWords(b.kept).map((w) => [w, w])));
      if (known.kind === "one" && (known.value === first || !globalExact)) return true;
    }
    if (global.ok && !global.command.noEffect) return false;
    if (global.ok && sl.indent <= 1) return false;
    // Indented (IOS prints a mode's commands indented) or known to no mode: the block keeps it.
    return true;
  };

  for (let index = 0; index < source.length; index++) {
    const sl = source[index];
    // `!` right under a sub-mode's first line: show running-config's style (an empty block).
    if (sl.empty && sl.indent === 1 && st.mode !== "global" && st.indented === null) st.indented = true;
    if (sl.empty && sl.indent === 1 && st.block && st.block.base === null) st.block.base = 2;
    if (sl.empty || sl.broken || sl.tokens.length === 0) continue;
    if (st.mode !== "global" && st.indented === null) st.indented = sl.indent > 1;
    let tokens = sl.tokens;
    const control = sl.text.search(CONTROL);
    if (control >= 0 && !isBanner(tokens)) {
      const code = (sl.text.codePointAt(control) as number).toString(16).toUpperCase().padStart(4, "0");
      diags.error({ line: sl.line, col: control + 1, width: 1 }, `control character U+${code} in a command (only printable text and tabs are read)`);
      continue;
    }
    // A paste may open with its EXEC commands (`enable`, `configure terminal`): read as such
    // until the first configuration command.
    if (st.preamble) {
      const m = matchKeyword(tokens[0].text, EXEC_WORDS);
      const word = m.kind === "one" ? m.value : "";
      const exec = (word === "enable" && tokens.length === 1) || (word === "configure" && tokens.length <= 2) || word === "terminal";
      if (exec) continue;
      st.preamble = false;
    }
    // After `end`: EXEC mode until `configure terminal`; configuration commands there are not read.
    if (st.exec) {
      const m = matchKeyword(tokens[0].text, EXEC_WORDS);
      if (m.kind === "one" && m.value === "configure") st.exec = null;
      else if (m.kind !== "one" && !st.exec.said) {
        st.exec.said = true;
        diags.warning(tokens[0].loc, `not read: configuration mode ended with "end" on line ${st.exec.since} ("configure terminal" starts it again)`);
      }
      continue;
    }
    if (st.block) {
      const b = st.block;
      if (inBlock(b, sl, tokens)) {
        if (b.base === null) b.base = sl.indent;
        // Depth by the column, as show running-config indents (one blank per sub-mode level).
        const deeper = Math.max(0, Math.min(2, sl.indent - 2));
        // Blanks are spaces and tabs only (as the tokenizer has them), so the kept text reads back alike.
        b.extra.block.push(" ".repeat(deeper) + sl.text.replace(/^[ \t]+|[ \t]+$/g, "").replace(/[ \t]+/g, " "));
        if (b.other) readOtherAddress(b.other, tokens, endLocOf(sl));
        const sub = b.kept?.subModes?.find((s) => matchKeyword(tokens[0].text, new Map([[s.opener, s]])).kind === "one");
        if (sub) b.depth++;
        continue;
      }
      const first = tokens[0].text.toLowerCase();
      if ("exit".startsWith(first) && first.length >= 2 && tokens.length === 1 && b.depth > 0) {
        b.depth--;
        continue;
      }
      st.block = null;
      if ("exit".startsWith(first) && first.length >= 2 && tokens.length === 1) {
        toGlobal();
        continue;
      }
    }
    const banner = bannerAt(source, index, diags);
    if (banner) {
      if (banner.text !== null) {
        model.extras.push({ text: banner.text, opensBlock: false, block: [] });
        diags.noteOnce("no-effect:banner", tokens[0].loc, '"banner" accepted, no effect here (kept in the running configuration)');
      }
      index = banner.last;
      toGlobal();
      continue;
    }
    let found = resolve(sl, tokens);
    if (!found) continue;
    if (found.mode !== st.mode) {
      // IOS: the command belongs to a parent mode, so the sub-mode ends.
      st.mode = found.mode;
      st.scope = found.mode === "global" ? { mode: "global" } : st.scope;
    }
    // A document may have wrapped a long `username` or `chat-script` onto the next line(s).
    const wraps = found.command.wraps;
    if (wraps && found.mode === "global") {
      let joined = tokens;
      let parsed = found.parsed;
      let last = index;
      for (;;) {
        const next = source[last + 1];
        if (!next || next.empty || next.broken || next.tokens.length === 0 || isCommand(next)) break;
        const openEnded = wraps === "words" || parsed.incomplete || (parsed.errors.length === 0 && !parsed.endedInRest);
        if (!openEnded) break;
        // Unindented, a chat script's next words look like one (`TIMEOUT 60 CONNECT \c`), not a misspelt command.
        if (wraps === "words" && next.indent <= 1 && !next.tokens[0].quoted && !/^[A-Z0-9\\]/.test(next.tokens[0].text)) break;
        const more = [...joined, ...next.tokens];
        const again = parseArgs(found.command.args, more, found.argStart, found.negated, found.command.words.join(" "), endLocOf(next), found.command.noArgs);
        if (again.errors.length) break;
        joined = more;
        parsed = again;
        last++;
      }
      if (last > index) {
        for (let k = index + 1; k <= last; k++) {
          const what = source[k].indent > 1 ? "indented line" : "line";
          diags.warning(source[k].tokens[0].loc, `${what} read as the continuation of line ${sl.line} (IOS needs one command per line)`);
        }
        tokens = joined;
        found = { ...found, parsed };
        index = last;
      }
    }
    if (found.parsed.errors.length) {
      found.parsed.errors.forEach((e) => diags.error(e.loc, e.message));
      continue;
    }
    const raw = spelled(found, tokens);
    const ctx: ApplyContext = {
      model,
      diags,
      raw,
      negated: found.negated,
      first: tokens[0],
      scope: st.scope,
      memo,
      enterInterface(number) {
        let iface = model.interfaces.find((i) => i.number === number);
        if (!iface) {
          iface = newInterface(number);
          model.interfaces.push(iface);
        }
        enter("interface", { mode: "interface", iface });
      },
      enterAsyncGroup(number) {
        let group = model.asyncGroups.find((g) => g.number === number);
        if (!group) {
          group = { ...newInterface(number), range: null };
          model.asyncGroups.push(group);
        }
        enter("interface", { mode: "interface", iface: group });
      },
      enterLines(kind: LineKind, first: number, last: number) {
        const lines: LineConfig[] = [];
        for (let n = first; n <= last; n++) {
          let line = model.lines.find((l) => l.kind === kind && l.number === n);
          if (!line) {
            line = newLine(kind, n);
            model.lines.push(line);
          }
          lines.push(line);
        }
        enter("line", { mode: "line", lines });
      },
      enterAaaGroup(group) {
        enter("aaa-group", { mode: "aaa-group", group });
      },
      enterBlock(text, isInterface) {
        toGlobal();
        const extra = { text, opensBlock: true, block: [] };
        model.extras.push(extra);
        // `interface NAME [point-to-point|multipoint]`: blocks of one name add to one interface.
        const name = isInterface ? text.split(" ")[1] : null;
        let other = name ? (model.otherInterfaces.find((o) => o.name === name) ?? null) : null;
        if (name && !other) {
          other = { name, ipAddress: null };
          model.otherInterfaces.push(other);
        }
        st.block = { extra, kept: isInterface ? null : keptModeOf(text.split(" ")), isInterface, other, base: null, depth: 0 };
      },
      later(check) {
        laters.push(check);
      },
      keepNoEffect(path) {
        if (st.scope.mode === "global") model.extras.push({ text: raw, opensBlock: false, block: [] });
        else if (st.scope.mode === "interface") st.scope.iface.extras.push(raw);
        else if (st.scope.mode === "aaa-group") st.scope.group.extras.push(raw);
        else st.scope.lines.forEach((l) => l.extras.push(raw));
        ctx.noteNoEffect(path);
      },
      noteNoEffect(path) {
        diags.noteOnce(`no-effect:${path.toLowerCase()}`, tokens[0].loc, `"${path}" accepted, no effect here (kept in the running configuration)`);
      },
      exitMode: toGlobal,
      endConfiguration() {
        toGlobal();
        st.exec = { since: sl.line, said: false };
      },
    };
    found.command.apply(ctx, found.parsed.values);
  }
  for (const check of laters) check(model);
  finish(model);
  // Nothing after a secret keyword is ever echoed: not in a message, not in the quoted line.
  const texts = source.map((s) => s.text);
  // Lines cut short or left unsplit (comments, over-long lines) are split again for the mask.
  const columns = secretColumns(texts, source.map((s) => (s.empty || s.broken ? null : s.tokens)));
  return { model, diagnostics: maskDiagnostics(diags.sorted(), texts, columns), lines: maskLines(texts, columns) };
}

/**
 * `banner TYPE <delimiter>text<delimiter>` may span lines (show running-config prints `^C`
 * as the delimiter). Kept verbatim, lines and all; null text when the delimiter never closes.
 */
function isBanner(tokens: Token[]): boolean {
  const head = matchKeyword(tokens[0].text, TREES.global.children);
  return head.kind === "one" && head.value.word === "banner";
}

function bannerAt(source: SourceLine[], index: number, diags: Diagnostics): { text: string | null; last: number } | null {
  const sl = source[index];
  const tokens = sl.tokens;
  if (!isBanner(tokens)) return null;
  const types = new Map(["motd", "login", "exec", "incoming", "slip-ppp", "prompt-timeout"].map((t) => [t, t]));
  const delimTok = tokens[1] && matchKeyword(tokens[1].text, types).kind === "one" ? tokens[2] : tokens[1];
  if (!delimTok) {
    diags.error(afterLast(tokens, tokens[0].loc), 'incomplete command "banner": expected a delimiting character, the text and the delimiter again');
    return { text: null, last: index };
  }
  const from = delimTok.loc.col - 1;
  const delim = sl.text.startsWith("^C", from) ? "^C" : sl.text[from];
  if (sl.text.indexOf(delim, from + delim.length) >= 0) return { text: sl.text.trimEnd(), last: index };
  for (let k = index + 1; k < source.length; k++) {
    if (source[k].text.includes(delim)) {
      return { text: source.slice(index, k + 1).map((s, i) => (i === 0 ? s.text.trimEnd() : s.text)).join("\n"), last: k };
    }
  }
  diags.error(delimTok.loc, `banner text never ends: no closing "${delim}"`);
  return { text: null, last: source.length - 1 };
}

/**
 * `ip address A M` (or `no ip address`) in a kept interface block, read as the interface mode
 * reads it (abbreviations too); anything else, `secondary` and malformed lines are left as kept.
 */
function readOtherAddress(other: OtherInterface, tokens: Token[], endLoc: { line: number; col: number; width: number }): void {
  const negated = tokens[0].text.toLowerCase() === "no" && tokens.length > 1;
  const start = negated ? 1 : 0;
  const walked = walkTree(TREES.interface, tokens, start);
  const command = walked.ok ? walked.walk.node.command : undefined;
  if (!walked.ok || !command || command.words.join(" ") !== "ip address") return;
  if (negated) {
    other.ipAddress = null;
    return;
  }
  const parsed = parseArgs(command.args, tokens, start + walked.walk.used, false, "ip address", endLoc, command.noArgs);
  const { address, mask, secondary } = parsed.values;
  if (parsed.errors.length === 0 && address && mask && !secondary) other.ipAddress = { address: address.text, mask: mask.text };
}

/** Canonical order and forms: interfaces and lines by number; every secret type 7 under password-encryption. */
function finish(model: ConfigModel): void {
  model.interfaces.sort((a, b) => a.number - b.number);
  // As show running-config orders them, so a reading of it compares equal.
  model.otherInterfaces.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  model.asyncGroups.sort((a, b) => a.number - b.number);
  model.lines.sort(compareLines);
  // IOS prints authentication lists before authorization lists (each kind in the order given).
  model.aaa.lists = [...model.aaa.lists.filter((l) => l.kind === "authentication"), ...model.aaa.lists.filter((l) => l.kind === "authorization")];
  // The running configuration's order (running-order.ts); the model keeps it too, so a reading of it compares equal.
  model.extras = orderExtras(model.extras);
  if (model.service.passwordEncryption) applyPasswordEncryption(model);
}
