// AAA commands: `aaa new-model`, method lists (`aaa authentication|authorization|accounting`),
// server groups (`aaa group server radius|tacacs+ NAME` and its `server` lines), and the
// RADIUS and TACACS+ servers with their options, as IOS 12.x reads them.

import { ApplyContext, Command, kw, num, opt, rest, Value, Values, word } from "../grammar.ts";
import { AaaList, AaaServer, AaaServers, AccountingList } from "../model.ts";
import type { Token } from "../tokens.ts";
import type { Loc } from "../diagnostics.ts";
import { readSecret } from "./shared.ts";
import { fitsImage } from "../limits.ts";

const g = (words: string[], args: Command["args"], apply: Command["apply"], extra: Partial<Command> = {}): Command => ({
  mode: "global",
  words,
  args,
  apply,
  ...extra,
});

export const AAA_METHODS = [
  "local", "local-case", "none", "enable", "line", "if-needed", "group", "tacacs+", "radius", "krb5", "if-authenticated", "krb5-telnet", "krb5-instance",
];

const AUTHENTICATION_SERVICES = ["login", "ppp", "arap", "enable", "dot1x", "nasi"];
const AUTHORIZATION_SERVICES = ["exec", "network", "commands", "reverse-access", "configuration", "auth-proxy", "ipmobile"];
const ACCOUNTING_TYPES = ["exec", "network", "connection", "commands", "system", "resource"];
const RECORD_TYPES = ["start-stop", "stop-only", "wait-start", "none"];

/** Where a word missing after `t` would go. */
const after = (t: Token): Loc => ({ line: t.loc.line, col: t.loc.col + t.loc.width + 1, width: 1 });

/** A keyword of `choices` (exact, else a unique prefix), or null after reporting it at `t`. */
function choice(ctx: ApplyContext, t: Token | undefined, choices: string[], what: string, previous: Token): string | null {
  if (!t) {
    ctx.diags.error(after(previous), `incomplete command: expected ${what} (${choices.join(", ")})`);
    return null;
  }
  const w = t.text.toLowerCase();
  if (choices.includes(w)) return w;
  const hits = choices.filter((c) => c.startsWith(w));
  if (hits.length === 1) return hits[0];
  ctx.diags.error(t.loc, hits.length ? `ambiguous ${what} "${t.text}": ${hits.join(", ")}` : `unknown ${what} "${t.text}": expected ${choices.join(", ")}`);
  return null;
}

/** Methods in order (`group NAME` as one); null after an error. */
function readMethods(ctx: ApplyContext, words: Token[]): string[] | null {
  const methods: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i].text.toLowerCase();
    const hits = AAA_METHODS.filter((k) => k.startsWith(w));
    const exact = AAA_METHODS.includes(w) ? w : hits.length === 1 ? hits[0] : null;
    if (!exact) {
      ctx.diags.error(words[i].loc, `unknown AAA method "${words[i].text}": expected ${AAA_METHODS.join(", ")}`);
      return null;
    }
    if (exact === "group") {
      const server = words[++i];
      if (!server) {
        ctx.diags.error(after(words[i - 1]), 'incomplete AAA method "group": expected a server group name');
        return null;
      }
      if (!fitsImage(ctx, { text: server.text, num: NaN, tok: server }, "a server group name")) return null;
      methods.push(`group ${server.text}`);
    } else methods.push(exact);
  }
  return methods;
}

/** `commands LEVEL`: the privilege level after the word, or null after an error. */
function level(ctx: ApplyContext, t: Token | undefined, previous: Token): number | null {
  if (!t || !/^\d+$/.test(t.text) || Number(t.text) > 15) {
    ctx.diags.error(t ? t.loc : after(previous), 'expected a privilege level (0-15) after "commands"');
    return null;
  }
  return Number(t.text);
}

function warnWithoutNewModel(ctx: ApplyContext): void {
  if (!ctx.model.aaa.newModel) ctx.diags.warning(ctx.first.loc, '"aaa new-model" must come first: IOS refuses method lists without it');
}

/** `aaa authentication|authorization SERVICE [LEVEL] LIST METHODS...`. */
function methodList(ctx: ApplyContext, v: Values, kind: AaaList["kind"]): void {
  const words = (v.args as Value).words ?? [];
  const services = kind === "authentication" ? AUTHENTICATION_SERVICES : AUTHORIZATION_SERVICES;
  const service = choice(ctx, words[0], services, `${kind} service`, ctx.first) as AaaList["service"] | null;
  if (!service) return;
  let i = 1;
  let lvl: number | undefined;
  if (service === "commands") {
    const n = level(ctx, words[1], words[0]);
    if (n === null) return;
    lvl = n;
    i = 2;
  }
  const name = words[i];
  const lists = ctx.model.aaa.lists;
  const same = (l: AaaList) => l.kind === kind && l.service === service && l.level === lvl && l.name === name?.text;
  if (ctx.negated) {
    if (name) ctx.model.aaa.lists = lists.filter((l) => !same(l));
    return;
  }
  if (!name) {
    ctx.diags.error(after(words[i - 1]), `incomplete command "aaa ${kind} ${service}": expected a list name (or default) and methods`);
    return;
  }
  if (!fitsImage(ctx, { text: name.text, num: NaN, tok: name }, "a method list name")) return;
  if (words.length <= i + 1) {
    ctx.diags.error(after(name), `incomplete command "aaa ${kind} ${service} ${name.text}": expected methods`);
    return;
  }
  const methods = readMethods(ctx, words.slice(i + 1));
  if (!methods) return;
  warnWithoutNewModel(ctx);
  const list: AaaList = { kind, service, name: name.text, methods };
  if (lvl !== undefined) list.level = lvl;
  const at = lists.findIndex(same);
  if (at >= 0) lists[at] = list;
  else lists.push(list);
}

/** `aaa accounting TYPE [LEVEL] LIST RECORD [broadcast] METHODS`, `update ...`, `suppress null-username`. */
function accounting(ctx: ApplyContext, v: Values): void {
  const words = (v.args as Value).words ?? [];
  const options = ctx.model.aaa.accountingOptions;
  const head = words[0]?.text.toLowerCase() ?? "";
  if (head === "update" || (head.length >= 2 && "update".startsWith(head))) {
    if (ctx.negated) {
      options.update = null;
      return;
    }
    // `update newinfo`, `update periodic MINUTES`, or both: `update newinfo periodic MINUTES`.
    const how = choice(ctx, words[1], ["newinfo", "periodic"], "accounting update", words[0]);
    if (!how) return;
    const newinfo = how === "newinfo";
    let k = 1;
    if (newinfo && words[2]) k = choice(ctx, words[2], ["periodic"], "accounting update", words[1]) ? 2 : -1;
    if (k < 0) return;
    let periodic: number | null = null;
    if (words[k].text.toLowerCase().startsWith("p")) {
      const n = words[k + 1];
      if (!n || !/^\d+$/.test(n.text) || Number(n.text) < 1 || Number(n.text) > 71582) {
        ctx.diags.error(n ? n.loc : after(words[k]), 'expected minutes (1-71582) after "periodic"');
        return;
      }
      if (words[k + 2]) {
        ctx.diags.error(words[k + 2].loc, `unexpected "${words[k + 2].text}" after complete command "aaa accounting update"`);
        return;
      }
      periodic = Number(n.text);
    }
    options.update = { newinfo, periodic };
    return;
  }
  if (head === "suppress" || (head.length >= 2 && "suppress".startsWith(head))) {
    if (!choice(ctx, words[1], ["null-username"], "accounting suppress option", words[0])) return;
    options.suppressNullUsername = !ctx.negated;
    return;
  }
  const type = choice(ctx, words[0], ACCOUNTING_TYPES, "accounting type", ctx.first) as AccountingList["type"] | null;
  if (!type) return;
  let i = 1;
  let lvl: number | undefined;
  if (type === "commands") {
    const n = level(ctx, words[1], words[0]);
    if (n === null) return;
    lvl = n;
    i = 2;
  }
  const name = words[i];
  const same = (l: AccountingList) => l.type === type && l.level === lvl && l.name === name?.text;
  if (ctx.negated) {
    if (name) ctx.model.aaa.accounting = ctx.model.aaa.accounting.filter((l) => !same(l));
    return;
  }
  if (!name) {
    ctx.diags.error(after(words[i - 1]), `incomplete command "aaa accounting ${type}": expected a list name (or default)`);
    return;
  }
  if (!fitsImage(ctx, { text: name.text, num: NaN, tok: name }, "a method list name")) return;
  const record = choice(ctx, words[i + 1], RECORD_TYPES, "accounting record type", name) as AccountingList["record"] | null;
  if (!record) return;
  let k = i + 2;
  const broadcast = words[k]?.text.toLowerCase() === "broadcast";
  if (broadcast) k++;
  const methods = readMethods(ctx, words.slice(k));
  if (!methods) return;
  if (record !== "none" && methods.length === 0) {
    const what = `incomplete command "aaa accounting ${type} ${name.text} ${record}"`;
    ctx.diags.error(after(words[k - 1]), `${what}: expected methods (group NAME, tacacs+, radius)`);
    return;
  }
  warnWithoutNewModel(ctx);
  const list: AccountingList = { type, name: name.text, record, broadcast, methods };
  if (lvl !== undefined) list.level = lvl;
  const lists = ctx.model.aaa.accounting;
  const at = lists.findIndex(same);
  if (at >= 0) lists[at] = list;
  else lists.push(list);
}

function server(ctx: ApplyContext, v: Values, which: "tacacs" | "radius"): void {
  const hosts = ctx.model[which].hosts;
  const host = (v.host as Value).text;
  const at = hosts.findIndex((h) => h.host === host);
  if (ctx.negated) {
    if (at >= 0) hosts.splice(at, 1);
    return;
  }
  if (!fitsImage(ctx, v.host as Value, "a server host") || (v.keyText && !fitsImage(ctx, v.keyText, "a server key"))) return;
  const entry: AaaServer = { host, key: v.key ? readSecret(ctx, v, "keyType", "keyText") : null };
  const port = v.authPort ?? v.port;
  if (port) entry.port = port.num;
  if (v.acctPort) entry.acctPort = v.acctPort.num;
  if (v.timeout) entry.timeout = v.timeout.num;
  if (v.retransmit) entry.retransmit = v.retransmit.num;
  if (v["single-connection"]) entry.singleConnection = true;
  if (v.messageAuthenticator) {
    entry.messageAuthenticator = v.messageAuthenticator.text as "required" | "optional";
    const note = '"message-authenticator" is a dialback extension, not an IOS keyword: which RADIUS replies must carry one (RFC 3579)';
    ctx.diags.noteOnce("extension:message-authenticator", (v["message-authenticator"] as Value).tok.loc, note);
  }
  if (at >= 0) hosts[at] = entry;
  else hosts.push(entry);
}

const KEY = { keyword: "key", args: [opt(kw("keyType", "0", "7")), rest("keyText", "a key")] };
const TIMEOUT = { keyword: "timeout", args: [num("timeout", "seconds", 1, 1000)] };
const TACACS_HOST: Command["args"] = [
  word("host", "a host name or address"),
  {
    kind: "options",
    options: [{ keyword: "single-connection", args: [] }, { keyword: "port", args: [num("port", "a TCP port", 1, 65535)] }, TIMEOUT, KEY],
  },
];
const RADIUS_HOST: Command["args"] = [
  word("host", "a host name or address"),
  {
    kind: "options",
    options: [
      { keyword: "auth-port", args: [num("authPort", "a UDP port", 0, 65535)] },
      { keyword: "acct-port", args: [num("acctPort", "a UDP port", 0, 65535)] },
      TIMEOUT,
      { keyword: "retransmit", args: [num("retransmit", "retries", 0, 100)] },
      // A dialback extension (RFC 3579, BlastRADIUS): which replies must carry a Message-Authenticator.
      { keyword: "message-authenticator", args: [kw("messageAuthenticator", "required", "optional")], extension: true },
      KEY,
    ],
  },
];

/** `radius-server|tacacs-server timeout|retransmit|deadtime N`. */
function serverOption(which: "tacacs" | "radius", option: "timeout" | "retransmit" | "deadtime", max: number, label: string): Command {
  return g([`${which}-server`, option], [num("n", label, option === "retransmit" ? 0 : 1, max)], (ctx, v) => {
    (ctx.model[which] as AaaServers)[option] = ctx.negated ? null : (v.n as Value).num;
  });
}

const LIST_ARGS = "a service, a list name (or default) and methods";

export const aaaCommands: Command[] = [
  g(["aaa", "new-model"], [], (ctx) => {
    ctx.model.aaa.newModel = !ctx.negated;
  }),
  g(["aaa", "authentication"], [rest("args", LIST_ARGS)], (ctx, v) => methodList(ctx, v, "authentication"), { noArgs: 1 }),
  g(["aaa", "authorization"], [rest("args", LIST_ARGS)], (ctx, v) => methodList(ctx, v, "authorization"), { noArgs: 1 }),
  g(["aaa", "accounting"], [rest("args", "a type, a list name (or default), a record type and methods")], accounting, { noArgs: 1 }),
  g(["aaa", "group", "server"], [kw("protocol", "radius", "tacacs+"), word("name", "a server group name")], (ctx, v) => {
    const protocol = (v.protocol as Value).text as "radius" | "tacacs+";
    const name = (v.name as Value).text;
    const groups = ctx.model.aaa.groups;
    if (ctx.negated) {
      ctx.model.aaa.groups = groups.filter((x) => !(x.protocol === protocol && x.name === name));
      return;
    }
    if (!fitsImage(ctx, v.name as Value, "a server group name")) return;
    let group = groups.find((x) => x.protocol === protocol && x.name === name);
    if (!group) {
      group = { protocol, name, servers: [], extras: [] };
      groups.push(group);
    }
    ctx.enterAaaGroup(group);
  }, { noArgs: 2 }),
  {
    mode: "aaa-group",
    words: ["server"],
    args: [
      word("host", "a server's host name or address"),
      opt(kw("authPortKeyword", "auth-port"), num("authPort", "a UDP port", 0, 65535)),
      opt(kw("acctPortKeyword", "acct-port"), num("acctPort", "a UDP port", 0, 65535)),
    ],
    noArgs: 1,
    apply(ctx, v) {
      if (ctx.scope.mode !== "aaa-group") return;
      const group = ctx.scope.group;
      const host = (v.host as Value).text;
      group.servers = group.servers.filter((s) => s.host !== host);
      if (ctx.negated) return;
      if (!fitsImage(ctx, v.host as Value, "a server host")) return;
      group.servers.push({ host, authPort: v.authPort?.num ?? null, acctPort: v.acctPort?.num ?? null });
    },
  },
  g(["tacacs-server", "host"], TACACS_HOST, (ctx, v) => server(ctx, v, "tacacs"), { noArgs: 1 }),
  g(["tacacs-server", "key"], [opt(kw("keyType", "0", "7")), rest("keyText", "a key")], (ctx, v) => {
    if (!ctx.negated && !fitsImage(ctx, v.keyText as Value, "a server key")) return;
    ctx.model.tacacs.key = ctx.negated ? null : readSecret(ctx, v, "keyType", "keyText");
  }),
  serverOption("tacacs", "timeout", 1000, "seconds"),
  g(["radius-server", "host"], RADIUS_HOST, (ctx, v) => server(ctx, v, "radius"), { noArgs: 1 }),
  g(["radius-server", "key"], [opt(kw("keyType", "0", "7")), rest("keyText", "a key")], (ctx, v) => {
    if (!ctx.negated && !fitsImage(ctx, v.keyText as Value, "a server key")) return;
    ctx.model.radius.key = ctx.negated ? null : readSecret(ctx, v, "keyType", "keyText");
  }),
  serverOption("radius", "timeout", 1000, "seconds"),
  serverOption("radius", "retransmit", 100, "retries"),
  serverOption("radius", "deadtime", 1440, "minutes"),
];
