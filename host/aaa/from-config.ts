// What the configuration asks of AAA: the core's authentication modes for PPP, EXEC logins
// and ARAP (from `aaa authentication ppp|login|arap default ...`; TACACS+ has no ARAP, RFC
// 8907), the methods of each list in order
// (server groups, `local`, `none`, `enable`, `line`, `if-needed`), the authorization lists
// (`aaa authorization network|exec default ...`), the accounting lists (`aaa accounting
// network|exec default start-stop|stop-only ...`, `aaa accounting update periodic N`) and the
// server groups they name (server-groups.ts).

import type { ConfigModel } from "../config/model.ts";
import type { RadiusClientOptions } from "./radius-client.ts";
import type { TacacsClientOptions } from "./tacacs-client.ts";
import { AuthMode } from "../core/core-enums.ts";
import { groupOfMethod, serverGroups, type ServerGroup } from "./server-groups.ts";

export { AuthMode };

/** A method as the host runs it: a server group ("radius", "tacacs+", "group NAME"), or one of IOS's other methods. */
export type HostMethod = string;
export const NON_SERVER_METHODS = ["local", "none", "enable", "line", "if-needed"] as const;

/** A step of an authorization list: a server group, `local`, `if-authenticated` (also `if-needed`) or `none`. */
export type AuthorizationMethod = string;

export interface AccountingListPlan {
  /** `start-stop` (and `wait-start`, sent the same way) or `stop-only`. */
  record: "start-stop" | "stop-only";
  /** `broadcast`: every group gets each record, not only the first that answers. */
  broadcast: boolean;
  /** Server groups in order (method keys). */
  groups: HostMethod[];
}

export interface AccountingPlan {
  /** EXEC sessions (`aaa accounting exec default ...`). */
  exec: AccountingListPlan | null;
  /** PPP sessions (`aaa accounting network default ...`). */
  network: AccountingListPlan | null;
  /** `aaa accounting update periodic N`: Interim-Update every N minutes. */
  periodicMinutes: number | null;
  /** `aaa accounting suppress null-username`: no records for a session without a user name. */
  suppressNullUsername: boolean;
}

export interface AaaPlan {
  /** PPP's PAP and CHAP checks. */
  mode: AuthMode;
  /** EXEC logins. */
  loginMode: AuthMode;
  /** ARAP's DES checks. */
  arapMode: AuthMode;
  /** The methods the host runs for each list, in the order IOS tries them. */
  ppp: HostMethod[];
  login: HostMethod[];
  arap: HostMethod[];
  /** `aaa authorization network` (PPP) and `exec` (logins): null when the list is absent. */
  authorization: { ppp: AuthorizationMethod[] | null; login: AuthorizationMethod[] | null };
  accounting: AccountingPlan;
  /** Every server group a list names and that has a usable server, by method key. */
  groups: Map<HostMethod, ServerGroup>;
  /** The `group radius` client's options when an authentication list names it (the others are in `groups`). */
  radius: RadiusClientOptions | null;
  tacacs: TacacsClientOptions | null;
  /** NAS-Identifier for RADIUS (the hostname). */
  nasIdentifier: string | undefined;
  /** What the plan could not honour, for the operator. */
  warnings: string[];
}

const isLocal = (method: string) => method === "local" || method === "local-case";

/** The method key of a list word: built-in groups by their name, other groups as `group NAME`, the rest as written. */
export function methodKey(method: string): HostMethod {
  const group = groupOfMethod(method);
  if (group === null) return isLocal(method) ? "local" : method;
  return group === "radius" || group === "tacacs+" ? group : `group ${group}`;
}

function usableGroup(key: HostMethod, all: Map<string, ServerGroup>, used: Map<HostMethod, ServerGroup>, warnings: string[], what: string): boolean {
  const name = key.startsWith("group ") ? key.slice(6) : key;
  const group = all.get(name);
  if (!group) {
    warnings.push(`${what}: no server group "${name}": skipped`);
    return false;
  }
  if (!group.servers.length) return false;
  used.set(key, group);
  return true;
}

// `authorization`: the list's steps when it names any method the host runs besides what the core does alone.
function authorizationFor(m: ConfigModel, service: "network" | "exec", all: Map<string, ServerGroup>, used: Map<HostMethod, ServerGroup>, warnings: string[]) {
  const list = m.aaa.newModel ? m.aaa.lists.find((l) => l.kind === "authorization" && l.service === service && l.name === "default") : undefined;
  if (!list) return null;
  const steps: AuthorizationMethod[] = [];
  for (const word of list.methods) {
    const key = methodKey(word);
    if (key === "local" || key === "none") steps.push(key);
    else if (key === "if-needed" || key === "if-authenticated") steps.push("if-authenticated");
    else if (groupOfMethod(word) !== null) {
      if (usableGroup(key, all, used, warnings, `aaa authorization ${service}`)) steps.push(key);
    } else warnings.push(`aaa authorization ${service}: method "${word}" is not supported: skipped`);
  }
  return steps;
}

// Local first (IOS tries the next method when the local table has no such user), then the
// other methods in order, each asked only when the ones before could not answer.
function listFor(
  m: ConfigModel,
  service: "ppp" | "login" | "arap",
  all: Map<string, ServerGroup>,
  used: Map<HostMethod, ServerGroup>,
  authorized: boolean,
  warnings: string[],
): { mode: AuthMode; methods: HostMethod[] } {
  const list = m.aaa.newModel ? m.aaa.lists.find((l) => l.kind === "authentication" && l.service === service && l.name === "default") : undefined;
  const words = list?.methods ?? (authorized ? ["local"] : []);
  const first = words.findIndex((x) => !isLocal(x));
  // Only the configuration's users: the core checks them alone, unless a server must authorize them.
  if (first < 0 && !authorized) return { mode: AuthMode.Local, methods: [] };
  const localFirst = first !== 0 && words.length > 0 && isLocal(words[0]);
  const methods: HostMethod[] = [];
  for (const word of words.slice(localFirst && !authorized ? first : 0)) {
    const key = methodKey(word);
    const group = groupOfMethod(word);
    if (service === "arap" && group !== null && (all.get(group)?.protocol ?? (group === "tacacs+" ? "tacacs+" : "radius")) !== "radius") {
      warnings.push(`aaa authentication arap: ${word} is TACACS+, which has no ARAP (RFC 8907): skipped`);
    } else if (service === "arap" && group === null && key !== "local") {
      // ARAP needs the server's own DES proof (Rs): only the local table or a RADIUS server can give it.
      warnings.push(`aaa authentication arap: method "${word}" cannot answer ARAP's challenge: skipped`);
    } else if (group !== null) {
      if (usableGroup(key, all, used, warnings, `aaa authentication ${service}`)) methods.push(key);
    } else if ((NON_SERVER_METHODS as readonly string[]).includes(key)) {
      if (!methods.includes(key)) methods.push(key);
    } else warnings.push(`aaa authentication ${service}: method "${word}" is not supported: skipped`);
  }
  if (!methods.some((x) => x !== "local")) {
    if (authorized) return { mode: AuthMode.Host, methods: ["local"] };
    warnings.push(`aaa authentication ${service} names servers but none is usable: local users only`);
    return { mode: AuthMode.Local, methods: [] };
  }
  return { mode: localFirst && !authorized ? AuthMode.LocalThenHost : AuthMode.Host, methods };
}

// `aaa accounting exec|network default RECORD [broadcast] METHODS`.
function accountingFor(m: ConfigModel, type: "exec" | "network", all: Map<string, ServerGroup>, used: Map<HostMethod, ServerGroup>, warnings: string[]) {
  const list = m.aaa.newModel ? m.aaa.accounting.find((l) => l.type === type && l.name === "default" && l.level === undefined) : undefined;
  if (!list || list.record === "none") return null;
  const groups: HostMethod[] = [];
  for (const word of list.methods) {
    const key = methodKey(word);
    if (groupOfMethod(word) === null) warnings.push(`aaa accounting ${type}: method "${word}" is not a server group: skipped`);
    else if (usableGroup(key, all, used, warnings, `aaa accounting ${type}`)) groups.push(key);
  }
  if (!groups.length) {
    warnings.push(`aaa accounting ${type} has no usable server group: nothing is accounted`);
    return null;
  }
  return { record: list.record === "stop-only" ? ("stop-only" as const) : ("start-stop" as const), broadcast: list.broadcast, groups };
}

export function radiusOptionsOf(group: ServerGroup, nasIdentifier: string | undefined): RadiusClientOptions {
  const timeoutMs = group.servers[0]?.timeoutMs ?? 5000;
  const retries = group.servers[0]?.retries ?? 3;
  return {
    servers: group.servers.map((s) => ({
      host: s.host,
      port: s.authPort,
      secret: s.key,
      ...(s.messageAuthenticator ? { messageAuthenticator: s.messageAuthenticator } : {}),
      ...(s.timeoutMs !== timeoutMs ? { timeoutMs: s.timeoutMs } : {}),
      ...(s.retries !== retries ? { retries: s.retries } : {}),
    })),
    timeoutMs,
    retries,
    ...(group.deadTimeMs ? { deadTimeMs: group.deadTimeMs } : {}),
    nasIdentifier,
    ...(group.sourceAddress ? { nasIpAddress: group.sourceAddress } : {}),
  };
}

export function tacacsOptionsOf(group: ServerGroup): TacacsClientOptions {
  const timeoutMs = group.servers[0]?.timeoutMs ?? 5000;
  return {
    servers: group.servers.map((s) => ({
      host: s.host,
      port: s.authPort,
      key: s.key,
      ...(s.singleConnection ? { singleConnection: true } : {}),
      ...(s.timeoutMs !== timeoutMs ? { timeoutMs: s.timeoutMs } : {}),
    })),
    timeoutMs,
    ...(group.deadTimeMs ? { deadTimeMs: group.deadTimeMs } : {}),
    ...(group.sourceAddress ? { localAddress: group.sourceAddress } : {}),
  };
}

export function aaaPlan(m: ConfigModel): AaaPlan {
  const warnings: string[] = [];
  const all = serverGroups(m, warnings);
  const used = new Map<HostMethod, ServerGroup>();
  const network = authorizationFor(m, "network", all, used, warnings);
  const exec = authorizationFor(m, "exec", all, used, warnings);
  // Servers authorize local users too: then the host checks them (the core alone would not ask).
  const serverStep = (steps: AuthorizationMethod[] | null) => steps?.some((s) => used.has(s)) === true;
  const ppp = listFor(m, "ppp", all, used, serverStep(network), warnings);
  const login = listFor(m, "login", all, used, serverStep(exec), warnings);
  const arap = listFor(m, "arap", all, used, false, warnings);
  const accounting: AccountingPlan = {
    exec: accountingFor(m, "exec", all, used, warnings),
    network: accountingFor(m, "network", all, used, warnings),
    periodicMinutes: m.aaa.newModel ? (m.aaa.accountingOptions.update?.periodic ?? null) : null,
    suppressNullUsername: m.aaa.accountingOptions.suppressNullUsername,
  };
  const nasIdentifier = m.hostname ?? undefined;
  const authenticating = new Set([...ppp.methods, ...login.methods, ...arap.methods]);
  const radiusGroup = authenticating.has("radius") ? used.get("radius") : undefined;
  const tacacsGroup = authenticating.has("tacacs+") ? used.get("tacacs+") : undefined;
  return {
    mode: ppp.mode,
    loginMode: login.mode,
    arapMode: arap.mode,
    ppp: ppp.methods,
    login: login.methods,
    arap: arap.methods,
    authorization: { ppp: network, login: exec },
    accounting,
    groups: used,
    radius: radiusGroup ? radiusOptionsOf(radiusGroup, nasIdentifier) : null,
    tacacs: tacacsGroup ? tacacsOptionsOf(tacacsGroup) : null,
    nasIdentifier,
    warnings: [...new Set(warnings)],
  };
}
