// `dialback run --events` describes how a chat script ended (the core's ChatResult event) in
// words: the script (a chat-script, or the modem set-up of `modem autoconfigure`), the
// result, and the word of the script it ended at; never the bare `ChatResult -1 6 1 0`.

import { test } from "node:test";
import assert from "node:assert/strict";
import { ChatError, ChatResult, EventKind, LineEvent } from "../../../host/core/abi.ts";
import type { CoreEvent } from "../../../host/core/core.ts";
import { StoryTeller } from "../../../host/trace/describe.ts";
import { runEventLine } from "../../../host/cli/commands/run.ts";
import { coreWithScripts, chatRun, CHAT_TTY } from "../../support/chat-modem.ts";
import { Board } from "../line/login-board.ts";

const line = (e: CoreEvent) => runEventLine(new StoryTeller(), e);

function ev(args: number[], name: string, tty = 4): CoreEvent {
  return { seq: 1, line: tty, kind: EventKind.ChatResult, args: [args[0], args[1], args[2], args[3]], data: Buffer.from(name, "latin1") };
}

const chatResults = (events: Iterable<CoreEvent>) => [...events].filter((e) => e.kind === EventKind.ChatResult).map(line);

test("the modem set-up's end, from the core: ok, or which word it waited at", async () => {
  const b = await Board.boot(["line 1", " modem InOut", " modem autoconfigure type default"].join("\n"));
  b.wait(1);
  b.read(1);
  b.type(1, "\r\nOK\r\n");
  b.read(1);
  b.type(1, "\r\nOK\r\n");
  assert.deepEqual(chatResults(b.events), ["TTY1: modem set-up (modemcap entry default): ok"]);
  assert.equal(b.eventsOf(LineEvent.ModemReady, 1).length, 1);

  const silent = await Board.boot(["line 1", " modem InOut", " modem autoconfigure type default"].join("\n"));
  silent.wait(1);
  silent.wait(4000);
  // Word 7 is OK-ATQ0V1-OK: ABORT ERROR TIMEOUT 2 "" ATQ0V1 OK-ATQ0V1-OK ...
  assert.deepEqual(chatResults(silent.events), ["TTY1: modem set-up (modemcap entry default): timed out waiting at word 7"]);
});

test("a callback script's end, from the core: aborted by BUSY, timed out at CONNECT, ok", async () => {
  // Words: 1 ABORT, 2 ERROR, 3 ABORT, 4 BUSY, 5 "", 6 ATZ, 7 OK, 8 "ATDT \T", 9 TIMEOUT, 10 30, 11 CONNECT, 12 \c
  const tokens = ["ABORT", "ERROR", "ABORT", "BUSY", "", "ATZ", "OK", "ATDT \\T", "TIMEOUT", "30", "CONNECT", "\\c"];
  const core = await coreWithScripts([{ name: "dial", tokens }]);
  const run = (replies: string[], ms = 0): string[] => {
    assert.equal(chatRun(core, 0, "5551234"), 0);
    for (const r of replies) core.rxPush(CHAT_TTY, Buffer.from(r));
    if (ms) core.tick(ms);
    return chatResults(core.drainEvents());
  };
  assert.deepEqual(run(["\r\nOK\r\n", "\r\nBUSY\r\n"]), ["TTY1: chat script dial: aborted by its ABORT string 2 at word 11"]);
  assert.deepEqual(run(["\r\nOK\r\n"], 40_000), ["TTY1: chat script dial: timed out waiting at word 11"]);
  assert.deepEqual(run(["\r\nOK\r\n", "\r\nCONNECT 33600\r\n"], 80_000), ["TTY1: chat script dial: ok"]);
});

test("every result has words; the script's name is shown escaped", () => {
  assert.equal(line(ev([-1, 6, ChatResult.Success, 0], "default")), "TTY4: modem set-up (modemcap entry default): ok");
  assert.equal(line(ev([0, 10, ChatResult.Abort, -1], "dial")), "TTY4: chat script dial: ended by RING (an incoming call) at word 11");
  assert.equal(line(ev([0, 10, ChatResult.CarrierLost, 0], "dial")), "TTY4: chat script dial: carrier lost at word 11");
  assert.equal(line(ev([-1, 4, ChatResult.Stopped, 0], "usr_courier")), "TTY4: modem set-up (modemcap entry usr_courier): stopped by the line at word 5");
  const badEscape = -(ChatError.BadEscape | (3 << 8));
  assert.equal(line(ev([0, 3, ChatResult.BadScript, badEscape], "dial")), "TTY4: chat script dial: could not run: bad escape at word 4");
  assert.equal(line(ev([0, 0, ChatResult.BadScript, -ChatError.DialRefused], "dial")), "TTY4: chat script dial: could not run: dial refused");
  assert.equal(line(ev([2, 0, ChatResult.Success, 0], "x\x1b[2J")), "TTY4: chat script x\\x1b[2J: ok");
  for (let result = 1; result <= 6; result++) assert.doesNotMatch(line(ev([0, 1, result, 0], "s")), /ChatResult/);
});
