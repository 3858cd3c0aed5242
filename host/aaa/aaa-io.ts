// What the AAA clients need from the world: a clock with timers, random octets, UDP and TCP.
// `dialback run` gives them Node's (nodeAaaIo); `simulate` a virtual network on its scheduler,
// so the same clients answer the same way by seed. Errors are codes, never datagram content.

import { createSocket, type Socket as UdpSocket } from "node:dgram";
import { createConnection } from "node:net";
import { randomBytes } from "node:crypto";
import { networkInterfaces } from "node:os";

export interface AaaTimer {
  cancel(): void;
}

export interface UdpPort {
  /** `done` gets null once handed to the network, or an error code. */
  send(datagram: Uint8Array, port: number, host: string, done: (error: string | null) => void): void;
  close(): void;
}

export interface TcpStream {
  write(bytes: Uint8Array, done?: () => void): void;
  /** Closes at once; no close callback follows one's own destroy. */
  destroy(): void;
  onData(fn: (chunk: Uint8Array) => void): void;
  /** The connection failed (an error code) or the far end closed it (null). */
  onEnd(fn: (error: string | null) => void): void;
}

export interface AaaIo {
  /** Milliseconds on a monotonic clock (the virtual one in the simulator). */
  now(): number;
  /** Seconds since 1970 for records that carry a date (TACACS+ start_time). */
  epochSeconds(): number;
  after(ms: number, fn: () => void): AaaTimer;
  random(octets: number): Uint8Array;
  /** A UDP port bound to `local` (an address of this host) or any. */
  udp(onMessage: (datagram: Uint8Array, address: string, port: number) => void, onError: (code: string) => void, local?: string): UdpPort;
  tcp(host: string, port: number, local?: string): TcpStream;
  /** Whether `address` is one of this host's, so sockets can leave from it (`ip radius source-interface`). */
  hasAddress(address: string): boolean;
}

// Node's socket errors name the host and port at most; keep only the code to be sure no datagram content slips in.
function codeOf(err: Error): string {
  return (err as NodeJS.ErrnoException).code ?? err.name;
}

class NodeUdpPort implements UdpPort {
  private readonly socket: UdpSocket;

  constructor(onMessage: (datagram: Uint8Array, address: string, port: number) => void, onError: (code: string) => void, local?: string) {
    this.socket = createSocket("udp4");
    this.socket.on("message", (datagram, from) => onMessage(Uint8Array.from(datagram), from.address, from.port));
    this.socket.on("error", (error) => onError(codeOf(error)));
    if (local) this.socket.bind(0, local);
    // An idle client must not keep the process alive; each pending request's timer does while it waits.
    this.socket.unref();
  }

  send(datagram: Uint8Array, port: number, host: string, done: (error: string | null) => void): void {
    this.socket.send(datagram, port, host, (err) => done(err ? codeOf(err) : null));
  }

  close(): void {
    try {
      this.socket.close();
    } catch {
      // Already closed by an earlier error: nothing left to release.
    }
  }
}

function nodeTcp(host: string, port: number, local?: string): TcpStream {
  const socket = createConnection({ host, port, ...(local ? { localAddress: local } : {}) });
  socket.setNoDelay(true);
  let ended = false;
  let endFn: (error: string | null) => void = () => {};
  const end = (error: string | null) => {
    if (ended) return;
    ended = true;
    endFn(error);
  };
  socket.on("error", (err) => end(codeOf(err)));
  socket.on("close", () => end(null));
  return {
    write: (bytes, done) => void socket.write(bytes, () => done?.()),
    destroy: () => {
      ended = true;
      socket.destroy();
    },
    onData: (fn) => void socket.on("data", (chunk: Buffer) => fn(Uint8Array.from(chunk))),
    onEnd: (fn) => {
      endFn = fn;
    },
  };
}

/** The real world: Node's clock, timers, CSPRNG, UDP and TCP. */
export const nodeAaaIo: AaaIo = {
  now: () => performance.now(),
  epochSeconds: () => Math.floor(Date.now() / 1000),
  after: (ms, fn) => {
    const t = setTimeout(fn, ms);
    return { cancel: () => clearTimeout(t) };
  },
  random: (octets) => Uint8Array.from(randomBytes(octets)),
  udp: (onMessage, onError, local) => new NodeUdpPort(onMessage, onError, local),
  tcp: nodeTcp,
  hasAddress: (address) => Object.values(networkInterfaces()).some((list) => list?.some((a) => a.address === address)),
};
