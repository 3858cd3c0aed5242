// The configuration model: plain data (no source positions) so two readings compare with
// deepEqual. Field comments name the IOS command that sets them.

export type LineKind = "con" | "aux" | "tty" | "vty";
export type ModemMode = "InOut" | "Dialin" | "CallIn" | "CallOut" | "CTS-Required" | "DTR-Active" | "RI-is-CD" | "Host" | "Printer";
export type ScriptEvent = "callback" | "arap-callback" | "activation" | "connection" | "dialer" | "reset" | "startup";
export type AuthProtocol = "pap" | "chap" | "ms-chap" | "ms-chap-v2" | "eap";

export interface Secret {
  /** The clear text (a type 7 secret is decoded when read). */
  text: string;
  /** 0 = shown in clear, 7 = shown in the reversible IOS type 7 form. */
  type: 0 | 7;
  /**
   * A type 7 form read from the file that is not the one dialback would write (another key
   * offset, lower-case hex): printed back as stored, as IOS does. Absent otherwise.
   */
  cipher?: string;
}

export interface User {
  name: string;
  password: Secret | null;
  privilege: number | null;
  /** `callback-dialstring S`; "" means the user gives the number (prompt, RFC 1570, CBCP). */
  callbackDialstring: string | null;
  callbackRotary: number | null;
  callbackLine: { kind: "tty" | "aux"; first: number; last: number } | null;
  nocallbackVerify: boolean;
  autocommand: string | null;
  /** dialback extension `callback-allowed-pattern REGEXP`: numbers a user may ask for. */
  callbackAllowedPattern: string | null;
}

export interface ChatScript {
  name: string;
  /** Words after quote removal; escapes are kept for the chat engine. */
  tokens: string[];
}

export interface ScriptRef {
  /** The IOS regular expression as written. */
  regexp: string;
  /** Chat scripts whose names it matches, in configuration order (the first is used). */
  matches: string[];
}

export interface LineConfig {
  kind: LineKind;
  number: number;
  login: { method: "line" } | { method: "local" } | { method: "authentication"; list: string } | null;
  /** `password [0|7] TEXT`: what `login` (the line password) asks for. */
  password: Secret | null;
  /** `timeout login response SECONDS`: how long each login prompt waits, from the prompt (IOS default 30). */
  loginResponse: number | null;
  modem: ModemMode | null;
  modemAnswerTimeout: number | null;
  rotary: number | null;
  autoselect: { ppp: boolean; arap: boolean; slip: boolean; duringLogin: boolean; timeout: number | null };
  scripts: Partial<Record<ScriptEvent, ScriptRef>>;
  /** The line's own `callback forced-wait`; the global value applies when null. */
  forcedWait: number | null;
  /** IOS default is on; `no flush-at-activation` turns it off. */
  flushAtActivation: boolean;
  arapEnable: boolean;
  speed: number | null;
  stopbits: "1" | "1.5" | "2" | null;
  flowcontrol: "hardware" | "software" | "none" | null;
  execTimeout: { minutes: number; seconds: number } | null;
  transportInput: string[] | null;
  autocommand: string | null;
  /** `modem autoconfigure type NAME` (a modemcap entry or built-in type) or `modem autoconfigure discovery`. */
  modemAutoconfigure: { kind: "type"; name: string } | { kind: "discovery" } | null;
  /** IOS commands kept as written that have no effect here. */
  extras: string[];
}

export interface AsyncInterface {
  number: number;
  encapsulation: "ppp" | "slip" | null;
  asyncMode: "interactive" | "dedicated" | null;
  /** `peer default ip address A`; the chapter's older `async default ip address A` sets the same (IOS prints the newer form). */
  peerAddress: string | null;
  /** `peer default ip address pool [NAME]`: the peer's address from an `ip local pool` (no name: the pool "default"). */
  peerPool: string | null;
  /** `peer default ip address dhcp`. */
  peerDhcp: boolean;
  /** `ppp ipcp dns A [B]` and `ppp ipcp wins A [B]`: the name servers IPCP offers (RFC 1877). */
  ipcp: { dns: string[]; wins: string[] };
  /** `ip unnumbered NAME`: the async interface borrows NAME's address (unnumbered.ts resolves it). */
  ipUnnumbered: string | null;
  ipAddress: { address: string; mask: string } | null;
  /** `async dynamic address`: a PPP peer may keep an address of its own choosing. */
  dynamicAddress: boolean;
  /** null = IOS default (keepalive on, 10 s); 0 = `no keepalive`. */
  keepalive: number | null;
  pppCallback: "accept" | "initiate" | "request" | null;
  /** `ppp authentication P... [if-needed] [LIST] [callin] [one-time] [optional]`. */
  pppAuthentication: {
    protocols: AuthProtocol[];
    ifNeeded: boolean;
    list: string | null;
    callin: boolean;
    oneTime: boolean;
    optional: boolean;
  } | null;
  /** `ppp chap hostname NAME`: our name when the peer challenges us (else the host name). */
  chapHostname: string | null;
  /** `ppp chap password P`: our secret when the peer challenges us (CHAP, MS-CHAP v1 and v2). */
  chapPassword: Secret | null;
  /** `ppp pap sent-username U password P`: what we send when the peer asks us for PAP. */
  papSentUsername: string | null;
  papSentPassword: Secret | null;
  extras: string[];
}

/** `interface Group-Async N`: settings shared by the async interfaces of its `group-range`. */
export interface AsyncGroup extends AsyncInterface {
  range: { first: number; last: number } | null;
}

/**
 * A non-async interface (`interface Ethernet0`, `Loopback0` ...): kept verbatim as a block in
 * the extras; its name and `ip address` are read here because `ip unnumbered NAME` borrows it.
 */
export interface OtherInterface {
  /** As the `interface` command spells it out (`Ethernet0`, `FastEthernet0/0`). */
  name: string;
  /** The last `ip address A M` of its blocks (not `secondary`), null after `no ip address` or none. */
  ipAddress: { address: string; mask: string } | null;
}

/** The services whose method lists the core reads (image section 8). */
export const CORE_AAA_SERVICES = ["login", "ppp", "arap", "exec", "network"] as const;

export interface AaaList {
  kind: "authentication" | "authorization";
  service: (typeof CORE_AAA_SERVICES)[number] | "enable" | "dot1x" | "nasi" | "commands" | "config-commands" | "reverse-access" | "configuration";
  /** `aaa authorization commands LEVEL ...`. */
  level?: number;
  name: string;
  methods: string[];
}

/** `aaa accounting TYPE [LEVEL] LIST start-stop|stop-only|wait-start|none [broadcast] METHODS`. */
export interface AccountingList {
  type: "exec" | "network" | "connection" | "commands" | "system" | "resource";
  /** `commands LEVEL`. */
  level?: number;
  name: string;
  record: "start-stop" | "stop-only" | "wait-start" | "none";
  broadcast: boolean;
  methods: string[];
}

/** `aaa group server radius|tacacs+ NAME` and its `server H [auth-port N] [acct-port N]` lines. */
export interface AaaServerGroup {
  protocol: "radius" | "tacacs+";
  name: string;
  servers: { host: string; authPort: number | null; acctPort: number | null }[];
  /** IOS commands of the group kept as written (`deadtime`, `ip radius source-interface` ...). */
  extras: string[];
}

export interface AaaServer {
  host: string;
  key: Secret | null;
  /** `radius-server host H auth-port N` or `tacacs-server host H port N`; absent = the default (1645, 49). */
  port?: number | null;
  /**
   * dialback extension `radius-server host H message-authenticator required|optional`: which
   * replies must carry a Message-Authenticator (RFC 3579); absent = an Access-Accept must.
   */
  messageAuthenticator?: "required" | "optional" | null;
  /** `radius-server host H acct-port N` (absent = 1646). */
  acctPort?: number;
  /** `... host H timeout S` (absent = the global timeout). */
  timeout?: number;
  /** `radius-server host H retransmit N`. */
  retransmit?: number;
  /** `tacacs-server host H single-connection`: one TCP connection for every session. */
  singleConnection?: boolean;
}

/** `radius-server|tacacs-server host ...` lines, the global key and the global options. */
export interface AaaServers {
  hosts: AaaServer[];
  key: Secret | null;
  /** `... timeout S` (IOS default 5). */
  timeout: number | null;
  /** `radius-server retransmit N` (IOS default 3). */
  retransmit: number | null;
  /** `radius-server deadtime MINUTES`. */
  deadtime: number | null;
}

/** `ip local pool NAME FIRST [LAST]` (several lines add ranges to one pool). */
export interface AddressPool {
  name: string;
  ranges: { first: string; last: string }[];
}

/** `enable secret [level N] ...`: only the one-way hash is kept (type 5 MD5-crypt; 8 and 9 as read). */
export interface EnableSecret {
  /** null = the default level (15). */
  level: number | null;
  type: 5 | 8 | 9;
  hash: string;
}

/** `enable password [level N] ...`: reversible, so type 7 at most (IOS recommends `enable secret`). */
export interface EnablePassword {
  level: number | null;
  password: Secret;
}

/** A command kept as written (global or in a block of a mode dialback does not model). */
export interface ExtraCommand {
  text: string;
  /** True when the command opens a sub-mode; `block` holds its lines as written. */
  opensBlock: boolean;
  block: string[];
}

export interface ConfigModel {
  hostname: string | null;
  /** `enable secret` and `enable password`, one of each per level; no effect here (no privileged EXEC). */
  enable: { secrets: EnableSecret[]; passwords: EnablePassword[] };
  service: { execCallback: boolean; passwordEncryption: boolean };
  aaa: {
    newModel: boolean;
    lists: AaaList[];
    groups: AaaServerGroup[];
    accounting: AccountingList[];
    /** `aaa accounting update newinfo|periodic MINUTES` and `aaa accounting suppress null-username`. */
    accountingOptions: { update: { newinfo: boolean; periodic: number | null } | null; suppressNullUsername: boolean };
  };
  tacacs: AaaServers;
  radius: AaaServers;
  pools: AddressPool[];
  users: User[];
  chatScripts: ChatScript[];
  appletalkRouting: boolean;
  /**
   * `keyLayout`: dialback extension `arap key-layout as-is | shifted`, how the password's octets
   * become ARAP's DES key (not settled by a public source; boards/arap.md).
   */
  arap: { callback: boolean; network: { number: number; zone: string } | null; keyLayout: "as-is" | "shifted" };
  callback: {
    forcedWait: number | null;
    nodsrWait: number | null;
    /** dialback extension `callback retry COUNT GAP`: IOS never retries. */
    retry: { count: number; gapSeconds: number } | null;
    /** dialback extension `callback limit COUNT MINUTES`: at most COUNT callbacks per user in any MINUTES. */
    limit: { count: number; minutes: number } | null;
    /**
     * dialback extensions `callback dialstring modifiers , W P T | none` and `callback dialstring
     * max-length N`: the dial alphabet's modifiers and longest number (null = default, dial-number.ts).
     */
    dialstring: { modifiers: string | null; maxLength: number | null };
  };
  interfaces: AsyncInterface[];
  asyncGroups: AsyncGroup[];
  /** Non-async interfaces, by name (their commands stay in `extras`). */
  otherInterfaces: OtherInterface[];
  lines: LineConfig[];
  extras: ExtraCommand[];
  login: LoginSettings;
}

/** Global `login ...` commands: IOS login throttling and its log messages. */
export interface LoginSettings {
  /** `login block-for SECONDS attempts N within SECONDS`: quiet mode after N failures in the window. */
  blockFor: { seconds: number; attempts: number; within: number } | null;
  /** `login delay SECONDS` between attempts (IOS uses 1 s when only block-for is set). */
  delay: number | null;
  /** `login on-failure log`: IOS logs failures only then; dialback logs every failure anyway. */
  onFailureLog: boolean;
  /** `login on-success log`. */
  onSuccessLog: boolean;
}

export function emptyModel(): ConfigModel {
  return {
    hostname: null,
    enable: { secrets: [], passwords: [] },
    service: { execCallback: false, passwordEncryption: false },
    aaa: { newModel: false, lists: [], groups: [], accounting: [], accountingOptions: { update: null, suppressNullUsername: false } },
    tacacs: { hosts: [], key: null, timeout: null, retransmit: null, deadtime: null },
    radius: { hosts: [], key: null, timeout: null, retransmit: null, deadtime: null },
    pools: [],
    users: [],
    chatScripts: [],
    appletalkRouting: false,
    arap: { callback: false, network: null, keyLayout: "as-is" },
    callback: { forcedWait: null, nodsrWait: null, retry: null, limit: null, dialstring: { modifiers: null, maxLength: null } },
    interfaces: [],
    asyncGroups: [],
    otherInterfaces: [],
    lines: [],
    extras: [],
    login: { blockFor: null, delay: null, onFailureLog: false, onSuccessLog: false },
  };
}

export function newUser(name: string): User {
  return {
    name,
    password: null,
    privilege: null,
    callbackDialstring: null,
    callbackRotary: null,
    callbackLine: null,
    nocallbackVerify: false,
    autocommand: null,
    callbackAllowedPattern: null,
  };
}

export function newLine(kind: LineKind, number: number): LineConfig {
  return {
    kind,
    number,
    login: null,
    password: null,
    loginResponse: null,
    modem: null,
    modemAnswerTimeout: null,
    rotary: null,
    autoselect: { ppp: false, arap: false, slip: false, duringLogin: false, timeout: null },
    scripts: {},
    forcedWait: null,
    flushAtActivation: true,
    arapEnable: false,
    speed: null,
    stopbits: null,
    flowcontrol: null,
    execTimeout: null,
    transportInput: null,
    autocommand: null,
    modemAutoconfigure: null,
    extras: [],
  };
}

export function newInterface(number: number): AsyncInterface {
  return {
    number,
    encapsulation: null,
    asyncMode: null,
    peerAddress: null,
    peerPool: null,
    peerDhcp: false,
    ipcp: { dns: [], wins: [] },
    ipUnnumbered: null,
    ipAddress: null,
    dynamicAddress: false,
    keepalive: null,
    pppCallback: null,
    pppAuthentication: null,
    chapHostname: null,
    chapPassword: null,
    papSentUsername: null,
    papSentPassword: null,
    extras: [],
  };
}

/** The async interface settings that apply to TTY `n`: its own block, else its group's. */
export function asyncInterfaceFor(m: ConfigModel, n: number): AsyncInterface | null {
  return m.interfaces.find((i) => i.number === n) ?? m.asyncGroups.find((g) => g.range && g.range.first <= n && n <= g.range.last) ?? null;
}

/** Each async interface: its own block, or its Group-Async's settings (flag FromGroup). */
export function effectiveInterfaces(m: ConfigModel): { iface: AsyncInterface; number: number; fromGroup: boolean }[] {
  const numbers = new Set(m.interfaces.map((i) => i.number));
  for (const g of m.asyncGroups) if (g.range) for (let n = g.range.first; n <= g.range.last; n++) numbers.add(n);
  return [...numbers]
    .sort((a, b) => a - b)
    .map((n) => ({ iface: asyncInterfaceFor(m, n) as AsyncInterface, number: n, fromGroup: !m.interfaces.some((i) => i.number === n) }));
}

const LINE_KIND_ORDER: Record<LineKind, number> = { con: 0, tty: 1, aux: 2, vty: 3 };

/** IOS order: console, TTYs, aux, vty; by number inside a kind. */
export function compareLines(a: LineConfig, b: LineConfig): number {
  return LINE_KIND_ORDER[a.kind] - LINE_KIND_ORDER[b.kind] || a.number - b.number;
}

/** Lowest and highest number each line kind may have on dialback's hardware. */
export const LINE_RANGES: Record<LineKind, [number, number]> = { con: [0, 0], tty: [1, 63], aux: [0, 0], vty: [0, 15] };
