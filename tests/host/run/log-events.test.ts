// Which core events become system messages, at which IOS severity, with the callback id.

import { test } from "node:test";
import assert from "node:assert/strict";
import { EventKind, LineEvent } from "../../../host/core/abi.ts";
import type { CoreEvent } from "../../../host/core/core.ts";
import { CallbackEvent } from "../../../host/trace/describe.ts";
import { eventLogMessage } from "../../../host/run/log-events.ts";
import { messageText } from "../../../host/run/ios-log.ts";

function event(line: number, kind: number, args: number[], text = ""): CoreEvent {
  return { seq: 0, line, kind, args: [args[0] ?? 0, args[1] ?? 0, args[2] ?? 0, args[3] ?? 0], data: new Uint8Array(Buffer.from(text, "latin1")) };
}

function logged(e: CoreEvent): string | null {
  const m = eventLogMessage(e);
  return m ? messageText(m) : null;
}

test("a callback's end: ok at notifications, anything else at errors, with its id", () => {
  assert.match(logged(event(7, CallbackEvent.Finished, [3, 1, 7, 6000])) ?? "", /^%DIALBACK-5-CALLBACK_OK: TTY7: \[3\] Callback finished: ok \(6\.0 s\)$/);
  assert.match(logged(event(7, CallbackEvent.Finished, [4, 2, 7, 9000])) ?? "", /^%DIALBACK-3-CALLBACK_FAILED: TTY7: \[4\] Callback finished: /);
});

test("the core's own log lines keep the severity the core gives them, clamped to IOS's 0-7", () => {
  const text = "IPCP: pool dialin has no free address, peer refused";
  assert.equal(logged(event(2, EventKind.Log, [4], text)), `%DIALBACK-4-CORE_LOG: TTY2: ${text}`);
  assert.match(logged(event(2, EventKind.Log, [99], "x")) ?? "", /^%DIALBACK-7-CORE_LOG: /);
  assert.match(logged(event(2, EventKind.Log, [-3], "x")) ?? "", /^%DIALBACK-0-CORE_LOG: /);
});

test("events that are no system message stay out of the log", () => {
  assert.equal(logged(event(1, EventKind.FrameReceived, [0xc021])), null);
});

test("modem discovery: an identified modem is a notice, an unknown one a warning quoting it, escaped", () => {
  assert.equal(
    logged(event(4, LineEvent.ModemIdentified, [1, 13], "usr_sportsterU.S. Robotics Sportster")),
    '%DIALBACK-6-MODEM_IDENTIFIED: TTY4: modem identified as usr_sportster ("U.S. Robotics Sportster")',
  );
  const unknown = logged(event(4, LineEvent.ModemIdentified, [0, 7], "defaultAcme\x1b]0;owned\x07")) ?? "";
  assert.match(unknown, /^%DIALBACK-4-MODEM_UNKNOWN: TTY4: modem not recognised \("Acme.*owned.*"\): using modemcap entry default$/);
  assert.doesNotMatch(unknown, /[\x00-\x1f]/, "no control byte reaches the log");
  assert.match(logged(event(4, LineEvent.ModemIdentified, [0, 7], "default")) ?? "", /not recognised \("no identification"\)/);
});
