import { test } from "node:test";
import assert from "node:assert/strict";
import { compileConfig, formatDiagnostics } from "../../../host/config/compile.ts";
import { compileImage, ImageLimitError } from "../../../host/config/image.ts";
import { LIMITS } from "../../../host/config/limits.ts";
import { ConfigModel, newUser } from "../../../host/config/model.ts";
import { Core } from "../../../host/core/core.ts";
import { chatStatusDecode, ChatError, ImageStatus } from "../../../host/core/abi.ts";
import { type7Encode } from "../../../host/config/type7.ts";

const core = await Core.load();

function accepted(text: string): ConfigModel {
  const r = compileConfig(text, "l.cfg");
  assert.ok(r.ok, formatDiagnostics(r).join("\n"));
  assert.equal(ImageStatus[core.tryInit(compileImage(r.model))], "Ok", "the core takes what config check accepted");
  return r.model;
}

/** The one error of `text`, as `line:col: message`. */
function refused(text: string): string {
  const errors = compileConfig(text, "l.cfg").diagnostics.filter((d) => d.severity === "error");
  assert.equal(errors.length, 1, JSON.stringify(errors));
  return `${errors[0].loc.line}:${errors[0].loc.col}: ${errors[0].message}`;
}

function coreStatus(m: ConfigModel): string {
  return ImageStatus[core.tryInit(compileImage(m))] ?? "?";
}

const users = (n: number, extra = "") => Array.from({ length: n }, (_, i) => `username u${i} password p${extra}`).join("\n") + "\n";
const s = (n: number, c = "x") => c.repeat(n);

// Each limit three ways: config check accepts a value at it (and so does the core), reports
// one past it at its word, and the core itself refuses one past it (so the limit is the core's).

test("local_users_at_most_the_core_table_the_next_one_named_at_its_line", () => {
  const m = accepted(users(LIMITS.localUsers));
  assert.equal(refused(users(LIMITS.localUsers + 3)), `65:10: a local user past the 64 the core's user table holds (67 configured)`);
  m.users.push(newUser("one-more"));
  assert.equal(coreStatus(m), "OutOfMemory");
  // A user removed again makes room: the limit counts what is left.
  accepted(users(LIMITS.localUsers + 1) + "no username u3\n");
});

test("user_name_secret_dial_string_and_pattern_fit_the_core_user_record", () => {
  const cases: [string, number, (v: string) => string, number, (m: ConfigModel) => void][] = [
    ["a user name", LIMITS.userNameBytes, (v) => `username ${v} password p`, 10, (m) => (m.users[0].name += "x")],
    ["a password", LIMITS.secretBytes, (v) => `username a password ${v}`, 21, (m) => (m.users[0].password!.text += "x")],
    [
      "a callback dial string",
      LIMITS.dialstringBytes,
      (v) => `username a callback-dialstring ${v} password p`,
      32,
      (m) => (m.users[0].callbackDialstring += "1"),
    ],
    [
      "a callback-allowed-pattern",
      LIMITS.patternBytes,
      (v) => `username a callback-dialstring "" callback-allowed-pattern ${v} password p`,
      60,
      (m) => (m.users[0].callbackAllowedPattern += "1"),
    ],
  ];
  for (const [what, max, line, col, grow] of cases) {
    const digits = what.includes("dial") || what.includes("pattern") ? "1" : "x";
    const m = accepted(`${line(s(max, digits))}\nline 1\n`);
    const message = refused(`${line(s(max + 1, digits))}\nline 1\n`);
    assert.match(message, new RegExp(`^1:${col}: ${what} is ${max + 1} bytes long; the core's user table holds at most ${max}$`));
    grow(m);
    assert.equal(coreStatus(m), "OutOfMemory", `${what}: the core's own limit is ${max}`);
  }
});

test("a_type_7_password_counts_by_its_clear_text", () => {
  // 64 clear characters are 130 as type 7: what counts is what PAP and CHAP check.
  accepted(`username a password 7 ${type7Encode(s(LIMITS.secretBytes))}\n`);
  assert.match(refused(`username a password 7 ${type7Encode(s(LIMITS.secretBytes + 1))}\n`), /^1:21: a password is 65 bytes long/);
});

test("an_empty_user_name_and_a_rotary_only_on_non_tty_lines_are_errors_the_core_would_refuse", () => {
  assert.equal(refused('username "" password x\n'), "1:10: a user name cannot be empty");
  const m = accepted("username a password x\n");
  m.users[0].name = "";
  assert.equal(coreStatus(m), "BadValue");
  assert.equal(refused("username a callback-rotary 7 password x\nline con 0\n rotary 7\n"), '1:28: rotary group 7 has no lines (no TTY line has "rotary 7")');
  const r = accepted("username a callback-rotary 7 password x\nline 2\n rotary 7\n");
  r.lines = [];
  assert.equal(coreStatus(r), "BadValue");
});

test("a_chat_script_name_fits_the_chat_engine", () => {
  accepted(`chat-script ${s(LIMITS.chatScriptNameBytes)} ABORT BUSY\nline 1\n`);
  assert.equal(chatStatusDecode(core.exports.chatCheck(0)), null);
  const name = s(LIMITS.chatScriptNameBytes + 1);
  assert.equal(refused(`chat-script ${name} ABORT BUSY\n`), "1:13: a chat-script name is 33 bytes long; the core's chat engine holds at most 32");
  const m = accepted(`chat-script ${s(LIMITS.chatScriptNameBytes)} ABORT BUSY\nline 1\n`);
  m.chatScripts[0].name += "x";
  assert.equal(coreStatus(m), "Ok");
  assert.equal(chatStatusDecode(core.exports.chatCheck(0))?.error, ChatError.NameTooLong);
});

test("image_strings_hold_255_bytes_and_the_next_is_named_at_its_word", () => {
  accepted(`hostname ${s(255)}\n`);
  assert.equal(refused(`hostname ${s(256)}\n`), "1:10: a host name is 256 bytes long; the configuration image holds at most 255");
  const m = accepted("hostname h\n");
  m.hostname = s(256);
  assert.throws(() => compileImage(m), ImageLimitError);
});

test("an_image_past_what_the_core_takes_is_named_at_the_line_that_crosses_it", () => {
  const script = (i: number) => `chat-script s${i} ${Array.from({ length: 250 }, (_, k) => `W${k}xxxxxxxxx`).join(" ")}`;
  const lines = ["hostname h", ...Array.from({ length: 20 }, (_, i) => script(i)), "line 1"];
  const message = refused(lines.join("\n"));
  const at = Number(message.split(":")[0]);
  assert.match(message, /: the image is \d+ bytes; the core takes at most 65536 \(this line crosses it\)$/);
  // Everything before that line fits, that line does not.
  accepted([...lines.slice(0, at - 1), "line 1"].join("\n"));
  assert.throws(() => compileImage(compileConfig([...lines.slice(0, at), "line 1"].join("\n")).model), ImageLimitError);
});

test("a_line_past_the_line_limit_is_refused_at_once_however_long", () => {
  const started = performance.now();
  const r = compileConfig(`hostname a\nhostname ${s(21_000_000)}\nline 1\n`, "l.cfg");
  assert.ok(performance.now() - started < 5000, "a 21 MB line is refused in well under the time it took to read");
  assert.deepEqual(
    r.diagnostics.map((d) => `${d.loc.line}:${d.loc.col}: ${d.message}`),
    ["2:4097: line is 21000009 characters long; a configuration line holds at most 4096"],
  );
});

test("rotary_on_con_aux_and_vty_lines_is_accepted_as_ios_does_and_the_core_takes_the_image", () => {
  // Only TTY lines are in the image, so their rotary groups only; a console, aux or vty rotary is kept for the running configuration.
  const m = accepted("line con 0\n rotary 77\nline aux 0\n rotary 77\nline vty 0 4\n rotary 77\nline 1\n");
  assert.deepEqual(m.lines.map((l) => [l.kind, l.number, l.rotary]).filter((x) => x[2] !== null).length, 7);
  assert.equal(core.exports.configRotaryCount(), 0);
});
