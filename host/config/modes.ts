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

/** Global commands that open a mode dialback keeps verbatim (a non-async `interface` is one too). */
export const KEPT_MODES: KeptMode[] = [
  {
    opener: "router",
    prompt: "config-router",
    commands: [
      "network", "redistribute", "passive-interface", "default-information", "neighbor", "version", "auto-summary", "distance", "timers",
      "maximum-paths", "area", "router-id", "default-metric", "offset-list", "distribute-list", "eigrp", "metric", "log-adjacency-changes",
      "bgp", "summary-address", "variance", "traffic-share", "validate-update-source", "output-delay", "flash-update-threshold",
      "synchronization", "aggregate-address", "ospf", "capability", "ignore", "compatible", "mpls", "default", "table-map", "input-queue",
      "net", "is-type", "metric-style", "exit-address-family", "description", "shutdown",
    ],
    subModes: [sub("address-family", "config-router-af", ["network", "neighbor", "redistribute", "auto-summary", "synchronization", "aggregate-address", "exit-address-family"])],
  },
  {
    opener: "controller",
    prompt: "config-controller",
    commands: ["framing", "linecode", "clock", "pri-group", "ds0-group", "cablelength", "description", "shutdown", "channel-group", "cas-custom", "loopback", "fdl", "yellow", "national", "mode", "tdm-group", "extsig"],
  },
  { opener: "key chain", prompt: "config-keychain", commands: [], subModes: [sub("key", "config-keychain-key", ["key-string", "accept-lifetime", "send-lifetime"])] },
  { opener: "map-class", prompt: "config-map-class", commands: ["dialer", "frame-relay", "description"] },
  {
    opener: "dial-peer",
    prompt: "config-dial-peer",
    commands: [
      "destination-pattern", "port", "session", "codec", "incoming", "direct-inward-dial", "forward-digits", "prefix", "answer-address", "dtmf-relay",
      "ip", "vad", "huntstop", "preference", "max-conn", "description", "shutdown", "translate-outgoing", "translation-profile", "application", "service",
      "fax", "modem", "progress_ind", "voice-class", "req-qos", "acc-qos", "supplementary-service", "tech-prefix", "information-type",
    ],
  },
  {
    opener: "voice-port",
    prompt: "config-voiceport",
    commands: ["cptone", "description", "timeouts", "timing", "input", "output", "echo-cancel", "compand-type", "signal", "shutdown", "connection", "supervisory", "playout-delay", "ring", "impedance", "station-id", "non-linear", "music-threshold", "bearer-cap"],
  },
  { opener: "route-map", prompt: "config-route-map", commands: ["match", "set", "description", "continue"] },
  { opener: "ip access-list", prompt: "config-ext-nacl", commands: ["permit", "deny", "remark", "evaluate", "dynamic", "statistics"] },
  { opener: "ipv6 access-list", prompt: "config-ipv6-acl", commands: ["permit", "deny", "remark", "sequence", "evaluate"] },
  {
    opener: "ip dhcp pool",
    prompt: "dhcp-config",
    commands: ["network", "default-router", "dns-server", "domain-name", "lease", "netbios-name-server", "netbios-node-type", "option", "host", "hardware-address", "client-identifier", "bootfile", "next-server", "import", "client-name"],
  },
  { opener: "ip sla", prompt: "config-ip-sla", commands: ["icmp-echo", "udp-jitter", "udp-echo", "tcp-connect", "frequency", "timeout", "threshold", "tag", "request-data-size", "owner", "vrf"] },
  { opener: "ip vrf", prompt: "config-vrf", commands: ["rd", "route-target", "description", "import", "export"] },
  { opener: "rtr", prompt: "config-rtr", commands: ["type", "frequency", "timeout", "threshold", "tag", "request-data-size", "owner"] },
  { opener: "class-map", prompt: "config-cmap", commands: ["match", "description"] },
  {
    opener: "policy-map",
    prompt: "config-pmap",
    commands: ["description"],
    subModes: [sub("class", "config-pmap-c", ["bandwidth", "priority", "police", "shape", "queue-limit", "random-detect", "set", "service-policy", "fair-queue", "drop", "compress"])],
  },
  { opener: "crypto isakmp policy", prompt: "config-isakmp", commands: ["encryption", "hash", "authentication", "group", "lifetime"] },
  { opener: "crypto map", prompt: "config-crypto-map", commands: ["set", "match", "description", "reverse-route", "qos"] },
  { opener: "crypto ipsec transform-set", prompt: "cfg-crypto-trans", commands: ["mode"] },
  { opener: "crypto ca trustpoint", prompt: "ca-trustpoint", commands: ["enrollment", "subject-name", "revocation-check", "rsakeypair", "crl", "serial-number", "ip-address", "fqdn"] },
  { opener: "crypto pki trustpoint", prompt: "ca-trustpoint", commands: ["enrollment", "subject-name", "revocation-check", "rsakeypair", "crl", "serial-number", "ip-address", "fqdn"] },
  { opener: "crypto ca certificate", prompt: "config-cert-chain", commands: ["certificate"], subModes: [sub("certificate", "config-pubkey", ["quit"])] },
  { opener: "crypto pki certificate", prompt: "config-cert-chain", commands: ["certificate"], subModes: [sub("certificate", "config-pubkey", ["quit"])] },
  {
    opener: "vpdn-group",
    prompt: "config-vpdn",
    commands: ["initiate-to", "local", "l2tp", "terminate-from", "lcp", "ip", "source-ip", "force-local-chap", "authen-before-forward", "description"],
    subModes: [
      sub("request-dialin", "config-vpdn-req-in", ["protocol", "domain", "dnis"]),
      sub("accept-dialin", "config-vpdn-acc-in", ["protocol", "virtual-template"]),
      sub("request-dialout", "config-vpdn-req-ou", ["protocol", "pool-member", "rotary-group"]),
      sub("accept-dialout", "config-vpdn-acc-ou", ["protocol", "dialer"]),
    ],
  },
  { opener: "archive", prompt: "config-archive", commands: ["path", "write-memory", "maximum", "time-period"], subModes: [sub("log", "config-archive-log-cfg", ["logging", "hidekeys", "notify"])] },
  { opener: "control-plane", prompt: "config-cp", commands: ["service-policy"] },
  { opener: "redundancy", prompt: "config-red", commands: ["mode", "main-cpu", "auto-sync"] },
  { opener: "spe", prompt: "config-spe", commands: ["firmware", "description", "shutdown", "busyout"] },
  { opener: "modem-pool", prompt: "config-modem-pool", commands: ["pool-range", "called-number", "shutdown"] },
  { opener: "resource-pool group", prompt: "config-resource-group", commands: ["range", "limit", "description"] },
  { opener: "resource-pool profile", prompt: "config-resource-profile", commands: ["limit", "dnis", "resource", "source", "customer", "vpdn", "translate", "description", "overflow"] },
  { opener: "aaa server", prompt: "config-locsvr-da-radius", commands: ["client", "server-key", "port", "auth-type", "ignore"] },
  { opener: "aaa attribute", prompt: "config-attr-list", commands: ["attribute"] },
  { opener: "voice service", prompt: "config-voi-serv", commands: ["allow-connections", "fax", "modem", "h323", "sip"] },
  { opener: "voice class", prompt: "config-class", commands: ["codec", "dtmf-relay", "h323", "permit", "deny"] },
  { opener: "voice translation-rule", prompt: "cfg-translation-rule", commands: ["rule"] },
  { opener: "voice translation-profile", prompt: "cfg-translation-profile", commands: ["translate"] },
  { opener: "translation-rule", prompt: "config-translate", commands: ["rule"] },
  { opener: "gateway", prompt: "config-gateway", commands: ["timer", "h323"] },
  { opener: "gatekeeper", prompt: "config-gk", commands: ["zone", "gw-type-prefix", "shutdown"] },
  { opener: "time-range", prompt: "config-time-range", commands: ["periodic", "absolute"] },
  { opener: "object-group", prompt: "config-network-group", commands: ["host", "network-object", "description", "group-object", "range"] },
  { opener: "kron occurrence", prompt: "config-kron-occurrence", commands: ["policy-list"] },
  { opener: "kron policy-list", prompt: "config-kron-policy", commands: ["cli"] },
  { opener: "event manager applet", prompt: "config-applet", commands: ["event", "action", "description"] },
  { opener: "track", prompt: "config-track", commands: ["delay", "default-state"] },
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
