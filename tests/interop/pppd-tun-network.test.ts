// Callers reach the network: a real pppd (QEMU guest) dials `dialback run`, asks for CBCP
// callback, is called back, and over the callback leg pings a host beyond the server and
// fetches a page from it. `dialback run --tun` gives the PPP sessions' IPv4 to a TUN
// interface; the kernel forwards and NATs it (the README's two commands) to a LAN.
//
// Everything is inside namespaces this test makes (unshare: network, PID, mount): the
// "router" namespace holds dialback, its TUN (10.1.1.254/24) and a veth to the "LAN"
// namespace, where the page server listens on 192.0.2.80. No packet leaves them or loopback.
// The guest talks to dialback through a pty (a file, so it crosses the namespaces).

import { test, type TestContext } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { DEMO_ADDITIONS } from "../../host/simulate/demo.ts";
import { defaultLineNumber } from "../../host/sim/world.ts";
import { requireProgram } from "../support/external.ts";
import { waitFor } from "../support/pty-chat.ts";
import { INTEROP_TEST_TIMEOUT_MS, requireGuest, shellQuote, startGuest, type Guest } from "./support/guest.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const FIXTURE = fileURLToPath(new URL("../fixtures/config/ppp-client.cfg", import.meta.url));
const GUEST_NUMBER = "5552000";
const DIALLED_LINE = 7;
const TUN = "dialback0=10.1.1.254/24";
const LAN_HOST = "192.0.2.80";
const ROUTER_LAN_ADDRESS = "192.0.2.1";
const PAGE_PORT = 8080;
const PINGS = 3;
const REMOTE_MARKER = "/run/remote-address";

/** Programs of the namespaces, with their Debian packages. */
const NETWORK_PROGRAMS: [string, string][] = [
  ["unshare", "util-linux"],
  ["nsenter", "util-linux"],
  ["ip", "iproute2"],
  ["iptables", "iptables"],
  ["sysctl", "procps"],
  ["socat", "socat"],
];

/** The reference PPP example, the demonstration's script and rotary, pppd's user, and the server's own addresses. */
function configText(): string {
  const own = [7, 8, 9].map((n) => `interface async ${n}\n ip address 10.1.1.${100 + n} 255.255.255.0`);
  return [
    readFileSync(FIXTURE, "utf8"),
    "!",
    ...DEMO_ADDITIONS.map((a) => a.text),
    'username cli callback-dialstring "" callback-rotary 77 password s3cret',
    ...own,
    "",
  ].join("\n");
}

const PPPD_COMMON = ["/dev/ttyS1", "115200", "local", "debug", "noauth", "user", "cli", "noccp", "novj", "noipv6", "noipdefault", "lcp-max-configure", "20"];

/** Call 1 asks for CBCP callback (exit 14); call 2 answers the ring-back, then pings the LAN host and fetches its page. */
function guestScript(): string {
  const pppd = (args: string[]) => `pppd ${[...PPPD_COMMON, ...args].map(shellQuote).join(" ")}`;
  return [
    pppd(["nodetach", "callback", GUEST_NUMBER, "maxconnect", "30", "connect", `chat -v -t 20 "" ATZ OK ATDT${defaultLineNumber(DIALLED_LINE)} CONNECT "\\c"`]),
    `echo "PPPD1-EXIT=$?"`,
    pppd(["updetach", "defaultroute", "linkname", "cb", "connect", 'chat -v -t 60 RING ATA CONNECT "\\c"']),
    "s=$?",
    `echo "PPPD2-EXIT=$s"`,
    `[ "$s" = 0 ] || exit "$s"`,
    `i=0; while [ ! -s ${REMOTE_MARKER} ] && [ "$i" -lt 100 ]; do sleep 0.1; i=$((i+1)); done`,
    "ip route",
    `ping -c ${PINGS} -W 3 ${LAN_HOST}`,
    "p=$?",
    // busybox-static's wget looks its port up through NSS and crashes; nc with a numeric port does not.
    `echo "PAGE=$(printf 'GET /hello HTTP/1.0\\r\\n\\r\\n' | nc -w 10 ${LAN_HOST} ${PAGE_PORT} | tail -n 1)"`,
    // pppd's pid file holds the pid, then the interface name.
    'kill "$(head -n 1 /var/run/ppp-cb.pid)"',
    "sleep 2",
    'exit "$p"',
    "",
  ].join("\n");
}

/** The LAN host's web server: one line naming the client it saw. */
const PAGE_SERVER = `
import { createServer } from "node:http";
import { appendFileSync, writeFileSync } from "node:fs";
const [log, ready] = process.argv.slice(2);
createServer((req, res) => {
  appendFileSync(log, req.socket.remoteAddress + " " + req.url + "\\n");
  res.end("dialback page for " + req.socket.remoteAddress + "\\n");
}).listen(${PAGE_PORT}, "${LAN_HOST}", () => writeFileSync(ready, "listening\\n"));
`;

/** The router namespace: forwarding and NAT as the README says, the LAN behind a veth, then dialback itself. */
function routerScript(dir: string, dialback: string[]): string {
  return [
    "set -eu",
    "ip link set lo up",
    "sysctl -q -w net.ipv4.ip_forward=1",
    "unshare -n sleep 600 & LAN=$!",
    'while [ "$(readlink /proc/$LAN/ns/net)" = "$(readlink /proc/self/ns/net)" ]; do sleep 0.05; done',
    "ip link add dbk-lan type veth peer name dbk-host",
    "ip link set dbk-host netns $LAN",
    `ip addr add ${ROUTER_LAN_ADDRESS}/24 dev dbk-lan`,
    "ip link set dbk-lan up",
    `nsenter -t $LAN -n sh -c 'ip link set lo up; ip addr add ${LAN_HOST}/24 dev dbk-host; ip link set dbk-host up'`,
    `nsenter -t $LAN -n ${[process.execPath, ...["page-server.mjs", "page.log", "page-ready"].map((f) => join(dir, f))].map(shellQuote).join(" ")} &`,
    "iptables -t nat -A POSTROUTING -o dbk-lan -j MASQUERADE",
    `while [ ! -e ${shellQuote(join(dir, "page-ready"))} ]; do sleep 0.05; done`,
    `exec ${dialback.map(shellQuote).join(" ")}`,
    "",
  ].join("\n");
}

function requireNamespaces(t: TestContext): boolean {
  if (!NETWORK_PROGRAMS.every(([program, pkg]) => requireProgram(t, program, pkg))) return false;
  const probe = spawnSync("unshare", ["--net", "--pid", "--fork", "--mount-proc", "true"], { encoding: "utf8" });
  if (probe.status === 0) return true;
  const why = `cannot make namespaces here (unshare --net --pid: ${probe.stderr.trim()}): run as root`;
  if (process.env.CI === "true") throw new Error(why);
  t.skip(why);
  return false;
}

const TITLE = "over a callback leg, pppd pings a host beyond the server and fetches its page through dialback's TUN";

test(TITLE, { timeout: INTEROP_TEST_TIMEOUT_MS }, async (t) => {
  if (!requireGuest(t) || !requireNamespaces(t)) return;
  const dir = mkdtempSync(join(tmpdir(), "dialback-tun-"));
  const cfg = join(dir, "dialback.cfg");
  const pty = join(dir, "guest-pty");
  writeFileSync(cfg, configText());
  writeFileSync(join(dir, "page-server.mjs"), PAGE_SERVER);
  const dialback = [
    process.execPath, "--import", "tsx", join(ROOT, "host/cli/dialback.ts"), "run", "--config", cfg,
    ...[7, 8, 9].flatMap((n) => ["--line", `${n}=sim`]), "--expose", `${GUEST_NUMBER}=pty:${pty}`, "--tun", TUN,
  ];
  writeFileSync(join(dir, "router.sh"), routerScript(dir, dialback));
  let router: ChildProcess | null = null;
  let bridge: ChildProcess | null = null;
  let guest: Guest | null = null;
  let out = "";
  try {
    // --kill-child: when this test ends the namespaces' first process, every process in them ends.
    router = spawn("unshare", ["--net", "--pid", "--fork", "--mount-proc", "--kill-child", "sh", join(dir, "router.sh")], { cwd: ROOT });
    router.stdout!.on("data", (d: Buffer) => (out += d));
    router.stderr!.on("data", (d: Buffer) => (out += d));
    await waitFor(() => /dialback run: ready/.test(out) || router!.exitCode !== null, 60_000, `dialback in the namespace: ${out}`);
    assert.match(out, /%DIALBACK-5-TUN_UP: dialback0 10\.1\.1\.254\/24/, out);
    assert.ok(existsSync(pty), out);

    guest = await startGuest({
      command: guestScript(),
      files: [
        { path: "/etc/ppp/pap-secrets", data: 'cli * "s3cret" *\n', mode: 0o600 },
        { path: "/etc/ppp/chap-secrets", data: 'cli * "s3cret" *\n', mode: 0o600 },
        { path: "/etc/ppp/ip-up", data: `#!/bin/sh\necho "$5" > ${REMOTE_MARKER}\n`, mode: 0o755 },
      ],
      timeoutSec: 120,
    });
    // The guest's ttyS1 is the DTE of the exposed modem: its pty, opened through socat.
    bridge = spawn("socat", ["-b", "4096", `FILE:${pty},raw,echo=0`, "STDIO"], { stdio: ["pipe", "pipe", "pipe"] });
    bridge.stdin!.on("error", () => undefined);
    const stream = guest.stream;
    stream.on("data", (chunk: Buffer) => bridge?.stdin?.write(chunk));
    bridge.stdout!.on("data", (chunk: Buffer) => stream.write(chunk));
    const status = await guest.exitStatus;
    const consoleText = guest.consoleLog();
    const log = `dialback:\n${out}\nguest console:\n${consoleText}`;

    assert.match(consoleText, /^PPPD1-EXIT=14\r?$/m, `call 1 asks for callback\n${log}`);
    assert.match(consoleText, /^PPPD2-EXIT=0\r?$/m, `the callback leg comes up\n${log}`);
    assert.match(consoleText, new RegExp(`^${PINGS} packets transmitted, ${PINGS} packets received, 0% packet loss\\r?$`, "m"), log);
    // NAT: the LAN host saw the router's LAN address, and answered.
    assert.match(consoleText, new RegExp(`^PAGE=dialback page for ${ROUTER_LAN_ADDRESS.replaceAll(".", "\\.")}\\r?$`, "m"), log);
    assert.equal(status, 0, log);
    assert.deepEqual(readFileSync(join(dir, "page.log"), "utf8").trim().split("\n"), [`${ROUTER_LAN_ADDRESS} /hello`]);
    // The caller's address is the one IPCP gave it, and the session went through the callback.
    assert.match(out, /%LINEPROTO-5-UPDOWN: Line protocol on Interface Async\d, changed state to up \(peer 10\.1\.1\.\d\)/, log);
    assert.match(out, /%DIALBACK-5-CALLBACK_OK: TTY\d: \[\d+\] Callback finished: ok/, log);
    assert.doesNotMatch(out, /%DIALBACK-4-IP_DROP/, log);
    for (const line of consoleText.split(/\r?\n/).filter((l) => /^PPPD|packets transmitted|^PAGE=|round-trip|^default/.test(l))) t.diagnostic(`guest: ${line}`);
  } finally {
    guest?.kill();
    bridge?.kill();
    // unshare --fork does not pass SIGTERM on; SIGKILL ends it and --kill-child ends the namespaces.
    if (router && router.exitCode === null) {
      const ended = new Promise((r) => router!.once("exit", r));
      router.kill("SIGKILL");
      await ended;
    }
    rmSync(dir, { recursive: true, force: true });
  }
});
