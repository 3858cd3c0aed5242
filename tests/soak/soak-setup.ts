// The soak's access server and its callers: 48 lines in one rotary (8 EXEC and ARA lines,
// 32 PPP lines that accept callback, 8 that initiate it, their peers' addresses from one
// pool; every line can call an ARA client back; lines 1-24 wait 4 s between ATZ and ATD,
// where an incoming call meets the callback), local users and an AAA server, and a caller
// per second with every kind of method, refusal and fault. Every password contains
// SECRET_MARK, so one search finds any of them in an output.

import type { AaaAccount, Caller, Scenario } from "../../host/scenario/scenario.ts";

export const SECRET_MARK = "Xq7";
export const RADIUS_KEY = `${SECRET_MARK}radiusKey`;
export const EXEC_LINES = [1, 8] as const;
export const ACCEPT_LINES = [9, 40] as const;
export const INITIATE_LINES = [41, 48] as const;
const SLOW_LINES = [1, 24] as const;
/** Callers' own numbers: 556 0000 and up (the callback-allowed-pattern of the local users). */
export const PHONE_PATTERN = /^556[0-9]+$/;
const LOCAL_USERS = 40;
const NO_CALLBACK_USERS = 4;
/** A number no pattern allows, asked for by the callers who must be refused. */
export const FORBIDDEN_NUMBER = "5990000";

/** The PPP callers' address pool (10.77.0.1 - 10.77.0.64). */
export const SOAK_POOL = { first: "10.77.0.1", last: "10.77.0.64", prefix: "10.77.0." };

const range = ([a, b]: readonly [number, number]) => Array.from({ length: b - a + 1 }, (_, i) => a + i);
const localPassword = (i: number) => `${SECRET_MARK}lu${i}`;

export function soakConfig(): string {
  const out = [
    "hostname soak",
    "aaa new-model",
    "aaa authentication ppp default local group radius",
    "aaa authentication login default local group radius",
    "aaa authentication arap default local group radius",
    "arap callback",
    `radius-server host 127.0.0.1 key ${RADIUS_KEY}`,
    "service exec-callback",
    'chat-script fast ABORT ERROR ABORT BUSY ABORT "NO ANSWER" ABORT "NO CARRIER" "" ATZ OK "ATDT \\T" TIMEOUT 30 CONNECT \\c',
    'chat-script slow ABORT ERROR ABORT BUSY ABORT "NO ANSWER" ABORT "NO CARRIER" "" ATZ OK "\\d\\dATDT \\T" TIMEOUT 30 CONNECT \\c',
  ];
  for (let i = 0; i < LOCAL_USERS; i++) {
    out.push(`username lu${i} callback-dialstring "" callback-rotary 1 callback-allowed-pattern ^556[0-9]+$ password ${localPassword(i)}`);
  }
  for (let i = 0; i < NO_CALLBACK_USERS; i++) out.push(`username nocb${i} password ${SECRET_MARK}nocb${i}`);
  // One address per PPP line and a few more: every caller on the network leases one, returned at hang-up.
  out.push(`ip local pool soak ${SOAK_POOL.first} ${SOAK_POOL.last}`, "interface Ethernet0", " ip address 10.77.1.1 255.255.255.0");
  for (const tty of [...range(ACCEPT_LINES), ...range(INITIATE_LINES)]) {
    out.push(`interface async ${tty}`, " ip unnumbered Ethernet0", " encapsulation ppp", ` ppp authentication ${tty % 2 ? "chap pap" : "pap"}`);
    out.push(" peer default ip address pool soak", " ppp ipcp dns 10.77.1.53");
    out.push(tty >= INITIATE_LINES[0] ? " ppp callback initiate" : " ppp callback accept");
  }
  out.push(`line ${EXEC_LINES[0]} ${EXEC_LINES[1]}`, " login authentication default", " modem InOut", " rotary 1", " script callback fast");
  out.push(" autoselect arap");
  out.push(`line ${ACCEPT_LINES[0]} ${INITIATE_LINES[1]}`, " autoselect ppp", " modem InOut", " rotary 1", " script callback fast");
  out.push(`line ${EXEC_LINES[0]} ${INITIATE_LINES[1]}`, " arap enable", " script arap-callback fast");
  out.push(`line ${SLOW_LINES[0]} ${SLOW_LINES[1]}`, " script callback slow", " script arap-callback slow");
  return out.join("\n") + "\n";
}

/** Users of the configuration and the AAA accounts: name → what it allows to be dialled. */
export interface Allowed {
  preset: Map<string, string>;
  patterned: Set<string>;
}

export function soakScenario(count: number, seed = 12): { scenario: Scenario; allowed: Allowed; secrets: string[] } {
  const callers: Caller[] = [];
  const accounts: AaaAccount[] = [];
  const allowed: Allowed = { preset: new Map(), patterned: new Set() };
  const secrets = [RADIUS_KEY];
  for (let i = 0; i < LOCAL_USERS; i++) {
    allowed.patterned.add(`lu${i}`);
    secrets.push(localPassword(i));
  }
  for (let i = 0; i < NO_CALLBACK_USERS; i++) secrets.push(`${SECRET_MARK}nocb${i}`);
  const pick = (lines: readonly [number, number], i: number) => lines[0] + (i % (lines[1] - lines[0] + 1));
  for (let i = 0; i < count; i++) {
    const phone = String(5560000 + i);
    const user = i % LOCAL_USERS;
    const kind = i % 20;
    // Most callers are a local user who gives its own number (CBCP, RFC 1570 operation 1, EXEC prompt).
    const caller: Caller = {
      name: `c${i}`, phone, startAt: i, answerNumber: phone, method: kind < 5 ? "rfc1570" : "cbcp",
      username: `lu${user}`, password: localPassword(user), dials: { line: pick(ACCEPT_LINES, i) }, faults: [],
    };
    if (kind >= 10 && (kind < 13 || kind === 19)) {
      // Answer mode (and one CBCP caller) with an account of the AAA server giving its number.
      const account = { username: `aa${i}`, password: `${SECRET_MARK}aa${i}`, callbackDialstring: phone, callbackRotary: 1, callbackLine: null };
      accounts.push({ ...account, noCallbackVerify: false });
      allowed.preset.set(account.username, phone);
      secrets.push(account.password);
      caller.method = kind === 19 ? "cbcp" : "answer-mode";
      caller.dials = { line: pick(kind === 19 ? ACCEPT_LINES : INITIATE_LINES, i) };
      Object.assign(caller, { username: account.username, password: account.password, answerNumber: null });
    } else if (kind >= 13 && kind < 16) {
      // EXEC at the terminal, and (one in three) a Macintosh's ARA client offering its number.
      caller.method = kind === 14 ? "arap" : "exec";
      caller.dials = { line: pick(EXEC_LINES, i) };
    } else if (kind === 16) {
      caller.method = "rfc1570";
      caller.answerNumber = FORBIDDEN_NUMBER; // a number its user may not have: refused, nothing dialled
    } else if (kind === 17) {
      // A wrong password, at the EXEC login or in PAP/CHAP.
      const exec = i % 40 === 17;
      caller.password = `${SECRET_MARK}guess${i}`;
      secrets.push(caller.password);
      caller.method = exec ? "exec" : "rfc1570";
      caller.dials = { line: pick(exec ? EXEC_LINES : ACCEPT_LINES, i) };
    } else if (kind === 18) {
      const nocb = i % NO_CALLBACK_USERS;
      Object.assign(caller, { username: `nocb${nocb}`, password: `${SECRET_MARK}nocb${nocb}` }); // a user without callback
    }
    // Faults by a second cycle, so each method meets each of them.
    const f = Math.floor(i / 20) % 25;
    if (f === 1) caller.faults.push("busy");
    if (f === 2) caller.faults.push("no-answer");
    if (f === 3) caller.faults.push("carrier-loss");
    if (f === 4) caller.faults.push("noise");
    if (f === 5 && caller.username.startsWith("aa")) caller.faults.push("aaa-timeout");
    if (f === 6 && caller.method === "exec") caller.username = `aaunknown${i}`; // no such user anywhere: the server says no
    callers.push(caller);
  }
  return { scenario: { seed, callers, aaa: { answerAfter: 0.3, accounts } }, allowed, secrets };
}
