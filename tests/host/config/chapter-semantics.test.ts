// Where the reference chapter means something the first versions did otherwise: the forced
// wait of the line the callback leaves on, the client's number for a user with a callback
// line or rotary and no dial string, and the timeout message of the Callback Dialstring prompt.

import { test } from "node:test";
import assert from "node:assert/strict";
import { compileOrThrow, runSimulation } from "../../../host/simulate/run-simulation.ts";
import { parseScenario } from "../../../host/scenario/scenario.ts";
import { compileConfig } from "../../../host/config/compile.ts";
import { LineState } from "../../../host/core/abi.ts";
import { Board } from "../line/login-board.ts";

const CHAT = 'chat-script dial ABORT ERROR ABORT BUSY "" "ATZ" OK "ATDT \\T" TIMEOUT 30 CONNECT \\c';
const PPP_LINE_1 = ["interface async 1", " encapsulation ppp", " ppp callback accept", " ppp authentication pap"];

async function rows(config: string[], callers: unknown[]) {
  const scenario = parseScenario({ seed: 1, callers }, "pending.json");
  const result = await runSimulation(compileOrThrow(config.join("\n") + "\n", "pending.cfg"), scenario, { seed: 1, print: () => {} });
  return result.rows;
}

test(
  "the_forced_wait_is_the_one_of_the_line_the_callback_leaves_on",
  async () => {
    const config = [CHAT, "username ted callback-dialstring 5550001 callback-rotary 2 password p", ...PPP_LINE_1];
    const lines = ["line 1", " login local", " modem InOut", " autoselect ppp"];
    lines.push("line 9", " modem InOut", " rotary 2", " script callback dial", " callback forced-wait 20");
    const [row] = await rows([...config, ...lines], [{ method: "rfc1570", username: "ted", password: "p", phone: "5550001", dials: 1 }]);
    assert.deepEqual([row.result, row.lineIn, row.lineOut], ["ok", 1, 9]);
    assert.ok((row.callbackMs ?? 0) >= 20_000, `called back after ${row.callbackMs} ms; line 9 waits 20 s`);
  },
);

test(
  "a_user_with_callback_rotary_or_line_and_no_dial_string_is_called_back_at_the_callers_number",
  async () => {
    const config = [CHAT, "service exec-callback", "username u callback-rotary 1 password p", "username v callback-line 2 password p", ...PPP_LINE_1];
    const lines = ["line 1", " login local", " modem InOut", " autoselect ppp"];
    lines.push("line 2 3", " login local", " modem InOut", " rotary 1", " script callback dial");
    const result = await rows(
      [...config, ...lines],
      [
        { method: "rfc1570", username: "u", password: "p", phone: "5550001", dials: 1, answerNumber: "5550001" },
        { method: "exec", username: "v", password: "p", phone: "5550002", dials: 3, answerNumber: "5550002", startAt: 30 },
      ],
    );
    assert.deepEqual(result.map((r) => [r.user, r.dialled, r.result]), [["u", "5550001", "ok"], ["v", "5550002", "ok"]]);
  },
);

test(
  "the_callback_dialstring_prompt_times_out_with_its_own_message",
  async () => {
    const config = ["service exec-callback", 'username mila callback-dialstring "" password letmein', CHAT];
    const b = await Board.boot([...config, "line 4", " login local", " modem InOut", " script callback dial"].join("\n"));
    b.carrier(4, true);
    b.wait(1000);
    b.type(4, "mila\r");
    b.type(4, "letmein\r");
    assert.match(b.read(4), /Callback Dialstring:/);
    b.wait(31_000);
    assert.equal(b.state(4), LineState.HangUp);
    const shown = b.read(4);
    assert.match(shown, /timeout expired/);
    assert.doesNotMatch(shown, /Username:/, "IOS prints the name of the prompt that timed out");
  },
);

test("config_check_says_where_a_user_without_a_dial_string_is_called_back", () => {
  const said = (text: string) => compileConfig(text, "p.cfg").diagnostics.map((d) => `${d.severity} ${d.loc.line}:${d.loc.col}: ${d.message}`);
  const diagnostics = said(`${CHAT}\nusername u callback-rotary 1 password p\nline 2\n login local\n rotary 1\n script callback dial\n`);
  assert.deepEqual(diagnostics.filter((d) => !d.startsWith("note")), [], "no warning: the core calls such a user back");
  const note = 'note 2:12: user u has "callback-rotary" and no "callback-dialstring": it is called back at the number the client gives, as with ';
  assert.ok(diagnostics.includes(`${note}callback-dialstring ""`), diagnostics.join("\n"));
  assert.deepEqual(
    compileConfig("username a callback-dialstring 1 callback-line aux 0 password x\nline aux 0\n", "p.cfg").diagnostics.filter((d) => d.severity === "error")
      .length,
    1,
    "callback-line aux is refused, not ignored",
  );
});
