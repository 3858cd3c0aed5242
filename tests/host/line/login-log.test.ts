// The login log lines and the narrative of the login events: IOS SEC_LOGIN shapes, names
// escaped, successes only with `login on-success log`.

import { test } from "node:test";
import assert from "node:assert/strict";
import { LineEvent, LoginBlock, LoginFailure, GLOBAL_LINE } from "../../../host/core/abi.ts";
import type { CoreEvent } from "../../../host/core/core.ts";
import { loginLogLine } from "../../../host/trace/login-log.ts";
import { terminalSafe } from "../../../host/trace/terminal-text.ts";
import { describeEvent } from "../../../host/trace/describe.ts";

function ev(kind: number, line: number, args: number[], data: string | Uint8Array = ""): CoreEvent {
  return { seq: 1, line, kind, args: [args[0] ?? 0, args[1] ?? 0, args[2] ?? 0, args[3] ?? 0], data: typeof data === "string" ? Buffer.from(data) : data };
}

test("login_events_read_as_ios_sec_login_messages", () => {
  assert.equal(
    loginLogLine(ev(LineEvent.LoginFailed, 4, [1, 0, LoginFailure.Invalid], "Ted")),
    "%SEC_LOGIN-4-LOGIN_FAILED: Login failed [user: Ted] [Source: TTY4] [localport: 4] [Reason: Login Authentication Failed]",
  );
  assert.match(loginLogLine(ev(LineEvent.LoginFailed, 4, [2, 0, LoginFailure.TooLong]))!, /\[user: \] .*\[Reason: Input too long\]$/);
  assert.match(loginLogLine(ev(LineEvent.LoginFailed, 4, [1, 0, LoginFailure.Timeout]))!, /\[Reason: Login timeout\]$/);
  assert.match(loginLogLine(ev(LineEvent.LoginFailed, 4, [1, 1, 0], "Ted"))!, /\[Reason: Not the user called back\]$/);
  assert.equal(loginLogLine(ev(LineEvent.LoginSucceeded, 4, [0, 0], "Ted")), null, "successes only with login on-success log");
  assert.equal(
    loginLogLine(ev(LineEvent.LoginSucceeded, 4, [0, 1], "Ted")),
    "%SEC_LOGIN-5-LOGIN_SUCCESS: Login Success [user: Ted] [Source: TTY4] [localport: 4]",
  );
  assert.equal(
    loginLogLine(ev(LineEvent.QuietModeOn, 7, [60, 3, 30, 12], "Ted")),
    "%SEC_LOGIN-1-QUIET_MODE_ON: Still timeleft for watching failures is 12 secs, [user: Ted] [Source: TTY7] [localport: 7], " +
      "logins refused for 60 secs (3 failures within 30 secs)",
  );
  assert.equal(loginLogLine(ev(LineEvent.QuietModeOff, GLOBAL_LINE, [])), "%SEC_LOGIN-5-QUIET_MODE_OFF: Quiet Mode is OFF, because block period timed out");
  assert.equal(
    loginLogLine(ev(LineEvent.LoginBlocked, 7, [LoginBlock.QuietMode, 42])),
    "Login refused [Source: TTY7] [localport: 7] [Reason: Quiet Mode, 42 secs left]",
  );
  assert.match(loginLogLine(ev(LineEvent.LoginBlocked, 7, [LoginBlock.NoPassword]))!, /Password required, but none set/);
  assert.equal(loginLogLine(ev(LineEvent.CarrierLost, 7, [])), null);
});

test("names_from_callers_are_escaped_in_the_log_and_the_narrative", () => {
  const hostile = Buffer.from("a\x1b[2J\x1b]0;owned\x07\\b\xff", "latin1");
  assert.equal(terminalSafe(hostile), "a\\x1b[2J\\x1b]0;owned\\x07\\b\\xff");
  for (const text of [loginLogLine(ev(LineEvent.LoginFailed, 4, [1], hostile))!, describeEvent(ev(LineEvent.LoginSucceeded, 4, [64], hostile))!]) {
    assert.equal(/[\x00-\x1f\x7f-\xff]/.test(text), false, JSON.stringify(text));
  }
});

test("the_narrative_tells_the_login_events", () => {
  assert.equal(describeEvent(ev(LineEvent.LoginSucceeded, 4, [-1])), "TTY4: login ok, line password");
  assert.equal(describeEvent(ev(LineEvent.LoginFailed, 4, [3, 0, LoginFailure.TooLong])), 'TTY4: login failed for "" (attempt 3, input too long)');
  assert.equal(describeEvent(ev(LineEvent.QuietModeOn, 4, [60, 3, 30, 5])), "TTY4: quiet mode: 3 failed logins within 30 s, every login refused for 60 s");
  assert.equal(describeEvent(ev(LineEvent.QuietModeOff, GLOBAL_LINE, [])), "core: quiet mode over, logins allowed again");
  assert.equal(describeEvent(ev(LineEvent.LoginBlocked, 7, [LoginBlock.QuietMode, 42])), "TTY7: call closed: quiet mode (42 s left)");
  assert.equal(describeEvent(ev(LineEvent.LoginBlocked, 7, [LoginBlock.NoPassword])), 'TTY7: call closed: "login" but no line password');
});
