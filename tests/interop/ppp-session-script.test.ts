// The guest script of support/ppp-session.ts, run here by the host's sh with a stand-in pppd.

import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pppdSessionScript } from "./support/ppp-session.ts";

// A stand-in pppd: prints its arguments, marks the link up if FAKE_UP is set, lingers a
// little (or until killed), and exits with $FAKE_STATUS.
const FAKE_PPPD = `pppd() {
  printf "pppd"; for a in "$@"; do printf " <%s>" "$a"; done; echo
  # The trap before the marker: the script may kill as soon as it sees the link up.
  trap 'echo "pppd killed"; exit 5' TERM
  if [ -n "$FAKE_UP" ]; then touch "$MARKER"; fi
  i=0; while [ $i -lt 10 ]; do sleep 0.1; i=$((i + 1)); done
  return "\${FAKE_STATUS:-0}"
}
`;

function runScript(whenUp: string | undefined, env: Record<string, string>): { stdout: string; status: number | null } {
  const dir = mkdtempSync(join(tmpdir(), "dialback-script-"));
  try {
    const marker = join(dir, "link-up");
    const script = FAKE_PPPD + pppdSessionScript({ args: ["noauth", "name with space"], whenUp, timeoutSec: 5 }, marker);
    const result = spawnSync("sh", ["-c", script], { encoding: "utf8", env: { ...process.env, ...env, MARKER: marker }, timeout: 10_000 });
    return { stdout: result.stdout, status: result.status };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const PPPD_LINE = "pppd </dev/ttyS1> <115200> <noauth> <name with space>\n";

test("without_when_up_the_status_is_pppds", () => {
  assert.deepEqual(runScript(undefined, { FAKE_STATUS: "14", FAKE_UP: "" }), { stdout: `${PPPD_LINE}PPPD-EXIT=14\n`, status: 14 });
  assert.deepEqual(runScript(undefined, { FAKE_STATUS: "16", FAKE_UP: "1" }), { stdout: `${PPPD_LINE}PPPD-EXIT=16\n`, status: 16 });
});

test("when_up_runs_once_the_link_is_up_and_its_status_is_the_scripts", () => {
  const whenUp = 'echo "up, pppd is $((pppd > 0))"\nkill "$pppd"\n(exit 3)';
  assert.deepEqual(runScript(whenUp, { FAKE_UP: "1" }), { stdout: `${PPPD_LINE}up, pppd is 1\npppd killed\nPPPD-EXIT=5\n`, status: 3 });
});

test("when_up_is_skipped_if_pppd_ends_before_the_link_is_up", () => {
  assert.deepEqual(runScript("echo NEVER", { FAKE_STATUS: "19", FAKE_UP: "" }), { stdout: `${PPPD_LINE}PPPD-EXIT=19\n`, status: 19 });
});
