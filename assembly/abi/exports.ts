// The board ABI: everything a host (Node, the wasm3 runner) may call. Contract in boards/abi.md.

import { arenaReset, arenaUsed, arenaCapacity } from "../mem/arena";
import { globalCount, globalCounter, globalCountersReset, GlobalCounter, GLOBAL_LINE } from "../mem/counters";
import { eventsInit, eventTake, eventCurrentPtr } from "../mem/events";
import { clockAdvance, clockNow } from "../mem/clock";
import { MAX_LINES, SIGNALS_ALL } from "../mem/tty";
import { imageOpen, imageSection, imageSectionLength, ImageStatus } from "../config/image";
import { systemCheck, systemRxWindowBytes, systemTxRingBytes, systemFrameMax, systemEventSlots, systemEventDataBytes } from "../config/system";
import { linesSectionCheck, linesSectionCount, linesSectionTty, linesSectionFlags } from "../config/lines-section";
import { configLoad, configReset } from "../config/load";
import { LineFlag } from "../config/line-settings";
import { globalLimitCount, globalLimitMinutes } from "../config/globals";
import { linesReset, lineCreate, lineGet, lineCounter, lineSendFrame, Line } from "../line/lines";
import { ringContiguous, ringReadPtr, ringConsume } from "../mem/ring";
import { LineMachine, machinesReset, machineCreate, machineGet } from "../line/machine-state";
import { machineReceive, machineSignals, machineTick, machineLinkEnded, machineScriptEnded } from "../line/machine";
import { lineFaultSet } from "../line/line-fault";
import { hostnameKeep } from "../line/hostname";
import { lineSetOwner } from "../line/line-owner";
import { lineBusyoutReset, lineBusyoutSet } from "../line/busyout";
import { execSetCallbackView } from "../line/exec";
import { linesConfigure } from "../line/configure";
import { pppLinkReset, pppLinkCreate, pppLinkTick, pppLinkCounter, pppLinkSetHangUp } from "../line/ppp-link";
import { arapLinkReset, arapLinkCreate, arapLinkTick, arapLinkCounter, arapLinkSetHangUp } from "../line/arap-link";
import { arapAuthModeSet } from "../protocol/arap-auth";
import { loginGuardTick } from "../line/login-guard";
import { addressLeaseReset, addressLeaseInit } from "../line/address-lease";
import { BUILD_LINES } from "../mem/build-size";
import { directoryReset, directoryAdd, directoryRemoteInit, directoryRemoteFor } from "../users/directory";
import { directoryLoadImage } from "../users/from-image";
import { callbackInit, callbackTick, callbackChatEnded } from "../callback/orchestrator";
import { callbackLineOwner } from "../callback/line-reports";
import { callbackShow } from "../callback/show";
import { recordsFor } from "../callback/record";
import { dialNumberAllowed } from "../callback/dial-number";
import { chatSetOwner, chatSetDialCheck, ChatResult } from "../chat/runner";
import { chatPoolReset, chatPoolInit, chatPoolTick } from "../chat/pool";
import { chatLibraryOpen, CHAT_SCRIPTS_SECTION } from "../chat/section";
import { authReset } from "../protocol/auth";
import { engineTune, engineTuneFraming } from "./engine";

/** ABI revision; the host refuses a module whose revision it does not know. */
const ABI_VERSION: i32 = 1;

// The host writes the image here; it must outlive init() (sections are read in place).
const IMAGE_BUFFER_BYTES: i32 = 64 * 1024;
// @ts-ignore: decorator
@lazy const imageArea: usize = memory.data(IMAGE_BUFFER_BYTES, 16);

let ready: bool = false;

export function abiVersion(): i32 {
  return ABI_VERSION;
}

/** Address of a buffer of at least `len` bytes for the image, or 0 if it is larger than the core takes. */
export function imageBuffer(len: i32): usize {
  return len >= 0 && len <= IMAGE_BUFFER_BYTES ? imageArea : 0;
}

/**
 * Reads the image at `ptr` and carves every pool. Returns 0 or a negative ImageStatus.
 * May be called again: all state is discarded first.
 */
export function init(ptr: usize, len: i32): i32 {
  ready = false;
  arenaReset();
  linesReset();
  lineBusyoutReset();
  machinesReset();
  chatPoolReset();
  chatLibraryOpen(0, 0);
  pppLinkReset();
  arapLinkReset();
  addressLeaseReset();
  authReset();
  arapAuthModeSet(0);
  directoryReset();
  globalCountersReset();
  // Who hears what: the lines report to callback, chat scripts end at callback's dialer, a
  // PPP link that ends hangs its line up, `show callback` lists callback's records.
  lineSetOwner(callbackLineOwner());
  chatSetOwner(chatEnded);
  chatSetDialCheck(dialNumberAllowed); // \T carries only what the dial alphabet accepts
  pppLinkSetHangUp(machineLinkEnded);
  arapLinkSetHangUp(machineLinkEnded);
  execSetCallbackView(callbackShow);
  if (!inMemory(ptr, len)) return reject(ImageStatus.Truncated);
  if (!engineTune()) return reject(ImageStatus.OutOfMemory);
  const opened = imageOpen(ptr, <u32>len);
  if (opened != ImageStatus.Ok) return reject(opened);
  const system = systemCheck();
  if (system != ImageStatus.Ok) return reject(system);
  const rxWindowBytes = systemRxWindowBytes();
  const txRingBytes = systemTxRingBytes();
  const frameMax = systemFrameMax();
  if (!eventsInit(systemEventSlots(), systemEventDataBytes())) return reject(ImageStatus.OutOfMemory);
  const linesStatus = linesSectionCheck();
  if (linesStatus != ImageStatus.Ok) return reject(linesStatus);
  const count = linesSectionCount();
  if (<u32>count > <u32>BUILD_LINES) return reject(ImageStatus.TooManyLines); // more lines than this build serves
  for (let i: u32 = 0; i < count; i++) {
    const tty = linesSectionTty(i);
    if (tty <= 0 || tty >= MAX_LINES) return reject(ImageStatus.TooManyLines);
    if (lineGet(tty) != null) return reject(ImageStatus.BadValue);
    const flags = linesSectionFlags(i);
    // The exec-timeout of each line is set from the image once it is read (linesConfigure).
    if (!lineCreate(tty, flags, rxWindowBytes, txRingBytes, frameMax) || !machineCreate(tty, flags, 0)) {
      return reject(ImageStatus.OutOfMemory);
    }
    if (!pppLinkCreate(changetype<Line>(lineGet(tty))) || !arapLinkCreate(<u32>tty)) return reject(ImageStatus.OutOfMemory);
  }
  // One pool address lease per line at most (line/address-lease.ts).
  if (!addressLeaseInit(<i32>count)) return reject(ImageStatus.OutOfMemory);
  // Capacity as the lines allow: every line may call back at the same moment (records for
  // each line coming in and going out, record.ts), and an AAA user for every line machine
  // (the console's too) and record.
  const records = recordsFor(<i32>count);
  const machines = <i32>count + 1;
  if (!directoryRemoteInit(directoryRemoteFor(machines, records))) return reject(ImageStatus.OutOfMemory);
  const config = configLoad();
  if (config != ImageStatus.Ok) return reject(config);
  if (!callbackInit(records, globalLimitCount(), globalLimitMinutes()) || !directoryLoadImage()) return reject(ImageStatus.OutOfMemory);
  linesConfigure();
  // Line 0 is the console (IOS `line con 0`): the EXEC's `show` views without a modem.
  if (!lineCreate(0, LineFlag.Console, rxWindowBytes, 4096, 64) || !machineCreate(0, LineFlag.Console, 0)) {
    return reject(ImageStatus.OutOfMemory);
  }
  // One chat runner per line: every line may dial at once; scripts are read in place.
  if (!chatPoolInit(<i32>count)) return reject(ImageStatus.OutOfMemory);
  const chat = imageSection(CHAT_SCRIPTS_SECTION);
  if (chat != 0 && chatLibraryOpen(chat, imageSectionLength(CHAT_SCRIPTS_SECTION)) < 0) return reject(ImageStatus.BadSection);
  engineTuneFraming();
  ready = true;
  return ImageStatus.Ok;
}

// A script's end goes to the line when it set the modem up, else to callback's dialer.
function chatEnded(tty: i32, result: ChatResult, abortText: usize, abortLen: u32): void {
  if (!machineScriptEnded(tty, result)) callbackChatEnded(tty, result, abortText, abortLen);
}

// A host-supplied region must lie inside memory; anything else is refused and counted.
function inMemory(ptr: usize, len: i32): bool {
  const ok = len >= 0 && <u64>ptr + <u64>len <= (<u64>memory.size() << 16);
  if (!ok) globalCount(GlobalCounter.BadCalls);
  return ok;
}

function reject(status: ImageStatus): i32 {
  configReset();
  globalCount(GlobalCounter.ImageRejected);
  return status;
}

// A call naming a line that does not exist (or before init) is counted, never a trap.
function lineFor(line: i32): Line | null {
  const l = ready ? lineGet(line) : null;
  if (l == null) globalCount(GlobalCounter.BadCalls);
  return l;
}

/** Where the host writes received bytes for `line` (0 if no such line). */
export function rxBuffer(line: i32): usize {
  const l = lineFor(line);
  return l == null ? 0 : l.rxWindow;
}

export function rxBufferSize(line: i32): i32 {
  const l = lineFor(line);
  return l == null ? 0 : <i32>l.rxWindowBytes;
}

/** Bytes received on `line`; returns how many were taken (the host keeps and re-offers the rest). */
export function rxPush(line: i32, ptr: usize, len: i32): i32 {
  const l = lineFor(line);
  if (l == null || !inMemory(ptr, len)) return 0;
  const used = machineReceive(changetype<LineMachine>(machineGet(line)), l, ptr, len, clockNow());
  l.rxBytes += <u32>used; // every byte the line took, EXEC or PPP (RFC 2866 §5.3 Acct-Input-Octets)
  return used;
}

/** Contiguous bytes waiting to be sent on `line`, readable at txPtr(line). */
export function txPeek(line: i32): i32 {
  const l = lineFor(line);
  return l == null ? 0 : <i32>ringContiguous(l.txRing);
}

export function txPtr(line: i32): usize {
  const l = lineFor(line);
  return l == null ? 0 : ringReadPtr(l.txRing);
}

/** The host has written `n` bytes from txPtr(line); they may be reused. */
export function txCommit(line: i32, n: i32): void {
  const l = lineFor(line);
  if (l == null || n <= 0) return;
  l.txBytes += ringConsume(l.txRing, <u32>n);
}

/** Modem inputs as a mask: DCD=1, RI=2, DSR=4, CTS=8. */
export function lineSignals(line: i32, mask: i32): void {
  const l = lineFor(line);
  if (l == null) return;
  l.inputs = <u32>mask & SIGNALS_ALL;
  machineSignals(changetype<LineMachine>(machineGet(line)), l, l.inputs, clockNow());
}

/** Runs due timers at `now` (ms, never decreasing); returns the next deadline or -1 for none. */
export function tick(now: f64): f64 {
  clockAdvance(now);
  let next: f64 = -1;
  if (!ready) return next;
  // Scripts first: one that ends here gives its line a deadline the line loop below returns.
  next = chatPoolTick(clockNow());
  // An ARAP session that ends hangs its line up: its timers run before the lines' (and again
  // after them, for a link a line's timer has just opened).
  arapLinkTick(clockNow());
  for (let tty = 0; tty < MAX_LINES; tty++) {
    const m = machineGet(tty);
    const l = lineGet(tty);
    if (m == null || l == null) continue;
    next = earliest(next, machineTick(m, l, clockNow()));
  }
  next = earliest(next, pppLinkTick(clockNow()));
  next = earliest(next, arapLinkTick(clockNow()));
  next = earliest(next, callbackTick(clockNow()));
  return earliest(next, loginGuardTick(clockNow()));
}

function earliest(a: f64, b: f64): f64 {
  if (a < 0) return b;
  if (b < 0) return a;
  return a < b ? a : b;
}

/** Takes the next event record into eventPtr(); returns its kind, 0 when none. */
export function eventNext(): i32 {
  return eventTake();
}

export function eventPtr(): usize {
  return eventCurrentPtr();
}

/** A counter: `line` = GLOBAL_LINE (0xFFFF) for the global set. Unknown ids read 0. */
export function counterGet(line: i32, id: i32): u32 {
  if (line == GLOBAL_LINE) return globalCounter(id);
  const l = ready ? lineGet(line) : null;
  if (l == null) return 0;
  if (id >= 48 && id < 64) return arapLinkCounter(l, id);
  return id >= 16 && id < 48 ? pppLinkCounter(l, id) : lineCounter(l, id);
}

/** Queues one PPP frame (address, control, protocol, information) for sending on `line`. */
export function frameSend(line: i32, ptr: usize, len: i32): i32 {
  const l = lineFor(line);
  if (l == null || !inMemory(ptr, len)) return 0;
  return lineSendFrame(l, ptr, len) ? 1 : 0;
}

/** Adds (or replaces) a local user for logins and PPP; returns its index, or -1 (also for a full table or long field). */
export function directoryUserAdd(name: usize, nameLen: i32, secret: usize, secretLen: i32, flags: i32): i32 {
  if (!ready || !inMemory(name, nameLen) || !inMemory(secret, secretLen)) return -1;
  const index = directoryAdd(name, <u32>nameLen, secret, <u32>secretLen, <u32>flags);
  return index < 0 ? -1 : index;
}

/** Sets the EXEC prompt's host name. */
export function hostnameSet(ptr: usize, len: i32): void {
  if (inMemory(ptr, len)) hostnameKeep(ptr, <u32>len);
}

export function memoryArenaUsed(): i32 {
  return arenaUsed();
}

export function memoryArenaCapacity(): i32 {
  return arenaCapacity();
}

/**
 * `modem busyout` from the host: on = 1 takes `line` out of service (never chosen to dial a
 * callback), 0 puts it back. Returns 1, or 0 for the console or a line the image does not have.
 */
export function lineBusyout(line: i32, on: i32): i32 {
  if (line == 0 || lineFor(line) == null) return 0;
  return lineBusyoutSet(line, on != 0) ? 1 : 0;
}

/** The host's report that `line`'s modem-control lines cannot be written (LineFault; 0 clears): shown by `show line N`. */
export function lineMarkFault(line: i32, fault: i32): void {
  lineFaultSet(line, <u32>fault, clockNow());
}
