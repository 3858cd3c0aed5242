// Classic libpcap files (the format tshark and Wireshark read everywhere), one record per
// PPP frame. Link type 204 (PPP_WITH_DIR) prefixes each frame with a direction octet.

import { writeFileSync } from "node:fs";
import type { Clock } from "../core/clock.ts";

export const PCAP_MAGIC = 0xa1b2c3d4;
export const LINKTYPE_PPP = 9;
export const LINKTYPE_PPP_WITH_DIR = 204;
export const PCAP_SNAPLEN = 65535;

/** Which way a frame went, seen from our side of the line. */
export enum Direction {
  /** Sent by the peer, received by us (direction octet 0). */
  Received = 0,
  /** Sent by us (direction octet non-zero; Wireshark shows "DTE→DCE"). */
  Sent = 1,
}

export interface PcapOptions {
  clock: Clock;
  /** Wall-clock time (ms since 1970) that clock time 0 stands for; 0 keeps files reproducible. */
  epochMs?: number;
  linkType?: typeof LINKTYPE_PPP | typeof LINKTYPE_PPP_WITH_DIR;
}

/** Collects frames (unescaped, FCS removed, starting FF 03 or with the protocol) into a pcap. */
export class PcapWriter {
  private readonly clock: Clock;
  private readonly epochMs: number;
  readonly linkType: number;
  private readonly records: Buffer[] = [];
  private frames = 0;

  constructor(options: PcapOptions) {
    this.clock = options.clock;
    this.epochMs = options.epochMs ?? 0;
    this.linkType = options.linkType ?? LINKTYPE_PPP_WITH_DIR;
  }

  get frameCount(): number {
    return this.frames;
  }

  /** Adds one frame, stamped with the clock's time now unless `atMs` is given. */
  add(direction: Direction, frame: Uint8Array, atMs: number = this.clock.now()): void {
    const body = this.linkType === LINKTYPE_PPP_WITH_DIR ? Buffer.concat([Buffer.of(direction === Direction.Sent ? 1 : 0), frame]) : Buffer.from(frame);
    const kept = body.subarray(0, PCAP_SNAPLEN);
    const micros = Math.max(0, Math.round((this.epochMs + atMs) * 1000));
    const header = Buffer.alloc(16);
    header.writeUInt32LE(Math.floor(micros / 1_000_000), 0);
    header.writeUInt32LE(micros % 1_000_000, 4);
    header.writeUInt32LE(kept.length, 8); // incl_len
    header.writeUInt32LE(body.length, 12); // orig_len
    this.records.push(header, Buffer.from(kept));
    this.frames++;
  }

  /** The whole file: global header (version 2.4, little-endian), then the records. */
  toBuffer(): Buffer {
    const header = Buffer.alloc(24);
    header.writeUInt32LE(PCAP_MAGIC, 0);
    header.writeUInt16LE(2, 4);
    header.writeUInt16LE(4, 6);
    header.writeInt32LE(0, 8); // thiszone: timestamps are UTC
    header.writeUInt32LE(0, 12); // sigfigs
    header.writeUInt32LE(PCAP_SNAPLEN, 16);
    header.writeUInt32LE(this.linkType, 20);
    return Buffer.concat([header, ...this.records]);
  }

  save(path: string): void {
    writeFileSync(path, this.toBuffer());
  }
}
