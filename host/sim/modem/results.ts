// Hayes result codes (ITU-T V.250 §5.7; codes 0-8 agree across vendors) and their
// verbose/numeric forms.

export enum ResultCode {
  Ok = 0,
  Connect = 1,
  Ring = 2,
  NoCarrier = 3,
  Error = 4,
  NoDialtone = 6,
  Busy = 7,
  NoAnswer = 8,
}

const TEXT: Record<ResultCode, string> = {
  [ResultCode.Ok]: "OK",
  [ResultCode.Connect]: "CONNECT",
  [ResultCode.Ring]: "RING",
  [ResultCode.NoCarrier]: "NO CARRIER",
  [ResultCode.Error]: "ERROR",
  [ResultCode.NoDialtone]: "NO DIALTONE",
  [ResultCode.Busy]: "BUSY",
  [ResultCode.NoAnswer]: "NO ANSWER",
};

// Numeric CONNECT <rate> codes beyond 1 differ by vendor (5 = 1200 is universal); these
// follow the common Rockwell-family table.
const CONNECT_RATE_CODES: Record<number, number> = {
  1200: 5,
  2400: 10,
  4800: 11,
  9600: 12,
  7200: 13,
  12000: 14,
  14400: 15,
  19200: 16,
  38400: 17,
  57600: 18,
  115200: 19,
  16800: 59,
  21600: 61,
  24000: 62,
  26400: 63,
  28800: 64,
  31200: 91,
  33600: 84,
};

export interface ResultFormat {
  verbose: boolean;
  quiet: boolean;
  /** ATX level 0-4: which codes may be reported. */
  xLevel: number;
  cr: number;
  lf: number;
}

/** Maps a code to what the X level allows to be reported (V.250 §6.2.5, vendor X tables). */
export function codeForLevel(code: ResultCode, xLevel: number): ResultCode {
  if (code === ResultCode.NoDialtone && (xLevel === 0 || xLevel === 1 || xLevel === 3)) return ResultCode.NoCarrier;
  if ((code === ResultCode.Busy || code === ResultCode.NoAnswer) && xLevel < 3) return ResultCode.NoCarrier;
  return code;
}

/** The bytes a result takes on the wire, or an empty array when Q1 suppresses it. */
export function formatResult(code: ResultCode, fmt: ResultFormat, connectRate?: number): Uint8Array {
  if (fmt.quiet) return new Uint8Array(0);
  const shown = codeForLevel(code, fmt.xLevel);
  const withRate = shown === ResultCode.Connect && connectRate !== undefined && fmt.xLevel >= 1;
  const cr = String.fromCharCode(fmt.cr);
  const lf = String.fromCharCode(fmt.lf);
  if (fmt.verbose) {
    const text = withRate ? `CONNECT ${connectRate}` : TEXT[shown];
    return Buffer.from(`${cr}${lf}${text}${cr}${lf}`, "latin1");
  }
  const numeric = withRate ? (CONNECT_RATE_CODES[connectRate] ?? ResultCode.Connect) : shown;
  return Buffer.from(`${numeric}${cr}`, "latin1");
}

export function resultText(code: ResultCode): string {
  return TEXT[code];
}
