// What kind of engine runs the core, so the core can pick the methods that suit it.
// Contract: the host may call engineHint() before init(); it takes effect at init().

import { arenaTake } from "../mem/arena";
import { fcs16PairTable, fcs16UsePairTable, FCS16_PAIR_TABLE_BYTES } from "../wire/fcs";
import { hdlcUseInterpreterLoops, PAIR_TABLES_BYTES } from "../wire/hdlc-interpreter";

export const enum EngineKind {
  /** Compiles to machine code (V8): the default. */
  Compiler = 0,
  /**
   * Interprets (wasm3): fewer, larger table lookups pay off. Costs 128 KiB of arena (FCS-16
   * table), plus 640 KiB of framing tables when that much is left after the pools.
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
  fcs16UsePairTable(0);
  hdlcUseInterpreterLoops(0, 0);
  if (engineKind != EngineKind.Interpreter) return true;
  const table = arenaTake(FCS16_PAIR_TABLE_BYTES, 8);
  if (table == 0) return false;
  fcs16UsePairTable(table);
  return true;
}

/**
 * Called by init() once every pool is carved: an interpreter gets the ACCM-all-ones
 * framing tables from what is left. An image whose lines fill the arena keeps the word
 * loops instead (slower under an interpreter, same output) rather than being refused.
 */
export function engineTuneFraming(): void {
  const pairs = fcs16PairTable();
  if (engineKind != EngineKind.Interpreter || pairs == 0) return;
  const framing = arenaTake(PAIR_TABLES_BYTES, 8);
  if (framing != 0) hdlcUseInterpreterLoops(framing, pairs);
}
