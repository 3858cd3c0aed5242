// `dialback run` with TACACS+ for logins, authorization and accounting (RFC 8907 §7): an EXEC
// callback through a modem on the simulated telephone network gives a START and a STOP for each
// leg, with task_id, elapsed_time, service, the callback number and the reason the leg ended.

import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TacacsFixture } from "../../support/tacacs-fixture.ts";
import { dialbackStarted, freePort } from "../../support/cli.ts";
import { stop, waitFor } from "../../support/pty-chat.ts";
import { callAndComeBack } from "../../support/exec-callback-caller.ts";
import { TACACS_ACCT_FLAG_START, TACACS_ACCT_FLAG_STOP, TACACS_AUTHOR_STATUS_PASS_ADD } from "../../../host/aaa/tacacs-codec.ts";

test("dialback run accounts both legs of an exec callback to its tacacs_plus server", async () => {
  const tacacs = await TacacsFixture.start({
    key: "tk-9",
    users: { carol: "c4rol" },
    authorize: () => ({ status: TACACS_AUTHOR_STATUS_PASS_ADD, args: ["callback-dialstring=5559003"] }),
  });
  const cfg = join(mkdtempSync(join(tmpdir(), "dialback-tacacs-acct-")), "gw.cfg");
  writeFileSync(
    cfg,
    [
      "hostname gw",
      "service exec-callback",
      'chat-script dial ABORT ERROR ABORT BUSY "" "ATZ" OK "ATDT \\T" TIMEOUT 40 CONNECT \\c',
      "aaa new-model",
      "aaa authentication login default group tacacs+",
      "aaa authorization exec default group tacacs+",
      "aaa accounting exec default start-stop group tacacs+",
      `tacacs-server host 127.0.0.1 port ${tacacs.port} key tk-9`,
      "line 1 4",
      " login authentication default",
      " modem InOut",
      " script callback dial",
      "",
    ].join("\n"),
  );
  const port = await freePort();
  const board = ["--board", "boards/sim/default.json", "--expose", `5559003=tcp:${port}`];
  const { child, out } = await dialbackStarted(["run", "--config", cfg, ...board, "--duration", "120"]);
  try {
    await callAndComeBack(port, "5551004", "carol", "c4rol");
    const records = () => tacacs.sessions.flatMap((s) => (s.accounting ? [s.accounting] : []));
    await waitFor(() => records().length >= 4, 20_000, `four accounting records: ${out()}`);
    const r = records();
    const explain = `${out()}\n${JSON.stringify(r.map((x) => [x.flags, x.args]), null, 1)}`;
    assert.deepEqual(r.map((x) => x.flags), [TACACS_ACCT_FLAG_START, TACACS_ACCT_FLAG_STOP, TACACS_ACCT_FLAG_START, TACACS_ACCT_FLAG_STOP], explain);
    assert.ok(r.every((x) => Buffer.from(x.user).toString() === "carol" && Buffer.from(x.port).toString() === "tty4"), explain);
    assert.ok(r.every((x) => x.pairs.service === "shell"), explain);
    const [first, firstStop, leg, legStop] = r.map((x) => x.pairs);
    assert.equal(firstStop.task_id, first.task_id, "START and STOP of a leg share task_id (RFC 8907 §8.3)");
    assert.equal(legStop.task_id, leg.task_id);
    assert.notEqual(leg.task_id, first.task_id, "a task_id per leg");
    assert.equal(leg.task_id.replace(/-\d+$/, ""), first.task_id.replace(/-\d+$/, ""), "both legs carry the callback id");
    assert.equal(firstStop.reason, "callback", explain);
    assert.equal(legStop.reason, "user-request", explain);
    assert.ok(firstStop.elapsed_time !== undefined && legStop.elapsed_time !== undefined && first.elapsed_time === undefined, explain);
    assert.ok(Number(legStop.bytes_in) >= "exit\r".length, explain);
    assert.equal(first["callback-dialstring"], undefined, "the first START is made before the callback is asked for");
    assert.ok([firstStop, leg, legStop].every((p) => p["callback-dialstring"] === "5559003"), explain);
    assert.match(out(), /accounting \[\d+\]: Stop carol exec TTY4 leg 1 \(Callback, \d+ s\)/);
    assert.equal(/c4rol|tk-9/.test(out()), false, "no password or key in the output");
  } finally {
    await stop(child);
    await tacacs.close();
  }
});
