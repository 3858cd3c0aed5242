// A pasted terminal session: `enable`, `configure terminal`, the configuration, `end`, then
// `write memory` or `copy running-config startup-config`. `end` (or `exit` from global mode)
// ends configuration mode, as on the router: what follows is read as EXEC commands until
// `configure terminal`.

import { Command, kw, opt, rest } from "../grammar.ts";

const silent: Command["apply"] = () => {};

/** An EXEC command typed in configuration mode: IOS refuses it ("% Invalid input"); nothing is lost. */
const execInConfig =
  (what: string): Command["apply"] =>
  (ctx) => {
    const shown = ctx.raw.split(" ").slice(0, 3).join(" ");
    ctx.diags.warning(ctx.first.loc, `"${shown}" is an EXEC command: IOS refuses it in configuration mode ("end" first, or "do ${what}")`);
  };

/** Leaves a sub-mode (`exit`), or configuration mode (`end`, and `exit` from global mode). */
export const modeCommands: Command[] = [
  { mode: "any", words: ["exit"], args: [], negatable: false, apply: (ctx) => (ctx.scope.mode === "global" ? ctx.endConfiguration() : ctx.exitMode()) },
  { mode: "any", words: ["end"], args: [], negatable: false, apply: (ctx) => ctx.endConfiguration() },
];

/** Session commands a paste carries in global configuration mode. */
export const sessionCommands: Command[] = [
  { mode: "global", words: ["configure"], args: [opt(kw("how", "terminal", "memory", "network", "overwrite-network"))], negatable: false, apply: silent },
  { mode: "global", words: ["enable"], args: [], negatable: false, apply: silent },
  {
    mode: "global",
    words: ["write"],
    args: [opt(kw("what", "memory", "terminal", "network", "erase"))],
    negatable: false,
    apply: execInConfig("write memory"),
  },
  {
    mode: "global",
    words: ["copy"],
    args: [rest("what", "a source and a destination")],
    negatable: false,
    apply: execInConfig("copy running-config startup-config"),
  },
  // IOS 12.2(8)T and later run an EXEC command from configuration mode with `do`.
  { mode: "global", words: ["do"], args: [rest("command", "an EXEC command")], negatable: false, apply: silent },
];

/** What a paste may hold in EXEC mode, after `end` (anything else there is not configuration). */
export const EXEC_COMMANDS = [
  "configure", "enable", "disable", "write", "copy", "show", "terminal", "exit", "logout", "quit", "end", "clear", "ping", "reload",
];
