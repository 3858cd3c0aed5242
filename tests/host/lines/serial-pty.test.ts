// The serial driver on a real pty (socat) through serialport's native binding: a pty has
// data but no modem lines, so set()/get() fail and carrier comes from the modem's text.

import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SerialLineDriver } from "../../../host/lines/serial-driver.ts";
import { requireProgram } from "../../support/external.ts";
import { ptyPeer, stop, waitFor } from "../../support/pty-chat.ts";

test("a pty carries data both ways; without modem lines DCD follows CONNECT / NO CARRIER", async (t) => {
  if (!requireProgram(t, "socat", "socat")) return;
  const dir = mkdtempSync(join(tmpdir(), "dialback-pty-"));
  const link = join(dir, "tty");
  const peer = await ptyPeer(link);
  const d = new SerialLineDriver({ path: link, baudRate: 115200, pollMs: 0 });
  try {
    await d.open();
    assert.match(d.controlFault ?? "", /cannot set DTR\/RTS.*hang-ups by \+\+\+ \/ ATH0/);
    let fromPeer = "";
    d.onData((b) => (fromPeer += Buffer.from(b).toString("latin1")));
    let toPeer = "";
    peer.stdout!.on("data", (b: Buffer) => (toPeer += b.toString("latin1")));
    d.write(Buffer.from("ATDT1234567\r"));
    await waitFor(() => toPeer.includes("ATDT1234567\r"), 5000, "bytes to reach the far side");
    peer.stdin!.write("\r\nCONNECT 33600\r\n");
    await waitFor(() => fromPeer.includes("CONNECT 33600"), 5000, "bytes from the far side");
    await d.poll();
    assert.match(d.lastPollError ?? "", /cannot get|ioctl/i);
    assert.equal(d.signals().dcd, true);
    peer.stdin!.write("\r\nNO CARRIER\r\n");
    await waitFor(() => !d.signals().dcd, 5000, "carrier loss from the text");
  } finally {
    await d.close();
    await stop(peer);
    rmSync(dir, { recursive: true, force: true });
  }
});
