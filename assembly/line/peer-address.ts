// Which addresses a line's IPCP offers when its network phase starts (RFC 1332 §3.3, with the
// sources IOS takes them from). Ours: the interface's `ip address`, or the address of the
// interface `ip unnumbered IF` names, which the compiler writes in the same field (pppLinkOpen
// puts it in the options block). The peer's, first that applies: the AAA server's
// Framed-IP-Address (RFC 2865 §5.8), `peer default ip address A` (in the options block), a
// lease from `peer default ip address pool NAME`; `async dynamic address` (options block flag)
// or a Framed-IP-Address of 255.255.255.255 lets a peer keep an address of its own choosing. A pool with no free
// address refuses the peer with a log line and the link ends cleanly.

import { EventKind, eventEmit } from "../mem/events";
import { IpcpOffer } from "../protocol/session-state";
import { InterfaceExtraFlag, interfaceExtraFlags, interfacePoolNamePtr, interfacePoolNameLen } from "../config/interface-extras";
import { addressPoolFind } from "../config/address-pools";
import { directoryFramedAddress, FRAMED_PEER_CHOOSES, FRAMED_NAS_CHOOSES } from "../users/directory";
import { addressLeaseTake } from "./address-lease";

/** Log event level of the refusal (syslog severity 4, warning, as IOS's %IPCP messages). */
export const PEER_ADDRESS_LOG_LEVEL: i32 = 4;

const LOG_BYTES: u32 = 160;
// @ts-ignore: decorator
@lazy const logText: usize = memory.data(<i32>LOG_BYTES, 4);
let logLen: u32 = 0;

function logPut(text: string): void {
  for (let i = 0; i < text.length && logLen < LOG_BYTES; i++) {
    store<u8>(logText + <usize>logLen, <u8>text.charCodeAt(i));
    logLen++;
  }
}

function logPutBytes(ptr: usize, len: u32): void {
  for (let i: u32 = 0; i < len && logLen < LOG_BYTES; i++) {
    store<u8>(logText + <usize>logLen, load<u8>(ptr + i));
    logLen++;
  }
}

// "IPCP: pool NAME has no free address, peer refused" (or "no ip local pool NAME").
function refuse(tty: u32, name: usize, nameLen: u32, configured: bool): bool {
  logLen = 0;
  logPut(configured ? "IPCP: pool " : "IPCP: no ip local pool ");
  logPutBytes(name, nameLen);
  logPut(configured ? " has no free address, peer refused" : " is configured, peer refused");
  eventEmit(<i32>tty, EventKind.Log, PEER_ADDRESS_LOG_LEVEL, 0, 0, 0, logText, logLen);
  return false;
}

/**
 * Settles `offer` for line `tty` (interface `interface async tty`), whose peer authenticated
 * as directory user `user` (-1 none). False when the peer must be refused: its pool has no
 * free address (or is not configured).
 */
export function peerAddressOffer(tty: u32, user: i32, offer: IpcpOffer): bool {
  const framed = user >= 0 ? directoryFramedAddress(user) : 0;
  if (framed == FRAMED_PEER_CHOOSES) offer.peerChooses = 1;
  else if (framed != 0 && framed != FRAMED_NAS_CHOOSES) {
    offer.peerAddress = framed;
    return true;
  }
  if (offer.peerAddress != 0 || (interfaceExtraFlags(<i32>tty) & InterfaceExtraFlag.PeerPool) == 0) return true;
  const name = interfacePoolNamePtr(<i32>tty);
  const nameLen = interfacePoolNameLen(<i32>tty);
  const pool = addressPoolFind(name, nameLen);
  if (pool < 0) return refuse(tty, name, nameLen, false);
  const address = addressLeaseTake(tty, <u32>pool, offer.ourAddress);
  if (address == 0) return refuse(tty, name, nameLen, true);
  offer.peerAddress = address;
  return true;
}
