// `modem autoconfigure discovery` end to end in real time, the server's modem on the mock
// binding: the line asks the modem who it is (ATI3/ATI0/ATI4), picks the modemcap entry its
// answer names and sends that entry's init; a modem it does not know gets the default entry and
// a log line quoting what it said (bounded, no control bytes); a silent modem is retried.

import { test } from "node:test";
import assert from "node:assert/strict";
import { LineEvent } from "../../../host/core/abi.ts";
import { ModemLineBench, SERVER_NUMBER, type BenchOptions } from "../../support/modem-line-bench.ts";

// The Telebit entry is replaced by the configuration (discovery uses the table's entry of that name): S7=45 tells it apart.
const CONFIG = [
  "hostname gw",
  "modemcap entry telebit_t3000:MSC=S7=45",
  "username ted password tedpw",
  "line 4",
  " login local",
  " modem InOut",
  " modem autoconfigure discovery",
];
const FACTORY_FLOW = 3;

async function discovered(t: import("node:test").TestContext, identity: string, options: Partial<BenchOptions> = {}): Promise<ModemLineBench> {
  const b = await ModemLineBench.start(t, CONFIG.join("\n"), { wiring: "mock", serverModem: { identity }, ...options });
  await b.until(() => b.events.some((e) => e.kind === LineEvent.ModemReady), "the line's modem to be initialised", 20_000);
  return b;
}

function identified(b: ModemLineBench): string[] {
  return b.log.filter((l) => /modem identified|modem not recognised/.test(l));
}

test("discovery: a US Robotics Sportster is identified and gets the USR init (&K1), not the Telebit one", async (t) => {
  const b = await discovered(t, "U.S. Robotics Sportster 33600 Fax");
  assert.match(identified(b).join("\n"), /modem identified as usr_sportster \("U\.S\. Robotics Sportster 33600 Fax/, b.log.join("\n"));
  assert.equal(b.serverModem.settings.flow, 1, "usr_sportster's BCP &K1 was sent");
  assert.equal(b.serverModem.settings.s[0], 1, "and its auto-answer");
  assert.notEqual(b.serverModem.settings.s[7], 45, "not the Telebit entry's S7");
  const ready = b.events.find((e) => e.kind === LineEvent.ModemReady)!;
  assert.equal(ready.args[0] & 12, 12, "discovery then autoconfigure ran");
});

test("discovery: a Telebit T3000 gets its own entry (the configuration's S7=45), not the USR one", async (t) => {
  const b = await discovered(t, "Telebit T3000 Version LA7.00");
  assert.match(identified(b).join("\n"), /modem identified as telebit_t3000/, b.log.join("\n"));
  assert.equal(b.serverModem.settings.s[7], 45, "the entry's MSC was sent");
  assert.equal(b.serverModem.settings.flow, FACTORY_FLOW, "no USR flow control");
});

test("discovery: an unknown modem falls back to the default entry with a log line quoting it (bounded, terminal-safe)", async (t) => {
  const hostile = `Acme FastModem 9000\x1b[2J\x07${"x".repeat(200)}`;
  const b = await discovered(t, hostile);
  const lines = identified(b);
  assert.equal(lines.length, 1, b.log.join("\n"));
  assert.match(lines[0], /modem not recognised \("Acme FastModem 9000\[2J/);
  assert.match(lines[0], /using modemcap entry default/);
  assert.doesNotMatch(lines[0], /[\x00-\x1f\x7f]/, "no control bytes reach the log");
  assert.ok(lines[0].length < 200, `bounded: ${lines[0].length} characters`);
  assert.equal(b.serverModem.settings.s[0], 1, "the default entry's S0=1");
  assert.equal(b.serverModem.settings.flow, FACTORY_FLOW);
  const event = b.events.find((e) => e.kind === LineEvent.ModemIdentified)!;
  assert.equal(event.args[0], 0, "not recognised");
});

test("discovery runs again after every hang-up: the call is answered by the discovered entry and the modem asked again", async (t) => {
  const b = await discovered(t, "USRobotics Courier V.Everything");
  assert.match(identified(b).join("\n"), /usr_courier/);
  b.type(`ATDT${SERVER_NUMBER}\r`);
  await b.callerSees("CONNECT", 15_000);
  b.type("\r");
  await b.callerSees("Username: ");
  b.type("ted\r");
  await b.callerSees("Password: ");
  b.type("tedpw\r");
  await b.callerSees("gw>");
  b.type("exit\r");
  await b.callerSees("NO CARRIER", 15_000);
  await b.until(() => b.events.filter((e) => e.kind === LineEvent.ModemIdentified).length >= 2, "discovery after the hang-up", 20_000);
});

test("discovery: a modem that answers nothing is reported and retried, then identified once it answers", async (t) => {
  const b = await ModemLineBench.start(t, CONFIG.join("\n"), { wiring: "mock", serverModem: { identity: "Sportster 56K" } });
  b.serverModem.fail(true);
  await b.until(() => b.events.some((e) => e.kind === LineEvent.ModemFailed), "a failed attempt", 30_000);
  const failed = b.events.find((e) => e.kind === LineEvent.ModemFailed)!;
  assert.equal(failed.args[0], 8, "the discovery step failed");
  assert.ok(b.story_(/not answering in discovery/).length > 0, b.log.join("\n"));
  b.serverModem.fail(false);
  await b.until(() => b.events.some((e) => e.kind === LineEvent.ModemIdentified && e.args[0] === 1), "the modem to be identified", 60_000);
  assert.equal(b.events.filter((e) => e.kind === LineEvent.ModemIdentified).length, 1, "no choice was made while it was silent");
});

test("discovery: a type whose entry sets no auto-answer is answered by ATA on RING (the discovered entry decides)", async (t) => {
  const config = [...CONFIG.slice(0, 2), "modemcap entry viva:AA=S0=0", ...CONFIG.slice(2)];
  const b = await ModemLineBench.start(t, config.join("\n"), { wiring: "mock", serverModem: { identity: "Viva 33.6 Data/Fax" } });
  await b.until(() => b.events.some((e) => e.kind === LineEvent.ModemReady), "the line's modem to be initialised", 20_000);
  assert.match(identified(b).join("\n"), /modem identified as viva/);
  assert.equal(b.serverModem.settings.s[0], 0, "auto-answer stays off");
  b.type(`ATDT${SERVER_NUMBER}\r`);
  await b.callerSees("CONNECT", 15_000);
  assert.ok(b.events.some((e) => e.kind === LineEvent.ModemAnswered), `answered by ATA:\n${b.log.join("\n")}`);
});

test("discovery: a modem set to numeric result codes (V0) ends each query with 0, not by the query's time", async (t) => {
  const options = { wiring: "mock" as const, serverModem: { identity: "Acme V0 modem", profile: { verbose: false } } };
  const b = await ModemLineBench.start(t, CONFIG.join("\n"), options);
  const started = Date.now();
  await b.until(() => b.events.some((e) => e.kind === LineEvent.ModemIdentified), "discovery to end", 20_000);
  // Three queries waited out would take 6 s (2 s each); answered by "0" they take milliseconds.
  assert.ok(Date.now() - started < 3000, `took ${Date.now() - started} ms`);
  assert.match(identified(b).join("\n"), /modem not recognised \("Acme V0 modem; 33600"\)/, b.log.join("\n"));
});
