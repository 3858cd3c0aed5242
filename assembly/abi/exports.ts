// The board ABI: everything a host (Node, the wasm3 runner) may call. Contract in boards/abi.md.

import { arenaReset, arenaUsed, arenaCapacity } from "../mem/arena";
import { globalCount, globalCounter, globalCountersReset, GlobalCounter, GLOBAL_LINE } from "../mem/counters";
import { eventsInit, eventTake, eventCurrentPtr, eventEmit, EventKind } from "../mem/events";
import { imageOpen, imageSection, imageSectionLength, ImageStatus, SectionType } from "../config/image";
import { linesReset, lineCreate, lineGet, lineReceive, lineCounter, lineSendFrame, MAX_LINES, Line } from "../line/lines";
import { ringContiguous, ringReadPtr, ringConsume } from "../mem/ring";
import { pppOwnerReset, pppOwnerCreate, pppOwnerTick } from "../line/ppp-owner";
import { authReset } from "../protocol/auth";

/** ABI revision; the host refuses a module whose revision it does not know. */
const ABI_VERSION: i32 = 1;

// The host writes the image here; it must outlive init() (sections are read in place).
const IMAGE_BUFFER_BYTES: i32 = 64 * 1024;
// @ts-ignore: decorator
@lazy const imageArea: usize = memory.data(IMAGE_BUFFER_BYTES, 16);

let ready: bool = false;
let nowMs: f64 = 0;

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
  pppOwnerReset();
  authReset();
  globalCountersReset();
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
  for (let i: u32 = 0; i < count; i++) {
    const record = lines + 4 + i * recordBytes;
    const tty = <i32>load<u16>(record);
    if (tty <= 0 || tty >= MAX_LINES) return reject(ImageStatus.TooManyLines);
    if (lineGet(tty) != null) return reject(ImageStatus.BadValue);
    if (!lineCreate(tty, <u32>load<u16>(record, 2), rxWindowBytes, txRingBytes, frameMax)) {
      return reject(ImageStatus.OutOfMemory);
    }
    if (!pppOwnerCreate(changetype<Line>(lineGet(tty)))) return reject(ImageStatus.OutOfMemory);
  }
  ready = true;
  return ImageStatus.Ok;
}

function reject(status: ImageStatus): i32 {
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
  if (l == null || len < 0) return 0;
  return lineReceive(l, ptr, len);
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
}

/** Runs due timers at `now` (ms, never decreasing); returns the next deadline or -1 for none. */
export function tick(now: f64): f64 {
  if (now > nowMs) nowMs = now;
  return ready ? pppOwnerTick(nowMs) : -1;
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
  if (l == null || len < 0) return 0;
  return lineSendFrame(l, ptr, len) ? 1 : 0;
}

export function memoryArenaUsed(): i32 {
  return arenaUsed();
}

export function memoryArenaCapacity(): i32 {
  return arenaCapacity();
}
