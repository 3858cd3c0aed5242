import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { compileConfig, formatDiagnostics } from "../../../host/config/compile.ts";
import { showRunningConfig } from "../../../host/config/show.ts";
import { compileImage, configSections } from "../../../host/config/image.ts";
import {
  checkDialNumber, dialModifierBits, DIAL_DEFAULT_MAX_LENGTH, DIAL_DEFAULT_MODIFIERS, DIAL_MODIFIERS, type DialRules,
} from "../../../host/config/dial-number.ts";
import { Core } from "../../../host/core/core.ts";
import { dialbackSync } from "../../support/cli.ts";
import { DialProblem, ImageStatus } from "../../../host/core/abi.ts";
import { SectionType, writeImage, encodeSystem, DEFAULT_SYSTEM, encodeLines, imageForLines } from "../../../host/image/writer.ts";

// `callback dialstring modifiers|max-length` (a dialback extension) and the dial alphabet as
// `config check` applies it to configured numbers: the same verdicts as the core's.

const errors = (text: string) =>
  compileConfig(text, "dial.cfg")
    .diagnostics.filter((d) => d.severity === "error")
    .map((d) => `${d.loc.line}:${d.loc.col}: ${d.message}`);

test("the_dialstring_commands_read_print_and_read_back", () => {
  const text = "callback dialstring modifiers ,w T\ncallback dialstring max-length 20\n";
  const r = compileConfig(text, "dial.cfg");
  assert.ok(r.ok, JSON.stringify(r.diagnostics));
  assert.deepEqual(r.model.callback.dialstring, { modifiers: ",WT", maxLength: 20 });
  assert.ok(r.diagnostics.some((d) => d.severity === "note" && /"callback dialstring" is a dialback extension/.test(d.message)));
  const shown = showRunningConfig(r.model);
  assert.match(shown, /^callback dialstring modifiers , W T\ncallback dialstring max-length 20$/m);
  const again = compileConfig(shown, "shown.cfg");
  assert.deepEqual(again.model, r.model);
  assert.equal(showRunningConfig(again.model), shown);
  const none = compileConfig("callback dialstring modifiers none\n", "dial.cfg");
  assert.equal(none.model.callback.dialstring.modifiers, "");
  assert.match(showRunningConfig(none.model), /^callback dialstring modifiers none$/m);
  const reset = compileConfig(text + "no callback dialstring modifiers\nno callback dialstring max-length\n", "dial.cfg");
  assert.deepEqual(reset.model.callback.dialstring, { modifiers: null, maxLength: null });
  assert.doesNotMatch(showRunningConfig(reset.model), /dialstring/, "defaults are not printed");
  assert.deepEqual(errors("callback dialstring modifiers , X\n"), ['1:33: "X" is not a dial modifier: expected , W P T, or none']);
  assert.deepEqual(errors("callback dialstring max-length 33\n"), ["1:32: 33 is out of range for a length in characters (1-32)"]);
});

test("config_check_refuses_each_bad_configured_number_at_its_character", () => {
  const user = (dial: string) => `username u callback-dialstring ${dial} password x\n`;
  assert.deepEqual(errors(user("5551234;&D0&W")), ['1:39: ";" cannot be dialled: a dial string is digits, *, # and the dial modifiers ","']);
  assert.deepEqual(errors(user("555&1")), ['1:35: "&" cannot be dialled: a dial string is digits, *, # and the dial modifiers ","']);
  assert.deepEqual(errors(user("555-CALL-ME")), ['1:36: "C" cannot be dialled: a dial string is digits, *, # and the dial modifiers ","']);
  assert.deepEqual(errors(user('"555 ATZ"')), ['1:37: "A" cannot be dialled: a dial string is digits, *, # and the dial modifiers ","'], "inside quotes");
  // A control byte never reaches the dial check: the reader refuses it at the same column.
  assert.deepEqual(errors(user("5\x1b1")), ["1:33: control character U+001B in a command (only printable text and tabs are read)"]);
  // Over the record's 32 octets, the core's own limit speaks first; max-length below that is the dial rule's.
  assert.deepEqual(errors(user("1".repeat(33))), ["1:32: a callback dial string is 33 bytes long; the core's user table holds at most 32"]);
  const overMaxLength = errors(user("1".repeat(21)) + "callback dialstring max-length 20\n");
  assert.deepEqual(overMaxLength, ['1:52: dial string is longer than 20 characters ("callback dialstring max-length")']);
  assert.deepEqual(errors(user('"--"')), ['1:32: dial string "--" has nothing to dial']);
  assert.deepEqual(errors(user("9W5551234")), [
    '1:33: dial modifier "W" is not allowed: this configuration allows the dial modifiers "," ("callback dialstring modifiers")',
  ]);
  // The rules apply wherever they are written in the file.
  assert.deepEqual(errors(user("9W5551234") + "callback dialstring modifiers , W\n"), []);
  assert.deepEqual(errors(user("9,5551234") + "callback dialstring modifiers none\n"), [
    '1:33: dial modifier "," is not allowed: this configuration allows no dial modifier ("callback dialstring modifiers")',
  ]);
  const tooLong = ['1:36: dial string is longer than 4 characters ("callback dialstring max-length")'];
  assert.deepEqual(errors(user("12345") + "callback dialstring max-length 4\n"), tooLong);
  assert.deepEqual(errors(user('"(555) 123-4567"')), [], "separators are removed, as for a caller's number");
  assert.deepEqual(errors(user('""')), [], "an empty dial string is the caller's number, checked when given");
  assert.deepEqual(errors(user("*70#5551234")), []);
});

test("config_check_names_file_line_and_column", () => {
  const dir = mkdtempSync(join(tmpdir(), "dialback-dial-"));
  const file = join(dir, "router.cfg");
  writeFileSync(file, "hostname gw\nusername Ted callback-dialstring 555;rm password Rhoda\n");
  const r = dialbackSync(["config", "check", file]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, new RegExp(`^${file}:2:37: error: ";" cannot be dialled`, "m"));
});

test("the_image_carries_the_rules_in_section_9_and_the_core_reads_them", async () => {
  const model = compileConfig("callback dialstring modifiers , P\ncallback dialstring max-length 12\nline 1\n", "dial.cfg").model;
  const section = configSections(model).find((s) => s.type === SectionType.DialRules);
  assert.deepEqual(section && [...section.bytes], [0b0101, 12, 0, 0]);
  const core = await Core.load();
  core.init(compileImage(model));
  assert.equal(core.exports.dialRules(0), 0b0101);
  assert.equal(core.exports.dialRules(1), 12);
  core.init(imageForLines([1]));
  assert.equal(core.exports.dialRules(0), dialModifierBits(DIAL_DEFAULT_MODIFIERS), "no section: the core's default is the compiler's");
  assert.equal(core.exports.dialRules(1), DIAL_DEFAULT_MAX_LENGTH);
  const bad = (bytes: number[]) => {
    const lines = encodeLines([{ tty: 1, flags: 0 }]);
    return core.tryInit(writeImage([encodeSystem(DEFAULT_SYSTEM), lines, { type: SectionType.DialRules, bytes: Uint8Array.from(bytes) }]));
  };
  assert.equal(bad([0x10, 12, 0, 0]), ImageStatus.BadValue, "an unknown modifier bit");
  assert.equal(bad([1, 0, 0, 0]), ImageStatus.BadValue, "length 0");
  assert.equal(bad([1, 33, 0, 0]), ImageStatus.BadValue, "longer than a record holds");
  assert.equal(bad([1, 12]), ImageStatus.BadSection, "a short section");
});

// The core's verdict on `text` (latin1 bytes) under the rules it was given at init.
function coreCheck(core: Core, text: string): ReturnType<typeof checkDialNumber> {
  const bytes = Buffer.from(text, "latin1");
  const at = core.exports.codecInPtr();
  new Uint8Array(core.exports.memory.buffer).set(bytes, at);
  const n = core.exports.dialCheck(at, bytes.length);
  const kept = () => Buffer.from(core.exports.memory.buffer, core.exports.dialCheckedPtr(), n).toString("latin1");
  if (n > 0) return { ok: true, number: kept() };
  const problem = (["", "empty", "too-long", "not-dialable", "modifier-not-allowed"] as const)[-n & 0xff];
  assert.ok(problem, `core problem ${-n & 0xff}`);
  return { ok: false, problem, offset: -n >> 8 };
}

test("config_check_and_the_core_give_the_same_verdict_on_any_number", async () => {
  assert.equal(DialProblem.ModifierNotAllowed, 4);
  const core = await Core.load();
  const alphabet = fc.constantFrom(..."0123456789*#,WPTwpt -().;&+!@SAZaz\r\n\t\x1b\x07\x00\x7f\xe9\xff");
  for (const mask of [0, 1, 2, 5, 15]) {
    for (const maxLength of [1, 7, 32]) {
      const modifiers = DIAL_MODIFIERS.filter((_, k) => mask & (1 << k)).join("");
      const rules: DialRules = { modifiers, maxLength };
      const shown = modifiers === "" ? "none" : [...modifiers].join(" ");
      const cfg = `callback dialstring modifiers ${shown}\ncallback dialstring max-length ${maxLength}\nline 1\n`;
      const r = compileConfig(cfg, "rules.cfg");
      assert.ok(r.ok, formatDiagnostics(r).join("\n"));
      core.init(compileImage(r.model));
      fc.assert(
        fc.property(fc.array(alphabet, { maxLength: 40 }).map((cs) => cs.join("")), (text) => {
          assert.deepEqual(coreCheck(core, text), checkDialNumber(text, rules), JSON.stringify({ text, rules }));
        }),
        { numRuns: 300 },
      );
    }
  }
});
