import { test } from "node:test";
import assert from "node:assert/strict";
import { compileConfig, formatDiagnostics } from "../../../host/config/compile.ts";
import { showRunningConfig } from "../../../host/config/show.ts";

const read = (text: string) => {
  const r = compileConfig(text, "m.cfg");
  assert.deepEqual(formatDiagnostics(r, false), []);
  return r;
};
const shown = (text: string) => showRunningConfig(read(text).model);

// IOS: a command the current sub-mode does not take is tried in the parent modes up to global,
// and the sub-mode ends (the command lands at its own level in the running configuration).

test("ip_route_after_an_async_interface_is_a_global_route_not_ip_route_cache", () => {
  const r = read("interface Async7\n encapsulation ppp\nip route 0.0.0.0 0.0.0.0 10.1.1.1\n");
  assert.deepEqual(r.model.interfaces[0].extras, []);
  assert.deepEqual(r.model.extras.map((e) => e.text), ["ip route 0.0.0.0 0.0.0.0 10.1.1.1"]);
  assert.match(showRunningConfig(r.model), /^ encapsulation ppp\n!\nip route 0\.0\.0\.0 0\.0\.0\.0 10\.1\.1\.1\n/m);
  // The sub-mode ended there, as on the router: an interface command after it is an error.
  const after = compileConfig("interface Async7\nip route 0.0.0.0 0.0.0.0 10.1.1.1\n no keepalive\n", "m.cfg");
  assert.deepEqual(
    after.diagnostics.filter((d) => d.severity === "error").map((d) => `${d.loc.line}:${d.loc.col}: ${d.message}`),
    ['3:5: unknown command "keepalive" (an interface command: enter "interface async N" first)'],
  );
});

test("ip_route_and_logging_after_a_line_are_global_commands", () => {
  const r = compileConfig("line 7\n login local\nip route 0.0.0.0 0.0.0.0 10.1.1.1\nlogging 10.1.1.5\n", "m.cfg");
  assert.deepEqual(r.model.lines[0].extras, []);
  assert.deepEqual(r.model.extras.map((e) => e.text), ["ip route 0.0.0.0 0.0.0.0 10.1.1.1", "logging 10.1.1.5"]);
  const text = showRunningConfig(r.model);
  assert.ok(text.indexOf("ip route 0.0.0.0") < text.indexOf("line 7"), text);
  assert.ok(!/^ (ip route|logging)/m.test(text), text);
});

test("line_commands_ios_knows_stay_in_the_line", () => {
  const r = read("line 7\n logging synchronous\n ip netmask-format decimal\n");
  assert.deepEqual(r.model.lines[0].extras, ["logging synchronous", "ip netmask-format decimal"]);
  assert.deepEqual(r.model.extras, []);
});

test("global_ip_commands_after_an_async_or_group_async_interface_are_read_as_after_exit", () => {
  const globals = ["ip classless", "ip local pool DIALIN 10.1.1.100 10.1.1.120", "ip subnet-zero", "ip domain-name example.net"];
  globals.push("ip name-server 10.1.1.2", "no ip http server");
  for (const head of ["interface Async7\n encapsulation ppp", "interface Group-Async1\n group-range 1 8"]) {
    const inside = read(`${head}\n${globals.join("\n")}\n`);
    const after = read(`${head}\nexit\n${globals.join("\n")}\n`);
    assert.deepEqual(inside.model, after.model, head);
    assert.deepEqual(inside.model.pools, [{ name: "DIALIN", ranges: [{ first: "10.1.1.100", last: "10.1.1.120" }] }]);
    assert.deepEqual(inside.model.interfaces.flatMap((i) => i.extras), []);
  }
});

test("a_typo_in_a_sub_mode_stays_an_error_there_and_does_not_become_a_global_command", () => {
  const errors = (text: string) =>
    compileConfig(text, "m.cfg").diagnostics.filter((d) => d.severity === "error").map((d) => `${d.loc.line}:${d.loc.col}: ${d.message}`);
  assert.deepEqual(errors("interface Async7\n ip address 10.1.1.300 255.255.255.0\n"), [
    '2:13: "10.1.1.300" is not an IPv4 address: expected an IPv4 address',
  ]);
  assert.deepEqual(errors("line 7\n modem inbound\n"), ['2:8: unknown keyword "inbound" after "modem"']);
});

test("nested_kept_modes_keep_their_depth", () => {
  const text = "key chain RIP\n key 1\n  key-string 7 0822455D0A16\nrouter rip\n version 2\n network 10.0.0.0\n";
  const r = read(text);
  assert.deepEqual(r.model.extras.map((e) => [e.text, e.block]), [
    ["key chain RIP", ["key 1", " key-string 7 0822455D0A16"]],
    ["router rip", ["version 2", "network 10.0.0.0"]],
  ]);
  assert.ok(shown(text).includes("key chain RIP\n key 1\n  key-string 7 0822455D0A16\n"));
});

test("aaa_group_server_is_a_sub_mode_whose_server_lines_belong_to_it", () => {
  const group = "aaa group server radius DIAL\n server 10.1.1.5 auth-port 1645 acct-port 1646\n server 10.1.1.6\n";
  const r = read(`aaa new-model\n${group}aaa authentication ppp default group DIAL local\n`);
  assert.deepEqual(r.model.aaa.groups, [
    {
      protocol: "radius",
      name: "DIAL",
      servers: [{ host: "10.1.1.5", authPort: 1645, acctPort: 1646 }, { host: "10.1.1.6", authPort: null, acctPort: null }],
      extras: [],
    },
  ]);
  assert.deepEqual(r.model.aaa.lists.map((l) => l.methods), [["group DIAL", "local"]]);
});

// A pasted session: `configure terminal` starts configuration, `end` (or `exit` from global)
// ends it; EXEC commands after it (`write memory`, `copy running-config startup-config`) are fine.

test("a_pasted_session_reads_configure_terminal_end_write_memory_and_copy", () => {
  for (const tail of ["write memory", "wr", "copy running-config startup-config", "copy run start", "exit\nwrite"]) {
    const r = read(`enable\nconfigure terminal\nhostname r1\nline 7\n login local\nend\n${tail}\n`);
    assert.equal(r.model.hostname, "r1", tail);
    assert.equal(r.model.lines[0].login?.method, "local");
  }
  read("conf t\nhostname r1\n^Z\n".replace("^Z\n", "end\n"));
});

test("lines_after_end_are_not_configuration_and_say_so_once", () => {
  const r = compileConfig("configure terminal\nhostname r1\nend\nhostname r2\nusername a password b\n", "m.cfg");
  assert.equal(r.model.hostname, "r1");
  assert.deepEqual(r.model.users, []);
  assert.deepEqual(
    r.diagnostics.map((d) => [d.severity, d.loc.line, d.message]),
    [["warning", 4, 'not read: configuration mode ended with "end" on line 3 ("configure terminal" starts it again)']],
  );
  const again = read("hostname r1\nend\nconfigure terminal\nhostname r2\nend\n");
  assert.equal(again.model.hostname, "r2");
});

test("exit_from_global_mode_ends_configuration_like_end", () => {
  const r = compileConfig("interface Async1\n encapsulation ppp\n exit\nexit\nhostname r2\n", "m.cfg");
  assert.equal(r.model.hostname, null);
  assert.deepEqual(r.diagnostics.map((d) => [d.severity, d.loc.line]), [["warning", 5]]);
});

test("write_memory_inside_configuration_mode_is_a_warning_not_an_error", () => {
  const r = compileConfig("hostname r1\nwrite memory\nline 1\n", "m.cfg");
  assert.equal(r.ok, true);
  assert.deepEqual(
    r.diagnostics.map((d) => [d.severity, d.loc.line, d.message]),
    [["warning", 2, '"write memory" is an EXEC command: IOS refuses it in configuration mode ("end" first, or "do write memory")']],
  );
  read("hostname r1\ndo write memory\n");
});

test("in_an_unindented_block_of_a_kept_interface_ip_route_is_still_the_global_route", () => {
  const r = read("interface Serial0\nip address 10.1.1.1 255.255.255.252\nip route 0.0.0.0 0.0.0.0 10.1.1.2\n");
  assert.deepEqual(r.model.extras.map((e) => [e.text, e.block]), [
    ["interface Serial0", ["ip address 10.1.1.1 255.255.255.252"]],
    ["ip route 0.0.0.0 0.0.0.0 10.1.1.2", []],
  ]);
});

test("an_indented_sub_mode_ends_at_an_unindented_global_command_it_has_a_keyword_for", () => {
  // show running-config's style: the sub-mode's commands indented, the next global one not.
  const printed = read("interface Async1\n encapsulation ppp\nntp server 10.1.1.9\n");
  assert.deepEqual([printed.model.interfaces[0].extras, printed.model.extras.map((e) => e.text)], [[], ["ntp server 10.1.1.9"]]);
  // A file that indents nothing keeps IOS's rule: the interface takes its own `ntp disable`.
  const flat = read("interface Async1\nencapsulation ppp\nntp disable\n");
  assert.deepEqual([flat.model.interfaces[0].extras, flat.model.extras], [["ntp disable"], []]);
});
