// The clients a plan (from-config.ts) needs: one RADIUS or TACACS+ client per server group,
// every IOS method of the authentication lists in order (method-chain.ts), the authorization
// list after them (authorization.ts), one table of dead servers for all of them.

import type { ConfigModel, User } from "../config/model.ts";
import { nodeAaaIo, type AaaIo } from "./aaa-io.ts";
import { AuthorizingClient, type AuthorizationStep } from "./authorization.ts";
import { radiusOptionsOf, tacacsOptionsOf, type AaaPlan, type AuthorizationMethod, type HostMethod } from "./from-config.ts";
import { LocalMethod } from "./local-method.ts";
import { MethodChain } from "./method-chain.ts";
import { EnableMethod, IfNeededMethod, LineLogins, LineMethod, NoneMethod } from "./methods.ts";
import { RadiusClient } from "./radius-client.ts";
import type { AaaClient } from "./responder.ts";
import { ServerHealth } from "./server-health.ts";
import { TacacsClient } from "./tacacs-client.ts";
import { TacacsOpeners } from "./tacacs-single-connection.ts";
import type { ArapKeyLayout } from "../core/arap.ts";

/** What the non-server methods read from the configuration. */
export interface AaaContext {
  users: User[];
  enable: ConfigModel["enable"];
  lines: ConfigModel["lines"];
  /** How ARAP passwords become DES keys (`arap key-layout`), for the `local` method's ARAP checks. */
  arapKeyLayout?: ArapKeyLayout;
}

export interface AaaClientSet {
  /** PPP's PAP and CHAP checks, and EXEC logins (null: no method runs on the host). */
  ppp: AaaClient | null;
  login: AaaClient | null;
  /** ARAP's DES checks (`aaa authentication arap`). */
  arap: AaaClient | null;
  /** Who logged in on each line (for `if-needed`); the responder keeps it. */
  logins: LineLogins;
  /** Dead servers, shared with accounting. */
  health: ServerHealth;
  /** TACACS+ servers' connections, shared with accounting (`single-connection`: one per server for everything). */
  tacacsOpeners: TacacsOpeners;
  io: AaaIo;
  close(): void;
}

export interface AaaClientOptions {
  /** Refused replies, servers that gave no answer, dead and living servers. */
  log?: (text: string) => void;
  io?: AaaIo;
  health?: ServerHealth;
}

export function aaaClients(plan: AaaPlan, context: AaaContext, options: AaaClientOptions = {}): AaaClientSet {
  const io = options.io ?? nodeAaaIo;
  const log = options.log ?? (() => {});
  const health = options.health ?? new ServerHealth(io, log);
  const logins = new LineLogins();
  const tacacsOpeners = new TacacsOpeners(io);
  // `ip radius|tacacs source-interface`: its address goes into NAS-IP-Address; sockets leave from it only where this host has it.
  const sources = new Set([...plan.groups.values()].flatMap((g) => g.sourceAddress ?? []));
  const local = new Set([...sources].filter((a) => io.hasAddress(a)));
  for (const a of sources) if (!local.has(a)) log(`AAA: source-interface address ${a} is not on this host: requests leave from the system's address`);
  const servers = new Map<HostMethod, RadiusClient | TacacsClient>();
  const serverClient = (key: HostMethod): RadiusClient | TacacsClient | null => {
    const group = plan.groups.get(key);
    if (!group) return null;
    let client = servers.get(key);
    if (!client) {
      client =
        group.protocol === "radius"
          ? new RadiusClient({ ...radiusOptionsOf(group, plan.nasIdentifier), log, io, health, bindSource: local.has(group.sourceAddress ?? "") })
          : new TacacsClient({
              ...tacacsOptionsOf(group),
              ...(local.has(group.sourceAddress ?? "") ? {} : { localAddress: undefined }),
              log,
              io,
              health,
              openers: tacacsOpeners,
            });
      servers.set(key, client);
    }
    return client;
  };
  const method = (key: HostMethod, first: boolean, more: boolean): AaaClient | null => {
    switch (key) {
      case "local":
        return new LocalMethod(context.users, first && more, context.arapKeyLayout);
      case "none":
        return new NoneMethod();
      case "enable":
        return new EnableMethod(context.enable);
      case "line":
        return new LineMethod(context.lines);
      case "if-needed":
        return new IfNeededMethod(logins);
    }
    return serverClient(key);
  };
  const step = (key: AuthorizationMethod): AuthorizationStep | null => {
    if (key === "local") return { kind: "local", users: context.users };
    if (key === "none") return { kind: "none" };
    if (key === "if-authenticated") return { kind: "if-authenticated" };
    const client = serverClient(key);
    const group = key.startsWith("group ") ? key.slice(6) : key;
    if (client instanceof TacacsClient) return { kind: "tacacs+", group, client };
    return client ? { kind: "radius", group } : null;
  };
  const chain = (methods: HostMethod[], authorization: AuthorizationMethod[] | null): AaaClient | null => {
    const clients = methods.flatMap((key, i) => method(key, i === 0, methods.length > 1) ?? []);
    if (!clients.length) return null;
    const authentication = new MethodChain(clients);
    const steps = authorization?.flatMap((key) => step(key) ?? []) ?? [];
    return steps.length ? new AuthorizingClient(authentication, steps, log) : authentication;
  };
  return {
    ppp: chain(plan.ppp, plan.authorization.ppp),
    login: chain(plan.login, plan.authorization.login),
    arap: chain(plan.arap, null),
    logins,
    health,
    tacacsOpeners,
    io,
    close: () => {
      for (const client of servers.values()) client.close();
      tacacsOpeners.close();
    },
  };
}
