// What this build serves, fixed when compiling. The default build takes 63 lines; `npm run
// build -- --lines N` (scripts/build-core.mjs) passes `--use DIALBACK_LINES=N` and the arena
// measured for N lines, so a board without external RAM gets the smallest fixed memory.

/** Most TTY lines an image may list (init refuses more with TooManyLines). */
// @ts-ignore: compile-time constant from --use
export const BUILD_LINES: i32 = isDefined(DIALBACK_LINES) ? DIALBACK_LINES : 63;
/** Bytes of the pool arena (mem/arena.ts). */
// @ts-ignore: compile-time constant from --use
export const BUILD_ARENA_BYTES: i32 = isDefined(DIALBACK_ARENA_BYTES) ? DIALBACK_ARENA_BYTES : 3584 * 1024;
/** Whether the interpreter's lookup tables (abi/engine.ts) may be reserved; off where they cannot fit. */
// @ts-ignore: compile-time constant from --use
export const BUILD_ENGINE_TABLES: bool = isDefined(DIALBACK_ENGINE_TABLES) ? DIALBACK_ENGINE_TABLES != 0 : true;

/** The most lines an image may list for this build (board ABI: abi.md, Lines). */
export function linesServed(): i32 {
  return BUILD_LINES;
}
