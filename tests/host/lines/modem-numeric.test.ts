// A modem whose stored profile answers in numeric result codes (ATV0: `0` for OK, `2` for
// RING) or not at all (ATQ1), end to end in real time: `modem autoconfigure` first asks for
// results in words (ATQ0V1), so the line comes up, answers a call on `RING` and dials an EXEC
// callback as with any modem; on the mock binding (DTR and DCD wired) and on a pty pair (no
// modem lines: hang-up by +++ / ATH0, which needs the modem's OK in words too). Digits are
// never taken for OK: a modem that answers garbage still fails its set-up (MODEM_FAILED).

import { test } from "node:test";
import assert from "node:assert/strict";
import { LineEvent } from "../../../host/core/abi.ts";
import { eventLogMessage } from "../../../host/run/log-events.ts";
import { requireProgram } from "../../support/external.ts";
import { ModemLineBench, SERVER_NUMBER, type BenchOptions } from "../../support/modem-line-bench.ts";

// The callback script starts with AT, not ATZ: ATZ would load the stored profile, digits again.
const EXEC_CALLBACK = [
  "hostname gw",
  "service exec-callback",
  'chat-script dial ABORT ERROR ABORT BUSY ABORT "NO ANSWER" "" "AT" OK "ATDT \\T" TIMEOUT 30 CONNECT \\c',
  "modemcap entry by_line:AA=S0=0:MSC=S7=45",
  "username ted callback-dialstring 5553030 nocallback-verify password tedpw",
  "line 4",
  " login local",
  " modem InOut",
  " modem autoconfigure type by_line",
  " script callback dial",
  " callback forced-wait 1",
];

/** The server's modem as its owner left it: results as digits (V0), stored so that ATZ brings them back. */
const NUMERIC = { profile: { verbose: false } };

async function modemReady(b: ModemLineBench): Promise<void> {
  await b.until(() => b.events.some((e) => e.kind === LineEvent.ModemReady), "the line's modem to be initialised", 20_000);
  assert.deepEqual(
    b.events.filter((e) => e.kind === LineEvent.ModemFailed).map((e) => b.log[b.events.indexOf(e)]),
    [],
    "no failed attempt",
  );
}

/** The line comes up on the numeric modem, answers the caller by ATA on RING and calls ted back. */
async function answeredAndCalledBack(t: import("node:test").TestContext, options: BenchOptions): Promise<ModemLineBench> {
  const b = await ModemLineBench.start(t, EXEC_CALLBACK.join("\n"), options);
  await modemReady(b);
  assert.equal(b.serverModem.settings.verbose, true, "results in words after the set-up");
  assert.equal(b.serverModem.settings.s[7], 45, "the type's commands were sent");
  b.type(`ATDT${SERVER_NUMBER}\r`);
  await b.callerSees("CONNECT", 15_000);
  assert.ok(b.events.some((e) => e.kind === LineEvent.ModemAnswered), `RING seen and answered by ATA:\n${b.log.join("\n")}`);
  b.type("\r");
  await b.callerSees("Username: ");
  b.type("ted\r");
  await b.callerSees("Password: ");
  b.type("tedpw\r");
  await b.callerSees("Callback initiated");
  const before = await b.callerSees("RING", 30_000);
  assert.match(before, /NO CARRIER/, "the incoming call ended first");
  await b.callerSees("CONNECT", 15_000);
  await b.callerSees("gw>", 15_000);
  await b.until(() => b.log.some((l) => /Callback finished: ok/.test(l)), "the callback to finish ok");
  assert.doesNotMatch(b.caller.text, /ATDT/, "no dial command reached the caller");
  return b;
}

test("numeric modem (ATV0 stored), DTR wired: the line comes up, answers RING with ATA and dials an EXEC callback", async (t) => {
  const b = await answeredAndCalledBack(t, { wiring: "mock", serverModem: NUMERIC });
  assert.equal(b.driver.escapeHangUps, 0, "hung up by DTR");
});

test("numeric modem (ATV0 stored) on a pty pair: the same, hung up by +++ / ATH0", async (t) => {
  if (!requireProgram(t, "socat", "socat")) return;
  const b = await answeredAndCalledBack(t, { wiring: "pty", serverModem: NUMERIC });
  assert.ok(b.driver.escapeHangUps > 0, "hung up by escape");
});

test("a modem that says nothing to commands (ATQ1 stored) comes up too", async (t) => {
  const b = await ModemLineBench.start(t, EXEC_CALLBACK.join("\n"), { wiring: "mock", serverModem: { profile: { quiet: true } } });
  await modemReady(b);
  assert.equal(b.serverModem.settings.quiet, false);
});

test("discovery on a numeric modem: identified, then set up by its type's commands", async (t) => {
  const config = ["hostname gw", "line 4", " modem InOut", " modem autoconfigure discovery"];
  const b = await ModemLineBench.start(t, config.join("\n"), { wiring: "mock", serverModem: { identity: "U.S. Robotics Sportster", ...NUMERIC } });
  await modemReady(b);
  assert.match(b.log.join("\n"), /modem identified as usr_sportster/);
  assert.equal(b.serverModem.settings.flow, 1, "usr_sportster's &K1 was sent");
});

// Every burst the modem sends becomes noise that holds digits and bare `0` lines, never "OK".
function garbage(data: Uint8Array): Uint8Array {
  return Buffer.from(`\r0\r${"\x00\xff7 0#1".repeat(1 + (data.length % 3))}\r\n0\r\n10\r`, "latin1");
}

test("a modem that answers garbage (digits and bare 0 lines among it) still fails with MODEM_FAILED", async (t) => {
  const b = await ModemLineBench.start(t, EXEC_CALLBACK.join("\n"), { wiring: "mock", serverModem: NUMERIC, serverSays: garbage });
  await b.until(() => b.events.some((e) => e.kind === LineEvent.ModemFailed), "a failed attempt", 20_000);
  const failed = b.events.find((e) => e.kind === LineEvent.ModemFailed)!;
  const message = eventLogMessage(failed)!;
  assert.equal(message.mnemonic, "MODEM_FAILED");
  assert.match(message.text, /TTY4: modem not answering in modem autoconfigure \(1 in a row\)/);
  assert.equal(b.events.some((e) => e.kind === LineEvent.ModemReady), false, "never ready");
  assert.notEqual(b.serverModem.settings.s[7], 45, "the type's commands were never sent");
});
