// Replays tables of chat cases through the core: the project's own table, and when present
// tests/fixtures/chat/cases.json, whose outcomes were recorded with Debian's `chat` on the
// same modem replies. Shape (either file): { cases: ChatCase[] } or ChatCase[] where
//   ChatCase = { name, script: string[] (section tokens), dialString?, modemReplies:
//   [{ after, text, delayMs? }], expected: { result: "success"|"abort"|"timeout", abortIndex? } }
// abortIndex is 0-based in ABORT declaration order (Debian chat's exit status minus 4).

import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { runChatCase, type ChatCase } from "../../support/chat-modem.ts";

const FIXTURES = new URL("../../fixtures/chat/", import.meta.url);

function loadCases(file: string): ChatCase[] {
  const path = fileURLToPath(new URL(file, FIXTURES));
  const parsed: unknown = JSON.parse(readFileSync(path, "utf8"));
  const cases = Array.isArray(parsed) ? parsed : (parsed as { cases?: unknown }).cases;
  if (!Array.isArray(cases)) throw new Error(`${path}: expected an array of cases or { "cases": [...] }`);
  cases.forEach((c, i) => checkCase(c, `${path}: case ${i}`));
  return cases as ChatCase[];
}

function checkCase(c: unknown, where: string): void {
  const k = c as Partial<ChatCase>;
  if (typeof k?.name !== "string") throw new Error(`${where}: "name" must be a string`);
  if (!Array.isArray(k.script) || !k.script.every((t) => typeof t === "string")) throw new Error(`${where} (${k.name}): "script" must be an array of strings`);
  if (!Array.isArray(k.modemReplies) || !k.modemReplies.every((r) => typeof r?.after === "string" && typeof r?.text === "string")) {
    throw new Error(`${where} (${k.name}): "modemReplies" must be [{ "after": string, "text": string, "delayMs"?: number }]`);
  }
  if (!k.expected || !["success", "abort", "timeout"].includes(String(k.expected.result).toLowerCase())) {
    throw new Error(`${where} (${k.name}): "expected.result" must be success, abort or timeout`);
  }
}

async function replay(c: ChatCase): Promise<void> {
  const out = await runChatCase(c);
  const want = String(c.expected.result).toLowerCase();
  assert.equal(out.result, want, `${c.name}: sent ${JSON.stringify(out.sent)}; trace:\n${out.traces.join("\n")}`);
  if (want === "abort" && c.expected.abortIndex !== undefined) assert.equal(out.abortIndex, c.expected.abortIndex, c.name);
}

const own = loadCases("dialback-cases.json");

test("own_table_has_at_least_ten_cases_of_each_outcome_kind", () => {
  assert.ok(own.length >= 10);
  for (const kind of ["success", "abort", "timeout"]) assert.ok(own.some((c) => c.expected.result === kind), kind);
});

for (const c of own) test(`own_case_${c.name}`, () => replay(c));

// tests/fixtures/chat/cases.json records Debian chat's outcomes in the simulator's shape:
// { name, script, dialString, greeting?, modem: [{ on, reply: string | string[] }],
//   expect: { outcome, abortIndex?, chatExit } }. It is turned into the shape above.
interface RecordedCase {
  name: string;
  script: string[];
  dialString?: string;
  greeting?: string;
  modem: { on: string; reply: string | string[] }[];
  expect: { outcome: "success" | "abort" | "timeout"; abortIndex?: number; chatExit: number };
}

function fromRecorded(r: RecordedCase): ChatCase {
  const modemReplies: ChatCase["modemReplies"] = [];
  if (r.greeting) modemReplies.push({ after: "", text: r.greeting });
  for (const t of r.modem) {
    const pieces = Array.isArray(t.reply) ? t.reply : [t.reply];
    pieces.forEach((text, i) => modemReplies.push({ after: i === 0 ? `${t.on}\r` : "", text }));
  }
  return { name: r.name, script: r.script, dialString: r.dialString, modemReplies, expected: { result: r.expect.outcome, abortIndex: r.expect.abortIndex } };
}

const recordedPath = fileURLToPath(new URL("cases.json", FIXTURES));
if (existsSync(recordedPath)) {
  const recorded = (JSON.parse(readFileSync(recordedPath, "utf8")) as { cases: RecordedCase[] }).cases.map(fromRecorded);
  test("debian_chat_table_has_at_least_ten_cases", () => assert.ok(recorded.length >= 10));
  for (const c of recorded) {
    checkCase(c, recordedPath);
    test(`debian_chat_case_${c.name}`, () => replay(c));
  }
}
