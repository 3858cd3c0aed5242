// Counters the host reads through counterGet(); ids are part of the ABI (boards/abi.md).

/** Pseudo line number that addresses the global counters. */
export const GLOBAL_LINE: i32 = 0xffff;

export const enum GlobalCounter {
  PoolExhausted = 0,
  EventsDropped = 1,
  ImageRejected = 2,
  BadCalls = 3,
  /** Random values drawn before the host pushed ENTROPY_SEED_BYTES (assembly/crypto/entropy.ts). */
  EntropyUnseeded = 4,
  DialNumbersRefused = 5, // numbers that failed the dial alphabet (callback/dial-number.ts)
  /** A protocol refused a line's shared link buffers because the other holds them (line/ppp-link.ts pppLinkLend). */
  LinkBuffersBusy = 6,
  Count = 8,
}

export const enum LineCounter {
  RxBytes = 0,
  TxBytes = 1,
  RxRefused = 2,
  TxDropped = 3,
  FramesGood = 4,
  BadFcs = 5,
  Runts = 6,
  Oversize = 7,
  Aborts = 8,
  OutsideBytes = 9,
  DeletedControls = 10,
  FramesSent = 11,
  // 16-47: PPP engine.
  PppDiscarded = 16,
  PppBadPackets = 17,
  PppProtocolRejectsSent = 18,
  PppLoopbacks = 19,
  PppEchoRequests = 20,
  PppIllegalEvents = 21,
  PppFramesIn = 22,
  // 48-63: MNP links and ARAP sessions (line/arap-link.ts).
  MnpFramesIn = 48,
  MnpFramesOut = 49,
  MnpBadFcs = 50,
  MnpBadFrames = 51, // malformed headers, broken DLE sequences, runts, oversize
  MnpRetransmissions = 52,
  MnpOutOfSequence = 53,
  MnpTimeouts = 54,
  ArapBadPackets = 55,
  ArapDatagramsIn = 56,
  Count = 64,
}

// @ts-ignore: decorator
@lazy const globalCounters: usize = memory.data(GlobalCounter.Count * 4, 4);

export function globalCount(id: GlobalCounter, by: u32 = 1): void {
  const at = globalCounters + (<usize>id << 2);
  store<u32>(at, load<u32>(at) + by);
}

export function globalCounter(id: i32): u32 {
  if (id < 0 || id >= GlobalCounter.Count) return 0;
  return load<u32>(globalCounters + (<usize>id << 2));
}

export function globalCountersReset(): void {
  memory.fill(globalCounters, 0, GlobalCounter.Count * 4);
}
