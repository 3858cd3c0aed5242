// Writes the binary configuration image the core reads in init() (format: boards/image.md).

import { crc32 } from "./crc32.ts";
import { LineFlag, SectionType } from "./image-enums.ts";

export { LineFlag, SectionType };

export const IMAGE_MAGIC = 0x4b424c44; // "DLBK" little-endian
export const IMAGE_VERSION = 1;
export const IMAGE_HEADER_BYTES = 24;
export const SECTION_ENTRY_BYTES = 12;

export interface Section {
  type: number;
  bytes: Uint8Array;
}

/** Header, section directory, then each section 4-byte aligned; CRC-32 over bytes 16..end. */
export function writeImage(sections: Section[]): Uint8Array {
  let offset = IMAGE_HEADER_BYTES + sections.length * SECTION_ENTRY_BYTES;
  const placed = sections.map((s) => {
    offset = (offset + 3) & ~3;
    const at = offset;
    offset += s.bytes.length;
    return at;
  });
  const total = (offset + 3) & ~3;
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  view.setUint32(0, IMAGE_MAGIC, true);
  view.setUint16(4, IMAGE_VERSION, true);
  view.setUint16(6, IMAGE_HEADER_BYTES, true);
  view.setUint32(8, total, true);
  view.setUint16(16, sections.length, true);
  sections.forEach((s, i) => {
    const entry = IMAGE_HEADER_BYTES + i * SECTION_ENTRY_BYTES;
    view.setUint16(entry, s.type, true);
    view.setUint32(entry + 4, placed[i], true);
    view.setUint32(entry + 8, s.bytes.length, true);
    out.set(s.bytes, placed[i]);
  });
  view.setUint32(12, crc32(out.subarray(16)), true);
  return out;
}

export interface SystemSettings {
  /** Host write window per line, bytes. */
  rxWindowBytes: number;
  /** Transmit ring per line, bytes. */
  txRingBytes: number;
  /** Largest unescaped frame kept: address, control, protocol, information, FCS. */
  frameMax: number;
  eventSlots: number;
  eventDataBytes: number;
}

export const DEFAULT_SYSTEM: SystemSettings = {
  rxWindowBytes: 2048,
  txRingBytes: 8192,
  frameMax: 1500 + 2 + 2 + 4 + 64,
  eventSlots: 256,
  eventDataBytes: 32768,
};

/**
 * System settings for an image of `lines` TTY lines: the event rings grow with the lines (16
 * records and 512 payload bytes a line, the defaults at least), so that every line can report
 * a callback step in the same tick (dialling, the chat script's first steps, a hang-up) and
 * the story loses nothing when all of them call back at once.
 */
export function systemForLines(lines: number): SystemSettings {
  return {
    ...DEFAULT_SYSTEM,
    eventSlots: Math.max(DEFAULT_SYSTEM.eventSlots, 16 * lines),
    eventDataBytes: Math.max(DEFAULT_SYSTEM.eventDataBytes, 512 * lines),
  };
}

export function encodeSystem(s: SystemSettings): Section {
  const bytes = new Uint8Array(20);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, s.rxWindowBytes, true);
  view.setUint32(4, s.txRingBytes, true);
  view.setUint32(8, s.frameMax, true);
  view.setUint32(12, s.eventSlots, true);
  view.setUint32(16, s.eventDataBytes, true);
  return { type: SectionType.System, bytes };
}

export interface LineRecord {
  tty: number;
  flags: number;
  /** The rest of an extended record (the configuration compiler's fields, boards/image.md). */
  extension?: Uint8Array;
}

export const LINE_RECORD_BYTES = 4;

/**
 * Table section: count u16, recordBytes u16, then the records: `tty u16, flags u16` first,
 * then the extension bytes when given (recordBytes grows to the longest extension).
 */
export function encodeLines(lines: LineRecord[]): Section {
  const recordBytes = LINE_RECORD_BYTES + Math.max(0, ...lines.map((l) => l.extension?.length ?? 0));
  const bytes = new Uint8Array(4 + lines.length * recordBytes);
  const view = new DataView(bytes.buffer);
  view.setUint16(0, lines.length, true);
  view.setUint16(2, recordBytes, true);
  lines.forEach((l, i) => {
    view.setUint16(4 + i * recordBytes, l.tty, true);
    view.setUint16(6 + i * recordBytes, l.flags, true);
    if (l.extension) bytes.set(l.extension, 8 + i * recordBytes);
  });
  return { type: SectionType.Lines, bytes };
}

/** Little-endian section builder: fixed fields first, strings in a pool after them. */
export class SectionBuilder {
  private bytes = new Uint8Array(256);
  private view = new DataView(this.bytes.buffer);
  length = 0;

  private room(n: number): void {
    if (this.length + n <= this.bytes.length) return;
    const bigger = new Uint8Array(Math.max(this.bytes.length * 2, this.length + n));
    bigger.set(this.bytes);
    this.bytes = bigger;
    this.view = new DataView(bigger.buffer);
  }

  /** A value that does not fit its field would be read back as another: refuse it instead. */
  private fits(v: number, max: number): void {
    if (!Number.isInteger(v) || v < 0 || v > max) throw new RangeError(`image field: ${v} does not fit 0..${max}`);
  }

  u8(v: number): this {
    this.fits(v, 0xff);
    this.room(1);
    this.view.setUint8(this.length++, v);
    return this;
  }

  u16(v: number): this {
    this.fits(v, 0xffff);
    this.room(2);
    this.view.setUint16(this.length, v, true);
    this.length += 2;
    return this;
  }

  u32(v: number): this {
    this.room(4);
    this.view.setUint32(this.length, v >>> 0, true);
    this.length += 4;
    return this;
  }

  raw(b: Uint8Array): this {
    this.room(b.length);
    this.bytes.set(b, this.length);
    this.length += b.length;
    return this;
  }

  /** Overwrites a u16/u32 already written (offset tables filled in later). */
  setU16(at: number, v: number): void {
    this.view.setUint16(at, v, true);
  }

  setU32(at: number, v: number): void {
    this.view.setUint32(at, v >>> 0, true);
  }

  section(type: SectionType): Section {
    return { type, bytes: this.bytes.slice(0, this.length) };
  }
}

/** The smallest useful image: the given TTY lines (frame monitors by default) with default buffer sizes. */
export function imageForLines(ttys: number[], system: SystemSettings = DEFAULT_SYSTEM, flags: number = LineFlag.FrameMonitor): Uint8Array {
  return writeImage([encodeSystem(system), encodeLines(ttys.map((tty) => ({ tty, flags })))]);
}
