import { test } from "node:test";
import assert from "node:assert/strict";
import { compileConfig, formatDiagnostics } from "../../../host/config/compile.ts";
import { showRunningConfig } from "../../../host/config/show.ts";

const read = (text: string) => {
  const r = compileConfig(text, "o.cfg");
  assert.deepEqual(formatDiagnostics(r, false).filter((d) => d.includes(": error: ")), []);
  return r;
};

// An access server's configuration given in no particular order.
const SCRAMBLED = [
  "line vty 0 4", " password 7 0822455D0A16", " login", "ntp server 10.1.1.9", "snmp-server community public RO",
  "radius-server host 10.1.1.5 auth-port 1645 acct-port 1646 key s3cr3t", "ip route 0.0.0.0 0.0.0.0 10.1.1.1", "router rip", " network 10.0.0.0",
  "interface Async1", " encapsulation ppp", "interface Ethernet0", " ip address 10.1.1.10 255.255.255.0", "username joe password 7 0822455D0A16",
  "aaa authentication login default local", "aaa new-model", "enable secret 5 $1$mERr$UU/en7u0BtsE31uSq2u2g1", "logging buffered 4096 debugging",
  "boot system flash", "hostname as1", "service timestamps debug uptime", "version 12.2", "line con 0", " exec-timeout 0 0", "line 1", " login local",
  "banner motd ^C", "Dial-in only", "^C", "logging 10.1.1.5", "access-list 1 permit 10.0.0.0 0.255.255.255", "ip classless", "ip subnet-zero",
  "chat-script dial ABORT BUSY \"\" ATZ OK \"ATDT \\T\" TIMEOUT 30 CONNECT \\c", "controller T1 0", " framing esf", "interface Loopback0",
  " ip address 10.9.9.9 255.255.255.255", "tacacs-server host 10.1.1.6 single-connection key t4c", "line aux 0", "ip local pool DIALIN 10.1.1.100 10.1.1.120",
].join("\n");

test("show_running_config_prints_in_ios_order_whatever_order_the_file_had", () => {
  const text = showRunningConfig(read(SCRAMBLED).model);
  const heads = text.split("\n").filter((l) => l !== "!" && l !== "" && !l.startsWith(" ") && l !== "Dial-in only" && l !== "^C");
  assert.deepEqual(heads, [
    "version 12.2", "service timestamps debug uptime", "hostname as1", "boot system flash", "logging buffered 4096 debugging",
    "enable secret 5 $1$mERr$UU/en7u0BtsE31uSq2u2g1", "aaa new-model", "aaa authentication login default local", "username joe password 7 0822455D0A16",
    "ip subnet-zero", 'chat-script dial ABORT BUSY "" ATZ OK "ATDT \\T" TIMEOUT 30 CONNECT \\c', "controller T1 0", "interface Loopback0",
    "interface Ethernet0",
    "interface Async1", "router rip", "ip local pool DIALIN 10.1.1.100 10.1.1.120", "ip classless", "ip route 0.0.0.0 0.0.0.0 10.1.1.1", "logging 10.1.1.5",
    "access-list 1 permit 10.0.0.0 0.255.255.255", "snmp-server community public RO", "tacacs-server host 10.1.1.6 single-connection key t4c",
    "radius-server host 10.1.1.5 auth-port 1645 acct-port 1646 key s3cr3t", "banner motd ^C", "line con 0", "line 1", "line aux 0", "line vty 0 4",
    "ntp server 10.1.1.9", "end",
  ]);
  // And it is the running configuration of the same model.
  const again = read(text);
  assert.deepEqual(again.model, read(SCRAMBLED).model);
  assert.equal(showRunningConfig(again.model), text);
});

test("every_command_is_printed_at_its_level", () => {
  const text = showRunningConfig(read(SCRAMBLED).model);
  // The indented lines right under `head`.
  const block = (head: string) => {
    const after = text.slice(text.indexOf(`${head}\n`) + head.length + 1).split("\n");
    return after.slice(0, after.findIndex((l) => !l.startsWith(" ")));
  };
  assert.deepEqual(block("interface Ethernet0"), [" ip address 10.1.1.10 255.255.255.0"]);
  assert.deepEqual(block("router rip"), [" network 10.0.0.0"]);
  assert.deepEqual(block("controller T1 0"), [" framing esf"]);
  assert.deepEqual(block("line vty 0 4"), [" password 7 0822455D0A16", " login"]);
  for (const global of ["ip route", "logging 10.1.1.5", "ntp server", "snmp-server", "ip classless"]) assert.match(text, new RegExp(`^${global}`, "m"), global);
});

test("a_type_7_secret_prints_back_as_it_was_stored_not_re_encrypted", () => {
  for (const service of ["", "service password-encryption\n"]) {
    const config = "username Ted password 7 0822455D0A16\nline 1\n password 7 0822455D0A16\ntacacs-server key 7 0822455D0A16\n";
    const text = showRunningConfig(read(`${service}${config}`).model);
    assert.match(text, /^username Ted password 7 0822455D0A16$/m, service);
    assert.match(text, /^ password 7 0822455D0A16$/m, service);
    assert.match(text, /^tacacs-server key 7 0822455D0A16$/m, service);
  }
  // Lower-case hex is a form IOS reads too: kept as written.
  assert.match(showRunningConfig(read("username Ted password 7 0822455d0a16\n").model), /^username Ted password 7 0822455d0a16$/m);
});

test("kept_commands_print_their_keywords_in_full", () => {
  const text = showRunningConfig(read("interface Ethernet0\n shut\nline 1\n escape 3\nintern\n").model);
  assert.match(text, /^line 1\n escape-character 3\n/m);
  assert.match(text, /^interface Ethernet0\n shut$/m, "a block of a kept mode stays as written");
});
