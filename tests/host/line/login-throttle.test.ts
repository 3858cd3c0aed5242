// IOS login throttling: `login block-for S attempts N within W` (quiet mode on every line),
// `login delay`, and the log events of failed and successful logins.

import { test } from "node:test";
import assert from "node:assert/strict";
import { EventKind, LineEvent, LineState, LoginBlock, GLOBAL_LINE } from "../../../host/core/abi.ts";
import { compileConfig } from "../../../host/config/compile.ts";
import { showRunningConfig } from "../../../host/config/show.ts";
import { Board, guessFor } from "./login-board.ts";

const USERS = "hostname gw\nusername Ted password Rhoda\n";
const LINES = "line 4\n login local\nline 7\n login local\n";
const BLOCK = "login block-for 60 attempts 3 within 30\n";

async function answered(b: Board, tty: number): Promise<void> {
  b.carrier(tty, true);
  b.wait(1000); // flush-at-activation
}

test("without_throttling_a_redialling_caller_guesses_dozens_of_passwords_in_30_seconds", async () => {
  // The measurement behind the rule (87 guesses in 30.6 s with modem dialling times).
  const b = await Board.boot(USERS + LINES);
  const guesses = guessFor(b, 4, 30.6);
  assert.ok(guesses >= 40, `${guesses} guesses in 30.6 s`);
});

test("with_block_for_the_guesses_per_minute_are_bounded", async () => {
  const b = await Board.boot(USERS + BLOCK + LINES);
  const minutes = 10;
  const guesses = guessFor(b, 4, minutes * 60);
  // Three failures open a 60 s quiet period (plus the 1 s login delay between tries).
  assert.ok(guesses <= 3 * (minutes + 1), `${guesses} guesses in ${minutes} minutes`);
  assert.ok(guesses >= 3 * (minutes - 1), `the caller still gets its tries between quiet periods: ${guesses}`);
  assert.ok(b.eventsOf(LineEvent.QuietModeOn).length >= minutes - 1);
});

test("quiet_mode_refuses_logins_on_every_line_until_the_block_period_ends", async () => {
  const b = await Board.boot(USERS + BLOCK + LINES);
  await answered(b, 4);
  for (let i = 0; i < 3; i++) {
    if (i > 0) b.wait(1000); // login delay
    b.type(4, `Ted\rwrong${i}\r`);
  }
  const quietAt = b.clock.now();
  const on = b.eventsOf(LineEvent.QuietModeOn);
  assert.equal(on.length, 1);
  assert.deepEqual([on[0].line, on[0].args[0]], [4, 60], "on the line of the third failure, for 60 s");
  assert.equal(Buffer.from(on[0].data).toString(), "Ted", "a user who exists is named");
  assert.equal(b.state(4), LineState.HangUp, "the caller who started quiet mode is hung up");
  b.read(7);
  await answered(b, 7);
  assert.equal(b.read(7), "", "no prompt during quiet mode: the call is closed, as IOS closes the connection");
  assert.equal(b.state(7), LineState.HangUp);
  const blocked = b.eventsOf(LineEvent.LoginBlocked, 7);
  assert.equal(blocked.length, 1);
  assert.equal(blocked[0].args[0], LoginBlock.QuietMode);
  b.carrier(7, false);
  b.wait(quietAt + 60_000 - 1 - b.clock.now());
  assert.equal(b.eventsOf(LineEvent.QuietModeOff).length, 0);
  b.wait(1);
  const off = b.eventsOf(LineEvent.QuietModeOff);
  assert.equal(off.length, 1, "quiet mode ends after the block period");
  assert.equal(off[0].line, GLOBAL_LINE);
  await answered(b, 7);
  assert.match(b.read(7), /Username: $/);
  b.type(7, "Ted\rRhoda\r");
  assert.equal(b.state(7), LineState.Exec);
});

test("the_caller_whose_failure_starts_quiet_mode_is_hung_up_before_its_last_try", async () => {
  const b = await Board.boot(`${USERS}login block-for 60 attempts 2 within 30\n${LINES}`);
  await answered(b, 4);
  b.type(4, "Ted\ra\r");
  b.wait(1000);
  b.type(4, "Ted\rb\r");
  assert.equal(b.eventsOf(LineEvent.QuietModeOn).length, 1);
  assert.equal(b.state(4), LineState.HangUp, "the second of three tries ends the call");
});

test("a_right_password_typed_during_quiet_mode_is_refused", async () => {
  const b = await Board.boot(USERS + BLOCK + LINES);
  await answered(b, 7);
  b.type(7, "Ted\r"); // at the password prompt when quiet mode starts
  await answered(b, 4);
  b.type(4, "Ted\ra\r");
  b.wait(1000);
  b.type(4, "Ted\rb\r");
  b.wait(1000);
  b.type(4, "Ted\rc\r");
  assert.equal(b.eventsOf(LineEvent.QuietModeOn).length, 1);
  b.read(7);
  b.type(7, "Rhoda\r");
  assert.notEqual(b.state(7), LineState.Exec);
  assert.equal(b.state(7), LineState.HangUp);
  assert.equal(b.eventsOf(LineEvent.LoginSucceeded).length, 0);
  assert.equal(b.eventsOf(LineEvent.LoginBlocked, 7).length, 1);
});

test("logins_asked_of_an_aaa_server_are_refused_in_quiet_mode_and_not_asked_at_all", async () => {
  const b = await Board.boot(USERS + BLOCK + LINES + "line 8\n login local\n");
  b.core.exports.authLoginModeSet(2); // every login is asked of the host
  const asked = (tty: number) => b.eventsOf(EventKind.AuthRequest, tty);
  await answered(b, 7);
  b.type(7, "tenzing\rsummit\r"); // asked before quiet mode, answered after it began
  await answered(b, 8);
  b.type(8, "tenzing\r"); // at the password prompt when quiet mode begins
  await answered(b, 4);
  for (let i = 0; i < 3; i++) {
    if (i > 0) b.wait(1000);
    b.type(4, `Ted\rwrong${i}\r`);
    b.core.exports.authResult(4, 0, asked(4).at(-1)!.args[2]);
    b.wait(0);
  }
  assert.equal(b.eventsOf(LineEvent.QuietModeOn).length, 1);
  assert.equal(b.core.exports.authResult(7, 1, asked(7)[0].args[2]), 1, "the late answer is taken");
  b.wait(0);
  b.type(8, "summit\r");
  assert.equal(asked(8).length, 0, "no server is asked during quiet mode");
  assert.equal(b.eventsOf(LineEvent.LoginSucceeded).length, 0);
  assert.deepEqual([b.eventsOf(LineEvent.LoginBlocked, 7).length, b.eventsOf(LineEvent.LoginBlocked, 8).length], [1, 1]);
});

test("failures_outside_the_window_do_not_start_quiet_mode", async () => {
  const b = await Board.boot(USERS + BLOCK + LINES);
  await answered(b, 4);
  b.type(4, "Ted\ra\r");
  b.wait(1000);
  b.type(4, "Ted\rb\r");
  b.wait(30_000); // the first failure is now 31 s old
  b.type(4, "Ted\rc\r");
  assert.equal(b.eventsOf(LineEvent.QuietModeOn).length, 0);
  assert.equal(b.state(4), LineState.HangUp, "the third try of a call ends it");
  await answered(b, 7);
  assert.match(b.read(7), /Username: $/, "no quiet mode: the next call gets its prompt");
});

test("login_delay_holds_the_next_prompt_and_drops_what_is_typed_meanwhile", async () => {
  for (const [config, delay] of [[BLOCK, 1000], [`${BLOCK}login delay 3\n`, 3000], ["login delay 2\n", 2000]] as const) {
    const b = await Board.boot(USERS + config + LINES);
    await answered(b, 4);
    b.read(4);
    b.type(4, "Ted\rwrong\r");
    assert.equal(b.read(4), "Ted\r\nPassword: \r\n% Login invalid\r\n\r\n", config);
    b.type(4, "Ted\r"); // typed ahead during the delay
    b.wait(delay - 10);
    assert.equal(b.read(4), "", `${config}: no prompt before ${delay} ms`);
    b.wait(10);
    assert.equal(b.read(4), "Username: ", config);
    b.type(4, "Ted\rRhoda\r");
    assert.equal(b.state(4), LineState.Exec, `${config}: what was typed during the delay was dropped`);
  }
});

test("without_login_delay_or_block_for_the_next_prompt_comes_at_once", async () => {
  const b = await Board.boot(USERS + LINES);
  await answered(b, 4);
  b.read(4);
  b.type(4, "Ted\rwrong\r");
  assert.match(b.read(4), /% Login invalid\r\n\r\nUsername: $/);
});

test("failures_are_always_reported_and_successes_only_with_on_success_log", async () => {
  for (const [config, logged] of [["", 0], ["login on-success log\nlogin on-failure log\n", 1]] as const) {
    const b = await Board.boot(USERS + config + LINES);
    await answered(b, 4);
    b.type(4, "Nobody\rx\rTed\rRhoda\r");
    const failed = b.eventsOf(LineEvent.LoginFailed, 4);
    assert.equal(failed.length, 1);
    assert.equal(Buffer.from(failed[0].data).toString(), "", "a name that is no user stays out of logs");
    const ok = b.eventsOf(LineEvent.LoginSucceeded, 4);
    assert.equal(ok.length, 1);
    assert.equal(ok[0].args[1], logged, `on-success log: ${config}`);
  }
});

test("login_commands_read_back_and_their_limits_are_located_errors", () => {
  const text = `${BLOCK}login delay 2\nlogin on-failure log\nlogin on-success log\n`;
  const r = compileConfig(text, "gw.cfg");
  assert.equal(r.ok, true, JSON.stringify(r.diagnostics));
  assert.deepEqual(r.model.login, { blockFor: { seconds: 60, attempts: 3, within: 30 }, delay: 2, onFailureLog: true, onSuccessLog: true });
  const shown = showRunningConfig(r.model);
  assert.match(shown, /login block-for 60 attempts 3 within 30\nlogin delay 2\nlogin on-failure log\nlogin on-success log\n/);
  assert.deepEqual(compileConfig(shown).model.login, r.model.login);
  const no = compileConfig(`${text}no login block-for\nno login delay\n`);
  assert.deepEqual([no.model.login.blockFor, no.model.login.delay], [null, null]);
  for (const bad of ["login delay 11", "login block-for 60 attempts 256 within 30", "login block-for 0 attempts 3 within 30"]) {
    const e = compileConfig(`${bad}\n`, "gw.cfg");
    assert.equal(e.ok, false, bad);
    assert.equal(e.diagnostics[0].loc.line, 1, bad);
  }
});
