// Board ABI for the PPP engine: open/close a session on a line, IP datagrams in, entropy in,
// local users and the host's AAA verdicts. Outcomes come back as events (kinds 16-47).

import { pppLinkSessionOpen, pppLinkClose, pppLinkLowerDown, pppLinkPhase, pppLinkIpPush, pppLinkAuthResult, pppLinkAuthResponse } from "../line/ppp-link";
import { entropyMix, entropySeeded as generatorSeeded } from "../crypto/entropy";
import { authUserAdd as authTableAdd, authModeSet as authTableMode, authLoginModeSet as authTableLoginMode } from "../protocol/auth";
import { machineAaaAnswer } from "../line/machine";
import { clockNow } from "../mem/clock";
import { globalCount, GlobalCounter } from "../mem/counters";
import { remoteUserSet } from "../callback/remote-user";
import { codecInPtr } from "./codec";
import { USER_CALLBACK, USER_CALLBACK_LINE_AUX, USER_NOCALLBACK_VERIFY } from "../users/directory";

// The parameter window (2048 bytes, boards/abi.md) is the codec's input area: both are read
// only inside the export the host calls next, and static data decides the sized builds' pages.

// A host region must lie inside the module's memory (which never grows).
function regionOk(ptr: usize, len: i32): bool {
  if (len < 0) return false;
  const top = <u64>memory.size() << 16;
  return <u64>ptr + <u64>len <= top;
}

function refused(): i32 {
  globalCount(GlobalCounter.BadCalls);
  return -4;
}

/** Where the host writes pppOpen options, user names, secrets and datagrams (2048 bytes). */
export function pppParamBuffer(): usize {
  return codecInPtr();
}

/**
 * Starts PPP on `line` as `role` (0 server/answerer, 1 client/caller) with the options
 * block at `optionsPtr` (layout: assembly/protocol/config.ts, 24 to 244 bytes). Frames on the
 * line go to the session from now on. Returns 0, -1 no such line, -2 bad options,
 * -3 already running, -4 region outside memory.
 */
export function pppOpen(line: i32, role: i32, optionsPtr: usize, optionsLen: i32): i32 {
  if (!regionOk(optionsPtr, optionsLen)) return refused();
  return pppLinkSessionOpen(line, <u32>role, optionsPtr, optionsLen, clockNow());
}

/** Ends the session with LCP Terminate-Request; 0, or -1 when none is running. */
export function pppClose(line: i32): i32 {
  return pppLinkClose(line);
}

/** The line went down under the session (carrier lost): it ends at once; 0 or -1. */
export function pppLowerDown(line: i32): i32 {
  return pppLinkLowerDown(line);
}

/** The session's phase (0 Dead .. 5 Terminate), or -1 for a line without one. */
export function pppPhase(line: i32): i32 {
  return pppLinkPhase(line);
}

/** Sends one IPv4 datagram over the line's link; 1 sent, 0 refused (IPCP not open, too big). */
export function ipPush(line: i32, ptr: usize, len: i32): i32 {
  if (!regionOk(ptr, len)) return refused();
  return pppLinkIpPush(line, ptr, len) ? 1 : 0;
}

/**
 * Mixes host randomness into the generator behind Magic-Numbers and CHAP challenges. The
 * host pushes at least 32 octets from its CSPRNG before any line comes up and keeps pushing;
 * the same pushes give the same sequence. Survives init().
 */
export function entropyPush(ptr: usize, len: i32): void {
  if (!regionOk(ptr, len)) {
    refused();
    return;
  }
  entropyMix(ptr, len);
}

/** 1 once at least 32 octets were pushed; until then every draw counts EntropyUnseeded. */
export function entropySeeded(): i32 {
  return generatorSeeded() ? 1 : 0;
}

/** Adds a local user (name up to 32 octets, secret up to 64); returns its slot, -1 table full, -2 too long. */
export function authUserAdd(namePtr: usize, nameLen: i32, secretPtr: usize, secretLen: i32, flags: i32): i32 {
  if (!regionOk(namePtr, nameLen) || !regionOk(secretPtr, secretLen)) return refused();
  return authTableAdd(namePtr, nameLen, secretPtr, secretLen, <u32>flags);
}

/** PPP's PAP and CHAP checks: 0 local table only, 1 local then host (AuthRequest event), 2 host only. */
export function authModeSet(mode: i32): void {
  authTableMode(mode);
}

/** EXEC logins, the same choices (IOS's separate `aaa authentication login` list). */
export function authLoginModeSet(mode: i32): void {
  authTableLoginMode(mode);
}

/**
 * Before authResult(line, 1) for a user the AAA server accepted: what the server allows.
 * `flags` 1 = callback allowed (to `dial`, or to a number the caller gives when `dial` is
 * empty, matching the IOS regular expression `pattern` when one is given), 2 =
 * nocallback-verify, 4 = the callback lines are aux lines; `rotary`, `lineFirst`..`lineLast`
 * choose the callback line (0 = as for anyone); `framedAddress` is the RFC 2865 Framed-IP-Address
 * for the peer's IPCP (big-endian value; 0 none, 0xFFFFFFFF the peer chooses, 0xFFFFFFFE the
 * pool). Returns the user's index, -1 no room, -2 a field too long (name and dial string
 * 32 octets, pattern 48), -4 bad region: then refuse the user.
 */
export function aaaUserSet(
  namePtr: usize, nameLen: i32, flags: i32, dialPtr: usize, dialLen: i32, rotary: i32, lineFirst: i32, lineLast: i32,
  patternPtr: usize, patternLen: i32, framedAddress: i32,
): i32 {
  if (!regionOk(namePtr, nameLen) || !regionOk(dialPtr, dialLen) || !regionOk(patternPtr, patternLen)) return refused();
  if (rotary < 0 || lineFirst < 0 || lineLast < 0) return refused();
  const allowed = <u32>flags & (USER_CALLBACK | USER_NOCALLBACK_VERIFY | USER_CALLBACK_LINE_AUX);
  return remoteUserSet(
    namePtr, <u32>nameLen, allowed, dialPtr, <u32>dialLen, <u32>rotary, <u32>lineFirst, <u32>lineLast, patternPtr, <u32>patternLen,
    <u32>framedAddress,
  );
}

/**
 * The host's verdict after an AuthRequest event on `line` (PPP or an EXEC login), with the
 * event's token (its arg2); 1 taken, 0 when that question is no longer waiting (answered,
 * timed out, or its session gone: a later check on the line is never decided by it).
 */
export function authResult(line: i32, ok: i32, token: i32): i32 {
  if (pppLinkAuthResult(line, ok != 0, <u32>token)) return 1;
  return machineAaaAnswer(line, ok != 0, <u32>token, clockNow()) ? 1 : 0;
}

/**
 * Before authResult(line, 1, token) for an MS-CHAPv2 check (AuthRequest a3 = 0x81): the
 * authenticator response the AAA server computed (RADIUS MS-CHAP2-Success after its
 * Ident octet: "S=" and 40 hex digits), for the Success packet (RFC 2759 §5). 1 kept, 0 when
 * that check is not waiting or not MS-CHAPv2, -2 not of that form, -4 bad region. Without
 * it an acceptance of MS-CHAPv2 is a failure.
 */
export function authResponseSet(line: i32, token: i32, ptr: usize, len: i32): i32 {
  if (!regionOk(ptr, len)) return refused();
  return pppLinkAuthResponse(line, <u32>token, ptr, len);
}
