// What the configuration asks of AAA: the core's authentication modes for PPP, EXEC logins
// and ARAP (from `aaa authentication ppp|login|arap default ...`), the server methods of each
// list in order, and the RADIUS and TACACS+ servers to ask. TACACS+ has no ARAP (RFC 8907).

import type { ConfigModel, User } from "../config/model.ts";
import { LocalMethod } from "./local-method.ts";
import { RadiusClient, type MessageAuthenticatorPolicy, type RadiusClientOptions } from "./radius-client.ts";
import { TacacsClient, TACACS_PORT, TACACS_TIMEOUT_MS, type TacacsClientOptions } from "./tacacs-client.ts";
import { MethodChain } from "./method-chain.ts";
import type { AaaClient } from "./responder.ts";
import { AuthMode } from "../core/core-enums.ts";
import type { ArapKeyLayout } from "../core/arap.ts";

export { AuthMode };

/** IOS's RADIUS defaults: auth port 1645, timeout 5 s, 3 retransmissions. */
const RADIUS_PORT = 1645;
const RADIUS_TIMEOUT_MS = 5000;
const RADIUS_RETRIES = 3;

export type ServerMethod = "radius" | "tacacs+";
/** A method the host runs: a server kind, or `local` after a server (the configuration's users). */
export type HostMethod = ServerMethod | "local";

export interface AaaPlan {
  /** PPP's PAP and CHAP checks. */
  mode: AuthMode;
  /** EXEC logins. */
  loginMode: AuthMode;
  /** ARAP's DES check. */
  arapMode: AuthMode;
  /** The methods the host runs for each list, in the order IOS tries them. */
  ppp: HostMethod[];
  login: HostMethod[];
  arap: HostMethod[];
  radius: RadiusClientOptions | null;
  tacacs: TacacsClientOptions | null;
  /** What the plan could not honour, for the operator. */
  warnings: string[];
}

const methodOf = (method: string): ServerMethod | null =>
  method === "radius" || method === "group radius" ? "radius" : method === "tacacs+" || method === "group tacacs+" ? "tacacs+" : null;
const isLocal = (method: string) => method === "local" || method === "local-case";

// Local first (IOS tries the next method when the local table has no such user), then the
// servers in order, each asked only when the ones before could not answer; `local` after a
// server answers with the configuration's users then.
function listFor(m: ConfigModel, service: "ppp" | "login" | "arap", usable: Set<ServerMethod>, warnings: string[]): { mode: AuthMode; methods: HostMethod[] } {
  const list = m.aaa.newModel ? m.aaa.lists.find((l) => l.kind === "authentication" && l.service === service && l.name === "default") : undefined;
  const all = list?.methods ?? [];
  const first = all.findIndex((x) => methodOf(x) !== null);
  if (first < 0) return { mode: AuthMode.Local, methods: [] };
  const methods: HostMethod[] = [];
  for (const x of all.slice(first)) {
    const server = methodOf(x);
    if (server === "tacacs+" && service === "arap") warnings.push("aaa authentication arap: TACACS+ has no ARAP (RFC 8907): skipped");
    else if (server) {
      if (usable.has(server)) methods.push(server);
    } else if (isLocal(x)) {
      if (!methods.includes("local")) methods.push("local");
    } else warnings.push(`aaa authentication ${service}: method "${x}" after a server is not supported: skipped`);
  }
  if (!methods.some((x) => x !== "local")) {
    warnings.push(`aaa authentication ${service} names servers but none is usable: local users only`);
    return { mode: AuthMode.Local, methods: [] };
  }
  return { mode: all.slice(0, first).some(isLocal) ? AuthMode.LocalThenHost : AuthMode.Host, methods };
}

interface ServerOf {
  host: string;
  port: number | null;
  key: string;
  /** RADIUS only; absent = the client's default (an Access-Accept must carry one). */
  messageAuthenticator?: MessageAuthenticatorPolicy;
}

function serversOf(m: ConfigModel, which: "radius" | "tacacs", warnings: string[]): ServerOf[] {
  const name = which === "radius" ? "radius-server" : "tacacs-server";
  return m[which].hosts.flatMap((h) => {
    const key = h.key ?? m[which].key;
    if (!key) {
      warnings.push(`${name} host ${h.host} has no key and there is no ${name} key: not used`);
      return [];
    }
    const policy = h.messageAuthenticator ? { messageAuthenticator: h.messageAuthenticator } : {};
    return [{ host: h.host, port: h.port ?? null, key: key.text, ...policy }];
  });
}

export function aaaPlan(m: ConfigModel): AaaPlan {
  const warnings: string[] = [];
  const radiusHosts = serversOf(m, "radius", warnings);
  const tacacsHosts = serversOf(m, "tacacs", warnings);
  const usable = new Set<ServerMethod>([...(radiusHosts.length ? ["radius" as const] : []), ...(tacacsHosts.length ? ["tacacs+" as const] : [])]);
  const ppp = listFor(m, "ppp", usable, warnings);
  const login = listFor(m, "login", usable, warnings);
  const arap = listFor(m, "arap", usable, warnings);
  const used = new Set<HostMethod>([...ppp.methods, ...login.methods, ...arap.methods]);
  const radius = used.has("radius")
    ? {
        servers: radiusHosts.map(({ host, port, key, ...policy }) => ({ host, port: port ?? RADIUS_PORT, secret: key, ...policy })),
        timeoutMs: RADIUS_TIMEOUT_MS, retries: RADIUS_RETRIES, nasIdentifier: m.hostname ?? undefined,
      }
    : null;
  const tacacsServers = tacacsHosts.map((h) => ({ host: h.host, port: h.port ?? TACACS_PORT, key: h.key }));
  const tacacs = used.has("tacacs+") ? { servers: tacacsServers, timeoutMs: TACACS_TIMEOUT_MS } : null;
  return { mode: ppp.mode, loginMode: login.mode, arapMode: arap.mode, ppp: ppp.methods, login: login.methods, arap: arap.methods, radius, tacacs, warnings };
}

/** The plan's clients, one per protocol, and a method chain per list (null = no server method); `log` hears of refused replies. */
export function aaaClients(
  plan: AaaPlan,
  users: User[],
  log?: (text: string) => void,
  arapKeyLayout: ArapKeyLayout = "as-is",
): { ppp: AaaClient | null; login: AaaClient | null; arap: AaaClient | null; close: () => void } {
  const radius = plan.radius ? new RadiusClient({ ...plan.radius, log }) : null;
  const tacacs = plan.tacacs ? new TacacsClient(plan.tacacs) : null;
  const local = new LocalMethod(users, arapKeyLayout);
  const chain = (methods: HostMethod[]) => {
    const clients = methods.flatMap((x): AaaClient[] => {
      const client = x === "radius" ? radius : x === "tacacs+" ? tacacs : local;
      return client ? [client] : [];
    });
    return clients.length ? new MethodChain(clients) : null;
  };
  return {
    ppp: chain(plan.ppp),
    login: chain(plan.login),
    arap: chain(plan.arap),
    close: () => {
      radius?.close();
      tacacs?.close();
    },
  };
}
