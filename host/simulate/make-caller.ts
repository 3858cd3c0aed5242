// Which simulated caller plays a scenario caller: a terminal for EXEC callback, an ARA client
// for ARAP, a PPP client otherwise. Core-playing callers hold a core of `cores` while they call.

import type { Scheduler } from "../sim/scheduler.ts";
import type { TelephoneNetwork } from "../sim/network.ts";
import type { Caller } from "../scenario/scenario.ts";
import type { ArapKeyLayout } from "../core/arap.ts";
import { PppCaller, TerminalCaller, SimCaller, type Narrate } from "./callers.ts";
import { ArapCaller } from "./arap-caller.ts";
import type { CorePool } from "./core-pool.ts";
import type { ModemSeats } from "./modem-seat.ts";

export interface CallerSetting {
  network: TelephoneNetwork;
  scheduler: Scheduler;
  narrate: Narrate;
  cores: CorePool;
  seats: ModemSeats;
  /** How the configuration lays ARAP passwords into DES keys (ARA callers use the same). */
  arapKeyLayout: ArapKeyLayout;
  /** ARA callers narrate their ARAP trace too. */
  debug: boolean;
}

export function makeCaller(caller: Caller, serverNumber: string, s: CallerSetting): SimCaller {
  const seat = s.seats.of(caller.phone);
  if (caller.method === "exec") return new TerminalCaller(caller, seat, s.network, s.scheduler, serverNumber, s.narrate);
  if (caller.method === "arap") return new ArapCaller(caller, seat, s.network, s.scheduler, serverNumber, s.narrate, s.cores, s.arapKeyLayout, s.debug);
  return new PppCaller(caller, seat, s.network, s.scheduler, serverNumber, s.narrate, s.cores);
}
