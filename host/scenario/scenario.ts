// The scenario file of `dialback simulate`: who calls, how, from which number, and what
// goes wrong. Read with every problem reported as `FILE: path: message`, all at once.

import { readFileSync } from "node:fs";
import { defaultLineNumber } from "../sim/world.ts";
import { closest } from "../config/diagnostics.ts";

export const METHODS = ["rfc1570", "cbcp", "answer-mode", "exec", "arap"] as const;
export type Method = (typeof METHODS)[number];
const SIMULATED: readonly string[] = METHODS;

export const FAULTS = ["busy", "no-answer", "carrier-loss", "noise", "aaa-timeout", "holds-line"] as const;
export type Fault = (typeof FAULTS)[number];

export interface Caller {
  /** Label in the narrative and the closing table (defaults to the user name). */
  name: string;
  method: Method;
  username: string;
  password: string;
  /** The caller's own telephone number (where the callback rings). */
  phone: string;
  /** What the caller dials to reach the server: a number, or a line directly. */
  dials: { number: string } | { line: number };
  /** The number the caller gives when asked (EXEC prompt, CBCP user-specified, RFC 1570 message). */
  answerNumber: string | null;
  /** Virtual seconds after the start when the caller dials. */
  startAt: number;
  faults: Fault[];
}

export interface Scenario {
  seed: number;
  callers: Caller[];
  /** The simulator's AAA server (used when the configuration's method lists name a server group). */
  aaa?: ScenarioAaa;
  /** How some of the server's lines' modems differ from the access-server default. */
  lines?: ScenarioLine[];
}

/** One of the server's lines whose modem is not set up as an access server's should be. */
export interface ScenarioLine {
  line: number;
  /** The modem was left at `&D0`: it ignores DTR, so the call ends only when the far end drops it. */
  ignoresDtr: boolean;
}

/** An account of the simulated RADIUS/TACACS+ server, with what it allows for callback. */
export interface AaaAccount {
  username: string;
  password: string;
  /** null: no callback; "": the caller gives the number. */
  callbackDialstring: string | null;
  callbackRotary: number | null;
  callbackLine: number | null;
  noCallbackVerify: boolean;
  /** RADIUS attributes the Access-Accept carries besides those of the fields above (Framed-IP-Address, Class, Cisco-AVPair ...). */
  attributes?: RadiusReplyAttributes;
  /** TACACS+ authorization pairs the server adds (`callback-dialstring=5551234`, `addr*10.0.0.9` ...). */
  avPairs?: string[];
}

export interface ScenarioAaa {
  /** Virtual seconds the server takes to answer. */
  answerAfter: number;
  /** The server's users; when none are given it knows the configuration's users. */
  accounts: AaaAccount[];
  /** The configuration's servers as the scenario runs them (another key, faults); absent ones answer well. */
  servers?: ScenarioAaaServer[];
}

/** What a simulated AAA server does wrong, and when (virtual seconds, `until` excluded). */
export const AAA_SERVER_FAULTS = ["slow", "silent", "reject", "garbage"] as const;
export type AaaServerFaultKind = (typeof AAA_SERVER_FAULTS)[number];

export interface AaaServerFault {
  /** slow: answers after `seconds`; silent: answers nothing; reject: refuses every user; garbage: answers what no client takes. */
  fault: AaaServerFaultKind;
  from: number;
  /** null: to the end of the run. */
  until: number | null;
  /** slow only. */
  seconds: number;
}

export interface ScenarioAaaServer {
  /** A `radius-server host` / `tacacs-server host` / group `server` of the configuration. */
  host: string;
  /** The key the server has (null: the configuration's, so they agree). */
  key: string | null;
  faults: AaaServerFault[];
}

/** RADIUS reply attributes an account may carry (RFC 2865 §5, the Cisco VSA): by name. */
export const RADIUS_REPLY_ATTRIBUTES = ["Service-Type", "Callback-Number", "Framed-IP-Address", "Reply-Message", "Class", "Cisco-AVPair"] as const;
export type RadiusReplyAttributes = Partial<Record<(typeof RADIUS_REPLY_ATTRIBUTES)[number], string[]>>;
export const SERVICE_TYPES = ["Login-User", "Framed-User", "Callback-Login-User", "Callback-Framed-User"] as const;

export class ScenarioError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join("\n"));
  }
}

const PHONE = /^[0-9*#,+]{1,31}$/;

/** `; did you mean "X"?` when `word` is a near miss of one of `choices`, else "". */
function didYouMean(word: unknown, choices: readonly string[]): string {
  const hint = typeof word === "string" ? closest(word, choices) : null;
  return hint ? `; did you mean "${hint}"?` : "";
}

/** The unknown-field problem for `key`, with the field it most likely meant. */
function unknownField(key: string, known: readonly string[]): string {
  return `unknown field (expected ${known.length > 3 ? "one of " : ""}${known.join(", ")})${didYouMean(key, known)}`;
}
/** A caller's own line on the telephone network: the network numbers subscribers with digits, * and # only. */
const OWN_PHONE = /^[0-9*#]{1,31}$/;
const TTY_MAX = 63;
/** The server's lines answer on fixed numbers (line N on 555 1000+N): no caller may have one. */
const SERVER_NUMBERS = new Map(Array.from({ length: TTY_MAX }, (_, i) => [defaultLineNumber(i + 1), i + 1]));

/** Validates parsed JSON; throws ScenarioError listing every problem. */
export function parseScenario(value: unknown, file = "scenario"): Scenario {
  const problems: string[] = [];
  const fail = (path: string, message: string) => problems.push(`${file}: ${path}: ${message}`);
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new ScenarioError([`${file}: expected a JSON object`]);
  const root = value as Record<string, unknown>;
  const rootFields = ["seed", "callers", "aaa", "lines"];
  for (const key of Object.keys(root)) if (!rootFields.includes(key)) fail(key, unknownField(key, rootFields));
  const seed = root.seed ?? 1;
  if (typeof seed !== "number" || !Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) fail("seed", "expected a whole number from 0 to 4294967295");
  if (!Array.isArray(root.callers) || root.callers.length === 0) {
    fail("callers", "expected a non-empty array of callers");
    throw new ScenarioError(problems);
  }
  const callers: Caller[] = [];
  /** Each phone's first caller and its user: calls of one user may share a phone (they take turns). */
  const phones = new Map<string, { at: string; user: string | null }>();
  root.callers.forEach((raw, i) => {
    const at = `callers[${i}]`;
    if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
      fail(at, "expected an object");
      return;
    }
    const c = raw as Record<string, unknown>;
    const known = ["name", "method", "username", "password", "phone", "dials", "answerNumber", "startAt", "faults"];
    for (const key of Object.keys(c)) if (!known.includes(key)) fail(`${at}.${key}`, unknownField(key, known));
    const str = (key: string, required: boolean): string | null => {
      const v = c[key];
      if (v === undefined || v === null) {
        if (required) fail(`${at}.${key}`, "missing");
        return null;
      }
      if (typeof v !== "string") {
        fail(`${at}.${key}`, "expected a string");
        return null;
      }
      return v;
    };
    const method = str("method", true);
    if (method !== null && !SIMULATED.includes(method)) fail(`${at}.method`, `expected one of ${SIMULATED.join(", ")}${didYouMean(method, SIMULATED)}`);
    const username = str("username", true);
    const password = str("password", true) ?? "";
    const phone = str("phone", true);
    if (phone !== null && !OWN_PHONE.test(phone)) fail(`${at}.phone`, "expected digits (and * #), at most 31");
    else if (phone !== null && SERVER_NUMBERS.has(phone)) {
      const tty = SERVER_NUMBERS.get(phone) as number;
      fail(`${at}.phone`, `${phone} is the number of the server's line ${tty} (line N answers on 555 1000+N)`);
    } else if (phone !== null && phones.has(phone)) {
      const first = phones.get(phone) as { at: string; user: string | null };
      if (first.user === null || first.user !== username) {
        fail(`${at}.phone`, `${phone} is already the phone of ${first.at} (only calls of the same user share a phone)`);
      }
    } else if (phone !== null) phones.set(phone, { at, user: username });
    const answerNumber = str("answerNumber", false);
    if (answerNumber !== null && !PHONE.test(answerNumber)) fail(`${at}.answerNumber`, "expected digits (and * # , +), at most 31");
    let dials: Caller["dials"] = { line: 0 };
    const d = c.dials;
    if (typeof d === "string" && PHONE.test(d)) dials = { number: d };
    else if (typeof d === "number" && Number.isInteger(d) && d >= 1 && d <= 63) dials = { line: d };
    else fail(`${at}.dials`, "expected the server's number (a string of digits) or a TTY line number 1-63");
    const startAt = c.startAt ?? 0;
    if (typeof startAt !== "number" || !(startAt >= 0) || startAt > 86400) fail(`${at}.startAt`, "expected seconds from 0 to 86400");
    const faults: Fault[] = [];
    if (c.faults !== undefined) {
      if (!Array.isArray(c.faults)) fail(`${at}.faults`, "expected an array");
      else
        c.faults.forEach((f, k) => {
          if (typeof f === "string" && (FAULTS as readonly string[]).includes(f)) faults.push(f as Fault);
          else fail(`${at}.faults[${k}]`, `expected one of ${FAULTS.join(", ")}${didYouMean(f, FAULTS)}`);
        });
    }
    const name = str("name", false) ?? username ?? `caller ${i + 1}`;
    callers.push({
      name,
      method: method as Method,
      username: username ?? "",
      password,
      phone: phone ?? "",
      dials,
      answerNumber,
      startAt: typeof startAt === "number" ? startAt : 0,
      faults,
    });
  });
  const aaa = root.aaa === undefined ? undefined : parseAaa(root.aaa, fail);
  const lines = root.lines === undefined ? undefined : parseLines(root.lines, fail);
  if (problems.length) throw new ScenarioError(problems);
  return { seed: seed as number, callers, ...(aaa ? { aaa } : {}), ...(lines ? { lines } : {}) };
}

const LINE_FIELDS = ["line", "ignoresDtr"];

/** `lines`: [{ line: 4, ignoresDtr: true }]: each server line at most once. */
function parseLines(value: unknown, fail: (path: string, message: string) => void): ScenarioLine[] {
  if (!Array.isArray(value)) {
    fail("lines", "expected an array of server lines");
    return [];
  }
  const out: ScenarioLine[] = [];
  value.forEach((raw, i) => {
    const at = `lines[${i}]`;
    if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
      fail(at, "expected an object");
      return;
    }
    const l = raw as Record<string, unknown>;
    for (const key of Object.keys(l)) if (!LINE_FIELDS.includes(key)) fail(`${at}.${key}`, unknownField(key, LINE_FIELDS));
    const line = l.line;
    const ignoresDtr = l.ignoresDtr ?? false;
    if (typeof line !== "number" || !Number.isInteger(line) || line < 1 || line > TTY_MAX) fail(`${at}.line`, `expected a TTY line number 1-${TTY_MAX}`);
    else if (out.some((o) => o.line === line)) fail(`${at}.line`, `line ${line} is given twice`);
    if (typeof ignoresDtr !== "boolean") fail(`${at}.ignoresDtr`, "expected true or false");
    if (typeof line === "number" && typeof ignoresDtr === "boolean") out.push({ line, ignoresDtr });
  });
  return out;
}

const AAA_ACCOUNT_FIELDS = ["username", "password", "callbackDialstring", "callbackRotary", "callbackLine", "noCallbackVerify", "attributes", "avPairs"];
const AAA_FIELDS = ["answerAfter", "accounts", "servers"];
const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
// RFC 8907 §6.1: US-ASCII name, "=" or "*", value; one argument holds at most 255 octets.
const AV_PAIR = /^[A-Za-z0-9_:-]+[=*][\x20-\x7e]*$/;

/** `attributes`: { "Framed-IP-Address": "10.0.0.5", "Cisco-AVPair": ["lcp:callback-dialstring=5551234"] ... }. */
function parseAttributes(value: unknown, at: string, fail: (path: string, message: string) => void): RadiusReplyAttributes {
  const out: RadiusReplyAttributes = {};
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    fail(at, "expected an object of RADIUS attributes by name");
    return out;
  }
  for (const [name, raw] of Object.entries(value)) {
    const known = (RADIUS_REPLY_ATTRIBUTES as readonly string[]).includes(name);
    if (!known) {
      const hint = didYouMean(name, RADIUS_REPLY_ATTRIBUTES);
      fail(`${at}.${name}`, `not an attribute the server gives (expected one of ${RADIUS_REPLY_ATTRIBUTES.join(", ")})${hint}`);
      continue;
    }
    const values = Array.isArray(raw) ? raw : [raw];
    if (!values.length || values.some((v) => typeof v !== "string" || v.length > 253)) {
      fail(`${at}.${name}`, "expected a string of at most 253 characters, or an array of them");
      continue;
    }
    const texts = values as string[];
    if (name === "Framed-IP-Address" && (texts.length !== 1 || !IPV4.test(texts[0]))) fail(`${at}.${name}`, "expected one dotted IPv4 address");
    else if (name === "Service-Type" && (texts.length !== 1 || !(SERVICE_TYPES as readonly string[]).includes(texts[0]))) {
      fail(`${at}.${name}`, `expected one of ${SERVICE_TYPES.join(", ")}${didYouMean(texts[0], SERVICE_TYPES)}`);
    } else if (name === "Callback-Number" && (texts.length !== 1 || !PHONE.test(texts[0]))) fail(`${at}.${name}`, "expected digits (and * # , +), at most 31");
    else out[name as keyof RadiusReplyAttributes] = texts;
  }
  return out;
}

/** `servers`: [{ host, key?, faults?: [{ fault, from?, until?, seconds? }] }]. */
function parseServers(value: unknown, fail: (path: string, message: string) => void): ScenarioAaaServer[] {
  if (!Array.isArray(value)) {
    fail("aaa.servers", "expected an array of servers");
    return [];
  }
  const out: ScenarioAaaServer[] = [];
  value.forEach((raw, i) => {
    const at = `aaa.servers[${i}]`;
    if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return fail(at, "expected an object");
    const c = raw as Record<string, unknown>;
    for (const key of Object.keys(c)) if (!["host", "key", "faults"].includes(key)) fail(`${at}.${key}`, unknownField(key, ["host", "key", "faults"]));
    if (typeof c.host !== "string" || !c.host) fail(`${at}.host`, "expected the host name or address of a server of the configuration");
    else if (out.some((s) => s.host === c.host)) fail(`${at}.host`, `${c.host} is already described`);
    if (c.key !== undefined && (typeof c.key !== "string" || !c.key || c.key.length > 64)) fail(`${at}.key`, "expected a key of 1 to 64 characters");
    const faults: AaaServerFault[] = [];
    if (c.faults !== undefined && !Array.isArray(c.faults)) fail(`${at}.faults`, "expected an array");
    else
      ((c.faults as unknown[] | undefined) ?? []).forEach((f, k) => {
        const where = `${at}.faults[${k}]`;
        if (typeof f !== "object" || f === null || Array.isArray(f)) return fail(where, "expected an object with fault, from, until, seconds");
        const x = f as Record<string, unknown>;
        const fields = ["fault", "from", "until", "seconds"];
        for (const key of Object.keys(x)) if (!fields.includes(key)) fail(`${where}.${key}`, unknownField(key, fields));
        if (typeof x.fault !== "string" || !(AAA_SERVER_FAULTS as readonly string[]).includes(x.fault)) {
          fail(`${where}.fault`, `expected one of ${AAA_SERVER_FAULTS.join(", ")}${didYouMean(x.fault, AAA_SERVER_FAULTS)}`);
        }
        const seconds = (key: string, fallback: number | null): number | null => {
          const v = x[key];
          if (v === undefined || v === null) return fallback;
          if (typeof v === "number" && v >= 0 && v <= 86400) return v;
          fail(`${where}.${key}`, "expected seconds from 0 to 86400");
          return fallback;
        };
        const from = seconds("from", 0) as number;
        const until = seconds("until", null);
        if (until !== null && until <= from) fail(`${where}.until`, "expected a time after from");
        if (x.seconds !== undefined && x.fault !== "slow") fail(`${where}.seconds`, "only a slow server takes seconds");
        faults.push({ fault: x.fault as AaaServerFaultKind, from, until, seconds: seconds("seconds", 10) as number });
      });
    out.push({ host: typeof c.host === "string" ? c.host : "", key: typeof c.key === "string" ? c.key : null, faults });
  });
  return out;
}

// `aaa`: { answerAfter, accounts: [{ username, password, callbackDialstring, ... }], servers: [...] }.
function parseAaa(value: unknown, fail: (path: string, message: string) => void): ScenarioAaa {
  const out: ScenarioAaa = { answerAfter: 0.2, accounts: [] };
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    fail("aaa", "expected an object with answerAfter, accounts, servers");
    return out;
  }
  const a = value as Record<string, unknown>;
  for (const key of Object.keys(a)) if (!AAA_FIELDS.includes(key)) fail(`aaa.${key}`, unknownField(key, AAA_FIELDS));
  if (a.servers !== undefined) out.servers = parseServers(a.servers, fail);
  if (a.answerAfter !== undefined) {
    const ok = typeof a.answerAfter === "number" && a.answerAfter >= 0 && a.answerAfter <= 3600;
    if (ok) out.answerAfter = a.answerAfter as number;
    else fail("aaa.answerAfter", "expected seconds from 0 to 3600");
  }
  if (a.accounts === undefined) return out;
  if (!Array.isArray(a.accounts)) {
    fail("aaa.accounts", "expected an array of accounts");
    return out;
  }
  a.accounts.forEach((raw, i) => {
    const at = `aaa.accounts[${i}]`;
    if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
      fail(at, "expected an object");
      return;
    }
    const c = raw as Record<string, unknown>;
    for (const key of Object.keys(c)) if (!AAA_ACCOUNT_FIELDS.includes(key)) fail(`${at}.${key}`, unknownField(key, AAA_ACCOUNT_FIELDS));
    const text = (key: string, required: boolean): string | null => {
      const v = c[key];
      if (v === undefined || v === null) {
        if (required) fail(`${at}.${key}`, "missing");
        return null;
      }
      if (typeof v === "string" && v.length <= 255) return v;
      fail(`${at}.${key}`, "expected a string of at most 255 characters");
      return null;
    };
    const whole = (key: string, max: number): number | null => {
      const v = c[key];
      if (v === undefined || v === null) return null;
      if (typeof v === "number" && Number.isInteger(v) && v >= 1 && v <= max) return v;
      fail(`${at}.${key}`, `expected a whole number 1-${max}`);
      return null;
    };
    const username = text("username", true);
    const password = text("password", true);
    const callbackDialstring = text("callbackDialstring", false);
    if (callbackDialstring !== null && callbackDialstring !== "" && !PHONE.test(callbackDialstring)) {
      fail(`${at}.callbackDialstring`, "expected digits (and * # , +), at most 31, or \"\" for the caller's number");
    }
    const noCallbackVerify = c.noCallbackVerify ?? false;
    if (typeof noCallbackVerify !== "boolean") fail(`${at}.noCallbackVerify`, "expected true or false");
    const account: AaaAccount = {
      username: username ?? "",
      password: password ?? "",
      callbackDialstring,
      callbackRotary: whole("callbackRotary", 100),
      callbackLine: whole("callbackLine", 63),
      noCallbackVerify: noCallbackVerify === true,
    };
    if (c.attributes !== undefined) account.attributes = parseAttributes(c.attributes, `${at}.attributes`, fail);
    if (c.avPairs !== undefined) {
      const pairs = Array.isArray(c.avPairs) ? c.avPairs : null;
      if (!pairs) fail(`${at}.avPairs`, "expected an array of TACACS+ AV pairs");
      pairs?.forEach((p, k) => {
        const bad = typeof p !== "string" || p.length > 255 || !AV_PAIR.test(p);
        if (bad) fail(`${at}.avPairs[${k}]`, 'expected "name=value" or "name*value" in printable ASCII, at most 255');
      });
      if (pairs) account.avPairs = pairs.filter((p): p is string => typeof p === "string");
    }
    out.accounts.push(account);
  });
  return out;
}

/** Reads and validates a scenario file; JSON syntax errors name the file too. */
export function readScenario(path: string): Scenario {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new ScenarioError([`${path}: cannot read: ${(err as Error).message}`]);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new ScenarioError([jsonSyntaxError(path, text, err as Error)]);
  }
  return parseScenario(value, path);
}

/** `FILE:LINE:COL: not JSON: ...` from the parser's character position (as config errors are located). */
export function jsonSyntaxError(path: string, text: string, err: Error): string {
  const m = /at position (\d+)/.exec(err.message) ?? (/end of JSON input/.test(err.message) ? ["", String(text.length)] : null);
  const what = err.message.replace(/\s*in JSON at position \d+/, "").replace(/\s*\(line \d+ column \d+\)/, "").replace(/ at position \d+/, "");
  if (!m) return `${path}: not JSON: ${what}`;
  const before = text.slice(0, Number(m[1])).split(/\r\n|\r|\n/);
  return `${path}:${before.length}:${before[before.length - 1].length + 1}: not JSON: ${what}`;
}
