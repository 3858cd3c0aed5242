// A line's modem-control mark (a control-line write that failed) is known to every core
// generation: `show line N` runs on the console's core, the newest after a reload.

import { test } from "node:test";
import assert from "node:assert/strict";
import { compileConfig, formatDiagnostics } from "../../../host/config/compile.ts";
import { compileImage } from "../../../host/config/image.ts";
import { Core } from "../../../host/core/core.ts";
import { LineFault } from "../../../host/core/core-enums.ts";
import { CoreSwitch } from "../../../host/run/core-switch.ts";

async function core(): Promise<Core> {
  const r = compileConfig("line 4\n modem InOut\n", "gw.cfg");
  assert.equal(r.ok, true, formatDiagnostics(r).join("\n"));
  const c = await Core.load();
  c.init(compileImage(r.model));
  return c;
}

const MARK = /Modem control: DTR cannot be set: hang-up by \+\+\+\/ATH0 \(for 00:00:0[0-9]\)/;

test("the mark reaches the running core and a core adopted later (a reload), and is cleared", async () => {
  const lines = new CoreSwitch<null>([4]);
  const first = await core();
  lines.adopt(first, null);
  assert.match(first.consoleCommand("show line 4", 1000), /Modem control: no fault/);
  lines.markFault(4, LineFault.DtrNotSet);
  assert.match(first.consoleCommand("show line 4", 3000), MARK);
  const second = await core();
  lines.adopt(second, null);
  assert.match(second.consoleCommand("show line 4", 3000), MARK, "the reloaded core knows the mark");
  lines.markFault(4, LineFault.None); // (the first core, idle, is retired by now)
  assert.match(second.consoleCommand("show line 4", 4000), /Modem control: no fault/);
  assert.match(second.consoleCommand("show line 7", 4000), /% Line 7 is not configured/);
  assert.match(second.consoleCommand("show line 99x", 4000), /% Invalid input detected/);
});
