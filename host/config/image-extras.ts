// Image sections 11..14 (layouts: boards/image.md): address pools and the PPP peer's addressing
// and the whole authentication order of each async interface (the core reads both:
// config/address-pools.ts, config/interface-extras.ts), and, for readers to come, every AAA
// method list with accounting, server groups and server options, and the line scripts and
// modem autoconfiguration. The core ignores sections it does not know.

import { AccountingList, AaaList, ConfigModel, effectiveInterfaces, LineConfig } from "./model.ts";
import { Section, SectionBuilder } from "../image/writer.ts";
import { bytesOf, PooledTable } from "./image-strings.ts";
import { AAA_METHODS } from "./commands/aaa.ts";
import { discoveryCandidates, modemcapScript, modemcapTable, resolveModemcap, type ResolvedModemcap } from "./modemcap.ts";
import { InterfaceExtraFlag } from "../image/image-enums.ts";

export const ExtraSection = { AddressPools: 11, InterfaceExtras: 12, AaaExtras: 13, LineExtras: 14 } as const;

export const NONE16 = 0xffff;
export const INTERFACE_EXTRA_BYTES = 32;
export const AAA_EXTRA_HEADER_BYTES = 20;
export const LINE_EXTRA_BYTES = 24;

export { InterfaceExtraFlag };
export const AUTH_CODES = ["pap", "chap", "ms-chap", "ms-chap-v2", "eap"];
export const AaaExtraFlag = { SuppressNullUsername: 1 << 0, UpdateNewinfo: 1 << 1, UpdatePeriodic: 1 << 2 } as const;
/** Service (authentication, authorization) or type (accounting) of a method list: code = index + 1. */
export const AAA_LIST_SERVICES = [
  "login", "ppp", "arap", "exec", "network", "enable", "dot1x", "nasi", "commands", "config-commands", "reverse-access", "configuration",
  "connection", "system", "resource",
];
export const ACCOUNTING_RECORDS = ["start-stop", "stop-only", "wait-start", "none"];
export const LineExtraFlag = { AutoconfigureDiscovery: 1 << 0, AutoconfigureType: 1 << 1 } as const;
/** Who answers an incoming call on the line (LineExtras byte 17). */
export const AnswerMode = { Unset: 0, Modem: 1, Line: 2 } as const;
/** `script EVENT` indexes in a LineExtras record, in this order (callback and arap-callback are in section 2). */
export const LINE_EXTRA_SCRIPTS = ["startup", "reset", "activation", "connection", "dialer"] as const;

// The writer's section type is the foundation's enum; these types are numbers it does not list yet.
function typed(w: SectionBuilder, type: number): Section {
  return { type, bytes: w.section(type).bytes };
}

function ipBytes(a: string | undefined): number[] {
  return a ? a.split(".").map(Number) : [0, 0, 0, 0];
}

/** Section 11: `ip local pool` NAME and its ranges. */
function poolsSection(m: ConfigModel): Section {
  const w = new SectionBuilder().u16(m.pools.length).u16(0);
  const table = w.length;
  for (let i = 0; i < m.pools.length; i++) w.u32(0);
  m.pools.forEach((p, i) => {
    w.setU32(table + i * 4, w.length);
    const name = bytesOf(p.name, `pool name "${p.name}"`);
    w.u8(name.length).raw(name).u8(p.ranges.length);
    for (const r of p.ranges) for (const b of [...ipBytes(r.first), ...ipBytes(r.last)]) w.u8(b);
  });
  return typed(w, ExtraSection.AddressPools);
}

/** Section 12: per async interface (as section 6), the peer's addressing and the whole authentication order. */
function interfaceExtrasSection(m: ConfigModel): Section {
  const all = effectiveInterfaces(m);
  const w = new SectionBuilder().u16(all.length).u16(INTERFACE_EXTRA_BYTES);
  const pool = new PooledTable(4 + all.length * INTERFACE_EXTRA_BYTES);
  for (const { iface: i, number, fromGroup } of all) {
    const auth = i.pppAuthentication;
    let flags = fromGroup ? InterfaceExtraFlag.FromGroup : 0;
    if (i.peerPool !== null) flags |= InterfaceExtraFlag.PeerPool;
    if (i.peerDhcp) flags |= InterfaceExtraFlag.PeerDhcp;
    if (auth?.callin) flags |= InterfaceExtraFlag.AuthCallin;
    if (auth?.oneTime) flags |= InterfaceExtraFlag.AuthOneTime;
    if (auth?.optional) flags |= InterfaceExtraFlag.AuthOptional;
    if (i.dynamicAddress) flags |= InterfaceExtraFlag.DynamicAddress;
    w.u16(number).u16(flags);
    for (const b of [...ipBytes(i.ipcp.dns[0]), ...ipBytes(i.ipcp.dns[1]), ...ipBytes(i.ipcp.wins[0]), ...ipBytes(i.ipcp.wins[1])]) w.u8(b);
    const poolName = bytesOf(i.peerPool ?? "", `pool name of Async${number}`);
    const unnumbered = bytesOf(i.ipUnnumbered ?? "", `ip unnumbered of Async${number}`);
    w.u16(pool.add(poolName)).u8(poolName.length).u8(unnumbered.length).u16(pool.add(unnumbered));
    const codes = (auth?.protocols ?? []).map((p) => AUTH_CODES.indexOf(p) + 1);
    w.u8(codes.length);
    for (let k = 0; k < 5; k++) w.u8(codes[k] ?? 0);
  }
  pool.appendTo(w);
  return typed(w, ExtraSection.InterfaceExtras);
}

function methodsOf(w: SectionBuilder, methods: string[]): void {
  w.u8(methods.length);
  for (const method of methods) {
    const [head, group] = method.split(" ");
    const g = bytesOf(group ?? "", "AAA server group");
    w.u8(AAA_METHODS.indexOf(head) + 1).u8(g.length).raw(g);
  }
}

/** Section 13: every method list (accounting too), the server groups, and each server's options. */
function aaaExtrasSection(m: ConfigModel): Section {
  const o = m.aaa.accountingOptions;
  let flags = 0;
  if (o.suppressNullUsername) flags |= AaaExtraFlag.SuppressNullUsername;
  if (o.update?.newinfo) flags |= AaaExtraFlag.UpdateNewinfo;
  if (o.update?.periodic != null) flags |= AaaExtraFlag.UpdatePeriodic;
  const lists: (AaaList | AccountingList)[] = [...m.aaa.lists, ...m.aaa.accounting];
  const servers = [...m.tacacs.hosts.map((h) => ({ protocol: 1, h })), ...m.radius.hosts.map((h) => ({ protocol: 2, h }))];
  const w = new SectionBuilder().u16(flags).u16(o.update?.periodic ?? 0);
  w.u16(m.radius.timeout ?? 0).u16(m.radius.retransmit ?? NONE16).u16(m.radius.deadtime ?? 0).u16(m.tacacs.timeout ?? 0);
  w.u16(lists.length).u16(m.aaa.groups.length).u16(servers.length).u16(0);
  const table = w.length;
  for (let i = 0; i < lists.length + m.aaa.groups.length + servers.length; i++) w.u32(0);
  let at = 0;
  const next = () => w.setU32(table + at++ * 4, w.length);
  for (const l of lists) {
    next();
    const accounting = "record" in l;
    const service = accounting ? l.type : l.service;
    w.u8(accounting ? 3 : l.kind === "authentication" ? 1 : 2).u8(AAA_LIST_SERVICES.indexOf(service) + 1).u8(l.level ?? 0xff);
    w.u8(accounting ? ACCOUNTING_RECORDS.indexOf(l.record) + 1 : 0).u8(accounting && l.broadcast ? 1 : 0);
    const name = bytesOf(l.name, `AAA list name "${l.name}"`);
    w.u8(name.length).raw(name);
    methodsOf(w, l.methods);
  }
  for (const g of m.aaa.groups) {
    next();
    const name = bytesOf(g.name, `server group name "${g.name}"`);
    w.u8(g.protocol === "tacacs+" ? 1 : 2).u8(name.length).raw(name).u8(g.servers.length);
    for (const s of g.servers) {
      const host = bytesOf(s.host, "AAA server host");
      w.u8(host.length).raw(host).u16(s.authPort ?? NONE16).u16(s.acctPort ?? NONE16);
    }
  }
  for (const { protocol, h } of servers) {
    next();
    const host = bytesOf(h.host, "AAA server host");
    w.u8(protocol).u8(h.singleConnection ? 1 : 0).u8(host.length).raw(host);
    w.u16(h.port ?? NONE16).u16(h.acctPort ?? NONE16).u16(h.timeout ?? 0).u16(h.retransmit ?? NONE16);
  }
  return typed(w, ExtraSection.AaaExtras);
}

/** A chat-script record as section 5 holds one: u8 nameLen, name, u8 tokenCount, (u16 len, bytes) per token. */
function chatRecord(name: string, tokens: string[]): Uint8Array {
  const utf8 = new TextEncoder();
  const n = utf8.encode(name).subarray(0, 32);
  const parts = tokens.map((t) => utf8.encode(t));
  const out = new Uint8Array(2 + n.length + parts.reduce((sum, p) => sum + 2 + p.length, 0));
  out[0] = n.length;
  out.set(n, 1);
  out[1 + n.length] = parts.length;
  let at = 2 + n.length;
  for (const p of parts) {
    out[at] = p.length & 0xff;
    out[at + 1] = p.length >> 8;
    out.set(p, at + 2);
    at += 2 + p.length;
  }
  return out;
}

/** The modemcap entry a line's `modem autoconfigure` names (`discovery`: the default entry, used when the modem names no other), null when none or unknown. */
export function lineModemcap(l: LineConfig, table: ReturnType<typeof modemcapTable>): ResolvedModemcap | null {
  const auto = l.modemAutoconfigure;
  if (!auto) return null;
  return resolveModemcap(auto.kind === "type" ? auto.name : "default", table);
}

function answerCode(cap: ResolvedModemcap): number {
  return cap.answeredBy === "modem" ? AnswerMode.Modem : AnswerMode.Line;
}

/**
 * `modem autoconfigure discovery`'s table (section 14, record byte 22): u8 count, then per
 * modem type u8 nameLen, name, u8 patternLen, pattern, u8 answer mode, u16 scriptLen, script.
 */
export function discoveryTable(table: ReturnType<typeof modemcapTable>): Uint8Array {
  const parts: number[] = [];
  const candidates = discoveryCandidates(table).slice(0, 255);
  parts.push(candidates.length);
  for (const { pattern, cap } of candidates) {
    const name = bytesOf(cap.name, `modemcap entry name "${cap.name}"`).slice(0, 255);
    const pat = bytesOf(pattern, `modem identification "${pattern}"`);
    const script = chatRecord(cap.name, modemcapScript(cap));
    parts.push(name.length, ...name, pat.length, ...pat, answerCode(cap), script.length & 0xff, script.length >> 8, ...script);
  }
  return Uint8Array.from(parts);
}

/**
 * Section 14: per TTY line (as section 2), the other `script` events and `modem
 * autoconfigure`: the modem type, who answers calls, and the chat script that configures the
 * modem (the modemcap entry resolved here, so the core carries no modem table).
 */
function lineExtrasSection(m: ConfigModel, scriptIndex: Map<string, number>): Section {
  const ttys: LineConfig[] = m.lines.filter((l) => l.kind === "tty");
  const table = modemcapTable(m);
  const w = new SectionBuilder().u16(ttys.length).u16(LINE_EXTRA_BYTES);
  const pool = new PooledTable(4 + ttys.length * LINE_EXTRA_BYTES);
  let discoveryAt = 0;
  for (const l of ttys) {
    const auto = l.modemAutoconfigure;
    const flags = auto?.kind === "discovery" ? LineExtraFlag.AutoconfigureDiscovery : auto?.kind === "type" ? LineExtraFlag.AutoconfigureType : 0;
    w.u16(l.number).u16(flags);
    for (const event of LINE_EXTRA_SCRIPTS) {
      const first = l.scripts[event]?.matches[0];
      w.u16(first !== undefined ? (scriptIndex.get(first) as number) : NONE16);
    }
    const type = bytesOf(auto?.kind === "type" ? auto.name : "", `modem autoconfigure type of line ${l.number}`);
    const cap = lineModemcap(l, table);
    const answer = cap === null ? AnswerMode.Unset : answerCode(cap);
    const script = cap === null ? null : chatRecord(cap.name, modemcapScript(cap));
    w.u16(pool.add(type)).u8(type.length).u8(answer);
    // One table in the pool for every discovering line.
    if (auto?.kind === "discovery" && script !== null && discoveryAt === 0) discoveryAt = pool.add(discoveryTable(table));
    const discovery = auto?.kind === "discovery" && script !== null ? discoveryAt : 0;
    w.u16(script === null ? NONE16 : pool.add(script)).u16(script === null ? 0 : script.length).u16(discovery);
  }
  pool.appendTo(w);
  return typed(w, ExtraSection.LineExtras);
}

export function extraSections(m: ConfigModel, scriptIndex: Map<string, number>): Section[] {
  return [poolsSection(m), interfaceExtrasSection(m), aaaExtrasSection(m), lineExtrasSection(m, scriptIndex)];
}
