// A serial line with a real-world modem set-up, end to end in real time: the server's modem
// (a simulated Hayes modem with factory settings, S0=0) on a pty pair (no DTR, no DCD: carrier
// from its text, hang-up by +++ / ATH0) or on the mock binding with DTR and DCD wired. The
// line's modem is initialised by `modem autoconfigure`; calls are answered by S0=1 or by ATA
// on RING as the modem type says; the hang-up reaches the caller; an EXEC callback dials only
// once the caller's modem has hung up; a dead modem is reported and retried; a DTR write that
// fails is an error and the line is hung up by escape instead.

import { test } from "node:test";
import assert from "node:assert/strict";
import { LineEvent } from "../../../host/core/abi.ts";
import { requireProgram } from "../../support/external.ts";
import { GPIO_PINS, ModemLineBench, SERVER_NUMBER, type BenchOptions } from "../../support/modem-line-bench.ts";

const LOGIN = ["hostname gw", "username ted password tedpw", "line 4", " login local", " modem InOut"];

const EXEC_CALLBACK = [
  "hostname gw",
  "service exec-callback",
  'chat-script dial ABORT ERROR ABORT BUSY ABORT "NO ANSWER" "" "ATZ" OK "ATDT \\T" TIMEOUT 30 CONNECT \\c',
  "username ted callback-dialstring 5553030 nocallback-verify password tedpw",
  "line 4",
  " login local",
  " modem InOut",
  " modem autoconfigure type default",
  " script callback dial",
  " callback forced-wait 1",
];

/** Dials the server, logs in as ted; returns the bench at the EXEC prompt. */
async function callAndLogIn(b: ModemLineBench, initialised = true, after = "gw>"): Promise<void> {
  if (initialised) await b.until(() => b.events.some((e) => e.kind === LineEvent.ModemReady), "the line's modem to be initialised");
  b.type(`ATDT${SERVER_NUMBER}\r`);
  await b.callerSees("CONNECT", 15_000);
  b.type("\r");
  await b.callerSees("Username: ");
  b.type("ted\r");
  await b.callerSees("Password: ");
  b.type("tedpw\r");
  await b.callerSees(after);
}

async function answerLoginExit(t: import("node:test").TestContext, config: string[], options: BenchOptions, initialised = true): Promise<ModemLineBench> {
  const b = await ModemLineBench.start(t, config.join("\n"), options);
  await callAndLogIn(b, initialised);
  b.type("exit\r");
  await b.callerSees("NO CARRIER", 15_000);
  await b.until(() => b.events.some((e) => e.kind === LineEvent.LineState && e.args[0] === 0 && e.args[1] !== 0), "the line to be idle again");
  return b;
}

test("pty line: the modem is set to answer (S0=1 from modemcap default), login, exit, the caller hears NO CARRIER", async (t) => {
  if (!requireProgram(t, "socat", "socat")) return;
  const b = await answerLoginExit(t, [...LOGIN, " modem autoconfigure type default"], { wiring: "pty" });
  assert.equal(b.serverModem.settings.s[0], 1, "the init string set S0=1");
  assert.ok(b.story_(/hanging up by \+\+\+ \/ ATH0/).length > 0 || b.driver.escapeHangUps > 0, "hung up by escape");
  assert.ok(b.story_(/answered by ATA/).length === 0, "the modem answered by itself");
});

test("pty line: exit hangs the call up by +++ / ATH0 (a modem already set to answer, no autoconfigure)", async (t) => {
  if (!requireProgram(t, "socat", "socat")) return;
  const b = await answerLoginExit(t, LOGIN, { wiring: "pty", serverModem: { profile: { s: { 0: 1 } } } }, false);
  assert.ok(b.driver.escapeHangUps > 0, "hung up by escape");
});

test("pty line: a modem type without auto-answer is answered by ATA on RING", async (t) => {
  if (!requireProgram(t, "socat", "socat")) return;
  const b = await answerLoginExit(t, ["modemcap entry ata_answer:AA=S0=0", ...LOGIN, " modem autoconfigure type ata_answer"], { wiring: "pty" });
  assert.equal(b.serverModem.settings.s[0], 0, "auto-answer stays off");
  assert.ok(b.events.some((e) => e.kind === LineEvent.ModemAnswered), `answered by ATA:\n${b.log.join("\n")}`);
});

test("the same with DTR and DCD wired (mock binding): DTR drop hangs the modem up, no escape", async (t) => {
  const b = await answerLoginExit(t, [...LOGIN, " modem autoconfigure type default"], { wiring: "mock" });
  assert.equal(b.driver.escapeHangUps, 0, "DTR reached the modem");
  assert.ok(b.mockLine!.sets.some((s) => s.dtr === false), "DTR was dropped");
});

test("DTR, DCD and RI on GPIO pins (mock chip, active low) for a UART without them: answered, hung up by DTR, no escape", async (t) => {
  const b = await answerLoginExit(t, [...LOGIN, " modem autoconfigure type default"], { wiring: "gpio" });
  assert.equal(b.driver.escapeHangUps, 0, "DTR reached the modem through the pin");
  const dtr = b.gpioChip!.driven.get(GPIO_PINS.dtr) ?? [];
  assert.ok(dtr.includes(true) && dtr.includes(false), `DTR went down and up (pin high = DTR off): ${dtr}`);
  assert.match(b.driver.controlFault ?? "", /cannot set DTR\/RTS/, "the UART's own refusal is still reported");
  assert.doesNotMatch(b.driver.controlFault ?? "", /hang-ups by \+\+\+/, "but DTR reaches the modem by GPIO");
});

test("GPIO wiring: an EXEC callback dials only after the caller's modem has hung up", async (t) => {
  await execCallback(t, { wiring: "gpio" });
});

async function execCallback(t: import("node:test").TestContext, options: BenchOptions): Promise<void> {
  // The server's modem already answers by itself: only the hang-up and the dial are at stake.
  const b = await ModemLineBench.start(t, EXEC_CALLBACK.join("\n"), { ...options, serverModem: { profile: { s: { 0: 1 } } } });
  await callAndLogIn(b, true, "Callback initiated");
  // The caller's own modem reports the end of the incoming call before anything rings it.
  await b.until(() => /RING|ATZ|ATDT/.test(b.caller.text), "the callback to ring (or to reach the caller)", 30_000);
  assert.doesNotMatch(b.caller.text, /ATZ|ATDT/, "no dial command reached the caller");
  const before = await b.callerSees("RING", 30_000);
  assert.match(before, /NO CARRIER/, "the incoming call ended first");
  await b.callerSees("CONNECT", 15_000);
  await b.callerSees("gw>", 15_000);
  assert.doesNotMatch(b.caller.text, /ATZ|ATDT/);
  await b.until(() => b.log.some((l) => /Callback finished: ok/.test(l)), "the callback to finish ok");
}

test("pty line: an EXEC callback dials only after the caller's modem has hung up", async (t) => {
  if (!requireProgram(t, "socat", "socat")) return;
  await execCallback(t, { wiring: "pty" });
});

test("DTR wired (mock binding): an EXEC callback dials only after the caller's modem has hung up", async (t) => {
  await execCallback(t, { wiring: "mock" });
});

test("a modem that does not answer AT is reported and retried with a back-off until it answers", async (t) => {
  const b = await ModemLineBench.start(t, [...LOGIN, " modem autoconfigure type default"].join("\n"), { wiring: "mock" });
  b.serverModem.fail(true);
  // (The first attempt may already have run: the modem dies right after the start.)
  await b.until(() => b.events.filter((e) => e.kind === LineEvent.ModemFailed).length >= 2, "two failed attempts", 40_000);
  const failed = b.events.filter((e) => e.kind === LineEvent.ModemFailed);
  assert.ok(failed[1].args[3] > failed[0].args[3], "the second wait is longer");
  assert.ok(b.story_(/modem .*not answering|did not answer/).length >= 2, b.log.join("\n"));
  b.serverModem.fail(false);
  await b.until(() => b.events.some((e) => e.kind === LineEvent.ModemReady), "the modem to be initialised once it answers", 60_000);
});

test("a DTR write that fails is an error in the log, the line is marked and hung up by escape", async (t) => {
  const b = await answerLoginExit(t, [...LOGIN, " modem autoconfigure type default"], { wiring: "mock", failSet: true });
  assert.ok(b.errors.some((e) => /line 4: .*cannot set DTR/.test(e)), b.errors.join("\n"));
  assert.match(b.driver.controlFault ?? "", /cannot set DTR/);
  assert.ok(b.driver.escapeHangUps > 0, "hung up by +++ / ATH0");
});

test("show line 4 shows the mark of a DTR write that fails and for how long; a sound line says no fault", async (t) => {
  const b = await ModemLineBench.start(t, [...LOGIN, " modem autoconfigure type default"].join("\n"), { wiring: "mock", failSet: true });
  await callAndLogIn(b);
  b.type("show line 4\r");
  await b.until(() => /Modem control: .*\r\n/.test(b.caller.text), "show line 4's answer");
  assert.match(b.caller.text, /Tty 4, state idle, uses 1\r\nModem control: DTR cannot be set: hang-up by \+\+\+\/ATH0 \(for \d\d:\d\d:\d\d\)/);
  b.type("show line 9\r");
  await b.until(() => /% Line 9 is not configured/.test(b.caller.text), "a line that does not exist to be named");

  const sound = await ModemLineBench.start(t, [...LOGIN, " modem autoconfigure type default"].join("\n"), { wiring: "mock" });
  await callAndLogIn(sound);
  sound.type("show line 4\r");
  await sound.until(() => /Modem control: .*\r\n/.test(sound.caller.text), "show line 4's answer");
  assert.match(sound.caller.text, /Modem control: no fault/);
});
