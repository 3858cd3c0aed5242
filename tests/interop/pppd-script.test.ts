// The script runPppdGuest hands the guest, run here by the host's sh with a stand-in pppd.

import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { pppdScript } from "./support/guest.ts";

// A stand-in pppd: prints each argument on its own line, exits with $FAKE_STATUS.
const FAKE_PPPD = 'pppd() { for a in "$@"; do printf "<%s>\\n" "$a"; done; return "${FAKE_STATUS:-0}"; }\n';

function runScript(script: string, status = 0): { stdout: string; status: number | null } {
  // `exec pppd` would look for a real program: run the function instead.
  const body = FAKE_PPPD + script.replace(/^exec pppd/, "pppd");
  const result = spawnSync("sh", ["-c", body], { encoding: "utf8", env: { ...process.env, FAKE_STATUS: String(status) }, timeout: 10_000 });
  return { stdout: result.stdout, status: result.status };
}

test("every_argument_reaches_pppd_as_one_word_whatever_it_contains", () => {
  const args = ["/dev/ttyS1", "connect", `chat -v "" ATDT\\T CONNECT '\\c'`, "name with spaces", "$HOME", "a'b", ""];
  const { stdout, status } = runScript(pppdScript({ args }));
  assert.equal(status, 0);
  assert.equal(stdout, args.map((a) => `<${a}>\n`).join(""));
});

test("without_then_the_status_is_pppds_and_with_then_it_runs_only_after_success", () => {
  assert.equal(runScript(pppdScript({ args: ["x"] }), 16).status, 16);
  const after = pppdScript({ args: ["x"], then: "echo AFTER; exit 3" });
  assert.deepEqual(runScript(after, 0), { stdout: "<x>\nAFTER\n", status: 3 });
  assert.deepEqual(runScript(after, 14), { stdout: "<x>\n", status: 14 });
});
