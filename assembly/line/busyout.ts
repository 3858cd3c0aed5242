// IOS `modem busyout` for the host: a line taken out of service is never chosen to dial a
// callback. A host running two cores over one set of lines (a configuration reload while
// calls go on, boards/abi.md) busies out in each core the lines the other one drives.

import { MAX_LINES } from "../mem/tty";

// One bit per TTY (MAX_LINES is 64); cleared by init.
let busied: u64 = 0;

export function lineBusyoutReset(): void {
  busied = 0;
}

/** Takes `tty` out of service (on) or back in; false for a number outside 1..63. */
export function lineBusyoutSet(tty: i32, on: bool): bool {
  if (tty <= 0 || tty >= MAX_LINES) return false;
  const bit: u64 = (<u64>1) << <u64>tty;
  busied = on ? busied | bit : busied & ~bit;
  return true;
}

export function lineBusiedOut(tty: i32): bool {
  if (tty <= 0 || tty >= MAX_LINES) return false;
  return (busied & ((<u64>1) << <u64>tty)) != 0;
}
