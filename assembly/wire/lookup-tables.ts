// Where the interpreter's large lookup tables live: at the top of the arena, reserved in
// this order (abi/engine.ts), so each address is known when compiling and every lookup
// is a single load with the table's address as its immediate offset.
//
//  ┌ … pools … ┬──────────────────────────────────────────────────┬──────────────────┐
//  │           │ framing tables (PAIR_TABLES_BYTES, 576 KiB)      │ FCS-16 pairs     │
//  │           │ stuff │ stuffLen │ unstuff                       │ (128 KiB)        │
//  └───────────┴──────────────────────────────────────────────────┴──────────────────┘ ARENA_END

import { ARENA_END } from "../mem/arena";

/** Two-octet FCS-16 table: u16 × 65536. */
export const FCS16_PAIR_TABLE_BYTES: i32 = 65536 * 2;
/** The four framing tables of hdlc-interpreter.ts together. */
export const PAIR_TABLES_BYTES: i32 = 65536 * 4 + 65536 + 65536 * 4;

// @ts-ignore: decorator
@inline export const FCS16_PAIRS_AT: usize = ARENA_END - <usize>FCS16_PAIR_TABLE_BYTES;
// @ts-ignore: decorator
@inline export const STUFF_AT: usize = FCS16_PAIRS_AT - <usize>PAIR_TABLES_BYTES;
// @ts-ignore: decorator
@inline export const STUFF_LEN_AT: usize = STUFF_AT + 65536 * 4;
// @ts-ignore: decorator
@inline export const UNSTUFF_AT: usize = STUFF_LEN_AT + 65536;
