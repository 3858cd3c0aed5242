// The line layer's side of PPP: opens the line's session as the server with the settings of
// its `interface async N`, and acts on what the session reports: who authenticated, a callback
// agreed by RFC 1570 or CBCP (or due by `ppp callback initiate`), IPCP up, the link gone.

import { Line, lineGet } from "./lines";
import { LineMachine, LineState, machineGet, machineHangUp, machineHostnameWidth, machinePutHostnameTo } from "./machine";
import { authAcceptedUser } from "../protocol/auth";
import { directoryFlags, directoryDialstringLen, directoryDialstringPtr, USER_CALLBACK } from "../users/directory";
import { CBCP_ADMIN_NUMBER, CBCP_NO_CALLBACK, CBCP_USER_NUMBER } from "../wire/cbcp";
import { pppOwnerOpen, pppOwnerClose } from "./ppp-owner";
import { interfaceFind } from "../config/interfaces";
import {
  AUTH_PAP, AUTH_CHAP, CALLBACK_ACCEPT_RFC1570, CALLBACK_ACCEPT_CBCP, CONFIG_FLAG_TRACE, CONFIG_FLAG_CAPTURE, CONFIG_NAME, CONFIG_BYTES,
} from "../protocol/config";
import { Role, CbcpOffer, CALLBACK_KIND_RFC1570, CBCP_NUMBER_BYTES } from "../protocol/session-state";
import { callbackRequest, callbackSessionUp, callbackLegAuth, callbackLegAuthenticated } from "../callback/orchestrator";
import { CallbackMethod, CallbackRecord } from "../callback/record";

// Interface record flags (section 6, boards/image.md).
const IF_CALLBACK_ACCEPT: u32 = 1 << 4;
const IF_CALLBACK_INITIATE: u32 = 1 << 5;
const IF_AUTH_PAP: u32 = 1 << 7;
const IF_AUTH_CHAP: u32 = 1 << 8;
const IF_PEER_ADDRESS: u32 = 1 << 11;
const IF_IP_ADDRESS: u32 = 1 << 13;

// MS-CBCP §2.2.4.1 types offered until the user is known: 2 user-specified number, 3
// pre-specified number. After authentication pppLinkCbcpOffer narrows it to the user's.
const CBCP_OFFER: u8 = (1 << 2) | (1 << 3);

// @ts-ignore: decorator
@lazy const options: usize = memory.data(CONFIG_BYTES, 8);

function ipv4(record: usize, at: usize): u32 {
  return (<u32>load<u8>(record + at) << 24) | (<u32>load<u8>(record + at + 1) << 16) | (<u32>load<u8>(record + at + 2) << 8) | <u32>load<u8>(record + at + 3);
}

/** The PPP authentication methods (AUTH_PAP, AUTH_CHAP) of `interface async tty`; 0 for none. */
export function pppLinkAuthMethods(tty: u32): u32 {
  const iface = interfaceFind(<i32>tty);
  const flags = iface != 0 ? <u32>load<u16>(iface, 2) : 0;
  let auth: u32 = 0;
  if (flags & IF_AUTH_CHAP) auth |= AUTH_CHAP;
  if (flags & IF_AUTH_PAP) auth |= AUTH_PAP;
  return auth;
}

/**
 * Opens PPP as the server on the line. `callbackLeg` true on the line that was called back:
 * the caller then authenticates again, with the methods callbackLegAuth gives, and cannot
 * ask for another callback; a leg no method applies to is not opened (-4).
 * Returns the engine's status (0 = opened).
 */
export function pppLinkOpen(m: LineMachine, callbackLeg: bool): i32 {
  memory.fill(options, 0, <usize>CONFIG_BYTES);
  const iface = interfaceFind(<i32>m.tty);
  const flags = iface != 0 ? <u32>load<u16>(iface, 2) : 0;
  const auth = callbackLeg ? (m.callback != 0 ? callbackLegAuth(m.tty, changetype<CallbackRecord>(m.callback).lineIn) : 0) : pppLinkAuthMethods(m.tty);
  if (callbackLeg && auth == 0) return -4;
  store<u8>(options, <u8>auth);
  if (!callbackLeg && (flags & IF_CALLBACK_ACCEPT) != 0) {
    store<u8>(options, <u8>(CALLBACK_ACCEPT_RFC1570 | CALLBACK_ACCEPT_CBCP), 1);
    store<u8>(options, CBCP_OFFER, 3);
  }
  store<u8>(options, <u8>(CONFIG_FLAG_TRACE | CONFIG_FLAG_CAPTURE), 5); // traces and frames as events: the host decides what to keep
  if (iface != 0 && (flags & IF_IP_ADDRESS) != 0) store<u32>(options, ipv4(iface, 8), 8);
  if (iface != 0 && (flags & IF_PEER_ADDRESS) != 0) store<u32>(options, ipv4(iface, 4), 12);
  // CHAP names us with the host name (the IOS default).
  const nameLen = machinePutHostnameTo(options + CONFIG_NAME, 32);
  store<u8>(options, <u8>nameLen, 23);
  return pppOwnerOpen(<i32>m.tty, Role.Server, options, CONFIG_BYTES);
}

function lineMachine(tty: u32): LineMachine | null {
  const m = machineGet(<i32>tty);
  return m != null && m.state == LineState.Ppp ? m : null;
}

/** The peer proved who it is. With `ppp callback initiate` and no callback negotiated, call back now. */
export function pppLinkAuthenticated(tty: u32, name: usize, nameLen: u32, callbackNegotiated: bool, now: f64): void {
  const m = lineMachine(tty);
  if (m == null) return;
  const user = authAcceptedUser(name, nameLen);
  if (m.callback != 0 && !callbackLegAuthenticated(tty, user, now)) {
    pppOwnerClose(<i32>tty); // only the user who asked may use the callback line
    return;
  }
  m.userIndex = user;
  if (m.callback != 0 || callbackNegotiated) return;
  const iface = interfaceFind(<i32>tty);
  const initiate = iface != 0 && (<u32>load<u16>(iface, 2) & IF_CALLBACK_INITIATE) != 0;
  if (!initiate || user < 0 || (directoryFlags(user) & USER_CALLBACK) == 0) return;
  if (callbackRequest(tty, user, CallbackMethod.Initiate, m.sessionId, 0, 0, 0, now) > 0) pppOwnerClose(<i32>tty);
}

/**
 * Answers the session's question when CBCP starts: narrows the MS-CBCP `offer` to what the
 * user who authenticated on `tty` may use, as IOS does: no callback for a user without a
 * callback-dialstring, a number of the caller's choosing for an empty one, the configured
 * number (preset, type 3) otherwise. An AAA-accepted user is judged by what the server
 * allowed (line/remote-user.ts); a user with no entry at all keeps the interface's offer.
 */
export function pppLinkCbcpOffer(tty: u32, offer: CbcpOffer): void {
  const m = lineMachine(tty);
  if (m == null || m.userIndex < 0 || offer.types == 0) return;
  const user = m.userIndex;
  if ((directoryFlags(user) & USER_CALLBACK) == 0) {
    offer.types = <u32>1 << CBCP_NO_CALLBACK;
    return;
  }
  const dialLen = directoryDialstringLen(user);
  if (dialLen == 0) {
    offer.types = <u32>1 << CBCP_USER_NUMBER;
    return;
  }
  offer.types = <u32>1 << CBCP_ADMIN_NUMBER;
  // The preset number the Ack and the CallbackAgreed event report (the wire carries none).
  const n = dialLen < <u32>CBCP_NUMBER_BYTES ? dialLen : <u32>CBCP_NUMBER_BYTES;
  memory.copy(offer.number, directoryDialstringPtr(user), n);
  offer.numberLen = n;
}

/**
 * A callback was agreed with the peer (RFC 1570 operation 0/1/3, or CBCP type 2/3 with its
 * delay). The session ends the link itself; here the orchestrator is asked to call back.
 */
export function pppLinkCallbackAgreed(tty: u32, kind: i32, operation: u32, delaySeconds: u32, number: usize, numberLen: u32, now: f64): void {
  const m = lineMachine(tty);
  if (m == null || m.userIndex < 0) return;
  const rfc1570 = kind == CALLBACK_KIND_RFC1570;
  if (!rfc1570 && operation == 1) return; // CBCP type 1: no callback, the link goes on
  // RFC 1570 §2.3: only operations 1 (dial string) and 3 (E.164) carry a number we dial.
  const clientNumber = rfc1570 && operation != 1 && operation != 3 ? 0 : numberLen;
  callbackRequest(tty, m.userIndex, rfc1570 ? CallbackMethod.Rfc1570 : CallbackMethod.Cbcp, m.sessionId, number, clientNumber, <f64>delaySeconds * 1000, now);
}

/** IPCP is up: on a callback leg, the callback is done if the user called back authenticated on it. */
export function pppLinkNetworkUp(tty: u32, now: f64): void {
  const m = lineMachine(tty);
  if (m == null || m.callback == 0) return;
  const ok = callbackSessionUp(tty, m.userIndex, now);
  m.callback = 0;
  if (!ok) pppOwnerClose(<i32>tty);
}

/** The PPP link is gone (terminated, failed, or ended for a callback): hang the line up. */
export function pppLinkDown(tty: u32, now: f64): void {
  const m = lineMachine(tty);
  const l = lineGet(<i32>tty);
  if (m == null || l == null) return;
  machineHangUp(m, changetype<Line>(l), now);
}
