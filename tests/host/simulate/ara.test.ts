import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { compileOrThrow, runSimulation } from "../../../host/simulate/run-simulation.ts";
import { parseScenario } from "../../../host/scenario/scenario.ts";
import type { Core } from "../../../host/core/core.ts";

// The chapter's ARA callback example as printed (excalibur on lines 4, 7 and 8, always
// called back on line 7 at 123456), with the chapter's recommended ARA chat script selected
// on line 7, and lancelot, an ARA user without callback, who can keep line 7 busy.
const PRINTED = readFileSync("tests/fixtures/config/ara-client.cfg", "utf8");
const WITH_SCRIPT = `${PRINTED}
chat-script ara ABORT ERROR ABORT BUSY "" "ATZ" OK "ATS180=0" OK "ATS181=1" OK "ATDT \\T" TIMEOUT 60 CONNECT \\c
line 7
 script arap-callback ara
username lancelot password grail
`;

type Spec = { name: string; password?: string; username?: string; phone?: string; dials: number; startAt?: number; faults?: string[] };

async function run(config: string, callers: Spec[], debug = false) {
  const scenario = parseScenario({
    seed: 1,
    callers: callers.map((c) => ({
      name: c.name,
      method: "arap",
      username: c.username ?? "excalibur",
      password: c.password ?? "guenivere",
      phone: c.phone ?? "123456",
      dials: c.dials,
      startAt: c.startAt ?? 0,
      faults: c.faults ?? [],
    })),
  });
  const lines: string[] = [];
  let server: Core | null = null;
  const result = await runSimulation(compileOrThrow(config, "ara.cfg"), scenario, {
    seed: 1,
    debug,
    print: (l) => lines.push(l),
    inspect: (w) => (server = w.core),
  });
  const rows = result.rows.map((r) => [r.caller, r.dialled, r.lineIn, r.lineOut, r.result]);
  // Every story over: no ARAP session, callback record or busy line is left in the server.
  const pools = (server as Core | null)?.poolUsage();
  assert.ok(pools, "the server core was seen");
  assert.deepEqual([pools.arapSessions, pools.callbackRecords, pools.linesBusy, pools.chatRunners], [0, 0, 0, 0], "pools back to idle");
  return { ...result, rows, text: lines.join("\n") };
}

test("excalibur_dials_into_line_4_and_into_line_8_and_is_called_back_on_line_7_at_123456", async () => {
  const r = await run(WITH_SCRIPT, [
    { name: "via 4", dials: 4 },
    { name: "via 8", dials: 8, startAt: 200 },
  ]);
  assert.deepEqual(r.rows, [
    ["via 4", "123456", 4, 7, "ok"],
    ["via 8", "123456", 8, 7, "ok"],
  ]);
  assert.match(r.text, /Callback process initiated, method arap, dialstring 123456/);
  assert.match(r.text, /Callback dialling 123456 on TTY7 \(attempt 1, call came in on TTY8\)/);
  // Authenticated again on the callback leg, before the session opened there.
  assert.match(r.text, /TTY7: ARAP started \(callback\)\n.*TTY7: ARAP authenticated excalibur\n.*TTY7: ARAP open/);
  assert.ok(!/guenivere/.test(r.text), "the password never appears in the narrative");
});

test("as_printed_without_a_chat_script_no_callback_is_dialled_and_the_reason_is_shown", async () => {
  const r = await run(PRINTED, [{ name: "excalibur", dials: 4 }]);
  assert.deepEqual(r.rows, [["excalibur", "123456", 4, null, "no script"]]);
  assert.ok(!/Callback dialling/.test(r.text));
});

test("a_wrong_password_is_refused_and_never_called_back", async () => {
  const r = await run(WITH_SCRIPT, [{ name: "impostor", password: "morgana", dials: 4 }]);
  assert.deepEqual(r.rows, [["impostor", null, 4, null, "refused: authentication failed"]]);
  assert.ok(!/Callback process initiated|Callback dialling/.test(r.text));
  assert.ok(!/morgana/.test(r.text), "the wrong password is not logged either");
});

test("the_callback_number_busy_ends_the_callback_with_its_reason_and_the_next_call_rings", async () => {
  const r = await run(WITH_SCRIPT, [
    { name: "busy", dials: 4, faults: ["busy"] },
    { name: "after", dials: 8, startAt: 200 },
  ]);
  assert.deepEqual(r.rows, [
    ["busy", "123456", 4, 7, "busy"],
    ["after", "123456", 8, 7, "ok"],
  ]);
  assert.equal(r.text.match(/Callback dialling/g)?.length, 2, "each callback dialled once");
});

test("line_7_taken_by_another_session_ends_the_callback_as_no_free_line", async () => {
  const r = await run(WITH_SCRIPT, [
    { name: "lancelot", username: "lancelot", password: "grail", phone: "5557777", dials: 7 },
    { name: "excalibur", dials: 4, startAt: 2 },
  ]);
  assert.deepEqual(r.rows, [
    ["lancelot", null, 7, null, "connected without callback"],
    ["excalibur", "123456", 4, null, "no free line"],
  ]);
  assert.ok(!/Callback dialling/.test(r.text), "nothing dials into the busy line");
});

test("noise_on_the_callback_is_recovered_by_mnp_and_the_session_comes_up", async () => {
  const r = await run(WITH_SCRIPT, [{ name: "noisy", dials: 8, faults: ["noise"] }]);
  assert.deepEqual(r.rows, [["noisy", "123456", 8, 7, "ok"]]);
  assert.match(r.text, /line noise damages what the Mac sends \(3 of 3\)/);
  const again = Number(/MNP recovered from the noise \((\d+) frame/.exec(r.text)?.[1] ?? 0);
  assert.ok(again >= 3, `damaged frames were sent again (${again})`);
});

test("with_aaa_authentication_arap_group_radius_the_server_decides_on_both_legs", async () => {
  const AAA = `aaa new-model\naaa authentication arap default group radius\nradius-server host 127.0.0.1 key r4diusKey\n${WITH_SCRIPT}`;
  const r = await run(AAA, [
    { name: "excalibur", dials: 8 },
    { name: "impostor", password: "morgana", dials: 4, startAt: 200 },
  ]);
  assert.deepEqual(r.rows, [
    ["excalibur", "123456", 8, 7, "ok"],
    ["impostor", null, 4, null, "refused: authentication failed"],
  ]);
  assert.equal(r.text.match(/line [78]: AAA: excalibur accepted/g)?.length, 2, "asked on the call and again on the callback leg");
  assert.ok(!/morgana|guenivere/.test(r.text));
});

test("with_debug_the_mnp_frames_are_shown_beside_the_arap_messages_they_carry", async () => {
  const r = await run(WITH_SCRIPT, [{ name: "noisy", dials: 8, faults: ["noise"] }], true);
  assert.deepEqual(r.rows, [["noisy", "123456", 8, 7, "ok"]]);
  // The server's answer to the Mac's LR, the Mac's confirming LA, then LTs carrying ARAP.
  assert.match(r.text, /server TTY8: \[1\] TTY8 MNP: I LR window \d+ N401 \d+/);
  assert.match(r.text, /server TTY8: \[1\] TTY8 MNP: O LR window \d+ N401 \d+/);
  assert.match(r.text, /server TTY8: \[1\] TTY8 MNP: I LA N\(R\) 0 N\(k\) \d+/);
  assert.match(r.text, /TTY8 ARAP: O SRVRVERSION seq 0 len \d+\n.*TTY8 MNP: O LT N\(S\) 1 len \d+/);
  // The callback's MNP link is initiated by line 7 (the side that placed the call), and the noise shows as dropped frames.
  assert.match(r.text, /server TTY7: \[1\] TTY7 MNP: O LR/);
  assert.match(r.text, /server TTY7: \[1\] TTY7 MNP: I bad FCS, dropped len \d+/);
  assert.match(r.text, /server TTY8: \[1\] TTY8 MNP: O LD reason \d+/);
  const quiet = await run(WITH_SCRIPT, [{ name: "noisy", dials: 8, faults: ["noise"] }]);
  assert.ok(!/MNP: /.test(quiet.text), "without debug no frame is shown");
});
