import { test } from "node:test";
import assert from "node:assert/strict";
import { LineStateMockBinding } from "../../../host/lines/mock-binding.ts";
import { SerialLineDriver, SerialLineError } from "../../../host/lines/serial-driver.ts";
import type { LineSignals } from "../../../host/lines/driver.ts";
import { ModemMode } from "../../../host/sim/modem/modem.ts";
import { modemOnMockPort, settle } from "../../support/modem-on-mock-port.ts";
import { world } from "../sim/support.ts";

function serial(binding: LineStateMockBinding, path: string, extra: Partial<ConstructorParameters<typeof SerialLineDriver>[0]> = {}) {
  return new SerialLineDriver({ path, baudRate: 115200, binding, pollMs: 0, ...extra });
}

test("open raises DTR and RTS as one full set; every later set() carries all three flags", async () => {
  const binding = new LineStateMockBinding();
  const line = binding.createLine("/dev/ttyMOCK0", { cts: true, dsr: true });
  const d = serial(binding, "/dev/ttyMOCK0");
  await d.open();
  const flags = (o: { dtr?: boolean; rts?: boolean; brk?: boolean } | undefined) => ({ dtr: o?.dtr, rts: o?.rts, brk: o?.brk });
  assert.deepEqual(line.sets.map(flags), [{ dtr: true, rts: true, brk: false }]);
  await d.setOutputs({ dtr: false, rts: true });
  assert.deepEqual(flags(line.sets.at(-1)), { dtr: false, rts: true, brk: false });
  assert.equal(line.dtr, false);
  assert.equal(line.rts, true, "RTS stays up although only DTR changed");
  await d.close();
});

test("polling sees DCD come and go, and reports each change once", async () => {
  const binding = new LineStateMockBinding();
  const line = binding.createLine("/dev/ttyMOCK1", { cts: true, dsr: true });
  const d = serial(binding, "/dev/ttyMOCK1");
  const seen: LineSignals[] = [];
  d.onSignals((s) => seen.push(s));
  await d.open();
  assert.deepEqual(d.signals(), { dcd: false, ri: false, dsr: true, cts: true });
  line.dcd = true;
  await d.poll();
  await d.poll();
  assert.equal(d.signals().dcd, true);
  line.dcd = false;
  await d.poll();
  assert.equal(d.signals().dcd, false);
  assert.deepEqual(
    seen.map((s) => s.dcd),
    [false, true, false],
  );
  await d.close();
  assert.deepEqual(line.sets.at(-1), { dtr: false }, "close drops DTR (hupcl)");
});

test("with a simulated modem behind the port: RING text is ringing, ATA connects, DTR drop hangs up", async () => {
  const w = world();
  const binding = new LineStateMockBinding();
  const line = binding.createLine("/dev/ttyMOCK2");
  const local = w.modem("100");
  const far = w.modem("200", { profile: { echo: false } });
  modemOnMockPort(line, local.modem);
  const d = serial(binding, "/dev/ttyMOCK2");
  let received = "";
  d.onData((data) => {
    received += Buffer.from(data).toString("latin1");
  });
  await d.open();
  await d.poll();
  assert.equal(d.signals().dcd, false);
  assert.equal(d.signals().cts, true);

  far.send("ATDT100\r");
  assert.ok(w.until(() => local.modem.signals().ri));
  w.scheduler.runDue();
  await settle();
  assert.match(received, /RING/);
  assert.equal(d.signals().ri, true, "ringing read from the RING text, serialport has no RI");

  d.write(Buffer.from("ATA\r"));
  await settle();
  assert.ok(w.until(() => local.modem.mode === ModemMode.Online));
  w.scheduler.runDue();
  await settle();
  await d.poll();
  assert.match(received, /CONNECT 33600/);
  assert.equal(d.signals().dcd, true);
  assert.equal(d.signals().ri, false);

  await d.setOutputs({ dtr: false, rts: true });
  w.scheduler.runFor(10);
  await d.poll();
  assert.equal(local.modem.mode, ModemMode.Command, "&D2: DTR drop hangs the modem up");
  assert.equal(d.signals().dcd, false, "DCD loss seen");
  assert.match(far.text, /NO CARRIER/);
  await d.close();
});

test("a board without DCD wiring takes carrier from CONNECT and NO CARRIER text", async () => {
  const w = world();
  const binding = new LineStateMockBinding();
  const line = binding.createLine("/dev/ttyMOCK3");
  const local = w.modem("100", { profile: { echo: false } });
  const far = w.modem("200", { profile: { echo: false, s: { 0: 1 } } });
  modemOnMockPort(line, local.modem);
  const d = serial(binding, "/dev/ttyMOCK3", { wired: { dtr: true, rts: true, cts: true, dcd: false, dsr: false, ri: false } });
  await d.open();
  d.write(Buffer.from("ATDT200\r"));
  await settle();
  assert.ok(w.until(() => local.modem.mode === ModemMode.Online));
  w.scheduler.runDue();
  await settle();
  assert.equal(d.signals().dcd, true);
  far.send("+++");
  w.scheduler.runFor(1000);
  far.send("ATH\r");
  w.scheduler.runFor(10);
  await settle();
  assert.equal(d.signals().dcd, false);
  await d.close();
});

test("a port whose modem lines cannot be read (a pty) falls back to the text", async () => {
  const binding = new LineStateMockBinding();
  const line = binding.createLine("/dev/pts/mock");
  line.failGet = true;
  line.failSet = true;
  const d = serial(binding, "/dev/pts/mock");
  await d.open();
  assert.match(d.lastPollError ?? "", /Inappropriate ioctl/);
  assert.match(d.controlFault ?? "", /serial \/dev\/pts\/mock@115200: cannot set DTR\/RTS: Inappropriate ioctl/);
  line.port?.emitData(Buffer.from("\r\nCONNECT 9600\r\n"));
  await settle();
  assert.equal(d.signals().dcd, true);
  await d.close();
});

test("opening a device that is not there names it", async () => {
  const binding = new LineStateMockBinding();
  const d = serial(binding, "/dev/ttyNOPE");
  await assert.rejects(d.open(), (e: Error) => e instanceof SerialLineError && /serial \/dev\/ttyNOPE@115200: .*no such mock port/.test(e.message));
});
