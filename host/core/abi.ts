// The core's exports as the host sees them (contract: boards/abi.md).

// The core's enums, written from assembly/ by scripts/core-enums.mjs.
export {
  CallbackEvent, CallbackMethod, CallbackOutcome, ChatError, ChatResult, ChatTraceKind, DialProblem, DialSource, EngineKind, EventKind, GlobalCounter,
  ImageStatus, LineCounter, LineEvent, LineState, LoginBlock, LoginFailure, PoolId, UserString,
} from "./core-enums.ts";
import { ChatError } from "./core-enums.ts";

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
  lineMarkFault(line: number, fault: number): void;
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
  authResponseSet(line: number, token: number, ptr: number, len: number): number;
  aaaUserSet(
    namePtr: number, nameLen: number, flags: number, dialPtr: number, dialLen: number, rotary: number, lineFirst: number, lineLast: number,
    patternPtr: number, patternLen: number, framedAddress?: number,
  ): number;
  // ARAP (assembly/abi/arap.ts).
  arapOpen(line: number, role: number, optionsPtr: number, optionsLen: number): number;
  arapClose(line: number): number;
  arapLowerDown(line: number): void;
  arapState(line: number): number;
  arapAuthResult(line: number, ok: number, token: number, responsePtr: number): number;
  arapAuthModeSet(mode: number): void;
  arapDatagramSend(line: number, ptr: number, len: number): number;
  // The dial alphabet (assembly/abi/dial.ts).
  dialCheck(ptr: number, len: number): number;
  dialCheckedPtr(): number;
  dialRules(which: number): number;
  // Pool figures (assembly/abi/health.ts): PoolId in, -1 for an unknown id.
  poolUsage(id: number): number;
  poolCapacity(id: number): number;
  // What this build serves (assembly/mem/build-size.ts): 63, or N for `npm run build -- --lines N`.
  linesServed(): number;
  /** `modem busyout` (assembly/line/busyout.ts): 1 takes a line out of callback service, 0 puts it back; 0 for no such line. */
  lineBusyout(line: number, on: number): number;
}

export const ABI_VERSION = 1;
export const GLOBAL_LINE = 0xffff;
export const EVENT_RECORD_BYTES = 32;

export const Signal = { DCD: 1, RI: 2, DSR: 4, CTS: 8 } as const;
export const Output = { DTR: 1, RTS: 2 } as const;

/** Chat statuses are `-(ChatError | token << 8)`; token is 0-based in the script record. */
export function chatStatusDecode(status: number): { error: ChatError; token: number } | null {
  if (status >= 0) return null;
  return { error: -status & 0xff, token: -status >> 8 };
}

