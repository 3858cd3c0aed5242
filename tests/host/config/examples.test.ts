import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { compileConfig, formatDiagnostics } from "../../../host/config/compile.ts";
import { showRunningConfig } from "../../../host/config/show.ts";
import { newInterface, newLine, newUser } from "../../../host/config/model.ts";

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/config/${name}.cfg`, import.meta.url), "utf8");

test("fixtures_are_the_reference_text_with_its_typographic_quotes_and_wrap", () => {
  const ppp = fixture("ppp-client");
  assert.ok(ppp.startsWith("username Ted callback-dialstring \u201c1234567\u201c callback-rotary 77 \n            password Rhoda\n"));
  assert.ok(fixture("exec-callback").includes("callback-dialstring \u201c\u201c password letmein"));
  assert.ok(fixture("ara-client").includes("callback-dialstring \u201c123456\u201c callback-line 7"));
});

// The chapter's examples as printed have no "script callback": each callback would end "no
// script", and config check says so (with the EXEC logins that get no callback).
const warnings = (r: ReturnType<typeof compileConfig>) =>
  r.diagnostics.filter((d) => d.severity === "warning").map((d) => `${d.loc.line}:${d.loc.col}: ${d.message}`);
const NO_SCRIPT = (user: string, lines: string, none = "none has") =>
  `user ${user} is called back on ${lines}, and ${none} "script callback": the callback would end "no script" ` +
  '(add "script callback REGEXP" and a chat-script it matches)';
const NO_EXEC = (lines: string) =>
  `users with "callback-dialstring" who log in at the EXEC prompt (${lines}) are not called back: "service exec-callback" is not set`;
const WRAP = "2:13: indented line read as the continuation of line 1 (IOS needs one command per line)";
/** The chapter's `ip unnumbered ethernet 0` names an interface its examples never configure. */
const NO_ETHERNET = (n: number) =>
  `no "interface Ethernet0" in this configuration: PPP peers of Async${n} are offered no server address ` +
  `(pppd: "Could not determine remote IP address"); add it with "ip address A M"`;

test("ppp_client_example_reads_with_the_wrap_warning_and_what_it_lacks_and_holds_what_it_says", () => {
  const r = compileConfig(fixture("ppp-client"), "ppp-client.cfg");
  assert.deepEqual(formatDiagnostics(r).slice(2, 3), [
    "ppp-client.cfg:2:13: warning: indented line read as the continuation of line 1 (IOS needs one command per line)\n" +
      "            password ******\n" +
      " ".repeat(12) + "^" + "~".repeat("password".length - 1),
  ]);
  assert.deepEqual(warnings(r), [
    `1:14: ${NO_SCRIPT("Ted", "lines 7-9")}`, `1:14: ${NO_EXEC("lines 7-9")}`, WRAP,
    `4:15: ${NO_ETHERNET(7)}`, `13:15: ${NO_ETHERNET(8)}`, `22:15: ${NO_ETHERNET(9)}`,
  ]);
  assert.deepEqual(r.model.users, [
    { ...newUser("Ted"), callbackDialstring: "1234567", callbackRotary: 77, password: { text: "Rhoda", type: 0 } },
  ]);
  assert.deepEqual(
    r.model.interfaces,
    [7, 8, 9].map((n) => ({
      ...newInterface(n),
      ipUnnumbered: "Ethernet0",
      encapsulation: "ppp",
      keepalive: 0,
      peerAddress: `10.1.1.${n - 6}`,
      asyncMode: "interactive",
      pppCallback: "accept",
      pppAuthentication: { protocols: ["pap"], ifNeeded: false, list: null, callin: false, oneTime: false, optional: false },
    })),
  );
  const line = (n: number) => ({
    ...newLine("tty", n),
    login: { method: "local" },
    modem: "InOut",
    rotary: 77,
    autoselect: { ...newLine("tty", n).autoselect, ppp: true },
  });
  assert.deepEqual(r.model.lines, [line(7), line(8), line(9)]);
  assert.equal(r.model.service.execCallback, false);
  assert.deepEqual(r.model.extras, []);
});

test("exec_callback_example_gives_milarepa_an_empty_dial_string_and_lines_4_and_7", () => {
  const r = compileConfig(fixture("exec-callback"), "exec-callback.cfg");
  assert.deepEqual(warnings(r), [`2:19: ${NO_SCRIPT("milarepa", "lines 4 and 7")}`]);
  assert.equal(r.diagnostics.length, 1);
  assert.equal(r.model.service.execCallback, true);
  assert.deepEqual(r.model.users, [{ ...newUser("milarepa"), callbackDialstring: "", password: { text: "letmein", type: 0 } }]);
  assert.deepEqual(r.model.lines, [4, 7].map((n) => ({ ...newLine("tty", n), login: { method: "local" } })));
  assert.deepEqual(r.model.interfaces, []);
});

test("ara_client_example_calls_excalibur_back_on_line_7_with_arap_on_lines_4_7_8", () => {
  const r = compileConfig(fixture("ara-client"), "ara-client.cfg");
  const arap = NO_SCRIPT("excalibur", "line 7", "it has no")
    .replace('"script callback":', '"script callback" or "script arap-callback":')
    .replace('(add "script callback', '(add "script arap-callback');
  assert.deepEqual(warnings(r), [`4:20: ${arap}`, `4:20: ${NO_EXEC("lines 4, 7 and 8")}`]);
  assert.equal(r.diagnostics.length, 2);
  assert.equal(r.model.appletalkRouting, true);
  assert.deepEqual(r.model.arap, { callback: true, network: { number: 422, zone: "router test" }, keyLayout: "as-is" });
  assert.deepEqual(r.model.users, [
    { ...newUser("excalibur"), callbackDialstring: "123456", callbackLine: { kind: "tty", first: 7, last: 7 }, password: { text: "guenivere", type: 0 } },
  ]);
  const line = (n: number) => ({
    ...newLine("tty", n),
    login: { method: "local" },
    modem: "InOut",
    arapEnable: true,
    autoselect: { ...newLine("tty", n).autoselect, arap: true },
  });
  assert.deepEqual(r.model.lines, [line(4), line(7), line(8)]);
});

for (const name of ["ppp-client", "exec-callback", "ara-client"]) {
  test(`${name}_round_trips_through_show_running_config`, () => {
    const first = compileConfig(fixture(name));
    const text = showRunningConfig(first.model);
    const again = compileConfig(text, "shown.cfg");
    assert.deepEqual(again.diagnostics.filter((d) => d.severity === "error"), []);
    const messages = (ws: string[]) => ws.filter((w) => !w.includes("continuation")).map((w) => w.split(": ").slice(1).join(": "));
    assert.deepEqual(messages(warnings(again)), messages(warnings(first)), "the same warnings, no more");
    assert.deepEqual(again.model, first.model);
    assert.equal(showRunningConfig(again.model), text);
  });
}

test("ppp_client_running_config_is_canonical_ios_text", () => {
  const text = showRunningConfig(compileConfig(fixture("ppp-client")).model);
  assert.equal(
    text.split("\n").slice(0, 14).join("\n"),
    [
      "!",
      "username Ted callback-dialstring 1234567 callback-rotary 77 password 0 Rhoda",
      "!",
      "interface Async7",
      " ip unnumbered Ethernet0",
      " encapsulation ppp",
      " no keepalive",
      " async mode interactive",
      " peer default ip address 10.1.1.1",
      " ppp callback accept",
      " ppp authentication pap",
      "!",
      "interface Async8",
      " ip unnumbered Ethernet0",
    ].join("\n"),
  );
  assert.ok(text.endsWith("!\nline 7 9\n login local\n modem InOut\n rotary 77\n autoselect ppp\n!\nend\n"));
});

test("a_pasted_access_server_running_config_with_group_async_reads_and_round_trips", () => {
  const first = compileConfig(fixture("as5200-running"), "as5200-running.cfg");
  assert.deepEqual(first.diagnostics.filter((d) => d.severity !== "note"), []);
  assert.deepEqual(
    first.diagnostics.map((d) => d.loc.line),
    [2, 3, 13, 21, 34, 46],
    "one note per IOS command with no effect here (the vty password on line 59 is read)",
  );
  const m = first.model;
  assert.deepEqual(m.users.map((u) => [u.name, u.password, u.autocommand]), [
    // A type 7 form other than dialback's own is kept and printed as stored.
    ["Ted", { text: "cisco", type: 7, cipher: "0822455D0A16" }, null],
    ["joe", { text: "secret", type: 7 }, "ppp"],
  ]);
  assert.deepEqual(m.asyncGroups.map((g) => [g.number, g.range, g.encapsulation, g.ipUnnumbered]), [[1, { first: 1, last: 16 }, "ppp", "Ethernet0"]]);
  const ttys = Array.from({ length: 16 }, (_, i) => `tty ${i + 1}`);
  assert.deepEqual(m.lines.map((l) => `${l.kind} ${l.number}`), ["con 0", ...ttys, "aux 0", "vty 0", "vty 1", "vty 2", "vty 3", "vty 4"]);
  assert.deepEqual(m.lines[1].scripts.callback, { regexp: "usr", matches: ["usr-v34"] });
  const again = compileConfig(showRunningConfig(m));
  assert.deepEqual(again.model, m);
});

test("windows_line_ends_and_a_byte_order_mark_read_the_same_model", () => {
  const text = fixture("ppp-client");
  const windows = compileConfig("\ufeff" + text.replace(/\n/g, "\r\n"));
  assert.deepEqual(windows.model, compileConfig(text).model);
  assert.deepEqual(windows.diagnostics.map((d) => [d.severity, d.loc.line, d.loc.col]), [
    ["warning", 1, 14], ["warning", 1, 14], ["warning", 2, 13], ["warning", 4, 15], ["warning", 13, 15], ["warning", 22, 15],
  ]);
});
