// One fixed region carved once per init(): every pool of the core lives here.
// Nothing is allocated after init; a take that does not fit returns 0 and is counted.

import { BUILD_ARENA_BYTES } from "./build-size";

/**
 * Bytes reserved for pools. The module's memory never grows past this. The interpreter
 * hint (abi/engine.ts) reserves the FCS-16 pair table (128 KiB) at the top first, and the
 * ACCM-all-ones framing tables (576 KiB, wire/hdlc-interpreter.ts) below it last, only if
 * they still fit above the pools. Sized so that 63 lines, each with its own chat runner
 * (every line may dial at once), still leave room for both tables; a build for fewer lines
 * sets its own size (build-size.ts).
 */
export const ARENA_BYTES: i32 = BUILD_ARENA_BYTES;

// @ts-ignore: decorator
@lazy const arenaBase: usize = memory.data(ARENA_BYTES, 16);
/**
 * First address past the arena, known when compiling: tables reserved at the top
 * (arenaReserveTop) sit at fixed addresses, so a lookup is one load whose immediate
 * offset is the table's address.
 */
// @ts-ignore: decorator
@inline export const ARENA_END: usize = arenaBase + <usize>ARENA_BYTES;
let arenaOffset: usize = 0;
let arenaLimit: usize = <usize>ARENA_BYTES;
let arenaHighWater: usize = 0;
/** Lowest top reservation ever made: memory between the two water marks was never handed out. */
let arenaLowLimit: usize = <usize>ARENA_BYTES;

/** Forgets every pool and top reservation: only init() calls this, before carving again. */
export function arenaReset(): void {
  if (arenaOffset > arenaHighWater) arenaHighWater = arenaOffset;
  if (arenaLimit < arenaLowLimit) arenaLowLimit = arenaLimit;
  arenaOffset = 0;
  arenaLimit = <usize>ARENA_BYTES;
  // Only what was ever taken needs zeroing: the rest is still as the module started (zero),
  // and a first init touches no page it does not use (many cores in one process stay small).
  memory.fill(arenaBase, 0, arenaHighWater);
  memory.fill(arenaBase + arenaLowLimit, 0, <usize>ARENA_BYTES - arenaLowLimit);
}

/**
 * Takes `bytes` more from the top of the arena: the reservations together end at
 * ARENA_END, so a caller that reserves in a fixed order knows each address in advance.
 * False (nothing taken) when the pools already reach into that space.
 */
export function arenaReserveTop(bytes: i32): bool {
  if (bytes < 0 || <usize>bytes > arenaLimit - arenaOffset) return false;
  arenaLimit -= <usize>bytes;
  return true;
}

/** Zeroed block of `bytes`, aligned to `align` (a power of two); 0 when it does not fit. */
export function arenaTake(bytes: i32, align: i32 = 8): usize {
  if (bytes < 0) return 0;
  const mask = <usize>(align - 1);
  const start = (arenaOffset + mask) & ~mask;
  const end = start + <usize>bytes;
  if (end > arenaLimit) return 0;
  arenaOffset = end;
  return arenaBase + start;
}

/** Bytes of the arena in use since the last reset, top reservations included. */
export function arenaUsed(): i32 {
  return <i32>(arenaOffset + (<usize>ARENA_BYTES - arenaLimit));
}

export function arenaCapacity(): i32 {
  return ARENA_BYTES;
}
