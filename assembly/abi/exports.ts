// The board ABI: everything a host (Node, the wasm3 runner) may call. Contract in boards/abi.md.

import { arenaReset, arenaUsed, arenaCapacity } from "../mem/arena";
import { globalCount, globalCounter, globalCountersReset, GlobalCounter, GLOBAL_LINE } from "../mem/counters";
import { eventsInit, eventTake, eventCurrentPtr, eventEmit, EventKind } from "../mem/events";
import { imageOpen, imageSection, imageSectionLength, ImageStatus, SectionType } from "../config/image";
import { linesReset, lineCreate, lineGet, lineCounter, lineSendFrame, MAX_LINES, Line } from "../line/lines";
import { LineMachine } from "../line/machine";
import { ringContiguous, ringReadPtr, ringConsume } from "../mem/ring";
import {
  machinesReset, machineCreate, machineGet, machineReceive, machineSignals, machineTick, machineSetHostname, EXEC_TIMEOUT_DEFAULT_MS,
} from "../line/machine";
import { directoryReset, directoryAdd, directoryRemoteInit, directoryRemoteFor } from "../users/directory";
import { clockAdvance, clockNow } from "./clock";
import { linesConfigure, configuredLimitCount, configuredLimitMinutes } from "../line/configure";
import { LineFlag } from "../config/line-settings";
import { callbackInit, callbackTick } from "../callback/orchestrator";
import { dialerFinished } from "../callback/dialer";
import { chatSetOwner, chatSetDialCheck } from "../chat/runner";
import { dialNumberAllowed } from "../callback/dial-number";
import { configLoad, configReset } from "../config/load";
import { chatPoolReset, chatPoolInit, chatPoolTick } from "../chat/pool";
import { recordsFor } from "../callback/record";
import { chatLibraryOpen, CHAT_SCRIPTS_SECTION } from "../chat/section";
import { engineTune, engineTuneFraming } from "./engine";
import { pppOwnerReset, pppOwnerCreate, pppOwnerTick } from "../line/ppp-owner";
import { authReset } from "../protocol/auth";
import { loginGuardTick } from "../line/login-guard";
import { BUILD_LINES } from "../mem/build-size";

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
  machinesReset();
  chatPoolReset();
  chatLibraryOpen(0, 0);
  pppOwnerReset();
  authReset();
  directoryReset();
  globalCountersReset();
  if (!inMemory(ptr, len)) return reject(ImageStatus.Truncated);
  if (!engineTune()) return reject(ImageStatus.OutOfMemory);
  const opened = imageOpen(ptr, <u32>len);
  if (opened != ImageStatus.Ok) return reject(opened);
  const system = imageSection(SectionType.System);
  if (system == 0 || imageSectionLength(SectionType.System) < 20) return reject(ImageStatus.MissingSection);
  const rxWindowBytes = load<u32>(system);
  const txRingBytes = load<u32>(system, 4);
  const frameMax = load<u32>(system, 8);
  const eventSlots = load<u32>(system, 12);
  const eventDataBytes = load<u32>(system, 16);
  if (rxWindowBytes == 0 || txRingBytes < 64 || frameMax < 64 || frameMax > 65536 || eventSlots < 4) {
    return reject(ImageStatus.BadValue);
  }
  if (!eventsInit(eventSlots, eventDataBytes)) return reject(ImageStatus.OutOfMemory);
  const lines = imageSection(SectionType.Lines);
  const linesLen = imageSectionLength(SectionType.Lines);
  if (lines == 0 || linesLen < 4) return reject(ImageStatus.MissingSection);
  const count = <u32>load<u16>(lines);
  const recordBytes = <u32>load<u16>(lines, 2);
  if (recordBytes < 4 || 4 + <u64>count * recordBytes > <u64>linesLen) return reject(ImageStatus.BadSection);
  if (count > <u32>BUILD_LINES) return reject(ImageStatus.TooManyLines); // more lines than this build serves
  for (let i: u32 = 0; i < count; i++) {
    const record = lines + 4 + i * recordBytes;
    const tty = <i32>load<u16>(record);
    if (tty <= 0 || tty >= MAX_LINES) return reject(ImageStatus.TooManyLines);
    if (lineGet(tty) != null) return reject(ImageStatus.BadValue);
    const flags = <u32>load<u16>(record, 2);
    if (!lineCreate(tty, flags, rxWindowBytes, txRingBytes, frameMax) || !machineCreate(tty, flags, EXEC_TIMEOUT_DEFAULT_MS)) {
      return reject(ImageStatus.OutOfMemory);
    }
    if (!pppOwnerCreate(changetype<Line>(lineGet(tty)))) return reject(ImageStatus.OutOfMemory);
  }
  // Capacity as the lines allow: every line may call back at the same moment (records for
  // each line coming in and going out, record.ts), and an AAA user for every line machine
  // (the console too) and record.
  const records = recordsFor(<i32>count);
  if (!directoryRemoteInit(directoryRemoteFor(<i32>count + 1, records))) return reject(ImageStatus.OutOfMemory);
  const config = configLoad();
  if (config != ImageStatus.Ok) return reject(config);
  if (!callbackInit(records, configuredLimitCount(), configuredLimitMinutes()) || !linesConfigure()) return reject(ImageStatus.OutOfMemory);
  // Line 0 is the console (IOS `line con 0`): the EXEC's `show` views without a modem.
  if (!lineCreate(0, LineFlag.Console, rxWindowBytes, 4096, 64) || !machineCreate(0, LineFlag.Console, 0)) {
    return reject(ImageStatus.OutOfMemory);
  }
  chatSetOwner(dialerFinished);
  chatSetDialCheck(dialNumberAllowed); // \T carries only what the dial alphabet accepts
  // One chat runner per line: every line may dial at once; scripts are read in place.
  if (!chatPoolInit(<i32>count)) return reject(ImageStatus.OutOfMemory);
  const chat = imageSection(CHAT_SCRIPTS_SECTION);
  if (chat != 0 && chatLibraryOpen(chat, imageSectionLength(CHAT_SCRIPTS_SECTION)) < 0) return reject(ImageStatus.BadSection);
  engineTuneFraming();
  ready = true;
  return ImageStatus.Ok;
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
  return machineReceive(changetype<LineMachine>(machineGet(line)), l, ptr, len, clockNow());
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
  l.inputs = <u32>mask & 15;
  machineSignals(changetype<LineMachine>(machineGet(line)), l, l.inputs, clockNow());
}

/** Runs due timers at `now` (ms, never decreasing); returns the next deadline or -1 for none. */
export function tick(now: f64): f64 {
  clockAdvance(now);
  let next: f64 = -1;
  if (!ready) return next;
  for (let tty = 0; tty < MAX_LINES; tty++) {
    const m = machineGet(tty);
    const l = lineGet(tty);
    if (m == null || l == null) continue;
    next = earliest(next, machineTick(m, l, clockNow()));
  }
  next = earliest(next, pppOwnerTick(clockNow()));
  next = earliest(next, callbackTick(clockNow()));
  next = earliest(next, loginGuardTick(clockNow()));
  return earliest(next, chatPoolTick(clockNow()));
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
  return l == null ? 0 : lineCounter(l, id);
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
  if (inMemory(ptr, len)) machineSetHostname(ptr, <u32>len);
}

export function memoryArenaUsed(): i32 {
  return arenaUsed();
}

export function memoryArenaCapacity(): i32 {
  return arenaCapacity();
}
