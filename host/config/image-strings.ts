// Strings in the image: UTF-8 with a one-byte length, in a pool after a table's fixed records.

import type { SectionBuilder } from "../image/writer.ts";

export class ImageLimitError extends Error {}

const utf8 = new TextEncoder();

export function bytesOf(s: string, what: string): Uint8Array {
  const b = utf8.encode(s);
  if (b.length > 255) throw new ImageLimitError(`${what} is ${b.length} bytes; the image holds at most 255`);
  return b;
}

/** A table of fixed records followed by a string pool; string fields are patched in. */
export class PooledTable {
  private pool: Uint8Array[] = [];
  private poolBytes = 0;
  constructor(private readonly poolStart: number) {}

  /** Returns the string's offset from the section start. */
  add(b: Uint8Array): number {
    const at = this.poolStart + this.poolBytes;
    this.pool.push(b);
    this.poolBytes += b.length;
    if (at + b.length > 0xffff) throw new ImageLimitError("section larger than 64 KiB");
    return at;
  }

  appendTo(w: SectionBuilder): void {
    for (const b of this.pool) w.raw(b);
  }
}

