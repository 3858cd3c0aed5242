// Two real pppds (server on ttyS2, client on ttyS1) talk through the test, which relays and
// records every byte: LCP, PAP, IPCP and the hang-up as pppd 2.4.9 does them. tshark decodes
// the capture cleanly, and the frames are kept as a golden session for the PPP engine.
//
// DIALBACK_UPDATE_FIXTURES=1 rewrites tests/fixtures/pppd/pap-session.txt from this run.

import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { SystemClock } from "../../host/core/clock.ts";
import { LineCapture } from "../../host/trace/capture.ts";
import { splitFrame } from "../../host/trace/frame-summary.ts";
import { Direction } from "../../host/trace/pcap.ts";
import { requireProgram } from "../support/external.ts";
import { assertNoExpertErrors, assertNoMalformed, tsharkSummary } from "../support/tshark.ts";
import { INTEROP_TEST_TIMEOUT_MS, requireGuest, startGuest } from "./support/guest.ts";

const FIXTURE = fileURLToPath(new URL("../fixtures/pppd/pap-session.txt", import.meta.url));
const SECRETS = 'cli srv "s3cret" *\n';
// The server starts first: bytes reaching a port before pppd opens it are lost.
const SESSION = `
pppd /dev/ttyS2 115200 local nodetach debug linkname srv name srv auth require-pap 192.0.2.1:192.0.2.2 noccp novj noipv6 &
server=$!
sleep 1
pppd /dev/ttyS1 115200 local updetach debug linkname cli noauth user cli remotename srv noccp novj noipv6 || exit $?
ip -4 addr show
client=$(head -n 1 /run/ppp-cli.pid) # pppd writes its pid, then the interface name
kill "$client"
while kill -0 "$client" 2>/dev/null; do sleep 0.2; done
wait "$server"
echo "SERVER-EXIT=$?"
`;

/** "I"/"O" (client→server / server→client) protocol and code of each frame, repeats merged. */
function exchange(frames: { direction: Direction; frame: Uint8Array }[], direction: Direction): string[] {
  const out: string[] = [];
  for (const f of frames.filter((x) => x.direction === direction)) {
    const parts = splitFrame(f.frame);
    assert.ok(parts, "frame has a protocol");
    const step = `${parts.protocol.toString(16)}:${parts.info[0]}`;
    if (out.at(-1) !== step) out.push(step);
  }
  return out;
}

test("two_real_pppds_complete_lcp_pap_ipcp_and_hang_up_through_the_relay", { timeout: INTEROP_TEST_TIMEOUT_MS }, async (t) => {
  if (!requireGuest(t) || !requireProgram(t, "tshark", "tshark")) return;
  const capture = new LineCapture({ clock: new SystemClock() });
  const guest = await startGuest({
    command: SESSION,
    files: [
      { path: "/etc/ppp/pap-secrets", data: SECRETS, mode: 0o600 },
      { path: "/etc/ppp/chap-secrets", data: SECRETS, mode: 0o600 },
    ],
    timeoutSec: 40,
    serialPorts: 2,
  });
  const [client, server] = guest.streams;
  // Seen from the server's side, which is where dialback will stand. Each side gets bytes
  // only once it has sent its own first frame: until pppd has opened its port and set it
  // raw, the guest's tty echoes what arrives, and the echo would go to the other pppd.
  const relay = (from: typeof client, to: typeof client, record: (bytes: Buffer) => void) => {
    const held: Buffer[] = [];
    let toReady = false;
    to.once("data", () => {
      toReady = true;
      for (const bytes of held.splice(0)) to.write(bytes);
    });
    from.on("data", (bytes: Buffer) => {
      record(bytes);
      if (toReady) to.write(bytes);
      else held.push(bytes);
    });
  };
  relay(client, server, (bytes) => capture.received(bytes));
  relay(server, client, (bytes) => capture.sent(bytes));
  const status = await guest.exitStatus;
  capture.finish();
  const log = guest.consoleLog();
  assert.equal(status, 0, log);
  assert.match(log, /PAP authentication succeeded/);
  // Both pppds write to the one console, so their lines may interleave mid-line.
  assert.match(log, /local {2}IP address 192\.0\.2\.2/);
  assert.match(log, /remote IP address 192\.0\.2\.1/);
  assert.match(log, /LCP terminated by peer \(User request\)/);
  assert.match(log, /^SERVER-EXIT=\d+\r?$/m);
  assert.deepEqual(capture.issues, [], capture.lines().join("\n"));

  const lines = capture.lines().map((l) => l.replace(/^\S+ /, ""));
  const steps = ["I LCP CONFREQ", "O LCP CONFACK", "I PAP AUTH-REQ", "O PAP AUTH-ACK", "I IPCP CONFREQ", "O IPCP CONFACK", "I LCP TERMREQ", "O LCP TERMACK"];
  for (const expected of steps) {
    assert.ok(lines.some((l) => l.startsWith(expected)), `${expected} missing from:\n${lines.join("\n")}`);
  }

  const dir = mkdtempSync(join(tmpdir(), "dialback-pcap-"));
  try {
    const file = join(dir, "pap-session.pcap");
    capture.pcap.save(file);
    assertNoMalformed(file);
    assertNoExpertErrors(file);
    const infos = tsharkSummary(file).map((l) => l.split("\t")[1]);
    for (const info of ["Authenticate-Request", "Authenticate-Ack", "Termination Request", "Termination Ack"]) {
      assert.ok(infos.some((i) => i.includes(info)), `${info} not in tshark's summary:\n${infos.join("\n")}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const live = capture.frames.map((f) => `${f.direction === Direction.Sent ? "O" : "I"} ${Buffer.from(f.frame).toString("hex")}`);
  if (process.env.DIALBACK_UPDATE_FIXTURES === "1") writeFileSync(FIXTURE, `${live.join("\n")}\n`);
  // The golden session follows the same steps each way (magic numbers and timing aside).
  assert.ok(existsSync(FIXTURE), "tests/fixtures/pppd/pap-session.txt exists (DIALBACK_UPDATE_FIXTURES=1 writes it)");
  const golden = readFileSync(FIXTURE, "utf8").trim().split("\n").map((line) => {
    const [dir, hex] = line.split(" ");
    return { direction: dir === "O" ? Direction.Sent : Direction.Received, frame: Buffer.from(hex, "hex") };
  });
  for (const direction of [Direction.Received, Direction.Sent]) {
    assert.deepEqual(exchange(capture.frames, direction), exchange(golden, direction));
  }
});
