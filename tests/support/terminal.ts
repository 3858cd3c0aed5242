// Drives one line of a core like a person at a terminal on a modem: carrier, typing,
// and reading what the core sent, with a virtual clock.

import { Core, CoreEvent } from "../../host/core/core.ts";
import { VirtualClock } from "../../host/core/clock.ts";
import { Signal } from "../../host/core/abi.ts";

/** A modem's signals with its carrier up or down (DSR and CTS always up). */
export function modemSignals(carrier: boolean): number {
  return carrier ? Signal.DCD | Signal.DSR | Signal.CTS : Signal.DSR | Signal.CTS;
}

/** Advances `clock` by `ms`, ticking the core at every deadline on the way; `pump` runs after each tick. */
export function advance(core: Core, clock: VirtualClock, ms: number, pump: () => void): void {
  const end = clock.now() + ms;
  for (let steps = 0; ; steps++) {
    if (steps > 100_000) throw new Error("the core keeps returning a deadline that is already due");
    const next = core.tick(clock.now());
    pump();
    if (next === null || next > end) break;
    clock.jumpTo(next);
  }
  clock.jumpTo(end);
  pump();
}

export class Terminal {
  readonly events: CoreEvent[] = [];
  /** Everything the core ever sent on the line. */
  transcript = "";
  private screen = "";
  constructor(
    readonly core: Core,
    readonly line: number,
    readonly clock = new VirtualClock(),
  ) {}

  private pump(): void {
    this.core.tick(this.clock.now());
    // This terminal's line only (and core-wide records); the console and other lines are not ours.
    for (const e of this.core.drainEvents()) if (e.line === this.line || e.line === 0xffff) this.events.push(e);
    const sent = Buffer.from(this.core.txDrain(this.line)).toString("latin1");
    this.screen += sent;
    this.transcript += sent;
  }

  carrier(up: boolean): void {
    this.core.tick(this.clock.now());
    this.core.signals(this.line, modemSignals(up));
    this.pump();
  }

  type(text: string | Uint8Array): void {
    this.core.tick(this.clock.now());
    const bytes = typeof text === "string" ? Buffer.from(text, "latin1") : text;
    const taken = this.core.rxPush(this.line, bytes);
    if (taken !== bytes.length) throw new Error(`line ${this.line} took ${taken} of ${bytes.length} bytes`);
    this.pump();
  }

  /** Advances virtual time by `ms`, running every deadline on the way. */
  wait(ms: number): void {
    advance(this.core, this.clock, ms, () => this.pump());
  }

  /** Everything shown since the last call. */
  read(): string {
    const s = this.screen;
    this.screen = "";
    return s;
  }

  eventsOf(kind: number): CoreEvent[] {
    return this.events.filter((e) => e.kind === kind);
  }
}
