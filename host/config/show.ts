// `show running-config`: canonical IOS-style text. Order (dialback's choice; no public source
// shows callback-specific ordering): service lines, hostname, enable, aaa, usernames, chat-scripts,
// AppleTalk/ARA globals, callback globals, login globals, other global IOS commands, async interfaces,
// blocks of other modes, AAA servers, lines (con, TTY ranges, aux, vty), end. Only
// non-default settings are printed; equal neighbouring lines are folded into one range.

import { AaaServer, AsyncInterface, ConfigModel, LineConfig, Secret, User } from "./model.ts";
import { SCRIPT_EVENTS } from "./commands/line.ts";
import { QUOTES } from "./tokens.ts";
import { type7Encode } from "./type7.ts";

/** A word as the reader reads it back: quoted when empty, spaced or starting with a quote. */
export function quoteWord(w: string): string {
  return w === "" || /[ \t]/.test(w) || QUOTES.has(w[0]) ? `"${w}"` : w;
}

function secret(s: Secret, showZero: boolean): string {
  if (s.type === 7) return `7 ${type7Encode(s.text)}`;
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
  if (i.peerAddress) out.push(` peer default ip address ${i.peerAddress}`);
  if (i.asyncMode) out.push(` async mode ${i.asyncMode}`);
  if (i.pppCallback) out.push(` ppp callback ${i.pppCallback}`);
  if (i.pppAuthentication) {
    const a = i.pppAuthentication;
    out.push(` ppp authentication ${[...a.protocols, ...(a.ifNeeded ? ["if-needed"] : []), ...(a.list !== null ? [a.list] : [])].join(" ")}`);
  }
  for (const e of i.extras) out.push(` ${e}`);
  return out;
}

/** The settings of a line without its number: equal bodies fold into one `line A B`. */
function lineBody(l: LineConfig): string[] {
  const out: string[] = [];
  if (l.execTimeout) out.push(` exec-timeout ${l.execTimeout.minutes} ${l.execTimeout.seconds}`);
  if (l.loginResponse !== null) out.push(` timeout login response ${l.loginResponse}`);
  if (l.password) out.push(` password ${secret(l.password, false)}`);
  if (l.autocommand !== null) out.push(` autocommand ${l.autocommand}`);
  if (l.login?.method === "line") out.push(" login");
  if (l.login?.method === "local") out.push(" login local");
  if (l.login?.method === "authentication") out.push(` login authentication ${quoteWord(l.login.list)}`);
  if (l.modem) out.push(` modem ${l.modem}`);
  if (l.modemAnswerTimeout !== null) out.push(` modem answer-timeout ${l.modemAnswerTimeout}`);
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

function serverLines(name: "tacacs-server" | "radius-server", s: ConfigModel["tacacs"]): string[] {
  const port = (h: AaaServer) => (h.port ? ` ${name === "radius-server" ? "auth-port" : "port"} ${h.port}` : "");
  const ma = (h: AaaServer) => (h.messageAuthenticator ? ` message-authenticator ${h.messageAuthenticator}` : "");
  const out = s.hosts.map((h) => `${name} host ${h.host}${port(h)}${ma(h)}${h.key ? ` key ${secret(h.key, false)}` : ""}`);
  if (s.key) out.push(`${name} key ${secret(s.key, false)}`);
  return out;
}

function dialstringLines(d: ConfigModel["callback"]["dialstring"]): string[] {
  const out: string[] = [];
  if (d.modifiers !== null) out.push(`callback dialstring modifiers ${d.modifiers === "" ? "none" : [...d.modifiers].join(" ")}`);
  if (d.maxLength !== null) out.push(`callback dialstring max-length ${d.maxLength}`);
  return out;
}

export function showRunningConfig(m: ConfigModel): string {
  const sections: string[][] = [];
  const add = (lines: string[]) => {
    if (lines.length) sections.push(lines);
  };
  add([...(m.service.execCallback ? ["service exec-callback"] : []), ...(m.service.passwordEncryption ? ["service password-encryption"] : [])]);
  add(m.hostname !== null ? [`hostname ${quoteWord(m.hostname)}`] : []);
  add(enableLines(m));
  add([...(m.aaa.newModel ? ["aaa new-model"] : []), ...m.aaa.lists.map((l) => `aaa ${l.kind} ${l.service} ${quoteWord(l.name)} ${l.methods.join(" ")}`)]);
  add(m.users.flatMap(userLines));
  add(m.chatScripts.map((s) => `chat-script ${s.name} ${s.tokens.map(quoteWord).join(" ")}`));
  add([
    ...(m.appletalkRouting ? ["appletalk routing"] : []),
    ...(m.arap.callback ? ["arap callback"] : []),
    ...(m.arap.network ? [`arap network ${m.arap.network.number} ${m.arap.network.zone}`] : []),
  ]);
  add([
    ...(m.callback.forcedWait !== null ? [`callback forced-wait ${m.callback.forcedWait}`] : []),
    ...(m.callback.nodsrWait !== null ? [`callback nodsr-wait ${m.callback.nodsrWait}`] : []),
    ...(m.callback.retry ? [`callback retry ${m.callback.retry.count} ${m.callback.retry.gapSeconds}`] : []),
    ...(m.callback.limit ? [`callback limit ${m.callback.limit.count} ${m.callback.limit.minutes}`] : []),
    ...dialstringLines(m.callback.dialstring),
  ]);
  const login = m.login;
  add([
    ...(login.blockFor ? [`login block-for ${login.blockFor.seconds} attempts ${login.blockFor.attempts} within ${login.blockFor.within}`] : []),
    ...(login.delay !== null ? [`login delay ${login.delay}`] : []),
    ...(login.onFailureLog ? ["login on-failure log"] : []),
    ...(login.onSuccessLog ? ["login on-success log"] : []),
  ]);
  add(m.extras.filter((e) => !e.opensBlock).map((e) => e.text));
  for (const i of m.interfaces) add(interfaceLines(i));
  for (const g of m.asyncGroups) {
    add([...interfaceLines(g, `interface Group-Async${g.number}`), ...(g.range ? [` group-range ${g.range.first} ${g.range.last}`] : [])]);
  }
  for (const e of m.extras.filter((x) => x.opensBlock)) {
    add([e.text, ...e.block.map((b) => ` ${b}`)]);
  }
  add([...serverLines("tacacs-server", m.tacacs), ...serverLines("radius-server", m.radius)]);
  add(linesText(m.lines));
  return ["!", ...sections.flatMap((s) => [...s, "!"]), "end", ""].join("\n");
}
