// Capacity as the lines allow: the largest image (63 TTY lines) with a caller on every line,
// every line dialling its callback at the same moment, and every callback ends ok. Before the
// pools were sized from the lines, the 9th dialling line ended at once (8 chat runners) and
// the 17th pending callback found no record.
import { test } from "node:test";
import assert from "node:assert/strict";
import { compileOrThrow, runSimulation } from "../../../host/simulate/run-simulation.ts";
import { parseScenario } from "../../../host/scenario/scenario.ts";

const LINES = 63;
const ttys = [...Array(LINES).keys()].map((k) => k + 1);
const phone = (tty: number) => `55530${String(tty).padStart(2, "0")}`;

// Each user is called back on the line it came in on; the forced wait lines the dials up.
const CONFIG = [
  'chat-script dial ABORT BUSY "" ATZ OK "ATDT \\T" TIMEOUT 30 CONNECT \\c',
  "callback forced-wait 20",
  ...ttys.map((n) => `username u${n} callback-dialstring ${phone(n)} callback-line ${n} password p${n}`),
  "interface Group-Async 1",
  " group-range 1 63",
  " encapsulation ppp",
  " ppp callback accept",
  " ppp authentication pap",
  "line 1 63",
  " autoselect ppp",
  " script callback dial",
].join("\n");

test("every_line_of_the_largest_image_calls_back_at_the_same_moment_and_all_succeed", async () => {
  const scenario = parseScenario({
    seed: 5,
    callers: ttys.map((n) => ({ name: `c${n}`, method: "rfc1570", username: `u${n}`, password: `p${n}`, phone: phone(n), dials: n })),
  });
  const lines: string[] = [];
  const { rows } = await runSimulation(compileOrThrow(CONFIG, "every-line.cfg"), scenario, { seed: 5, print: (l) => lines.push(l) });
  assert.equal(rows.length, LINES, "one callback per caller");
  const failed = rows.filter((r) => r.result !== "ok").map((r) => `${r.user}: ${r.result}`);
  assert.deepEqual(failed, [], "every callback ends ok");
  for (const r of rows) assert.equal(r.lineOut, r.lineIn, `${r.user} is called back on its own line`);
  // How many lines were dialling at once, from the narrative's state changes.
  let dialling = 0;
  let most = 0;
  for (const l of lines) {
    if (/ -> dialling$/.test(l)) most = Math.max(most, ++dialling);
    if (/\] dialling -> /.test(l)) dialling--;
  }
  assert.equal(most, LINES, "all 63 lines were dialling at the same moment");
  assert.equal(lines.filter((l) => /no runner|no record|no script/.test(l)).length, 0);
});
