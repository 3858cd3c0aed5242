// The line's side of an EXEC callback, with the whole core running (support/callback-core.ts):
// a callback only after a good login, and on the leg the same user logs in again (another
// valid user is refused) unless the configuration says nocallback-verify.

import { CoreBench, BenchConfig, BenchLine, BenchUser } from "../support/callback-core";
import { CallbackEvent } from "../../../assembly/callback/callback-events";
import { CallbackOutcome } from "../../../assembly/callback/record";
import { LineFlag } from "../../../assembly/config/line-settings";

function execBench(): CoreBench {
  const c = new BenchConfig();
  c.execCallback = true;
  c.lines.push(new BenchLine(4, LineFlag.FlushAtActivation | LineFlag.LoginLocal));
  c.users.push(new BenchUser("Ted", "Rhoda", "5554040"));
  c.users.push(new BenchUser("Kim", "K1m", "7654321"));
  c.users.push(new BenchUser("Nora", "N0ra", "5553333", 0, 0, 0, true));
  return new CoreBench(c);
}

// Answers the login dialogue; the Username prompt must be on the screen already or come.
function login(b: CoreBench, user: string, password: string): void {
  expect(b.runUntilScreen("Username: ", 30000)).toBe(true, "asked for the user name");
  b.screen = "";
  b.type(user + "\r");
  expect(b.runUntilScreen("Password: ", 5000)).toBe(true, "asked for the password");
  b.screen = "";
  b.type(password + "\r");
}

describe("callback leg: exec", () => {
  it("a_wrong_password_is_not_called_back", () => {
    const b = execBench();
    b.dialInTerminal(4);
    login(b, "Ted", "guess");
    b.run(60000);
    expect(b.count(CallbackEvent.Requested)).toBe(0);
    expect(b.dialled.length).toBe(0);
  });

  it("the_leg_asks_for_the_login_again_and_refuses_another_valid_user", () => {
    const b = execBench();
    b.dialInTerminal(4);
    login(b, "Ted", "Rhoda");
    expect(b.runUntilScreen("Callback initiated", 5000)).toBe(true);
    b.screen = "";
    login(b, "Kim", "K1m");
    expect(b.runUntilScreen("% Login invalid", 5000)).toBe(true, "Kim may not take Ted's callback");
    expect(b.dialled).toStrictEqual(["5554040"]);
    expect(b.count(CallbackEvent.Finished)).toBe(0);
    login(b, "Ted", "Rhoda");
    expect(b.runUntilFinished(1, 5000)).toBe(true);
    expect(b.first(CallbackEvent.Finished).a1).toBe(CallbackOutcome.Ok);
  });

  it("nocallback_verify_goes_straight_to_the_prompt_for_that_user_only", () => {
    const b = execBench();
    b.dialInTerminal(4);
    login(b, "Nora", "N0ra");
    expect(b.runUntilFinished(1, 60000)).toBe(true);
    expect(b.first(CallbackEvent.Finished).a1).toBe(CallbackOutcome.Ok);
    expect(b.screen.includes("Username:")).toBe(false, "no second login");
  });
});
