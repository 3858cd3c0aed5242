// pcap files of PPP links that Wireshark/tshark open: link type PPP_WITH_DIR (204), each
// record a direction octet (0 received, 1 sent) then the frame from address/control (or
// its compressed form) to the end of the information field, without FCS.

export const LINKTYPE_PPP_WITH_DIR = 204;
const PCAP_MAGIC = 0xa1b2c3d4;

export class PcapWriter {
  private readonly parts: Buffer[] = [];

  constructor(snapLength = 65535) {
    const header = Buffer.alloc(24);
    header.writeUInt32LE(PCAP_MAGIC, 0);
    header.writeUInt16LE(2, 4);
    header.writeUInt16LE(4, 6);
    header.writeInt32LE(0, 8); // timestamps are UTC
    header.writeUInt32LE(0, 12);
    header.writeUInt32LE(snapLength, 16);
    header.writeUInt32LE(LINKTYPE_PPP_WITH_DIR, 20);
    this.parts.push(header);
  }

  /** Adds one frame seen at `timeMs` (milliseconds since the epoch, or of a virtual clock). */
  add(timeMs: number, direction: "in" | "out", frame: Uint8Array): void {
    const record = Buffer.alloc(16 + 1 + frame.length);
    const seconds = Math.floor(timeMs / 1000);
    record.writeUInt32LE(seconds >>> 0, 0);
    record.writeUInt32LE(Math.round((timeMs - seconds * 1000) * 1000), 4);
    record.writeUInt32LE(frame.length + 1, 8);
    record.writeUInt32LE(frame.length + 1, 12);
    record.writeUInt8(direction === "out" ? 1 : 0, 16);
    record.set(frame, 17);
    this.parts.push(record);
  }

  get records(): number {
    return this.parts.length - 1;
  }

  bytes(): Buffer {
    return Buffer.concat(this.parts);
  }
}
