// The login log: one line per failed login (always), successful login (with `login
// on-success log`), quiet mode on and off, and call refused without a login, in the shape of
// IOS's SEC_LOGIN messages. The user is named only when the core named one (a user that
// exists); names come from callers and are escaped, so no control byte reaches a terminal.

import type { CoreEvent } from "../core/core.ts";
import { LineEvent, LoginBlock, LoginFailure } from "../core/abi.ts";
import { terminalSafe } from "./terminal-text.ts";

const REASONS: Record<number, string> = {
  [LoginFailure.Invalid]: "Login Authentication Failed",
  [LoginFailure.Timeout]: "Login timeout",
  [LoginFailure.TooLong]: "Input too long",
};

function source(e: CoreEvent): string {
  return `[Source: TTY${e.line}] [localport: ${e.line}]`;
}

/** The log message of a login event (no time stamp), or null for events that are not logged. */
export function loginLogLine(e: CoreEvent): string | null {
  const user = `[user: ${terminalSafe(e.data)}]`;
  const [a0, a1, a2, a3] = e.args;
  switch (e.kind) {
    case LineEvent.LoginFailed: {
      const reason = a1 ? "Not the user called back" : (REASONS[a2] ?? `reason ${a2}`);
      return `%SEC_LOGIN-4-LOGIN_FAILED: Login failed ${user} ${source(e)} [Reason: ${reason}]`;
    }
    case LineEvent.LoginSucceeded:
      return a1 ? `%SEC_LOGIN-5-LOGIN_SUCCESS: Login Success ${user} ${source(e)}` : null;
    case LineEvent.QuietModeOn:
      return (
        `%SEC_LOGIN-1-QUIET_MODE_ON: Still timeleft for watching failures is ${a3} secs, ${user} ${source(e)}, ` +
        `logins refused for ${a0} secs (${a1} failures within ${a2} secs)`
      );
    case LineEvent.QuietModeOff:
      return "%SEC_LOGIN-5-QUIET_MODE_OFF: Quiet Mode is OFF, because block period timed out";
    case LineEvent.LoginBlocked:
      return a0 === LoginBlock.QuietMode
        ? `Login refused ${source(e)} [Reason: Quiet Mode, ${a1} secs left]`
        : `Login refused ${source(e)} [Reason: Password required, but none set]`;
  }
  return null;
}
