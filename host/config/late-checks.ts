// Settings IOS accepts that fail only when a caller is there: a callback with no chat script
// to dial it, a callback line that may not dial, dial strings EXEC logins never use.
// `config check` warns at the word that leads to each, naming the fix.

import { Diagnostics, Loc } from "./diagnostics.ts";
import { ConfigModel, LineConfig, User } from "./model.ts";

export function hasCallback(u: User): boolean {
  return u.callbackDialstring !== null || u.callbackRotary !== null || u.callbackLine !== null;
}

/** TTY lines where users log in with a name (so EXEC callback, and PPP after autoselect, can start there). */
function loginLines(m: ConfigModel): LineConfig[] {
  const named = (l: LineConfig) => l.login?.method === "local" || l.login?.method === "authentication";
  return m.lines.filter((l) => l.kind === "tty" && (named(l) || l.autoselect.ppp || l.autoselect.arap));
}

/** TTY lines a callback for `u` may leave on: its callback-line, else its rotary's lines, else the line the call came in on. */
export function callbackOutLines(m: ConfigModel, u: User): LineConfig[] {
  const ttys = m.lines.filter((l) => l.kind === "tty");
  if (u.callbackLine && u.callbackLine.kind === "tty") {
    const { first, last } = u.callbackLine;
    return ttys.filter((l) => l.number >= first && l.number <= last);
  }
  if (u.callbackRotary !== null) return ttys.filter((l) => l.rotary === u.callbackRotary);
  return loginLines(m);
}

function names(lines: LineConfig[]): string {
  const n = lines.map((l) => l.number).sort((a, b) => a - b);
  if (n.length === 1) return `line ${n[0]}`;
  if (n.every((x, i) => i === 0 || x === n[i - 1] + 1)) return `lines ${n[0]}-${n[n.length - 1]}`;
  return `lines ${n.slice(0, -1).join(", ")} and ${n[n.length - 1]}`;
}

/** The chapter's examples as printed end `Callback finished: no script`: say so, and the fix. */
export function warnNoCallbackScript(m: ConfigModel, diags: Diagnostics, at: Loc, u: User, said: Set<string>): void {
  const out = callbackOutLines(m, u);
  if (out.length === 0) return;
  const key = out.map((l) => l.number).sort((a, b) => a - b).join(",");
  const none = out.length === 1 ? "it has no" : "none has";
  if (!out.some((l) => l.scripts.callback || l.scripts["arap-callback"])) {
    if (said.has(key)) return;
    said.add(key);
    const ara = out.some((l) => l.autoselect.arap);
    const which = ara ? '"script callback" or "script arap-callback"' : '"script callback"';
    const ppp = !ara || out.some((l) => l.autoselect.ppp);
    const add = ara && ppp ? '"script callback REGEXP", "script arap-callback REGEXP"' : `"script ${ara ? "arap-callback" : "callback"} REGEXP"`;
    const fix = `(add ${add} and a chat-script it matches)`;
    diags.warning(at, `user ${u.name} is called back on ${names(out)}, and ${none} ${which}: the callback would end "no script" ${fix}`);
    return;
  }
  // An ARA callback dials only with `script arap-callback` (the core's dialer): `script callback` alone is not enough.
  const araTaken = m.arap.callback && m.lines.some((l) => l.arapEnable && l.autoselect.arap);
  if (!araTaken || out.some((l) => l.scripts["arap-callback"]) || said.has(`arap ${key}`)) return;
  said.add(`arap ${key}`);
  diags.warning(
    at,
    `user ${u.name}'s ARA callback leaves on ${names(out)}, and ${none} "script arap-callback": it would end "no script" ` +
      '(add "script arap-callback REGEXP" and a chat-script it matches)',
  );
}

/** A callback line that may not dial: `modem Dialin` lets no call out ("no free line" at run time). */
export function warnDialinCallbackLine(m: ConfigModel, diags: Diagnostics, at: Loc, lines: LineConfig[]): void {
  const users = m.users.filter(hasCallback);
  for (const line of lines) {
    if (line.kind !== "tty" || line.modem !== "Dialin") continue;
    const user = users.find((u) => callbackOutLines(m, u).includes(line));
    if (!user && !line.scripts.callback) continue;
    const whose = user ? `user ${user.name}'s callback may leave on it` : 'it has "script callback"';
    const why = 'no call can be dialled on it (the callback ends "no free line"); use "modem InOut"';
    diags.warning(at, `line ${line.number} is "modem Dialin", and ${whose}: ${why}`);
    return;
  }
}

/** Users with dial strings log in at the EXEC prompt, but EXEC callback is off. */
export function warnNoExecCallback(m: ConfigModel, diags: Diagnostics, at: Loc): void {
  if (m.service.execCallback) return;
  const exec = m.lines.filter((l) => l.kind === "tty" && (l.login?.method === "local" || l.login?.method === "authentication"));
  if (exec.length === 0) return;
  diags.warning(at, `users with "callback-dialstring" who log in at the EXEC prompt (${names(exec)}) are not called back: "service exec-callback" is not set`);
}

/**
 * A user with a callback line or rotary and no dial string is called back at the number the
 * client gives, as the chapter says for a dial string "not defined": say so once, since that
 * number comes from the caller (callback-allowed-pattern limits it).
 */
export function noteNoDialstring(diags: Diagnostics, at: Loc, u: User): void {
  if (u.callbackDialstring !== null || (u.callbackRotary === null && u.callbackLine === null)) return;
  const which = u.callbackRotary !== null ? "callback-rotary" : "callback-line";
  const what = 'is called back at the number the client gives, as with callback-dialstring ""';
  diags.noteOnce(`no-dialstring:${u.name}`, at, `user ${u.name} has "${which}" and no "callback-dialstring": it ${what}`);
}
