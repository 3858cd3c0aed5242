// `dialback run` seeds the core from the OS CSPRNG: two runs of the same configuration, each
// met by the same PPP peer on a TCP line, send different LCP Magic-Numbers and CHAP
// challenges. The simulator's --seed replays a run byte for byte, challenges included.

import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connect } from "node:net";
import { once } from "node:events";
import { hdlcFrame } from "../../support/hdlc.ts";
import { stop, waitFor } from "../../support/pty-chat.ts";
import { Deframer } from "../../../host/trace/deframe.ts";
import { dialbackStarted, dialbackSync, freePort } from "../../support/cli.ts";

// pppd's first Configure-Request (magic c8035b35, PFC, ACFC), as in run-cli.test.ts.
const PEER_CONFREQ = Buffer.from("ff03c021010100140206000000000506c8035b3507020802", "hex");

const CONFIG = [
  "hostname gw",
  "username bob password b0b",
  "interface async 4",
  " encapsulation ppp",
  " ppp authentication chap",
  "line 4",
  " autoselect ppp",
  " no flush-at-activation",
  "",
].join("\n");

interface Offer {
  magic: string;
  challenge: string;
}

/** One `dialback run`: a PPP peer on line 4 acks the server's LCP request and reads its CHAP challenge. */
async function runOnce(config: string): Promise<Offer> {
  const port = await freePort();
  const { child, out } = await dialbackStarted(["run", "--config", config, "--line", `4=tcp:${port}`, "--duration", "60"]);
  try {
    const socket = connect(port, "127.0.0.1");
    await once(socket, "connect");
    const packets: { protocol: number; packet: Uint8Array }[] = [];
    const deframer = new Deframer();
    socket.on("data", (d: Buffer) => deframer.push(d, (frame) => packets.push(unframe(frame)), () => {}));
    socket.write(hdlcFrame(PEER_CONFREQ));
    const first = (protocol: number) => packets.find((p) => p.protocol === protocol && p.packet[0] === 1)?.packet;
    await waitFor(() => first(0xc021) !== undefined, 20_000, `the server's LCP Configure-Request: ${out()}`);
    const request = first(0xc021)!;
    // RFC 1661 §5.2: the Configure-Ack repeats the request with code 2.
    socket.write(hdlcFrame(Uint8Array.from([0xff, 0x03, 0xc0, 0x21, 2, ...request.subarray(1)])));
    await waitFor(() => first(0xc223) !== undefined, 20_000, `the CHAP challenge: ${out()}`);
    const challenge = first(0xc223)!;
    socket.destroy();
    // RFC 1994 §4.1: code id length(2) value-size value name.
    return { magic: optionHex(request, 5), challenge: Buffer.from(challenge.subarray(5, 5 + challenge[4])).toString("hex") };
  } finally {
    await stop(child);
  }
}

/** Protocol and packet of a frame, with or without address and control (RFC 1661 §6.6 ACFC). */
function unframe(frame: Uint8Array): { protocol: number; packet: Uint8Array } {
  const at = frame[0] === 0xff && frame[1] === 0x03 ? 2 : 0;
  return { protocol: (frame[at] << 8) | frame[at + 1], packet: frame.subarray(at + 2) };
}

/** The value of LCP option `type` in a Configure-Request (code id len(2) options). */
function optionHex(packet: Uint8Array, type: number): string {
  for (let at = 4; at + 1 < packet.length && packet[at + 1] >= 2; at += packet[at + 1]) {
    if (packet[at] === type) return Buffer.from(packet.subarray(at + 2, at + packet[at + 1])).toString("hex");
  }
  assert.fail(`no LCP option ${type} in ${Buffer.from(packet).toString("hex")}`);
}

test("two dialback runs send different Magic-Numbers and CHAP challenges", async () => {
  const config = join(mkdtempSync(join(tmpdir(), "dialback-entropy-")), "gw.cfg");
  writeFileSync(config, CONFIG);
  const first = await runOnce(config);
  const second = await runOnce(config);
  assert.match(first.magic, /^[0-9a-f]{8}$/);
  assert.equal(first.challenge.length, 32, "a 16-octet challenge");
  assert.notEqual(first.magic, second.magic, "Magic-Number repeated after a restart");
  assert.notEqual(first.challenge, second.challenge, "CHAP challenge repeated after a restart");
});

test("simulate with the same --seed gives the same output and frames, another seed other challenges", () => {
  const dir = mkdtempSync(join(tmpdir(), "dialback-seed-"));
  const config = join(dir, "chap.cfg");
  // The reference's PPP example with CHAP and a callback script, so both legs send challenges.
  const example = readFileSync("tests/fixtures/config/ppp-client.cfg", "utf8").replaceAll("ppp authentication pap", "ppp authentication chap");
  writeFileSync(config, `${example}\nchat-script dial "" ATZ OK "ATDT \\T" TIMEOUT 30 CONNECT \\c\nline 7 9\n script callback dial\n`);
  const scenario = join(dir, "one.json");
  writeFileSync(
    scenario,
    JSON.stringify({ callers: [{ name: "Ted", method: "rfc1570", username: "Ted", password: "Rhoda", phone: "1234567", dials: 7 }] }),
  );
  const pcapFile = join(dir, "run.pcap");
  const simulate = (seed: number) => {
    const r = dialbackSync(["simulate", "--config", config, "--scenario", scenario, "--seed", String(seed), "--debug", "--pcap", pcapFile]);
    assert.equal(r.code, 0, r.stderr);
    return { out: r.stdout, pcap: readFileSync(pcapFile) };
  };
  const a = simulate(5);
  assert.match(a.out, /Callback finished: ok/, a.out);
  assert.match(a.out, /CHAP: O CHALLENGE/, a.out);
  const b = simulate(5);
  assert.equal(a.out, b.out);
  assert.ok(a.pcap.equals(b.pcap), "the same seed gives the same frames, Magic-Numbers included");
  const c = simulate(6);
  assert.ok(!a.pcap.equals(c.pcap), "another seed gives other frames");
});
