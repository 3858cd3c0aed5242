// A caller's modem on the virtual telephone network. Calls of one user from one phone share
// it, one at a time: a call whose start comes while the modem is still busy with the one
// before waits its turn (a person dials again once the last call is over).

import { HayesModem } from "../sim/modem/modem.ts";
import type { TelephoneNetwork } from "../sim/network.ts";

/** Who may sit at the modem: told when its turn comes. */
export interface SeatUser {
  takeTurn(): void;
}

export class ModemSeat {
  readonly modem: HayesModem;
  private holder: SeatUser | null = null;
  private readonly queue: SeatUser[] = [];
  /** The modem served a call before: the next one resets auto-answer first. */
  used = false;

  constructor(network: TelephoneNetwork, phone: string) {
    this.modem = new HayesModem(network, phone, { maxRate: 33600, profile: { echo: false } });
  }

  /** True when `who` has the modem now; otherwise it waits and takeTurn() comes later. */
  claim(who: SeatUser): boolean {
    if (this.holder === null || this.holder === who) {
      this.holder = who;
      return true;
    }
    if (!this.queue.includes(who)) this.queue.push(who);
    return false;
  }

  /** `who` is done with the modem: the next waiting call takes it. */
  release(who: SeatUser): void {
    if (this.holder !== who) return;
    this.holder = null;
    this.used = true;
    const next = this.queue.shift();
    if (next) {
      this.holder = next;
      next.takeTurn();
    }
  }
}

/** One seat per phone number. */
export class ModemSeats {
  private readonly seats = new Map<string, ModemSeat>();

  constructor(private readonly network: TelephoneNetwork) {}

  of(phone: string): ModemSeat {
    let seat = this.seats.get(phone);
    if (!seat) {
      seat = new ModemSeat(this.network, phone);
      this.seats.set(phone, seat);
    }
    return seat;
  }
}
