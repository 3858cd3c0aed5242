// A line's modem-control fault as the host reports it (a control-line write that failed), kept
// with the time it began so `show line N` shows the mark where an operator looks.

import { MAX_LINES } from "../mem/tty";

/** What the host cannot do on the line's modem-control lines (lineMarkFault's code). */
export const enum LineFault {
  None = 0,
  DtrNotSet = 1, // DTR cannot be set: the line hangs up by +++ / ATH0
  ControlNotSet = 2, // the UART refuses DTR/RTS writes; DTR reaches the modem another way (GPIO)
}

// Per line: fault u32, pad u32, since f64.
const FAULT_BYTES: usize = 16;

// @ts-ignore: decorator
@lazy const faults: usize = memory.data(<i32>(MAX_LINES * <i32>FAULT_BYTES), 8);

/** Marks (or, with None, clears) the line; the time is kept from the first report of a fault. */
export function lineFaultSet(tty: i32, fault: u32, now: f64): void {
  if (tty <= 0 || tty >= MAX_LINES || fault > <u32>LineFault.ControlNotSet) return;
  const p = faults + <usize>tty * FAULT_BYTES;
  if (load<u32>(p) == fault) return;
  store<u32>(p, fault);
  store<f64>(p, now, 8);
}

export function lineFault(tty: i32): LineFault {
  return tty <= 0 || tty >= MAX_LINES ? LineFault.None : <LineFault>load<u32>(faults + <usize>tty * FAULT_BYTES);
}

/** When the current fault (or the last clearing) was reported. */
export function lineFaultSince(tty: i32): f64 {
  return tty <= 0 || tty >= MAX_LINES ? 0 : load<f64>(faults + <usize>tty * FAULT_BYTES, 8);
}
