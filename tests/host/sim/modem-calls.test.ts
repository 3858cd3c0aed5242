import { test } from "node:test";
import assert from "node:assert/strict";
import { ModemMode } from "../../../host/sim/modem/modem.ts";
import { world } from "./support.ts";

test("two simulated modems dial each other, connect, carry data both ways and hang up", () => {
  const w = world();
  const a = w.modem("5551001");
  const b = w.modem("5551002", { maxRate: 28800 });
  a.send("ATE0\r");
  b.send("ATE0\r");
  w.scheduler.runDue();
  assert.equal(a.take(), "ATE0\r\r\nOK\r\n", "the command line is echoed until E0 takes effect");
  b.take();
  a.send("ATDT5551002\r");
  assert.ok(w.until(() => b.text.includes("RING")));
  assert.equal(b.signals.ri, true);
  b.send("ATA\r");
  assert.ok(w.until(() => a.text.includes("CONNECT") && b.text.includes("CONNECT")));
  assert.equal(a.take(), "\r\nCONNECT 28800\r\n");
  assert.match(b.take(), /^\r\nRING\r\n(\r\nRING\r\n)*\r\nCONNECT 28800\r\n$/);
  assert.equal(a.signals.dcd, true);
  assert.equal(b.signals.dcd, true);
  assert.equal(b.signals.ri, false);
  assert.equal(a.modem.mode, ModemMode.Online);

  a.send("hello");
  b.send("world");
  w.scheduler.runFor(10);
  assert.equal(b.take(), "hello");
  assert.equal(a.take(), "world");

  w.scheduler.runFor(1500); // guard time before the escape
  a.send("+++");
  w.scheduler.runFor(1500);
  assert.equal(a.take(), "\r\nOK\r\n");
  assert.equal(b.take(), "+++", "the escape characters are passed on, as real modems do");
  a.send("ATH\r");
  w.scheduler.runFor(10);
  assert.equal(a.take(), "\r\nOK\r\n");
  assert.equal(b.take(), "\r\nNO CARRIER\r\n");
  assert.equal(a.signals.dcd, false);
  assert.equal(b.signals.dcd, false);
  assert.equal(w.network.line("5551002")?.call, null);
});

test("a busy number gives BUSY; X0 turns it into NO CARRIER; V0 gives the numeric code", () => {
  const w = world();
  const a = w.modem("100");
  w.modem("200");
  w.network.faults.forceBusy("200");
  a.send("ATDT200\r");
  assert.ok(w.until(() => a.text.includes("BUSY")));
  assert.equal(a.take(), "ATDT200\r\r\nBUSY\r\n");
  assert.equal(a.modem.mode, ModemMode.Command);
  a.send("ATE0X0DT200\r");
  assert.ok(w.until(() => a.text.includes("NO CARRIER")));
  assert.equal(a.take(), "ATE0X0DT200\r\r\nNO CARRIER\r\n");
  a.send("ATX4V0DT200\r");
  assert.ok(w.until(() => a.text.length > 0));
  assert.equal(a.take(), "7\r");
});

test("a line already on a call is busy to a third caller", () => {
  const w = world();
  const a = w.modem("1");
  const b = w.modem("2", { profile: { s: { 0: 1 } } });
  const c = w.modem("3");
  a.send("ATDT2\r");
  assert.ok(w.until(() => a.text.includes("CONNECT")));
  c.send("ATE0DT2\r");
  assert.ok(w.until(() => c.text.includes("BUSY")));
  assert.equal(c.take(), "ATE0DT2\r\r\nBUSY\r\n");
  assert.equal(b.modem.mode, ModemMode.Online);
});

test("an unanswered call ends in NO ANSWER after the configured rings, in virtual time", () => {
  const w = world(7, { noAnswerRings: 5 });
  const a = w.modem("100", { profile: { echo: false } });
  const b = w.modem("200");
  const start = w.scheduler.now();
  a.send("ATDT200\r");
  assert.ok(w.until(() => a.text.length > 0));
  assert.equal(a.take(), "\r\nNO ANSWER\r\n");
  assert.equal(b.text.match(/RING/g)?.length, 5);
  assert.ok(w.scheduler.now() - start >= 4 * 6000, "five rings take at least 24 s of virtual time");
  assert.equal(b.signals.ri, false);
  assert.equal(b.modem.settings.s[1], 0, "S1 ring count resets once ringing stops");
});

test("S7 ends an unanswered attempt with NO CARRIER before the exchange gives up", () => {
  const w = world();
  const a = w.modem("100", { profile: { echo: false } });
  w.modem("200");
  a.send("ATS7=10DT200\r");
  const start = w.scheduler.now();
  assert.ok(w.until(() => a.text.length > 0));
  assert.equal(a.take(), "\r\nNO CARRIER\r\n");
  assert.equal(w.scheduler.now() - start, 10_000);
  assert.equal(w.network.line("200")?.call, null);
});

test("no dial tone gives NO DIALTONE at X4 and NO CARRIER at X1", () => {
  const w = world();
  const a = w.modem("100", { profile: { echo: false } });
  w.network.faults.unplug("100");
  a.send("ATDT200\r");
  assert.ok(w.until(() => a.text.length > 0));
  assert.equal(a.take(), "\r\nNO DIALTONE\r\n");
  a.send("ATX1DT200\r");
  assert.ok(w.until(() => a.text.length > 0));
  assert.equal(a.take(), "\r\nNO CARRIER\r\n");
  w.network.faults.unplug("100", false);
  a.send("ATX4DT999\r");
  assert.ok(w.until(() => a.text.length > 0));
  assert.equal(a.take(), "\r\nBUSY\r\n", "an unknown number sounds busy");
});

test("S0 auto-answers on the configured ring and counts rings in S1", () => {
  const w = world();
  const a = w.modem("100", { profile: { echo: false } });
  const b = w.modem("200", { profile: { echo: false } });
  b.send("ATS0=3\r");
  w.scheduler.runDue();
  b.take();
  a.send("ATDT200\r");
  assert.ok(w.until(() => a.text.includes("CONNECT")));
  assert.equal(b.text.match(/RING/g)?.length, 3);
  assert.match(b.text, /CONNECT 33600/);
  assert.equal(b.modem.mode, ModemMode.Online);
  assert.ok(b.signalLog.some((s) => s.ri), "RI pulsed while ringing");
});

test("carrier lost mid-call: both modems say NO CARRIER and drop DCD", () => {
  const w = world();
  const a = w.modem("100", { profile: { echo: false } });
  const b = w.modem("200", { profile: { echo: false, s: { 0: 1 } } });
  a.send("ATDT200\r");
  assert.ok(w.until(() => a.signals.dcd && b.signals.dcd));
  a.take();
  b.take();
  w.network.faults.dropCarrier("200", w.scheduler.now() + 5000);
  assert.ok(w.until(() => !a.signals.dcd));
  w.scheduler.runDue();
  assert.equal(a.take(), "\r\nNO CARRIER\r\n");
  assert.equal(b.take(), "\r\nNO CARRIER\r\n");
  assert.equal(b.signals.dcd, false);
  assert.equal(a.modem.mode, ModemMode.Command);
});

test("line noise reaches the DTE as bytes nobody sent, the same for the same seed", () => {
  const run = (seed: number) => {
    const w = world(seed);
    const a = w.modem("100", { profile: { echo: false } });
    const b = w.modem("200", { profile: { echo: false, s: { 0: 1 } } });
    a.send("ATDT200\r");
    w.until(() => a.signals.dcd && b.signals.dcd);
    w.scheduler.runDue();
    a.take();
    w.network.faults.noiseBurst("100", 16);
    w.network.faults.setByteErrorRate("200", 1);
    a.send("clean text");
    w.scheduler.runFor(10);
    return { noise: a.take(), garbled: b.take().replace(/^\r\n(RING|CONNECT 33600)\r\n/g, "") };
  };
  const first = run(11);
  assert.equal(first.noise.length, 16);
  assert.notEqual(run(11).noise.length, 0);
  assert.deepEqual(run(11), first);
  assert.notDeepEqual(run(12).noise, first.noise);
});

test("a byte error rate changes the bytes that cross the line, not their number", () => {
  const w = world(3);
  const a = w.modem("100", { profile: { echo: false } });
  const b = w.modem("200", { profile: { echo: false, s: { 0: 1 } } });
  a.send("ATDT200\r");
  w.until(() => a.signals.dcd && b.signals.dcd);
  w.scheduler.runDue();
  b.take();
  w.network.faults.setByteErrorRate("200", 1);
  const sent = "The quick brown fox jumps over the lazy dog";
  a.send(sent);
  w.scheduler.runFor(10);
  const got = b.take();
  assert.equal(got.length, sent.length);
  assert.notEqual(got, sent);
  w.network.faults.setByteErrorRate("200", 0);
  a.send(sent);
  w.scheduler.runFor(10);
  assert.equal(b.take(), sent);
  assert.throws(() => w.network.faults.setByteErrorRate("200", 2), /between 0 and 1/);
});

test("a modem that stops answering leaves its callers with NO ANSWER and ignores commands", () => {
  const w = world(1, { noAnswerRings: 3 });
  const a = w.modem("100", { profile: { echo: false } });
  const b = w.modem("200", { profile: { s: { 0: 1 } } });
  w.network.faults.stopAnswering("200");
  b.send("AT\r");
  a.send("ATDT200\r");
  assert.ok(w.until(() => a.text.length > 0));
  assert.equal(a.take(), "\r\nNO ANSWER\r\n");
  assert.equal(b.text, "");
  assert.equal(b.signals.cts, false);
  w.network.faults.stopAnswering("200", false);
  a.send("ATDT200\r");
  assert.ok(w.until(() => a.text.includes("CONNECT")));
});

test("the caller giving up while the far end rings stops the ringing there", () => {
  const w = world();
  const a = w.modem("100", { profile: { echo: false } });
  const b = w.modem("200", { profile: { echo: false } });
  a.send("ATDT200\r");
  assert.ok(w.until(() => b.signals.ri));
  a.send("x"); // any character aborts the attempt
  w.scheduler.runFor(100);
  assert.equal(a.take(), "\r\nNO CARRIER\r\n");
  assert.equal(b.signals.ri, false);
  assert.equal(b.modem.settings.s[1], 0);
  b.take();
  b.send("ATA\r");
  w.scheduler.runFor(100);
  assert.equal(b.take(), "\r\nNO CARRIER\r\n", "nothing left to answer");
});

test("with pacing, bytes arrive at the line rate in virtual time", () => {
  const w = world(1, { pacing: true });
  const a = w.modem("100", { profile: { echo: false }, maxRate: 9600 });
  const b = w.modem("200", { profile: { echo: false, s: { 0: 1 } } });
  a.send("ATDT200\r");
  w.until(() => a.signals.dcd && b.signals.dcd);
  w.scheduler.runDue();
  b.take();
  const start = w.scheduler.now();
  a.send("x".repeat(960)); // 9600 bit/s, 10 bits a byte: one second
  assert.ok(w.until(() => b.text.length === 960));
  assert.equal(w.scheduler.now() - start, 1000);
});

// Glare: a line that dials out cannot be rung at the same time (the exchange sees it off
// hook), so another caller hears busy; between ATZ and ATD, on hook, the RING is reported.
test("a modem dialling out refuses a call that was ringing it: that caller hears BUSY, the dial goes on", () => {
  const w = world();
  const server = w.modem("7", { profile: { echo: false } }); // S0=0: lets the call ring
  const intruder = w.modem("2", { profile: { echo: false } });
  const callee = w.modem("3", { profile: { echo: false, s: { 0: 1 } } });
  intruder.send("ATDT7\r");
  assert.ok(w.until(() => server.text.includes("RING")), "on hook in command mode the RING is reported");
  assert.equal(server.signals.ri, true);
  server.take();
  server.send("ATDT3\r");
  assert.ok(w.until(() => intruder.text.includes("BUSY")), "going off hook to dial refuses the ringing call");
  assert.ok(w.until(() => server.text.includes("CONNECT")));
  assert.equal(server.take(), "\r\nCONNECT 33600\r\n", "no RING and no CONNECT of the other call");
  assert.equal(callee.modem.mode, ModemMode.Online);
  assert.equal(server.modem.activeCall?.callee.number, "3");
  assert.equal(server.signals.ri, false);
});

test("a call ringing a modem that is dialling or online is refused busy, never answered", () => {
  const w = world(7, { setupDelayMs: 0 });
  const server = w.modem("7", { profile: { echo: false, s: { 0: 1 } } });
  const far = w.modem("3", { profile: { echo: false, s: { 0: 3 } } });
  const intruder = w.modem("2", { profile: { echo: false } });
  server.send("ATDT3\r");
  w.scheduler.runFor(100); // dialling digits: off hook, no call yet
  assert.equal(server.modem.mode, ModemMode.Dialling);
  intruder.send("ATDT7\r");
  assert.ok(w.until(() => intruder.text.includes("BUSY")));
  assert.ok(w.until(() => server.text.includes("CONNECT")));
  assert.equal(server.take(), "\r\nCONNECT 33600\r\n");
  assert.equal(server.modem.activeCall?.callee.number, "3", "the dial connects to the number dialled");
  // A ring that reaches the modem while it is off hook (a call already ringing) is refused too.
  const ringing = w.network.dial(w.network.line("2")!, "9");
  assert.ok(ringing);
  server.modem.ring(ringing, 1);
  assert.equal(ringing.endReason, "busy");
  assert.equal(server.modem.mode, ModemMode.Online);
  assert.ok(!server.text.includes("RING"));
  assert.equal(far.modem.mode, ModemMode.Online);
});
