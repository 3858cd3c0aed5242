// The main job's setting: the reference chapter's PPP, EXEC and ARA callback examples as
// printed, with what they leave out added (and said so), and the callers who are called back.

import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Caller, Scenario } from "../scenario/scenario.ts";

const FIXTURES = new URL("../../tests/fixtures/config/", import.meta.url);

/** What the demonstration adds to the printed examples, each with the reason. */
export const DEMO_ADDITIONS: { text: string; why: string }[] = [
  {
    text: 'chat-script dial ABORT ERROR ABORT BUSY ABORT "NO ANSWER" ABORT "NO CARRIER" "" "ATZ" OK "ATDT \\T" TIMEOUT 30 CONNECT \\c',
    why: "the chapter's recommended callback chat script (with two more ABORT strings); the examples define none",
  },
  { text: "line 4\n script callback dial\nline 7 9\n script callback dial", why: "select that script on the callback lines" },
  { text: "line 4\n modem InOut", why: "callback lines must allow outgoing calls" },
  { text: "username wanda callback-dialstring \"\" callback-rotary 77 password w4nda", why: "a CBCP caller who gives her own number" },
  { text: "username otto callback-dialstring 5552020 callback-rotary 77 password 0tt0", why: "an answer-mode caller" },
  { text: "interface async 9\n ppp callback initiate", why: "line 9 calls back answer-mode clients (ppp callback initiate)" },
  {
    text: 'chat-script ara ABORT ERROR ABORT BUSY "" "ATZ" OK "ATS180=0" OK "ATS181=1" OK "ATDT \\T" TIMEOUT 60 CONNECT \\c',
    why: "the chapter's recommended ARA chat script (Telebit error control off); the ARA example defines none",
  },
  { text: "line 7\n script arap-callback ara", why: "select it on line 7, where excalibur is always called back" },
];

export function demoConfigText(): string {
  const ppp = readFileSync(fileURLToPath(new URL("ppp-client.cfg", FIXTURES)), "utf8");
  const exec = readFileSync(fileURLToPath(new URL("exec-callback.cfg", FIXTURES)), "utf8");
  const ara = readFileSync(fileURLToPath(new URL("ara-client.cfg", FIXTURES)), "utf8");
  return [ppp, exec, ara, "!", "! added by the demonstration (see its output)", ...DEMO_ADDITIONS.map((a) => a.text), ""].join("\n");
}

function caller(
  name: string,
  method: Caller["method"],
  password: string,
  phone: string,
  line: number,
  answerNumber: string | null,
  startAt: number,
  username = name,
): Caller {
  return { name, method, username, password, phone, dials: { line }, answerNumber, startAt, faults: [] };
}

export const DEMO_SCENARIO: Scenario = {
  seed: 1,
  callers: [
    caller("Ted", "rfc1570", "Rhoda", "1234567", 7, null, 0),
    caller("wanda", "cbcp", "w4nda", "5553030", 8, "5553030", 60),
    caller("otto", "answer-mode", "0tt0", "5552020", 9, null, 120),
    caller("milarepa", "exec", "letmein", "5554040", 4, "5554040", 180),
    // The ARA example: excalibur comes in on line 4, then on line 8; both times line 7 calls back.
    caller("excalibur", "arap", "guenivere", "123456", 4, null, 240),
    caller("excalibur@8", "arap", "guenivere", "123456", 8, null, 300, "excalibur"),
  ],
};
