// What the configuration asks of AAA: the core's authentication modes for PPP and for EXEC
// logins (from `aaa authentication ppp|login default ...`) and the RADIUS servers to ask.
// TACACS+ has no client yet.

import type { ConfigModel } from "../config/model.ts";
import type { RadiusClientOptions } from "./radius-client.ts";

/** assembly/protocol/auth.ts AuthMode: 0 local only, 1 local then the server, 2 the server. */
export type AuthMode = 0 | 1 | 2;

/** IOS's RADIUS defaults: auth port 1645, timeout 5 s, 3 retransmissions. */
const RADIUS_PORT = 1645;
const RADIUS_TIMEOUT_MS = 5000;
const RADIUS_RETRIES = 3;

export interface AaaPlan {
  /** PPP's PAP and CHAP checks. */
  mode: AuthMode;
  /** EXEC logins. */
  loginMode: AuthMode;
  radius: RadiusClientOptions | null;
  /** What the plan could not honour, for the operator. */
  warnings: string[];
}

const isRadius = (method: string) => method === "radius" || method === "group radius";
const isLocal = (method: string) => method === "local" || method === "local-case";

// Local first (IOS tries the next method when the local table has no such user), else the server.
function modeFor(m: ConfigModel, service: "ppp" | "login", warnings: string[]): { mode: AuthMode; radius: boolean } {
  const list = m.aaa.newModel ? m.aaa.lists.find((l) => l.kind === "authentication" && l.service === service && l.name === "default") : undefined;
  const methods = list?.methods ?? [];
  if (methods.some((x) => x.includes("tacacs"))) warnings.push(`aaa authentication ${service}: TACACS+ methods are not supported yet: they are skipped`);
  const radiusAt = methods.findIndex(isRadius);
  if (radiusAt < 0) return { mode: 0, radius: false };
  return { mode: methods.slice(0, radiusAt).some(isLocal) ? 1 : 2, radius: true };
}

export function aaaPlan(m: ConfigModel): AaaPlan {
  const warnings: string[] = [];
  const ppp = modeFor(m, "ppp", warnings);
  const login = modeFor(m, "login", warnings);
  if (!ppp.radius && !login.radius) return { mode: 0, loginMode: 0, radius: null, warnings };
  const servers = m.radius.hosts.flatMap((h) => {
    const key = h.key ?? m.radius.key;
    if (!key) {
      warnings.push(`radius-server host ${h.host} has no key and there is no radius-server key: not used`);
      return [];
    }
    return [{ host: h.host, port: h.authPort ?? RADIUS_PORT, secret: key.text }];
  });
  if (servers.length === 0) {
    warnings.push("aaa authentication names RADIUS but no usable radius-server host: local users only");
    return { mode: 0, loginMode: 0, radius: null, warnings };
  }
  const radius = { servers, timeoutMs: RADIUS_TIMEOUT_MS, retries: RADIUS_RETRIES, nasIdentifier: m.hostname ?? undefined };
  return { mode: ppp.mode, loginMode: login.mode, radius, warnings };
}
