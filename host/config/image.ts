// Compiles the configuration model into image sections 2..14 (layouts: boards/image.md).
// Strings are UTF-8 with a one-byte length; offsets are from the start of their section.

import { asyncInterfaceFor, ConfigModel, effectiveInterfaces, LineConfig, ModemMode } from "./model.ts";
import { ownAddress } from "./unnumbered.ts";
import { MODEM_MODES } from "./commands/line.ts";
import { dialModifierBits, dialRulesOf } from "./dial-number.ts";
import { encodeLines, encodeSystem, LineFlag, Section, SectionBuilder, SectionType, SystemSettings, systemForLines, writeImage } from "../image/writer.ts";
import { GlobalFlag, InterfaceFlag, LoginFlag, UserFlag } from "../image/image-enums.ts";
import { bytesOf, ImageLimitError, PooledTable } from "./image-strings.ts";
import { extraSections } from "./image-extras.ts";
import { interfaceCredentialsSection } from "./image-credentials.ts";

export { ImageLimitError };

const utf8 = new TextEncoder();

export const NONE16 = 0xffff;
/** The core's image buffer (imageBuffer() in the board ABI). */
export const IMAGE_MAX_BYTES = 64 * 1024;
export const USER_RECORD_BYTES = 24;
export const ROTARY_RECORD_BYTES = 12;
export const INTERFACE_RECORD_BYTES = 20;
export const GLOBALS_HEADER_BYTES = 24;
export const LOGIN_HEADER_BYTES = 16;
export const LOGIN_LINE_RECORD_BYTES = 8;
/** Bytes after `tty u16, flags u16` in a compiled line record (recordBytes = 32). */
export const LINE_EXTENSION_BYTES = 28;

export { GlobalFlag, InterfaceFlag, LineFlag, LoginFlag, UserFlag };

export const AAA_SERVICES = ["login", "ppp", "arap", "exec", "network"];
export const AAA_METHOD_CODES = ["local", "local-case", "none", "enable", "line", "if-needed", "group", "tacacs+", "radius", "krb5"];

function modemCode(m: ModemMode | null): number {
  return m === null ? 0 : MODEM_MODES.indexOf(m) + 1;
}

function ipBytes(a: string | null | undefined): number[] {
  return a ? a.split(".").map(Number) : [0, 0, 0, 0];
}

function lineExtension(m: ConfigModel, l: LineConfig, scriptIndex: Map<string, number>): { flags: number; ext: Uint8Array } {
  let flags = 0;
  if (l.login?.method === "local") flags |= LineFlag.LoginLocal;
  if (l.login?.method === "authentication") flags |= LineFlag.LoginAuthentication;
  if (l.login?.method === "line") flags |= LineFlag.LoginLine;
  if (l.autoselect.ppp) flags |= LineFlag.AutoselectPpp;
  if (l.autoselect.arap) flags |= LineFlag.AutoselectArap;
  if (l.autoselect.slip) flags |= LineFlag.AutoselectSlip;
  if (l.autoselect.duringLogin) flags |= LineFlag.AutoselectDuringLogin;
  if (l.arapEnable) flags |= LineFlag.ArapEnable;
  if (l.flushAtActivation) flags |= LineFlag.FlushAtActivation;
  if (l.forcedWait !== null) flags |= LineFlag.ForcedWaitOwn;
  const cb = l.scripts.callback?.matches ?? [];
  const arap = l.scripts["arap-callback"]?.matches ?? [];
  if (cb.length) flags |= LineFlag.CallbackScript;
  if (arap.length) flags |= LineFlag.ArapCallbackScript;
  if (asyncInterfaceFor(m, l.number)) flags |= LineFlag.HasInterface;
  const w = new SectionBuilder();
  w.u16(l.rotary ?? 0);
  w.u8(modemCode(l.modem)).u8(l.stopbits === null ? 0 : ["1", "1.5", "2"].indexOf(l.stopbits) + 1);
  w.u32(l.speed ?? 0);
  w.u16(l.forcedWait ?? m.callback.forcedWait ?? NONE16);
  w.u16(cb.length ? (scriptIndex.get(cb[0]) as number) : NONE16);
  w.u16(arap.length ? (scriptIndex.get(arap[0]) as number) : NONE16);
  w.u8(l.flowcontrol === null ? 0 : ["hardware", "software", "none"].indexOf(l.flowcontrol) + 1).u8(l.autoselect.timeout ?? 0);
  w.u32(l.execTimeout ? l.execTimeout.minutes * 60 + l.execTimeout.seconds : 600);
  w.u16(l.modemAnswerTimeout ?? 0);
  const login = l.login;
  const isList = (x: ConfigModel["aaa"]["lists"][number]) =>
    login?.method === "authentication" && x.kind === "authentication" && x.service === "login" && x.name === login.list;
  const list = coreAaaLists(m).findIndex((x) => isList(x.list));
  w.u16(list < 0 ? NONE16 : list);
  w.u16(cb.length).u16(arap.length);
  return { flags, ext: w.section(SectionType.Lines).bytes };
}

function usersSection(m: ConfigModel): Section {
  const w = new SectionBuilder();
  const pool = new PooledTable(4 + m.users.length * USER_RECORD_BYTES);
  w.u16(m.users.length).u16(USER_RECORD_BYTES);
  for (const u of m.users) {
    let flags = 0;
    const name = bytesOf(u.name, `user name "${u.name}"`);
    const password = bytesOf(u.password?.text ?? "", `password of ${u.name}`);
    const dial = bytesOf(u.callbackDialstring ?? "", `dial string of ${u.name}`);
    const pattern = bytesOf(u.callbackAllowedPattern ?? "", `callback-allowed-pattern of ${u.name}`);
    const auto = bytesOf(u.autocommand ?? "", `autocommand of ${u.name}`);
    if (u.password) flags |= UserFlag.Password;
    if (u.callbackDialstring !== null) flags |= UserFlag.Dialstring | (u.callbackDialstring === "" ? UserFlag.DialstringFromCaller : 0);
    if (u.nocallbackVerify) flags |= UserFlag.NocallbackVerify;
    if (u.callbackRotary !== null) flags |= UserFlag.Rotary;
    if (u.callbackLine) flags |= UserFlag.Line | (u.callbackLine.kind === "aux" ? UserFlag.LineIsAux : 0);
    if (u.callbackAllowedPattern !== null) flags |= UserFlag.AllowedPattern;
    if (u.autocommand !== null) flags |= UserFlag.Autocommand;
    if (u.privilege !== null) flags |= UserFlag.Privilege;
    w.u16(flags).u16(u.callbackRotary ?? 0).u16(u.callbackLine?.first ?? 0).u16(u.callbackLine?.last ?? 0);
    w.u16(pool.add(name)).u8(name.length).u8(password.length);
    w.u16(pool.add(password)).u16(pool.add(dial));
    w.u8(dial.length).u8(pattern.length).u16(pool.add(pattern));
    w.u16(pool.add(auto)).u8(auto.length).u8(u.privilege ?? 0);
  }
  pool.appendTo(w);
  return w.section(SectionType.Users);
}

function rotariesSection(m: ConfigModel): Section {
  const groups = [...new Set(m.lines.filter((l) => l.kind === "tty" && l.rotary !== null).map((l) => l.rotary as number))].sort((a, b) => a - b);
  const w = new SectionBuilder().u16(groups.length).u16(ROTARY_RECORD_BYTES);
  for (const g of groups) {
    const members = m.lines.filter((l) => l.kind === "tty" && l.rotary === g).map((l) => l.number);
    let lo = 0;
    let hi = 0;
    for (const n of members) {
      if (n < 32) lo |= 1 << n;
      else hi |= 1 << (n - 32);
    }
    w.u16(g).u16(members.length).u32(lo).u32(hi);
  }
  return w.section(SectionType.Rotaries);
}

/** Layout fixed by the project (coordination): count, reserved, u32 offsets, then records. */
function chatScriptsSection(m: ConfigModel): Section {
  const w = new SectionBuilder().u16(m.chatScripts.length).u16(0);
  const table = w.length;
  for (let i = 0; i < m.chatScripts.length; i++) w.u32(0);
  m.chatScripts.forEach((s, i) => {
    w.setU32(table + i * 4, w.length);
    const name = bytesOf(s.name, `chat-script name "${s.name}"`);
    if (s.tokens.length > 255) throw new ImageLimitError(`chat-script ${s.name} has ${s.tokens.length} words; the image holds at most 255`);
    w.u8(name.length).raw(name).u8(s.tokens.length);
    for (const t of s.tokens) {
      const b = utf8.encode(t);
      if (b.length > 0xffff) throw new ImageLimitError(`a word of chat-script ${s.name} is too long`);
      w.u16(b.length).raw(b);
    }
  });
  return w.section(SectionType.ChatScripts);
}

function interfacesSection(m: ConfigModel): Section {
  const all = effectiveInterfaces(m);
  const w = new SectionBuilder().u16(all.length).u16(INTERFACE_RECORD_BYTES);
  for (const { iface: i, number, fromGroup } of all) {
    let flags = fromGroup ? InterfaceFlag.FromGroup : 0;
    if (i.encapsulation === "ppp") flags |= InterfaceFlag.EncapsulationPpp;
    if (i.encapsulation === "slip") flags |= InterfaceFlag.EncapsulationSlip;
    if (i.asyncMode === "interactive") flags |= InterfaceFlag.ModeInteractive;
    if (i.asyncMode === "dedicated") flags |= InterfaceFlag.ModeDedicated;
    if (i.pppCallback === "accept") flags |= InterfaceFlag.CallbackAccept;
    if (i.pppCallback === "initiate") flags |= InterfaceFlag.CallbackInitiate;
    if (i.pppCallback === "request") flags |= InterfaceFlag.CallbackRequest;
    const auth = i.pppAuthentication;
    if (auth?.protocols.includes("pap")) flags |= InterfaceFlag.AuthPap;
    if (auth?.protocols.includes("chap")) flags |= InterfaceFlag.AuthChap;
    if (auth?.protocols.includes("ms-chap")) flags |= InterfaceFlag.AuthMsChap;
    if (auth?.ifNeeded) flags |= InterfaceFlag.AuthIfNeeded;
    if (i.peerAddress) flags |= InterfaceFlag.PeerAddress;
    if (i.ipUnnumbered) flags |= InterfaceFlag.Unnumbered;
    if (i.ipAddress) flags |= InterfaceFlag.IpAddress;
    if (i.keepalive === 0) flags |= InterfaceFlag.KeepaliveOff;
    w.u16(number).u16(flags);
    // The interface's own address, or the one `ip unnumbered NAME` borrows: the core reads either here.
    const own = ownAddress(m, i);
    for (const b of [...ipBytes(i.peerAddress), ...ipBytes(own?.address), ...ipBytes(own?.mask)]) w.u8(b);
    w.u16(i.keepalive ?? 10);
    // Authentication order: 2 bits per protocol (1 pap, 2 chap, 3 ms-chap), first in the low bits.
    // Only the protocols this record has codes for; the whole order is in section 12.
    const codes = (auth?.protocols ?? []).map((p) => ["pap", "chap", "ms-chap"].indexOf(p) + 1).filter((c) => c > 0);
    w.u8(codes.reduce((acc, c, k) => acc | (c << (2 * k)), 0)).u8(codes.length);
  }
  return w.section(SectionType.Interfaces);
}

function globalsSection(m: ConfigModel): Section {
  let flags = 0;
  if (m.service.execCallback) flags |= GlobalFlag.ExecCallback;
  if (m.service.passwordEncryption) flags |= GlobalFlag.PasswordEncryption;
  if (m.aaa.newModel) flags |= GlobalFlag.AaaNewModel;
  if (m.appletalkRouting) flags |= GlobalFlag.AppletalkRouting;
  if (m.arap.callback) flags |= GlobalFlag.ArapCallback;
  if (m.arap.network) flags |= GlobalFlag.ArapNetwork;
  if (m.arap.keyLayout === "shifted") flags |= GlobalFlag.ArapKeyShifted;
  if (m.callback.forcedWait !== null) flags |= GlobalFlag.ForcedWait;
  if (m.callback.nodsrWait !== null) flags |= GlobalFlag.NodsrWait;
  if (m.callback.retry) flags |= GlobalFlag.Retry;
  const pool = new PooledTable(GLOBALS_HEADER_BYTES);
  const host = bytesOf(m.hostname ?? "", "hostname");
  const zone = bytesOf(m.arap.network?.zone ?? "", "arap zone");
  const w = new SectionBuilder().u32(flags);
  w.u16(m.callback.forcedWait ?? NONE16).u16(m.callback.nodsrWait ?? 0);
  w.u16(m.callback.retry?.count ?? 0).u16(m.callback.retry?.gapSeconds ?? 0);
  w.u16(m.arap.network?.number ?? 0).u16(m.callback.limit?.count ?? 0);
  w.u16(pool.add(host)).u8(host.length).u8(zone.length);
  w.u16(pool.add(zone)).u16(m.callback.limit?.minutes ?? 0);
  pool.appendTo(w);
  return w.section(SectionType.Globals);
}

/** The method lists section 8 holds: the services and methods the core reads (all of them, in full, are in section 13). */
export function coreAaaLists(m: ConfigModel): { list: ConfigModel["aaa"]["lists"][number]; methods: string[] }[] {
  return m.aaa.lists
    .filter((l) => AAA_SERVICES.includes(l.service))
    .map((list) => ({ list, methods: list.methods.filter((x) => AAA_METHOD_CODES.includes(x.split(" ")[0])) }));
}

/** AAA method lists, then servers (an empty host = the global key); offsets like ChatScripts. */
function aaaSection(m: ConfigModel): Section {
  const servers = [
    ...m.tacacs.hosts.map((h) => ({ protocol: 1, host: h.host, key: h.key })),
    ...(m.tacacs.key ? [{ protocol: 1, host: "", key: m.tacacs.key }] : []),
    ...m.radius.hosts.map((h) => ({ protocol: 2, host: h.host, key: h.key })),
    ...(m.radius.key ? [{ protocol: 2, host: "", key: m.radius.key }] : []),
  ];
  const lists = coreAaaLists(m);
  const w = new SectionBuilder().u16(lists.length).u16(servers.length);
  const table = w.length;
  for (let i = 0; i < lists.length + servers.length; i++) w.u32(0);
  lists.forEach(({ list: l, methods }, i) => {
    w.setU32(table + i * 4, w.length);
    const name = bytesOf(l.name, `AAA list name "${l.name}"`);
    w.u8(l.kind === "authentication" ? 1 : 2).u8(AAA_SERVICES.indexOf(l.service) + 1).u8(name.length).raw(name).u8(methods.length);
    for (const method of methods) {
      const [head, group] = method.split(" ");
      const g = bytesOf(group ?? "", "AAA server group");
      w.u8(AAA_METHOD_CODES.indexOf(head) + 1).u8(g.length).raw(g);
    }
  });
  servers.forEach((s, i) => {
    w.setU32(table + (lists.length + i) * 4, w.length);
    const host = bytesOf(s.host, "AAA server host");
    const key = bytesOf(s.key?.text ?? "", "AAA key");
    w.u8(s.protocol).u8(s.key ? 1 : 0).u8(host.length).raw(host).u8(key.length).raw(key);
  });
  return w.section(SectionType.Aaa);
}

/** Section 9 (dialback extension): the dial alphabet's allowed modifiers and longest number. */
function dialRulesSection(m: ConfigModel): Section {
  const rules = dialRulesOf(m);
  return new SectionBuilder().u8(dialModifierBits(rules.modifiers)).u8(rules.maxLength).u16(0).section(SectionType.DialRules);
}

/** Login throttling and, per TTY line with one set, the line password and `timeout login response`. */
function loginSection(m: ConfigModel): Section {
  const login = m.login;
  const lines = m.lines.filter((l) => l.kind === "tty" && (l.password !== null || l.loginResponse !== null));
  let flags = 0;
  if (login.blockFor) flags |= LoginFlag.BlockFor;
  if (login.onSuccessLog) flags |= LoginFlag.OnSuccessLog;
  const w = new SectionBuilder().u16(flags);
  w.u16(login.blockFor?.seconds ?? 0).u16(login.blockFor?.attempts ?? 0).u16(login.blockFor?.within ?? 0);
  w.u16(login.delay ?? 0).u16(lines.length).u16(LOGIN_LINE_RECORD_BYTES).u16(0);
  const pool = new PooledTable(LOGIN_HEADER_BYTES + lines.length * LOGIN_LINE_RECORD_BYTES);
  for (const l of lines) {
    const password = bytesOf(l.password?.text ?? "", `password of line ${l.number}`);
    w.u16(l.number).u16(l.loginResponse ?? 0).u16(pool.add(password)).u8(password.length).u8(l.password ? 1 : 0);
  }
  pool.appendTo(w);
  return w.section(SectionType.Login);
}

/** Sections 2..14 for a compiled model (TTY lines only: console, aux and vty have no port here). */
export function configSections(m: ConfigModel): Section[] {
  const scriptIndex = new Map(m.chatScripts.map((s, i) => [s.name, i]));
  const lines = m.lines
    .filter((l) => l.kind === "tty")
    .map((l) => {
      const { flags, ext } = lineExtension(m, l, scriptIndex);
      return { tty: l.number, flags, extension: ext };
    });
  return [
    encodeLines(lines), usersSection(m), rotariesSection(m), chatScriptsSection(m), interfacesSection(m), globalsSection(m), aaaSection(m),
    dialRulesSection(m),
    loginSection(m),
    // Written for the core's readers to come (the core ignores sections it does not know).
    ...extraSections(m, scriptIndex),
    ...interfaceCredentialsSection(m),
  ];
}

/** The whole image: System (sized for the TTY lines unless given) and the configuration sections. */
export function compileImage(m: ConfigModel, system: SystemSettings = systemForLines(m.lines.filter((l) => l.kind === "tty").length)): Uint8Array {
  const image = writeImage([encodeSystem(system), ...configSections(m)]);
  if (image.length > IMAGE_MAX_BYTES) throw new ImageLimitError(`the image is ${image.length} bytes; the core takes at most ${IMAGE_MAX_BYTES}`);
  return image;
}
