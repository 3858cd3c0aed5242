// The order of `show running-config`, as IOS 12.x prints an access server's configuration:
// version, service, hostname, boot, logging, enable, aaa, username, the global settings,
// chat scripts, controllers, interfaces, routing, ip routes, access lists, SNMP, AAA servers,
// banners, lines (con, TTYs, aux, vty), NTP, end. Each command, kept or modelled, has a rank;
// commands of one rank keep the order they were given in.

import type { ExtraCommand } from "./model.ts";
import { INTERFACE_TYPES } from "./grammar.ts";

/** Ranks of the commands dialback models (show.ts prints them at these places). */
export const RANK = {
  version: 10,
  serviceEarly: 20,
  passwordEncryption: 21,
  serviceOther: 22,
  execCallback: 23,
  hostname: 30,
  bootStart: 40,
  boot: 41,
  bootEnd: 42,
  loggingEarly: 50,
  enable: 60,
  aaaNewModel: 70,
  aaaGroup: 71,
  aaaAuthentication: 72,
  aaaAuthorization: 73,
  aaaAccounting: 74,
  aaaOther: 75,
  username: 80,
  clock: 85,
  resourcePool: 86,
  spe: 87,
  ipEarly: 90,
  ipBlocksEarly: 91,
  vpdn: 95,
  asyncBootp: 97,
  isdn: 98,
  login: 99,
  chatScript: 100,
  modemcap: 101,
  appletalkRouting: 105,
  appletalk: 105,
  arap: 106,
  callback: 108,
  other: 110,
  crypto: 115,
  classMap: 112,
  policyMap: 113,
  controller: 120,
  interface: 130,
  router: 140,
  ipNat: 149,
  ipLocalPool: 150,
  ipClassless: 151,
  ipRoute: 152,
  ipHttp: 153,
  ipLate: 154,
  ipAccessList: 156,
  ipSla: 157,
  loggingLate: 160,
  accessList: 170,
  dialerList: 175,
  routeMap: 180,
  snmp: 185,
  tacacs: 190,
  tacacsOther: 191,
  radius: 192,
  radiusOther: 193,
  controlPlane: 200,
  voicePort: 204,
  dialPeer: 205,
  gateway: 207,
  banner: 210,
  alias: 214,
  privilege: 215,
  line: 220,
  ntp: 230,
  scheduler: 235,
  eventManager: 236,
} as const;

// Paths of kept commands and the rank each has; the longest path that matches wins.
const KEPT_RANKS: [string, number][] = [
  ["version", RANK.version],
  ["service", RANK.serviceOther],
  ["service pad", RANK.serviceEarly],
  ["service nagle", RANK.serviceEarly],
  ["service timestamps", RANK.serviceEarly],
  ["service tcp-keepalives-in", RANK.serviceEarly],
  ["service tcp-keepalives-out", RANK.serviceEarly],
  ["service config", RANK.serviceEarly],
  ["boot-start-marker", RANK.bootStart],
  ["boot", RANK.boot],
  ["boot-end-marker", RANK.bootEnd],
  ["logging", RANK.loggingLate],
  ...["buffered", "console", "monitor", "rate-limit", "queue-limit", "count", "exception", "persistent"].map(
    (w): [string, number] => [`logging ${w}`, RANK.loggingEarly],
  ),
  ["enable", RANK.enable],
  ["aaa", RANK.aaaOther],
  ["aaa authentication", RANK.aaaAuthentication],
  ["aaa authorization", RANK.aaaAuthorization],
  ["aaa accounting", RANK.aaaAccounting],
  ["clock", RANK.clock],
  ["resource-pool", RANK.resourcePool],
  ["spe", RANK.spe],
  ["ip", RANK.ipEarly],
  ["ip dhcp pool", RANK.ipBlocksEarly],
  ["ip vrf", RANK.ipBlocksEarly],
  ["ip nat", RANK.ipNat],
  ["ip classless", RANK.ipClassless],
  ["ip route", RANK.ipRoute],
  ["ip http", RANK.ipHttp],
  ["ip radius", RANK.ipLate],
  ["ip tacacs", RANK.ipLate],
  ["ip flow-export", RANK.ipLate],
  ["ip access-list", RANK.ipAccessList],
  ["ip sla", RANK.ipSla],
  ["vpdn", RANK.vpdn],
  ["vpdn-group", RANK.vpdn],
  ["async-bootp", RANK.asyncBootp],
  ["isdn", RANK.isdn],
  ["login", RANK.login],
  ["modemcap", RANK.modemcap],
  ["appletalk", RANK.appletalk],
  ["arap", RANK.arap],
  ["crypto", RANK.crypto],
  ["key", RANK.crypto],
  ["class-map", RANK.classMap],
  ["policy-map", RANK.policyMap],
  ["controller", RANK.controller],
  ["interface", RANK.interface],
  ["router", RANK.router],
  ["logging", RANK.loggingLate],
  ["access-list", RANK.accessList],
  ["ipv6 access-list", RANK.accessList],
  ["dialer-list", RANK.dialerList],
  ["dialer watch-list", RANK.dialerList],
  ["route-map", RANK.routeMap],
  ["snmp-server", RANK.snmp],
  ["snmp", RANK.snmp],
  ["tacacs-server", RANK.tacacsOther],
  ["radius-server", RANK.radiusOther],
  ["control-plane", RANK.controlPlane],
  ["voice-port", RANK.voicePort],
  ["dial-peer", RANK.dialPeer],
  ["gateway", RANK.gateway],
  ["gatekeeper", RANK.gateway],
  ["banner", RANK.banner],
  ["alias", RANK.alias],
  ["privilege", RANK.privilege],
  ["ntp", RANK.ntp],
  ["sntp", RANK.ntp],
  ["scheduler", RANK.scheduler],
  ["event", RANK.eventManager],
  ["kron", RANK.eventManager],
];

const BY_PATH = new Map(KEPT_RANKS.map(([p, r]) => [p, r]));

/** The rank of a kept global command (its keywords spelt out, as the reader keeps them). */
export function rankOf(text: string): number {
  const words = text.split(/\s+/).map((w) => w.toLowerCase());
  const from = words[0] === "no" ? 1 : 0;
  for (let n = Math.min(3, words.length - from); n >= 1; n--) {
    const r = BY_PATH.get(words.slice(from, from + n).join(" "));
    if (r !== undefined) return r;
  }
  return RANK.other;
}

const TYPE_ORDER = [
  "Loopback", "Tunnel", "Ethernet", "FastEthernet", "GigabitEthernet", "Serial", "BRI", "Async", "Group-Async", "Virtual-Template", "Dialer", "Vlan", "Null",
];

/** Sort key of an interface name (`Serial0:23`): the type's place as IOS lists them, then each number. */
export function interfaceKey(name: string): number[] {
  const m = /^([A-Za-z-]+)\s*([0-9/.:]*)/.exec(name);
  const type = m ? m[1] : name;
  const known = INTERFACE_TYPES.find((t) => t.toLowerCase() === type.toLowerCase()) ?? type;
  const at = TYPE_ORDER.indexOf(known);
  const units = (m?.[2] ?? "").split(/[/.:]/).filter((u) => u !== "").map(Number);
  return [at < 0 ? TYPE_ORDER.length : at, ...units];
}

export function compareKeys(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? -1) - (b[i] ?? -1);
    if (d !== 0) return d;
  }
  return 0;
}

/** Sort key of a kept command: rank, then (interfaces) the interface's place. */
export function extraKey(e: ExtraCommand): number[] {
  const rank = rankOf(e.text);
  return rank === RANK.interface ? [rank, ...interfaceKey(e.text.replace(/^interface\s+/i, ""))] : [rank];
}

/** Kept commands in running-configuration order (stable: one rank keeps the file's order). */
export function orderExtras(extras: ExtraCommand[]): ExtraCommand[] {
  return extras
    .map((e, i) => ({ e, i, key: extraKey(e) }))
    .sort((a, b) => compareKeys(a.key, b.key) || a.i - b.i)
    .map((x) => x.e);
}
