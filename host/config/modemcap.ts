// The modem capability table (IOS `modemcap`): named sets of AT settings that `modem
// autoconfigure type NAME` initialises a line's modem with, at start and after every hang-up.
// The built-in entries are data (below); `modemcap entry NAME:ATTR=VALUE:...` in the
// configuration adds an entry or replaces a built-in one. An entry names a template (TPL,
// `default` unless it says otherwise) that gives every attribute it leaves out.

import type { ConfigModel } from "./model.ts";

/** Attributes as `show modemcap` abbreviates them. */
export const MODEMCAP_ATTRIBUTES = [
  "FD", "AA", "CD", "DTR", "HFL", "SFL", "SPD", "DTE", "BER", "BCP", "NER", "NCP", "NEC", "NRS", "CID", "ONH", "OFH", "MSC", "TPL",
] as const;
export type ModemcapAttribute = (typeof MODEMCAP_ATTRIBUTES)[number];
export type ModemcapEntry = Partial<Record<ModemcapAttribute, string>>;

/**
 * What the line sends, in this order: factory defaults, auto-answer, carrier detect, DTR
 * hang-up, flow control, speed lock, error control, compression, then the miscellaneous
 * string. The alternatives (no error control, no echo, no result codes) and the hook
 * commands are not settings and are never sent (a modem without result codes cannot be read).
 */
export const MODEMCAP_INIT_ORDER: readonly ModemcapAttribute[] = ["FD", "AA", "CD", "DTR", "HFL", "SFL", "SPD", "BER", "BCP", "MSC"];

const USR: ModemcapEntry = {
  FD: "&F", AA: "S0=1", CD: "&C1", DTR: "&D2", HFL: "&H1&R2", SPD: "&B1", BER: "&M4", BCP: "&K1", NER: "&M0", NCP: "&K0", NEC: "E0", NRS: "Q1",
  ONH: "H0", OFH: "H1", TPL: "default",
};

/**
 * The built-in entries under the names IOS lists. `default` carries the settings every modem
 * on an access-server line needs (answer on the first ring, DCD follows carrier, DTR drop hangs
 * up); the US Robotics entries add their flow control, speed lock, error control and
 * compression; `mica` only restores factory defaults (it sets no auto-answer, so the line
 * answers RING with ATA). The other names take the default entry's settings.
 */
export const BUILTIN_MODEMCAPS: Readonly<Record<string, ModemcapEntry>> = {
  default: { FD: "&F", AA: "S0=1", CD: "&C1", DTR: "&D2", ONH: "H0", OFH: "H1" },
  codex_3260: { TPL: "default" },
  usr_courier: USR,
  usr_sportster: USR,
  hayes_optima: { HFL: "&K3", TPL: "default" },
  global_village: { TPL: "default" },
  viva: { TPL: "default" },
  telebit_t3000: { TPL: "default" },
  microcom_hdms: { TPL: "default" },
  microcom_server: { TPL: "default" },
  nec_v34: { TPL: "default" },
  nec_v110: { TPL: "default" },
  nec_piafs: { TPL: "default" },
  cisco_v110: { TPL: "default" },
  mica: { FD: "&F" },
};

/**
 * What `modem autoconfigure discovery` looks for in a modem's answers to ATI3, ATI0 and ATI4
 * (any case, anywhere in one answer line), first match first: the built-in entries a modem can
 * tell us it is. The entry used is the table's under that name, so a `modemcap entry` of the
 * same name replaces its settings; IOS gives configured entries no identification of their own.
 */
export const MODEMCAP_IDENTITIES: readonly (readonly [name: string, pattern: string])[] = [
  ["usr_courier", "Courier"],
  ["usr_sportster", "Sportster"],
  ["usr_sportster", "U.S. Robotics"],
  ["telebit_t3000", "T3000"],
  ["telebit_t3000", "Telebit"],
  ["hayes_optima", "Optima"],
  ["global_village", "Global Village"],
  ["viva", "Viva"],
  ["codex_3260", "Codex"],
  ["microcom_hdms", "HDMS"],
  ["microcom_server", "Microcom"],
  ["mica", "MICA"],
];

/** The entries discovery chooses from, in the order it tries them (those the table holds). */
export function discoveryCandidates(table: Map<string, ModemcapEntry>): { pattern: string; cap: ResolvedModemcap }[] {
  const out: { pattern: string; cap: ResolvedModemcap }[] = [];
  for (const [name, pattern] of MODEMCAP_IDENTITIES) {
    const cap = resolveModemcap(name, table);
    if (cap !== null) out.push({ pattern, cap });
  }
  return out;
}

/** Longest AT command line sent at once: older modems buffer about 40 characters after "AT". */
export const MODEMCAP_LINE_MAX = 40;

export type ParsedModemcap = { name: string; entry: ModemcapEntry } | { error: string };

/** Reads the words after `modemcap entry`: NAME[:ATTR=VALUE]... */
export function parseModemcapEntry(text: string): ParsedModemcap {
  const [name, ...fields] = text.trim().split(":");
  if (!name || /\s/.test(name)) return { error: "expected NAME:ATTRIBUTE=VALUE..." };
  const entry: ModemcapEntry = {};
  for (const field of fields) {
    if (field === "") continue;
    const eq = field.indexOf("=");
    const attr = (eq < 0 ? field : field.slice(0, eq)).toUpperCase();
    if (!(MODEMCAP_ATTRIBUTES as readonly string[]).includes(attr)) {
      return { error: `unknown modemcap attribute "${attr}" (one of ${MODEMCAP_ATTRIBUTES.join(", ")})` };
    }
    entry[attr as ModemcapAttribute] = eq < 0 ? "" : field.slice(eq + 1);
  }
  return { name, entry };
}

/** The built-in entries and the configuration's own (`modemcap entry`, kept as written), the latter winning. */
export function modemcapTable(m: ConfigModel): Map<string, ModemcapEntry> {
  const table = new Map<string, ModemcapEntry>(Object.entries(BUILTIN_MODEMCAPS));
  for (const extra of m.extras) {
    const match = /^modemcap\s+entry\s+(.+)$/i.exec(extra.text);
    if (!match) continue;
    const parsed = parseModemcapEntry(match[1]);
    if ("name" in parsed) table.set(parsed.name, parsed.entry);
  }
  return table;
}

export interface ResolvedModemcap {
  name: string;
  /** Every attribute, the templates' included. */
  attributes: ModemcapEntry;
  /** The AT command lines the line sends, "AT" included, each at most MODEMCAP_LINE_MAX characters after it where the values allow. */
  commands: string[];
  /** Who answers an incoming call: the modem (its init sets S0 to 1 or more) or the line (ATA on RING). */
  answeredBy: "modem" | "line";
}

/** The entry `name` with its templates applied, null when there is no such entry. */
export function resolveModemcap(name: string, table: Map<string, ModemcapEntry>): ResolvedModemcap | null {
  if (!table.has(name)) return null;
  const attributes: ModemcapEntry = {};
  const seen = new Set<string>();
  for (let at: string | undefined = name; at !== undefined && table.has(at) && !seen.has(at); ) {
    seen.add(at);
    const entry: ModemcapEntry = table.get(at)!;
    for (const attr of MODEMCAP_ATTRIBUTES) if (attributes[attr] === undefined && entry[attr] !== undefined) attributes[attr] = entry[attr];
    at = entry.TPL === undefined ? (at === "default" ? undefined : "default") : entry.TPL;
  }
  const values = MODEMCAP_INIT_ORDER.map((a) => attributes[a] ?? "").filter((v) => v.length > 0);
  const commands: string[] = [];
  let current = "";
  for (const v of values) {
    if (current.length > 0 && current.length + v.length > MODEMCAP_LINE_MAX) {
      commands.push(`AT${current}`);
      current = "";
    }
    current += v;
  }
  if (current.length > 0) commands.push(`AT${current}`);
  // The last S0 setting sent decides (V.250 §6.3.8: S0 = rings before answering, 0 = never).
  const s0 = [...values.join("").matchAll(/S0\s*=\s*(\d+)/gi)].at(-1);
  return { name, attributes, commands, answeredBy: s0 && Number(s0[1]) > 0 ? "modem" : "line" };
}

/** Escapes a value for a chat-script token: a backslash in a modem command (\N3) is the modem's, not chat's. */
function chatToken(text: string): string {
  return text.replace(/\\/g, "\\\\");
}

/**
 * The command that makes a modem's results readable whatever its stored profile says: result
 * codes on (Q0) and in words (V1). A modem left at V0 answers in digits (`0` for OK, V.250
 * §6.2.6) and at Q1 not at all. Hayes modems send a command line's result after running it,
 * so the answer to this one already comes in words.
 */
export const MODEMCAP_RESULTS_COMMAND = "ATQ0V1";
/** How long the modem has to answer it: the discovery queries' 2 s; then it is asked once more. */
export const MODEMCAP_RESULTS_TIMEOUT_S = 2;
/** The wait for each command's OK after it: the chat default (IOS, 5 s), as before the first command. */
export const MODEMCAP_COMMAND_TIMEOUT_S = 5;

/**
 * The chat script the line runs to configure its modem (tokens as the ChatScripts section
 * holds them): is the modem there at all and does it answer in words (MODEMCAP_RESULTS_COMMAND
 * answered `OK`; a modem that still answered that line in the old form, `0`, is words by now
 * and is asked again), then each command line; `ERROR` ends it (the modem refused a setting).
 * Only `OK` is ever taken for OK: a digit is never read as a result, so nothing the modem or
 * a caller sends passes for one.
 */
export function modemcapScript(r: ResolvedModemcap): string[] {
  const results = MODEMCAP_RESULTS_COMMAND;
  const tokens = ["ABORT", "ERROR", "TIMEOUT", String(MODEMCAP_RESULTS_TIMEOUT_S), "", results, `OK-${results}-OK`];
  r.commands.forEach((c, i) => {
    tokens.push(chatToken(c));
    if (i === 0) tokens.push("TIMEOUT", String(MODEMCAP_COMMAND_TIMEOUT_S));
    tokens.push("OK");
  });
  return tokens;
}
