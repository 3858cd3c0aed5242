import { test } from "node:test";
import assert from "node:assert/strict";
import { compileConfig, formatDiagnostics } from "../../../host/config/compile.ts";

// [case, configuration, line, column, message]: each broken configuration gives exactly one
// error, at that place, with that text.
const BROKEN: [string, string, number, number, string][] = [
  ["unknown_global", "hostnme dialback", 1, 1, "unknown command \"hostnme\"; did you mean \"hostname\"?"],
  ["misspelt_interface_command", "interface async 7\n encapsulaton ppp", 2, 2, "unknown command \"encapsulaton\"; did you mean \"encapsulation\"?"],
  ["ambiguous_abbreviation", "interface async 7\n p callback accept", 2, 2,
    "ambiguous command \"p\": peer, physical-layer, ppp, pppoe, pppoe-client, priority-group, pulse-time"],
  ["bad_encapsulation", "interface async 7\n encapsulation hdlc", 2, 16, "unknown keyword \"hdlc\" after \"encapsulation\": expected ppp | slip"],
  ["missing_ppp_callback_op", "interface async 7\n ppp callback", 2, 15, "incomplete command \"ppp callback\": expected accept | initiate | request"],
  ["misspelt_callback_op", "interface async 7\n ppp callback acept", 2, 15, "unknown keyword \"acept\" after \"ppp callback\"; did you mean \"accept\"?"],
  ["bad_ip", "interface async 7\n peer default ip address 10.1.1.300", 2, 26, "\"10.1.1.300\" is not an IPv4 address: expected the peer's IPv4 address"],
  ["interface_out_of_range", "interface async 99", 1, 11, "interface Async99: async interfaces are numbered like their TTY lines, 1-63"],
  ["unknown_interface_type", "interface asink 7", 1, 11, "unknown interface type \"asink\""],
  ["missing_interface_number", "interface async", 1, 17, "incomplete command \"interface\": expected an interface number after \"Async\""],
  ["extra_word", "interface async 7\n encapsulation ppp extra", 2, 20, "unexpected \"extra\" after complete command \"encapsulation\""],
  ["bad_keepalive", "interface async 7\n keepalive ten", 2, 12, "unexpected \"ten\" after complete command \"keepalive\""],
  ["auth_twice", "interface async 7\n ppp authentication pap pap", 2, 25, "\"pap\" listed twice"],
  ["line_range_backwards", "line 9 7", 1, 8, "line range 9 7 ends before it starts"],
  ["line_out_of_range", "line 64", 1, 6, "tty line 64 does not exist: tty lines are 1-63"],
  ["line_bad_number", "line seven", 1, 6, "\"seven\" is not a number: expected a line number (0-999)"],
  ["vty_out_of_range", "line vty 0 16", 1, 12, "vty line 16 does not exist: vty lines are 0-15"],
  ["rotary_out_of_range", "line 7\n rotary 200", 2, 9, "200 is out of range for a rotary group (1-100)"],
  ["rotary_missing", "line 7\n rotary", 2, 9, "incomplete command \"rotary\": expected a rotary group (1-100)"],
  ["forced_wait_too_long", "line 7\n callback forced-wait 500", 2, 23, "500 is out of range for seconds (0-120)"],
  ["forced_wait_global_bad", "callback forced-wait -1", 1, 22, "\"-1\" is not a number: expected seconds (0-120)"],
  ["speed_not_standard", "line 7\n speed 12345", 2, 8, "speed 12345 is not a standard rate such as 9600, 38400 or 115200"],
  ["exec_timeout_bad", "line 7\n exec-timeout x", 2, 15, "\"x\" is not a number: expected minutes (0-35791)"],
  ["modem_unknown", "line 7\n modem inbound", 2, 8, "unknown keyword \"inbound\" after \"modem\""],
  ["autoselect_unknown", "line 7\n autoselect pxp", 2, 13, "unknown keyword \"pxp\" after \"autoselect\"; did you mean \"ppp\"?"],
  ["transport_unknown", "line 7\n transport input foo", 2, 18,
    "unknown transport \"foo\": expected all, none, telnet, ssh, rlogin, lat, pad, v120, mop, nasi, udptn, lapb-ta"],
  ["script_no_match", "chat-script dial ABORT BUSY \"\" ATZ OK\nline 7\n script callback offhook", 3, 18,
    "no matching chat script found for \"offhook\" (script callback)"],
  ["script_bad_regexp", "chat-script dial ATZ OK\nline 7\n script callback dial(", 3, 22, "unbalanced ( in regular expression"],
  ["script_star_nothing", "chat-script dial ATZ OK\nline 7\n script callback *dial", 3, 18, "\"*\" has nothing to repeat"],
  ["unterminated_quote", "username bob callback-dialstring \"123 password x", 1, 34, "unterminated quoted string"],
  ["text_after_quote", "username bob callback-dialstring \"123\"45 password x", 1, 39, "text directly after a closing quote; put a space between words"],
  ["dangling_rotary", "username bob callback-rotary 5 password x\nline 7\n rotary 6", 1, 30, "rotary group 5 has no lines (no TTY line has \"rotary 5\")"],
  ["dangling_callback_line", "username bob callback-line 12 password x\nline 7", 1, 28, "callback line 12 is not configured (no \"line 12\")"],
  ["callback_line_backwards", "username bob callback-line 9 7 password x", 1, 30, "line range 9 7 ends before it starts"],
  ["duplicate_user", "username bob password x\nusername bob password y", 2, 23, "duplicate user \"bob\": password already given on line 1"],
  ["duplicate_option", "username bob callback-rotary 5 callback-rotary 6 password x", 1, 32, "\"callback-rotary\" given twice"],
  ["username_unknown_option", "username bob callbak-rotary 5 password x", 1, 14,
    "unknown keyword \"callbak-rotary\" after \"username\"; did you mean \"callback-rotary\"?"],
  ["username_missing_name", "username", 1, 10, "incomplete command \"username\": expected a user name"],
  ["bad_type7", "username bob password 7 XYZ", 1, 23, "not a valid type 7 secret (two decimal digits, then pairs of hex digits)"],
  ["autoselect_ppp_no_interface", "line 7\n autoselect ppp", 2, 2, "line 7 has \"autoselect ppp\" but there is no \"interface async 7\""],
  ["duplicate_chat_script", "chat-script dial ATZ OK\nchat-script dial ATZ OK", 2, 13, "duplicate chat-script \"dial\" (first defined on line 1)"],
  ["chat_script_no_words", "chat-script dial", 1, 18, "incomplete command \"chat-script\": expected expect-send words"],
  ["no_alone", "no", 1, 1, "incomplete command \"no\""],
  ["no_form_for_exit", "no exit", 1, 1, "\"exit\" has no \"no\" form"],
  ["arap_network_bad", "arap network 70000 zone", 1, 14, "70000 is out of range for an AppleTalk network number (1-65279)"],
  ["aaa_method_unknown", "aaa new-model\naaa authentication login default lokal", 2, 34,
    "unknown AAA method \"lokal\": expected local, local-case, none, enable, line, if-needed, group, tacacs+, radius, krb5, if-authenticated, " +
      "krb5-telnet, krb5-instance"],
  ["aaa_group_missing", "aaa new-model\naaa authentication ppp default group", 2, 38, "incomplete AAA method \"group\": expected a server group name"],
  ["non_ios_word", "frobnicate the modem", 1, 1, "unknown command \"frobnicate\""],
  ["wrong_mode_line_cmd_in_global", "rotary 7", 1, 1, "unknown command \"rotary\" (a line command: enter \"line N\" first)"],
  ["wrong_mode_interface_cmd_in_line", "line 7\n ppp callback accept", 2, 2,
    "unknown command \"ppp\" (an interface command: enter \"interface async N\" first)"],
  ["privilege_out_of_range", "username bob privilege 16 password x", 1, 24, "16 is out of range for a privilege level (0-15)"],
  ["retry_bad", "callback retry 0 10", 1, 16, "0 is out of range for retries (1-10)"],
  ["allowed_pattern_bad", "username bob callback-allowed-pattern [0-9 password x", 1, 39, "unterminated [ in regular expression"],
  ["ip_unnumbered_missing", "interface async 7\n ip unnumbered", 2, 16, "incomplete command \"ip unnumbered\": expected an interface type and number"],
  ["pool_name_empty", "interface async 7\n peer default ip address pool \"\"", 2, 31, "a pool name cannot be empty"],
  ["local_pool_name_empty", "ip local pool \"\" 10.0.0.1", 1, 15, "a pool name cannot be empty"],
  ["local_pool_ranges_full", Array.from({ length: 256 }, (_, i) => `ip local pool P 10.0.${i >> 8}.${i & 255}`).join("\n"), 256, 17,
    "pool P has 255 ranges already (the most the image holds)"],
  ["login_auth_missing_list", "line 7\n login authentication", 2, 23, "incomplete command \"login authentication\": expected an AAA list name (or default)"],
  ["no_interface_without_name", "no interface", 1, 14, "incomplete command \"interface\": expected an interface type and number"],
  ["no_username_without_name", "no username", 1, 13, "incomplete command \"username\": expected a user name"],
  ["group_range_outside_group", "interface async 3\n group-range 1 4", 2, 2, "\"group-range\" belongs in \"interface Group-Async N\""],
  ["group_ranges_overlap", "interface group-async 1\n group-range 1 8\ninterface group-async 2\n group-range 5 9", 4, 14,
    "group range 5 9 overlaps Group-Async1"],
  ["secret_not_ascii", "username a password \u201cx\u201d", 1, 21, "a secret must be printable ASCII (character 1 is U+201C)"],
  ["banner_without_text", "banner motd", 1, 13, "incomplete command \"banner\": expected a delimiting character, the text and the delimiter again"],
  ["login_misspelt_local", "line 7\n login locl", 2, 8, "unknown keyword \"locl\" after \"login\"; did you mean \"local\"?"],
  ["dial_string_missing", "username X callback-dialstring password x", 1, 32, "a dial string (\"\" = the user gives it) missing before \"password\""],
  ["callback_line_aux", "username a callback-dialstring 1 callback-line aux 0 password x\nline aux 0", 1, 48,
    "callback-line aux 0: the core dials callbacks on TTY lines only (the aux line has no port here): use \"callback-line N\" or \"callback-rotary R\""],
  ["banner_never_closed", "banner motd ^C\nWelcome\nline 7", 1, 13, "banner text never ends: no closing \"^C\""],
];

for (const [name, text, line, col, message] of BROKEN) {
  test(`broken_config_${name}_is_reported_at_its_line_and_column`, () => {
    const r = compileConfig(text + "\n", "broken.cfg");
    const errors = r.diagnostics.filter((d) => d.severity === "error");
    assert.equal(r.ok, false);
    assert.deepEqual(
      errors.map((e) => [e.loc.line, e.loc.col, e.message]),
      [[line, col, message]],
    );
  });
}

test("corpus_has_at_least_forty_distinct_cases", () => {
  assert.ok(BROKEN.length >= 40);
  assert.equal(new Set(BROKEN.map((b) => b[0])).size, BROKEN.length);
});

test("every_error_of_a_file_is_reported_in_one_pass", () => {
  const text = ["hostnme x", "interface async 7", " encapsulaton ppp", " ppp callback acept", "line 7", " rotary 200", " speed 12345", "frobnicate"].join("\n");
  const r = compileConfig(text, "many.cfg");
  const at = r.diagnostics.filter((d) => d.severity === "error").map((d) => `${d.loc.line}:${d.loc.col}`);
  assert.deepEqual(at, ["1:1", "3:2", "4:15", "6:9", "7:8", "8:1"]);
});

test("diagnostics_print_file_line_col_severity_message_and_a_caret_under_the_word", () => {
  const r = compileConfig("interface async 7\n encapsulaton ppp\n", "router.cfg");
  assert.deepEqual(formatDiagnostics(r), [
    'router.cfg:2:2: error: unknown command "encapsulaton"; did you mean "encapsulation"?\n encapsulaton ppp\n ^' + "~".repeat("encapsulaton".length - 1),
  ]);
});

test("ios_commands_outside_the_set_are_kept_and_noted_once", () => {
  const r = compileConfig("version 12.2\nip domain-lookup\nip host a 10.0.0.1\nline 7\n length 0\nline 8\n length 24\n", "x.cfg");
  assert.equal(r.ok, true);
  const notes = r.diagnostics.filter((d) => d.severity === "note").map((d) => [d.loc.line, d.message]);
  assert.deepEqual(notes, [
    [1, '"version" accepted, no effect here (kept in the running configuration)'],
    [2, '"ip" accepted, no effect here (kept in the running configuration)'],
    [5, '"length" accepted, no effect here (kept in the running configuration)'],
  ]);
  assert.deepEqual(r.model.extras.map((e) => e.text), ["version 12.2", "ip domain-lookup", "ip host a 10.0.0.1"]);
  assert.deepEqual(r.model.lines.map((l) => l.extras), [["length 0"], ["length 24"]]);
});

test("blocks_of_unmodelled_modes_are_kept_verbatim_until_a_global_command", () => {
  const r = compileConfig("interface Ethernet0\n ip address 10.0.0.1 255.0.0.0\n no shutdown\nrouter rip\n network 10.0.0.0\nhostname gw\n", "b.cfg");
  assert.equal(r.ok, true, JSON.stringify(r.diagnostics));
  assert.deepEqual(
    r.model.extras.map((e) => [e.text, e.block]),
    [
      ["interface Ethernet0", ["ip address 10.0.0.1 255.0.0.0", "no shutdown"]],
      ["router rip", ["network 10.0.0.0"]],
    ],
  );
  assert.equal(r.model.hostname, "gw");
});
