// Byte ring over a caller-provided block: single producer, single consumer.
//
//  Ring (20 bytes)
//  ┌────────┬──────────┬──────────┬──────────┬──────────┐
//  │ data   │ capacity │ readPos  │ writePos │ reserved │   positions count up forever (mod 2^32);
//  │ u32 ptr│ u32      │ u32      │ u32      │ u32      │   used = writePos - readPos
//  └────────┴──────────┴──────────┴──────────┴──────────┘

@unmanaged
export class Ring {
  data: usize;
  capacity: u32;
  readPos: u32;
  writePos: u32;
  reserved: u32;
}

export const RING_HEADER_BYTES: i32 = offsetof<Ring>();

export function ringInit(ring: Ring, data: usize, capacity: u32): void {
  ring.data = data;
  ring.capacity = capacity;
  ring.readPos = 0;
  ring.writePos = 0;
}

export function ringUsed(ring: Ring): u32 {
  return ring.writePos - ring.readPos;
}

export function ringFree(ring: Ring): u32 {
  return ring.capacity - (ring.writePos - ring.readPos);
}

/** Copies up to `len` bytes in; returns how many fit. */
export function ringWrite(ring: Ring, src: usize, len: u32): u32 {
  const free = ringFree(ring);
  const n = len < free ? len : free;
  if (n == 0) return 0;
  const at = ring.writePos % ring.capacity;
  const first = ring.capacity - at < n ? ring.capacity - at : n;
  memory.copy(ring.data + at, src, first);
  if (first < n) memory.copy(ring.data, src + first, n - first);
  ring.writePos += n;
  return n;
}

/** Appends one byte; false when full. */
export function ringPutByte(ring: Ring, byte: u8): bool {
  if (ringFree(ring) == 0) return false;
  store<u8>(ring.data + ring.writePos % ring.capacity, byte);
  ring.writePos += 1;
  return true;
}

/** Length of the readable run that starts at the read position and does not wrap. */
export function ringContiguous(ring: Ring): u32 {
  const used = ringUsed(ring);
  const at = ring.readPos % ring.capacity;
  const toEnd = ring.capacity - at;
  return used < toEnd ? used : toEnd;
}

/** Address of the next readable byte. */
export function ringReadPtr(ring: Ring): usize {
  return ring.data + ring.readPos % ring.capacity;
}

/** Marks `n` bytes as consumed (never more than are readable). */
export function ringConsume(ring: Ring, n: u32): u32 {
  const used = ringUsed(ring);
  const k = n < used ? n : used;
  ring.readPos += k;
  return k;
}

/** Copies up to `len` bytes out and consumes them; returns the count. */
export function ringRead(ring: Ring, dst: usize, len: u32): u32 {
  let done: u32 = 0;
  while (done < len) {
    const run = ringContiguous(ring);
    if (run == 0) break;
    const n = run < len - done ? run : len - done;
    memory.copy(dst + done, ringReadPtr(ring), n);
    ringConsume(ring, n);
    done += n;
  }
  return done;
}

export function ringClear(ring: Ring): void {
  ring.readPos = ring.writePos;
}
