// Users an AAA server accepted: the host passes the answer (who, and what callback the
// server allows) before it says yes, and the core keeps it in the directory's remote region
// so callback reads it like a local user's. An entry is reused only when no line and no
// callback record refers to it; the region is sized so that one always qualifies. It lives
// with callback, the layer that sees both the lines and the records.

import {
  directoryRemoteFind, directoryRemoteIndex, directoryRemoteEmpty, directoryRemoteStamp, directoryRemoteWrite,
  directorySetCallback, directoryRemoteCount, directorySetFramedAddress, DIRECTORY_FULL, DIRECTORY_TOO_LONG, USER_CALLBACK,
} from "../users/directory";
import { MAX_LINES } from "../mem/tty";
import { machineGet } from "../line/machine-state";
import { globalRetryCount, globalRetryGapSeconds } from "../config/globals";
import { CallbackState, recordAt, recordsCount } from "./record";
import { limitForget } from "./limit";

function inUse(index: i32): bool {
  for (let tty = 0; tty < MAX_LINES; tty++) {
    const m = machineGet(tty);
    if (m != null && (m.userIndex == index || m.expectedUser == index)) return true;
  }
  for (let i = 0; i < recordsCount(); i++) {
    const r = recordAt(i);
    if (r != null && r.state != CallbackState.Free && r.userIndex == index) return true;
  }
  return false;
}

// The entry of this name, else an empty one, else the oldest one nothing refers to.
function slotFor(name: usize, nameLen: u32): i32 {
  const same = directoryRemoteFind(name, nameLen);
  if (same >= 0) return same;
  let oldest = -1;
  let oldestStamp: u32 = 0xffffffff;
  for (let k = 0; k < directoryRemoteCount(); k++) {
    const index = directoryRemoteIndex(k);
    if (directoryRemoteEmpty(k)) return index;
    const stamp = directoryRemoteStamp(k);
    if (stamp < oldestStamp && !inUse(index)) {
      oldest = index;
      oldestStamp = stamp;
    }
  }
  return oldest;
}

/**
 * Records an AAA-accepted user. `flags` takes USER_CALLBACK (the server allows callback,
 * to `dial`, or to a number the caller gives when `dial` is empty, which must then match
 * `pattern` when one is given) and USER_NOCALLBACK_VERIFY. Retries follow `callback retry`
 * as for local users. `framedAddress` is the server's Framed-IP-Address for the peer (RFC
 * 2865 §5.8; 0 none). Returns the user's index, DIRECTORY_FULL or DIRECTORY_TOO_LONG (then
 * nothing usable is recorded and the host should refuse the user).
 */
export function remoteUserSet(
  name: usize, nameLen: u32, flags: u32, dial: usize, dialLen: u32, rotary: u32, lineFirst: u32, lineLast: u32, pattern: usize, patternLen: u32,
  framedAddress: u32 = 0,
): i32 {
  const index = slotFor(name, nameLen);
  if (index < 0) return DIRECTORY_FULL;
  if (directoryRemoteFind(name, nameLen) != index) limitForget(index); // a reused entry: the last holder's callbacks are not this user's
  if (directoryRemoteWrite(index, name, nameLen, flags) < 0) return DIRECTORY_TOO_LONG;
  const retries = globalRetryCount();
  const gap = globalRetryGapSeconds();
  if ((flags & USER_CALLBACK) != 0 && !directorySetCallback(index, dial, dialLen, rotary, lineFirst, lineLast, pattern, patternLen, retries, gap)) {
    directoryRemoteWrite(index, name, nameLen, flags & ~USER_CALLBACK); // no callback rather than a wrong one
    return DIRECTORY_TOO_LONG;
  }
  directorySetFramedAddress(index, framedAddress);
  return index;
}
