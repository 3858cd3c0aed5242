// TTY numbering and the modem signals, as the host and the image speak of a line. Every
// layer that keeps something per line sizes it from here; no module of this core imports
// a line to learn how many there may be.

/** Highest TTY number + 1: the image's lines are 1..63 (boards/image.md), 0 is the console. */
export const MAX_LINES: i32 = 64;

/** Modem inputs the host reports (lineSignals mask, boards/abi.md). */
export const SIGNAL_DCD: u32 = 1;
export const SIGNAL_RI: u32 = 2;
export const SIGNAL_DSR: u32 = 4;
export const SIGNAL_CTS: u32 = 8;
export const SIGNALS_ALL: u32 = SIGNAL_DCD | SIGNAL_RI | SIGNAL_DSR | SIGNAL_CTS;

/** Modem outputs the core sets (SignalsSet event). */
export const OUTPUT_DTR: u32 = 1;
export const OUTPUT_RTS: u32 = 2;
