// IOS commands outside dialback's set: accepted, kept as written in the running config and
// reported once as "accepted, no effect here". Words that are in no table are errors.

import { Command, Mode, rest, opt } from "../grammar.ts";

const keep = (mode: Mode, path: string, opensBlock = false): Command => ({
  mode,
  words: path.split(" "),
  args: [opt(rest("text", "words"))],
  noEffect: true,
  opensBlock,
  apply: (ctx) => {
    if (opensBlock) {
      ctx.enterBlock(ctx.raw, false);
      ctx.noteNoEffect(path);
    } else ctx.keepNoEffect(path);
  },
});

const GLOBAL = [
  "version", "boot", "enable", "ip", "ipv6", "logging", "snmp-server", "ntp", "clock", "access-list", "dialer-list",
  "modemcap", "vty-async", "async-bootp", "cdp", "memory-size", "privilege", "alias", "busy-message", "priority-list",
  "queue-list", "scheduler", "config-register", "exception", "x25", "banner", "aaa accounting", "aaa session-id",
  "service timestamps", "service tcp-keepalives-in", "service tcp-keepalives-out", "service config", "service nagle",
  "service udp-small-servers", "service tcp-small-servers", "service finger", "service pad", "service slave-log",
  "service compress-config", "service linenumber", "service internal", "service sequence-numbers", "service dhcp",
  "service prompt", "tacacs-server timeout", "tacacs-server directed-request", "tacacs-server administration",
  "radius-server timeout", "radius-server retransmit", "radius-server deadtime", "radius-server vsa", "radius-server attribute",
  "appletalk zone", "appletalk cable-range", "appletalk event-logging", "arap logging", "arap timelimit", "arap warningtime",
  "arap noguest", "arap zonelist", "line-protocol", "login quiet-mode",
];
const GLOBAL_BLOCKS = ["router", "controller", "map-class", "key", "control-plane", "dial-peer", "voice-port", "route-map"];

const INTERFACE = [
  "description", "shutdown", "bandwidth", "mtu", "hold-queue", "load-interval", "cdp", "tx-ring-limit", "compress", "fair-queue",
  "duplex", "speed", "media-type", "dialer", "delay", "ip tcp", "ip mtu", "ip route-cache", "ip helper-address", "ip access-group",
  "ip nat", "ip directed-broadcast", "ip redirects", "ip proxy-arp", "ip split-horizon", "ip mroute-cache", "ppp multilink", "ppp chap",
  "ppp pap", "ppp ipcp", "ppp lcp", "ppp max-bad-auth", "ppp quality", "ppp reliable-link", "ppp timeout", "ppp bap", "ppp compression",
  "ppp encrypt", "ppp link", "ppp ms-chap", "async dynamic", "async default routing", "peer neighbor-route", "peer default ip address pool",
  "appletalk", "arp",
];

const LINE = [
  "privilege", "escape-character", "length", "width", "terminal-type", "location", "activation-character",
  "absolute-timeout", "session-timeout", "vacant-message", "access-class", "databits", "parity", "txspeed", "rxspeed",
  "notify", "history", "logging", "exec", "exec-character-bits", "start-character", "stop-character", "disconnect-character",
  "hold-character", "insecure", "refuse-message", "session-limit", "dispatch-character", "dispatch-timeout", "vty-arap",
  "transport output", "transport preferred", "arap dedicated", "arap timelimit", "arap warningtime", "arap noguest",
  "arap require-manual-password", "arap net-access-list", "arap zonelist", "arap use-tacacs", "modem dtr-delay", "modem busyout",
  "modem autoconfigure", "modem shutdown", "ipv6",
];

export const iosKnownCommands: Command[] = [
  ...GLOBAL.map((p) => keep("global", p)),
  ...GLOBAL_BLOCKS.map((p) => keep("global", p, true)),
  ...INTERFACE.map((p) => keep("interface", p)),
  ...LINE.map((p) => keep("line", p)),
];

/** Leaves a sub-mode (`exit`) or configuration (`end`); both valid in every mode. */
export const modeCommands: Command[] = [
  { mode: "any", words: ["exit"], args: [], negatable: false, apply: (ctx) => ctx.exitMode() },
  { mode: "any", words: ["end"], args: [], negatable: false, apply: (ctx) => ctx.exitMode() },
];
