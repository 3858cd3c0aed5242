// The interop guest boots, loads the PPP modules and runs pppd 2.4.9 (QEMU, TCG).

import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { EXIT_HARNESS, INTEROP_TEST_TIMEOUT_MS, requireGuest, startGuest } from "./support/guest.ts";

test("guest_boots_loads_ppp_modules_and_runs_pppd_version", { timeout: INTEROP_TEST_TIMEOUT_MS }, async (t) => {
  if (!requireGuest(t)) return;
  const guest = await startGuest({ command: "pppd --version 2>&1\ncat /proc/modules | cut -d' ' -f1\n", timeoutSec: 20 });
  guest.stream.resume(); // nothing is expected on ttyS1; keep it drained
  const ready = await guest.waitForConsole(/^GUEST-READY uptime=(\d+\.\d+)/m);
  assert.ok(Number(ready[1]) > 0);
  const status = await guest.exitStatus;
  const log = guest.consoleLog();
  assert.equal(status, 0, log);
  assert.match(log, /^GUEST-READY uptime=\d+\.\d+\r?$/m);
  assert.match(log, /^pppd version 2\.4\.9\r?$/m);
  for (const module of ["ppp_async", "ppp_generic", "slhc"]) assert.match(log, new RegExp(`^${module}\\r?$`, "m"), log);
  assert.match(log, /^EXIT=0\r?$/m);
});

test("per_run_files_arrive_and_a_command_over_its_limit_is_stopped_with_143", { timeout: INTEROP_TEST_TIMEOUT_MS }, async (t) => {
  if (!requireGuest(t)) return;
  const guest = await startGuest({
    command: "cat /etc/ppp/extra\nls -l /etc/ppp/extra\nsleep 60\n",
    files: [{ path: "/etc/ppp/extra", data: "per-run file\n", mode: 0o600 }],
    timeoutSec: 2,
  });
  guest.stream.resume();
  // busybox timeout stops the command with SIGTERM: 128 + 15.
  assert.equal(await guest.exitStatus, 143, guest.consoleLog());
  assert.match(guest.consoleLog(), /^per-run file\r?$/m);
  assert.match(guest.consoleLog(), /^-rw------- .* \/etc\/ppp\/extra\r?$/m);
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
