// PAP packet bodies (RFC 1334 §2.2): Authenticate-Request carries
// PeerIdLen(1) PeerId PasswdLen(1) Passwd; Ack and Nak carry MsgLen(1) Msg.

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
