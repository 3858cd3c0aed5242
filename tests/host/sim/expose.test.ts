import { test } from "node:test";
import assert from "node:assert/strict";
import { connect } from "node:net";
import { once } from "node:events";
import { expose, parseExposeSpec, ExposeError } from "../../../host/sim/expose.ts";
import { RealTimeDriver } from "../../../host/sim/realtime.ts";
import { SimWorld } from "../../../host/sim/world.ts";
import { waitFor } from "../../support/pty-chat.ts";

test("expose specs parse, bad ones are refused with the forms", () => {
  assert.deepEqual(parseExposeSpec("5551001=pty:modem1"), { number: "5551001", kind: "pty", path: "modem1" });
  assert.deepEqual(parseExposeSpec("5551001=tcp:4001"), { number: "5551001", kind: "tcp", port: 4001 });
  for (const bad of ["5551001", "abc=tcp:1", "1=tcp:0", "1=tcp:x", "1=serial:/dev/x"]) assert.throws(() => parseExposeSpec(bad), ExposeError, bad);
});

test("a modem exposed on a TCP port dials through the network in real time; closing hangs up", async () => {
  const world = new SimWorld(1, { setupDelayMs: 50, ringCadenceMs: 300, ringOnMs: 100, trainingMs: 50 });
  const far = world.farEnd({ number: "5550100", behaviour: "answer", maxRate: 33600 });
  const realtime = new RealTimeDriver(world.scheduler);
  const exposure = await expose({ number: "5551001", kind: "tcp", port: 0 }, world.lineModem("5551001"), () => realtime.kick());
  realtime.start();
  const socket = connect(exposure.port!, "127.0.0.1");
  try {
    await once(socket, "connect");
    let text = "";
    socket.on("data", (d: Buffer) => (text += d.toString("latin1")));
    socket.write("ATE0DT5550100\r");
    await waitFor(() => text.includes("CONNECT"), 10_000, `CONNECT, got ${JSON.stringify(text)}`);
    assert.match(text, /\r\nCONNECT 33600\r\n/);
    assert.ok(far.activeCall);
    socket.destroy();
    await waitFor(() => far.activeCall === null, 5000, "the far end to see the hang-up");
  } finally {
    socket.destroy();
    realtime.stop();
    await exposure.close();
  }
});
