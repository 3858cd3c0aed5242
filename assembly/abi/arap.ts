// Board ABI for ARAP (boards/abi.md, ARAP): a client session on a line (the simulator's ARA
// caller), closing and lowering it, the host's AAA verdict on an ARAP check with the
// server's response, the method for `aaa authentication arap`, and datagrams out.
// Server sessions open themselves (autoselect, callback legs); outcomes come back as events
// (kinds 96-111).

import {
  arapLinkOpenClient, arapLinkClose, arapLinkLowerDown, arapLinkState, arapLinkAuthResult, arapLinkDatagramSend,
} from "../line/arap-link";
import { arapAuthModeSet as arapTableMode } from "../protocol/arap-auth";
import { clockNow } from "../mem/clock";
import { globalCount, GlobalCounter } from "../mem/counters";

// A host region must lie inside the module's memory (which never grows).
function regionOk(ptr: usize, len: i32): bool {
  if (len < 0) return false;
  return <u64>ptr + <u64>len <= (<u64>memory.size() << 16);
}

function refused(): i32 {
  globalCount(GlobalCounter.BadCalls);
  return -4;
}

/**
 * Starts ARAP on `line` as `role` (1 client; the server side starts itself) with the options
 * block at `optionsPtr` (132 bytes, boards/abi.md). Octets received on the line go to it from
 * now on. Returns 0, -1 no such line, -2 bad options or role, -3 already running, -4 region
 * outside memory.
 */
export function arapOpen(line: i32, role: i32, optionsPtr: usize, optionsLen: i32): i32 {
  if (!regionOk(optionsPtr, optionsLen)) return refused();
  if (role != 1) return -2;
  return arapLinkOpenClient(line, optionsPtr, optionsLen, clockNow());
}

/** Ends the session (a Close, then MNP's LD); 0, or -1 when none runs. */
export function arapClose(line: i32): i32 {
  return arapLinkClose(line);
}

/** The line went down under the session (carrier lost): it ends at once. */
export function arapLowerDown(line: i32): void {
  arapLinkLowerDown(line);
}

/** The session's state (0 closed .. 7 closing), or -1 for a line without ARAP. */
export function arapState(line: i32): i32 {
  return arapLinkState(line);
}

/**
 * The host's verdict after an AuthRequest event of protocol 3 (ARAP) on `line`, with the
 * event's token and, when `ok`, the 8-octet response to the client's challenge at
 * `responsePtr` (RADIUS ARAP-Challenge-Response). 1 taken, 0 when that check no longer waits.
 */
export function arapAuthResult(line: i32, ok: i32, token: i32, responsePtr: usize): i32 {
  if (ok != 0 && !regionOk(responsePtr, 8)) {
    refused();
    return arapLinkAuthResult(line, false, <u32>token, 0) ? 1 : 0;
  }
  return arapLinkAuthResult(line, ok != 0, <u32>token, ok != 0 ? responsePtr : 0) ? 1 : 0;
}

/** `aaa authentication arap`: 0 local table only, 1 local then the host (AuthRequest), 2 the host only. */
export function arapAuthModeSet(mode: i32): void {
  arapTableMode(mode);
}

/** Sends one AppleTalk datagram on the line's open session; 1 sent, 0 refused. */
export function arapDatagramSend(line: i32, ptr: usize, len: i32): i32 {
  if (!regionOk(ptr, len)) return refused();
  return arapLinkDatagramSend(line, ptr, len) ? 1 : 0;
}
