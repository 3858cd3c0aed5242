// Server groups against a real FreeRADIUS 3.2: a group whose first server is silent gets its
// answer from FreeRADIUS second, and `deadtime` spares the next check the wait; a group whose
// key FreeRADIUS does not share is refused, the log naming the server.

import { test, type TestContext } from "node:test";
import assert from "node:assert/strict";
import { createSocket } from "node:dgram";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { requireProgram } from "../support/external.ts";
import { compileConfig } from "../../host/config/compile.ts";
import { aaaPlan } from "../../host/aaa/from-config.ts";
import { aaaClients } from "../../host/aaa/aaa-clients.ts";
import { FREERADIUS_SECRET, freeUdpPort, startFreeradius, stopFreeradius, waitForLog, writeRaddb } from "./support/freeradius.ts";

const USERS = `cbuser  Cleartext-Password := "s3cret"
        Service-Type = Callback-Framed-User,
        Callback-Number = "5551234"

`;
const password = Uint8Array.from(Buffer.from("s3cret"));

test("a_silent_first_server_passes_to_freeradius_deadtime_skips_it_and_a_wrong_key_is_refused_naming_the_server", async (t: TestContext) => {
  if (!requireProgram(t, "freeradius", "freeradius freeradius-utils")) return;
  const dir = mkdtempSync(join(tmpdir(), "dialback-failover-"));
  const port = await freeUdpPort();
  const server = await startFreeradius(writeRaddb(dir, { authPort: port, users: USERS }));
  // The silent server: a socket that takes every datagram and answers none.
  const silent = createSocket("udp4");
  let heard = 0;
  silent.on("message", () => heard++);
  await new Promise<void>((resolve) => silent.bind(0, "127.0.0.1", resolve));
  const quiet = silent.address().port;
  const cfg = [
    "aaa new-model",
    "aaa group server radius ISP",
    ` server-private 127.0.0.1 auth-port ${quiet} acct-port ${quiet} key ${FREERADIUS_SECRET}`,
    ` server-private 127.0.0.1 auth-port ${port} acct-port ${port} key ${FREERADIUS_SECRET}`,
    " deadtime 1",
    "aaa group server radius OTHERKEY",
    ` server-private 127.0.0.1 auth-port ${port} acct-port ${port} key not-${FREERADIUS_SECRET}`,
    "aaa authentication ppp default group ISP",
    "aaa authentication login default group OTHERKEY",
    "radius-server timeout 1",
    "radius-server retransmit 1",
    "",
  ].join("\n");
  const compiled = compileConfig(cfg, "groups.cfg");
  assert.deepEqual(compiled.diagnostics.filter((d) => d.severity === "error"), []);
  const model = compiled.model;
  const plan = aaaPlan(model);
  const log: string[] = [];
  const clients = aaaClients(plan, { users: model.users, enable: model.enable, lines: model.lines }, { log: (l) => log.push(l) });
  try {
    const first = await clients.ppp!.authenticate({ kind: "pap", line: 7, user: "cbuser", password });
    assert.equal(first.verdict, "accept", `${JSON.stringify(first)}\n${log.join("\n")}`);
    assert.equal(first.verdict === "accept" ? first.callback?.dialstring : null, "5551234");
    assert.equal(heard, 2, "the silent server was asked twice (retransmit 1)");
    const text = () => log.join("\n");
    assert.match(text(), new RegExp(`RADIUS 127\\.0\\.0\\.1:${quiet}: no answer after 2 transmission\\(s\\) for cbuser`));
    assert.match(text(), new RegExp(`RADIUS 127\\.0\\.0\\.1:${quiet} marked dead for 1 min`));
    const started = Date.now();
    const second = await clients.ppp!.authenticate({ kind: "pap", line: 8, user: "cbuser", password });
    assert.equal(second.verdict, "accept", text());
    assert.equal(heard, 2, "within the dead time the silent server is skipped");
    assert.ok(Date.now() - started < 1000, `FreeRADIUS answered at once: ${Date.now() - started} ms`);

    const wrong = await clients.login!.authenticate({ kind: "login", line: 4, user: "cbuser", password });
    assert.equal(wrong.verdict, "error", text());
    assert.match(text(), new RegExp(`RADIUS 127\\.0\\.0\\.1:${port}: no answer after 2 transmission\\(s\\) for cbuser`), "the log names the server");
    await waitForLog(server, /Shared secret is incorrect/);
    assert.equal(text().includes(FREERADIUS_SECRET), false, "no key in the log");
  } finally {
    clients.close();
    silent.close();
    await stopFreeradius(server);
    rmSync(dir, { recursive: true, force: true });
  }
});
