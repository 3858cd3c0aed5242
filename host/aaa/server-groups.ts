// The AAA server groups a configuration defines, as the clients use them: `group radius` and
// `group tacacs+` (every `radius-server host` / `tacacs-server host`), and each `aaa group
// server radius|tacacs+ NAME` with its `server H [auth-port A] [acct-port B]` lines (a host's
// key and options come from its `radius-server host` line, else the global ones, as IOS takes
// them), `server-private` servers, `deadtime M` and `ip radius|tacacs source-interface`.

import type { ConfigModel, AaaServer } from "../config/model.ts";
import { type7Decode } from "../config/type7.ts";
import type { MessageAuthenticatorPolicy } from "./radius-client.ts";

/** IOS's defaults: RADIUS auth 1645 and accounting 1646, TACACS+ 49, 5 s, 3 retransmissions. */
export const RADIUS_AUTH_PORT = 1645;
export const RADIUS_ACCT_PORT = 1646;
export const TACACS_PORT = 49;
export const AAA_TIMEOUT_S = 5;
export const RADIUS_RETRANSMIT = 3;

export interface GroupServer {
  host: string;
  /** RADIUS authentication port, or the TACACS+ port. */
  authPort: number;
  /** RADIUS accounting port, or the TACACS+ port. */
  acctPort: number;
  key: string;
  timeoutMs: number;
  /** RADIUS retransmissions (TACACS+: 0). */
  retries: number;
  messageAuthenticator?: MessageAuthenticatorPolicy;
  singleConnection?: boolean;
}

export interface ServerGroup {
  /** How method lists name it: "radius", "tacacs+" or the group's own name. */
  name: string;
  protocol: "radius" | "tacacs+";
  servers: GroupServer[];
  /** `deadtime M` in the group, else `radius-server deadtime M` for RADIUS (0: none). */
  deadTimeMs: number;
  /** `ip radius|tacacs source-interface IF`: the interface's address, when the configuration gives one. */
  sourceAddress: string | null;
}

const which = (protocol: "radius" | "tacacs+") => (protocol === "radius" ? "radius" : "tacacs");

/** The method key a list word names: `group radius`/`radius` → "radius", `group tacacs+`/`tacacs+` → "tacacs+", `group X` → "X". */
export function groupOfMethod(method: string): string | null {
  if (method === "radius" || method === "tacacs+") return method;
  return method.startsWith("group ") ? method.slice(6) : null;
}

/** `interface NAME` ... ` ip address A M` among the kept commands: A, or null. */
function interfaceAddress(m: ConfigModel, name: string): string | null {
  const wanted = name.toLowerCase().replace(/\s+/g, "");
  const block = m.extras.find((x) => x.opensBlock && x.text.toLowerCase().replace(/\s+/g, "") === `interface${wanted}`);
  const line = block?.block.map((l) => l.trim()).find((l) => /^ip address \S+ \S+$/i.test(l));
  return line ? line.split(/\s+/)[2] : null;
}

function sourceInterface(lines: string[], protocol: "radius" | "tacacs+"): string | null {
  const prefix = `ip ${protocol === "radius" ? "radius" : "tacacs"} source-interface `;
  const line = [...lines].reverse().find((l) => l.toLowerCase().startsWith(prefix));
  return line ? line.slice(prefix.length).trim() : null;
}

function serverOf(
  m: ConfigModel,
  protocol: "radius" | "tacacs+",
  h: AaaServer,
  ports: { auth: number | null; acct: number | null },
  warnings: string[],
): GroupServer | null {
  const options = m[which(protocol)];
  const key = h.key ?? options.key;
  if (!key) {
    warnings.push(`${which(protocol)}-server host ${h.host} has no key and there is no ${which(protocol)}-server key: not used`);
    return null;
  }
  const tacacs = protocol === "tacacs+";
  const authPort = ports.auth ?? h.port ?? (tacacs ? TACACS_PORT : RADIUS_AUTH_PORT);
  const server: GroupServer = {
    host: h.host,
    authPort,
    acctPort: tacacs ? authPort : (ports.acct ?? h.acctPort ?? RADIUS_ACCT_PORT),
    key: key.text,
    timeoutMs: (h.timeout ?? options.timeout ?? AAA_TIMEOUT_S) * 1000,
    retries: tacacs ? 0 : (h.retransmit ?? options.retransmit ?? RADIUS_RETRANSMIT),
  };
  if (h.messageAuthenticator) server.messageAuthenticator = h.messageAuthenticator;
  if (h.singleConnection) server.singleConnection = true;
  return server;
}

// `server-private H [auth-port A] [acct-port B] [timeout S] [retransmit N] key [0|7] K`: a server of this group alone.
function privateServer(text: string): AaaServer & { authPort?: number } | null {
  const words = text.trim().split(/\s+/);
  if (words[0]?.toLowerCase() !== "server-private" || !words[1]) return null;
  const out: AaaServer & { authPort?: number } = { host: words[1], key: null };
  for (let i = 2; i < words.length; i++) {
    const w = words[i].toLowerCase();
    const n = Number(words[i + 1]);
    if (w === "auth-port" || w === "port") (out.authPort = n), i++;
    else if (w === "acct-port") (out.acctPort = n), i++;
    else if (w === "timeout") (out.timeout = n), i++;
    else if (w === "retransmit") (out.retransmit = n), i++;
    else if (w === "key") {
      const typed = words[i + 1] === "0" || words[i + 1] === "7";
      const value = words.slice(i + (typed ? 2 : 1)).join(" ");
      const clear = words[i + 1] === "7" ? type7Decode(value) : value;
      out.key = clear ? { text: clear, type: 0 } : null;
      break;
    }
  }
  const ports = [out.authPort, out.acctPort, out.timeout, out.retransmit].filter((x) => x !== undefined);
  return ports.every((x) => Number.isInteger(x) && (x as number) >= 0 && (x as number) <= 65535) ? out : null;
}

function deadTimeOf(extras: string[]): number | null {
  const line = [...extras].reverse().find((l) => /^deadtime \d+$/i.test(l.trim()));
  return line ? Number(line.trim().split(/\s+/)[1]) * 60_000 : null;
}

/** Every group a method list can name, by name; what cannot be used is said in `warnings` (never a key). */
export function serverGroups(m: ConfigModel, warnings: string[]): Map<string, ServerGroup> {
  const groups = new Map<string, ServerGroup>();
  const globalLines = m.extras.filter((x) => !x.opensBlock).map((x) => x.text);
  const sources = new Map<string, string | null>();
  for (const protocol of ["radius", "tacacs+"] as const) {
    const name = sourceInterface(globalLines, protocol);
    sources.set(protocol, name ? addressOf(m, name, protocol, warnings) : null);
  }
  const globalSource = (protocol: "radius" | "tacacs+") => sources.get(protocol) ?? null;
  for (const protocol of ["radius", "tacacs+"] as const) {
    const servers = m[which(protocol)].hosts.flatMap((h) => serverOf(m, protocol, h, { auth: null, acct: null }, warnings) ?? []);
    const deadTimeMs = protocol === "radius" ? (m.radius.deadtime ?? 0) * 60_000 : 0;
    groups.set(protocol, { name: protocol, protocol, servers, deadTimeMs, sourceAddress: globalSource(protocol) });
  }
  for (const g of m.aaa.groups) {
    const hosts = m[which(g.protocol)].hosts;
    const servers: GroupServer[] = [];
    for (const s of g.servers) {
      // IOS: a group's server is a `radius-server host` (same host and ports), its key and options with it.
      const same = hosts.find((h) => h.host === s.host && (s.authPort === null || (h.port ?? null) === s.authPort)) ?? { host: s.host, key: null };
      const server = serverOf(m, g.protocol, same, { auth: s.authPort, acct: s.acctPort }, warnings);
      if (server) servers.push(server);
    }
    for (const text of g.extras.filter((x) => /^server-private\s/i.test(x.trim()))) {
      const p = privateServer(text);
      const server = p && p.key ? serverOf(m, g.protocol, { ...p, port: p.authPort ?? null }, { auth: null, acct: null }, warnings) : null;
      if (server) servers.push(server);
      else warnings.push(`aaa group server ${g.protocol} ${g.name}: a server-private line without a usable host and key: not used`);
    }
    const deadTimeMs = deadTimeOf(g.extras) ?? (g.protocol === "radius" ? (m.radius.deadtime ?? 0) * 60_000 : 0);
    const own = sourceInterface(g.extras, g.protocol);
    const sourceAddress = own ? addressOf(m, own, g.protocol, warnings) : globalSource(g.protocol);
    if (groups.has(g.name)) warnings.push(`aaa group server ${g.protocol} ${g.name}: the name is also a built-in group: the built-in one is used`);
    else groups.set(g.name, { name: g.name, protocol: g.protocol, servers, deadTimeMs, sourceAddress });
  }
  return groups;
}

function addressOf(m: ConfigModel, name: string, protocol: "radius" | "tacacs+", warnings: string[]): string | null {
  const address = interfaceAddress(m, name);
  if (!address) warnings.push(`ip ${which(protocol)} source-interface ${name}: the interface has no "ip address": the system's source address is used`);
  return address;
}
