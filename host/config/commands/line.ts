// `line [tty|aux|con|vty] N [M]` commands (ios-reference.md, "Line"), one descriptor each;
// a command applies to every line of the range.

import { ApplyContext, Command, kw, num, opt, rest, Value, word } from "../grammar.ts";
import { compileIosRegexp } from "../ios-regexp.ts";
import { asyncInterfaceFor, LineConfig, ModemMode, ScriptEvent } from "../model.ts";
import { FORCED_WAIT_MAX, ROTARY_MAX } from "./global.ts";
import { eachLine, readSecret } from "./shared.ts";
import { pppCallbackLines, warnCallbackLegs } from "../callback-legs.ts";
import { hasCallback, warnDialinCallbackLine } from "../late-checks.ts";
import { modemcapTable } from "../modemcap.ts";
import { closest } from "../diagnostics.ts";

const l = (words: string[], args: Command["args"], apply: Command["apply"]): Command => ({ mode: "line", words, args, apply });
const set = (f: (line: LineConfig, ctx: ApplyContext, v: Record<string, Value | undefined>) => void): Command["apply"] => (ctx, v) =>
  eachLine(ctx, (line) => f(line, ctx, v));

const seconds = (ctx: ApplyContext, v: Record<string, Value | undefined>): number | null => (ctx.negated ? null : (v.seconds as Value).num);

export const MODEM_MODES: ModemMode[] = ["InOut", "Dialin", "CallIn", "CallOut", "CTS-Required", "DTR-Active", "RI-is-CD", "Host", "Printer"];
export const SCRIPT_EVENTS: ScriptEvent[] = ["callback", "arap-callback", "activation", "connection", "dialer", "reset", "startup"];
export const SPEEDS = [50, 75, 110, 134, 150, 200, 300, 600, 1200, 1800, 2400, 4800, 7200, 9600, 14400, 19200, 28800, 38400, 57600, 76800, 115200, 230400];
/** The core's password field: a longer answer ends the login attempt, so no longer password could ever be typed. */
export const LINE_PASSWORD_MAX = 64;
const TRANSPORTS = ["all", "none", "telnet", "ssh", "rlogin", "lat", "pad", "v120", "mop", "nasi", "udptn", "lapb-ta"];

/** IOS warns when a method list is used before (or without) being defined; so does dialback. */
export function warnUndefinedList(ctx: ApplyContext, list: Value, service: "login" | "ppp"): void {
  ctx.later((m) => {
    const defined = m.aaa.lists.some((l) => l.kind === "authentication" && l.service === service && l.name === list.text);
    const how = `"aaa authentication ${service} ${list.text} ..."`;
    if (!defined) ctx.diags.warning(list.tok.loc, `authentication list "${list.text}" is not defined for ${service.toUpperCase()} (${how})`);
  });
}

function scriptCommand(event: ScriptEvent): Command {
  return l(["script", event], [word("regexp", "a regular expression over chat-script names")], (ctx, v) => {
    if (ctx.negated) {
      eachLine(ctx, (line) => delete line.scripts[event]);
      return;
    }
    const re = v.regexp as Value;
    const compiled = compileIosRegexp(re.text);
    if (!compiled.ok) {
      ctx.diags.error({ line: re.tok.loc.line, col: re.tok.loc.col + compiled.offset + (re.tok.quoted ? 1 : 0), width: 1 }, compiled.message);
      return;
    }
    const refs = ctx.scope.mode === "line" ? ctx.scope.lines : [];
    refs.forEach((line) => (line.scripts[event] = { regexp: re.text, matches: [] }));
    // Chat scripts may be defined further down, so names are matched once the file is read.
    ctx.later((m) => {
      const matches = m.chatScripts.filter((s) => compiled.regexp.test(s.name)).map((s) => s.name);
      if (matches.length === 0) ctx.diags.error(re.tok.loc, `no matching chat script found for "${re.text}" (script ${event})`);
      // The line calls back a caller who came in on it: that leg authenticates too.
      if (event === "callback") {
        const from = pppCallbackLines(m);
        for (const line of refs) {
          if (line.kind === "tty" && from.includes(line.number)) warnCallbackLegs(m, ctx.diags, ctx.first.loc, [line.number], [line.number]);
        }
      }
      refs.forEach((line) => {
        const ref = line.scripts[event];
        if (ref && ref.regexp === re.text) ref.matches = matches;
      });
    });
  });
}

/** `login` asks for the line password; IOS refuses every caller of a line that has none. */
function warnLoginWithoutPassword(ctx: ApplyContext): void {
  if (ctx.negated || ctx.scope.mode !== "line") return;
  const lines = ctx.scope.lines;
  const at = ctx.first.loc;
  ctx.later(() => {
    const bare = lines.filter((line) => line.login?.method === "line" && line.password === null);
    if (bare.length) ctx.diags.warning(at, `line ${bare[0].number} has "login" but no "password": callers are refused ("% Password required, but none set")`);
  });
}

export const lineCommands: Command[] = [
  l(["login"], [], (ctx) => {
    eachLine(ctx, (line) => (line.login = ctx.negated ? null : { method: "line" }));
    warnLoginWithoutPassword(ctx);
  }),
  l(["password"], [opt(kw("passwordType", "0", "7")), rest("password", "a password")], (ctx, v) => {
    if (ctx.negated) {
      eachLine(ctx, (line) => (line.password = null));
      return;
    }
    const secret = readSecret(ctx, v, "passwordType", "password");
    if (!secret) return;
    if (secret.text.length > LINE_PASSWORD_MAX) {
      ctx.diags.error((v.password as Value).tok.loc, `a line password is at most ${LINE_PASSWORD_MAX} characters`);
      return;
    }
    eachLine(ctx, (line) => (line.password = secret));
  }),
  l(["timeout", "login", "response"], [num("seconds", "seconds", 1, 300)], set((line, ctx, v) => (line.loginResponse = seconds(ctx, v)))),
  l(["login", "local"], [], set((line, ctx) => (line.login = ctx.negated ? null : { method: "local" }))),
  l(["login", "authentication"], [word("list", "an AAA list name (or default)")], (ctx, v) => {
    eachLine(ctx, (line) => (line.login = ctx.negated ? null : { method: "authentication", list: (v.list as Value).text }));
    if (!ctx.negated) warnUndefinedList(ctx, v.list as Value, "login");
  }),
  ...MODEM_MODES.map((mode) =>
    l(["modem", mode], [], (ctx) => {
      eachLine(ctx, (line) => {
        if (ctx.negated) {
          if (line.modem === mode) line.modem = null;
        } else line.modem = mode;
      });
      if (mode === "Dialin" && !ctx.negated && ctx.scope.mode === "line") {
        const lines = ctx.scope.lines;
        const at = ctx.first.loc;
        ctx.later((m) => warnDialinCallbackLine(m, ctx.diags, at, lines));
      }
    }),
  ),
  l(["modem", "autoconfigure"], [kw("how", "type", "discovery"), opt(word("name", "a modemcap entry or modem type"))], (ctx, v) => {
    const how = v.how?.text;
    if (!ctx.negated && how === "type" && !v.name) {
      const at = (v.how as Value).tok.loc;
      const message = 'incomplete command "modem autoconfigure type": expected a modemcap entry or modem type';
      ctx.diags.error({ line: at.line, col: at.col + at.width + 1, width: 1 }, message);
      return;
    }
    if (!ctx.negated && how === "discovery" && v.name) {
      ctx.diags.error(v.name.tok.loc, `unexpected "${v.name.text}" after complete command "modem autoconfigure discovery"`);
      return;
    }
    const value = ctx.negated ? null : how === "type" ? { kind: "type" as const, name: (v.name as Value).text } : { kind: "discovery" as const };
    eachLine(ctx, (line) => (line.modemAutoconfigure = value));
    if (value?.kind === "type") {
      const at = (v.name as Value).tok.loc;
      // A modemcap entry may come after the line that names it: checked once the file is read.
      ctx.later((m) => {
        const table = modemcapTable(m);
        if (table.has(value.name)) return;
        const near = closest(value.name, table.keys());
        const hint = near ? ` (did you mean "${near}"?)` : "";
        ctx.diags.warning(at, `modem type "${value.name}" is neither built in nor a "modemcap entry": the line's modem is not set up${hint}`);
      });
    }
  }),
  l(["modem", "answer-timeout"], [num("seconds", "seconds", 1, 255)], set((line, ctx, v) => (line.modemAnswerTimeout = seconds(ctx, v)))),
  l(["rotary"], [num("group", "a rotary group", 1, ROTARY_MAX)], set((line, ctx, v) => (line.rotary = ctx.negated ? null : (v.group as Value).num))),
  ...(["ppp", "arap", "slip", "during-login"] as const).map((p) =>
    l(["autoselect", p], [], (ctx) => {
      const key = p === "during-login" ? "duringLogin" : p;
      eachLine(ctx, (line) => (line.autoselect[key] = !ctx.negated));
      if (p === "ppp" && !ctx.negated && ctx.scope.mode === "line") {
        const lines = ctx.scope.lines;
        const at = ctx.first;
        // PPP arrives on the async interface of the same number (the chapter: "autoselect ppp" on callback lines).
        ctx.later((m) => {
          // Every line of the range is checked for its interface, whatever the first ones say.
          let uncalled: number | null = null;
          for (const line of lines) {
            if (line.kind !== "tty" || !line.autoselect.ppp) continue;
            const iface = asyncInterfaceFor(m, line.number);
            if (!iface) {
              ctx.diags.error(at.loc, `line ${line.number} has "autoselect ppp" but there is no "interface async ${line.number}"`);
              return;
            }
            // A user arriving by a protocol without callback is silently not called back (ios-reference.md f.3).
            if (uncalled === null && !iface.pppCallback && m.users.some(hasCallback)) uncalled = line.number;
          }
          if (uncalled !== null) {
            ctx.diags.warning(at.loc, `PPP callers on line ${uncalled} are never called back: interface Async${uncalled} has no "ppp callback accept"`);
          }
        });
      }
      if (p === "arap" && !ctx.negated && ctx.scope.mode === "line") {
        const at = ctx.first;
        const lines = ctx.scope.lines;
        // Only for lines that still take ARA at the end of the file (`no autoselect arap` may follow).
        ctx.later((m) => {
          const arap = lines.some((l) => l.autoselect.arap);
          const message = 'ARA callers are never called back: "arap callback" is not configured';
          if (arap && !m.arap.callback && m.users.some(hasCallback)) ctx.diags.warning(at.loc, message);
        });
      }
    }),
  ),
  l(["autoselect", "timeout"], [num("seconds", "seconds", 1, 120)], set((line, ctx, v) => (line.autoselect.timeout = seconds(ctx, v)))),
  ...SCRIPT_EVENTS.map(scriptCommand),
  l(["callback", "forced-wait"], [num("seconds", "seconds", 0, FORCED_WAIT_MAX)], set((line, ctx, v) => (line.forcedWait = seconds(ctx, v)))),
  l(["flush-at-activation"], [], set((line, ctx) => (line.flushAtActivation = !ctx.negated))),
  l(["arap", "enable"], [], set((line, ctx) => (line.arapEnable = !ctx.negated))),
  l(["speed"], [num("bps", "bits per second", 50, 230400)], (ctx, v) => {
    const bps = v.bps;
    if (bps && !SPEEDS.includes(bps.num)) {
      ctx.diags.error(bps.tok.loc, `speed ${bps.num} is not a standard rate such as 9600, 38400 or 115200`);
      return;
    }
    eachLine(ctx, (line) => (line.speed = ctx.negated || !bps ? null : bps.num));
  }),
  l(["stopbits"], [kw("bits", "1", "1.5", "2")], set((line, ctx, v) => (line.stopbits = ctx.negated ? null : ((v.bits as Value).text as "1" | "1.5" | "2")))),
  l(["flowcontrol"], [kw("flow", "hardware", "software", "none")], set((line, ctx, v) => {
    line.flowcontrol = ctx.negated ? null : ((v.flow as Value).text as "hardware" | "software" | "none");
  })),
  l(["exec-timeout"], [num("minutes", "minutes", 0, 35791), opt(num("seconds", "seconds", 0, 2147483))], set((line, ctx, v) => {
    line.execTimeout = ctx.negated ? null : { minutes: (v.minutes as Value).num, seconds: v.seconds ? v.seconds.num : 0 };
    if (line.execTimeout && line.execTimeout.minutes === 10 && line.execTimeout.seconds === 0) line.execTimeout = null;
  })),
  l(["transport", "input"], [rest("protocols", "protocols (all, none, telnet, ssh ...)")], (ctx, v) => {
    const words = v.protocols?.words ?? [];
    const chosen: string[] = [];
    for (const w of words) {
      const hit = TRANSPORTS.filter((t) => t.startsWith(w.text.toLowerCase()));
      const name = TRANSPORTS.includes(w.text.toLowerCase()) ? w.text.toLowerCase() : hit.length === 1 ? hit[0] : null;
      if (!name) {
        ctx.diags.error(w.loc, `unknown transport "${w.text}": expected ${TRANSPORTS.join(", ")}`);
        return;
      }
      if (!chosen.includes(name)) chosen.push(name);
    }
    eachLine(ctx, (line) => (line.transportInput = ctx.negated ? null : chosen));
  }),
  l(["autocommand"], [rest("command", "a command")], set((line, ctx, v) => (line.autocommand = ctx.negated ? null : (v.command as Value).text))),
];

