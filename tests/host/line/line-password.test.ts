// IOS line passwords: `login` with `password` asks only for the password, three tries, then
// "% Bad passwords" and a hang-up; `login` with no password refuses every caller.

import { test } from "node:test";
import assert from "node:assert/strict";
import { LineEvent, LineState } from "../../../host/core/abi.ts";
import { CallbackEvent } from "../../../host/trace/describe.ts";
import { compileConfig } from "../../../host/config/compile.ts";
import { showRunningConfig } from "../../../host/config/show.ts";
import { type7Encode } from "../../../host/config/type7.ts";
import { Board } from "./login-board.ts";
import { hdlcFrame } from "../../support/hdlc.ts";

const CONFIG = `hostname gw
service exec-callback
username Ted callback-dialstring 5551234 password Rhoda
line 4
 login
 password h0me
line 5
 login
 password 7 ${type7Encode("s3cret")}
line 6
 login
 password 0 pl@in
line 7
 login
line 8
 login local
 password ignored
`;

const BANNER = "\r\n\r\nUser Access Verification\r\n\r\n";

async function answered(tty: number): Promise<Board> {
  const b = await Board.boot(CONFIG);
  b.carrier(tty, true);
  b.wait(1000); // flush-at-activation
  return b;
}

test("a_login_line_with_a_password_asks_only_for_the_password_and_reaches_the_exec", async () => {
  const b = await answered(4);
  assert.equal(b.read(4), `${BANNER}Password: `, "no Username: prompt");
  b.type(4, "h0me\r");
  assert.equal(b.read(4), "\r\n\r\ngw>", "the password is not echoed");
  assert.equal(b.state(4), LineState.Exec);
  const ok = b.eventsOf(LineEvent.LoginSucceeded, 4);
  assert.equal(ok.length, 1);
  assert.equal(ok[0].args[0], -1, "no user logged in");
  assert.equal(b.events.some((e) => Buffer.from(e.data).toString("latin1").includes("h0me")), false, "no event carries the password");
});

test("three_wrong_line_passwords_say_bad_passwords_and_hang_up", async () => {
  const b = await answered(4);
  b.read(4);
  b.type(4, "Rhoda\r");
  b.type(4, "h0me \r");
  b.type(4, "H0ME\r");
  assert.equal(b.read(4), "\r\nPassword: \r\nPassword: \r\n% Bad passwords\r\n");
  assert.equal(b.eventsOf(LineEvent.LoginFailed, 4).length, 3);
  assert.equal(b.state(4), LineState.HangUp);
  b.type(4, "h0me\r");
  assert.equal(b.state(4), LineState.HangUp, "nothing typed after the third try is judged");
});

test("login_without_a_password_refuses_with_password_required_and_hangs_up", async () => {
  const b = await answered(7);
  assert.equal(b.read(7), "\r\n% Password required, but none set\r\n");
  assert.equal(b.state(7), LineState.HangUp);
  assert.equal(b.eventsOf(LineEvent.LoginSucceeded, 7).length, 0);
  assert.equal(b.eventsOf(LineEvent.LoginBlocked, 7).length, 1, "the refusal is an event the host logs");
});

test("type_7_and_type_0_line_passwords_are_read", async () => {
  for (const [tty, password] of [[5, "s3cret"], [6, "pl@in"]] as const) {
    const b = await answered(tty);
    assert.match(b.read(tty), /Password: $/);
    b.type(tty, `${password}\r`);
    assert.equal(b.state(tty), LineState.Exec, `line ${tty}`);
  }
});

test("login_local_ignores_the_line_password", async () => {
  const b = await answered(8);
  assert.match(b.read(8), /Username: $/);
  b.type(8, "Ted\rignored\r");
  assert.equal(b.state(8), LineState.Username, "the line password is no user's password");
});

test("a_line_password_login_is_never_called_back", async () => {
  // IOS: EXEC callback needs a user name, and a line password names no user.
  const b = await answered(4);
  b.type(4, "h0me\r");
  assert.equal(b.state(4), LineState.Exec);
  assert.equal(b.eventsOf(CallbackEvent.Requested).length, 0);
  assert.equal(b.eventsOf(CallbackEvent.Refused).length, 0);
});

test("config_reads_line_passwords_warns_about_login_without_one_and_shows_them_back", () => {
  const r = compileConfig(CONFIG, "gw.cfg");
  assert.equal(r.ok, true, JSON.stringify(r.diagnostics));
  const line = (n: number) => r.model.lines.find((l) => l.number === n)!;
  assert.deepEqual(line(4).password, { text: "h0me", type: 0 });
  assert.deepEqual(line(5).password, { text: "s3cret", type: 7 });
  assert.deepEqual(line(6).password, { text: "pl@in", type: 0 });
  assert.equal(line(7).password, null);
  const warning = r.diagnostics.find((d) => d.severity === "warning" && /Password required/.test(d.message));
  assert.ok(warning, "login without a password is warned about");
  assert.equal(warning.loc.line, 14, "at line 7's login");
  const shown = showRunningConfig(r.model);
  assert.match(shown, /line 4\n password h0me\n login\n/);
  const again = compileConfig(shown, "shown.cfg");
  assert.deepEqual(again.model.lines, r.model.lines, "show running-config reads back to the same lines");
});

test("a_bad_type_7_or_an_overlong_line_password_is_a_located_error", () => {
  const firstError = (text: string) => compileConfig(text, "gw.cfg").diagnostics.find((d) => d.severity === "error");
  assert.equal(firstError("line 4\n login\n password 7 0822ZZ\n")?.loc.line, 3);
  const long = firstError(`line 4\n login\n password ${"x".repeat(65)}\n`);
  assert.match(long?.message ?? "", /64/);
  assert.equal(long?.loc.line, 3);
  assert.equal(firstError(`line 4\n login\n password ${"x".repeat(64)}\n`), undefined, "64 characters fit the field");
});

test("autoselect_during_login_watches_for_ppp_at_the_line_password_prompt", async () => {
  const b = await Board.boot("interface async 9\n encapsulation ppp\nline 9\n login\n password h0me\n autoselect ppp\n autoselect during-login\n");
  b.carrier(9, true);
  b.wait(1000);
  assert.match(b.read(9), /Password: $/);
  b.type(9, hdlcFrame(Buffer.from("ff03c02101010004", "hex")));
  assert.equal(b.state(9), LineState.Ppp, "a frame at the Password prompt starts PPP");
});
