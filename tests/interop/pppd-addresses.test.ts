// IPCP addresses against a real pppd 2.4.9 in the guest, the server's lines driven by a
// compiled configuration (autoselect ppp, the line's `interface async N`), not by pppOpen:
// (a) the issue's failure: pppd with its default options (CCP, IPV6CP and VJ offered, no
//     noipdefault) against `ip unnumbered Ethernet0` learns Ethernet0's address as the
//     server's and pings it; IPV6CP and CCP get their Protocol-Reject;
// (b) `peer default ip address pool` and `ppp ipcp dns`: pppd with `usepeerdns` gets the
//     pool's address and writes our DNS servers into /etc/ppp/resolv.conf, and pings us;
// (c) a pool of one address: a second pppd on another line is refused cleanly (a log line,
//     a Terminate-Request saying why, no IPCP), and the address comes back when the first hangs up.
// Every run's pcap is decoded by tshark with no malformed packet and no expert error.

import { test, type TestContext } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Core, type CoreEvent } from "../../host/core/core.ts";
import { EventKind, PoolId, Signal } from "../../host/core/abi.ts";
import { SystemClock } from "../../host/core/clock.ts";
import { decodePppEvent, entropyPush, LinkDownReason, type PppEvent } from "../../host/core/ppp.ts";
import { compileConfig } from "../../host/config/compile.ts";
import { compileImage } from "../../host/config/image.ts";
import { PingResponder } from "../../host/net/ping-responder.ts";
import { LineCapture } from "../../host/trace/capture.ts";
import { requireProgram } from "../support/external.ts";
import { assertNoExpertErrors, assertNoMalformed, tsharkSummary } from "../support/tshark.ts";
import { INTEROP_TEST_TIMEOUT_MS, requireGuest, shellQuote, startGuest } from "./support/guest.ts";
import { linkCoreLine, type CoreLink } from "./support/core-link.ts";
import { FIXED_ENTROPY } from "./support/ppp-session.ts";

const SERVER = "192.0.2.1";
const DNS = ["192.0.2.53", "192.0.2.54"];

/** The access server: Ethernet0's address lent to the async interfaces, PAP, lines 1 and 2. */
function configText(peer: string): string {
  return [
    "hostname srv",
    "username cli password s3cret",
    "ip local pool dialin 192.0.2.10 192.0.2.10",
    "interface Ethernet0",
    ` ip address ${SERVER} 255.255.255.0`,
    "interface Group-Async1",
    " group-range 1 2",
    " ip unnumbered Ethernet0",
    " encapsulation ppp",
    ` ${peer}`,
    ` ppp ipcp dns ${DNS.join(" ")}`,
    " ppp ipcp wins 192.0.2.55",
    " ppp authentication pap",
    "line 1 2",
    " autoselect ppp",
    " modem InOut",
    "",
  ].join("\n");
}

// pppd as a user runs it: its defaults, a PAP user, no authentication of the server.
const PPPD = ["115200", "local", "debug", "noauth", "user", "cli"];

function pppd(tty: string, extra: string[]): string {
  return ["pppd", `/dev/${tty}`, ...PPPD, ...extra].map(shellQuote).join(" ");
}

interface Run {
  status: number;
  console: string;
  events: { line: number; event: PppEvent }[];
  logs: string[];
  traces: string[];
  pings: number;
  core: Core;
  captures: LineCapture[];
}

/** Boots the guest with `script`, links core lines 1..`lines` to ttyS1.., returns when the guest ends. */
async function runGuest(config: string, script: string, lines: number, timeoutSec: number): Promise<Run> {
  const compiled = compileConfig(config, "addresses.cfg");
  const errors = compiled.diagnostics.filter((d) => d.severity === "error");
  assert.deepEqual(errors, []);
  const core = await Core.load();
  core.init(compileImage(compiled.model));
  entropyPush(core, FIXED_ENTROPY);
  const guest = await startGuest({
    command: script,
    files: [{ path: "/etc/ppp/pap-secrets", data: 'cli * "s3cret" *\n', mode: 0o600 }],
    timeoutSec,
    serialPorts: lines,
  });
  const clock = new SystemClock();
  core.tick(clock.now());
  const run: Run = { status: -1, console: "", events: [], logs: [], traces: [], pings: 0, core, captures: [] };
  const pings = new PingResponder(core);
  const links: CoreLink[] = [];
  const onEvent = (e: CoreEvent) => {
    pings.handle(e);
    if (e.kind === EventKind.Log) run.logs.push(`line ${e.line}: ${Buffer.from(e.data).toString("latin1")}`);
    const p = decodePppEvent(e);
    if (p?.type === "trace") run.traces.push(p.text);
    else if (p && p.type !== "frame" && p.type !== "ipDatagram") run.events.push({ line: e.line, event: p });
    // Events of every line come out of whichever link ticked: send what each line has queued.
    for (const l of links) l.flush();
  };
  for (let line = 1; line <= lines; line++) {
    // Carrier up: the line is answering a call and autoselects PPP on pppd's first frame.
    core.signals(line, Signal.DCD | Signal.DSR | Signal.CTS);
    const capture = new LineCapture({ clock });
    run.captures.push(capture);
    links.push(linkCoreLine({ stream: guest.streams[line - 1], core, line, clock, capture, onEvent }));
  }
  run.status = await guest.exitStatus;
  // The last Terminate exchange ends a restart period later (RFC 1661 §4.4): let the core finish it.
  const settle = Date.now() + 5000;
  while (Date.now() < settle && run.core.exports.poolUsage(PoolId.AddressLeases) > 0) await new Promise((r) => setTimeout(r, 100));
  for (const l of links) l.stop();
  for (const c of run.captures) c.finish();
  run.console = guest.consoleLog();
  run.pings = pings.answered;
  return run;
}

function story(run: Run): string {
  return [
    "core events:", ...run.events.map((e) => `line ${e.line}: ${JSON.stringify(e.event)}`),
    "core logs:", ...run.logs, "core trace:", ...run.traces,
    ...run.captures.flatMap((c, i) => [`capture of line ${i + 1}:`, ...c.lines()]),
    "guest console:", run.console,
  ].join("\n");
}

/** tshark's verdict on each line's capture: no malformed packet, no expert error; the Info column. */
function tsharkInfos(run: Run, name: string): string[][] {
  const dir = mkdtempSync(join(tmpdir(), "dialback-addresses-"));
  try {
    return run.captures.map((c, i) => {
      assert.deepEqual(c.issues, [], story(run));
      const file = join(dir, `${name}-line${i + 1}.pcap`);
      c.pcap.save(file);
      assertNoMalformed(file);
      assertNoExpertErrors(file);
      return tsharkSummary(file).map((l) => l.split("\t")[1]);
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function ipcpUps(run: Run, line: number): [string, string][] {
  return run.events.flatMap((e) => (e.line === line && e.event.type === "ipcpUp" ? [[e.event.ourAddress, e.event.peerAddress] as [string, string]] : []));
}

function requireTools(t: TestContext): boolean {
  return requireGuest(t) && requireProgram(t, "tshark", "tshark");
}

test("pppd_with_default_options_learns_the_servers_address_from_ip_unnumbered_ethernet0_and_pings_it", { timeout: INTEROP_TEST_TIMEOUT_MS }, async (t) => {
  if (!requireTools(t)) return;
  const script = [
    `${pppd("ttyS1", ["updetach", "linkname", "a"])} || exit $?`,
    `ping -c 3 -W 2 ${SERVER}`,
    "p=$?",
    'kill "$(head -n 1 /run/ppp-a.pid)"',
    "sleep 4",
    'exit "$p"',
    "",
  ].join("\n");
  const run = await runGuest(configText("peer default ip address 192.0.2.2"), script, 1, 60);
  const log = story(run);
  assert.doesNotMatch(run.console, /Could not determine remote IP address/, log);
  assert.match(run.console, /^local {2}IP address 192\.0\.2\.2\r?$/m, log);
  assert.match(run.console, new RegExp(`^remote IP address ${SERVER.replaceAll(".", "\\.")}\\r?$`, "m"), log);
  assert.match(run.console, /^3 packets transmitted, 3 packets received, 0% packet loss\r?$/m, log);
  assert.equal(run.status, 0, `ping's status\n${log}`);
  assert.deepEqual(ipcpUps(run, 1), [[SERVER, "192.0.2.2"]], log);
  assert.equal(run.pings, 3, log);
  // pppd's defaults: CCP and IPV6CP are Protocol-Rejected (RFC 1661 §5.7), VJ compression Configure-Rejected.
  const [infos] = tsharkInfos(run, "default-options");
  const rejects = infos.filter((i) => i.includes("Protocol Reject"));
  assert.ok(rejects.length >= 2, `Protocol-Rejects (CCP, IPV6CP) in:\n${infos.join("\n")}`);
  assert.match(run.console, /Protocol-Reject for 'IPv6 Control Protocol' \(0x8057\) received/, log);
  assert.match(run.console, /Protocol-Reject for 'Compression Control Protocol' \(0x80fd\) received/, log);
  for (const info of ["Authenticate-Ack", "Configuration Reject", "Configuration Nak", "Echo (ping) reply"]) {
    assert.ok(infos.some((i) => i.includes(info)), `${info} not in tshark's summary:\n${infos.join("\n")}`);
  }
  t.diagnostic(run.console.split(/\r?\n/).filter((l) => /IP address|Protocol-Reject|packets transmitted|round-trip/.test(l)).join(" | "));
});

test("a_pool_address_and_our_dns_servers_reach_pppd_with_usepeerdns_and_its_pings_are_answered", { timeout: INTEROP_TEST_TIMEOUT_MS }, async (t) => {
  if (!requireTools(t)) return;
  const script = [
    `${pppd("ttyS1", ["updetach", "linkname", "a", "usepeerdns"])} || exit $?`,
    'echo "RESOLV-BEGIN"; cat /etc/ppp/resolv.conf; echo "RESOLV-END"',
    "ip -4 addr show ppp0",
    `ping -c 3 -W 2 ${SERVER}`,
    "p=$?",
    'kill "$(head -n 1 /run/ppp-a.pid)"',
    "sleep 4",
    'exit "$p"',
    "",
  ].join("\n");
  const run = await runGuest(configText("peer default ip address pool dialin"), script, 1, 60);
  const log = story(run);
  assert.equal(run.status, 0, `ping's status\n${log}`);
  assert.match(run.console, /^local {2}IP address 192\.0\.2\.10\r?$/m, log);
  assert.match(run.console, /^primary {3}DNS address 192\.0\.2\.53\r?$/m, log);
  assert.match(run.console, /^secondary DNS address 192\.0\.2\.54\r?$/m, log);
  const resolv = /RESOLV-BEGIN\r?\n([\s\S]*?)RESOLV-END/.exec(run.console)?.[1].split(/\r?\n/).filter((l) => l.length > 0);
  assert.deepEqual(resolv, DNS.map((d) => `nameserver ${d}`), log);
  assert.match(run.console, /inet 192\.0\.2\.10 peer 192\.0\.2\.1\/32/, log);
  assert.match(run.console, /^3 packets transmitted, 3 packets received, 0% packet loss\r?$/m, log);
  assert.deepEqual(ipcpUps(run, 1), [[SERVER, "192.0.2.10"]], log);
  assert.equal(run.core.exports.poolUsage(PoolId.AddressLeases), 0, `returned once pppd hung up\n${log}`);
  const [infos] = tsharkInfos(run, "pool-dns");
  assert.ok(infos.some((i) => i.includes("Configuration Nak")), infos.join("\n"));
  t.diagnostic(run.console.split(/\r?\n/).filter((l) => /IP address|DNS address|nameserver|packets transmitted/.test(l)).join(" | "));
});

test("a_second_pppd_finds_the_one_address_pool_empty_and_is_refused_cleanly", { timeout: INTEROP_TEST_TIMEOUT_MS }, async (t) => {
  if (!requireTools(t)) return;
  const script = [
    `${pppd("ttyS1", ["updetach", "linkname", "a"])} || exit $?`,
    `${pppd("ttyS2", ["nodetach", "linkname", "b", "lcp-max-configure", "10"])}`,
    'echo "B-EXIT=$?"',
    `ping -c 2 -W 2 ${SERVER}`,
    "p=$?",
    'kill "$(head -n 1 /run/ppp-a.pid)"',
    "sleep 4",
    'exit "$p"',
    "",
  ].join("\n");
  const run = await runGuest(configText("peer default ip address pool dialin"), script, 2, 90);
  const log = story(run);
  assert.equal(run.status, 0, `the first pppd's pings\n${log}`);
  assert.deepEqual(ipcpUps(run, 1), [[SERVER, "192.0.2.10"]], log);
  assert.deepEqual(ipcpUps(run, 2), [], log);
  assert.deepEqual(run.logs, ["line 2: IPCP: pool dialin has no free address, peer refused"], log);
  const down2 = run.events.filter((e) => e.line === 2 && e.event.type === "linkDown").map((e) => e.event.type === "linkDown" && e.event.reason);
  assert.deepEqual(down2, [LinkDownReason.NoAddress], log);
  // pppd b authenticated, then the server ended the link: LCP terminated by peer, no address.
  assert.match(run.console, /LCP terminated by peer \(No address available\)/, log);
  assert.match(run.console, /^B-EXIT=\d+\r?$/m, log);
  assert.doesNotMatch(run.console, /^B-EXIT=0\r?$/m, log);
  assert.equal(run.core.exports.poolUsage(PoolId.AddressLeases), 0, `the first pppd's address came back\n${log}`);
  const [, infos2] = tsharkInfos(run, "exhausted");
  assert.ok(infos2.some((i) => i.includes("Authenticate-Ack")), infos2.join("\n"));
  assert.ok(infos2.some((i) => i.includes("Termination Request")), infos2.join("\n"));
  t.diagnostic(run.console.split(/\r?\n/).filter((l) => /B-EXIT|terminated|IP address/.test(l)).join(" | "));
});
