// `show running-config`: canonical IOS-style text, every command at its level, in the order
// IOS 12.x prints an access server's configuration (running-order.ts). Only non-default
// settings are printed; equal neighbouring lines are folded into one range.

import { AaaList, AaaServerGroup, AaaServers, AsyncInterface, ConfigModel, LineConfig, Secret, User } from "./model.ts";
import { compareKeys, extraKey, interfaceKey, RANK } from "./running-order.ts";
import { SCRIPT_EVENTS } from "./commands/line.ts";
import { QUOTES } from "./tokens.ts";
import { type7Encode } from "./type7.ts";

/** A word as the reader reads it back: quoted when empty, spaced or starting with a quote. */
export function quoteWord(w: string): string {
  return w === "" || /[ \t]/.test(w) || QUOTES.has(w[0]) ? `"${w}"` : w;
}

function secret(s: Secret, showZero: boolean): string {
  // A type 7 form read from the file prints as stored (IOS never re-encrypts it).
  if (s.type === 7) return `7 ${s.cipher ?? type7Encode(s.text)}`;
  return showZero ? `0 ${s.text}` : s.text;
}

/** `enable secret` always as its hash (IOS shows no other form); `enable password` like any reversible secret. */
function enableLines(m: ConfigModel): string[] {
  const level = (l: number | null) => (l === null ? "" : `level ${l} `);
  return [
    ...m.enable.secrets.map((s) => `enable secret ${level(s.level)}${s.type} ${s.hash}`),
    // `0` only where the text would otherwise read as a type or as `level`.
    ...m.enable.passwords.map((p) => `enable password ${level(p.level)}${secret(p.password, /^(0|5|7|8|9|l|le|lev|leve|level)( |$)/i.test(p.password.text))}`),
  ];
}

function userLines(u: User): string[] {
  const parts = [`username ${quoteWord(u.name)}`];
  if (u.privilege !== null) parts.push(`privilege ${u.privilege}`);
  if (u.callbackDialstring !== null) parts.push(`callback-dialstring ${quoteWord(u.callbackDialstring)}`);
  if (u.callbackRotary !== null) parts.push(`callback-rotary ${u.callbackRotary}`);
  if (u.callbackLine) {
    const { kind, first, last } = u.callbackLine;
    parts.push(`callback-line ${kind === "aux" ? "aux " : ""}${first}${last !== first ? ` ${last}` : ""}`);
  }
  if (u.nocallbackVerify) parts.push("nocallback-verify");
  if (u.callbackAllowedPattern !== null) parts.push(`callback-allowed-pattern ${quoteWord(u.callbackAllowedPattern)}`);
  // password and autocommand each take the rest of the line, so they cannot share one.
  const out: string[] = [];
  if (u.password) out.push([...parts, `password ${secret(u.password, true)}`].join(" "));
  if (u.autocommand !== null) out.push(`${u.password ? `username ${quoteWord(u.name)}` : parts.join(" ")} autocommand ${u.autocommand}`);
  if (out.length === 0) out.push(parts.join(" "));
  return out;
}

function interfaceLines(i: AsyncInterface, head = `interface Async${i.number}`): string[] {
  const out = [head];
  if (i.ipAddress) out.push(` ip address ${i.ipAddress.address} ${i.ipAddress.mask}`);
  if (i.ipUnnumbered) out.push(` ip unnumbered ${i.ipUnnumbered}`);
  if (i.encapsulation) out.push(` encapsulation ${i.encapsulation}`);
  if (i.keepalive === 0) out.push(" no keepalive");
  else if (i.keepalive !== null) out.push(` keepalive ${i.keepalive}`);
  if (i.dynamicAddress) out.push(" async dynamic address");
  if (i.asyncMode) out.push(` async mode ${i.asyncMode}`);
  if (i.peerAddress) out.push(` peer default ip address ${i.peerAddress}`);
  if (i.peerPool !== null) out.push(` peer default ip address pool${i.peerPool === "default" ? "" : ` ${quoteWord(i.peerPool)}`}`);
  if (i.peerDhcp) out.push(" peer default ip address dhcp");
  if (i.ipcp.dns.length) out.push(` ppp ipcp dns ${i.ipcp.dns.join(" ")}`);
  if (i.ipcp.wins.length) out.push(` ppp ipcp wins ${i.ipcp.wins.join(" ")}`);
  if (i.pppCallback) out.push(` ppp callback ${i.pppCallback}`);
  if (i.pppAuthentication) {
    const a = i.pppAuthentication;
    const words = [...a.protocols, ...(a.ifNeeded ? ["if-needed"] : []), ...(a.list !== null ? [quoteWord(a.list)] : [])];
    if (a.callin) words.push("callin");
    if (a.oneTime) words.push("one-time");
    if (a.optional) words.push("optional");
    out.push(` ppp authentication ${words.join(" ")}`);
  }
  if (i.chapHostname !== null) out.push(` ppp chap hostname ${quoteWord(i.chapHostname)}`);
  if (i.chapPassword) out.push(` ppp chap password ${secret(i.chapPassword, /^(0|7)( |$)/.test(i.chapPassword.text))}`);
  if (i.papSentUsername !== null && i.papSentPassword) {
    out.push(` ppp pap sent-username ${quoteWord(i.papSentUsername)} password ${secret(i.papSentPassword, /^(0|7)( |$)/.test(i.papSentPassword.text))}`);
  }
  for (const e of i.extras) out.push(` ${e}`);
  return out;
}

/** The settings of a line without its number: equal bodies fold into one `line A B`. */
function lineBody(l: LineConfig): string[] {
  const out: string[] = [];
  if (l.execTimeout) out.push(` exec-timeout ${l.execTimeout.minutes} ${l.execTimeout.seconds}`);
  if (l.loginResponse !== null) out.push(` timeout login response ${l.loginResponse}`);
  // `0` only where the text would otherwise read as the type (`password 0 0 x` is the text "0 x").
  if (l.password) out.push(` password ${secret(l.password, /^(0|7)( |$)/.test(l.password.text))}`);
  if (l.autocommand !== null) out.push(` autocommand ${l.autocommand}`);
  if (l.login?.method === "line") out.push(" login");
  if (l.login?.method === "local") out.push(" login local");
  if (l.login?.method === "authentication") out.push(` login authentication ${quoteWord(l.login.list)}`);
  if (l.modem) out.push(` modem ${l.modem}`);
  if (l.modemAnswerTimeout !== null) out.push(` modem answer-timeout ${l.modemAnswerTimeout}`);
  const auto = l.modemAutoconfigure;
  if (auto) out.push(` modem autoconfigure ${auto.kind === "type" ? `type ${quoteWord(auto.name)}` : "discovery"}`);
  if (l.rotary !== null) out.push(` rotary ${l.rotary}`);
  if (l.autoselect.duringLogin) out.push(" autoselect during-login");
  if (l.autoselect.ppp) out.push(" autoselect ppp");
  if (l.autoselect.arap) out.push(" autoselect arap");
  if (l.autoselect.slip) out.push(" autoselect slip");
  if (l.autoselect.timeout !== null) out.push(` autoselect timeout ${l.autoselect.timeout}`);
  if (l.arapEnable) out.push(" arap enable");
  if (!l.flushAtActivation) out.push(" no flush-at-activation");
  for (const event of SCRIPT_EVENTS) {
    const ref = l.scripts[event];
    if (ref) out.push(` script ${event} ${quoteWord(ref.regexp)}`);
  }
  if (l.forcedWait !== null) out.push(` callback forced-wait ${l.forcedWait}`);
  if (l.transportInput) out.push(` transport input ${l.transportInput.join(" ")}`);
  if (l.stopbits) out.push(` stopbits ${l.stopbits}`);
  if (l.speed !== null) out.push(` speed ${l.speed}`);
  if (l.flowcontrol) out.push(` flowcontrol ${l.flowcontrol}`);
  for (const e of l.extras) out.push(` ${e}`);
  return out;
}

function lineHead(l: LineConfig, last: number): string {
  const range = last !== l.number ? `${l.number} ${last}` : `${l.number}`;
  return l.kind === "tty" ? `line ${range}` : `line ${l.kind} ${range}`;
}

function linesText(lines: LineConfig[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < lines.length; ) {
    const body = lineBody(lines[i]).join("\n");
    let j = i + 1;
    while (j < lines.length && lines[j].kind === lines[i].kind && lines[j].number === lines[j - 1].number + 1 && lineBody(lines[j]).join("\n") === body) j++;
    out.push(lineHead(lines[i], lines[j - 1].number));
    if (body) out.push(body);
    i = j;
  }
  return out;
}

function serverHostLines(name: "tacacs-server" | "radius-server", s: AaaServers): string[] {
  return s.hosts.map((h) => {
    const parts = [`${name} host ${quoteWord(h.host)}`];
    if (name === "tacacs-server" && h.singleConnection) parts.push("single-connection");
    if (h.port !== undefined && h.port !== null) parts.push(`${name === "radius-server" ? "auth-port" : "port"} ${h.port}`);
    if (h.acctPort !== undefined) parts.push(`acct-port ${h.acctPort}`);
    if (h.timeout !== undefined) parts.push(`timeout ${h.timeout}`);
    if (h.retransmit !== undefined) parts.push(`retransmit ${h.retransmit}`);
    if (h.messageAuthenticator) parts.push(`message-authenticator ${h.messageAuthenticator}`);
    if (h.key) parts.push(`key ${secret(h.key, false)}`);
    return parts.join(" ");
  });
}

function serverGlobalLines(name: "tacacs-server" | "radius-server", s: AaaServers): string[] {
  return [
    ...(s.timeout !== null ? [`${name} timeout ${s.timeout}`] : []),
    ...(s.retransmit !== null ? [`${name} retransmit ${s.retransmit}`] : []),
    ...(s.deadtime !== null ? [`${name} deadtime ${s.deadtime}`] : []),
    ...(s.key ? [`${name} key ${secret(s.key, false)}`] : []),
  ];
}

function aaaListLine(l: AaaList): string {
  return `aaa ${l.kind} ${l.service}${l.level !== undefined ? ` ${l.level}` : ""} ${quoteWord(l.name)} ${l.methods.join(" ")}`;
}

function updateWords(u: { newinfo: boolean; periodic: number | null }): string {
  return [...(u.newinfo ? ["newinfo"] : []), ...(u.periodic !== null ? [`periodic ${u.periodic}`] : [])].join(" ");
}

function accountingLines(m: ConfigModel): string[] {
  const o = m.aaa.accountingOptions;
  return [
    ...(o.suppressNullUsername ? ["aaa accounting suppress null-username"] : []),
    ...(o.update ? [`aaa accounting update ${updateWords(o.update)}`] : []),
    ...m.aaa.accounting.map((a) => {
      const methods = a.methods.length ? ` ${a.methods.join(" ")}` : "";
      const type = a.level !== undefined ? `${a.type} ${a.level}` : a.type;
      return `aaa accounting ${type} ${quoteWord(a.name)} ${a.record}${a.broadcast ? " broadcast" : ""}${methods}`;
    }),
  ];
}

function groupLines(g: AaaServerGroup): string[] {
  const port = (label: string, n: number | null) => (n !== null ? ` ${label} ${n}` : "");
  return [
    `aaa group server ${g.protocol} ${quoteWord(g.name)}`,
    ...g.servers.map((s) => ` server ${quoteWord(s.host)}${port("auth-port", s.authPort)}${port("acct-port", s.acctPort)}`),
    ...g.extras.map((e) => ` ${e}`),
  ];
}

function dialstringLines(d: ConfigModel["callback"]["dialstring"]): string[] {
  const out: string[] = [];
  if (d.modifiers !== null) out.push(`callback dialstring modifiers ${d.modifiers === "" ? "none" : [...d.modifiers].join(" ")}`);
  if (d.maxLength !== null) out.push(`callback dialstring max-length ${d.maxLength}`);
  return out;
}

/** One printed item: its place (running-order.ts) and its lines; blocks are followed by `!`. */
interface Entry {
  key: number[];
  lines: string[];
  block: boolean;
}

export function showRunningConfig(m: ConfigModel): string {
  const entries: Entry[] = [];
  const add = (rank: number, lines: string[], block = false) => {
    if (lines.length) entries.push({ key: [rank], lines, block });
  };
  add(RANK.passwordEncryption, m.service.passwordEncryption ? ["service password-encryption"] : []);
  add(RANK.execCallback, m.service.execCallback ? ["service exec-callback"] : []);
  add(RANK.hostname, m.hostname !== null ? [`hostname ${quoteWord(m.hostname)}`] : []);
  add(RANK.enable, enableLines(m));
  add(RANK.aaaNewModel, m.aaa.newModel ? ["aaa new-model"] : []);
  for (const g of m.aaa.groups) add(RANK.aaaGroup, groupLines(g), true);
  add(RANK.aaaAuthentication, m.aaa.lists.filter((l) => l.kind === "authentication").map(aaaListLine));
  add(RANK.aaaAuthorization, m.aaa.lists.filter((l) => l.kind === "authorization").map(aaaListLine));
  add(RANK.aaaAccounting, accountingLines(m));
  add(RANK.username, m.users.flatMap(userLines));
  const login = m.login;
  add(RANK.login, [
    ...(login.blockFor ? [`login block-for ${login.blockFor.seconds} attempts ${login.blockFor.attempts} within ${login.blockFor.within}`] : []),
    ...(login.delay !== null ? [`login delay ${login.delay}`] : []),
    ...(login.onFailureLog ? ["login on-failure log"] : []),
    ...(login.onSuccessLog ? ["login on-success log"] : []),
  ]);
  add(RANK.chatScript, m.chatScripts.map((s) => `chat-script ${s.name} ${s.tokens.map(quoteWord).join(" ")}`));
  add(RANK.appletalkRouting, m.appletalkRouting ? ["appletalk routing"] : []);
  add(RANK.arap, [
    ...(m.arap.callback ? ["arap callback"] : []),
    ...(m.arap.network ? [`arap network ${m.arap.network.number} ${m.arap.network.zone}`] : []),
    ...(m.arap.keyLayout === "shifted" ? ["arap key-layout shifted"] : []),
  ]);
  add(RANK.callback, [
    ...(m.callback.forcedWait !== null ? [`callback forced-wait ${m.callback.forcedWait}`] : []),
    ...(m.callback.nodsrWait !== null ? [`callback nodsr-wait ${m.callback.nodsrWait}`] : []),
    ...(m.callback.retry ? [`callback retry ${m.callback.retry.count} ${m.callback.retry.gapSeconds}`] : []),
    ...(m.callback.limit ? [`callback limit ${m.callback.limit.count} ${m.callback.limit.minutes}`] : []),
    ...dialstringLines(m.callback.dialstring),
  ]);
  for (const i of m.interfaces) entries.push({ key: [RANK.interface, ...interfaceKey(`Async${i.number}`)], lines: interfaceLines(i), block: true });
  for (const g of m.asyncGroups) {
    const lines = [...interfaceLines(g, `interface Group-Async${g.number}`), ...(g.range ? [` group-range ${g.range.first} ${g.range.last}`] : [])];
    entries.push({ key: [RANK.interface, ...interfaceKey(`Group-Async${g.number}`)], lines, block: true });
  }
  add(RANK.ipLocalPool, m.pools.flatMap((p) => p.ranges.map((r) => `ip local pool ${quoteWord(p.name)} ${r.first}${r.last !== r.first ? ` ${r.last}` : ""}`)));
  add(RANK.tacacs, [...serverHostLines("tacacs-server", m.tacacs), ...serverGlobalLines("tacacs-server", m.tacacs)]);
  add(RANK.radius, [...serverHostLines("radius-server", m.radius), ...serverGlobalLines("radius-server", m.radius)]);
  add(RANK.line, linesText(m.lines));
  for (const e of m.extras) {
    const lines = e.opensBlock ? [e.text, ...e.block.map((b) => ` ${b}`)] : [e.text];
    entries.push({ key: extraKey(e), lines, block: e.opensBlock });
  }
  const sorted = entries.map((e, i) => ({ e, i })).sort((a, b) => compareKeys(a.e.key, b.e.key) || a.i - b.i);
  const out = ["!"];
  let previous: Entry | null = null;
  for (const { e } of sorted) {
    // `!` between sections (ranks five apart), and after each interface or other block.
    if (previous && !previous.block && Math.floor(previous.key[0] / 5) !== Math.floor(e.key[0] / 5)) out.push("!");
    out.push(...e.lines);
    if (e.block) out.push("!");
    previous = e;
  }
  if (previous && !previous.block) out.push("!");
  return [...out, "end", ""].join("\n");
}
