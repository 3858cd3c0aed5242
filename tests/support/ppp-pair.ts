// Two dialback cores joined back to back on one line each, driven by a virtual clock:
// bytes move both ways until both are quiet, then the clock jumps to the next deadline.

import { Core, CoreEvent } from "../../host/core/core.ts";
import { VirtualClock } from "../../host/core/clock.ts";
import { imageForLines, DEFAULT_SYSTEM, SystemSettings } from "../../host/image/writer.ts";
import { decodePppEvent, entropyPush, pppOpen, PppEvent, PppOptions, PppRole } from "../../host/core/ppp.ts";

export const LINE = 1;

export class PppPair {
  readonly clock = new VirtualClock(1_000);
  readonly events: { server: PppEvent[]; client: PppEvent[] } = { server: [], client: [] };
  /** Captured frames (capture option) with the virtual time they were seen. */
  readonly frames: { side: "server" | "client"; time: number; direction: "in" | "out"; frame: Uint8Array }[] = [];

  /** Bytes handed to rxPush per call (0 = all at once), to cut the stream at every point. */
  chunk = 0;
  /** Sees every raw server event first (a host component under test, e.g. a ping responder). */
  onServerEvent: (e: CoreEvent) => void = () => {};
  /** Rewrites the bytes one side sends before the other receives them (a man in the middle). */
  tamper: ((from: "server" | "client", bytes: Uint8Array) => Uint8Array) | null = null;

  private constructor(
    readonly server: Core,
    readonly client: Core,
  ) {}

  static async create(system: SystemSettings = DEFAULT_SYSTEM): Promise<PppPair> {
    const pair = new PppPair(await Core.load(), await Core.load());
    for (const [core, seed] of [
      [pair.server, "server-seed"],
      [pair.client, "client-seed"],
    ] as const) {
      core.init(imageForLines([LINE], system));
      entropyPush(core, Buffer.from(seed));
      core.tick(pair.clock.now());
    }
    return pair;
  }

  open(server: PppOptions, client: PppOptions): void {
    if (pppOpen(this.server, LINE, PppRole.Server, server) !== 0) throw new Error("server pppOpen refused");
    if (pppOpen(this.client, LINE, PppRole.Client, client) !== 0) throw new Error("client pppOpen refused");
  }

  private collect(): void {
    for (const [core, list] of [
      [this.server, this.events.server],
      [this.client, this.events.client],
    ] as const) {
      const side = core === this.server ? "server" : "client";
      for (const e of core.drainEvents()) {
        if (core === this.server) this.onServerEvent(e);
        const p = decodePppEvent(e);
        if (p?.type === "frame") this.frames.push({ side, time: this.clock.now(), direction: p.direction, frame: p.frame });
        else if (p) list.push(p);
      }
    }
  }

  /** Moves bytes until both sides are quiet; returns whether any moved. */
  pump(): boolean {
    let moved = false;
    for (let round = 0; round < 1000; round++) {
      this.collect();
      const a = this.server.txDrain(LINE);
      const b = this.client.txDrain(LINE);
      if (a.length === 0 && b.length === 0) break;
      moved = true;
      if (a.length) this.deliver(this.client, this.tamper ? this.tamper("server", a) : a);
      if (b.length) this.deliver(this.server, this.tamper ? this.tamper("client", b) : b);
    }
    this.collect();
    return moved;
  }

  private deliver(core: Core, bytes: Uint8Array): void {
    const step = this.chunk > 0 ? this.chunk : bytes.length;
    for (let at = 0; at < bytes.length; ) {
      const taken = core.rxPush(LINE, bytes.subarray(at, Math.min(at + step, bytes.length)));
      at += taken;
      // A short count means the event ring is full: drain it and offer the rest again.
      if (taken === 0) {
        const before = this.events.server.length + this.events.client.length + this.frames.length;
        this.collect();
        if (core.rxPush(LINE, bytes.subarray(at, at + 1)) === 0) {
          throw new Error(`core takes no more bytes even with its events drained (${before} events seen)`);
        }
        at += 1;
      }
    }
  }

  /** Runs until `done` holds or nothing is left to happen (no bytes, no deadline). */
  run(done: () => boolean, maxSteps = 2_000): void {
    for (let step = 0; step < maxSteps && !done(); step++) {
      this.pump();
      if (done()) return;
      const deadlines = [this.server.tick(this.clock.now()), this.client.tick(this.clock.now())].filter((d): d is number => d !== null);
      this.pump();
      if (done()) return;
      if (deadlines.length === 0) return;
      this.clock.jumpTo(Math.min(...deadlines));
      this.server.tick(this.clock.now());
      this.client.tick(this.clock.now());
    }
  }

  has(side: "server" | "client", predicate: (e: PppEvent) => boolean): boolean {
    return this.events[side].some(predicate);
  }

  find<T extends PppEvent["type"]>(side: "server" | "client", type: T): Extract<PppEvent, { type: T }>[] {
    return this.events[side].filter((e): e is Extract<PppEvent, { type: T }> => e.type === type);
  }
}
