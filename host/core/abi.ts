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
  // PPP engine (assembly/abi/ppp.ts).
  pppParamBuffer(): number;
  pppOpen(line: number, role: number, optionsPtr: number, optionsLen: number): number;
  pppClose(line: number): number;
  pppLowerDown(line: number): number;
  pppPhase(line: number): number;
  ipPush(line: number, ptr: number, len: number): number;
  entropyPush(ptr: number, len: number): void;
  authUserAdd(namePtr: number, nameLen: number, secretPtr: number, secretLen: number, flags: number): number;
  authModeSet(mode: number): void;
  authResult(line: number, ok: number): number;
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
  // 16-47: PPP engine.
  PppPhase = 16,
  PppTrace = 17,
  PppFraming = 18,
  AuthRequest = 19,
  AuthSucceeded = 20,
  AuthFailed = 21,
  CallbackAgreed = 22,
  IpcpUp = 23,
  IpcpDown = 24,
  IpDatagram = 25,
  PppLinkDown = 26,
  PppFrame = 27,
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
  PppDiscarded = 16,
  PppBadPackets = 17,
  PppProtocolRejectsSent = 18,
  PppLoopbacks = 19,
  PppEchoRequests = 20,
  PppIllegalEvents = 21,
  PppFramesIn = 22,
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
