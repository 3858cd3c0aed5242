// PAP packet bodies (RFC 1334 §2.2): Authenticate-Request carries
// PeerIdLen(1) PeerId PasswdLen(1) Passwd; Ack and Nak carry MsgLen(1) Msg.

import { pppFrameParse, PROTOCOL_PAP } from "./ppp-frame";
import { PACKET_CODE, PACKET_DATA } from "./control-packet";

export const PAP_REQUEST: u32 = 1;
export const PAP_ACK: u32 = 2;
export const PAP_NAK: u32 = 3;

//  PapRequest (16 bytes): where the fields of a parsed request lie (inside the packet).
//  ┌────────┬───────────┬──────────┬─────────────┐
//  │ peerId │ peerIdLen │ password │ passwordLen │
//  └────────┴───────────┴──────────┴─────────────┘
@unmanaged
export class PapRequest {
  peerId: usize;
  peerIdLen: u32;
  password: usize;
  passwordLen: u32;
}

/** Parses a request's data (`len` octets); false when a length field runs past it. */
export function papRequestParse(out: PapRequest, data: usize, len: i32): bool {
  if (len < 1) return false;
  const idLen = <i32>load<u8>(data);
  if (1 + idLen + 1 > len) return false;
  const passLen = <i32>load<u8>(data + 1 + idLen);
  if (2 + idLen + passLen > len) return false;
  out.peerId = data + 1;
  out.peerIdLen = <u32>idLen;
  out.password = data + 2 + idLen;
  out.passwordLen = <u32>passLen;
  return true;
}

/** Writes request data at `dst`; returns its length, or -1 when a field exceeds 255 octets. */
export function papRequestWrite(dst: usize, peerId: usize, peerIdLen: i32, password: usize, passwordLen: i32): i32 {
  if (peerIdLen < 0 || peerIdLen > 255 || passwordLen < 0 || passwordLen > 255) return -1;
  store<u8>(dst, <u8>peerIdLen);
  memory.copy(dst + 1, peerId, peerIdLen);
  store<u8>(dst + 1 + peerIdLen, <u8>passwordLen);
  memory.copy(dst + 2 + peerIdLen, password, passwordLen);
  return 2 + peerIdLen + passwordLen;
}

/** Length of the message in Ack/Nak data, or -1 when it runs past `len` octets. */
export function papMessageParse(data: usize, len: i32): i32 {
  if (len < 1) return -1;
  const msgLen = <i32>load<u8>(data);
  return 1 + msgLen > len ? -1 : msgLen;
}

/** Writes Ack/Nak data (message of at most 255 octets); returns its length. */
export function papMessageWrite(dst: usize, message: usize, messageLen: i32): i32 {
  const n = messageLen > 255 ? 255 : messageLen;
  store<u8>(dst, <u8>n);
  memory.copy(dst + 1, message, n);
  return n + 1;
}

// @ts-ignore: decorator
@lazy const protocolScratch: usize = memory.data(4, 4);

/**
 * In a whole frame (`len` octets, header in any form), the offset of the password of a PAP
 * Authenticate-Request, or 0 for any other frame. A request cut short still answers as long
 * as its Passwd-Length octet is there, so no octet of a password escapes papPasswordHide.
 */
export function papPasswordAt(frame: usize, len: i32): i32 {
  const info = pppFrameParse(frame, len, protocolScratch);
  if (info < 0 || load<u32>(protocolScratch) != PROTOCOL_PAP) return 0;
  const data = info + <i32>PACKET_DATA;
  if (data + 1 > len || <u32>load<u8>(frame + <usize>(info + <i32>PACKET_CODE)) != PAP_REQUEST) return 0;
  const passwordLenAt = data + 1 + <i32>load<u8>(frame + <usize>data);
  return passwordLenAt < len ? passwordLenAt + 1 : 0;
}

/** Overwrites with '*' the password octets present in a frame papPasswordAt finds one in. */
export function papPasswordHide(frame: usize, len: i32): void {
  const at = papPasswordAt(frame, len);
  if (at == 0) return;
  const passwordLen = <i32>load<u8>(frame + <usize>at - 1);
  for (let i = 0; i < passwordLen && at + i < len; i++) store<u8>(frame + <usize>(at + i), 0x2a);
}
