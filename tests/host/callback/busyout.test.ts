// `lineBusyout`: a line the host takes out of service is never chosen to dial a callback
// (a reload runs a second core over the same lines; each busies out the other's lines).

import { test } from "node:test";
import assert from "node:assert/strict";
import { Core, type CoreEvent } from "../../../host/core/core.ts";
import { VirtualClock } from "../../../host/core/clock.ts";
import { compileConfig } from "../../../host/config/compile.ts";
import { compileImage } from "../../../host/config/image.ts";
import { CallbackEvent, outcomeName } from "../../../host/trace/describe.ts";
import { advance, modemSignals } from "../../support/terminal.ts";

const CONFIG = `hostname gw
service exec-callback
username ann callback-dialstring 5551234 callback-rotary 1 nocallback-verify password x
chat-script dial "" "ATZ" OK "ATDT \\T" TIMEOUT 5 CONNECT \\c
line 1 3
 login local
 modem InOut
 rotary 1
 script callback dial
`;

/** Ann logs in on line 1 and hangs up; returns the callback's events once it dialled or failed. */
async function callbackWith(busied: number[]): Promise<CoreEvent[]> {
  const compiled = compileConfig(CONFIG, "busyout.cfg");
  assert.deepEqual(compiled.diagnostics.filter((d) => d.severity === "error"), []);
  const core = await Core.load();
  core.init(compileImage(compiled.model));
  const clock = new VirtualClock();
  const events: CoreEvent[] = [];
  const pump = () => {
    for (const e of core.drainEvents()) events.push(e);
    for (const tty of [1, 2, 3]) core.txDrain(tty);
  };
  for (const tty of busied) assert.equal(core.exports.lineBusyout(tty, 1), 1);
  for (const tty of [1, 2, 3]) core.signals(tty, modemSignals(false));
  core.signals(1, modemSignals(true));
  advance(core, clock, 1000, pump);
  core.rxPush(1, Buffer.from("ann\rx\r", "latin1"));
  advance(core, clock, 2000, pump);
  core.signals(1, modemSignals(false)); // the caller's modem hangs up after the DTR drop
  advance(core, clock, 90_000, pump);
  return events.filter((e) => e.kind >= CallbackEvent.Requested && e.kind <= CallbackEvent.NumberRefused);
}

test("a callback dials on the first free line of its rotary, passing over busied-out lines", async () => {
  const plain = await callbackWith([]);
  assert.equal(plain.find((e) => e.kind === CallbackEvent.Dialling)?.args[1], 1, "without busyout the incoming line 1 is the first free one");

  const events = await callbackWith([1]);
  const dialling = events.find((e) => e.kind === CallbackEvent.Dialling);
  assert.ok(dialling, JSON.stringify(events));
  assert.equal(dialling.args[1], 2, "line 1 is busied out: line 2 dials");
});

test("with every line of the rotary busied out the callback finds no free line and dials nothing", async () => {
  const events = await callbackWith([1, 2, 3]);
  assert.equal(events.filter((e) => e.kind === CallbackEvent.Dialling).length, 0);
  const finished = events.find((e) => e.kind === CallbackEvent.Finished);
  assert.ok(finished, JSON.stringify(events));
  assert.equal(outcomeName(finished.args[1]), "no free line");
});

test("lineBusyout refuses the console and lines the image does not have", async () => {
  const core = await Core.load();
  core.init(compileImage(compileConfig(CONFIG, "busyout.cfg").model));
  assert.equal(core.exports.lineBusyout(0, 1), 0);
  assert.equal(core.exports.lineBusyout(9, 1), 0);
  assert.equal(core.exports.lineBusyout(-1, 1), 0);
  assert.equal(core.exports.lineBusyout(2, 1), 1);
  assert.equal(core.exports.lineBusyout(2, 0), 1);
});
