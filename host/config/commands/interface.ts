// `interface async N` commands (ios-reference.md, "Interface"), one descriptor each.

import { Command, ifname, ipv4, kw, matchKeyword, num, opt, rest, Value } from "../grammar.ts";
import { AsyncGroup, AuthProtocol } from "../model.ts";
import { interfaceScope } from "./shared.ts";
import { warnUndefinedList } from "./line.ts";

const i = (words: string[], args: Command["args"], apply: Command["apply"]): Command => ({ mode: "interface", words, args, apply });

const AUTH_PROTOCOLS = ["pap", "chap", "ms-chap"];

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
    interfaceScope(ctx).peerAddress = ctx.negated ? null : (v.address as Value).text;
  }),
  i(["peer", "default", "ip", "address"], [ipv4("address", "the peer's IPv4 address")], (ctx, v) => {
    interfaceScope(ctx).peerAddress = ctx.negated ? null : (v.address as Value).text;
  }),
  i(["ip", "unnumbered"], [ifname("name")], (ctx, v) => {
    interfaceScope(ctx).ipUnnumbered = ctx.negated ? null : (v.name as Value).text;
  }),
  i(["ip", "address"], [ipv4("address", "an IPv4 address"), ipv4("mask", "a network mask")], (ctx, v) => {
    interfaceScope(ctx).ipAddress = ctx.negated ? null : { address: (v.address as Value).text, mask: (v.mask as Value).text };
  }),
  i(["keepalive"], [opt(num("seconds", "seconds", 0, 32767))], (ctx, v) => {
    // IOS default: keepalive on every 10 seconds, not shown in the running config.
    const seconds = ctx.negated ? 0 : v.seconds ? v.seconds.num : 10;
    interfaceScope(ctx).keepalive = seconds === 10 ? null : seconds;
  }),
  i(["ppp", "callback"], [kw("op", "accept", "initiate", "request")], (ctx, v) => {
    const iface = interfaceScope(ctx);
    iface.pppCallback = ctx.negated ? null : ((v.op as Value).text as "accept" | "initiate" | "request");
    const at = ctx.first;
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
    const keywords = new Map([...AUTH_PROTOCOLS, "if-needed"].map((k) => [k, k]));
    for (const t of v.more?.words ?? []) {
      const m = list === null ? matchKeyword(t.text, keywords) : { kind: "none" as const };
      const w = m.kind === "one" ? m.value : t.text;
      const proto = AUTH_PROTOCOLS.find((p) => p === w);
      if (proto && !ifNeeded && list === null) {
        if (protocols.includes(proto as AuthProtocol)) {
          ctx.diags.error(t.loc, `"${proto}" listed twice`);
          return;
        }
        protocols.push(proto as AuthProtocol);
      } else if (w === "if-needed" && !ifNeeded && list === null) ifNeeded = true;
      else if (list === null) list = t.text;
      else {
        ctx.diags.error(t.loc, `unexpected "${t.text}" after the list name "${list}"`);
        return;
      }
    }
    iface.pppAuthentication = { protocols, ifNeeded, list };
    const named = (v.more?.words ?? []).find((t) => t.text === list);
    if (list !== null && named) warnUndefinedList(ctx, { text: list, num: NaN, tok: named }, "ppp");
  }),
];
