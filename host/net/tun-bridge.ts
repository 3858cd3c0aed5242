// The callers' way to the host's network: a Linux TUN interface whose packets the kernel
// routes (or NATs) like any other interface's. Node has no TUN API, so socat holds the device:
// `TUN:ADDRESS/BITS` reads and writes one IP packet per call (iff-no-pi: bare IPv4), and
// its other address is a UDP socket connected to ours on loopback, one datagram per packet.
// No native code; socat is a Debian package. Both sockets are connected: only the two ends
// exchange datagrams.

import { spawn, type ChildProcess } from "node:child_process";
import { createSocket, type Socket } from "node:dgram";

export interface TunSettings {
  /** Interface name, e.g. dialback0. */
  name: string;
  /** The host's address on it, and the prefix that covers the callers' addresses. */
  address: string;
  prefix: number;
}

export class TunError extends Error {}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
/** Linux interface names: at most 15 bytes, no slash, colon or blank. */
const IFNAME = /^[A-Za-z0-9_.-]{1,15}$/;
const START_TIMEOUT_MS = 5000;

export function isIpv4(text: string): boolean {
  const m = IPV4.exec(text);
  return m !== null && m.slice(1).every((p) => Number(p) <= 255);
}

/** `NAME=ADDRESS/BITS` (the --tun option), e.g. `dialback0=10.1.1.1/24`. */
export function parseTunSpec(spec: string): TunSettings {
  const m = /^([^=]+)=([^/]+)\/(\d+)$/.exec(spec);
  if (!m) throw new TunError(`--tun ${spec}: expected NAME=ADDRESS/BITS, e.g. dialback0=10.1.1.1/24`);
  return checkTunSettings({ name: m[1], address: m[2], prefix: Number(m[3]) }, `--tun ${spec}`);
}

export function checkTunSettings(s: TunSettings, where: string): TunSettings {
  if (!IFNAME.test(s.name)) throw new TunError(`${where}: interface name "${s.name}": 1 to 15 letters, digits, "_", "." or "-"`);
  if (!isIpv4(s.address)) throw new TunError(`${where}: "${s.address}" is not an IPv4 address`);
  if (!Number.isInteger(s.prefix) || s.prefix < 8 || s.prefix > 30) {
    throw new TunError(`${where}: prefix /${s.prefix}: 8 to 30 (it must cover the callers' addresses)`);
  }
  return s;
}

export class TunBridge {
  private socket: Socket | null = null;
  private child: ChildProcess | null = null;
  private closing = false;
  private socatPort = 0;
  private readonly listeners: ((datagram: Uint8Array) => void)[] = [];
  /** socat ended while the bridge was open (the interface is gone). */
  onFailure: (why: string) => void = () => {};
  sent = 0;
  received = 0;

  constructor(
    readonly settings: TunSettings,
    private readonly socat = "socat",
  ) {}

  get description(): string {
    return `${this.settings.name} ${this.settings.address}/${this.settings.prefix}`;
  }

  onDatagram(listener: (datagram: Uint8Array) => void): void {
    this.listeners.push(listener);
  }

  /** Creates the interface (socat needs CAP_NET_ADMIN) and connects to it; rejects with socat's reason. */
  async open(): Promise<void> {
    const socket = createSocket("udp4");
    this.socket = socket;
    await new Promise<void>((resolve, reject) => {
      socket.once("error", reject);
      socket.bind(0, "127.0.0.1", () => resolve());
    });
    const ours = socket.address().port;
    socket.on("message", (msg, from) => {
      if (from.address !== "127.0.0.1" || from.port !== this.socatPort) return; // only socat's end
      this.received++;
      for (const l of this.listeners) l(new Uint8Array(msg.buffer, msg.byteOffset, msg.length));
    });
    socket.on("error", () => undefined); // a datagram socat refused: the packet is lost, as on a wire
    const s = this.settings;
    const tun = `TUN:${s.address}/${s.prefix},tun-name=${s.name},tun-type=tun,iff-no-pi,iff-up`;
    const child = spawn(this.socat, ["-d", "-d", tun, `UDP:127.0.0.1:${ours},bind=127.0.0.1:0`], { stdio: ["ignore", "ignore", "pipe"] });
    this.child = child;
    let text = "";
    const started = new Promise<number>((resolve, reject) => {
      const late = () => reject(new TunError(`${this.description}: socat did not start within ${START_TIMEOUT_MS} ms: ${text.trim()}`));
      const timer = setTimeout(late, START_TIMEOUT_MS);
      child.stderr!.setEncoding("utf8").on("data", (chunk: string) => {
        text += chunk;
        const port = /successfully connected from local address AF=2 127\.0\.0\.1:(\d+)/.exec(text);
        if (port && /starting data transfer loop/.test(text)) {
          clearTimeout(timer);
          resolve(Number(port[1]));
        }
      });
      child.once("error", (e) => {
        clearTimeout(timer);
        reject(new TunError(`${this.description}: cannot run ${this.socat}: ${e.message} (apt-get install socat)`));
      });
      child.once("exit", (code) => {
        clearTimeout(timer);
        reject(new TunError(`${this.description}: socat ended (${code}): ${errorsOf(text)}`));
      });
    });
    try {
      this.socatPort = await started;
    } catch (e) {
      this.close();
      throw e;
    }
    socket.connect(this.socatPort, "127.0.0.1");
    child.once("exit", (code) => {
      if (!this.closing) this.onFailure(`socat ended (${code}): ${errorsOf(text)}`);
    });
  }

  /** One IPv4 datagram to the kernel, as if it arrived on the interface. */
  send(datagram: Uint8Array): void {
    if (!this.socket || !this.socatPort) return;
    this.sent++;
    this.socket.send(datagram);
  }

  close(): void {
    this.closing = true;
    if (this.child && this.child.exitCode === null && this.child.signalCode === null) this.child.kill("SIGTERM");
    this.child = null;
    try {
      this.socket?.close();
    } catch {
      // already closed
    }
    this.socket = null;
  }
}

/** socat's error lines (`E ...`), without its time stamps; all its text when it printed none. */
function errorsOf(text: string): string {
  const errors = text.split("\n").filter((l) => / E /.test(l)).map((l) => l.replace(/^.* E /, ""));
  return (errors.length ? errors.join("; ") : text.trim()) || "no message";
}
