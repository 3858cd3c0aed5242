// Connects line drivers to the core: received bytes in through rxPush (what the core
// refuses is kept and offered again), transmit rings drained to the drivers, modem
// signals pushed on change, tick driven by a clock, events drained and dispatched.

import { EventKind, Output } from "../core/abi.ts";
import type { CoreEvent } from "../core/core.ts";
import { signalMask, type LineDriver } from "../lines/driver.ts";

/** What the loop needs of the core (Core satisfies it; tests may wrap it). */
export interface CorePort {
  rxPush(line: number, data: Uint8Array): number;
  txDrain(line: number): Uint8Array;
  signals(line: number, mask: number): void;
  tick(now: number): number | null;
  drainEvents(): Iterable<CoreEvent>;
  /** The line's modem-control mark (LineFault; 0 clears), for `show line N`. */
  markFault?(line: number, fault: number): void;
}

/** Time and timers: the simulator's Scheduler, or RealTimers. */
export interface Timers {
  now(): number;
  after(ms: number, run: () => void): { cancel(): void };
}

export class RealTimers implements Timers {
  private readonly origin = performance.now();
  now(): number {
    return performance.now() - this.origin;
  }
  after(ms: number, run: () => void): { cancel(): void } {
    const t = setTimeout(run, Math.max(0, Math.min(ms, 2 ** 31 - 1)));
    return { cancel: () => clearTimeout(t) };
  }
}

interface LineSlot {
  tty: number;
  driver: LineDriver;
  pending: Uint8Array[];
  lastMask: number;
}

/** How soon to offer refused bytes again when the core had no room. */
const RETRY_MS = 10;

export class RunLoop {
  private readonly slots = new Map<number, LineSlot>();
  private pumpTimer: { cancel(): void } | null = null;
  private deadlineTimer: { cancel(): void } | null = null;
  private running = false;
  /** Events other than the ones the loop handles itself. */
  onEvent: (event: CoreEvent) => void = () => {};
  /** Errors from drivers (a failed set(), a closed port): reported, never thrown. */
  onError: (tty: number, error: Error) => void = () => {};

  constructor(
    private readonly core: CorePort,
    lines: Map<number, LineDriver>,
    private readonly timers: Timers,
  ) {
    for (const [tty, driver] of lines) this.slots.set(tty, { tty, driver, pending: [], lastMask: -1 });
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    for (const slot of this.slots.values()) {
      slot.driver.onData((data) => {
        if (data.length === 0) return;
        slot.pending.push(Uint8Array.from(data));
        this.requestPump();
      });
      slot.driver.onSignals(() => this.requestPump());
      slot.driver.onFault?.((message) => {
        this.core.markFault?.(slot.tty, slot.driver.controlFaultCode ?? 0); // shown by `show line N`
        this.onError(slot.tty, new Error(message));
      });
      if (slot.driver.controlFaultCode) this.core.markFault?.(slot.tty, slot.driver.controlFaultCode); // marked before the loop started
    }
    this.requestPump();
  }

  stop(): void {
    this.running = false;
    this.pumpTimer?.cancel();
    this.deadlineTimer?.cancel();
    this.pumpTimer = this.deadlineTimer = null;
  }

  /** Bytes received but not yet taken by the core, per line. */
  backlog(tty: number): number {
    return this.slots.get(tty)?.pending.reduce((n, p) => n + p.length, 0) ?? 0;
  }

  requestPump(): void {
    if (!this.running || this.pumpTimer) return;
    this.pumpTimer = this.timers.after(0, () => {
      this.pumpTimer = null;
      this.pump();
    });
  }

  /** One pass over every line; safe to call at any time. */
  pump(): void {
    const now = this.timers.now();
    this.core.tick(now); // input below is stamped with the current time

    for (const slot of this.slots.values()) {
      const mask = signalMask(slot.driver.signals());
      if (mask !== slot.lastMask) {
        slot.lastMask = mask;
        this.core.signals(slot.tty, mask);
      }
    }
    let refused = false;
    for (const slot of this.slots.values()) {
      if (!this.pushPending(slot)) refused = true;
      // Events after each line's input, so a full event ring frees up for the next.
      this.dispatchEvents();
    }
    const deadline = this.core.tick(now);
    this.dispatchEvents();
    for (const slot of this.slots.values()) {
      const out = this.core.txDrain(slot.tty);
      if (out.length) slot.driver.write(out);
    }
    if (refused) {
      for (const slot of this.slots.values()) this.pushPending(slot);
      this.dispatchEvents();
    }
    this.arm(deadline, this.anyBacklog());
  }

  private pushPending(slot: LineSlot): boolean {
    while (slot.pending.length) {
      const head = slot.pending[0];
      const taken = this.core.rxPush(slot.tty, head);
      if (taken >= head.length) {
        slot.pending.shift();
        continue;
      }
      slot.pending[0] = head.subarray(taken);
      return false;
    }
    return true;
  }

  private anyBacklog(): boolean {
    for (const slot of this.slots.values()) if (slot.pending.length) return true;
    return false;
  }

  private dispatchEvents(): void {
    for (const event of this.core.drainEvents()) {
      if (event.kind === EventKind.SignalsSet) {
        const slot = this.slots.get(event.line);
        if (!slot) continue;
        const mask = event.args[0];
        slot.driver.setOutputs({ dtr: (mask & Output.DTR) !== 0, rts: (mask & Output.RTS) !== 0 }).catch((e: Error) => this.onError(slot.tty, e));
        continue;
      }
      this.onEvent(event);
    }
  }

  private arm(deadline: number | null, backlog: boolean): void {
    this.deadlineTimer?.cancel();
    this.deadlineTimer = null;
    if (!this.running) return;
    const now = this.timers.now();
    let wait = deadline === null ? null : Math.max(0, deadline - now);
    if (backlog) wait = wait === null ? RETRY_MS : Math.min(wait, RETRY_MS);
    if (wait === null) return;
    this.deadlineTimer = this.timers.after(wait, () => {
      this.deadlineTimer = null;
      this.pump();
    });
  }
}
