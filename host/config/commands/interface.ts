// `interface async N` commands (ios-reference.md, "Interface"), one descriptor each.

import { Command, ifname, ipv4, kw, matchKeyword, num, opt, rest, Value, word } from "../grammar.ts";
import { AsyncGroup, AuthProtocol } from "../model.ts";
import { interfaceScope } from "./shared.ts";
import { warnUndefinedList } from "./line.ts";
import { unnumberedSource } from "../unnumbered.ts";

const i = (words: string[], args: Command["args"], apply: Command["apply"], extra: Partial<Command> = {}): Command => ({
  mode: "interface",
  words,
  args,
  apply,
  ...extra,
});

const AUTH_PROTOCOLS = ["pap", "chap", "ms-chap", "ms-chap-v2", "eap"];
const AUTH_OPTIONS = ["callin", "one-time", "optional"];

export const interfaceCommands: Command[] = [
  i(["group-range"], [num("first", "a TTY number", 1, 63), num("last", "a TTY number", 1, 63)], (ctx, v) => {
    const group = interfaceScope(ctx) as Partial<AsyncGroup>;
    const first = v.first as Value;
    const last = v.last as Value;
    if (!("range" in group)) {
      ctx.diags.error(ctx.first.loc, '"group-range" belongs in "interface Group-Async N"');
      return;
    }
    if (ctx.negated) {
      group.range = null;
      return;
    }
    if (last.num < first.num) {
      ctx.diags.error(last.tok.loc, `group range ${first.num} ${last.num} ends before it starts`);
      return;
    }
    group.range = { first: first.num, last: last.num };
    ctx.later((m) => {
      // Checked against the groups defined before this one, so an overlap is reported once.
      const earlier = m.asyncGroups.slice(0, m.asyncGroups.indexOf(group as AsyncGroup));
      const other = earlier.find((g) => g.range && g.range.first <= last.num && first.num <= g.range.last);
      if (other) ctx.diags.error(first.tok.loc, `group range ${first.num} ${last.num} overlaps Group-Async${other.number}`);
    });
  }),
  i(["encapsulation"], [kw("encap", "ppp", "slip")], (ctx, v) => {
    interfaceScope(ctx).encapsulation = ctx.negated ? null : ((v.encap as Value).text as "ppp" | "slip");
  }),
  i(["async", "mode"], [kw("mode", "interactive", "dedicated")], (ctx, v) => {
    interfaceScope(ctx).asyncMode = ctx.negated ? null : ((v.mode as Value).text as "interactive" | "dedicated");
  }),
  i(["async", "default", "ip", "address"], [ipv4("address", "the peer's IPv4 address")], (ctx, v) => {
    const iface = interfaceScope(ctx);
    Object.assign(iface, { peerAddress: null, peerPool: null, peerDhcp: false });
    if (!ctx.negated) iface.peerAddress = (v.address as Value).text;
  }),
  i(["peer", "default", "ip", "address"], [ipv4("address", "the peer's IPv4 address")], (ctx, v) => {
    const iface = interfaceScope(ctx);
    // One source of the peer's address at a time, as on IOS: the last command given wins.
    Object.assign(iface, { peerAddress: null, peerPool: null, peerDhcp: false });
    if (!ctx.negated) iface.peerAddress = (v.address as Value).text;
  }),
  i(["peer", "default", "ip", "address", "pool"], [opt(word("pool", "an ip local pool name"))], (ctx, v) => {
    const iface = interfaceScope(ctx);
    Object.assign(iface, { peerAddress: null, peerPool: null, peerDhcp: false });
    if (ctx.negated) return;
    if (v.pool?.text === "") {
      ctx.diags.error(v.pool.tok.loc, "a pool name cannot be empty");
      return;
    }
    const pool = v.pool?.text ?? "default";
    iface.peerPool = pool;
    const at = v.pool?.tok ?? ctx.first;
    ctx.later((m) => {
      const message = `no "ip local pool ${pool} ..." is configured: PPP peers of this interface get no address`;
      if (!m.pools.some((p) => p.name === pool)) ctx.diags.warning(at.loc, message);
    });
  }),
  i(["peer", "default", "ip", "address", "dhcp"], [], (ctx) => {
    const iface = interfaceScope(ctx);
    Object.assign(iface, { peerAddress: null, peerPool: null, peerDhcp: false });
    if (!ctx.negated) iface.peerDhcp = true;
  }),
  ...(["dns", "wins"] as const).map((which) =>
    i(["ppp", "ipcp", which], [rest("servers", "one or two server addresses")], (ctx, v) => {
      const iface = interfaceScope(ctx);
      if (ctx.negated) {
        iface.ipcp[which] = [];
        return;
      }
      const words = v.servers?.words ?? [];
      // `accept` and `reject` (take or refuse the peer's servers) are kept as written.
      if (words.some((w) => /^(accept|reject)$/i.test(w.text))) {
        ctx.keepNoEffect(`ppp ipcp ${which} ${words[words.length - 1].text.toLowerCase()}`);
        return;
      }
      const bad = words.find((w) => !/^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/.test(w.text));
      if (bad) {
        ctx.diags.error(bad.loc, `"${bad.text}" is not an IPv4 address: expected a ${which.toUpperCase()} server address (or accept, reject)`);
        return;
      }
      if (words.length > 2) {
        ctx.diags.error(words[2].loc, `at most two ${which.toUpperCase()} servers (primary and secondary)`);
        return;
      }
      iface.ipcp[which] = words.map((w) => w.text);
    }, { noArgs: 0 }),
  ),
  i(["ip", "unnumbered"], [ifname("name")], (ctx, v) => {
    const iface = interfaceScope(ctx);
    iface.ipUnnumbered = ctx.negated ? null : (v.name as Value).text;
    if (ctx.negated) return;
    const name = (v.name as Value).text;
    const at = (v.name as Value).tok;
    // RFC 1332 §3.3: IPCP offers the borrowed address as ours; with none, pppd cannot tell the server's.
    ctx.later((m) => {
      if (iface.ipUnnumbered !== name || iface.ipAddress) return;
      const source = unnumberedSource(m, name);
      const who = "range" in iface ? `Group-Async${iface.number}` : `Async${iface.number}`;
      const effect = `PPP peers of ${who} are offered no server address (pppd: "Could not determine remote IP address")`;
      if (!source.found) ctx.diags.warning(at.loc, `no "interface ${name}" in this configuration: ${effect}; add it with "ip address A M"`);
      else if (!source.ipAddress) ctx.diags.warning(at.loc, `interface ${name} has no "ip address": ${effect}`);
    });
  }),
  i(["async", "dynamic", "address"], [], (ctx) => {
    interfaceScope(ctx).dynamicAddress = !ctx.negated;
  }),
  i(["ip", "address"], [ipv4("address", "an IPv4 address"), ipv4("mask", "a network mask"), opt(kw("secondary", "secondary"))], (ctx, v) => {
    if (v.secondary) {
      ctx.keepNoEffect("ip address secondary");
      return;
    }
    interfaceScope(ctx).ipAddress = ctx.negated ? null : { address: (v.address as Value).text, mask: (v.mask as Value).text };
  }),
  // `ip address negotiated|dhcp|pool`: kept as written (the access server's own address comes from elsewhere).
  ...["negotiated", "dhcp", "pool"].map((how) =>
    i(["ip", "address", how], [opt(rest("rest", "words"))], (ctx) => ctx.keepNoEffect(`ip address ${how}`), { noEffect: true }),
  ),
  i(["keepalive"], [opt(num("seconds", "seconds", 0, 32767))], (ctx, v) => {
    // IOS default: keepalive on every 10 seconds, not shown in the running config.
    const seconds = ctx.negated ? 0 : v.seconds ? v.seconds.num : 10;
    interfaceScope(ctx).keepalive = seconds === 10 ? null : seconds;
  }),
  i(["ppp", "callback"], [kw("op", "accept", "initiate", "request")], (ctx, v) => {
    const iface = interfaceScope(ctx);
    iface.pppCallback = ctx.negated ? null : ((v.op as Value).text as "accept" | "initiate" | "request");
    const at = ctx.first;
    if (iface.pppCallback === "request") {
      const name = "range" in iface ? `Group-Async${iface.number}` : `Async${iface.number}`;
      const why = `"ppp callback request" makes this server ask the caller to call it back (the client side of RFC 1570, for dial-on-demand routing)`;
      ctx.diags.warning((v.op as Value).tok.loc, `interface ${name}: ${why}; callers here are never called back: use "ppp callback accept"`);
    }
    // The reference: callback happens only after successful PAP/CHAP authentication.
    ctx.later(() => {
      if (iface.pppCallback && iface.pppCallback !== "request" && !iface.pppAuthentication) {
        ctx.diags.warning(at.loc, `interface Async${iface.number}: callback needs "ppp authentication pap|chap" (it happens only after authentication)`);
      }
    });
  }),
  i(["ppp", "authentication"], [kw("first", ...AUTH_PROTOCOLS), opt(rest("more", "more protocols, if-needed, or a list name"))], (ctx, v) => {
    const iface = interfaceScope(ctx);
    if (ctx.negated) {
      iface.pppAuthentication = null;
      return;
    }
    const protocols: AuthProtocol[] = [(v.first as Value).text as AuthProtocol];
    let ifNeeded = false;
    let list: string | null = null;
    const options = new Set<string>();
    const keywords = new Map([...AUTH_PROTOCOLS, "if-needed"].map((k) => [k, k]));
    const optionWords = new Map(AUTH_OPTIONS.map((k) => [k, k]));
    // IOS order: protocols, [if-needed], [list], then any of callin, one-time, optional.
    for (const t of v.more?.words ?? []) {
      const m = list === null && options.size === 0 ? matchKeyword(t.text, keywords) : { kind: "none" as const };
      const o = matchKeyword(t.text, optionWords);
      const w = m.kind === "one" ? m.value : o.kind === "one" ? o.value : t.text;
      const proto = AUTH_PROTOCOLS.find((p) => p === w);
      if (proto && !ifNeeded && list === null) {
        if (protocols.includes(proto as AuthProtocol)) {
          ctx.diags.error(t.loc, `"${proto}" listed twice`);
          return;
        }
        protocols.push(proto as AuthProtocol);
      } else if (w === "if-needed" && !ifNeeded && list === null) ifNeeded = true;
      else if (AUTH_OPTIONS.includes(w) && !options.has(w)) options.add(w);
      else if (list === null && options.size === 0) {
        if (t.text === "") {
          ctx.diags.error(t.loc, "a method list name cannot be empty");
          return;
        }
        list = t.text;
      } else {
        ctx.diags.error(t.loc, `unexpected "${t.text}" after ${list !== null ? `the list name "${list}"` : "the options"}`);
        return;
      }
    }
    iface.pppAuthentication = { protocols, ifNeeded, list, callin: options.has("callin"), oneTime: options.has("one-time"), optional: options.has("optional") };
    const named = (v.more?.words ?? []).find((t) => t.text === list);
    if (list !== null && named) warnUndefinedList(ctx, { text: list, num: NaN, tok: named }, "ppp");
  }),
];
