// Runs one or more cores over one set of lines, for a configuration reload that drops no call
// (boards/abi.md, "Reload without dropping calls"). `init` resets a core, so a reload starts a
// new core (a generation) on the new image; each line belongs to exactly one generation. A
// line passes from an older generation to the newest once it is idle there and that generation
// has no callback under way (a pending callback may dial on any idle line of its rotary).
// Each core busies out (lineBusyout) the lines it does not drive, so no core dials on a line
// the other one drives. An old generation with no line left is retired.
//
// To the run loop this is one core (CorePort): input goes to the line's generation, output and
// events come from all of them, callback ids are made unique across generations.

import { EventKind, LineEvent, LineState, Output, PoolId } from "../core/abi.ts";
import { CONSOLE_LINE, type Core, type CoreEvent } from "../core/core.ts";
import { CallbackEvent } from "../trace/describe.ts";
import type { CorePort } from "./loop.ts";

export interface Generation<T> {
  /** 1 for the configuration read at start, then one more per accepted reload. */
  readonly number: number;
  readonly core: Core;
  /** The lines it drives now. */
  readonly owned: Set<number>;
  /** What the host keeps for this core (AAA responder, ping responder, ...). */
  readonly data: T;
}

interface GenerationState {
  /** LineState of each line, from the core's events (idle when never reported). */
  readonly states: Map<number, number>;
  /** The last output mask (DTR, RTS) the core set on each line. */
  readonly outputs: Map<number, number>;
}

const ALL_OUTPUTS = Output.DTR | Output.RTS;
const CALLBACK_KINDS = new Set<number>([
  CallbackEvent.Requested, CallbackEvent.Waiting, CallbackEvent.Dialling, CallbackEvent.Connected, CallbackEvent.Finished, CallbackEvent.Retry,
  CallbackEvent.NumberRefused,
]);

export class CoreSwitch<T> implements CorePort {
  private readonly generations: Generation<T>[] = [];
  private readonly states = new Map<Generation<T>, GenerationState>();
  private readonly owner = new Map<number, Generation<T>>();
  private readonly masks = new Map<number, number>();
  private readonly faults = new Map<number, number>();
  private readonly origins = new WeakMap<CoreEvent, Generation<T>>();
  private readonly ids = new Map<string, number>();
  private highestId = 0;
  private pendingOutputs: CoreEvent[] = [];
  /** A line passed to a newer generation. */
  onHandOver: (line: number, from: Generation<T>, to: Generation<T>) => void = () => {};
  /** An old generation drives no line any more: the host may drop what it kept for it. */
  onRetired: (generation: Generation<T>) => void = () => {};

  /** `lines`: the modem lines driven (the console, line 0, always belongs to the newest core). */
  constructor(private readonly lines: readonly number[]) {}

  /** Starts a generation on an initialised core; the first takes every line, a later one the idle ones now, the rest as they become free. */
  adopt(core: Core, data: T): Generation<T> {
    const generation: Generation<T> = { number: this.generations.length ? this.newest().number + 1 : 1, core, owned: new Set(), data };
    this.states.set(generation, { states: new Map(), outputs: new Map() });
    for (const [line, fault] of this.faults) core.markFault(line, fault);
    const first = this.generations.length === 0;
    this.generations.push(generation);
    for (const line of this.lines) {
      if (first) this.assign(line, generation);
      else core.exports.lineBusyout(line, 1);
    }
    const console = this.owner.get(CONSOLE_LINE);
    if (console) console.owned.delete(CONSOLE_LINE);
    this.assign(CONSOLE_LINE, generation);
    if (!first) this.handOver();
    return generation;
  }

  newest(): Generation<T> {
    return this.generations[this.generations.length - 1];
  }

  /** Every generation still driving a line, oldest first. */
  live(): readonly Generation<T>[] {
    return this.generations;
  }

  ownerOf(line: number): Generation<T> | undefined {
    return this.owner.get(line);
  }

  /** The generation an event drained from this switch came from. */
  originOf(e: CoreEvent): Generation<T> | undefined {
    return this.origins.get(e);
  }

  /** Lines still driven by an older generation (in a call, or waiting for its callbacks). */
  heldByOlder(): number[] {
    const newest = this.newest();
    return [...this.owner].filter(([line, g]) => line !== CONSOLE_LINE && g !== newest).map(([line]) => line);
  }

  rxPush(line: number, data: Uint8Array): number {
    const g = this.owner.get(line);
    return g ? g.core.rxPush(line, data) : data.length;
  }

  txDrain(line: number): Uint8Array {
    // An older core may still hold the tail of a call's output for a line it just gave up.
    const parts = this.generations.map((g) => g.core.txDrain(line)).filter((p) => p.length);
    if (parts.length <= 1) return parts[0] ?? new Uint8Array(0);
    return Buffer.concat(parts);
  }

  /** Every generation knows the mark: `show line N` runs on the console's (the newest) core. */
  markFault(line: number, fault: number): void {
    this.faults.set(line, fault);
    for (const g of this.generations) g.core.markFault(line, fault);
  }

  signals(line: number, mask: number): void {
    this.masks.set(line, mask);
    this.owner.get(line)?.core.signals(line, mask);
  }

  tick(now: number): number | null {
    let next: number | null = null;
    for (const g of this.generations) {
      const d = g.core.tick(now);
      if (d !== null && (next === null || d < next)) next = d;
    }
    return next;
  }

  *drainEvents(): Generator<CoreEvent> {
    for (const g of [...this.generations]) {
      const state = this.states.get(g)!;
      for (const e of g.core.drainEvents()) {
        if (e.kind === LineEvent.LineState) state.states.set(e.line, e.args[0]);
        if (e.kind === EventKind.SignalsSet) {
          state.outputs.set(e.line, e.args[0]);
          if (this.owner.get(e.line) !== g) continue; // not its line: the device is another core's
        }
        this.renumber(g, e);
        this.origins.set(e, g);
        yield e;
      }
    }
    this.handOver();
    const outputs = this.pendingOutputs;
    this.pendingOutputs = [];
    for (const e of outputs) {
      this.origins.set(e, this.owner.get(e.line)!);
      yield e;
    }
  }

  private assign(line: number, g: Generation<T>): void {
    this.owner.get(line)?.owned.delete(line);
    this.owner.set(line, g);
    g.owned.add(line);
  }

  /** Idle lines of older generations without callbacks under way pass to the newest. */
  private handOver(): void {
    const newest = this.newest();
    for (const [line, from] of [...this.owner]) {
      if (from === newest || line === CONSOLE_LINE) continue;
      const state = this.states.get(from)!;
      if ((state.states.get(line) ?? LineState.Idle) !== LineState.Idle) continue;
      if (from.core.exports.poolUsage(PoolId.CallbackRecords) > 0) continue;
      from.core.exports.lineBusyout(line, 1);
      newest.core.exports.lineBusyout(line, 0);
      this.assign(line, newest);
      const mask = this.masks.get(line);
      if (mask !== undefined) newest.core.signals(line, mask);
      // A new core starts every line with DTR and RTS up: the device must be so too.
      if ((state.outputs.get(line) ?? ALL_OUTPUTS) !== ALL_OUTPUTS) {
        this.pendingOutputs.push({ seq: 0, line, kind: EventKind.SignalsSet, args: [ALL_OUTPUTS, 0, 0, 0], data: new Uint8Array(0) });
      }
      this.onHandOver(line, from, newest);
    }
    for (const g of this.generations.slice(0, -1)) {
      if (g.owned.size > 0) continue;
      this.generations.splice(this.generations.indexOf(g), 1);
      this.states.delete(g);
      this.onRetired(g);
    }
  }

  /**
   * Callback ids are unique within a core; after a reload two cores number from 1. Ids seen
   * before the first reload keep their number, every later one gets the next free number.
   */
  private renumber(g: Generation<T>, e: CoreEvent): void {
    const at: 0 | 2 | null = CALLBACK_KINDS.has(e.kind) ? 0 : e.kind === LineEvent.LineState && e.args[2] ? 2 : null;
    if (at === null) return;
    const key = `${g.number}:${e.args[at]}`;
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.generations.length === 1 && g.number === 1 && e.args[at] > this.highestId ? e.args[at] : this.highestId + 1;
      this.ids.set(key, id);
    }
    this.highestId = Math.max(this.highestId, id);
    e.args[at] = id;
  }
}
