import { test } from "node:test";
import assert from "node:assert/strict";
import { compileConfig, formatDiagnostics } from "../../../host/config/compile.ts";
import { showRunningConfig } from "../../../host/config/show.ts";
import { type5Hash, type5Matches } from "../../../host/config/type5.ts";
import { type7Decode } from "../../../host/config/type7.ts";
import { MASK } from "../../../host/config/secret-mask.ts";

// Vectors from `openssl passwd -1 -salt SALT SECRET` (the same MD5-crypt IOS uses for type 5).
const TYPE5_VECTORS: [string, string, string][] = [
  ["password", "saltsalt", "$1$saltsalt$qjXMvbEw8oaL.CzflDtaK/"],
  ["", "ab", "$1$ab$rn6aQS/o7141mj179E/zA."],
  ["Rhoda", "mERr", "$1$mERr$UU/en7u0BtsE31uSq2u2g1"],
  ["a".repeat(64), "xyz", "$1$xyz$sDmRET4jmObUKsiyuIqKh0"],
  ["x y", "Q./9", "$1$Q./9$xQ9wLxMKa5CtFAxjxnYv60"],
  ["0123456789abcdefg", "12345678", "$1$12345678$QHk3EEhG67cR4Spqkfs1o/"],
];

const compile = (text: string) => compileConfig(text, "s.cfg");
const show = (text: string) => {
  const r = compile(text);
  assert.deepEqual(r.diagnostics.filter((d) => d.severity === "error"), [], formatDiagnostics(r).join("\n"));
  return showRunningConfig(r.model);
};

test("type_5_is_md5_crypt_as_openssl_computes_it", () => {
  for (const [secret, salt, hash] of TYPE5_VECTORS) {
    assert.equal(type5Hash(secret, salt), hash, `${secret} / ${salt}`);
    assert.ok(type5Matches(secret, hash));
    assert.ok(!type5Matches(secret + "x", hash));
  }
  // A fresh salt every time: the same secret never gives the same hash twice.
  assert.notEqual(type5Hash("cisco"), type5Hash("cisco"));
});

test("enable_secret_is_never_shown_in_clear_with_or_without_password_encryption", () => {
  for (const service of ["", "service password-encryption\n"]) {
    for (const line of ["enable secret Sesame42", "enable secret 0 Sesame42", "enable secret level 7 Sesame42"]) {
      const out = show(`${service}${line}\n`);
      assert.ok(!out.includes("Sesame42"), out);
      const hash = /^enable secret (?:level 7 )?5 (\S+)$/m.exec(out);
      assert.ok(hash, out);
      assert.ok(type5Matches("Sesame42", hash[1]), "the hash is of the secret given");
    }
  }
});

test("a_type_5_secret_read_back_stays_as_written", () => {
  const hash = "$1$mERr$UU/en7u0BtsE31uSq2u2g1";
  const out = show(`enable secret 5 ${hash}\n`);
  assert.match(out, /^enable secret 5 \$1\$mERr\$UU\/en7u0BtsE31uSq2u2g1$/m);
  const again = compile(out);
  assert.deepEqual(again.model.enable, compile(`enable secret 5 ${hash}\n`).model.enable);
  const bad = compile("enable secret 5 Sesame42\n");
  assert.deepEqual(
    bad.diagnostics.filter((d) => d.severity === "error").map((d) => [d.loc.line, d.loc.col]),
    [[1, 15]],
    "a type 5 that is not a hash is refused (at the masked secret)",
  );
});

// Every reversible secret a configuration can hold, each a different word to look for.
const ALL_SECRETS = [
  "service password-encryption",
  "enable password EnablePw1",
  "username Ted password UserPw22",
  "username Kim password 0 UserPw33",
  "tacacs-server host 10.1.1.2 key TacKey44",
  "radius-server key RadKey55",
  "interface async 7",
  " ppp chap password ChapPw66",
  " ppp pap sent-username bob password PapPw77",
  "line 4",
  " login",
  " password LinePw88",
  "line vty 0 4",
  " password 0 VtyPw99",
  "key chain K",
  " key 1",
  "  key-string KeyStr10",
];
const CLEAR = ["EnablePw1", "UserPw22", "UserPw33", "TacKey44", "RadKey55", "ChapPw66", "PapPw77", "LinePw88", "VtyPw99", "KeyStr10"];

test("under_password_encryption_show_running_config_prints_no_secret_in_clear_and_reads_back", () => {
  const out = show(ALL_SECRETS.join("\n") + "\n");
  for (const clear of CLEAR) assert.ok(!out.includes(clear), `${clear} shown in clear:\n${out}`);
  // Each is there as type 7 and decodes to what was given.
  const decoded = [...out.matchAll(/ 7 ([0-9A-F]+)/g)].map((m) => type7Decode(m[1]));
  for (const clear of CLEAR) assert.ok(decoded.includes(clear), `${clear} not found as type 7:\n${out}`);
  const r1 = compile(ALL_SECRETS.join("\n") + "\n");
  const r2 = compile(out);
  assert.deepEqual(r2.model, r1.model, "the encrypted running configuration reads back to the same model");
  // PAP and CHAP still get the clear secret from a type 7 user.
  assert.equal(r2.model.users.find((u) => u.name === "Ted")?.password?.text, "UserPw22");
});

test("without_password_encryption_reversible_secrets_print_as_given", () => {
  const out = show(ALL_SECRETS.slice(1).join("\n") + "\n");
  for (const clear of ["EnablePw1", "UserPw22", "LinePw88"]) assert.ok(out.includes(clear), out);
});

// Lines that make `config check` say something, each carrying the secret "Zq8Secret".
const ECHOED: [string, string][] = [
  ["noted enable secret", "enable secret Zq8Secret"],
  ["noted enable password", "enable password Zq8Secret"],
  ["bad type 7 line password", "line 4\n password 7 Zq8Secret"],
  ["bad type 7", "username bob password 7 Zq8Secret"],
  ["bad type 5", "enable secret 5 Zq8Secret"],
  ["misspelt keyword", "username bob pasword Zq8Secret"],
  ["option IOS has and dialback not", "username bob secret 5 Zq8Secret"],
  ["dial string missing", "username bob callback-dialstring password Zq8Secret"],
  ["not ascii", "username bob password Zq8Secret\u00e9"],
  ["too long", `username bob password Zq8Secret${"x".repeat(70)}`],
  ["wrapped onto the next line", "username bob callback-dialstring 123 password\n Zq8Secret"],
  ["continuation", "username Ted callback-dialstring 1234567\n            password Zq8Secret"],
  ["a word after the chap password", "interface async 7\n ppp chap password Zq8Secret extra"],
  ["a pap password too long for the core", `interface async 7\n ppp pap sent-username bob password Zq8Secret${"x".repeat(30)}`],
  ["a bad type 7 chap password", "interface async 7\n ppp chap password 7 Zq8Secret"],
  ["key of a server", "tacacs-server host 10.1.1.2 key Zq8Secret bogus\nradius-server key 7 Zq8Secret"],
  ["snmp community", "snmp-server community Zq8Secret RO"],
  ["key-string", "key chain K\n key 1\n  key-string Zq8Secret"],
  ["multi-word secret", "enable password 7 Zq8 Secret words"],
  ["control character", "username bob password Zq8Secret\u0007"],
  ["global command in a line", "line 4\n password Zq8Secret\n login\n rotary 999"],
];

test("config_check_never_echoes_a_secret_in_a_message_or_a_quoted_line", () => {
  for (const [what, text] of ECHOED) {
    const r = compile(text + "\n");
    const out = formatDiagnostics(r).join("\n");
    assert.ok(r.diagnostics.length > 0, `${what}: nothing said, so nothing tested`);
    assert.ok(!/Zq8|Secret/.test(out), `${what}:\n${out}`);
  }
});

test("the_mask_keeps_the_place_of_the_error_and_the_rest_of_the_line", () => {
  const r = compile("username bob callback-dialstring 123 pasword Zq8Secret\n");
  const out = formatDiagnostics(r);
  assert.deepEqual(out, [
    's.cfg:1:38: error: unknown keyword "pasword" after "username"; did you mean "password"?\n' +
      `username bob callback-dialstring 123 pasword ${MASK}\n` +
      "                                     ^~~~~~~",
  ]);
});

test("a_secret_field_a_line_or_interface_gains_later_is_encrypted_too", async () => {
  const { applyPasswordEncryption } = await import("../../../host/config/secrets.ts");
  const m = compile("line 4\ninterface async 4\n").model;
  // Whatever a command names it, a `{ text, type }` field is a secret (the line password, say).
  const line = m.lines[0] as unknown as Record<string, unknown>;
  const iface = m.interfaces[0] as unknown as Record<string, unknown>;
  line.password = { text: "h0me", type: 0 };
  iface.chapPassword = { text: "chap", type: 0 };
  applyPasswordEncryption(m);
  assert.deepEqual([line.password, iface.chapPassword], [{ text: "h0me", type: 7 }, { text: "chap", type: 7 }]);
});
