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
  directoryUserAdd(namePtr: number, nameLen: number, secretPtr: number, secretLen: number, flags: number): number;
  hostnameSet(ptr: number, len: number): void;
  memoryArenaUsed(): number;
  memoryArenaCapacity(): number;
  codecInPtr(): number;
  codecOutPtr(): number;
  codecEncode(total: number, frameLen: number, accm: number, fcsBytes: number): number;
  codecDecoderReset(accm: number, fcsBytes: number): void;
  codecDecode(len: number): number;
  codecDecoderCounter(id: number): number;
  // Configuration queries (assembly/abi/config-query.ts; layouts and flag bits in boards/image.md).
  configUserCount(): number;
  configUserFind(ptr: number, len: number): number;
  configUserFlags(i: number): number;
  configUserRotary(i: number): number;
  configUserLineFirst(i: number): number;
  configUserLineLast(i: number): number;
  configUserStringPtr(i: number, which: number): number;
  configUserStringLen(i: number, which: number): number;
  configLineFlags(tty: number): number;
  configLineRotary(tty: number): number;
  configLineModem(tty: number): number;
  configLineSpeed(tty: number): number;
  configLineForcedWait(tty: number): number;
  configLineCallbackScript(tty: number): number;
  configLineArapCallbackScript(tty: number): number;
  configLineExecTimeout(tty: number): number;
  configRotaryCount(): number;
  configRotaryGroup(i: number): number;
  configRotaryMembersLow(group: number): number;
  configRotaryMembersHigh(group: number): number;
  configScriptCount(): number;
  configScriptNamePtr(i: number): number;
  configScriptNameLen(i: number): number;
  configScriptTokenCount(i: number): number;
  configInterfaceCount(): number;
  configInterfaceNumber(i: number): number;
  configInterfaceFlags(number: number): number;
  configInterfacePeerAddress(number: number): number;
  configGlobalFlags(): number;
  configGlobalForcedWait(): number;
  configAaaListCount(): number;
  configAaaServerCount(): number;
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
  /** EngineKind of the engine running the core; takes effect at the next init. 0 or -1. */
  engineHint(kind: number): number;
  // PPP engine (assembly/abi/ppp.ts).
  pppParamBuffer(): number;
  pppOpen(line: number, role: number, optionsPtr: number, optionsLen: number): number;
  pppClose(line: number): number;
  pppLowerDown(line: number): number;
  pppPhase(line: number): number;
  ipPush(line: number, ptr: number, len: number): number;
  entropyPush(ptr: number, len: number): void;
  entropySeeded(): number;
  authUserAdd(namePtr: number, nameLen: number, secretPtr: number, secretLen: number, flags: number): number;
  authModeSet(mode: number): void;
  authLoginModeSet(mode: number): void;
  authResult(line: number, ok: number, token: number): number;
  aaaUserSet(
    namePtr: number, nameLen: number, flags: number, dialPtr: number, dialLen: number, rotary: number, lineFirst: number, lineLast: number,
    patternPtr: number, patternLen: number,
  ): number;
  // The dial alphabet (assembly/abi/dial.ts).
  dialCheck(ptr: number, len: number): number;
  dialCheckedPtr(): number;
  dialRules(which: number): number;
  // Pool figures (assembly/abi/health.ts): PoolId in, -1 for an unknown id.
  poolUsage(id: number): number;
  poolCapacity(id: number): number;
  // What this build serves (assembly/mem/build-size.ts): 63, or N for `npm run build -- --lines N`.
  linesServed(): number;
}

/** Which string of a user configUserStringPtr/Len return. */
export enum UserString {
  Name = 0,
  Password = 1,
  Dialstring = 2,
  AllowedPattern = 3,
  Autocommand = 4,
}

export enum EngineKind {
  Compiler = 0,
  Interpreter = 1,
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
  DialRefused = 38,
}

export function chatStatusDecode(status: number): { error: ChatError; token: number } | null {
  if (status >= 0) return null;
  return { error: -status & 0xff, token: -status >> 8 };
}

export enum LineEvent {
  LineState = 64,
  LoginSucceeded = 65,
  LoginFailed = 66,
  CarrierLost = 67,
  PppStarted = 68,
  ArapStarted = 69,
  ExecTimeout = 70,
  HangUpTimeout = 71,
  AaaTimeout = 72,
  QuietModeOn = 73,
  QuietModeOff = 74,
  LoginBlocked = 75,
}

/** Why a login attempt failed: LoginFailed arg2. */
export enum LoginFailure {
  Invalid = 0,
  Timeout = 1,
  TooLong = 2,
}

/** Why a login was refused before any attempt: LoginBlocked arg0. */
export enum LoginBlock {
  QuietMode = 0,
  NoPassword = 1,
}

export enum LineState {
  Idle = 0,
  Activation = 1,
  Autoselect = 2,
  Username = 3,
  Password = 4,
  Exec = 5,
  Ppp = 6,
  Arap = 7,
  HangUp = 8,
  Dialling = 9,
  CallbackNumber = 10,
  LoginWait = 11,
  LoginDelay = 12,
}

/** Callback events (80-95), each carrying the callback id in arg0 (boards/abi.md). */
export enum CallbackEvent {
  Requested = 80,
  Waiting = 81,
  Dialling = 82,
  Connected = 83,
  Finished = 84,
  Retry = 85,
  Refused = 86,
  NumberRefused = 87,
}

/** Where a callback number came from (NumberRefused arg1; assembly/callback/dial-number.ts). */
export enum DialSource {
  Config = 1,
  Aaa = 2,
  Cbcp = 3,
  Rfc1570 = 4,
  ExecPrompt = 5,
  Caller = 6,
}

/** What is wrong with a number (NumberRefused arg2, dialCheck results). */
export enum DialProblem {
  None = 0,
  Empty = 1,
  TooLong = 2,
  NotDialable = 3,
  ModifierNotAllowed = 4,
}

/** How a callback ended (assembly/callback/record.ts); names in host/trace/describe.ts CALLBACK_OUTCOMES. */
export enum CallbackOutcome {
  Pending = 0,
  Ok = 1,
  Busy = 2,
  NoAnswer = 3,
  ChatTimeout = 4,
  ChatAbort = 5,
  NoFreeLine = 6,
  CarrierLost = 7,
  CallerHeldLine = 8,
  NotAllowed = 9,
  NoScript = 10,
  NoNumber = 11,
  Cancelled = 12,
  SessionFailed = 13,
  NoDialtone = 14,
  PoolExhausted = 15,
  RateLimited = 16,
  BadNumber = 17,
  NoRunner = 18,
  NoAuthentication = 19,
  WrongUser = 20,
  Glare = 21,
}

export enum GlobalCounter {
  PoolExhausted = 0,
  EventsDropped = 1,
  ImageRejected = 2,
  BadCalls = 3,
  EntropyUnseeded = 4,
  DialNumbersRefused = 5,
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

/** The pools poolUsage/poolCapacity report (boards/abi.md). */
export enum PoolId {
  ArenaBytes = 0,
  Events = 1,
  ChatRunners = 2,
  CallbackRecords = 3,
  PppSessions = 4,
  LinesBusy = 5,
  RemoteUsers = 6,
}
