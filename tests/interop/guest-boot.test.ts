// The interop guest boots, loads the PPP modules and runs pppd 2.4.9 (QEMU, TCG). A
// non-zero exit status coming through is shown by the pppd tests (pppd exits 16 there).

import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { EXIT_HARNESS, INTEROP_TEST_TIMEOUT_MS, requireGuest, startGuest } from "./support/guest.ts";

test("guest_boots_loads_ppp_modules_and_runs_pppd_version", { timeout: INTEROP_TEST_TIMEOUT_MS }, async (t) => {
  if (!requireGuest(t)) return;
  const guest = await startGuest({
    command: "pppd --version 2>&1\ncut -d' ' -f1 /proc/modules\ncat /etc/ppp/extra\nls -l /etc/ppp/extra\n",
    files: [{ path: "/etc/ppp/extra", data: "per-run file\n", mode: 0o600 }],
    timeoutSec: 20,
  });
  guest.stream.resume(); // nothing is expected on ttyS1; keep it drained
  const ready = await guest.waitForConsole(/^GUEST-READY uptime=(\d+\.\d+)/m);
  assert.ok(Number(ready[1]) > 0);
  const status = await guest.exitStatus;
  const log = guest.consoleLog();
  assert.equal(status, 0, log);
  assert.match(log, /^GUEST-READY uptime=\d+\.\d+\r?$/m);
  assert.match(log, /^pppd version 2\.4\.9\r?$/m);
  for (const module of ["ppp_async", "ppp_generic", "slhc"]) assert.match(log, new RegExp(`^${module}\\r?$`, "m"), log);
  assert.match(log, /^per-run file\r?$/m, "files of the per-run archive arrive");
  assert.match(log, /^-rw------- .* \/etc\/ppp\/extra\r?$/m, "with their modes");
  assert.match(log, /^EXIT=0\r?$/m);
});

test("kill_ends_qemu_at_once_and_removes_the_runs_files", { timeout: INTEROP_TEST_TIMEOUT_MS }, async (t) => {
  if (!requireGuest(t)) return;
  const guest = await startGuest({ command: "sleep 60\n", timeoutSec: 60 });
  assert.ok(existsSync(guest.workDir));
  const pid = guest.qemuPid();
  assert.ok(pid !== null, "QEMU wrote its pidfile");
  guest.kill();
  assert.equal(await guest.exitStatus, EXIT_HARNESS, "no EXIT= line: the harness ended the run");
  assert.equal(existsSync(guest.workDir), false);
  assert.throws(() => process.kill(pid, 0), /ESRCH/, "QEMU is gone");
  guest.kill(); // a second kill is harmless
});
