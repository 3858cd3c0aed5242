import { test } from "node:test";
import assert from "node:assert/strict";
import { compileOrThrow, runSimulation } from "../../../host/simulate/run-simulation.ts";
import { parseScenario } from "../../../host/scenario/scenario.ts";

// Glare: a line dialling a callback is rung by another caller. The configuration is the
// access server of the report: Ted comes in on line 10 and is called back on TTY7 (rotary
// 77), whose modem answers on the first ring like every access-server modem.
const config = (script: string) => `chat-script dial ${script}
username Ted callback-dialstring 1234567 callback-rotary 77 password Rhoda
username wanda password w4nda
interface async 10
 encapsulation ppp
 ppp callback accept
 ppp authentication pap
line 7
 rotary 77
 modem InOut
 script callback dial
line 10
 autoselect ppp
 script callback dial
`;

const scenario = (wandaAt: number, tedFaults: string[]) =>
  parseScenario({
    seed: 1,
    callers: [
      { name: "Ted", method: "rfc1570", username: "Ted", password: "Rhoda", phone: "1234567", dials: 10, faults: tedFaults },
      // wanda dials TTY7's own number while TTY7 works on Ted's callback.
      { name: "wanda", method: "answer-mode", username: "wanda", password: "w4nda", phone: "5553030", dials: 7, startAt: wandaAt },
    ],
  });

async function run(script: string, wandaAt: number, tedFaults: string[] = []) {
  const lines: string[] = [];
  const result = await runSimulation(compileOrThrow(config(script), "glare.cfg"), scenario(wandaAt, tedFaults), { seed: 1, print: (l) => lines.push(l) });
  return { ...result, text: lines.join("\n"), lines };
}

test("a_script_without_abort_strings_never_takes_another_callers_connect_for_the_callback", async () => {
  // Ted's number is busy; the script has no ABORT BUSY, so it still waits for CONNECT with
  // the modem back on hook when wanda's call rings TTY7. Taking her CONNECT was the bug:
  // the table said ok, wanda got the callback's session and Ted waited forever.
  const r = await run(`"" ATZ OK "ATDT \\T" TIMEOUT 30 CONNECT \\c`, 15, ["busy"]);
  assert.deepEqual(r.unfinished, [], "every caller ends");
  const [ted, wanda] = r.rows;
  assert.notEqual(ted.result, "ok", r.text);
  assert.match(r.text, /\[1\] Callback glare, retry 1 in 2\.0 s/, "the narrative names the glare");
  assert.ok(!/wanda: IPCP up/.test(r.text), "wanda never gets the callback's session");
  assert.ok(!/Callback connected/.test(r.text), r.text);
  assert.equal(wanda.result, "no carrier", "the line hangs up on the call it met");
  assert.equal(r.lines.filter((l) => l.includes("Callback dialling 1234567")).length, 2, "the glare is retried once without callback retry");
});

test("a_callback_meeting_glare_between_atz_and_atd_is_retried_and_reaches_its_caller", async () => {
  // The modem reports RING while the script waits before ATDT (as a slow ATZ makes it do).
  const r = await run(`ABORT BUSY "" ATZ OK "\\d\\d\\d\\d\\d\\d\\d\\d\\d\\dATDT \\T" TIMEOUT 30 CONNECT \\c`, 10);
  assert.deepEqual(r.unfinished, []);
  const [ted] = r.rows;
  assert.equal(ted.result, "ok", r.text);
  assert.equal(ted.lineOut, 7);
  assert.match(r.text, /Callback glare, retry 1/);
  assert.match(r.text, /Ted: IPCP up/);
  assert.ok(r.text.indexOf("Callback glare") < r.text.indexOf("Ted: CONNECT, starting PPP on the callback"));
  assert.ok(!/wanda: IPCP up/.test(r.text));
});

test("a_line_whose_modem_is_answering_a_call_is_not_chosen_for_a_callback", async () => {
  // wanda's call rings TTY7 and its modem picks up just before Ted's callback picks a line of
  // rotary 77: TTY7 still looks idle (no carrier yet). Dialling there would end her call with
  // the script's ATZ and read the modem's NO CARRIER as the callback's: both lost.
  const cfg = `chat-script dial ABORT ERROR ABORT BUSY ABORT "NO ANSWER" ABORT "NO CARRIER" "" ATZ OK "ATDT \\T" TIMEOUT 30 CONNECT \\c
username Ted callback-dialstring 1234567 callback-rotary 77 password Rhoda
username wanda password w4nda
interface async 7
 encapsulation ppp
 ppp authentication pap
interface async 8
 encapsulation ppp
 ppp authentication pap
interface async 10
 encapsulation ppp
 ppp callback accept
 ppp authentication pap
line 7 8
 rotary 77
 modem InOut
 autoselect ppp
 script callback dial
line 10
 autoselect ppp
`;
  const lines: string[] = [];
  const result = await runSimulation(compileOrThrow(cfg, "answering.cfg"), scenario(4.5, []), { seed: 1, print: (l) => lines.push(l) });
  const text = lines.join("\n");
  assert.deepEqual(result.unfinished, []);
  const [ted, wanda] = result.rows;
  assert.equal(ted.result, "ok", text);
  assert.equal(ted.lineOut, 8, "the callback leaves on the rotary's other line");
  assert.equal(wanda.lineIn, 7);
  assert.equal(wanda.result, "connected without callback", text);
});
