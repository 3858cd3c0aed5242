// The IOS mode tree as data. Global configuration mode holds one-line commands (`hostname`,
// `username`, `chat-script` ...) and the commands that enter a sub-mode. dialback models four
// modes (their commands are in commands/); the other sub-modes an access server's
// configuration uses are kept verbatim as blocks, with the commands IOS takes in them, so a
// line can be placed where IOS places it: a command the current mode does not take is tried
// in the parent modes up to global, and the sub-mode ends.

import type { Mode } from "./grammar.ts";

export interface ModeSpec {
  mode: Mode;
  /** The IOS prompt of the mode, `Router(config-if)#`. */
  prompt: string;
  parent: Mode | null;
  /** How the mode is entered, for messages. */
  enteredBy: string;
}

export const MODES: Record<Mode, ModeSpec> = {
  global: { mode: "global", prompt: "config", parent: null, enteredBy: "configure terminal" },
  interface: { mode: "interface", prompt: "config-if", parent: "global", enteredBy: "interface Async N | interface Group-Async N" },
  line: { mode: "line", prompt: "config-line", parent: "global", enteredBy: "line [tty|aux|console|vty] A [B]" },
  "aaa-group": { mode: "aaa-group", prompt: "config-sg-radius", parent: "global", enteredBy: "aaa group server radius|tacacs+ NAME" },
};

/** The mode and its parents, innermost first: where IOS tries a command, in order. */
export function modeChain(mode: Mode): Mode[] {
  const out: Mode[] = [];
  for (let m: Mode | null = mode; m !== null; m = MODES[m].parent) out.push(m);
  return out;
}

/** A sub-mode dialback keeps verbatim: what opens it, the commands IOS takes in it, its own sub-modes. */
export interface KeptMode {
  /** The words of the opening command (global mode), `router` or `key chain`. */
  opener: string;
  prompt: string;
  /** First words of the commands IOS takes in the mode. */
  commands: string[];
  /** Commands of the mode that open a deeper mode (`key 1` in a key chain). */
  subModes?: KeptMode[];
}

const sub = (opener: string, prompt: string, commands: string[]): KeptMode => ({ opener, prompt, commands });
/** Words of a space-separated list (the command tables read like IOS's help). */
const w = (list: string): string[] => list.split(" ");

/** Global commands that open a mode dialback keeps verbatim (a non-async `interface` is one too). */
export const KEPT_MODES: KeptMode[] = [
  {
    opener: "router",
    prompt: "config-router",
    commands: w(
      "network redistribute passive-interface default-information neighbor version auto-summary distance timers maximum-paths area " +
        "router-id default-metric offset-list distribute-list eigrp metric log-adjacency-changes bgp summary-address variance " +
        "traffic-share validate-update-source output-delay flash-update-threshold synchronization aggregate-address ospf capability " +
        "ignore compatible mpls default table-map input-queue net is-type metric-style exit-address-family description shutdown",
    ),
    subModes: [
      sub("address-family", "config-router-af", w("network neighbor redistribute auto-summary synchronization aggregate-address exit-address-family")),
    ],
  },
  {
    opener: "controller",
    prompt: "config-controller",
    commands: w(
      "framing linecode clock pri-group ds0-group cablelength description shutdown channel-group cas-custom loopback fdl yellow " +
        "national mode tdm-group extsig",
    ),
  },
  {
    opener: "key chain",
    prompt: "config-keychain",
    commands: [],
    subModes: [sub("key", "config-keychain-key", w("key-string accept-lifetime send-lifetime"))],
  },
  { opener: "map-class", prompt: "config-map-class", commands: w("dialer frame-relay description") },
  {
    opener: "dial-peer",
    prompt: "config-dial-peer",
    commands: w(
      "destination-pattern port session codec incoming direct-inward-dial forward-digits prefix answer-address dtmf-relay ip vad " +
        "huntstop preference max-conn description shutdown translate-outgoing translation-profile application service fax modem " +
        "progress_ind voice-class req-qos acc-qos supplementary-service tech-prefix information-type",
    ),
  },
  {
    opener: "voice-port",
    prompt: "config-voiceport",
    commands: w(
      "cptone description timeouts timing input output echo-cancel compand-type signal shutdown connection supervisory " +
        "playout-delay ring impedance station-id non-linear music-threshold bearer-cap",
    ),
  },
  { opener: "route-map", prompt: "config-route-map", commands: w("match set description continue") },
  { opener: "ip access-list", prompt: "config-ext-nacl", commands: w("permit deny remark evaluate dynamic statistics") },
  { opener: "ipv6 access-list", prompt: "config-ipv6-acl", commands: w("permit deny remark sequence evaluate") },
  {
    opener: "ip dhcp pool",
    prompt: "dhcp-config",
    commands: w(
      "network default-router dns-server domain-name lease netbios-name-server netbios-node-type option host hardware-address " +
        "client-identifier bootfile next-server import client-name",
    ),
  },
  {
    opener: "ip sla",
    prompt: "config-ip-sla",
    commands: w("icmp-echo udp-jitter udp-echo tcp-connect frequency timeout threshold tag request-data-size owner vrf"),
  },
  { opener: "ip vrf", prompt: "config-vrf", commands: w("rd route-target description import export") },
  { opener: "rtr", prompt: "config-rtr", commands: w("type frequency timeout threshold tag request-data-size owner") },
  { opener: "class-map", prompt: "config-cmap", commands: w("match description") },
  {
    opener: "policy-map",
    prompt: "config-pmap",
    commands: w("description"),
    subModes: [sub("class", "config-pmap-c", w("bandwidth priority police shape queue-limit random-detect set service-policy fair-queue drop compress"))],
  },
  { opener: "crypto isakmp policy", prompt: "config-isakmp", commands: w("encryption hash authentication group lifetime") },
  { opener: "crypto map", prompt: "config-crypto-map", commands: w("set match description reverse-route qos") },
  { opener: "crypto ipsec transform-set", prompt: "cfg-crypto-trans", commands: w("mode") },
  ...["crypto ca trustpoint", "crypto pki trustpoint"].map((opener) => ({
    opener,
    prompt: "ca-trustpoint",
    commands: w("enrollment subject-name revocation-check rsakeypair crl serial-number ip-address fqdn"),
  })),
  ...["crypto ca certificate", "crypto pki certificate"].map((opener) => ({
    opener,
    prompt: "config-cert-chain",
    commands: w("certificate"),
    subModes: [sub("certificate", "config-pubkey", w("quit"))],
  })),
  {
    opener: "vpdn-group",
    prompt: "config-vpdn",
    commands: w("initiate-to local l2tp terminate-from lcp ip source-ip force-local-chap authen-before-forward description"),
    subModes: [
      sub("request-dialin", "config-vpdn-req-in", w("protocol domain dnis")),
      sub("accept-dialin", "config-vpdn-acc-in", w("protocol virtual-template")),
      sub("request-dialout", "config-vpdn-req-ou", w("protocol pool-member rotary-group")),
      sub("accept-dialout", "config-vpdn-acc-ou", w("protocol dialer")),
    ],
  },
  {
    opener: "archive",
    prompt: "config-archive",
    commands: w("path write-memory maximum time-period"),
    subModes: [sub("log", "config-archive-log-cfg", w("logging hidekeys notify"))],
  },
  { opener: "control-plane", prompt: "config-cp", commands: w("service-policy") },
  { opener: "redundancy", prompt: "config-red", commands: w("mode main-cpu auto-sync") },
  { opener: "spe", prompt: "config-spe", commands: w("firmware description shutdown busyout") },
  { opener: "modem-pool", prompt: "config-modem-pool", commands: w("pool-range called-number shutdown") },
  { opener: "resource-pool group", prompt: "config-resource-group", commands: w("range limit description") },
  {
    opener: "resource-pool profile",
    prompt: "config-resource-profile",
    commands: w("limit dnis resource source customer vpdn translate description overflow"),
  },
  { opener: "aaa server", prompt: "config-locsvr-da-radius", commands: w("client server-key port auth-type ignore") },
  { opener: "aaa attribute", prompt: "config-attr-list", commands: w("attribute") },
  { opener: "voice service", prompt: "config-voi-serv", commands: w("allow-connections fax modem h323 sip") },
  { opener: "voice class", prompt: "config-class", commands: w("codec dtmf-relay h323 permit deny") },
  { opener: "voice translation-rule", prompt: "cfg-translation-rule", commands: w("rule") },
  { opener: "voice translation-profile", prompt: "cfg-translation-profile", commands: w("translate") },
  { opener: "translation-rule", prompt: "config-translate", commands: w("rule") },
  { opener: "gateway", prompt: "config-gateway", commands: w("timer h323") },
  { opener: "gatekeeper", prompt: "config-gk", commands: w("zone gw-type-prefix shutdown") },
  { opener: "time-range", prompt: "config-time-range", commands: w("periodic absolute") },
  { opener: "object-group", prompt: "config-network-group", commands: w("host network-object description group-object range") },
  { opener: "kron occurrence", prompt: "config-kron-occurrence", commands: w("policy-list") },
  { opener: "kron policy-list", prompt: "config-kron-policy", commands: w("cli") },
  { opener: "event manager applet", prompt: "config-applet", commands: w("event action description") },
  { opener: "track", prompt: "config-track", commands: w("delay default-state") },
];

/** The kept mode `words` open in global mode (longest opener first), or null. */
export function keptModeOf(words: string[]): KeptMode | null {
  const lower = words.map((w) => w.toLowerCase());
  let best: KeptMode | null = null;
  for (const k of KEPT_MODES) {
    const path = k.opener.split(" ");
    if (path.every((w, i) => lower[i] === w) && (!best || path.length > best.opener.split(" ").length)) best = k;
  }
  return best;
}

/** Every command word of a kept mode, its own and its sub-modes' (blocks are kept verbatim, so one level is enough). */
export function keptModeWords(k: KeptMode): string[] {
  return [...k.commands, ...(k.subModes ?? []).flatMap((s) => [s.opener, ...s.commands])];
}
