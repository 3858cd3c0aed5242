// What kind of engine runs the core, so the core can pick the methods that suit it.
// Contract: the host may call engineHint() before init(); it takes effect at init().

import { arenaTake } from "../mem/arena";
import { fcs16UsePairTable, FCS16_PAIR_TABLE_BYTES } from "../wire/fcs";
import { hdlcUseInterpreterLoops, PAIR_TABLES_BYTES } from "../wire/hdlc-interpreter";

export const enum EngineKind {
  /** Compiles to machine code (V8): the default. */
  Compiler = 0,
  /** Interprets (wasm3): fewer, larger table lookups pay off. Costs 768 KiB of arena (FCS-16 and framing tables). */
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
  const framing = arenaTake(PAIR_TABLES_BYTES, 8);
  if (framing == 0) return false;
  hdlcUseInterpreterLoops(framing, table);
  return true;
}
