import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { compileConfig } from "../../../host/config/compile.ts";
import { compileImage } from "../../../host/config/image.ts";
import { dialbackSync } from "../../support/cli.ts";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const fixtures = ["ppp-client", "exec-callback", "ara-client"].map((n) => `tests/fixtures/config/${n}.cfg`);

const dialback = (...args: string[]) => dialbackSync(args);

test("config_check_on_the_reference_examples_prints_what_they_lack_and_the_wrap_warning", () => {
  const r = dialback("config", "check", ...fixtures);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, "");
  const noScript = (user: string, lines: string, none = "none has") =>
    `warning: user ${user} is called back on ${lines}, and ${none} "script callback": the callback would end "no script" ` +
    '(add "script callback REGEXP" and a chat-script it matches)';
  const noExec = (lines: string) =>
    `warning: users with "callback-dialstring" who log in at the EXEC prompt (${lines}) are not called back: "service exec-callback" is not set`;
  const arap = noScript("excalibur", "line 7", "it has no")
    .replace('"script callback":', '"script callback" or "script arap-callback":')
    .replace('(add "script callback', '(add "script arap-callback');
  assert.deepEqual(
    r.stderr.split("\n").filter((l) => l.startsWith("tests/")),
    [
      `tests/fixtures/config/ppp-client.cfg:1:14: ${noScript("Ted", "lines 7-9")}`,
      `tests/fixtures/config/ppp-client.cfg:1:14: ${noExec("lines 7-9")}`,
      "tests/fixtures/config/ppp-client.cfg:2:13: warning: indented line read as the continuation of line 1 (IOS needs one command per line)",
      ...[[4, 7], [13, 8], [22, 9]].map(
        ([line, n]) =>
          `tests/fixtures/config/ppp-client.cfg:${line}:15: warning: no "interface Ethernet0" in this configuration: PPP peers of Async${n} ` +
          `are offered no server address (pppd: "Could not determine remote IP address"); add it with "ip address A M"`,
      ),
      `tests/fixtures/config/exec-callback.cfg:2:19: ${noScript("milarepa", "lines 4 and 7")}`,
      `tests/fixtures/config/ara-client.cfg:4:20: ${arap}`,
      `tests/fixtures/config/ara-client.cfg:4:20: ${noExec("lines 4, 7 and 8")}`,
    ],
  );
  assert.ok(r.stderr.includes("            password ******\n" + " ".repeat(12) + "^" + "~".repeat(7) + "\n"), "the password stays masked");
});

test("config_check_exits_1_and_reports_every_error_of_a_broken_file", () => {
  const dir = mkdtempSync(join(tmpdir(), "dialback-cli-"));
  try {
    const bad = join(dir, "bad.cfg");
    writeFileSync(bad, "intrface async 7\nline 7\n rotary 200\n");
    const r = dialback("config", "check", bad);
    assert.equal(r.code, 1);
    const heads = r.stderr.split("\n").filter((l) => l.startsWith(bad));
    assert.deepEqual(heads, [
      `${bad}:1:1: error: unknown command "intrface"; did you mean "interface"?`,
      `${bad}:3:9: error: 200 is out of range for a rotary group (1-100)`,
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("config_compile_writes_the_image_and_show_running_config_prints_the_canonical_text", () => {
  const dir = mkdtempSync(join(tmpdir(), "dialback-cli-"));
  try {
    const out = join(dir, "image.bin");
    const c = dialback("config", "compile", fixtures[2], "-o", out, "--verify");
    assert.equal(c.code, 0, c.stderr);
    const model = compileConfig(readFileSync(join(root, fixtures[2]), "utf8")).model;
    assert.deepEqual(new Uint8Array(readFileSync(out)), compileImage(model));
    const s = dialback("show", "running-config", "--config", fixtures[1]);
    assert.equal(s.code, 0, s.stderr);
    const expected = ["!", "service exec-callback", "!", 'username milarepa callback-dialstring "" password 0 letmein', "!"];
    assert.equal(s.stdout, [...expected, "line 4", " login local", "line 7", " login local", "!", "end", ""].join("\n"));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
