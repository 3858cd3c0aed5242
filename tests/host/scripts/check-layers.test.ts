// The layer check (scripts/check-layers.mjs) on small trees written for each case: every rule
// it keeps is seen to fail, with the message a reader acts on.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { spawnSync } from "node:child_process";
import { checkLayers, importsOf } from "../../../scripts/check-layers.mjs";

const HEAD = ["| layer | folder | holds |", "|---|---|---|"];
const TABLE = [...HEAD, "| 1 | `assembly/mem/` | pools |", "| 2 | `assembly/line/` | lines |", "| 3 | `assembly/abi/` | exports |"];
const COMPILER = "the configuration compiler (host/config/) may not import";

/** A tree with a layer table of mem, line, abi; `files` adds to or replaces its sources. */
function tree(files: Record<string, string | null>, table: string[] | null = TABLE): string {
  const root = mkdtempSync(join(tmpdir(), "layers-"));
  const all: Record<string, string | null> = {
    "assembly/index.ts": 'export * from "./abi/exports";\n',
    "assembly/mem/arena.ts": "export const ARENA: i32 = 1;\n",
    "assembly/line/lines.ts": 'import { ARENA } from "../mem/arena";\nexport const LINES: i32 = ARENA;\n',
    "assembly/abi/exports.ts": 'import { LINES } from "../line/lines";\nexport function lines(): i32 { return LINES; }\n',
    "host/core/core.ts": "export class Core {}\n",
    "host/image/writer.ts": "export const MAGIC = 1;\n",
    "host/config/compile.ts": 'import { MAGIC } from "../image/writer.ts";\nexport const IMAGE = MAGIC;\n',
    ...files,
  };
  if (table) all["boards/layers.md"] = `# Layers\n\n${table.join("\n")}\n`;
  for (const [path, text] of Object.entries(all)) {
    if (text === null) continue;
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

function findings(files: Record<string, string | null>, table?: string[] | null): string[] {
  const root = tree(files, table);
  try {
    return checkLayers(root).findings;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

test("a_tree_that_keeps_the_rules_has_no_finding_and_the_command_says_so", () => {
  const root = tree({});
  try {
    assert.deepEqual(checkLayers(root).findings, []);
    const run = spawnSync(process.execPath, ["scripts/check-layers.mjs", root], { encoding: "utf8" });
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /check-layers: 7 files, 4 imports, 3 layers: no cycle/);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test("the_command_fails_and_prints_each_finding", () => {
  const root = tree({ "assembly/mem/arena.ts": 'import { LINES } from "../line/lines";\nexport const ARENA: i32 = 1;\n' });
  try {
    const run = spawnSync(process.execPath, ["scripts/check-layers.mjs", root], { encoding: "utf8" });
    assert.equal(run.status, 1);
    assert.match(run.stderr, /^cycle: assembly\/line\/lines\.ts → assembly\/mem\/arena\.ts → assembly\/line\/lines\.ts$/m);
    assert.match(run.stderr, /check-layers: 2 finding\(s\)/);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test("an_import_of_a_higher_layer_is_named_with_both_layers", () => {
  assert.deepEqual(findings({ "assembly/mem/ring.ts": '// rings\nimport { lines } from "../abi/exports";\nexport const RING: i32 = 2;\n' }), [
    "assembly/mem/ring.ts:2 imports assembly/abi/exports.ts: mem (layer 1) may not import abi (layer 3), a higher layer in boards/layers.md",
  ]);
});

test("a_layer_may_import_itself_and_every_lower_layer", () => {
  assert.deepEqual(findings({ "assembly/abi/more.ts": 'import { ARENA } from "../mem/arena";\nimport { lines } from "./exports";\n' }), []);
});

test("folders_share_a_layer_when_the_table_gives_them_one_number", () => {
  const table = [...TABLE.slice(0, 3), "| 2 | `assembly/chat/` | chat |", ...TABLE.slice(3)];
  const files = { "assembly/chat/pool.ts": 'import { LINES } from "../line/lines";\n', "assembly/line/more.ts": 'import { POOL } from "../chat/pool";\n' };
  assert.deepEqual(findings(files, table), []);
});

test("a_cycle_of_runtime_imports_is_printed_file_by_file", () => {
  const files = {
    "assembly/line/a.ts": 'import { B } from "./b";\nexport const A: i32 = 1;\n',
    "assembly/line/b.ts": 'import { C } from "./c";\nexport const B: i32 = 1;\n',
    "assembly/line/c.ts": 'import {\n  A,\n} from "./a";\nexport const C: i32 = 1;\n',
  };
  assert.deepEqual(findings(files), ["cycle: assembly/line/a.ts → assembly/line/b.ts → assembly/line/c.ts → assembly/line/a.ts"]);
});

test("every_file_of_a_knot_is_shown_in_a_cycle", () => {
  // Two cycles share d.ts: both are shown, not only the shortest.
  const files = {
    "host/run/d.ts": 'import { e } from "./e.ts";\nimport { f } from "./f.ts";\n',
    "host/run/e.ts": 'import { d } from "./d.ts";\n',
    "host/run/f.ts": 'import { g } from "./g.ts";\n',
    "host/run/g.ts": 'export { d } from "./d.ts";\n',
  };
  assert.deepEqual(findings(files), [
    "cycle: host/run/d.ts → host/run/e.ts → host/run/d.ts",
    "cycle: host/run/f.ts → host/run/g.ts → host/run/d.ts → host/run/f.ts",
  ]);
});

test("type_only_imports_close_no_cycle_in_the_host", () => {
  const files = {
    "host/sim/network.ts": 'import { Call } from "./call.ts";\n',
    "host/sim/call.ts": [
      'import type { Network } from "./network.ts";',
      'import { type Phone, type Line } from "./network.ts";',
      'let t: import("./network.ts").N;',
    ].join("\n"),
  };
  assert.deepEqual(findings(files), []);
  const oneValue = { ...files, "host/sim/call.ts": 'import { type Phone, Line } from "./network.ts";\n' };
  assert.equal(findings(oneValue).length, 1, "one value name makes it a runtime import");
});

test("a_type_only_import_still_counts_against_the_layer_order", () => {
  const out = findings({ "assembly/mem/ring.ts": 'import type { Lines } from "../line/lines";\n' });
  const why = "mem (layer 1) may not import line (layer 2), a higher layer in boards/layers.md";
  assert.deepEqual(out, [`assembly/mem/ring.ts:1 imports assembly/line/lines.ts: ${why}`]);
});

test("commented_out_imports_and_parameters_named_from_are_not_imports", () => {
  const text = '// import { x } from "./a";\n/*\n * import { y } from "./b";\n */\nexport function f(ptr: usize, from: i32): i32 { return g("./c"); }\n';
  assert.deepEqual(importsOf(text), []);
  assert.deepEqual(importsOf('import "./side";\nexport * as all from "./all.ts";\nimport x from "node:fs";\n'), [
    { spec: "./all.ts", line: 2, typeOnly: false },
    { spec: "./side", line: 1, typeOnly: false },
  ]);
});

test("the_entry_file_may_import_every_layer_and_none_may_import_it", () => {
  assert.deepEqual(findings({ "assembly/index.ts": 'export * from "./abi/exports";\nexport * from "./mem/arena";\n' }), []);
  assert.deepEqual(findings({ "assembly/abi/more.ts": 'import { lines } from "../index";\n' }), [
    "assembly/abi/more.ts:1 imports assembly/index.ts: the module's entry (assembly/*.ts) is imported by no layer",
  ]);
});

test("a_folder_missing_from_the_table_and_a_row_without_a_folder_are_named", () => {
  const table = [...TABLE, "| 4 | `assembly/callback/` | callbacks |"];
  assert.deepEqual(findings({ "assembly/wire/hdlc.ts": "export const FLAG: u8 = 0x7e;\n" }, table), [
    "assembly/wire/ is not in boards/layers.md: every folder of assembly/ is a layer of its table",
    "boards/layers.md:8: assembly/callback/ holds no source file",
  ]);
});

test("a_broken_table_is_named_at_its_line", () => {
  assert.deepEqual(findings({}, null), ["boards/layers.md: missing; the layer order is its table | layer | folder | holds |"]);
  assert.deepEqual(findings({}, ["| folder | layer |", "|---|---|"]), ["boards/layers.md: no table with the columns | layer | folder | holds |"]);
  const table = [...HEAD, "| 1 | `assembly/mem/` | m |", "| 3 | `assembly/abi/` | a |", "| 2 | `assembly/line/` | l |", "| x | `assembly/mem/` | again |"];
  const out = findings({}, table);
  assert.ok(out.includes("boards/layers.md:7: layer 2 comes after layer 3; rows go lowest first"), out.join("\n"));
  assert.ok(out.includes('boards/layers.md:8: layer "x" is not a number'), out.join("\n"));
  assert.ok(out.includes("assembly/line/ is not in boards/layers.md: every folder of assembly/ is a layer of its table"), out.join("\n"));
  const twice = findings({}, [...TABLE, "| 4 | `assembly/mem/` | again |"]);
  assert.deepEqual(twice, ["boards/layers.md:8: assembly/mem/ is listed twice"]);
});

test("the_compiler_may_not_import_the_core_loader_or_the_core", () => {
  assert.deepEqual(findings({ "host/config/view.ts": 'import type { Core } from "../core/core.ts";\n' }), [
    `host/config/view.ts:1 imports host/core/core.ts: ${COMPILER} the core loader (host/core/)`,
  ]);
  assert.deepEqual(findings({ "host/config/sizes.ts": 'import { ARENA } from "../../assembly/mem/arena.ts";\n' }), [
    `host/config/sizes.ts:1 imports assembly/mem/arena.ts: ${COMPILER} the core (assembly/)`,
  ]);
});

test("the_compiler_may_not_reach_the_core_loader_through_another_host_file", () => {
  const out = findings({ "host/image/writer.ts": 'import { Core } from "../core/core.ts";\nexport const MAGIC = 1;\n' });
  assert.deepEqual(out, [
    `host/config/compile.ts reaches host/core/core.ts through host/image/writer.ts (host/image/writer.ts:1): ${COMPILER} the core loader (host/core/)`,
  ]);
  // The loader may use the image writer: only the compiler's side is ruled.
  assert.deepEqual(findings({ "host/core/core.ts": 'import { MAGIC } from "../image/writer.ts";\nexport class Core {}\n' }), []);
});
