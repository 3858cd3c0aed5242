// The line machine's modem control on the virtual clock, the test playing the modem: the
// set-up at start and after every hang-up (script startup, script reset, the modem type's
// commands), answering by ATA on RING when the type does not auto-answer, a modem that does
// not answer AT reported and retried with a doubling wait, and what `modem RI-is-CD`,
// `CTS-Required`, `DTR-Active` and `Host` mean for carrier and DTR.

import { test } from "node:test";
import assert from "node:assert/strict";
import { EventKind, LineEvent, LineState, Signal } from "../../../host/core/abi.ts";
import { Board } from "./login-board.ts";

const TYPE_DEFAULT = ["username ted password tedpw", "line 1", " login local", " modem InOut", " modem autoconfigure type default"];

/** The modem answers every command line the line sent since the last read with `reply`; returns what was sent. */
function answer(b: Board, reply = "OK"): string {
  const sent = b.read(1);
  for (const _ of sent.match(/\r/g) ?? []) b.type(1, `\r\n${reply}\r\n`);
  return sent;
}

function states(b: Board): string[] {
  return b.eventsOf(LineEvent.LineState, 1).map((e) => `${e.args[1]}->${e.args[0]}`);
}

test("at start the modem is asked for results in words (ATQ0V1), then set up with its type's commands; the line is idle once it said OK", async () => {
  const b = await Board.boot(TYPE_DEFAULT.join("\n"));
  b.wait(1);
  assert.equal(answer(b), "ATQ0V1\r");
  assert.equal(answer(b), "AT&FS0=1&C1&D2\r");
  assert.equal(b.state(1), LineState.Idle);
  assert.deepEqual(states(b), [`${LineState.Idle}->${LineState.ModemInit}`, `${LineState.ModemInit}->${LineState.Idle}`]);
  const ready = b.eventsOf(LineEvent.ModemReady, 1);
  assert.equal(ready.length, 1);
  assert.equal(ready[0].args[0], 4, "modem autoconfigure ran");
});

test("after every call the line runs script reset and the modem's commands again before it is idle", async () => {
  const scripts = ['chat-script usr-reset ABORT ERROR "" ATZ OK', 'chat-script usr-start "" AT&F OK'];
  const b = await Board.boot([...scripts, ...TYPE_DEFAULT, " script reset usr-reset", " script startup usr-start"].join("\n"));
  b.wait(1);
  assert.equal(answer(b), "AT&F\r", "script startup first, at start only");
  assert.equal(answer(b), "ATQ0V1\r");
  assert.equal(answer(b), "AT&FS0=1&C1&D2\r");
  assert.equal(b.state(1), LineState.Idle);
  b.carrier(1, true);
  b.wait(1500);
  b.read(1);
  b.carrier(1, false); // the caller hung up
  assert.equal(b.state(1), LineState.ModemInit, "not idle (not free for a callback) until the modem is set up again");
  b.wait(1);
  assert.equal(answer(b), "ATZ\r", "script reset, not script startup");
  assert.equal(answer(b), "ATQ0V1\r");
  assert.equal(answer(b), "AT&FS0=1&C1&D2\r");
  assert.equal(b.state(1), LineState.Idle);
  assert.equal(b.eventsOf(LineEvent.ModemReady, 1).at(-1)!.args[0], 2 | 4);
});

test("a call that arrives during the set-up stops it; the next hang-up runs it again", async () => {
  const b = await Board.boot(TYPE_DEFAULT.join("\n"));
  b.wait(1);
  assert.equal(b.read(1), "ATQ0V1\r");
  b.carrier(1, true); // the modem, still auto-answering from before, took a call
  assert.equal(b.state(1), LineState.Activation);
  b.wait(1500);
  assert.match(b.read(1), /Username: /);
  b.carrier(1, false);
  b.wait(1);
  assert.equal(answer(b), "ATQ0V1\r");
});

test("a modem type without auto-answer: the line answers RING with ATA, once per answer window", async () => {
  const b = await Board.boot(["modemcap entry by_line:AA=S0=0", ...TYPE_DEFAULT.slice(0, -1), " modem autoconfigure type by_line"].join("\n"));
  b.wait(1);
  answer(b);
  assert.equal(answer(b), "AT&FS0=0&C1&D2\r");
  b.type(1, "\r\nRING\r\n");
  assert.equal(b.read(1), "ATA\r");
  b.wait(3000);
  b.type(1, "\r\nRING\r\n");
  assert.equal(b.read(1), "", "a second character would abort the answer");
  b.wait(15_000);
  b.type(1, "\r\nRING\r\n");
  assert.equal(b.read(1), "ATA\r", "the window is over: answered again");
  assert.equal(b.eventsOf(LineEvent.ModemAnswered, 1).length, 2);
});

test("a type that auto-answers gets no ATA from the line", async () => {
  const b = await Board.boot(TYPE_DEFAULT.join("\n"));
  b.wait(1);
  answer(b);
  answer(b);
  b.type(1, "\r\nRING\r\n");
  assert.equal(b.read(1), "");
});

test("a modem that never says OK is asked once more, reported and tried again after 5, 10, 20 s; it is ready once it answers", async () => {
  const b = await Board.boot(TYPE_DEFAULT.join("\n"));
  b.wait(1);
  assert.equal(b.read(1), "ATQ0V1\r");
  const silentAttempt = () => {
    b.wait(2000); // the results command's 2 s
    assert.equal(b.read(1), "ATQ0V1\r", "asked once more");
    b.wait(2000);
  };
  silentAttempt();
  b.wait(5000);
  assert.equal(b.read(1), "ATQ0V1\r", "tried again after 5 s");
  silentAttempt();
  b.wait(10_000);
  assert.equal(b.read(1), "ATQ0V1\r", "then after 10 s");
  const failed = b.eventsOf(LineEvent.ModemFailed, 1).map((e) => [e.args[0], e.args[2], e.args[3]]);
  assert.deepEqual(failed, [
    [4, 1, 5000],
    [4, 2, 10_000],
  ]);
  silentAttempt();
  assert.deepEqual(b.eventsOf(LineEvent.ModemFailed, 1).at(-1)!.args.slice(2, 4), [3, 20_000]);
  b.wait(20_000);
  assert.equal(answer(b), "ATQ0V1\r");
  assert.equal(answer(b), "AT&FS0=1&C1&D2\r");
  assert.equal(b.eventsOf(LineEvent.ModemReady, 1)[0].args[1], 3, "ready after three failed attempts");
  assert.equal(b.state(1), LineState.Idle);
});

test("a modem that answers the results command in the old form (0, numeric) is asked once more and then set up", async () => {
  const b = await Board.boot(TYPE_DEFAULT.join("\n"));
  b.wait(1);
  assert.equal(b.read(1), "ATQ0V1\r");
  b.type(1, "ATQ0V1\r0\r"); // its echo, then OK as a digit
  b.wait(1900);
  assert.equal(b.read(1), "", "a digit is not OK: nothing more is sent before the 2 s are over");
  b.wait(100);
  assert.equal(answer(b), "ATQ0V1\r", "asked once more: now in words");
  assert.equal(answer(b), "AT&FS0=1&C1&D2\r");
  assert.equal(b.state(1), LineState.Idle);
  assert.equal(b.eventsOf(LineEvent.ModemFailed, 1).length, 0);
});

test("digits are never taken for OK: a modem that only ever answers 0 fails the set-up and is tried again", async () => {
  const b = await Board.boot(TYPE_DEFAULT.join("\n"));
  b.wait(1);
  assert.equal(answer(b, "0"), "ATQ0V1\r");
  b.wait(2000);
  assert.equal(answer(b, "0"), "ATQ0V1\r");
  b.type(1, "0\r00\r 0 \r10\r");
  b.wait(2000);
  assert.equal(b.read(1), "", "nothing sent after digits");
  assert.deepEqual(b.eventsOf(LineEvent.ModemFailed, 1).map((e) => [e.args[0], e.args[2], e.args[3]]), [[4, 1, 5000]]);
  assert.equal(b.state(1), LineState.ModemInit, "not idle: the line takes no call on a modem it cannot read");
});

test("modem RI-is-CD: carrier is the RI input (the modem's CD is wired to it); DCD alone starts nothing", async () => {
  const b = await Board.boot(["username ted password tedpw", "line 1", " login local", " modem RI-is-CD"].join("\n"));
  b.core.signals(1, Signal.DCD | Signal.DSR | Signal.CTS);
  b.wait(10);
  assert.equal(b.state(1), LineState.Idle);
  b.core.signals(1, Signal.RI | Signal.DSR | Signal.CTS);
  b.wait(10);
  assert.equal(b.state(1), LineState.Activation);
  b.core.signals(1, Signal.DSR | Signal.CTS);
  b.wait(10);
  assert.equal(b.state(1), LineState.Idle);
});

test("modem CTS-Required: a session needs CTS as well as carrier, and ends when CTS drops", async () => {
  const b = await Board.boot(["username ted password tedpw", "line 1", " login local", " modem CTS-Required"].join("\n"));
  b.core.signals(1, Signal.DCD | Signal.DSR);
  b.wait(10);
  assert.equal(b.state(1), LineState.Idle);
  b.core.signals(1, Signal.DCD | Signal.DSR | Signal.CTS);
  b.wait(10);
  assert.equal(b.state(1), LineState.Activation);
  b.core.signals(1, Signal.DCD | Signal.DSR);
  b.wait(10);
  assert.equal(b.state(1), LineState.Idle);
});

test("modem DTR-Active keeps DTR low while idle and raises it for a call; InOut keeps it up", async () => {
  const outputs = (b: Board) => b.eventsOf(EventKind.SignalsSet, 1).map((e) => e.args[0]);
  const b = await Board.boot(["username ted password tedpw", "line 1", " login local", " modem DTR-Active", "line 2", " modem InOut"].join("\n"));
  b.carrier(1, true);
  b.wait(1500);
  b.carrier(1, false);
  b.wait(10);
  // Low from the start (RTS 2 only), raised for the call (DTR 1 | RTS 2), low again once idle.
  assert.deepEqual(outputs(b), [2, 3, 2]);
  b.carrier(2, true);
  b.wait(1500);
  b.carrier(2, false);
  assert.deepEqual(b.eventsOf(EventKind.SignalsSet, 2).map((e) => e.args[0]), [], "an InOut line's DTR never moved: it is up from the start");
});

test("modem Host takes no incoming call: carrier on an idle line is hung up without a prompt", async () => {
  const b = await Board.boot(["username ted password tedpw", "line 1", " login local", " modem Host"].join("\n"));
  b.carrier(1, true);
  b.wait(100);
  assert.equal(b.state(1), LineState.HangUp);
  assert.equal(b.read(1), "");
});
