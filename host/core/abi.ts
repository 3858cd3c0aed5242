// The core's exports as the host sees them (contract: boards/abi.md).

export interface CoreExports {
  memory: WebAssembly.Memory;
  abiVersion(): number;
  imageBuffer(len: number): number;
  init(ptr: number, len: number): number;
  rxBuffer(line: number): number;
  rxBufferSize(line: number): number;
  rxPush(line: number, ptr: number, len: number): number;
  txPeek(line: number): number;
  txPtr(line: number): number;
  txCommit(line: number, n: number): void;
  lineSignals(line: number, mask: number): void;
  tick(now: number): number;
  eventNext(): number;
  eventPtr(): number;
  counterGet(line: number, id: number): number;
  frameSend(line: number, ptr: number, len: number): number;
  memoryArenaUsed(): number;
  memoryArenaCapacity(): number;
  codecInPtr(): number;
  codecOutPtr(): number;
  codecEncode(total: number, frameLen: number, accm: number, fcsBytes: number): number;
  codecDecoderReset(accm: number, fcsBytes: number): void;
  codecDecode(len: number): number;
  codecDecoderCounter(id: number): number;
  chatBuffer(len: number): number;
  chatLoad(ptr: number, len: number): number;
  chatScriptCount(): number;
  chatCheck(index: number): number;
  chatFind(ptr: number, len: number, from: number): number;
  chatRun(line: number, index: number, dialPtr: number, dialLen: number): number;
  chatCarrierLost(line: number): number;
  chatStop(line: number): number;
  chatActive(line: number): number;
  chatOutcome(line: number, part: number): number;
  chatTrace(on: number): void;
  chatBenchScan(ptr: number, len: number, repeats: number): number;
}

export const ABI_VERSION = 1;
export const GLOBAL_LINE = 0xffff;
export const EVENT_RECORD_BYTES = 32;

export const Signal = { DCD: 1, RI: 2, DSR: 4, CTS: 8 } as const;
export const Output = { DTR: 1, RTS: 2 } as const;

export enum EventKind {
  None = 0,
  Overflow = 1,
  SignalsSet = 2,
  FrameReceived = 3,
  Log = 4,
  PoolExhausted = 5,
  /** args: script, token, ChatResult, abort index (Abort) or chat status (BadScript); data: script name */
  ChatResult = 48,
  /** args: script, token, ChatTraceKind; data: `debug chat` text */
  ChatTrace = 49,
  /** args: script, token: the line should send a BREAK now */
  ChatBreak = 50,
}

export enum ChatResult {
  None = 0,
  Success = 1,
  Abort = 2,
  Timeout = 3,
  CarrierLost = 4,
  BadScript = 5,
  Stopped = 6,
}

export enum ChatTraceKind {
  Started = 0,
  Sending = 1,
  Expecting = 2,
  Completed = 3,
  FallingBack = 4,
  Finished = 5,
}

/** Chat statuses are `-(ChatError | token << 8)`; token is 0-based in the script record. */
export enum ChatError {
  Truncated = 1,
  BadEscape = 2,
  MissingValue = 3,
  BadTimeout = 4,
  EmptyAbort = 5,
  TooManySteps = 6,
  TooLong = 7,
  MatcherTooLarge = 8,
  TooManyAborts = 9,
  EscapeInExpect = 10,
  NameTooLong = 11,
  BadRegexp = 12,
  NoSuchScript = 32,
  NoSuchLine = 33,
  LineBusy = 34,
  NoRunner = 35,
  DialTooLong = 36,
  BadSection = 37,
}

export function chatStatusDecode(status: number): { error: ChatError; token: number } | null {
  if (status >= 0) return null;
  return { error: -status & 0xff, token: -status >> 8 };
}

export enum GlobalCounter {
  PoolExhausted = 0,
  EventsDropped = 1,
  ImageRejected = 2,
  BadCalls = 3,
}

export enum LineCounter {
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
}

export enum ImageStatus {
  Ok = 0,
  BadMagic = -1,
  BadVersion = -2,
  Truncated = -3,
  BadChecksum = -4,
  BadSection = -5,
  TooManyLines = -6,
  OutOfMemory = -7,
  MissingSection = -8,
  BadValue = -9,
}
