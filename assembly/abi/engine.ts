// What kind of engine runs the core, so the core can pick the methods that suit it.
// Contract: the host may call engineHint() before init(); it takes effect at init().

import { arenaReserveTop } from "../mem/arena";
import { BUILD_ENGINE_TABLES } from "../mem/build-size";
import { fcs16PairTableOn, fcs16UsePairTable } from "../wire/fcs";
import { hdlcUseInterpreterLoops } from "../wire/hdlc-interpreter";
import { FCS16_PAIR_TABLE_BYTES, PAIR_TABLES_BYTES } from "../wire/lookup-tables";

export const enum EngineKind {
  /** Compiles to machine code (V8): the default. */
  Compiler = 0,
  /**
   * Interprets (wasm3): fewer, larger table lookups and fewer branches pay off. Reserves
   * 128 KiB at the top of the arena (FCS-16 table), plus 576 KiB of framing tables below
   * it when the pools leave that much.
   */
  Interpreter = 1,
}

let engineKind: i32 = EngineKind.Compiler;

/** Tells the core what runs it; takes effect at the next init(). Returns 0, or -1 for an unknown kind. */
export function engineHint(kind: i32): i32 {
  if (kind != EngineKind.Compiler && kind != EngineKind.Interpreter) return -1;
  engineKind = kind;
  return 0;
}

/** Called by init() right after the arena is reset; false when the arena is too small. */
export function engineTune(): bool {
  fcs16UsePairTable(false);
  hdlcUseInterpreterLoops(false);
  // A build sized for a few lines has no room for the tables: the word loops serve (same output).
  if (engineKind != EngineKind.Interpreter || !BUILD_ENGINE_TABLES) return true;
  // The reservation order fixes the addresses (wire/lookup-tables.ts).
  if (!arenaReserveTop(FCS16_PAIR_TABLE_BYTES)) return false;
  fcs16UsePairTable(true);
  return true;
}

/**
 * Called by init() once every pool is carved: an interpreter gets the ACCM-all-ones
 * framing tables from what is left. An image whose lines fill the arena keeps the word
 * loops instead (slower under an interpreter, same output) rather than being refused.
 */
export function engineTuneFraming(): void {
  if (engineKind != EngineKind.Interpreter || !fcs16PairTableOn()) return;
  if (arenaReserveTop(PAIR_TABLES_BYTES)) hdlcUseInterpreterLoops(true);
}
