// The interop guest boots, loads the PPP modules and runs pppd 2.4.9 (QEMU, TCG).

import { test } from "node:test";
import assert from "node:assert/strict";
import { requireGuest, startGuest } from "./support/guest.ts";

test("guest_boots_loads_ppp_modules_and_runs_pppd_version", { timeout: 120_000 }, async (t) => {
  if (!requireGuest(t)) return;
  const guest = await startGuest({ command: "pppd --version 2>&1\ncat /proc/modules | cut -d' ' -f1\n", timeoutSec: 20 });
  guest.stream.resume(); // nothing is expected on ttyS1; keep it drained
  const status = await guest.exitStatus;
  const log = guest.consoleLog();
  assert.equal(status, 0, log);
  assert.match(log, /^GUEST-READY uptime=\d+\.\d+\r?$/m);
  assert.match(log, /^pppd version 2\.4\.9\r?$/m);
  for (const module of ["ppp_async", "ppp_generic", "slhc"]) assert.match(log, new RegExp(`^${module}\\r?$`, "m"), log);
  assert.match(log, /^EXIT=0\r?$/m);
});

test("guest_reports_the_commands_exit_status", { timeout: 120_000 }, async (t) => {
  if (!requireGuest(t)) return;
  const guest = await startGuest({ command: "cat /etc/ppp/extra\nexit 7\n", files: [{ path: "/etc/ppp/extra", data: "per-run file\n" }], timeoutSec: 20 });
  guest.stream.resume();
  assert.equal(await guest.exitStatus, 7);
  assert.match(guest.consoleLog(), /^per-run file\r?$/m);
});
