import { test } from "node:test";
import assert from "node:assert/strict";
import { terminalSafe } from "../../../host/trace/terminal-text.ts";
import { describeEvent, StoryTeller, CALLBACK_OUTCOMES } from "../../../host/trace/describe.ts";
import { CallbackEvent, DialProblem, DialSource, EventKind, LineEvent } from "../../../host/core/abi.ts";
import type { CoreEvent } from "../../../host/core/core.ts";
import { compileOrThrow, formatTable, runSimulation } from "../../../host/simulate/run-simulation.ts";
import { demoConfigText } from "../../../host/simulate/demo.ts";
import type { Caller } from "../../../host/scenario/scenario.ts";
import { runEventLine } from "../../../host/cli/commands/run.ts";

// Output a terminal can trust: what callers and servers chose is shown, never obeyed.

const RAW = /[\x00-\x1f\x7f-\uffff]/;
const OWNED = "555\x1b[2J\x1b]0;owned\x07";

function ev(kind: number, line: number, args: number[], data: string | Uint8Array = ""): CoreEvent {
  const bytes = typeof data === "string" ? Buffer.from(data, "latin1") : data;
  return { seq: 1, line, kind, args: [args[0] ?? 0, args[1] ?? 0, args[2] ?? 0, args[3] ?? 0], data: bytes };
}

test("terminal_safe_shows_controls_and_non_ascii_as_escapes_and_is_idempotent", () => {
  assert.equal(terminalSafe(OWNED), "555\\x1b[2J\\x1b]0;owned\\x07");
  assert.equal(terminalSafe("a\r\n\tb"), "a\\r\\n\\tb");
  assert.equal(terminalSafe(Uint8Array.from([0x41, 0x7f, 0x9b, 0xff, 0x00])), "A\\x7f\\x9b\\xff\\x00");
  assert.equal(terminalSafe("Jos\u00e9 \u202e"), "Jos\\xe9 \\u{202e}");
  assert.equal(terminalSafe("plain text, 100% ok \\ /"), "plain text, 100% ok \\ /");
  for (const s of [OWNED, "a\r\n", "\u00e9\u202e", "x\\x1by"]) assert.equal(terminalSafe(terminalSafe(s)), terminalSafe(s));
  for (let c = 0; c < 0x200; c++) assert.doesNotMatch(terminalSafe(String.fromCharCode(c)), RAW, `U+${c.toString(16)}`);
});

test("event_descriptions_escape_every_payload", () => {
  const lines = [
    describeEvent(ev(LineEvent.LoginFailed, 4, [1], "ad\x1b[2Jmin")),
    describeEvent(ev(LineEvent.LoginSucceeded, 4, [0], "ad\x1b]0;x\x07min")),
    describeEvent(ev(CallbackEvent.Requested, 7, [3, 2, 0], OWNED)),
    describeEvent(ev(CallbackEvent.Dialling, 7, [3, 7, 1, 7], OWNED)),
    describeEvent(ev(EventKind.Log, 7, [0], OWNED)),
    new StoryTeller().describe(ev(EventKind.ChatTrace, 7, [0, 0, 1], `CHAT7: ${OWNED}`)),
    new StoryTeller().describe(ev(EventKind.PppTrace, 7, [], `As7 PAP: ${OWNED}`)),
  ];
  for (const line of lines) {
    assert.ok(line);
    assert.doesNotMatch(line, RAW, line);
    assert.match(line, /\\x1b/);
  }
  assert.equal(lines[0], 'TTY4: login failed for "ad\\x1b[2Jmin" (attempt 1)');
});

test("a_refused_number_is_described_with_its_id_source_and_what_is_wrong", () => {
  const refused = (source: DialSource, problem: DialProblem, offset: number, given: string) =>
    describeEvent(ev(CallbackEvent.NumberRefused, 7, [12, source, problem, offset], given)) ?? "";
  assert.equal(
    refused(DialSource.Cbcp, DialProblem.NotDialable, 7, "5553030\rAT&D0&W\r"),
    'TTY7: [12] Callback number from cbcp refused: character 8 (\\r) is not a dial character: "5553030\\rAT&D0&W\\r"',
  );
  const long = refused(DialSource.Aaa, DialProblem.TooLong, 32, "1".repeat(40));
  assert.match(long, /^TTY7: \[12\] Callback number from aaa refused: longer than allowed from character 33/);
  const modifier = refused(DialSource.ExecPrompt, DialProblem.ModifierNotAllowed, 1, "9W1");
  assert.match(modifier, /from exec prompt refused: dial modifier at character 2 \(W\) is not allowed/);
  assert.match(refused(DialSource.Config, DialProblem.Empty, 0, "--"), /from config refused: nothing to dial/);
  assert.match(refused(DialSource.Rfc1570, DialProblem.NotDialable, 0, "\r"), /from rfc1570 refused/);
  assert.equal(describeEvent(ev(CallbackEvent.Refused, 7, [CALLBACK_OUTCOMES.indexOf("bad number"), 7, 0])), "TTY7: Callback refused: bad number");
});

test("run_events_lines_are_escaped_even_for_events_without_a_description", () => {
  const story = new StoryTeller();
  assert.equal(runEventLine(story, ev(EventKind.Log, 3, [0], OWNED)), "TTY3: 555\\x1b[2J\\x1b]0;owned\\x07");
  assert.doesNotMatch(runEventLine(story, ev(EventKind.AuthFailed, 3, [0, 0xc023], OWNED)), RAW);
});

test("the_closing_table_escapes_its_cells", () => {
  const row = { caller: "ev\x1bil", user: "ev\x1bil", method: "cbcp", dialled: OWNED, lineIn: 8, lineOut: null, callbackMs: null, result: "bad number" };
  const table = formatTable([row]);
  assert.doesNotMatch(table, /[\x00-\x09\x0b-\x1f\x7f-\uffff]/);
  assert.match(table, /ev\\x1bil\s+cbcp\s+555\\x1b\[2J\\x1b\]0;owned\\x07/);
});

test("a_cbcp_number_that_would_retitle_the_window_is_refused_and_the_simulation_output_stays_clean", async () => {
  const lines: string[] = [];
  const wanda: Caller = {
    name: "wanda\x1b[31m", method: "cbcp", username: "wanda", password: "w4nda", phone: "5553030", dials: { line: 8 },
    answerNumber: OWNED, startAt: 0, faults: [],
  };
  const model = compileOrThrow(demoConfigText(), "demo.cfg");
  const { rows } = await runSimulation(model, { seed: 1, callers: [wanda] }, { seed: 1, print: (l) => lines.push(l), capMs: 120_000, showCallback: true });
  const text = lines.join("\n");
  assert.doesNotMatch(text, /[\x00-\x09\x0b-\x1f\x7f-\uffff]/, "no raw control or 8-bit byte in the narrative");
  assert.match(text, /Callback number from cbcp refused: character 4 \(\\x1b\) is not a dial character: "555\\x1b\[2J\\x1b\]0;owned\\x07"/);
  assert.match(text, /wanda\\x1b\[31m: modem 5553030 dials/, "the caller's label is escaped too");
  assert.match(text, /Callback refused: bad number/);
  const row = rows.map((r) => [r.caller, r.dialled, r.result]);
  assert.deepEqual(row, [["wanda\\x1b[31m", null, "refused: bad number"]], "no callback record: nothing was dialled");
  assert.doesNotMatch(text, /Callback dialling/);
});
