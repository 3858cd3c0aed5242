// One fixed region carved once per init(): every pool of the core lives here.
// Nothing is allocated after init; a take that does not fit returns 0 and is counted.

/**
 * Bytes reserved for pools. The module's memory never grows past this. The interpreter
 * hint (abi/engine.ts) takes the FCS-16 pair table (128 KiB) first, and the ACCM-all-ones
 * framing tables (640 KiB, wire/hdlc-interpreter.ts) last, only if they still fit.
 */
export const ARENA_BYTES: i32 = 2560 * 1024;

// @ts-ignore: decorator
@lazy const arenaBase: usize = memory.data(ARENA_BYTES, 16);
let arenaOffset: usize = 0;
let arenaHighWater: usize = 0;

/** Forgets every pool: only init() calls this, before carving again. */
export function arenaReset(): void {
  if (arenaOffset > arenaHighWater) arenaHighWater = arenaOffset;
  arenaOffset = 0;
  memory.fill(arenaBase, 0, <usize>ARENA_BYTES);
}

/** Zeroed block of `bytes`, aligned to `align` (a power of two); 0 when it does not fit. */
export function arenaTake(bytes: i32, align: i32 = 8): usize {
  if (bytes < 0) return 0;
  const mask = <usize>(align - 1);
  const start = (arenaOffset + mask) & ~mask;
  const end = start + <usize>bytes;
  if (end > <usize>ARENA_BYTES) return 0;
  arenaOffset = end;
  return arenaBase + start;
}

/** Bytes of the arena in use since the last reset. */
export function arenaUsed(): i32 {
  return <i32>arenaOffset;
}

export function arenaCapacity(): i32 {
  return ARENA_BYTES;
}
