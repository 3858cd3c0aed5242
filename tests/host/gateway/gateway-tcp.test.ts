// dialback-gateway, the board host in C, on TCP lines: a person logs in at a terminal; the
// core's own PPP client (a Node core in client role) brings a session up through the gateway
// and its pings are answered; SIGTERM hangs every line up and exits 0; the log names the
// callback id of each step and never a password.

import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Core } from "../../../host/core/core.ts";
import { EventKind } from "../../../host/core/abi.ts";
import { DEFAULT_SYSTEM, imageForLines } from "../../../host/image/writer.ts";
import { hdlcFrame } from "../../support/hdlc.ts";
import { Auth, decodePppEvent, entropyPush, ipPush, ipv4, pppOpen, PppRole } from "../../../host/core/ppp.ts";
import { internetChecksum } from "../../../host/net/icmp-echo.ts";
import { buildProgram, freePort, Gateway, imageFile, TcpTerminal } from "../../support/gateway.ts";

const CONFIG = `hostname board
username ted password tedpw
username pat password patpw
interface async 2
 ip address 10.9.0.1 255.255.255.0
 encapsulation ppp
 async default ip address 10.9.0.2
 async mode interactive
 ppp authentication pap
line 1
 login local
line 2
 login local
 autoselect ppp
`;

function echoRequest(from: string, to: string, sequence: number): Uint8Array {
  const d = new Uint8Array(20 + 8 + 32);
  const v = new DataView(d.buffer);
  d[0] = 0x45;
  v.setUint16(2, d.length);
  d[8] = 64;
  d[9] = 1;
  v.setUint32(12, ipv4(from));
  v.setUint32(16, ipv4(to));
  v.setUint16(10, internetChecksum(d.subarray(0, 20)));
  d[20] = 8;
  v.setUint16(24, 0x1234);
  v.setUint16(26, sequence);
  d.fill(0x61, 28);
  v.setUint16(22, internetChecksum(d.subarray(20)));
  return d;
}

test("dialback-gateway on TCP lines: a terminal login, a PPP session from the core's own client with answered pings, SIGTERM", async (t) => {
  const gateway = buildProgram(t, "gateway");
  if (!gateway) return;
  const dir = mkdtempSync(join(tmpdir(), "dialback-gateway-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const image = imageFile(dir, "tcp", CONFIG);
  const [p1, p2] = [await freePort(), await freePort()];
  const g = await Gateway.start(gateway, ["--image", image, "--line", `1=tcp:${p1}`, "--line", `2=tcp:${p2}`]);
  t.after(() => g.stop("SIGKILL"));

  // A terminal login on line 1.
  const term = await TcpTerminal.connect(p1);
  term.type("\r");
  await term.expect("Username: ");
  term.type("ted\r");
  await term.expect("Password: ");
  term.type("tedpw\r");
  await term.expect("board>");
  term.type("show users\r");
  assert.match(await term.expect(/board>$/), /\*\s+1 tty 1\s+ted/);
  term.type("exit\r");
  await term.waitClosed();
  await g.waitFor(/TTY1: \[1\] hang-up -> idle/);

  // The core's own PPP client on line 2, in real time over the TCP connection.
  const client = await Core.load();
  client.init(imageForLines([1]));
  entropyPush(client, Buffer.from("gateway test client seed......."));
  const conn = await TcpTerminal.connect(p2);
  const start = Date.now();
  client.tick(0);
  assert.equal(pppOpen(client, 1, PppRole.Client, { auth: Auth.PAP, user: "pat", secret: "patpw" }), 0);
  let ours = "";
  let server = "";
  let echoes = 0;
  const pump = () => {
    client.tick(Date.now() - start);
    if (conn.screen.length) {
      const bytes = Buffer.from(conn.screen, "latin1");
      conn.screen = "";
      for (let at = 0; at < bytes.length; ) {
        at += client.rxPush(1, bytes.subarray(at));
        drain();
      }
    }
    drain();
    const out = client.txDrain(1);
    if (out.length) conn.type(out);
  };
  const drain = () => {
    for (const e of client.drainEvents()) {
      const p = decodePppEvent(e);
      if (p?.type === "ipcpUp") [ours, server] = [p.ourAddress, p.peerAddress];
      if (e.kind === EventKind.IpDatagram && e.data[9] === 1 && e.data[20] === 0) echoes++;
    }
  };
  for (const end = Date.now() + 15_000; !ours && Date.now() < end; await new Promise((r) => setTimeout(r, 10))) pump();
  assert.equal(ours, "10.9.0.2", `IPCP up with the interface's address; log:\n${g.log}`);
  assert.equal(server, "10.9.0.1", "the server's end is the interface's own address");
  for (let i = 0; i < 3; i++) assert.equal(ipPush(client, 1, echoRequest(ours, server, i)), true);
  for (const end = Date.now() + 10_000; echoes < 3 && Date.now() < end; await new Promise((r) => setTimeout(r, 10))) pump();
  assert.equal(echoes, 3, "three echo replies from the gateway");
  // A burst far larger than the core's receive window arrives in one read: the gateway keeps
  // what the core has not taken yet and offers it again; every request is answered.
  const burst: Uint8Array[] = [];
  for (let i = 0; i < 200; i++) {
    assert.equal(ipPush(client, 1, echoRequest(ours, server, 100 + i)), true);
    burst.push(client.txDrain(1));
  }
  conn.type(Buffer.concat(burst));
  for (const end = Date.now() + 15_000; echoes < 203 && Date.now() < end; await new Promise((r) => setTimeout(r, 10))) pump();
  assert.equal(echoes, 203, "every request of the burst answered");
  await g.waitFor(/TTY2: \[2\] PPP peer authenticated as pat \(PAP\)/);
  await g.waitFor(/TTY2: \[2\] IPCP up: /);

  // SIGTERM: every line hung up (the PPP call's connection is closed), exit 0, a memory report.
  assert.equal(await g.stop("SIGTERM"), 0, g.log);
  await conn.waitClosed();
  assert.match(g.log, /stopping: hanging up every line/);
  assert.match(g.log, /memory: module memory 3932160 bytes \(60 pages\).* heap peak \d+ bytes, peak resident \d+ kB/);
  assert.match(g.log, /^<190>\w{3} [ \d]\d \d\d:\d\d:\d\d \S+ dialback-gateway\[\d+\]: TTY1: login ok, user ted$/m, "syslog-style lines");
  for (const secret of ["tedpw", "patpw"]) assert.ok(!g.log.includes(secret), `${secret} is never logged`);
});

test("dialback-gateway: SIGHUP hangs up and loads the image again, keeping the old one when the new one is refused; AAA servers named", async (t) => {
  const gateway = buildProgram(t, "gateway");
  if (!gateway) return;
  const dir = mkdtempSync(join(tmpdir(), "dialback-gateway-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const aaa = "aaa new-model\naaa authentication login default group radius local\nradius-server host 127.0.0.1 key k3y\n";
  const image = imageFile(dir, "reload", `hostname first\n${aaa}username ted password tedpw\nline 1\n login local\n`);
  const port = await freePort();
  const g = await Gateway.start(gateway, ["--image", image, "--line", `1=tcp:${port}`]);
  t.after(() => g.stop("SIGKILL"));
  assert.match(g.log, /the image names RADIUS or TACACS\+ servers; this gateway has no AAA client: local users only/);
  const login = async (prompt: string) => {
    const term = await TcpTerminal.connect(port);
    term.type("\r");
    await term.expect("Username: ");
    term.type("ted\r");
    await term.expect("Password: ");
    term.type("tedpw\r");
    await term.expect(prompt);
    return term;
  };
  const held = await login("first>");
  // A new image: the call is hung up, the next call sees the new hostname.
  writeFileSync(image, readFileSync(imageFile(dir, "second", "hostname second\nusername ted password tedpw\nline 1\n login local\n")));
  g.child.kill("SIGHUP");
  await held.waitClosed();
  await g.waitFor(/SIGHUP: hanging up every line and loading .*reload\.img again/);
  (await login("second>")).close();
  // A damaged image: refused, the one before stays.
  writeFileSync(image, Buffer.alloc(64, "not an image "));
  g.child.kill("SIGHUP");
  await g.waitFor(/reload\.img: core refused the image: BadMagic \(not a dialback image\)/);
  await g.waitFor(/keeping the image loaded before/);
  (await login("second>")).close();
  assert.equal(await g.stop("SIGINT"), 0, g.log);
});

test("dialback-gateway keeps what the core refuses (a full event ring) and offers it again: no frame lost", async (t) => {
  const gateway = buildProgram(t, "gateway");
  if (!gateway) return;
  const dir = mkdtempSync(join(tmpdir(), "dialback-gateway-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  // 16 event slots: 300 frames in one burst overrun them unless the host drains and offers the rest again.
  const image = join(dir, "small-ring.img");
  writeFileSync(image, imageForLines([1], { ...DEFAULT_SYSTEM, eventSlots: 16 }));
  const port = await freePort();
  const g = await Gateway.start(gateway, ["--image", image, "--line", `1=tcp:${port}`, "--debug"]);
  t.after(() => g.stop("SIGKILL"));
  const conn = await TcpTerminal.connect(port);
  const confreq = Buffer.from("ff03c021010100140206000000000506c8035b3507020802", "hex");
  conn.type(Buffer.concat(Array.from({ length: 300 }, () => hdlcFrame(confreq))));
  const frames = () => (g.log.match(/TTY1: event 3 args 49185 /g) ?? []).length;
  for (const end = Date.now() + 10_000; frames() < 300 && Date.now() < end; ) await new Promise((r) => setTimeout(r, 20));
  assert.equal(frames(), 300, "every frame reported once");
  assert.ok(!/events? lost/.test(g.log), "no event lost");
  assert.equal(await g.stop(), 0);
});
