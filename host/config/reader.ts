// Reads configuration text the way IOS does: one command per line in the current mode
// (global, `interface async N`, `line ...`); a command a sub-mode does not know falls back to
// global mode, as on the router; blocks of modes dialback does not model are kept verbatim.

import { Diagnostic, Diagnostics } from "./diagnostics.ts";
import { ApplyContext, buildTree, Command, matchKeyword, Mode, parseArgs, Scope, TreeNode, walkTree, WalkResult } from "./grammar.ts";
import { globalCommands } from "./commands/global.ts";
import { interfaceCommands } from "./commands/interface.ts";
import { lineCommands } from "./commands/line.ts";
import { iosKnownCommands, modeCommands } from "./commands/ios-known.ts";
import { enableCommands } from "./commands/enable.ts";
import { compareLines, ConfigModel, emptyModel, ExtraCommand, LineConfig, LineKind, newInterface, newLine } from "./model.ts";
import { afterLast, readLines, SourceLine, Token } from "./tokens.ts";
import { applyPasswordEncryption } from "./secrets.ts";
import { maskDiagnostics, maskLines, secretColumns } from "./secret-mask.ts";
import { LIMITS } from "./limits.ts";

// Characters no command holds (tab is a blank; ^C delimits banners, which are read apart).
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]/;

export const ALL_COMMANDS: Command[] = [...globalCommands, ...interfaceCommands, ...lineCommands, ...iosKnownCommands, ...modeCommands, ...enableCommands];

function treeFor(mode: Mode): TreeNode {
  return buildTree(ALL_COMMANDS.filter((c) => c.mode === mode || c.mode === "any"));
}

const TREES: Record<Mode, TreeNode> = { global: treeFor("global"), interface: treeFor("interface"), line: treeFor("line") };

export interface ReadResult {
  model: ConfigModel;
  diagnostics: Diagnostic[];
  /** The physical lines, for printing carets; every secret in them masked. */
  lines: string[];
}

type ReaderMode = Mode | "block";

interface Resolved {
  command: Command;
  negated: boolean;
  /** Index of the first argument token. */
  argStart: number;
  mode: Mode;
}

export function readConfig(text: string): ReadResult {
  const diags = new Diagnostics();
  const model = emptyModel();
  const source = readLines(text, diags, LIMITS.lineChars);
  const laters: ((m: ConfigModel) => void)[] = [];
  const memo = new Map<string, unknown>();
  // One object so the mode changes made inside apply() are seen by the loop.
  const st: { mode: ReaderMode; scope: Scope; block: ExtraCommand | null; blockIsInterface: boolean } = {
    mode: "global",
    scope: { mode: "global" },
    block: null,
    blockIsInterface: false,
  };

  const resolve = (tokens: Token[]): Resolved | null => {
    let start = 0;
    const negated = tokens[0].text.toLowerCase() === "no" && !tokens[0].quoted;
    if (negated) {
      start = 1;
      if (tokens.length === 1) {
        diags.error(tokens[0].loc, 'incomplete command "no"');
        return null;
      }
    }
    const here: Mode = st.mode === "block" ? "global" : st.mode;
    let walk: WalkResult = walkTree(TREES[here], tokens, start);
    let inMode: Mode = here;
    if (here !== "global") {
      const global = walkTree(TREES.global, tokens, start);
      const takeGlobal = global.ok && (!walk.ok ? !global.walk.node.command?.noEffect || walk.unknownAt === start : false);
      if (takeGlobal) {
        walk = global;
        inMode = "global";
      }
    }
    if (!walk.ok) {
      const tok = tokens[Math.min(walk.unknownAt, tokens.length - 1)];
      const loc = walk.unknownAt < tokens.length ? tok.loc : { line: tok.loc.line, col: tok.loc.col + tok.loc.width + 1, width: 1 };
      diags.error(loc, walk.message + (walk.unknownAt === start ? wrongMode(tokens, start, here) : ""));
      return null;
    }
    const command = walk.walk.node.command as Command;
    if (negated && command.negatable === false) {
      diags.error(tokens[0].loc, `"${command.words.join(" ")}" has no "no" form`);
      return null;
    }
    return { command, negated, argStart: start + walk.walk.used, mode: inMode };
  };

  // An indented line right after a global command that is not itself a command continues it:
  // the chapter's PPP example wraps `username Ted ...` onto `password Rhoda`.
  const continuation = (next: SourceLine | undefined): boolean =>
    next !== undefined && !next.empty && next.indent > 1 && next.tokens.length > 0 && matchKeyword(next.tokens[0].text, TREES.global.children).kind !== "one";

  for (let index = 0; index < source.length; index++) {
    const sl = source[index];
    if (sl.empty || sl.broken || sl.tokens.length === 0) continue;
    let tokens = sl.tokens;
    const control = sl.text.search(CONTROL);
    if (control >= 0 && !isBanner(tokens)) {
      const code = (sl.text.codePointAt(control) as number).toString(16).toUpperCase().padStart(4, "0");
      diags.error({ line: sl.line, col: control + 1, width: 1 }, `control character U+${code} in a command (only printable text and tabs are read)`);
      continue;
    }
    if (st.mode === "block" && st.block) {
      const first = tokens[0].text;
      const walked = st.blockIsInterface ? walkTree(TREES.interface, tokens, first.toLowerCase() === "no" ? 1 : 0) : null;
      // exit and end leave the block; other interface commands stay in it.
      const inInterface = walked !== null && walked.ok && walked.walk.node.command?.mode !== "any";
      const global = matchKeyword(first, TREES.global.children).kind === "one";
      if (inInterface || sl.indent > 1 || !global) {
        st.block.block.push(sl.text.trim().replace(/\s+/g, " "));
        continue;
      }
      st.mode = "global";
      st.scope = { mode: "global" };
      st.block = null;
    }
    const banner = bannerAt(source, index, diags);
    if (banner) {
      if (banner.text !== null) {
        model.extras.push({ text: banner.text, opensBlock: false, block: [] });
        diags.noteOnce("no-effect:banner", tokens[0].loc, '"banner" accepted, no effect here (kept in the running configuration)');
      }
      index = banner.last;
      st.mode = "global";
      st.scope = { mode: "global" };
      continue;
    }
    const resolved = resolve(tokens);
    if (!resolved) continue;
    if (resolved.mode === "global" && st.mode !== "global") {
      st.mode = "global";
      st.scope = { mode: "global" };
    }
    const { command } = resolved;
    const context = command.words.join(" ");
    const endLoc = { line: sl.line, col: sl.text.length + 1, width: 1 };
    let parsed = parseArgs(command.args, tokens, resolved.argStart, resolved.negated, context, endLoc, command.noArgs);
    if (resolved.mode === "global" && !command.opensBlock && command.words[0] !== "interface" && command.words[0] !== "line") {
      // Join following indented non-commands only when the joined words make a valid command.
      let joined = tokens;
      let last = index;
      while (continuation(source[last + 1]) && !source[last + 1].broken) joined = [...joined, ...source[++last].tokens];
      if (last > index) {
        const again = parseArgs(command.args, joined, resolved.argStart, resolved.negated, context, endLoc, command.noArgs);
        if (again.errors.length === 0) {
          for (let k = index + 1; k <= last; k++) {
            diags.warning(source[k].tokens[0].loc, `indented line read as the continuation of line ${sl.line} (IOS needs one command per line)`);
          }
          tokens = joined;
          parsed = again;
          index = last;
        }
      }
    }
    if (parsed.errors.length) {
      parsed.errors.forEach((e) => diags.error(e.loc, e.message));
      continue;
    }
    const raw = tokens.map((t) => t.raw).join(" ");
    const ctx: ApplyContext = {
      model,
      diags,
      raw,
      negated: resolved.negated,
      first: tokens[0],
      scope: st.scope,
      memo,
      enterInterface(number) {
        let iface = model.interfaces.find((i) => i.number === number);
        if (!iface) {
          iface = newInterface(number);
          model.interfaces.push(iface);
        }
        st.mode = "interface";
        st.scope = { mode: "interface", iface };
      },
      enterAsyncGroup(number) {
        let group = model.asyncGroups.find((g) => g.number === number);
        if (!group) {
          group = { ...newInterface(number), range: null };
          model.asyncGroups.push(group);
        }
        st.mode = "interface";
        st.scope = { mode: "interface", iface: group };
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
        st.mode = "line";
        st.scope = { mode: "line", lines };
      },
      enterBlock(text, isInterface) {
        st.block = { text, opensBlock: true, block: [] };
        model.extras.push(st.block);
        st.blockIsInterface = isInterface;
        st.mode = "block";
        st.scope = { mode: "global" };
      },
      later(check) {
        laters.push(check);
      },
      keepNoEffect(path) {
        if (st.scope.mode === "global") model.extras.push({ text: raw, opensBlock: false, block: [] });
        else if (st.scope.mode === "interface") st.scope.iface.extras.push(raw);
        else st.scope.lines.forEach((l) => l.extras.push(raw));
        ctx.noteNoEffect(path);
      },
      noteNoEffect(path) {
        diags.noteOnce(`no-effect:${path.toLowerCase()}`, tokens[0].loc, `"${path}" accepted, no effect here (kept in the running configuration)`);
      },
      exitMode() {
        st.mode = "global";
        st.scope = { mode: "global" };
      },
    };
    command.apply(ctx, parsed.values);
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

// A command of another mode typed in this one: say where it belongs.
function wrongMode(tokens: Token[], start: number, here: Mode): string {
  for (const other of ["interface", "line"] as const) {
    if (other !== here && walkTree(TREES[other], tokens, start).ok) {
      return other === "line" ? ` (a line command: enter "line N" first)` : ` (an interface command: enter "interface async N" first)`;
    }
  }
  return "";
}

/** Canonical order and forms: interfaces and lines by number; every secret type 7 under password-encryption. */
function finish(model: ConfigModel): void {
  model.interfaces.sort((a, b) => a.number - b.number);
  model.asyncGroups.sort((a, b) => a.number - b.number);
  model.lines.sort(compareLines);
  // Printed as: plain global commands, then blocks; keep the model in that order too.
  model.extras = [...model.extras.filter((e) => !e.opensBlock), ...model.extras.filter((e) => e.opensBlock)];
  if (model.service.passwordEncryption) applyPasswordEncryption(model);
}
