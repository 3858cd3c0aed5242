// Builds a small virtual network for the simulator tests.

import { VirtualClock } from "../../../host/core/clock.ts";
import { TelephoneNetwork, type NetworkSettings } from "../../../host/sim/network.ts";
import { HayesModem, type ModemOptions } from "../../../host/sim/modem/modem.ts";
import { Scheduler } from "../../../host/sim/scheduler.ts";
import { TestDte } from "../../support/sim-dte.ts";

export function world(seed = 7, settings: Partial<NetworkSettings> = {}) {
  const scheduler = new Scheduler(new VirtualClock());
  const network = new TelephoneNetwork(scheduler, seed, settings);
  const modem = (number: string, options: ModemOptions = {}) => new TestDte(new HayesModem(network, number, options));
  const until = (done: () => boolean, limitMs = 120_000) => scheduler.runUntil(done, limitMs);
  return { scheduler, network, modem, until };
}
