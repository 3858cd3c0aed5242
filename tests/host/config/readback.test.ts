import { test } from "node:test";
import assert from "node:assert/strict";
import { compileConfig, formatDiagnostics } from "../../../host/config/compile.ts";
import { showRunningConfig } from "../../../host/config/show.ts";

const diags = (text: string) => compileConfig(text, "r.cfg").diagnostics.map((d) => `${d.severity} ${d.loc.line}:${d.loc.col}: ${d.message}`);
const errors = (text: string) => diags(text).filter((d) => d.startsWith("error"));

// What config check accepts, show running-config prints so that it reads back to the same model.

test("a_misspelt_command_in_a_line_is_an_error_not_a_block_printed_under_an_interface", () => {
  // `k` is the line command keymap-type (one word), as on the router: no mode takes the rest.
  assert.deepEqual(errors("interface async 9\nline 4\nk modem InOut\n"), ['error 3:9: unexpected "InOut" after complete command "keymap-type"']);
  assert.deepEqual(errors("interface async 9\nexit\nkey modem InOut\n"), ['error 3:5: unknown keyword "modem" after "key"']);
});

test("an_empty_ppp_authentication_list_name_is_refused", () => {
  assert.deepEqual(errors('interface async 1\n ppp authentication pap ""\n'), ["error 2:25: a method list name cannot be empty"]);
  const r = compileConfig("interface async 1\n ppp authentication pap \"a b\"\n", "r.cfg");
  const text = showRunningConfig(r.model);
  assert.match(text, /^ ppp authentication pap "a b"$/m);
  assert.deepEqual(compileConfig(text).model, r.model);
});

test("an_indented_line_after_a_password_is_not_part_of_the_password", () => {
  const r = compileConfig("username a password x\n  foo bar\n", "r.cfg");
  assert.equal(r.model.users[0].password?.text, "x");
  assert.deepEqual(r.diagnostics.filter((d) => d.severity === "error").map((d) => `${d.loc.line}:${d.loc.col}: ${d.message}`), ['2:3: unknown command "foo"']);
});

test("a_wrapped_username_joins_only_between_options_or_where_a_value_is_missing", () => {
  const wrapped = compileConfig("username Ted callback-rotary 77\n  password Rhoda\nline 1\n rotary 77\n", "r.cfg");
  assert.equal(wrapped.model.users[0].password?.text, "Rhoda");
  const missing = compileConfig("username Ted password\n  Rhoda\n", "r.cfg");
  assert.equal(missing.model.users[0].password?.text, "Rhoda");
  assert.deepEqual(missing.diagnostics.map((d) => d.severity), ["warning"]);
});

test("the_chapters_ara_chat_script_wrapped_onto_a_second_line_reads_as_one_script", () => {
  const text =
    "chat-script name ABORT ERROR ABORT BUSY \u201c\u201c \u201cATZ\u201d OK \u201cATS180=0\u201d OK \u201cATS181=1\u201d OK \u201cATDT \\T\u201d \n" +
    "TIMEOUT 60 CONNECT \\c\n";
  const r = compileConfig(text, "r.cfg");
  assert.deepEqual(
    r.diagnostics.map((d) => `${d.severity} ${d.loc.line}:${d.loc.col}: ${d.message}`),
    ["warning 2:1: line read as the continuation of line 1 (IOS needs one command per line)"],
  );
  const words = ["ABORT", "ERROR", "ABORT", "BUSY", "", "ATZ", "OK", "ATS180=0", "OK", "ATS181=1", "OK", "ATDT \\T", "TIMEOUT", "60", "CONNECT", "\\c"];
  assert.deepEqual(r.model.chatScripts[0].tokens, words);
  // A misspelt command after a chat script is not taken as script words.
  assert.deepEqual(errors("chat-script dial ABORT BUSY\nhostnme gw\n"), ['error 2:1: unknown command "hostnme"; did you mean "hostname"?']);
});

test("show_running_config_of_what_was_accepted_reads_back_the_same", () => {
  const text = [
    "interface async 9", " ppp authentication ms-chap-v2 chap if-needed DIAL callin", " peer default ip address pool DIALIN", " ppp ipcp dns 10.1.1.2 10.1.1.3",
    "ip local pool DIALIN 10.1.1.100 10.1.1.120", "line 4", " modem autoconfigure type usr_sportster", "aaa new-model", "aaa authentication ppp DIAL local",
  ].join("\n");
  const r = compileConfig(text, "r.cfg");
  assert.equal(r.ok, true, formatDiagnostics(r).join("\n"));
  const shown = showRunningConfig(r.model);
  const again = compileConfig(shown, "shown.cfg");
  assert.equal(again.ok, true, formatDiagnostics(again).join("\n"));
  assert.deepEqual(again.model, r.model);
});

test("a_global_command_printed_after_an_empty_block_is_not_read_into_it", () => {
  // show running-config closes each block with `!`: an empty `interface Ethernet0` is followed by it.
  const r = compileConfig("ip nat inside source list 1 interface Ethernet0 overload\ninterface Ethernet0\n", "r.cfg");
  const shown = showRunningConfig(r.model);
  assert.match(shown, /^interface Ethernet0\n!\nip nat inside source list 1 interface Ethernet0 overload$/m);
  assert.deepEqual(compileConfig(shown).model, r.model);
});
