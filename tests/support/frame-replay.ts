// One core line driven frame by frame, as a captured peer would drive it: whole frames in
// (protocol field + packet), the core's output split back into frames, its PPP events kept.
// Time stands still unless a test moves the clock, so no timer fires behind the replay.

import assert from "node:assert/strict";
import { Core } from "../../host/core/core.ts";
import { VirtualClock } from "../../host/core/clock.ts";
import { imageForLines } from "../../host/image/writer.ts";
import { authUserAdd, decodePppEvent, entropyPush, pppOpen, type PppEvent, type PppOptions, PppRole } from "../../host/core/ppp.ts";
import { hdlcFrame } from "./hdlc.ts";
import { HdlcDeframer } from "./ppp-frames.ts";

const LINE = 1;

export const hex = (bytes: ArrayLike<number>): string => Buffer.from(Array.from(bytes)).toString("hex");

export class ReplayLine {
  readonly clock = new VirtualClock(1_000);
  readonly events: PppEvent[] = [];
  private readonly deframer = new HdlcDeframer();

  private constructor(readonly core: Core) {}

  /** A fresh core with `users`, line 1 opened in `role` with `options`. */
  static async open(role: PppRole, options: PppOptions, users: [string, string][] = []): Promise<ReplayLine> {
    const core = await Core.load();
    core.init(imageForLines([LINE]));
    entropyPush(core, Buffer.from("replay-seed"));
    const r = new ReplayLine(core);
    core.tick(r.clock.now());
    for (const [name, secret] of users) assert.ok(authUserAdd(core, name, secret) >= 0, `user ${name}`);
    assert.equal(pppOpen(core, LINE, role, options), 0);
    return r;
  }

  /** Sends protocol field + packet with address and control field (as a peer before LCP is open). */
  send(bytes: number[]): void {
    this.sendAsIs([0xff, 0x03, ...bytes]);
  }

  /** Sends the frame's contents as they are (e.g. without address and control field once ACFC is agreed). */
  sendAsIs(bytes: number[]): void {
    const wire = hdlcFrame(Uint8Array.from(bytes));
    assert.equal(this.core.rxPush(LINE, wire), wire.length);
    this.core.tick(this.clock.now());
  }

  /** What the core sent since the last call: protocol field (two octets) + packet. */
  received(): number[][] {
    for (const e of this.core.drainEvents()) {
      const p = decodePppEvent(e);
      if (p) this.events.push(p);
    }
    return this.deframer.push(this.core.txDrain(LINE)).map((f) => {
      let at = f[0] === 0xff && f[1] === 0x03 ? 2 : 0;
      // RFC 1661 §6.5: a compressed protocol field is one odd octet.
      const protocol = f[at] & 1 ? f[at++] : (f[at++] << 8) | f[at++];
      return [protocol >> 8, protocol & 255, ...f.subarray(at)];
    });
  }

  /** The one frame of `protocol` and `code` among `frames`. */
  expectOne(frames: number[][], protocol: number, code: number): number[] {
    const found = frames.filter((f) => ((f[0] << 8) | f[1]) === protocol && f[2] === code);
    assert.equal(found.length, 1, `one ${protocol.toString(16)} code ${code} in ${frames.map(hex).join(" ")}`);
    return found[0];
  }
}

/** The answer that acks `request` as it stands (RFC 1661 §5.2): code 2, same identifier and options. */
export function ackOf(request: number[]): number[] {
  return [request[0], request[1], 2, ...request.slice(3)];
}

/** The options of a packet (protocol field first), each as hex "tt ll value". */
export function optionsOf(packet: number[]): string[] {
  const out: string[] = [];
  for (let at = 6; at + 1 < packet.length && packet[at + 1] >= 2; at += packet[at + 1]) out.push(hex(packet.slice(at, at + packet[at + 1])));
  return out;
}
