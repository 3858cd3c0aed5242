import { test } from "node:test";
import assert from "node:assert/strict";
import { compileConfig } from "../../../host/config/compile.ts";
import { showRunningConfig } from "../../../host/config/show.ts";
import { compileIosRegexp } from "../../../host/config/ios-regexp.ts";
import { type7Decode, type7Encode } from "../../../host/config/type7.ts";

const read = (text: string) => {
  const r = compileConfig(text, "t.cfg");
  assert.deepEqual(r.diagnostics.filter((d) => d.severity === "error"), []);
  return r;
};

test("keywords_are_case_insensitive_and_unique_prefixes_stand_for_them", () => {
  const r = read("INT ASYNC 7\n ENC PPP\n no keep\n ppp cal acc\n ppp authe chap pap if-n dialin\n as mode ded\nline 7\n autosel ppp\n MODEM inout\n");
  const i = r.model.interfaces[0];
  assert.deepEqual(
    [i.encapsulation, i.keepalive, i.pppCallback, i.pppAuthentication, i.asyncMode],
    ["ppp", 0, "accept", { protocols: ["chap", "pap"], ifNeeded: true, list: "dialin", callin: false, oneTime: false, optional: false }, "dedicated"],
  );
  assert.equal(r.model.lines[0].modem, "InOut");
  assert.equal(r.model.lines[0].autoselect.ppp, true);
});

test("interface_names_may_be_one_word_or_two_like_on_the_router", () => {
  const r = read("interface Async7\n ip unnumbered Ethernet0\ninterface async 8\n ip unnumbered ethernet 0\n");
  assert.deepEqual(r.model.interfaces.map((i) => [i.number, i.ipUnnumbered]), [[7, "Ethernet0"], [8, "Ethernet0"]]);
});

test("no_forms_undo_what_the_command_set", () => {
  const text = ["service exec-callback", "no service exec-callback", "username a password x", "username b password y", "no username a"];
  const r = read([...text, "line 3", " no flush-at-activation", " rotary 5", " no rotary", ""].join("\n"));
  assert.equal(r.model.service.execCallback, false);
  assert.deepEqual(r.model.users.map((u) => u.name), ["b"]);
  assert.equal(r.model.lines[0].flushAtActivation, false);
  assert.equal(r.model.lines[0].rotary, null);
});

test("a_sub_mode_falls_back_to_global_for_a_global_command_and_exit_leaves_it", () => {
  const r = read("line 7\n login local\nhostname gw\nline 8\n rotary 3\n");
  assert.equal(r.model.hostname, "gw");
  assert.deepEqual(r.model.lines.map((l) => l.rotary), [null, 3]);
  assert.equal(r.diagnostics.length, 0);
  for (const text of ["line 7\nexit\nrotary 3\n", "line 7\nhostname gw\n rotary 3\n"]) {
    const bad = compileConfig(text);
    assert.deepEqual(
      bad.diagnostics.map((d) => [d.loc.line, d.message]),
      [[3, 'unknown command "rotary" (a line command: enter "line N" first)']],
    );
  }
});

test("an_indented_command_is_a_command_not_a_continuation", () => {
  const r = read("username a password x\n hostname gw\n");
  assert.equal(r.model.hostname, "gw");
  assert.equal(r.model.users[0].password?.text, "x");
  assert.deepEqual(r.diagnostics, []);
});

test("callback_forced_wait_is_global_and_per_line_and_the_line_value_wins", () => {
  const r = read("callback forced-wait 4\nline 7 8\nline 8\n callback forced-wait 9\n");
  assert.equal(r.model.callback.forcedWait, 4);
  assert.deepEqual(r.model.lines.map((l) => l.forcedWait), [null, 9]);
});

test("type_7_passwords_are_decoded_and_shown_again_under_password_encryption", () => {
  const cipher = type7Encode("Rhoda");
  assert.equal(type7Decode(cipher), "Rhoda");
  assert.equal(type7Decode("0822455D0A16"), "cisco", "a widely published sample");
  const r = read(`username Ted password 7 ${cipher}\n`);
  assert.deepEqual(r.model.users[0].password, { text: "Rhoda", type: 7 });
  const enc = read("service password-encryption\nusername Ted password Rhoda\n");
  assert.ok(showRunningConfig(enc.model).includes(`username Ted password 7 ${cipher}\n`));
  assert.ok(showRunningConfig(read("username Ted password Rhoda\n").model).includes("username Ted password 0 Rhoda\n"));
});

test("ios_regexp_subset_matches_anywhere_unless_anchored", () => {
  const names = ["usr-v34", "dial-v90", "hayes-v32bis"];
  const pick = (re: string) => {
    const c = compileIosRegexp(re);
    assert.ok(c.ok);
    return names.filter((n) => c.regexp.test(n));
  };
  assert.deepEqual(pick("v3"), ["usr-v34", "hayes-v32bis"]);
  assert.deepEqual(pick("^dial"), ["dial-v90"]);
  assert.deepEqual(pick("(usr|hayes)-v3[0-9]+$"), ["usr-v34"]);
  assert.deepEqual(pick("d.*90"), ["dial-v90"]);
  assert.deepEqual(pick("v{3}"), [], "braces are literal");
  const bad = compileIosRegexp("a)b");
  assert.deepEqual(bad, { ok: false, offset: 1, message: "unbalanced ) in regular expression" });
});

test("the_first_chat_script_in_configuration_order_serves_a_line", () => {
  const r = read("chat-script b-v34 ATZ OK\nchat-script a-v34 ATZ OK\nline 1\n script arap-callback v34\n");
  assert.deepEqual(r.model.lines[0].scripts["arap-callback"], { regexp: "v34", matches: ["b-v34", "a-v34"] });
});

test("callback_without_authentication_is_warned_about", () => {
  const r = compileConfig("interface async 1\n ppp callback accept\n");
  assert.deepEqual(
    r.diagnostics.map((d) => [d.severity, d.loc.line, d.message]),
    [["warning", 2, 'interface Async1: callback needs "ppp authentication pap|chap" (it happens only after authentication)']],
  );
});

test("dialback_extensions_read_and_are_noted_as_not_ios", () => {
  const r = read("username a callback-allowed-pattern ^555 password x\ncallback retry 3 30\n");
  assert.equal(r.model.users[0].callbackAllowedPattern, "^555");
  assert.deepEqual(r.model.callback.retry, { count: 3, gapSeconds: 30 });
  assert.deepEqual(r.diagnostics.map((d) => d.severity), ["note", "note"]);
  assert.deepEqual(compileConfig(showRunningConfig(r.model)).model, r.model);
});

test("a_pasted_show_running_config_capture_with_its_header_and_a_banner_reads", () => {
  const header = ["Building configuration...", "", "Current configuration : 912 bytes", "!"];
  const text = [...header, "hostname gw", "banner motd ^C", "  Dial-in only", "^C", "line 7", " login local", "end"];
  const r = compileConfig(text.join("\n") + "\n");
  assert.deepEqual(r.diagnostics.map((d) => [d.severity, d.loc.line]), [["note", 6]]);
  assert.deepEqual(r.model.extras, [{ text: "banner motd ^C\n  Dial-in only\n^C", opensBlock: false, block: [] }]);
  assert.equal(r.model.lines[0].login?.method, "local");
  assert.deepEqual(compileConfig(showRunningConfig(r.model)).model, r.model);
});

test("keepalive_10_is_the_ios_default_and_is_not_printed", () => {
  const r = read("interface async 1\n keepalive 10\n");
  assert.equal(r.model.interfaces[0].keepalive, null);
  assert.equal(showRunningConfig(r.model).includes("keepalive"), false);
});

test("method_lists_used_but_never_defined_are_warned_about_like_ios_does", () => {
  const text = ["aaa new-model", "aaa authentication login staff local", "line 1", " login authentication staf"];
  const r = compileConfig([...text, "interface async 1", " ppp authentication chap dial", ""].join("\n"));
  assert.deepEqual(
    r.diagnostics.map((d) => [d.severity, d.loc.line, d.loc.col, d.message]),
    [
      ["warning", 4, 23, 'authentication list "staf" is not defined for LOGIN ("aaa authentication login staf ...")'],
      ["warning", 6, 26, 'authentication list "dial" is not defined for PPP ("aaa authentication ppp dial ...")'],
    ],
  );
});

test("a_protocol_without_callback_on_a_line_users_arrive_by_is_warned_about", () => {
  const user = "username a callback-dialstring 555 password x";
  const text = [user, "interface async 1", " ppp authentication pap", "line 1", " autoselect ppp", " autoselect arap"];
  const r = compileConfig(text.join("\n") + "\n");
  assert.deepEqual(
    r.diagnostics.map((d) => [d.severity, d.loc.line, d.message]),
    [
      [
        "warning",
        1,
        'user a is called back on line 1, and it has no "script callback" or "script arap-callback": the callback would end "no script" ' +
          '(add "script callback REGEXP", "script arap-callback REGEXP" and a chat-script it matches)',
      ],
      ["warning", 5, 'PPP callers on line 1 are never called back: interface Async1 has no "ppp callback accept"'],
      ["warning", 6, 'ARA callers are never called back: "arap callback" is not configured'],
    ],
  );
});
