import { test } from "node:test";
import assert from "node:assert/strict";
import { connect, type Socket } from "node:net";
import { once } from "node:events";
import { TcpLineDriver, TcpLineError } from "../../../host/lines/tcp-driver.ts";
import type { LineSignals } from "../../../host/lines/driver.ts";

function nextSignals(d: TcpLineDriver): Promise<LineSignals> {
  return new Promise((resolve) => {
    let done = false;
    d.onSignals((s) => {
      if (!done) {
        done = true;
        resolve(s);
      }
    });
  });
}

async function dial(port: number): Promise<Socket> {
  const s = connect(port, "127.0.0.1");
  await once(s, "connect");
  return s;
}

test("an accepted connection is carrier; bytes cross both ways; its close is carrier loss", async (t) => {
  const d = new TcpLineDriver(0);
  await d.open();
  t.after(() => d.close()); // also when an assertion fails
  assert.equal(d.signals().dcd, false);
  const up = nextSignals(d);
  const client = await dial(d.listeningPort);
  assert.equal((await up).dcd, true);
  const got = new Promise<string>((resolve) => d.onData((b) => resolve(Buffer.from(b).toString())));
  client.write("hello line");
  assert.equal(await got, "hello line");
  const back = once(client, "data");
  d.write(Buffer.from("hello caller"));
  assert.equal(String((await back)[0]), "hello caller");
  const down = nextSignals(d);
  client.end();
  assert.equal((await down).dcd, false);
  await d.close();
});

test("dropping DTR hangs the connection up; with DTR low no call is taken; one call at a time", async (t) => {
  const d = new TcpLineDriver(0);
  await d.open();
  t.after(() => d.close()); // also when an assertion fails
  const up = nextSignals(d);
  const first = await dial(d.listeningPort);
  await up;
  const second = await dial(d.listeningPort);
  await once(second, "close");
  assert.equal(d.signals().dcd, true, "the second caller was refused, the first stays");
  const closed = once(first, "close");
  await d.setOutputs({ dtr: false, rts: true });
  await closed;
  assert.equal(d.signals().dcd, false);
  const third = await dial(d.listeningPort);
  await once(third, "close");
  assert.equal(d.signals().dcd, false, "no carrier while DTR is low");
  await d.close();
});

test("only loopback addresses and real port numbers are accepted", () => {
  assert.throws(() => new TcpLineDriver(4001, "0.0.0.0"), TcpLineError);
  assert.throws(() => new TcpLineDriver(70000), /0-65535/);
});
