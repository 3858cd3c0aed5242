// The virtual telephone network: subscriber lines by number, call setup through the
// exchange (setup delay, busy, no dial tone), and the calls between lines.

import { Call, EndReason } from "./call.ts";
import { Faults } from "./faults.ts";
import { Rng } from "./rng.ts";
import { Scheduler } from "./scheduler.ts";

export interface NetworkSettings {
  /** From the end of dialling to the first ring (or the busy signal). */
  setupDelayMs: number;
  /** One ring every this many ms (North American cadence: 2 s on, 4 s off). */
  ringCadenceMs: number;
  /** How long RI stays on per ring. */
  ringOnMs: number;
  /** The exchange gives up after this many unanswered rings: NO ANSWER. */
  noAnswerRings: number;
  /** Modem handshake from answer to carrier. */
  trainingMs: number;
  /** Deliver bytes at the line rate (10 bit times per byte) instead of at once. */
  pacing: boolean;
}

export const DEFAULT_NETWORK: NetworkSettings = {
  setupDelayMs: 1500,
  ringCadenceMs: 6000,
  ringOnMs: 2000,
  noAnswerRings: 8,
  trainingMs: 2000,
  pacing: false,
};

/** What a device on a telephone line (a modem) is told by the network. */
export interface Subscriber {
  /** Highest line rate the device trains to, bits per second. */
  readonly maxRate: number;
  ring(call: Call, ringNumber: number): void;
  ringStopped(call: Call): void;
  carrier(call: Call): void;
  received(call: Call, data: Uint8Array): void;
  callEnded(call: Call, reason: EndReason): void;
  /** Fault: the device stops responding to everything (optional). */
  fail?(dead: boolean): void;
}

export class PhoneLine {
  /** No dial tone when false (line unplugged, exchange fault). */
  dialtone = true;
  /** Off hook without a call (ATH1, dialling): callers hear busy. */
  offHook = false;
  /** Forced busy (fault injection). */
  forcedBusy = false;
  call: Call | null = null;

  constructor(
    readonly number: string,
    readonly subscriber: Subscriber,
  ) {}

  get busy(): boolean {
    return this.forcedBusy || this.offHook || this.call !== null;
  }
}

export class NetworkError extends Error {}

export class TelephoneNetwork {
  readonly settings: NetworkSettings;
  readonly rng: Rng;
  readonly faults: Faults;
  private readonly lines = new Map<string, PhoneLine>();
  private nextCallId = 1;
  /** Every call placed, for tests and traces. */
  readonly calls: Call[] = [];

  constructor(
    readonly scheduler: Scheduler,
    seed = 1,
    settings: Partial<NetworkSettings> = {},
  ) {
    this.settings = { ...DEFAULT_NETWORK, ...settings };
    this.rng = new Rng(seed);
    this.faults = new Faults(this);
  }

  /** Connects a device to a new subscriber line with this number. */
  attach(number: string, subscriber: Subscriber): PhoneLine {
    if (!/^[0-9*#]+$/.test(number)) throw new NetworkError(`subscriber number "${number}": digits, * and # only`);
    if (this.lines.has(number)) throw new NetworkError(`subscriber number ${number} is taken`);
    const line = new PhoneLine(number, subscriber);
    this.lines.set(number, line);
    return line;
  }

  line(number: string): PhoneLine | undefined {
    return this.lines.get(number);
  }

  numbers(): string[] {
    return [...this.lines.keys()];
  }

  /**
   * `from` dials `number`. The exchange answers after the setup delay with ringing, or ends
   * the call as busy (line in use, or no such number: a reorder tone modems hear as busy).
   * Returns null when the line has no dial tone.
   */
  dial(from: PhoneLine, number: string): Call | null {
    if (!from.dialtone) return null;
    const target = this.lines.get(number);
    const call = new Call(this.nextCallId++, this, from, target ?? from);
    this.calls.push(call);
    from.call = call;
    this.scheduler.after(this.settings.setupDelayMs, () => {
      if (!call.active) return;
      if (!target || target === from || target.busy || !target.dialtone) {
        call.finish(EndReason.Busy, ["caller"]);
        return;
      }
      target.call = call;
      call.startRinging();
    });
    return call;
  }

  /** Called by a call as it ends: both lines are free again. */
  release(call: Call): void {
    if (call.caller.call === call) call.caller.call = null;
    if (call.callee.call === call) call.callee.call = null;
  }
}
