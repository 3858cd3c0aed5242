// A whole simulated installation: scheduler, telephone network, a modem per simulated
// line and the far-end subscribers of a board profile.

import { VirtualClock } from "../core/clock.ts";
import type { SubscriberProfile } from "../boards/profile.ts";
import { TelephoneNetwork, type NetworkSettings } from "./network.ts";
import { HayesModem } from "./modem/modem.ts";
import { Scheduler } from "./scheduler.ts";

export class SimWorld {
  readonly scheduler: Scheduler;
  readonly network: TelephoneNetwork;
  private readonly modems = new Map<string, HayesModem>();

  constructor(seed = 1, settings: Partial<NetworkSettings> = {}, clock = new VirtualClock()) {
    this.scheduler = new Scheduler(clock);
    this.network = new TelephoneNetwork(this.scheduler, seed, settings);
  }

  /** A modem for a line of ours (its DTE side is the access server); `autoAnswer` sets S0=1; `identity` is what ATI3 prints. */
  lineModem(number: string, maxRate = 33600, autoAnswer = false, identity?: string): HayesModem {
    const modem = new HayesModem(this.network, number, { maxRate, profile: autoAnswer ? { s: { 0: 1 } } : {}, identity });
    this.modems.set(number, modem);
    return modem;
  }

  /** A far-end modem with no DTE of its own, behaving as the profile says. */
  farEnd(s: SubscriberProfile): HayesModem {
    const modem = new HayesModem(this.network, s.number, {
      maxRate: s.maxRate,
      profile: { echo: false, s: { 0: s.behaviour === "answer" ? 1 : 0 } },
    });
    this.modems.set(s.number, modem);
    if (s.behaviour === "busy") this.network.faults.forceBusy(s.number);
    if (s.behaviour === "dead") this.network.faults.stopAnswering(s.number);
    return modem;
  }

  modem(number: string): HayesModem | undefined {
    return this.modems.get(number);
  }
}

/** The number a simulated line gets when none is given: 555 1000 + tty. */
export function defaultLineNumber(tty: number): string {
  return String(5551000 + tty);
}
