// The host's copies of the core's numbers: an event kind, a flag bit or a counter renumbered
// on one side only would make the host misread every record. The enums are written from the
// core (scripts/core-enums.mjs) and must be as the core says now; the few numbers the core
// keeps as constants, not enums, are compared one by one; no hand copy of an enum remains.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { coreEnums, OUTPUTS, readCoreEnum } from "../../../scripts/core-enums.mjs";
import * as abi from "../../../host/core/abi.ts";
import * as generated from "../../../host/core/core-enums.ts";
import * as imageEnums from "../../../host/image/image-enums.ts";
import { Auth, AuthCode, CallbackAccept, CallbackKind, CallbackRequest, CbcpType } from "../../../host/core/ppp.ts";
import { dialModifierBits } from "../../../host/config/dial-number.ts";
import { CALLBACK_METHODS, CALLBACK_OUTCOMES, DIAL_SOURCES } from "../../../host/trace/describe.ts";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(join(ROOT, dir)).sort()) {
    const path = `${dir}/${name}`;
    if (statSync(join(ROOT, path)).isDirectory()) walk(path, out);
    else if (name.endsWith(".ts")) out.push(path);
  }
  return out;
}

test("the_written_enums_are_what_the_core_declares_now", () => {
  const { stale, problems } = coreEnums(ROOT, true);
  assert.deepEqual(problems, []);
  assert.deepEqual(stale, [], "`npm run build` writes them again from assembly/");
});

test("every_written_enum_has_the_cores_names_and_numbers", () => {
  // The files are read back as modules: what the host runs with, member by member.
  const modules: Record<string, Record<string, unknown>> = { "host/core/core-enums.ts": generated, "host/image/image-enums.ts": imageEnums };
  for (const output of OUTPUTS) {
    for (const e of output.enums) {
      const core = readCoreEnum(ROOT, e.core ?? e.name);
      for (const member of e.skip ?? []) core.members.delete(member);
      const host = modules[output.file][e.name] as Record<string, string | number>;
      const numbers = Object.entries(host).filter((kv): kv is [string, number] => typeof kv[1] === "number");
      assert.ok(core.members.size > 0, `${core.file}: enum ${e.name} is empty`);
      assert.deepEqual(Object.fromEntries(numbers), Object.fromEntries(core.members), `${output.file} ${e.name} against ${core.file}`);
    }
  }
});

test("the_host_uses_the_written_enums_and_declares_none_of_them_by_hand", () => {
  const written = new Map(OUTPUTS.flatMap((o) => o.enums.map((e) => [e.name, o.file] as const)));
  const byHand: string[] = [];
  for (const file of walk("host")) {
    if (OUTPUTS.some((o) => o.file === file)) continue;
    const text = readFileSync(join(ROOT, file), "utf8");
    for (const m of text.matchAll(/^export (?:const )?(?:enum (\w+)|const (\w+) = \{)/gm)) {
      const name = m[1] ?? m[2];
      if (written.has(name)) byHand.push(`${file}: ${name} (written to ${written.get(name)})`);
    }
  }
  assert.deepEqual(byHand, []);
  assert.equal(abi.EventKind, generated.EventKind);
  assert.equal(abi.CallbackOutcome, generated.CallbackOutcome);
});

/** `const NAME[: type] = value;` anywhere under assembly/: name → numbers (one per declaration). */
function coreConstants(): Map<string, number[]> {
  const found = new Map<string, number[]>();
  for (const file of walk("assembly")) {
    const text = readFileSync(join(ROOT, file), "utf8");
    for (const m of text.matchAll(/^(?:export )?const ([A-Z][A-Z0-9_]*)(?::\s*\w+)?\s*=\s*(-?(?:0x[0-9a-fA-F]+|\d+)|\d+ << \d+);/gm)) {
      const shift = /^(\d+) << (\d+)$/.exec(m[2]);
      const value = shift ? Number(shift[1]) * 2 ** Number(shift[2]) : Number(m[2]);
      found.set(m[1], [...(found.get(m[1]) ?? []), value]);
    }
  }
  return found;
}

const snake = (member: string) => member.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toUpperCase();

// Numbers the core keeps as constants, each family named PREFIX_MEMBER there. `whole`: every
// constant of the prefix is a host member (a bit the core reads is one the host writes);
// otherwise the prefix is shared with other constants and only the host's members are looked up.
const FAMILIES: { host: string; values: Record<string, number>; prefix: string; whole: boolean; except?: string[] }[] = [
  { host: "Signal", values: abi.Signal, prefix: "SIGNAL_", whole: true },
  { host: "Output", values: abi.Output, prefix: "OUTPUT_", whole: true },
  { host: "Auth", values: Auth, prefix: "AUTH_", whole: false },
  { host: "AuthCode", values: AuthCode, prefix: "AUTH_CODE_", whole: true },
  { host: "CallbackAccept", values: CallbackAccept, prefix: "CALLBACK_ACCEPT_", whole: true },
  { host: "CallbackRequest", values: CallbackRequest, prefix: "CALLBACK_REQUEST_", whole: true },
  { host: "CallbackKind", values: CallbackKind, prefix: "CALLBACK_KIND_", whole: true },
  { host: "CbcpType", values: CbcpType, prefix: "CBCP_", whole: false },
];

for (const f of FAMILIES) {
  test(`host_${f.host}_has_the_numbers_of_the_cores_${f.prefix}constants`, () => {
    const declared = walk("assembly").find((file) => readFileSync(join(ROOT, file), "utf8").includes(`export const enum ${f.host} {`));
    assert.equal(declared, undefined, `${declared} declares enum ${f.host}: name it in scripts/core-enums.mjs and drop the host's copy`);
    const constants = coreConstants();
    const wrong: string[] = [];
    let seen = 0;
    for (const [member, value] of Object.entries(f.values)) {
      const core = constants.get(f.prefix + snake(member).replace(/^(RFC)_?(\d+)$/, "$1$2"));
      if (core === undefined) {
        if (!f.whole) wrong.push(`${f.host}.${member}: no ${f.prefix}${snake(member)} in assembly/`);
        continue;
      }
      seen++;
      for (const v of core) if (v !== value) wrong.push(`${f.host}.${member} is ${value}, the core's ${f.prefix}${snake(member)} is ${v}`);
    }
    if (f.whole) {
      const members = new Set(Object.keys(f.values).map((m) => f.prefix + snake(m).replace(/^(RFC)_?(\d+)$/, "$1$2")));
      for (const name of constants.keys()) {
        if (name.startsWith(f.prefix) && !members.has(name) && !(f.except ?? []).includes(name)) wrong.push(`the core's ${name} has no ${f.host} member`);
      }
    }
    assert.ok(seen > 0, `no ${f.prefix}* constant in assembly/ for ${f.host}: if the core now has an enum for it, generate it`);
    assert.deepEqual(wrong, []);
  });
}

test("the_global_line_is_the_cores", () => {
  assert.deepEqual(coreConstants().get("GLOBAL_LINE"), [abi.GLOBAL_LINE]);
});

test("the_dial_modifier_bits_are_the_cores", () => {
  const { DialModifier } = imageEnums;
  const bits = [DialModifier.Pause, DialModifier.WaitForDialTone, DialModifier.Pulse, DialModifier.Tone];
  assert.deepEqual([",", "W", "P", "T"].map((c) => dialModifierBits(c)), bits);
  assert.equal(dialModifierBits(",WPT"), DialModifier.All);
});

test("callback_method_and_dial_source_names_follow_the_cores_members", () => {
  // describe.ts names them by number; a member added or moved in the core shows here.
  const spaced = (member: string) => member.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
  for (const [list, e] of [[CALLBACK_METHODS, generated.CallbackMethod], [DIAL_SOURCES, generated.DialSource]] as const) {
    const members = Object.entries(e).filter((kv): kv is [string, number] => typeof kv[1] === "number");
    assert.equal(list.length, Math.max(...members.map(([, v]) => v)) + 1, "a name for every number");
    for (const [member, value] of members) assert.equal(list[value], spaced(member), `${member} = ${value}`);
  }
});

test("callback_outcome_names_cover_every_core_outcome_in_the_host_and_in_show_callback", () => {
  // The host's narrative (describe.ts) and the core's `show callback` (line/exec.ts) name each
  // outcome; a new outcome without a name would print as a number or "?".
  const core = readCoreEnum(ROOT, "CallbackOutcome").members;
  assert.deepEqual([...core.values()], [...core.values()].map((_, i) => i), "outcomes are numbered 0..n");
  assert.equal(CALLBACK_OUTCOMES.length, core.size, "a name for every outcome in host/trace/describe.ts");
  const exec = readFileSync(join(ROOT, "assembly/callback/show.ts"), "utf8");
  const list = /const OUTCOMES: StaticArray<string> = \[([\s\S]*?)\];/.exec(exec);
  assert.ok(list, "assembly/callback/show.ts: no OUTCOMES list");
  assert.deepEqual([...list[1].matchAll(/"([^"]*)"/g)].map((m) => m[1]), [...CALLBACK_OUTCOMES], "show callback names them as the host does");
});

/** The generator on a small tree: `assembly/` files as given, the outputs compared (not written). */
function generate(files: Record<string, string>): { stale: string[]; problems: string[] } {
  const root = mkdtempSync(join(tmpdir(), "enums-"));
  try {
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    }
    return coreEnums(root, true);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

test("the_generator_refuses_a_member_it_cannot_read_and_an_enum_it_cannot_find", () => {
  // A computed member would be copied wrongly by a looser reader; this one names it.
  const computed = "export const enum SectionType {\n  Plain = 1,\n  Both = Plain | 2,\n}\n";
  const out = generate({ "assembly/config/image.ts": computed });
  const unread = 'assembly/config/image.ts:3: enum SectionType.Both: "Plain | 2" is not a number the enum generator reads (a literal or 1 << n)';
  assert.ok(out.problems.includes(`host/image/image-enums.ts: ${unread}`), out.problems.join("\n"));
  const missing = "enum UserString: not declared in assembly/ (renamed? name it in scripts/core-enums.mjs)";
  assert.ok(out.problems.includes(`host/core/core-enums.ts: ${missing}`), out.problems.join("\n"));
  const one = "export const enum SectionType {\n  A = 1,\n}\n";
  const twice = generate({ "assembly/a/x.ts": one, "assembly/b/y.ts": one });
  assert.ok(twice.problems.includes("host/image/image-enums.ts: enum SectionType: declared in assembly/a/x.ts and assembly/b/y.ts"), twice.problems.join("\n"));
});

test("an_enum_moved_to_another_file_is_still_found", () => {
  // The core's files may move; the enum is looked up by name.
  const root = mkdtempSync(join(tmpdir(), "enums-"));
  try {
    mkdirSync(join(root, "assembly/leaf"), { recursive: true });
    writeFileSync(join(root, "assembly/leaf/signals.ts"), "// Lines\nexport const enum LineFlag {\n  Console = 1 << 14, // line 0\n  Next,\n}\n");
    const found = readCoreEnum(root, "LineFlag");
    assert.equal(found.file, "assembly/leaf/signals.ts");
    assert.deepEqual([...found.members], [["Console", 16384], ["Next", 16385]]);
    assert.deepEqual(found.doc, ["// Lines"]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
