// The systemd unit a Pi installs (boards/rpi/dialback.service): systemd itself must accept it,
// it runs as the unprivileged `dialback` user with the serial devices' group, reloads by SIGHUP,
// stops by SIGTERM, finds /etc/dialback, and keeps systemd's hardening without closing the
// devices dialback needs (/dev/tty*, /dev/net/tun).

import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT } from "../../support/cli.ts";
import { requireProgram } from "../../support/external.ts";

const UNIT = join(ROOT, "boards/rpi/dialback.service");
/** systemd-analyze security rates 0 (locked down) to 10; below 4 it says OK or better. */
const MOST_EXPOSURE = 4;

/** The [Service] section's settings (a key given twice keeps the last, as systemd does). */
function serviceSettings(text: string): Map<string, string> {
  const out = new Map<string, string>();
  let section = "";
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    const header = /^\[(.+)\]$/.exec(line);
    if (header) section = header[1];
    else if (section === "Service") {
      const at = line.indexOf("=");
      out.set(line.slice(0, at), line.slice(at + 1));
    }
  }
  return out;
}

test("the unit: dialback user in dialout, SIGHUP reload, SIGTERM stop, /etc/dialback, hardening that keeps the devices", () => {
  const s = serviceSettings(readFileSync(UNIT, "utf8"));
  assert.equal(s.get("User"), "dialback");
  assert.equal(s.get("SupplementaryGroups"), "dialout");
  assert.match(s.get("ExecStart") ?? "", /\bdialback run$/);
  assert.equal(s.get("ExecReload"), "/bin/kill -HUP $MAINPID");
  assert.equal(s.get("KillSignal"), "SIGTERM");
  assert.equal(s.get("ConfigurationDirectory"), "dialback");
  assert.equal(s.get("SyslogLevelPrefix"), "yes", "the <N> severity prefix goes to journald");
  for (const [key, value] of [
    ["NoNewPrivileges", "yes"],
    ["ProtectSystem", "strict"],
    ["ProtectHome", "yes"],
    ["PrivateTmp", "yes"],
    ["CapabilityBoundingSet", "CAP_NET_ADMIN"],
  ]) {
    assert.equal(s.get(key), value, key);
  }
  // Each of these would hide /dev/ttyAMA0 or /dev/net/tun from the service.
  for (const closing of ["PrivateDevices", "DevicePolicy", "DeviceAllow", "ProtectClock", "PrivateNetwork"]) {
    assert.ok(!s.has(closing) || s.get(closing) === "no", `${closing} closes the device list`);
  }
});

test("systemd-analyze accepts the unit and rates its exposure OK", (t) => {
  if (!requireProgram(t, "systemd-analyze", "systemd")) return;
  const dir = mkdtempSync(join(tmpdir(), "dialback-unit-"));
  try {
    const unit = join(dir, "dialback.service");
    copyFileSync(UNIT, unit);
    const verify = spawnSync("systemd-analyze", ["verify", unit], { encoding: "utf8" });
    const ours = `${verify.stdout}${verify.stderr}`.split("\n").filter((l) => l.includes("dialback.service"));
    assert.deepEqual(ours, [], `systemd-analyze verify:\n${verify.stdout}${verify.stderr}`);
    const security = spawnSync("systemd-analyze", ["security", "--offline=yes", unit], { encoding: "utf8" });
    const level = /Overall exposure level for dialback\.service: ([\d.]+)/.exec(security.stdout);
    assert.ok(level, `systemd-analyze security:\n${security.stdout}${security.stderr}`);
    assert.ok(Number(level[1]) < MOST_EXPOSURE, `exposure ${level[1]}:\n${security.stdout}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
