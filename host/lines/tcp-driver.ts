// A line whose far end is a raw TCP connection, as access servers expose lines on
// reverse-TCP ports (4000 + line number): an accepted connection is carrier up, its close
// is carrier loss, and dropping DTR hangs the connection up. Loopback only.

import { createServer, type Server, type Socket } from "node:net";
import { DriverListeners, type LineDriver, type LineOutputs, type LineSignals } from "./driver.ts";

export const LOOPBACK_HOSTS = new Set(["127.0.0.1", "::1", "localhost"]);

export class TcpLineError extends Error {}

export class TcpLineDriver implements LineDriver {
  readonly kind = "tcp";
  private readonly listeners = new DriverListeners();
  private server: Server | null = null;
  private socket: Socket | null = null;
  private current: LineOutputs = { dtr: true, rts: true };
  private boundPort = 0;

  constructor(
    private readonly port: number,
    private readonly host = "127.0.0.1",
  ) {
    if (!LOOPBACK_HOSTS.has(host)) throw new TcpLineError(`tcp line on ${host}: only loopback addresses are allowed`);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new TcpLineError(`tcp line port ${port}: 0-65535`);
  }

  get description(): string {
    return `tcp ${this.host}:${this.boundPort || this.port}`;
  }

  /** The port actually listened on (useful with port 0). */
  get listeningPort(): number {
    return this.boundPort;
  }

  async open(): Promise<void> {
    const server = createServer((socket) => this.accepted(socket));
    await new Promise<void>((resolve, reject) => {
      server.once("error", (err) => reject(new TcpLineError(`${this.description}: ${err.message}`)));
      server.listen(this.port, this.host, () => resolve());
    });
    const addr = server.address();
    this.boundPort = typeof addr === "object" && addr ? addr.port : this.port;
    this.server = server;
  }

  write(data: Uint8Array): void {
    if (this.socket && !this.socket.destroyed) this.socket.write(data);
  }

  async setOutputs(outputs: LineOutputs): Promise<void> {
    const dtrFell = this.current.dtr && !outputs.dtr;
    this.current = { ...outputs };
    const socket = this.socket;
    if (dtrFell && socket) {
      // Hang up: carrier is gone at once, whatever the far end still has in flight.
      this.socket = null;
      socket.destroy();
      this.listeners.emitSignals(this.signals());
    }
  }

  outputs(): LineOutputs {
    return { ...this.current };
  }

  signals(): LineSignals {
    const up = this.socket !== null;
    return { dcd: up, ri: false, dsr: true, cts: true };
  }

  onData(listener: (data: Uint8Array) => void): void {
    this.listeners.addData(listener);
  }

  onSignals(listener: (signals: LineSignals) => void): void {
    this.listeners.addSignals(listener);
  }

  async close(): Promise<void> {
    this.socket?.destroy();
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private accepted(socket: Socket): void {
    // One call per line; a line whose DTE is not ready (DTR low) takes none.
    if (this.socket || !this.current.dtr) {
      socket.destroy();
      return;
    }
    this.socket = socket;
    socket.setNoDelay(true);
    socket.on("data", (chunk: Buffer) => this.listeners.emitData(new Uint8Array(chunk)));
    socket.on("error", () => {}); // a reset is just a hang-up, reported on close
    socket.on("close", () => {
      if (this.socket !== socket) return;
      this.socket = null;
      this.listeners.emitSignals(this.signals());
    });
    this.listeners.emitSignals(this.signals());
  }
}
