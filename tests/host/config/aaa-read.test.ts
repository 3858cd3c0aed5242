import { test } from "node:test";
import assert from "node:assert/strict";
import { compileConfig, formatDiagnostics } from "../../../host/config/compile.ts";
import { showRunningConfig } from "../../../host/config/show.ts";
import { compileImage } from "../../../host/config/image.ts";
import { Core } from "../../../host/core/core.ts";
import { ImageStatus } from "../../../host/core/abi.ts";

// The AAA lines every ISP's access server has: read, modelled, printed back (the AAA issue
// makes the host act on them).
const AAA = [
  "aaa new-model",
  "aaa group server tacacs+ ADMIN",
  " server 10.1.1.6",
  "aaa group server radius DIAL",
  " server 10.1.1.5 auth-port 1645 acct-port 1646",
  "aaa authentication login default group ADMIN local",
  "aaa authentication enable default enable",
  "aaa authentication ppp default if-needed group DIAL local",
  "aaa authorization commands 15 default local",
  "aaa authorization exec default local if-authenticated",
  "aaa authorization network default group DIAL local",
  "aaa accounting exec default start-stop group ADMIN",
  "aaa accounting network default start-stop group DIAL",
  "aaa accounting commands 15 default stop-only group ADMIN",
  "aaa accounting update periodic 5",
  "radius-server host 10.1.1.5 auth-port 1645 acct-port 1646 key r4dius",
  "tacacs-server host 10.1.1.6 single-connection key t4cacs",
  "radius-server timeout 3",
  "radius-server retransmit 2",
  "tacacs-server timeout 10",
  "line 1",
  " login authentication default",
].join("\n");

test("the_aaa_lines_of_an_isp_access_server_read_with_no_error", () => {
  const r = compileConfig(AAA, "aaa.cfg");
  assert.deepEqual(formatDiagnostics(r, false), []);
  const m = r.model;
  assert.deepEqual(m.aaa.groups.map((g) => [g.protocol, g.name, g.servers]), [
    ["tacacs+", "ADMIN", [{ host: "10.1.1.6", authPort: null, acctPort: null }]],
    ["radius", "DIAL", [{ host: "10.1.1.5", authPort: 1645, acctPort: 1646 }]],
  ]);
  assert.deepEqual(m.aaa.lists.map((l) => [l.kind, l.service, l.level ?? null, l.name, l.methods.join(" ")]), [
    ["authentication", "login", null, "default", "group ADMIN local"],
    ["authentication", "enable", null, "default", "enable"],
    ["authentication", "ppp", null, "default", "if-needed group DIAL local"],
    ["authorization", "commands", 15, "default", "local"],
    ["authorization", "exec", null, "default", "local if-authenticated"],
    ["authorization", "network", null, "default", "group DIAL local"],
  ]);
  assert.deepEqual(m.aaa.accounting, [
    { type: "exec", name: "default", record: "start-stop", broadcast: false, methods: ["group ADMIN"] },
    { type: "network", name: "default", record: "start-stop", broadcast: false, methods: ["group DIAL"] },
    { type: "commands", level: 15, name: "default", record: "stop-only", broadcast: false, methods: ["group ADMIN"] },
  ]);
  assert.deepEqual(m.aaa.accountingOptions, { update: { newinfo: false, periodic: 5 }, suppressNullUsername: false });
  assert.deepEqual(m.radius.hosts, [{ host: "10.1.1.5", key: { text: "r4dius", type: 0 }, port: 1645, acctPort: 1646 }]);
  assert.deepEqual(m.tacacs.hosts, [{ host: "10.1.1.6", key: { text: "t4cacs", type: 0 }, singleConnection: true }]);
  assert.deepEqual([m.radius.timeout, m.radius.retransmit, m.tacacs.timeout], [3, 2, 10]);
});

test("the_aaa_lines_print_in_ios_order_and_read_back", () => {
  const r = compileConfig(AAA, "aaa.cfg");
  const text = showRunningConfig(r.model);
  const aaa = text.split("\n").filter((l) => /^(aaa| server)/.test(l));
  assert.deepEqual(aaa, [
    "aaa new-model",
    "aaa group server tacacs+ ADMIN",
    " server 10.1.1.6",
    "aaa group server radius DIAL",
    " server 10.1.1.5 auth-port 1645 acct-port 1646",
    "aaa authentication login default group ADMIN local",
    "aaa authentication enable default enable",
    "aaa authentication ppp default if-needed group DIAL local",
    "aaa authorization commands 15 default local",
    "aaa authorization exec default local if-authenticated",
    "aaa authorization network default group DIAL local",
    "aaa accounting update periodic 5",
    "aaa accounting exec default start-stop group ADMIN",
    "aaa accounting network default start-stop group DIAL",
    "aaa accounting commands 15 default stop-only group ADMIN",
  ]);
  const servers = [
    "tacacs-server host 10.1.1.6 single-connection key t4cacs",
    "tacacs-server timeout 10",
    "radius-server host 10.1.1.5 auth-port 1645 acct-port 1646 key r4dius",
    "radius-server timeout 3",
    "radius-server retransmit 2",
  ];
  assert.ok(text.includes(`\n${servers.join("\n")}\n`), text);
  const again = compileConfig(text, "shown.cfg");
  assert.deepEqual(formatDiagnostics(again, false), []);
  assert.deepEqual(again.model, r.model);
});

test("the_core_takes_the_image_its_method_lists_limited_to_what_it_reads", async () => {
  const core = await Core.load();
  const r = compileConfig(AAA, "aaa.cfg");
  assert.equal(ImageStatus[core.tryInit(compileImage(r.model))], "Ok");
  // Lists the core reads: login, ppp, exec and network (commands and enable are for section 13).
  assert.equal(core.exports.configAaaListCount(), 4);
});

test("aaa_typos_are_located_errors", () => {
  const errors = (text: string) =>
    compileConfig(`aaa new-model\n${text}\n`, "a.cfg")
      .diagnostics.filter((d) => d.severity === "error")
      .map((d) => `${d.loc.line}:${d.loc.col}: ${d.message}`);
  assert.deepEqual(errors("aaa accounting network default start-stp group DIAL"), [
    '2:32: unknown accounting record type "start-stp": expected start-stop, stop-only, wait-start, none',
  ]);
  assert.deepEqual(errors("aaa authorization commands default local"), ['2:28: expected a privilege level (0-15) after "commands"']);
  assert.deepEqual(errors("aaa group server radius"), ['2:25: incomplete command "aaa group server": expected a server group name']);
  assert.deepEqual(errors("radius-server host 10.1.1.5 acct-port x"), ['2:39: "x" is not a number: expected a UDP port (0-65535)']);
});

test("authorization_lists_given_before_authentication_print_after_them_and_read_back", () => {
  const r = compileConfig("aaa new-model\naaa authorization network default local\naaa authentication ppp default local\n", "o.cfg");
  const text = showRunningConfig(r.model);
  assert.ok(text.indexOf("aaa authentication ppp") < text.indexOf("aaa authorization network"), text);
  assert.deepEqual(compileConfig(text).model, r.model);
});
