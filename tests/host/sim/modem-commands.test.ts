import { test } from "node:test";
import assert from "node:assert/strict";
import { ModemMode } from "../../../host/sim/modem/modem.ts";
import { world } from "./support.ts";

function connected() {
  const w = world();
  const a = w.modem("100", { profile: { echo: false } });
  const b = w.modem("200", { profile: { echo: false, s: { 0: 1 } } });
  a.send("ATDT200\r");
  assert.ok(w.until(() => a.modem.mode === ModemMode.Online && b.modem.mode === ModemMode.Online));
  w.scheduler.runDue();
  a.take();
  b.take();
  return { w, a, b };
}

test("settings commands: echo, verbose, quiet, S registers, ERROR, A/ repeat", () => {
  const w = world();
  const a = w.modem("100");
  const say = (text: string) => {
    a.send(text);
    w.scheduler.runDue();
    return a.take();
  };
  assert.equal(say("AT\r"), "AT\r\r\nOK\r\n");
  assert.equal(say("ATE0\r"), "ATE0\r\r\nOK\r\n");
  assert.equal(say("AT\r"), "\r\nOK\r\n");
  assert.equal(say("ATS7?\r"), "\r\n050\r\n\r\nOK\r\n");
  assert.equal(say("ATS7=30S7?\r"), "\r\n030\r\n\r\nOK\r\n");
  assert.equal(say("ATS180=0\r"), "\r\nOK\r\n");
  assert.equal(say("ATS181=1S181?\r"), "\r\n001\r\n\r\nOK\r\n");
  assert.equal(say("ATJ\r"), "\r\nERROR\r\n");
  assert.equal(say("ATE2\r"), "\r\nERROR\r\n");
  assert.equal(say("AT&D4\r"), "\r\nERROR\r\n");
  assert.equal(say("ATV0\r"), "0\r");
  assert.equal(say("ATJ\r"), "4\r");
  assert.equal(say("ATV1Q1\r"), "");
  assert.equal(say("ATJ\r"), "");
  assert.equal(say("ATQ0\r"), "\r\nOK\r\n");
  assert.equal(say("A/"), "\r\nOK\r\n", "A/ repeats ATQ0");
  assert.equal(say("hello\r"), "", "a line without AT is ignored");
  assert.equal(say("ATX\bE1\r"), "\r\nOK\r\n", "backspace edits the line");
  assert.equal(a.modem.settings.echo, true);
  assert.equal(say("ATI\r"), "ATI\r\r\ndialback simulated Hayes modem\r\n\r\nOK\r\n");
});

test("&F restores factory settings, &W stores a profile that ATZ brings back", () => {
  const w = world();
  const a = w.modem("100", { profile: { echo: false } });
  a.send("ATS0=4&C0&W\r");
  a.send("ATS0=0&C1\r");
  w.scheduler.runDue();
  assert.equal(a.modem.settings.s[0], 0);
  a.send("ATZ\r");
  w.scheduler.runDue();
  assert.equal(a.modem.settings.s[0], 4);
  assert.equal(a.modem.settings.dcdMode, 0);
  assert.equal(a.signals.dcd, true, "&C0: DCD always on");
  a.send("AT&F\r");
  w.scheduler.runDue();
  assert.equal(a.modem.settings.s[0], 0);
  assert.equal(a.modem.settings.echo, true);
  assert.equal(a.signals.dcd, false, "&C1: DCD follows carrier");
});

test("a stored V0 profile: digits from power-on; ATQ0V1 is answered in words; ATZ brings digits back, &F words", () => {
  const w = world();
  const a = w.modem("100", { profile: { echo: false, verbose: false } });
  const say = (text: string) => {
    a.send(text);
    w.scheduler.runDue();
    return a.take();
  };
  assert.equal(say("AT\r"), "0\r");
  assert.equal(say("ATJ\r"), "4\r");
  assert.equal(say("ATQ0V1\r"), "\r\nOK\r\n", "the result comes after the line has run");
  assert.equal(say("AT\r"), "\r\nOK\r\n");
  assert.equal(say("ATZ\r"), "0\r", "the stored profile again");
  assert.equal(say("AT&F\r"), "\r\nOK\r\n", "factory settings answer in words");
});

test("+++ needs the guard time before and after; ATO goes back online", () => {
  const { w, a, b } = connected();
  a.send("x+++");
  w.scheduler.runFor(2000);
  assert.equal(a.modem.mode, ModemMode.Online, "no silence before the escape");
  w.scheduler.runFor(1500);
  a.send("+++");
  w.scheduler.runFor(500);
  a.send("y");
  w.scheduler.runFor(2000);
  assert.equal(a.modem.mode, ModemMode.Online, "data within the guard time after the escape");
  w.scheduler.runFor(1500);
  a.send("++");
  w.scheduler.runFor(1500);
  a.send("+");
  w.scheduler.runFor(1500);
  assert.equal(a.modem.mode, ModemMode.Online, "a pause between the escape characters");
  assert.equal(a.take(), "");
  a.send("+++");
  w.scheduler.runFor(999);
  assert.equal(a.modem.mode, ModemMode.Online, "not before the guard time has passed");
  w.scheduler.runFor(1);
  assert.equal(a.modem.mode, ModemMode.OnlineCommand);
  w.scheduler.runDue();
  assert.equal(a.take(), "\r\nOK\r\n");
  assert.equal(a.signals.dcd, true, "the call stays up in online-command state");
  b.send("ignored while in command state");
  w.scheduler.runFor(10);
  a.send("ATO\r");
  w.scheduler.runFor(10);
  assert.equal(a.take(), "\r\nCONNECT 33600\r\n");
  a.send("z");
  w.scheduler.runFor(10);
  assert.equal(b.take(), "x+++" + "+++y" + "++" + "+" + "+++" + "z");
});

test("a shorter S12 guard time is honoured", () => {
  const { w, a } = connected();
  a.send("+++");
  w.scheduler.runFor(1000);
  a.send("ATS12=5\r");
  w.scheduler.runFor(10);
  a.take();
  a.send("ATO\r");
  w.scheduler.runFor(200);
  a.take();
  a.send("+++");
  w.scheduler.runFor(100);
  assert.equal(a.modem.mode, ModemMode.OnlineCommand);
});

test("&D2: dropping DTR hangs up; the far modem sees NO CARRIER", () => {
  const { w, a, b } = connected();
  a.modem.setInputs({ dtr: false, rts: true });
  w.scheduler.runFor(10);
  assert.equal(a.modem.mode, ModemMode.Command);
  assert.equal(a.signals.dcd, false);
  assert.equal(b.take(), "\r\nNO CARRIER\r\n");
  assert.equal(b.signals.dcd, false);
  assert.equal(w.network.line("100")?.call, null);
});

test("&D0 ignores a DTR drop, &D1 drops to online-command state", () => {
  const { w, a, b } = connected();
  a.send("+++");
  w.scheduler.runFor(1000);
  a.send("AT&D0O\r");
  w.scheduler.runFor(10);
  a.modem.setInputs({ dtr: false, rts: true });
  w.scheduler.runFor(10);
  assert.equal(a.modem.mode, ModemMode.Online);
  a.modem.setInputs({ dtr: true, rts: true });
  b.send("+++");
  w.scheduler.runFor(1000);
  b.send("AT&D1O\r");
  w.scheduler.runFor(10);
  b.take();
  b.modem.setInputs({ dtr: false, rts: true });
  w.scheduler.runFor(10);
  assert.equal(b.modem.mode, ModemMode.OnlineCommand);
  assert.equal(b.take(), "\r\nOK\r\n");
  assert.equal(b.signals.dcd, true);
});

test("with &D2 and DTR low the modem does not auto-answer", () => {
  const w = world(1, { noAnswerRings: 3 });
  const a = w.modem("100", { profile: { echo: false } });
  const b = w.modem("200", { profile: { echo: false, s: { 0: 1 } } });
  b.modem.setInputs({ dtr: false, rts: false });
  a.send("ATDT200\r");
  assert.ok(w.until(() => a.text.includes("NO ANSWER")));
  assert.equal(b.text.match(/RING/g)?.length, 3);
});

test("ATH1 takes the line off hook: callers hear busy until ATH0", () => {
  const w = world();
  const a = w.modem("100", { profile: { echo: false } });
  const b = w.modem("200", { profile: { echo: false, s: { 0: 1 } } });
  b.send("ATH1\r");
  a.send("ATDT200\r");
  assert.ok(w.until(() => a.text.includes("BUSY")));
  b.send("ATH0\r");
  a.send("ATDT200\r");
  assert.ok(w.until(() => a.text.includes("CONNECT")));
});

test("command input split at every point gives the same answers", () => {
  const input = "ATE0\rATS0=2V1\rATS0?\rAT&D4\rATI\r";
  const answers = (cut: number) => {
    const w = world();
    const a = w.modem("100");
    a.send(input.slice(0, cut));
    w.scheduler.runFor(5);
    a.send(input.slice(cut));
    w.scheduler.runFor(5);
    return { text: a.take(), s0: a.modem.settings.s[0] };
  };
  const whole = answers(input.length);
  assert.equal(whole.s0, 2);
  assert.match(whole.text, /\r\n002\r\n\r\nOK\r\n\r\nERROR\r\n/);
  for (let cut = 0; cut < input.length; cut++) assert.deepEqual(answers(cut), whole, `split at ${cut}`);
});
