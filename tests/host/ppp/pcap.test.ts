import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PppPair } from "../../support/ppp-pair.ts";
import { requireProgram } from "../../support/external.ts";
import { Direction, PcapWriter, LINKTYPE_PPP_WITH_DIR } from "../../../host/trace/pcap.ts";
import { VirtualClock } from "../../../host/core/clock.ts";
import { Auth, authUserAdd, CallbackAccept, CallbackRequest, CbcpType } from "../../../host/core/ppp.ts";

async function capturedCallbackCall(): Promise<PcapWriter> {
  const pair = await PppPair.create();
  authUserAdd(pair.server, "ted", "rhoda");
  pair.open(
    { ourAddress: "10.1.1.1", peerAddress: "10.1.1.2", auth: Auth.CHAP, callback: CallbackAccept.CBCP, cbcpTypes: [CbcpType.UserNumber], capture: true },
    { user: "ted", secret: "rhoda", callback: CallbackRequest.CBCP, number: "5551234", cbcpDelay: 5 },
  );
  pair.run(() => pair.find("server", "linkDown").length > 0);
  const pcap = new PcapWriter({ clock: new VirtualClock() });
  for (const f of pair.frames.filter((f) => f.side === "server")) {
    pcap.add(f.direction === "out" ? Direction.Sent : Direction.Received, f.frame, f.time);
  }
  assert.equal(pair.frames.filter((f) => f.side === "client").length, 0);
  return pcap;
}

test("captured_frames_make_a_pcap_with_a_direction_octet_per_record", async () => {
  const pcap = await capturedCallbackCall();
  const bytes = pcap.toBuffer();
  assert.equal(bytes.readUInt32LE(0), 0xa1b2c3d4);
  assert.equal(bytes.readUInt32LE(20), LINKTYPE_PPP_WITH_DIR);
  // Walk the records: every one starts with 0 or 1 and then FF 03 or a compressed header.
  let at = 24;
  let records = 0;
  const directions = new Set<number>();
  while (at < bytes.length) {
    const len = bytes.readUInt32LE(at + 8);
    directions.add(bytes[at + 16]);
    at += 16 + len;
    records++;
  }
  assert.equal(at, bytes.length);
  assert.equal(records, pcap.frameCount);
  assert.ok(records >= 12, `only ${records} frames`);
  assert.deepEqual([...directions].sort(), [0, 1]);
});

test("tshark_decodes_the_capture_with_no_malformed_packet", async (t) => {
  if (!requireProgram(t, "tshark", "tshark")) return;
  const pcap = await capturedCallbackCall();
  const dir = mkdtempSync(join(tmpdir(), "dialback-pcap-"));
  try {
    const file = join(dir, "callback.pcap");
    writeFileSync(file, pcap.toBuffer());
    const run = (filter: string) => {
      const r = spawnSync("tshark", ["-n", "-r", file, "-Y", filter], { encoding: "utf8", timeout: 60_000 });
      assert.equal(r.status, 0, r.stderr);
      return r.stdout.split("\n").filter((l) => l.trim() !== "").length;
    };
    assert.equal(run("_ws.malformed || _ws.expert.severity >= warning"), 0);
    assert.equal(run("frame"), pcap.frameCount);
    assert.ok(run("lcp") >= 5);
    assert.ok(run("chap") >= 3);
    assert.equal(run("cbcp"), 3);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
