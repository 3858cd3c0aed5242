// The login deadline counts from the prompt (`timeout login response`), and input past a
// field's length ends the attempt: no caller holds a line by typing slowly or endlessly.

import { test } from "node:test";
import assert from "node:assert/strict";
import { LineEvent, LineState, LoginFailure } from "../../../host/core/abi.ts";
import { Board } from "./login-board.ts";

const CONFIG = "hostname gw\nusername Ted password Rhoda\nline 4\n login local\n";

async function atPrompt(config = CONFIG): Promise<Board> {
  const b = await Board.boot(config);
  b.carrier(4, true);
  b.wait(1000); // flush-at-activation
  b.read(4);
  return b;
}

test("one_byte_every_29_seconds_no_longer_holds_the_username_prompt", async () => {
  const b = await atPrompt();
  const prompted = b.clock.now();
  let drip = prompted + 29_000;
  while (b.state(4) === LineState.Username && b.clock.now() - prompted < 24 * 3600_000) {
    b.wait(1000);
    if (b.clock.now() >= drip && b.state(4) === LineState.Username) {
      b.type(4, "a");
      drip += 29_000;
    }
  }
  assert.equal(b.state(4), LineState.HangUp);
  assert.ok(b.clock.now() - prompted <= 30_000, `hung up ${(b.clock.now() - prompted) / 1000} s after the prompt`);
  assert.match(b.read(4), /% Username:  timeout expired!/);
  const failed = b.eventsOf(LineEvent.LoginFailed, 4);
  assert.equal(failed.length, 1, "a half-typed answer that timed out is a failed login");
  assert.equal(failed[0].args[2], LoginFailure.Timeout);
});

test("empty_answers_do_not_restart_the_deadline_either", async () => {
  const b = await atPrompt();
  for (let i = 0; i < 3; i++) {
    b.wait(9_000);
    b.type(4, "\r");
  }
  assert.equal(b.state(4), LineState.Username, "27 s: still asking");
  b.wait(3_000);
  assert.equal(b.state(4), LineState.HangUp, "30 s after the first prompt");
});

test("the_password_prompt_times_out_from_its_own_prompt", async () => {
  const b = await atPrompt();
  b.type(4, "Ted\r");
  b.wait(20_000);
  b.type(4, "Rho");
  b.wait(9_999);
  assert.equal(b.state(4), LineState.Password);
  b.wait(1);
  assert.equal(b.state(4), LineState.HangUp);
  assert.match(b.read(4), /% Password:  timeout expired!/);
  assert.equal(Buffer.from(b.eventsOf(LineEvent.LoginFailed, 4)[0].data).toString(), "Ted");
});

test("a_silent_caller_is_hung_up_without_a_failed_login", async () => {
  const b = await atPrompt();
  b.wait(30_000);
  assert.equal(b.state(4), LineState.HangUp);
  assert.equal(b.eventsOf(LineEvent.LoginFailed).length, 0, "nobody tried to log in");
});

test("timeout_login_response_sets_the_prompt_deadline", async () => {
  const b = await atPrompt(`${CONFIG} timeout login response 10\n`);
  b.wait(9_999);
  assert.equal(b.state(4), LineState.Username);
  b.wait(1);
  assert.equal(b.state(4), LineState.HangUp);
});

test("an_endless_user_name_ends_the_attempt_at_the_field_length_and_the_call_after_three", async () => {
  const b = await atPrompt();
  const chunk = Buffer.alloc(1 << 20, "A");
  for (let i = 0; i < 4; i++) b.type(4, chunk); // 4 MiB of one user name
  const failed = b.eventsOf(LineEvent.LoginFailed, 4);
  assert.equal(failed.length, 3);
  assert.deepEqual(failed.map((e) => e.args[2]), [LoginFailure.TooLong, LoginFailure.TooLong, LoginFailure.TooLong]);
  assert.equal(Buffer.from(failed[0].data).length, 0, "such a name is no user: not logged");
  assert.equal(b.state(4), LineState.HangUp);
  const shown = b.read(4);
  assert.ok(shown.length < 400, `${shown.length} bytes shown, not one per byte received`);
  assert.equal(shown.includes("\x07"), false, "no bell per byte");
  assert.equal(shown.split("A".repeat(32) + "\r\n% Login invalid").length - 1, 3, "the 32 characters of the field are echoed, then refused");
});

test("an_overlong_password_ends_the_attempt", async () => {
  const b = await atPrompt();
  b.type(4, `Ted\r${"p".repeat(65)}`);
  const failed = b.eventsOf(LineEvent.LoginFailed, 4);
  assert.equal(failed.length, 1);
  assert.equal(failed[0].args[2], LoginFailure.TooLong);
  assert.equal(Buffer.from(failed[0].data).toString(), "Ted", "the user exists: named");
  assert.match(b.read(4), /% Login invalid\r\n\r\nUsername: $/);
});

test("a_name_longer_than_a_user_name_never_logs_in_as_the_user_it_starts_with", async () => {
  const name = "u".repeat(32);
  const config = `username ${name} password pw\nline 4\n login local\n`;
  const b = await atPrompt(config);
  b.type(4, `${name}X\rpw\r`);
  assert.equal(b.eventsOf(LineEvent.LoginSucceeded).length, 0);
  const again = await atPrompt(config);
  again.type(4, `${name}\rpw\r`);
  assert.equal(again.state(4), LineState.Exec, "the 32-character name itself logs in");
});
