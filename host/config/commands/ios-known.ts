// IOS 12.x commands outside dialback's set, as an access server (2500, 2600, AS5200, AS5300)
// takes them: accepted, kept as written (keywords spelt out) in the running configuration and
// reported once as "accepted, no effect here". Words that are in no table are errors.
// A path of two words where the first is shared with a mode's own commands (`logging
// synchronous` in a line, `ip route-cache` in an interface) keeps the rest of that word for
// the parent mode, as IOS does. `path/N` takes at most N words after it (`/0` none), so a word
// past them sends the line on to the parent mode too.

import { Arg, Command, Mode, opt, rest, word } from "../grammar.ts";
import { KEPT_MODES } from "../modes.ts";

/** At most `n` words, each optional. */
function upTo(n: number): Arg[] {
  let args: Arg[] = [];
  for (let k = n; k > 0; k--) args = [opt(word(`w${k}`, "a word"), ...args)];
  return args;
}

const keep = (mode: Mode, spec: string, opensBlock = false): Command => {
  const [path, most] = spec.split("/");
  return {
    mode,
    words: path.split(" "),
    args: most === undefined ? [opt(rest("text", "words"))] : upTo(Number(most)),
    noEffect: true,
    opensBlock,
    apply: (ctx) => {
      if (opensBlock) {
        ctx.enterBlock(ctx.raw, false);
        ctx.noteNoEffect(path);
      } else ctx.keepNoEffect(path);
    },
  };
};


const GLOBAL = [
  "version", "boot", "boot-start-marker", "boot-end-marker", "logging", "ip", "ipv6", "snmp-server", "snmp", "ntp", "sntp", "clock",
  "access-list", "dialer-list", "dialer watch-list", "dialer aaa", "modemcap", "vty-async", "async-bootp", "cdp", "memory-size", "memory",
  "privilege", "alias", "busy-message", "priority-list", "queue-list", "scheduler", "config-register", "exception", "x25", "x29", "isdn",
  "resource-pool", "vpdn", "dial-tdm-clock", "tdm", "call", "frame-relay", "partition", "tftp-server", "rmon", "card", "hw-module", "ipx",
  "decnet", "vines", "bridge", "netbios", "file", "process-max-time", "multilink", "virtual-profile", "arp", "downward-compatible-config",
  "default-value", "prompt", "crypto", "mgcp", "voice", "num-exp", "sgbp", "ccm-manager", "mpls", "tag-switching", "errdisable", "vtp",
  "event", "default", "key config-key", "banner", "appletalk", "ipc", "dnsix-nat", "access-template", "chassis", "microcode", "template",
  "modem country", "modem recovery", "modem recovery-time", "modem startup-test", "modem link-info", "modem poll", "modem buffer-size",
  "modem busyout-threshold", "modem call-record", "modem hold-reset", "enable last-resort", "enable use-tacacs",
  "aaa session-id", "aaa nas", "aaa dnis", "aaa processes", "aaa pod", "aaa max-sessions", "aaa configuration", "aaa cache", "aaa route",
  "aaa user", "aaa local", "aaa password", "aaa memory", "aaa traceback", "aaa authentication password-prompt",
  "aaa authentication username-prompt", "aaa authentication banner", "aaa authentication fail-message", "aaa authentication attempts",
  "aaa authentication suppress", "aaa authorization console", "aaa authorization config-commands", "aaa accounting delay-start",
  "aaa accounting nested", "aaa accounting send", "aaa accounting session-duration", "aaa accounting gigawords", "aaa accounting redundancy",
  "service timestamps", "service tcp-keepalives-in", "service tcp-keepalives-out", "service config", "service nagle",
  "service udp-small-servers", "service tcp-small-servers", "service finger", "service pad", "service slave-log", "service compress-config",
  "service linenumber", "service internal", "service sequence-numbers", "service dhcp", "service prompt", "service old-slip-prompts",
  "service hide-telnet-addresses", "service telnet-zeroidle", "service pt-vty-logging", "service alignment", "service disable-ip-fast-frag",
  "service decimal-tty", "service exec-wait", "service password-recovery", "service callback", "service counters",
  "tacacs-server directed-request", "tacacs-server administration", "tacacs-server last-resort", "tacacs-server attempts",
  "tacacs-server extended", "tacacs-server dns-alias-lookup", "tacacs-server packet", "tacacs-server optimize-connections",
  "tacacs-server authenticate", "tacacs-server notify", "tacacs-server retransmit", "tacacs-server login-timeout",
  "radius-server attribute", "radius-server vsa", "radius-server dead-criteria", "radius-server source-ports", "radius-server challenge-noecho",
  "radius-server unique-ident", "radius-server directed-request", "radius-server configure-nas", "radius-server domain-stripping",
  "radius-server extended-portnames", "radius-server optional-passwords", "radius-server local", "radius-server load-balance",
  "radius-server backoff", "radius-server authorization", "radius-server retry",
  "arap logging", "arap timelimit", "arap warningtime", "arap noguest", "arap zonelist", "arap use-tacacs", "arap sql", "arap dedicated",
  "arap manual-password", "login quiet-mode", "login quiet",
];

const INTERFACE = [
  "description", "shutdown/0", "bandwidth", "mtu", "hold-queue", "load-interval", "cdp", "tx-ring-limit", "compress", "fair-queue", "duplex",
  "speed", "media-type", "dialer", "dialer-group", "delay", "ip tcp", "ip mtu", "ip route-cache", "ip helper-address", "ip access-group",
  "ip nat", "ip directed-broadcast", "ip redirects", "ip proxy-arp", "ip split-horizon", "ip mroute-cache", "ip unreachables", "ip verify",
  "ip policy", "ip summary-address", "ip rip", "ip ospf", "ip authentication", "ip hello-interval", "ip hold-time", "ip irdp",
  "ip accounting", "ip flow", "ip inspect", "ip virtual-reassembly", "ip igmp", "ip pim", "ip multicast", "ip load-sharing", "ip dhcp",
  "ip information-reply", "ip mask-reply", "ip probe", "ip security", "ip bandwidth-percent", "ip vrf", "ip broadcast-address", "ip sap",
  "ppp multilink", "ppp chap", "ppp pap", "ppp ipcp", "ppp lcp", "ppp max-bad-auth", "ppp quality", "ppp reliable-link", "ppp timeout",
  "ppp bap", "ppp compression", "ppp encrypt", "ppp link", "ppp ms-chap", "ppp bridge", "ppp direction", "ppp accm", "ppp acfc", "ppp pfc",
  "ppp mtu", "ppp loopback", "ppp eap", "ppp max-configure", "ppp max-failure", "ppp max-terminate", "ppp accounting", "ppp authorization",
  "ppp use-tacacs", "ppp hold-queue", "async dynamic", "async default routing", "peer neighbor-route", "peer match", "appletalk", "arp",
  "ipx", "decnet", "bridge-group", "member", "snmp", "logging event", "isdn", "random-detect", "service-policy", "max-reserved-bandwidth",
  "priority-group", "custom-queue-list", "frame-relay", "x25", "lapb", "clock", "clockrate", "dce-terminal-timing-enable", "invert",
  "physical-layer", "backup", "pulse-time", "down-when-looped", "carrier-delay", "nrzi-encoding", "crc", "channel-group", "standby", "vrrp",
  "ntp", "tunnel", "crypto", "mpls", "tag-switching", "rate-limit", "traffic-shape", "mop", "autodetect", "ipv6", "netbios", "no-autostate",
  "mac-address", "loopback", "vines", "virtual-template", "pppoe", "pppoe-client", "sgbp", "transmit-interface",
  "smt-queue-threshold", "early-token-release", "ring-speed",
];

const LINE = [
  "privilege/3", "escape-character/2", "length/1", "width/1", "terminal-type/1", "location", "activation-character/1", "absolute-timeout/1",
  "session-timeout/2", "vacant-message", "access-class/3", "databits/1", "parity/1", "txspeed/1", "rxspeed/1", "notify/0", "history/2",
  "logging synchronous", "exec/0", "exec-character-bits/1", "start-character/1", "stop-character/1", "disconnect-character/1",
  "hold-character/1", "insecure/0", "refuse-message", "session-limit/1", "dispatch-character", "dispatch-timeout/1", "dispatch-machine/1",
  "vty-arap/0", "transport output", "transport preferred/1", "arap dedicated/0", "arap timelimit/1", "arap warningtime/1", "arap noguest/1",
  "arap require-manual-password/0", "arap net-access-list/1", "arap zonelist/1", "arap use-tacacs/1", "modem dtr-delay/1", "modem busyout/1",
  "modem shutdown/0", "modem hold-reset/0", "modem recovery-time/1", "modem status-poll/0", "modem bad/0", "ipv6", "ip netmask-format/1",
  "ip tcp", "autohangup/0", "autobaud/0", "special-character-bits/1", "data-character-bits/1", "exec-banner/0", "motd-banner/0", "monitor/0",
  "lockable/0", "telnet", "padding/2", "international/0", "editing/0", "domain-lookup/0", "full-help/0", "keymap-type/1", "accounting/3",
  "authorization/3", "autocommand-options", "session-disconnect-warning/3", "buffer-length/1", "no-login/0",
];

const AAA_GROUP = ["server-private", "deadtime", "ip", "load-balance", "accounting", "authorization"];

/** Global commands that open a kept mode (one each; `interface` and `line` are dialback's own). */
const BLOCK_OPENERS = KEPT_MODES.map((k) => k.opener);

export const iosKnownCommands: Command[] = [
  ...GLOBAL.map((p) => keep("global", p)),
  ...BLOCK_OPENERS.map((p) => keep("global", p, true)),
  ...INTERFACE.map((p) => keep("interface", p)),
  ...LINE.map((p) => keep("line", p)),
  ...AAA_GROUP.map((p) => keep("aaa-group", p)),
];
