import { test } from "node:test";
import assert from "node:assert/strict";
import { compileConfig, formatDiagnostics } from "../../../host/config/compile.ts";
import { ALL_COMMANDS } from "../../../host/config/reader.ts";

const at = (text: string | Uint8Array) => compileConfig(text, "o.cfg").diagnostics.map((d) => `${d.severity} ${d.loc.line}:${d.loc.col}: ${d.message}`);

test("lf_crlf_and_lone_cr_all_end_a_line", () => {
  for (const eol of ["\n", "\r\n", "\r"]) {
    const r = compileConfig(["hostname gw", "line 7", " login local", "line 8", " rotary 3", ""].join(eol), "o.cfg");
    assert.deepEqual(r.diagnostics, [], JSON.stringify(eol));
    assert.equal(r.model.hostname, "gw");
    assert.deepEqual(r.model.lines.map((l) => [l.number, l.login?.method ?? null, l.rotary]), [[7, "local", null], [8, null, 3]]);
  }
});

test("tabs_are_blanks_and_control_characters_are_errors_at_their_column", () => {
  assert.deepEqual(at("line\t7\n\tlogin\tlocal\n"), []);
  assert.deepEqual(at("hostname a\0b\n"), ["error 1:11: control character U+0000 in a command (only printable text and tabs are read)"]);
  assert.deepEqual(at("line 7\n modem InOut\x1b[2J\n"), ["error 2:13: control character U+001B in a command (only printable text and tabs are read)"]);
  assert.deepEqual(at("hostname gw\x7f\n"), ["error 1:12: control character U+007F in a command (only printable text and tabs are read)"]);
  // A banner is text, not a command: its delimiter may be ^C itself and its body anything.
  const banner = compileConfig("banner motd \x03\n\x1b[1mAuthorised use only\x1b[0m\n\x03\nhostname gw\n", "o.cfg");
  assert.equal(banner.ok, true, formatDiagnostics(banner).join("\n"));
  assert.equal(banner.model.hostname, "gw");
});

test("bytes_that_are_not_utf8_are_named_at_their_line_and_column_and_the_rest_is_read", () => {
  const bytes = Buffer.concat([Buffer.from("hostname gw\nline 7\n rotary 3 "), Buffer.from([0xff, 0xfe]), Buffer.from("\nline 200\n")]);
  assert.deepEqual(at(bytes), [
    "error 3:11: not UTF-8 text: an invalid byte here (save the file as UTF-8 or ASCII)",
    'error 3:11: unexpected "\ufffd\ufffd" after complete command "rotary"',
    "error 4:6: tty line 200 does not exist: tty lines are 1-63",
  ]);
  assert.deepEqual(at(Buffer.from("\ufeffhostname gw\n")), [], "a UTF-8 byte-order mark is fine");
});

test("empty_blank_and_nul_only_files_never_throw", () => {
  for (const text of ["", "\n\n\n", "   \t  \n", "\0", "\0\0\n\0", "!", "\r\r\r", "\ufeff", "no", "end", "exit\nexit\nend\n"]) {
    const r = compileConfig(text, "o.cfg");
    for (const d of r.diagnostics) assert.ok(d.loc.line >= 1 && d.loc.col >= 1, `${JSON.stringify(text)}: ${d.message}`);
  }
});

test("every_command_with_missing_extra_or_huge_arguments_gives_located_errors_only", () => {
  const prefix: Record<string, string> = { global: "", interface: "interface async 7\n ", line: "line 7\n ", any: "" };
  const huge = [" 99999999999999999999999999", " -1", ` ${"9".repeat(300)}`, ` ${"w".repeat(4000)}`];
  const tails = ["", " x y z w v", ...huge, ' ""', " \u201c\u201c", " 7 7 7 7 7 7 7 7 7"];
  for (const c of ALL_COMMANDS) {
    for (const tail of tails) {
      const text = `${prefix[c.mode]}${c.words.join(" ")}${tail}\n`;
      const lines = text.split("\n").length;
      let r;
      try {
        r = compileConfig(text, "o.cfg");
      } catch (e) {
        assert.fail(`${JSON.stringify(text.slice(0, 200))} threw ${(e as Error).stack}`);
      }
      for (const d of formatDiagnostics(r)) assert.match(d, /^o\.cfg:\d+:\d+: (error|warning|note): /);
      for (const d of r.diagnostics) assert.ok(d.loc.line <= lines && d.loc.col >= 1, `${text}: ${d.loc.line}:${d.loc.col}`);
    }
  }
});
