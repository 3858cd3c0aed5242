// One telephone call between two subscriber lines: setup, ringing, answer, training,
// data both ways, and its end. The network creates calls; the modems drive them.

import type { Timer } from "./scheduler.ts";
import type { PhoneLine, TelephoneNetwork } from "./network.ts";

export enum CallState {
  Setup = "setup",
  Ringing = "ringing",
  Training = "training",
  Connected = "connected",
  Ended = "ended",
}

/** Why a call ended, as the side that did not end it is told. */
export enum EndReason {
  Busy = "busy",
  NoAnswer = "no-answer",
  RemoteHangup = "remote-hangup",
  CarrierLost = "carrier-lost",
  LocalHangup = "local-hangup",
}

export type Side = "caller" | "callee";

export class Call {
  state = CallState.Setup;
  rings = 0;
  endReason: EndReason | null = null;
  /** Line rate agreed at training, bits per second. */
  rate = 0;
  private timer: Timer | null = null;
  /** Per direction, when the last paced byte leaves the wire. */
  private busyUntil = { caller: 0, callee: 0 };

  constructor(
    readonly id: number,
    private readonly network: TelephoneNetwork,
    readonly caller: PhoneLine,
    readonly callee: PhoneLine,
  ) {}

  lineOf(side: Side): PhoneLine {
    return side === "caller" ? this.caller : this.callee;
  }

  sideOf(line: PhoneLine): Side | null {
    if (line === this.caller) return "caller";
    if (line === this.callee) return "callee";
    return null;
  }

  other(side: Side): Side {
    return side === "caller" ? "callee" : "caller";
  }

  get active(): boolean {
    return this.state !== CallState.Ended;
  }

  /** Network side: the exchange found the callee free; ringing starts now. */
  startRinging(): void {
    this.state = CallState.Ringing;
    this.ring();
  }

  private ring(): void {
    if (this.state !== CallState.Ringing) return;
    const s = this.network.settings;
    if (this.rings >= s.noAnswerRings) {
      this.finish(EndReason.NoAnswer, ["caller", "callee"]);
      return;
    }
    this.rings++;
    // Next ring first: the callee may answer inside ring(), which replaces this timer.
    this.timer = this.network.scheduler.after(s.ringCadenceMs, () => this.ring());
    this.callee.subscriber.ring(this, this.rings);
  }

  /** The callee goes off hook while it rings; carrier follows after training. */
  answer(line: PhoneLine): boolean {
    if (this.state !== CallState.Ringing || line !== this.callee) return false;
    this.timer?.cancel();
    this.state = CallState.Training;
    this.rate = Math.min(this.caller.subscriber.maxRate, this.callee.subscriber.maxRate);
    this.timer = this.network.scheduler.after(this.network.settings.trainingMs, () => {
      if (this.state !== CallState.Training) return;
      this.state = CallState.Connected;
      const now = this.network.scheduler.now();
      this.busyUntil = { caller: now, callee: now };
      this.caller.subscriber.carrier(this);
      this.callee.subscriber.carrier(this);
    });
    return true;
  }

  /** Either side hangs up (ATH, DTR drop, or a caller giving up). */
  hangup(line: PhoneLine): void {
    const side = this.sideOf(line);
    if (side === null || !this.active) return;
    this.finish(EndReason.RemoteHangup, [this.other(side)]);
  }

  /** Network fault: carrier lost on both sides at once. */
  dropCarrier(): void {
    if (!this.active) return;
    this.finish(EndReason.CarrierLost, ["caller", "callee"]);
  }

  /** Sends bytes from `line` to the far side; only in the connected state. */
  send(line: PhoneLine, data: Uint8Array): boolean {
    const side = this.sideOf(line);
    if (side === null || this.state !== CallState.Connected || data.length === 0) return false;
    const to = this.lineOf(this.other(side));
    const bytes = this.network.faults.corrupt(to, Uint8Array.from(data));
    const sched = this.network.scheduler;
    let at = sched.now();
    if (this.network.settings.pacing && this.rate > 0) {
      // 8N1: ten bit times per byte on the wire.
      at = Math.max(at, this.busyUntil[side]) + (bytes.length * 10 * 1000) / this.rate;
      this.busyUntil[side] = at;
    }
    sched.at(at, () => {
      if (this.state === CallState.Connected) to.subscriber.received(this, bytes);
    });
    return true;
  }

  /** Delivers line noise to `line`'s subscriber as if it came over the wire. */
  deliverNoise(line: PhoneLine, bytes: Uint8Array): void {
    if (this.state === CallState.Connected && this.sideOf(line) !== null) line.subscriber.received(this, bytes);
  }

  /**
   * Ends the call and tells the sides in `tell`: a callee still ringing hears the ringing
   * stop, any other side is told `reason`.
   */
  finish(reason: EndReason, tell: Side[]): void {
    if (!this.active) return;
    const wasRinging = this.state === CallState.Setup || this.state === CallState.Ringing;
    this.timer?.cancel();
    this.state = CallState.Ended;
    this.endReason = reason;
    this.network.release(this);
    for (const side of tell) {
      const line = this.lineOf(side);
      if (side === "callee" && wasRinging) line.subscriber.ringStopped(this);
      else line.subscriber.callEnded(this, reason);
    }
  }
}
