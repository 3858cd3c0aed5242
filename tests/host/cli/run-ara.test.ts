import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connect } from "node:net";
import { once } from "node:events";
import { stop, waitFor } from "../../support/pty-chat.ts";
import { dialbackStarted, freePort } from "../../support/cli.ts";
import { Core } from "../../../host/core/core.ts";
import { imageForLines } from "../../../host/image/writer.ts";
import { arapOpen, decodeArapEvent, ArapState, type ArapLineEvent } from "../../../host/core/arap.ts";

// `dialback run` with an ARA line on TCP: a Macintosh's ARA client (a core in the client role,
// MNP and ARAP) connects, autoselect takes its MNP start flag, ARAP authenticates it against
// the local users and the session opens with the `arap network` zone; a wrong password is
// refused. Before ARA was served, such a caller got "ARAP started" and then nothing.

const CONFIG = `hostname gw
arap network 422 router test
username excalibur password guenivere
line 4
 login local
 no flush-at-activation
 autoselect arap
 arap enable
`;

async function araClient(port: number, password: string) {
  const socket = connect(port, "127.0.0.1");
  socket.on("error", () => {}); // the server hangs up as it pleases: the events say why
  await once(socket, "connect");
  const core = await Core.load();
  core.init(imageForLines([1]));
  const started = Date.now();
  const seen: ArapLineEvent[] = [];
  const pump = () => {
    core.tick(Date.now() - started);
    for (const e of core.drainEvents()) {
      const a = decodeArapEvent(e);
      if (a) seen.push(a);
    }
    const out = core.txDrain(1);
    if (out.length && !socket.destroyed) socket.write(out);
  };
  socket.on("data", (d: Buffer) => {
    core.rxPush(1, d);
    pump();
  });
  const timer = setInterval(pump, 20);
  core.tick(0);
  assert.equal(arapOpen(core, 1, { user: "excalibur", password, keyLayout: "as-is" }), 0);
  pump();
  return {
    seen,
    until: (what: string, test: (e: ArapLineEvent) => boolean) => waitFor(() => seen.some(test), 20_000, `${what}: ${JSON.stringify(seen)}`),
    close: () => {
      clearInterval(timer);
      socket.destroy();
    },
  };
}

test("dialback run: an ARA client on a tcp line is authenticated and its session opens; a wrong password is refused", async () => {
  const port = await freePort();
  const file = join(mkdtempSync(join(tmpdir(), "dialback-run-ara-")), "gw.cfg");
  writeFileSync(file, CONFIG);
  const { child, out } = await startRun(["--config", file, "--line", `4=tcp:${port}`, "--duration", "60", "--events"]);
  const clients: { close: () => void }[] = [];
  try {
    const good = await araClient(port, "guenivere");
    clients.push(good);
    await good.until("the session opens", (e) => e.type === "phase" && e.state === ArapState.Open);
    good.close();
    await waitFor(() => /ARAP authenticated excalibur/.test(out()), 20_000, `the server's log: ${out()}`);
    await new Promise((r) => setTimeout(r, 2000)); // the line hangs up and is idle again

    const bad = await araClient(port, "morgana");
    clients.push(bad);
    await bad.until("refused", (e) => e.type === "authFailed");
    await bad.until("closed", (e) => e.type === "linkDown");
    assert.ok(!bad.seen.some((e) => e.type === "phase" && e.state === ArapState.Open), "no session for a wrong password");
    assert.ok(!/guenivere|morgana/.test(out()), "no password in the log");
  } finally {
    for (const c of clients) c.close();
    await stop(child);
  }
});

const startRun = (args: string[]) => dialbackStarted(["run", ...args], "ignore");
