import { test } from "node:test";
import assert from "node:assert/strict";
import { describeEvent, CallbackEvent } from "../../host/trace/describe.ts";
import { EventKind, LineEvent, LineState } from "../../host/core/abi.ts";
import type { CoreEvent } from "../../host/core/core.ts";

function ev(kind: number, line: number, args: number[], data = ""): CoreEvent {
  return { seq: 1, line, kind, args: [args[0] ?? 0, args[1] ?? 0, args[2] ?? 0, args[3] ?? 0], data: Buffer.from(data) };
}

test("events_read_as_debug_lines_with_the_callback_id", () => {
  assert.equal(describeEvent(ev(LineEvent.LineState, 7, [LineState.Exec, LineState.Password, 12])), "TTY7: [12] password -> exec");
  assert.equal(describeEvent(ev(EventKind.SignalsSet, 7, [2])), "TTY7: DTR down, RTS up");
  assert.equal(
    describeEvent(ev(CallbackEvent.Requested, 7, [12, 4, 0], "1234567")),
    "TTY7: [12] Callback process initiated, method exec, dialstring 1234567",
  );
  assert.equal(describeEvent(ev(CallbackEvent.Finished, 8, [12, 2, 8, 31500])), "TTY8: [12] Callback finished: busy (31.5 s)");
  assert.equal(describeEvent(ev(LineEvent.LineState, 4, [LineState.LoginWait, LineState.Password, 3])), "TTY4: [3] password -> login-wait");
  assert.equal(describeEvent(ev(LineEvent.AaaTimeout, 4, [])), "TTY4: no AAA answer for the login: refused");
  assert.equal(describeEvent(ev(9999, 1, [])), null);
});
