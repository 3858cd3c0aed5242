// Modem settings: the S registers and the letter settings, with factory defaults
// (V.250 §6.2/6.3 and the S-register table most Hayes-family manuals share).

export const S = {
  AutoAnswerRings: 0,
  RingCount: 1,
  EscapeChar: 2,
  CrChar: 3,
  LfChar: 4,
  BackspaceChar: 5,
  DialtoneWait: 6,
  CarrierWait: 7,
  CommaPause: 8,
  EscapeGuard: 12,
} as const;

export interface ModemProfile {
  echo: boolean;
  verbose: boolean;
  quiet: boolean;
  xLevel: number;
  /** &C: 0 DCD always on, 1 DCD follows carrier. */
  dcdMode: number;
  /** &D: 0 ignore DTR, 1 drop to command mode, 2 hang up, 3 hang up and reset. */
  dtrMode: number;
  /** &S: 0 DSR always on, 1 DSR on while connected. */
  dsrMode: number;
  /** &K: flow control (accepted, the simulator never overruns). */
  flow: number;
  pulseDial: boolean;
  s: Uint8Array;
}

export function factoryProfile(): ModemProfile {
  const s = new Uint8Array(256);
  s[S.EscapeChar] = 43; // '+'
  s[S.CrChar] = 13;
  s[S.LfChar] = 10;
  s[S.BackspaceChar] = 8;
  s[S.DialtoneWait] = 2; // seconds
  s[S.CarrierWait] = 50; // seconds
  s[S.CommaPause] = 2; // seconds
  s[9] = 6;
  s[10] = 14;
  s[11] = 95;
  s[S.EscapeGuard] = 50; // 1/50 s
  return { echo: true, verbose: true, quiet: false, xLevel: 4, dcdMode: 1, dtrMode: 2, dsrMode: 0, flow: 3, pulseDial: false, s };
}

export function copyProfile(p: ModemProfile): ModemProfile {
  return { ...p, s: Uint8Array.from(p.s) };
}

/** Registers that are read-only or counters and must not be changed by ATSn=v. */
export const READ_ONLY_REGISTERS = new Set<number>([S.RingCount]);
