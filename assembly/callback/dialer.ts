// The seam between callback and the chat engine: start the callback script on a line,
// feed it the modem's bytes, stop it. The chat engine reports its end through
// callbackDialFinished (orchestrator.ts).

/** Starts chat script `script` on `tty` with \T = the number; false when it cannot start. */
export function dialerStart(tty: i32, script: i32, number: usize, numberLen: u32): bool {
  return false;
}

/** Bytes from the modem while the script runs; returns how many it took. */
export function dialerInput(tty: i32, src: usize, len: i32): i32 {
  return len;
}

export function dialerStop(tty: i32): void {}
