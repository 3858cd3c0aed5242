// The AAA clients' world inside the simulator: the virtual clock's timers, seeded random
// octets, and UDP and TCP to the simulated servers (aaa-servers.ts) by host and port, so a run
// is the same by seed. The clients' promises settle between the scheduler's steps: whoever
// drives the scheduler drains them whenever `takeKick()` says AAA work moved (run-simulation.ts).

import type { AaaIo, AaaTimer, TcpStream, UdpPort } from "../aaa/aaa-io.ts";
import { Rng } from "../sim/rng.ts";
import type { Scheduler } from "../sim/scheduler.ts";

/** A simulated UDP service: `reply` sends a datagram back to the client that sent this one. */
export type UdpService = (datagram: Uint8Array, reply: (datagram: Uint8Array, afterMs: number) => void) => void;

/** A simulated TCP service: one call per connection, which answers with `send` and may `close`. */
export interface TcpPeer {
  send(bytes: Uint8Array, afterMs: number): void;
  close(afterMs: number): void;
}
export type TcpService = (peer: TcpPeer) => { data(bytes: Uint8Array): void; closed(): void };

/** 2000-01-01T00:00:00Z: the simulator's calendar starts there (TACACS+ start_time). */
const EPOCH_BASE_S = 946_684_800;

export class SimAaaNetwork implements AaaIo {
  private readonly udpServices = new Map<string, UdpService>();
  private readonly tcpServices = new Map<string, TcpService>();
  private readonly rng: Rng;
  private kicked = false;
  /** TCP connections opened, by "host:port" (single-connection shows in it). */
  readonly connections = new Map<string, number>();
  /** Datagrams sent, by "host:port". */
  readonly datagrams = new Map<string, number>();

  constructor(
    private readonly scheduler: Scheduler,
    seed: number,
  ) {
    this.rng = new Rng(seed ^ 0x5eed_aaa);
  }

  listenUdp(host: string, port: number, service: UdpService): void {
    this.udpServices.set(`${host}:${port}`, service);
  }

  listenTcp(host: string, port: number, service: TcpService): void {
    this.tcpServices.set(`${host}:${port}`, service);
  }

  /** True once after any AAA work happened: promise continuations may be waiting. */
  takeKick(): boolean {
    const k = this.kicked;
    this.kicked = false;
    return k;
  }

  kick(): void {
    this.kicked = true;
  }

  now(): number {
    return this.scheduler.now();
  }

  epochSeconds(): number {
    return EPOCH_BASE_S + Math.floor(this.scheduler.now() / 1000);
  }

  after(ms: number, fn: () => void): AaaTimer {
    this.kicked = true;
    return this.scheduler.after(ms, () => {
      this.kicked = true;
      fn();
    });
  }

  random(octets: number): Uint8Array {
    return this.rng.bytes(octets);
  }

  hasAddress(): boolean {
    return true;
  }

  udp(onMessage: (datagram: Uint8Array, address: string, port: number) => void): UdpPort {
    let open = true;
    return {
      send: (datagram, port, host, done) => {
        this.kicked = true;
        this.datagrams.set(`${host}:${port}`, (this.datagrams.get(`${host}:${port}`) ?? 0) + 1);
        const service = this.udpServices.get(`${host}:${port}`);
        const copy = Uint8Array.from(datagram);
        this.scheduler.after(0, () => {
          this.kicked = true;
          done(null);
          // A datagram to a port nobody listens on is lost, as UDP's are.
          service?.(copy, (reply, afterMs) => {
            const back = Uint8Array.from(reply);
            this.scheduler.after(afterMs, () => {
              this.kicked = true;
              if (open) onMessage(back, host, port);
            });
          });
        });
      },
      close: () => {
        open = false;
      },
    };
  }

  tcp(host: string, port: number): TcpStream {
    this.kicked = true;
    let onData: (chunk: Uint8Array) => void = () => {};
    let onEnd: (error: string | null) => void = () => {};
    let ended = false;
    const end = (error: string | null) => {
      if (ended) return;
      ended = true;
      this.kicked = true;
      onEnd(error);
    };
    const service = this.tcpServices.get(`${host}:${port}`);
    this.connections.set(`${host}:${port}`, (this.connections.get(`${host}:${port}`) ?? 0) + 1);
    let server: ReturnType<TcpService> | null = null;
    this.scheduler.after(0, () => {
      if (ended) return;
      if (!service) return end("ECONNREFUSED");
      server = service({
        send: (bytes, afterMs) => {
          const copy = Uint8Array.from(bytes);
          this.scheduler.after(afterMs, () => {
            this.kicked = true;
            if (!ended) onData(copy);
          });
        },
        close: (afterMs) => void this.scheduler.after(afterMs, () => end(null)),
      });
    });
    return {
      write: (bytes, done) => {
        this.kicked = true;
        const copy = Uint8Array.from(bytes);
        this.scheduler.after(0, () => {
          this.kicked = true;
          if (!ended) server?.data(copy);
          done?.();
        });
      },
      destroy: () => {
        ended = true;
        this.scheduler.after(0, () => server?.closed());
      },
      onData: (fn) => {
        onData = fn;
      },
      onEnd: (fn) => {
        onEnd = fn;
      },
    };
  }
}
