// Fixed-size event records in one ring, with their payloads in a byte ring beside it.
// The record returned by eventNext() and its payload stay valid until the next eventNext().

import { arenaTake } from "./arena";
import { globalCount, GlobalCounter } from "./counters";

export const enum EventKind {
  None = 0,
  Overflow = 1, // arg0 = records dropped since the last Overflow
  SignalsSet = 2, // arg0 = output mask (DTR=1, RTS=2), always the whole set
  FrameReceived = 3, // data = frame without FCS; arg0 = protocol guess (diagnostic line mode)
  Log = 4, // arg0 = level, data = text
  PoolExhausted = 5, // arg0 = pool id
  // 16-47: PPP engine (line/ppp-link.ts).
  PppPhase = 16, // arg0 = phase (0 Dead, 1 Establish, 2 Authenticate, 3 Callback, 4 Network, 5 Terminate), arg1 = role
  PppTrace = 17, // data = one `debug ppp negotiation` line
  PppFraming = 18, // arg0 = tx ACCM, arg1 = rx ACCM (LCP opened, or back to defaults)
  AuthRequest = 19, // arg0 = protocol (C023/C223), arg1 = name length; data = name ‖ password or id ‖ challenge ‖ response
  AuthSucceeded = 20, // arg0 = direction (0 peer to us, 1 us to peer), arg1 = protocol; data = name
  AuthFailed = 21, // as AuthSucceeded
  CallbackAgreed = 22, // arg0 = kind (1 RFC 1570, 2 CBCP), arg1 = operation/CBCP type, arg2 = delay s, arg3 = role; data = number
  IpcpUp = 23, // arg0 = our address, arg1 = peer address (IPv4 as big-endian values)
  IpcpDown = 24,
  IpDatagram = 25, // data = IPv4 datagram received
  PppLinkDown = 26, // arg0 = reason (protocol/session.ts LinkDownReason)
  PppFrame = 27, // capture flag on: arg0 = direction (0 received, 1 sent); data = frame without FCS
  // 48-63: chat engine (assembly/chat/)
  ChatResult = 48, // arg0 = script, arg1 = token, arg2 = ChatResult, arg3 = abort index or status; data = script name
  ChatTrace = 49, // arg0 = script, arg1 = token, arg2 = ChatTraceKind; data = trace text
  ChatBreak = 50, // arg0 = script, arg1 = token: send a BREAK on the line now
}

//  EventRecord (32 bytes), as the host reads it at eventPtr():
//  ┌─────┬──────┬──────┬──────┬──────┬──────┬──────┬─────────┬─────────┐
//  │ seq │ line │ kind │ arg0 │ arg1 │ arg2 │ arg3 │ dataPtr │ dataLen │
//  │ u32 │ u16  │ u16  │ i32  │ i32  │ i32  │ i32  │ u32     │ u32     │
//  └─────┴──────┴──────┴──────┴──────┴──────┴──────┴─────────┴─────────┘
export const EVENT_RECORD_BYTES: i32 = 32;
// In the ring each record also keeps where its payload ends (4 more bytes).
const SLOT_BYTES: usize = 36;

// @ts-ignore: decorator
@lazy const current: usize = memory.data(EVENT_RECORD_BYTES, 8);

let slots: usize = 0;
let slotCount: u32 = 0;
let slotRead: u32 = 0;
let slotWrite: u32 = 0;
let data: usize = 0;
let dataCap: u32 = 0;
let dataRead: u32 = 0;
let dataWrite: u32 = 0;
let pendingRelease: u32 = 0;
let hasPending: bool = false;
let dropped: u32 = 0;
let sequence: u32 = 0;

/** Carves the rings; false when the arena is too small. */
export function eventsInit(recordSlots: u32, dataBytes: u32): bool {
  slots = arenaTake(<i32>(recordSlots * <u32>SLOT_BYTES), 8);
  data = arenaTake(<i32>dataBytes, 8);
  slotCount = recordSlots;
  dataCap = dataBytes;
  slotRead = slotWrite = dataRead = dataWrite = 0;
  hasPending = false;
  dropped = 0;
  sequence = 0;
  memory.fill(current, 0, EVENT_RECORD_BYTES);
  return slots != 0 && data != 0 && recordSlots >= 2;
}

export function eventSlotsTotal(): u32 {
  return slotCount;
}

export function eventSlotsFree(): u32 {
  return slotCount - (slotWrite - slotRead);
}

// Reserves `len` contiguous payload bytes; returns the start position or -1.
function dataReserve(len: u32): i64 {
  if (len == 0) return <i64>dataWrite;
  let at = dataWrite;
  const offset = at % dataCap;
  if (offset + len > dataCap) at += dataCap - offset; // keep each payload contiguous
  if (at + len - dataRead > dataCap) return -1;
  dataWrite = at + len;
  return <i64>at;
}

function pushRaw(line: i32, kind: EventKind, a0: i32, a1: i32, a2: i32, a3: i32, src: usize, len: u32): bool {
  if (slotWrite - slotRead >= slotCount) return false;
  const at = dataReserve(len);
  if (at < 0) return false;
  const slot = slots + <usize>(slotWrite % slotCount) * SLOT_BYTES;
  sequence++;
  store<u32>(slot, sequence);
  store<u16>(slot, <u16>line, 4);
  store<u16>(slot, <u16>kind, 6);
  store<i32>(slot, a0, 8);
  store<i32>(slot, a1, 12);
  store<i32>(slot, a2, 16);
  store<i32>(slot, a3, 20);
  const ptr = len ? data + <usize>(<u32>at % dataCap) : 0;
  if (len) memory.copy(ptr, src, len);
  store<u32>(slot, <u32>ptr, 24);
  store<u32>(slot, len, 28);
  store<u32>(slot, dataWrite, 32);
  slotWrite++;
  return true;
}

/** Queues an event with a copy of `len` payload bytes; false (and counted) when full. */
export function eventEmit(line: i32, kind: EventKind, a0: i32, a1: i32 = 0, a2: i32 = 0, a3: i32 = 0, src: usize = 0, len: u32 = 0): bool {
  if (dropped != 0) {
    if (!pushRaw(0xffff, EventKind.Overflow, <i32>dropped, 0, 0, 0, 0, 0)) {
      dropped++;
      globalCount(GlobalCounter.EventsDropped);
      return false;
    }
    dropped = 0;
  }
  if (pushRaw(line, kind, a0, a1, a2, a3, src, len)) return true;
  dropped++;
  globalCount(GlobalCounter.EventsDropped);
  return false;
}

/** Moves the next record to eventPtr() and returns its kind; 0 when there is none. */
export function eventTake(): i32 {
  if (hasPending) {
    dataRead = pendingRelease;
    hasPending = false;
  }
  if (slotRead == slotWrite) {
    if (dropped != 0) {
      // The ring drained while records were lost: report it now.
      sequence++;
      memory.fill(current, 0, EVENT_RECORD_BYTES);
      store<u32>(current, sequence);
      store<u16>(current, 0xffff, 4);
      store<u16>(current, <u16>EventKind.Overflow, 6);
      store<i32>(current, <i32>dropped, 8);
      dropped = 0;
      return EventKind.Overflow;
    }
    return EventKind.None;
  }
  const slot = slots + <usize>(slotRead % slotCount) * SLOT_BYTES;
  memory.copy(current, slot, EVENT_RECORD_BYTES);
  pendingRelease = load<u32>(slot, 32);
  hasPending = true;
  slotRead++;
  return <i32>load<u16>(current, 6);
}

export function eventCurrentPtr(): usize {
  return current;
}
