// How full each pool is: what a soak or a fuzz run reads to prove that nothing leaked.
// Every figure is back to its value after init once every call has ended and timers are quiet.

import { arenaUsed, arenaCapacity } from "../mem/arena";
import { eventSlotsTotal, eventSlotsFree } from "../mem/events";
import { chatPoolRunning, chatPoolSize } from "../chat/pool";
import { recordsPending, recordsCount, recordAt, CallbackState } from "../callback/record";
import { pppLinkActiveCount, pppLinkCount } from "../line/ppp-link";
import { arapLinkActiveCount } from "../line/arap-link";
import { machineGet, LineState, LineMachine } from "../line/machine-state";
import { MAX_LINES } from "../mem/tty";
import { LineFlag } from "../config/line-settings";
import { directoryRemoteEmpty, directoryRemoteIndex, directoryRemoteCount } from "../users/directory";
import { addressLeaseCount, addressLeaseCapacity } from "../line/address-lease";

/** The figures poolUsage and poolCapacity report (boards/abi.md). */
export const enum PoolId {
  /** Bytes of the arena carved (pools are carved once, so this never moves after init). */
  ArenaBytes = 0,
  /** Event records queued and not yet taken by eventNext. */
  Events = 1,
  /** Chat runners with a script under way. */
  ChatRunners = 2,
  /** Callback records neither free nor finished. */
  CallbackRecords = 3,
  /** PPP sessions running. */
  PppSessions = 4,
  /** TTY lines not idle (the console, always at its prompt, is not counted). */
  LinesBusy = 5,
  /** AAA-accepted users a line or a pending callback still refers to. */
  RemoteUsers = 6,
  /** Addresses leased from `ip local pool`s (one per line at most; returned when the link ends). */
  AddressLeases = 7,
  /** ARAP sessions (with their MNP links) running. */
  ArapSessions = 8,
}

function isConsole(m: LineMachine): bool {
  return (m.flags & LineFlag.Console) != 0;
}

function linesBusy(): i32 {
  let n = 0;
  for (let tty = 0; tty < MAX_LINES; tty++) {
    const m = machineGet(tty);
    if (m != null && !isConsole(m) && m.state != LineState.Idle) n++;
  }
  return n;
}

function modemLines(): i32 {
  let n = 0;
  for (let tty = 0; tty < MAX_LINES; tty++) {
    const m = machineGet(tty);
    if (m != null && !isConsole(m)) n++;
  }
  return n;
}

// Held means a reuse would take it from someone: a live line or a callback still under way
// (a finished record keeps the name only for `show callback`).
function remoteHeld(index: i32): bool {
  for (let tty = 0; tty < MAX_LINES; tty++) {
    const m = machineGet(tty);
    if (m != null && (m.userIndex == index || m.expectedUser == index)) return true;
  }
  for (let i = 0; i < recordsCount(); i++) {
    const r = recordAt(i);
    if (r != null && r.state != CallbackState.Free && r.state != CallbackState.Finished && r.userIndex == index) return true;
  }
  return false;
}

function remoteUsersHeld(): i32 {
  let n = 0;
  for (let k = 0; k < directoryRemoteCount(); k++) {
    if (!directoryRemoteEmpty(k) && remoteHeld(directoryRemoteIndex(k))) n++;
  }
  return n;
}

/** How much of pool `id` (PoolId) is in use now; -1 for an unknown id. */
export function poolUsage(id: i32): i32 {
  switch (id) {
    case PoolId.ArenaBytes: return arenaUsed();
    case PoolId.Events: return <i32>(eventSlotsTotal() - eventSlotsFree());
    case PoolId.ChatRunners: return chatPoolRunning();
    case PoolId.CallbackRecords: return recordsPending();
    case PoolId.PppSessions: return pppLinkActiveCount();
    case PoolId.LinesBusy: return linesBusy();
    case PoolId.RemoteUsers: return remoteUsersHeld();
    case PoolId.AddressLeases: return addressLeaseCount();
    case PoolId.ArapSessions: return arapLinkActiveCount();
  }
  return -1;
}

/** How large pool `id` (PoolId) is since init; -1 for an unknown id. */
export function poolCapacity(id: i32): i32 {
  switch (id) {
    case PoolId.ArenaBytes: return arenaCapacity();
    case PoolId.Events: return <i32>eventSlotsTotal();
    case PoolId.ChatRunners: return chatPoolSize();
    case PoolId.CallbackRecords: return recordsCount();
    case PoolId.PppSessions: return pppLinkCount();
    case PoolId.LinesBusy: return modemLines();
    case PoolId.RemoteUsers: return directoryRemoteCount();
    case PoolId.AddressLeases: return addressLeaseCapacity();
    case PoolId.ArapSessions: return pppLinkCount(); // one per line, as PPP sessions
  }
  return -1;
}
