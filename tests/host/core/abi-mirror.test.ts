// The host's copies of the core's enums (host/core/abi.ts) against the AssemblyScript
// sources they mirror: an event kind or counter renumbered on one side only would make
// the host misread every record, so a difference fails here.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import * as abi from "../../../host/core/abi.ts";
import { CALLBACK_OUTCOMES } from "../../../host/trace/describe.ts";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));

/** Members of `export const enum NAME { A = 1, ... }` in an AssemblyScript file. */
export function readCoreEnum(file: string, name: string): Map<string, number> {
  const text = readFileSync(ROOT + file, "utf8");
  const start = text.indexOf(`export const enum ${name} {`);
  assert.notEqual(start, -1, `${file}: no enum ${name}`);
  const body = text.slice(text.indexOf("{", start) + 1, text.indexOf("\n}", start));
  const members = new Map<string, number>();
  const code = body.replace(/\/\*[\s\S]*?\*\//g, "").replace(/\/\/.*$/gm, "");
  for (const part of code.split(",")) {
    const member = part.trim();
    if (!member) continue;
    const m = /^([A-Za-z_]\w*)\s*=\s*(-?\d+)$/.exec(member);
    assert.ok(m, `${file}: enum ${name}: member "${member}" has no plain number (the mirror check reads only those)`);
    members.set(m[1], Number(m[2]));
  }
  return members;
}

/** Name → number of a TypeScript enum (its reverse mappings left out). */
function hostEnum(e: Record<string, string | number>): Map<string, number> {
  return new Map(Object.entries(e).filter((kv): kv is [string, number] => typeof kv[1] === "number"));
}

// Members the core keeps for itself: sizes of its tables, not values the host reads.
const CORE_ONLY: Record<string, string[]> = { GlobalCounter: ["Count"], LineCounter: ["Count"] };

const MIRRORS: [file: string, name: keyof typeof abi][] = [
  ["assembly/config/users.ts", "UserString"],
  ["assembly/config/image.ts", "ImageStatus"],
  ["assembly/chat/program.ts", "ChatError"],
  ["assembly/chat/runner.ts", "ChatResult"],
  ["assembly/chat/trace.ts", "ChatTraceKind"],
  ["assembly/mem/events.ts", "EventKind"],
  ["assembly/mem/counters.ts", "GlobalCounter"],
  ["assembly/mem/counters.ts", "LineCounter"],
  ["assembly/callback/callback-events.ts", "CallbackEvent"],
  ["assembly/callback/record.ts", "CallbackOutcome"],
  ["assembly/abi/engine.ts", "EngineKind"],
  ["assembly/line/line-events.ts", "LineEvent"],
  ["assembly/line/machine-state.ts", "LineState"],
  ["assembly/callback/dial-number.ts", "DialSource"],
  ["assembly/callback/dial-number.ts", "DialProblem"],
  ["assembly/abi/health.ts", "PoolId"],
];

for (const [file, name] of MIRRORS) {
  test(`host_enum_${name}_has_the_cores_names_and_numbers`, () => {
    const core = readCoreEnum(file, name);
    for (const member of CORE_ONLY[name] ?? []) core.delete(member);
    const host = hostEnum(abi[name] as unknown as Record<string, string | number>);
    assert.ok(core.size > 0, `${file}: enum ${name} is empty`);
    assert.deepEqual(Object.fromEntries(host), Object.fromEntries(core), `host/core/abi.ts ${name} differs from ${file}`);
  });
}

test("the_enum_reader_rejects_a_member_it_cannot_read", () => {
  // A computed member would be skipped silently by a looser reader; this one refuses it.
  assert.throws(() => readCoreEnum("tests/host/fixtures/enum-computed.ts", "Computed"), /has no plain number/);
});

test("callback_outcome_names_cover_every_core_outcome_in_the_host_and_in_show_callback", () => {
  // The host's narrative (describe.ts) and the core's `show callback` (callback/show.ts) name each
  // outcome; a new outcome without a name would print as a number or "?".
  const core = readCoreEnum("assembly/callback/record.ts", "CallbackOutcome");
  assert.deepEqual([...core.values()], [...core.values()].map((_, i) => i), "outcomes are numbered 0..n");
  assert.equal(CALLBACK_OUTCOMES.length, core.size, "a name for every outcome in host/trace/describe.ts");
  const show = readFileSync(ROOT + "assembly/callback/show.ts", "utf8");
  const list = /const OUTCOMES: StaticArray<string> = \[([\s\S]*?)\];/.exec(show);
  assert.ok(list, "assembly/callback/show.ts: no OUTCOMES list");
  assert.deepEqual([...list[1].matchAll(/"([^"]*)"/g)].map((m) => m[1]), [...CALLBACK_OUTCOMES], "show callback names them as the host does");
});
