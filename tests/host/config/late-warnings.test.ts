import { test } from "node:test";
import assert from "node:assert/strict";
import { compileConfig, formatDiagnostics } from "../../../host/config/compile.ts";

// Settings IOS accepts that fail only when a caller is there: config check warns at their
// FILE:LINE:COL, and the warning goes away once the setting is fixed.

const warnings = (text: string) => formatDiagnostics(compileConfig(text, "w.cfg")).filter((d) => d.includes(": warning: ")).map((d) => d.split("\n")[0]);
const CHAT = 'chat-script dial ABORT ERROR ABORT BUSY "" "ATZ" OK "ATDT \\T" TIMEOUT 30 CONNECT \\c';
const PPP = ["interface async 7", " encapsulation ppp", " ppp callback accept", " ppp authentication chap"];

test("a_callback_user_whose_lines_have_no_callback_script_is_warned_about_with_the_fix", () => {
  const text = ["username Ted callback-dialstring 1234567 password Rhoda", ...PPP, "line 7", " login local", " autoselect ppp", " modem InOut"].join("\n");
  assert.deepEqual(warnings(text), [
    'w.cfg:1:14: warning: user Ted is called back on line 7, and it has no "script callback": the callback would end "no script" ' +
      '(add "script callback REGEXP" and a chat-script it matches)',
    'w.cfg:1:14: warning: users with "callback-dialstring" who log in at the EXEC prompt (line 7) are not called back: "service exec-callback" is not set',
  ]);
  const fixed = [CHAT, "service exec-callback", text, " script callback dial"].join("\n");
  assert.deepEqual(warnings(fixed), []);
});

test("modem_dialin_on_a_line_a_callback_leaves_on_is_warned_about", () => {
  const user = "username Ted callback-dialstring 1234567 callback-line 8 password Rhoda";
  const text = [CHAT, user, "line 7", " login local", "line 8", " modem Dialin", " script callback dial"].join("\n");
  assert.deepEqual(warnings(text), [
    'w.cfg:2:14: warning: users with "callback-dialstring" who log in at the EXEC prompt (line 7) are not called back: "service exec-callback" is not set',
    `w.cfg:6:2: warning: line 8 is "modem Dialin", and user Ted's callback may leave on it: ` +
      'no call can be dialled on it (the callback ends "no free line"); use "modem InOut"',
  ]);
  assert.deepEqual(warnings(["service exec-callback", text.replace("modem Dialin", "modem InOut")].join("\n")), []);
  // A dial-in line no callback leaves on may stay Dialin.
  assert.deepEqual(warnings(["service exec-callback", text, "line 7", " modem Dialin"].join("\n")).filter((w) => w.includes("Dialin")).length, 1);
});

test("ppp_callback_request_on_a_dial_in_interface_is_warned_about", () => {
  const text = ["interface async 7", " encapsulation ppp", " ppp callback request", " ppp authentication chap"].join("\n");
  assert.deepEqual(warnings(text), [
    'w.cfg:3:15: warning: interface Async7: "ppp callback request" makes this server ask the caller to call it back ' +
      '(the client side of RFC 1570, for dial-on-demand routing); callers here are never called back: use "ppp callback accept"',
  ]);
});

test("the_ara_warning_is_not_given_after_no_autoselect_arap", () => {
  const user = "username a callback-dialstring 555 password x";
  const text = [CHAT, "service exec-callback", user, "line 1", " login local", " script callback dial", " autoselect arap"].join("\n");
  assert.deepEqual(warnings(text), ['w.cfg:7:2: warning: ARA callers are never called back: "arap callback" is not configured']);
  assert.deepEqual(warnings(`${text}\n no autoselect arap\n`), []);
});

test("autoselect_ppp_on_a_range_checks_every_line_for_its_interface_not_only_the_first", () => {
  // Line 1 has an interface without callback (a warning): lines 2-4 must still be checked, as
  // show running-config splits the range and would otherwise refuse its own output.
  const text = "username u callback-dialstring 5550001 password p\ninterface Async1\n encapsulation ppp\nline 1 4\n autoselect ppp\n";
  const out = formatDiagnostics(compileConfig(text, "gw.cfg"), false).join("\n");
  assert.match(out, /gw\.cfg:5:2: error: line 2 has "autoselect ppp" but there is no "interface async 2"/);
});

test("an_ara_callback_line_with_only_script_callback_is_warned_about", () => {
  const user = "username excalibur callback-dialstring 123456 callback-line 7 password guenivere";
  const lines = ["line 4", " autoselect arap", " arap enable", "line 7", " modem InOut", " script callback dial"];
  const text = [CHAT, "service exec-callback", "arap callback", user, ...lines].join("\n");
  assert.deepEqual(warnings(text), [
    `w.cfg:4:20: warning: user excalibur's ARA callback leaves on line 7, and it has no "script arap-callback": it would end "no script" ` +
      '(add "script arap-callback REGEXP" and a chat-script it matches)',
  ]);
  assert.deepEqual(warnings(`${text}\n script arap-callback dial\n`), []);
});
