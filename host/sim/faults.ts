// Faults injected into the virtual network, all driven by the seeded random stream:
// line noise, carrier drops, busy lines, dead lines, and modems that stop answering.

import type { PhoneLine, TelephoneNetwork } from "./network.ts";

export class Faults {
  /** Per subscriber number: chance that each byte sent to it is replaced by a random one. */
  private readonly errorRate = new Map<string, number>();

  constructor(private readonly network: TelephoneNetwork) {}

  private lineOrThrow(number: string) {
    const line = this.network.line(number);
    if (!line) throw new RangeError(`no subscriber ${number}`);
    return line;
  }

  /** Bytes travelling towards `number` are hit with probability `p` each (0 turns it off). */
  setByteErrorRate(number: string, p: number): void {
    if (!(p >= 0 && p <= 1)) throw new RangeError(`error rate ${p}: between 0 and 1`);
    this.lineOrThrow(number);
    if (p === 0) this.errorRate.delete(number);
    else this.errorRate.set(number, p);
  }

  /** Applies the byte error rate of the receiving line `to` (used by Call.send). */
  corrupt(to: PhoneLine, bytes: Uint8Array): Uint8Array {
    const p = this.errorRate.get(to.number);
    if (!p) return bytes;
    const rng = this.network.rng;
    for (let i = 0; i < bytes.length; i++) if (rng.next() < p) bytes[i] = rng.nextU32() & 0xff;
    return bytes;
  }

  /** A burst of `n` random bytes arrives at `number` at virtual time `atMs` (default now). */
  noiseBurst(number: string, n: number, atMs = this.network.scheduler.now()): void {
    const line = this.lineOrThrow(number);
    this.network.scheduler.at(atMs, () => {
      const call = line.call;
      if (call) call.deliverNoise(line, this.network.rng.bytes(n));
    });
  }

  /** The call on `number` loses carrier at `atMs` (default now): both modems see it. */
  dropCarrier(number: string, atMs = this.network.scheduler.now()): void {
    const line = this.lineOrThrow(number);
    this.network.scheduler.at(atMs, () => line.call?.dropCarrier());
  }

  /** Callers of `number` hear busy whatever its state. */
  forceBusy(number: string, busy = true): void {
    this.lineOrThrow(number).forcedBusy = busy;
  }

  /** The line of `number` loses (or regains) dial tone. */
  unplug(number: string, unplugged = true): void {
    this.lineOrThrow(number).dialtone = !unplugged;
  }

  /** The device on `number` stops responding at all: no answer, no result codes. */
  stopAnswering(number: string, dead = true): void {
    const line = this.lineOrThrow(number);
    if (!line.subscriber.fail) throw new RangeError(`subscriber ${number} cannot be made to fail`);
    line.subscriber.fail(dead);
  }
}
