// The pool figures (poolUsage / poolCapacity): each rises while a call holds its pool and
// falls back to the value after init once the call is over, so a soak can prove no leak.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { Core, PoolFigures } from "../../../host/core/core.ts";
import { PoolId } from "../../../host/core/abi.ts";
import { imageForLines, DEFAULT_SYSTEM } from "../../../host/image/writer.ts";
import { compileConfig } from "../../../host/config/compile.ts";
import { compileImage } from "../../../host/config/image.ts";
import { CallbackBench } from "../../support/callback-bench.ts";
import { Terminal } from "../../support/terminal.ts";
import { AaaResponder, type AaaClient } from "../../../host/aaa/responder.ts";
import { Auth, CallbackRequest } from "../../../host/core/ppp.ts";
import { CallbackEvent } from "../../../host/trace/describe.ts";

const IDLE = { events: 0, chatRunners: 0, callbackRecords: 0, pppSessions: 0, linesBusy: 0, remoteUsers: 0, addressLeases: 0, arapSessions: 0 };

function withoutArena(f: PoolFigures): Omit<PoolFigures, "arenaBytes"> {
  const { arenaBytes: _, ...rest } = f;
  return rest;
}

test("after_init_every_pool_is_empty_and_the_capacities_follow_the_image", async () => {
  const core = await Core.load();
  core.init(imageForLines([1, 2, 5]));
  [...core.drainEvents()];
  const used = core.poolUsage();
  assert.equal(used.arenaBytes, core.exports.memoryArenaUsed());
  assert.ok(used.arenaBytes > 0);
  assert.deepEqual(withoutArena(used), IDLE);
  const cap = core.poolCapacity();
  assert.equal(cap.arenaBytes, core.exports.memoryArenaCapacity());
  assert.equal(cap.linesBusy, 3, "three modem lines; the console is not one");
  assert.equal(cap.pppSessions, 3);
  assert.equal(cap.chatRunners, 3, "one runner per line, up to the pool's limit");
  assert.equal(cap.addressLeases, 3, "one pool address lease per line");
  assert.ok(cap.callbackRecords > 0 && cap.remoteUsers > 0 && cap.events > 0);
  for (const read of [core.exports.poolUsage, core.exports.poolCapacity]) {
    assert.equal(read(9), -1, "unknown id");
    assert.equal(read(-1), -1);
  }
});

test("queued_events_count_until_they_are_taken", async () => {
  const core = await Core.load();
  core.init(imageForLines([1], DEFAULT_SYSTEM, 0));
  [...core.drainEvents()];
  core.signals(1, 1); // carrier: the line leaves idle and says so
  const queued = core.exports.poolUsage(PoolId.Events);
  assert.ok(queued > 0);
  assert.equal(core.poolUsage().linesBusy, 1);
  core.nextEvent();
  assert.equal(core.exports.poolUsage(PoolId.Events), queued - 1);
  [...core.drainEvents()];
  assert.equal(core.exports.poolUsage(PoolId.Events), 0);
  core.signals(1, 0);
  [...core.drainEvents()];
  assert.deepEqual(withoutArena(core.poolUsage()), IDLE);
});

test("a_ppp_callback_holds_session_record_runner_and_lines_then_gives_them_all_back", async () => {
  const config = readFileSync("tests/fixtures/config/ppp-client.cfg", "utf8") + `
chat-script dial ABORT ERROR ABORT BUSY "" "ATZ" OK "ATDT \\T" TIMEOUT 30 CONNECT \\c
line 7 9
 script callback dial
`;
  const b = await CallbackBench.create(config, [7, 8, 9]);
  b.answerOptions = { auth: Auth.PAP, user: "Ted", secret: "Rhoda" };
  const baseline = b.server.poolUsage();
  b.dialIn(7, { auth: Auth.PAP, user: "Ted", secret: "Rhoda", callback: CallbackRequest.RFC1570, callbackOperation: 0 });
  // The highest figure each pool reaches during the story, read after every step.
  const peak = { ...baseline };
  const watch = () => {
    const now = b.server.poolUsage();
    for (const k of Object.keys(peak) as (keyof PoolFigures)[]) peak[k] = Math.max(peak[k], now[k]);
    return b.serverKinds(CallbackEvent.Finished).length > 0;
  };
  assert.ok(b.runUntil(watch, 120_000), "the callback finished");
  assert.equal(b.serverKinds(CallbackEvent.Finished)[0].args[1], 1, "ok");
  assert.equal(peak.pppSessions, 1);
  assert.equal(peak.callbackRecords, 1);
  assert.equal(peak.chatRunners, 1, "the dial script ran");
  assert.equal(peak.linesBusy, 1, "one line at a time: the incoming call ends before the callback dials");
  assert.equal(peak.arenaBytes, baseline.arenaBytes, "nothing is carved after init");
  b.hangUp();
  b.runUntil(() => false, 10_000);
  assert.deepEqual(b.server.poolUsage(), baseline);
});

test("an_aaa_user_is_held_while_its_login_lasts_and_released_when_the_line_goes_idle", async () => {
  const config = readFileSync("tests/fixtures/config/exec-callback.cfg", "utf8");
  const result = compileConfig(config, "pool.cfg");
  const core = await Core.load();
  core.init(compileImage(result.model));
  core.exports.authLoginModeSet(2);
  const t = new Terminal(core, 4);
  const client: AaaClient = {
    authenticate: () => Promise.resolve({ verdict: "accept", replyMessage: null, callback: null }),
    close() {},
  };
  const responder = new AaaResponder(core, client, () => {});
  t.carrier(true);
  t.wait(1000);
  t.type("tenzing\rsummit\r");
  for (const e of t.events) responder.handle(e);
  while (responder.pending() > 0) await new Promise((r) => setImmediate(r));
  t.wait(0);
  assert.match(t.read(), /Router>$/, "logged in as the server's user");
  assert.equal(core.poolUsage().remoteUsers, 1);
  t.carrier(false);
  t.wait(10);
  assert.deepEqual(withoutArena(core.poolUsage()), IDLE);
});
