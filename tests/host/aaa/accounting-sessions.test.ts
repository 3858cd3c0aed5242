import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { CallbackBench } from "../../support/callback-bench.ts";
import { Terminal } from "../../support/terminal.ts";
import { ScriptedModem } from "../../support/scripted-modem.ts";
import { Core } from "../../../host/core/core.ts";
import { compileConfig } from "../../../host/config/compile.ts";
import { compileImage } from "../../../host/config/image.ts";
import { Auth, CallbackRequest } from "../../../host/core/ppp.ts";
import { CallbackEvent, outcomeName } from "../../../host/trace/describe.ts";
import { SessionTracker, coreLineCounters } from "../../../host/aaa/session-tracker.ts";
import type { AccountingRecord } from "../../../host/aaa/accounting-record.ts";

// Accounting sessions as the core's events make them: both legs of a callback, each with a
// Start and a Stop, linked by the callback id, the first leg ending with Callback.

const PPP_CONFIG =
  readFileSync("tests/fixtures/config/ppp-client.cfg", "utf8") +
  '\nchat-script dial ABORT ERROR ABORT BUSY "" "ATZ" OK "ATDT \\T" TIMEOUT 30 CONNECT \\c\nline 7 9\n script callback dial\n';

function tracker(now: () => number, counter: (l: number, id: number) => number, records: AccountingRecord[]) {
  return new SessionTracker({
    now,
    epochSeconds: () => 1_700_000_000 + Math.floor(now() / 1000),
    counters: coreLineCounters(counter),
    stations: (tty) => ({ line: `555100${tty}`, caller: tty === 7 ? "1234567" : null }),
    tag: "0badcafe",
    record: (r) => records.push(r),
  });
}

const brief = (r: AccountingRecord) => [r.status, r.session.user, r.session.service, r.session.tty, r.session.leg, r.cause];

test("a_ppp_callback_gives_start_and_stop_for_both_legs_linked_by_the_callback_id_the_first_ending_callback", async () => {
  const b = await CallbackBench.create(PPP_CONFIG, [7, 8, 9]);
  const records: AccountingRecord[] = [];
  const t = tracker(() => b.now, (l, id) => b.server.counter(l, id), records);
  b.onServerEvent = (e) => t.event(e);
  b.answerOptions = { auth: Auth.PAP, user: "Ted", secret: "Rhoda" };
  b.dialIn(7, { auth: Auth.PAP, user: "Ted", secret: "Rhoda", callback: CallbackRequest.RFC1570, callbackOperation: 0 });
  assert.ok(b.runUntil(() => b.serverKinds(CallbackEvent.Finished).length > 0, 120_000));
  assert.equal(outcomeName(b.serverKinds(CallbackEvent.Finished)[0].args[1]), "ok");
  b.runUntil(() => false, 3000); // IPCP and some traffic on the leg
  b.hangUp();
  b.runUntil(() => records.length === 4, 20_000);
  const out = b.serverKinds(CallbackEvent.Finished)[0].args[2];
  assert.deepEqual(records.map(brief), [
    ["start", "Ted", "network", 7, 1, null],
    ["stop", "Ted", "network", 7, 1, "Callback"],
    ["start", "Ted", "network", out, 2, null],
    ["stop", "Ted", "network", out, 2, "Lost-Carrier"],
  ]);
  const id = b.serverKinds(CallbackEvent.Requested)[0].args[0];
  const [first, , leg] = records;
  assert.equal(first.session.callId, id, "the first leg carries the callback id");
  assert.equal(leg.session.callId, id, "the callback leg carries the same id");
  assert.equal(first.session.multiId, leg.session.multiId, "one Acct-Multi-Session-Id for both legs");
  assert.equal(first.session.multiId, `0badcafe${id.toString(16).padStart(8, "0")}`);
  assert.notEqual(first.session.id, leg.session.id, "an Acct-Session-Id per leg");
  const stations = [first.session.calling, first.session.called, first.session.callbackNumber];
  assert.deepEqual(stations, ["1234567", "5551007", null], "the Start is made before a callback is asked");
  assert.equal(records[1].session.callbackNumber, "1234567", "the first leg's Stop names the number to call back");
  assert.deepEqual([leg.session.called, leg.session.callbackNumber], ["1234567", "1234567"], "the leg's called number is the one dialled");
  assert.equal(leg.session.framedIp, null, "a record keeps what was known when it was made: no address before IPCP");
  assert.equal(records[3].session.framedIp !== null, true, "IPCP gave the peer an address on the leg (its Stop says which)");
  const stop = records[3].stats!;
  assert.ok(stop.inOctets > 0 && stop.outOctets > 0 && stop.inPackets > 0 && stop.outPackets > 0, JSON.stringify(stop));
  assert.ok(records[1].stats!.inOctets > 0, "the first leg's octets too");
});

test("an_exec_callback_gives_both_legs_the_leg_login_again_and_exit_is_user_request", async () => {
  const cfg = 'service exec-callback\nusername milarepa callback-dialstring 5554040 password letmein\n' +
    'chat-script dial ABORT ERROR "" "ATZ" OK "ATDT \\T" TIMEOUT 30 CONNECT \\c\nline 4\n login local\n modem InOut\n script callback dial\n';
  const core = await Core.load();
  core.init(compileImage(compileConfig(cfg, "exec.cfg").model));
  const term = new Terminal(core, 4);
  const modem = new ScriptedModem(term);
  const records: AccountingRecord[] = [];
  const t = tracker(() => term.clock.now(), (l, id) => core.counter(l, id), records);
  let seen = 0;
  const feed = () => {
    for (; seen < term.events.length; seen++) t.event(term.events[seen]);
  };
  term.carrier(true);
  term.wait(1000);
  term.type("milarepa\rletmein\r");
  term.wait(50);
  feed();
  assert.match(term.read(), /Callback initiated - line is disconnected/);
  modem.hangUpAndAnswerCallback();
  term.wait(500);
  feed();
  term.type("milarepa\rletmein\r");
  term.wait(50);
  term.type("exit\r");
  term.wait(3000);
  term.carrier(false);
  term.wait(1000);
  feed();
  assert.deepEqual(modem.dialled, ["5554040"]);
  assert.deepEqual(records.map(brief), [
    ["start", "milarepa", "exec", 4, 1, null],
    ["stop", "milarepa", "exec", 4, 1, "Callback"],
    ["start", "milarepa", "exec", 4, 2, null],
    ["stop", "milarepa", "exec", 4, 2, "User-Request"],
  ]);
  assert.equal(records[0].session.multiId, records[2].session.multiId);
  assert.equal(records[2].session.callbackNumber, "5554040");
});

test("carrier_loss_and_the_exec_timeout_are_the_stop_causes_and_a_line_password_login_has_no_user", async () => {
  const cfg = "username ann password pw\nline 4\n login local\n exec-timeout 1 0\nline 5\n login\n password secret\n";
  const core = await Core.load();
  core.init(compileImage(compileConfig(cfg, "causes.cfg").model));
  const records: AccountingRecord[] = [];
  const a = new Terminal(core, 4);
  const t = tracker(() => a.clock.now(), (l, id) => core.counter(l, id), records);
  // Events reach the tracker as they happen, so its clock is the events' own.
  const fed = new Map<Terminal, number>();
  const feed = (x: Terminal) => {
    for (let i = fed.get(x) ?? 0; i < x.events.length; i++) t.event(x.events[i]);
    fed.set(x, x.events.length);
  };
  const step = (x: Terminal, ms: number) => {
    for (let k = 0; k < ms; k += 100) {
      x.wait(Math.min(100, ms - k));
      feed(x);
    }
  };
  a.carrier(true);
  step(a, 1000);
  a.type("ann\rpw\r");
  step(a, 61_000); // exec-timeout 1 0
  a.carrier(false);
  step(a, 1000);
  a.carrier(true);
  step(a, 1000);
  a.type("ann\rpw\r");
  step(a, 5000);
  a.carrier(false);
  step(a, 100);
  assert.deepEqual(records.map(brief), [
    ["start", "ann", "exec", 4, 1, null],
    ["stop", "ann", "exec", 4, 1, "Idle-Timeout"],
    ["start", "ann", "exec", 4, 1, null],
    ["stop", "ann", "exec", 4, 1, "Lost-Carrier"],
  ]);
  assert.equal(records[1].stats!.seconds, 60, "a minute at the prompt, then the timeout");
  assert.equal(records[3].stats!.seconds, 5);
  assert.notEqual(records[0].session.multiId, records[2].session.multiId, "two calls, two multi-session ids");
  const b = new Terminal(core, 5, a.clock);
  const before = records.length;
  b.carrier(true);
  step(b, 1000);
  b.type("secret\r");
  step(b, 100);
  b.carrier(false);
  step(b, 100);
  assert.deepEqual(records.slice(before).map(brief), [
    ["start", "", "exec", 5, 1, null],
    ["stop", "", "exec", 5, 1, "Lost-Carrier"],
  ]);
});
