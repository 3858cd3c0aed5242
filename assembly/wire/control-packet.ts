// Control packet view shared by LCP, IPCP, PAP, CHAP and CBCP (RFC 1661 §5):
// Code(1) Identifier(1) Length(2, header included) Data. One length check, then
// readers at fixed offsets never run past the packet.

import { readU16, writeU16 } from "./bytes";

export const PACKET_CODE: usize = 0;
export const PACKET_ID: usize = 1;
export const PACKET_LENGTH: usize = 2;
export const PACKET_DATA: usize = 4;
export const PACKET_HEADER_BYTES: i32 = 4;

export const PACKET_TRUNCATED: i32 = -1;
export const PACKET_BAD_LENGTH: i32 = -2;

/**
 * Checks the `len` octets at `ptr` hold a whole packet. Returns the packet's Length
 * (octets after it are padding), PACKET_TRUNCATED when the header is cut, or
 * PACKET_BAD_LENGTH when Length is below 4 or runs past the octets received.
 */
export function packetCheck(ptr: usize, len: i32): i32 {
  if (len < PACKET_HEADER_BYTES) return PACKET_TRUNCATED;
  const length = <i32>readU16(ptr + PACKET_LENGTH);
  if (length < PACKET_HEADER_BYTES || length > len) return PACKET_BAD_LENGTH;
  return length;
}

// @ts-ignore: decorator
@inline export function packetCode(ptr: usize): u32 {
  return load<u8>(ptr + PACKET_CODE);
}

// @ts-ignore: decorator
@inline export function packetId(ptr: usize): u32 {
  return load<u8>(ptr + PACKET_ID);
}

// @ts-ignore: decorator
@inline export function packetLength(ptr: usize): u32 {
  return readU16(ptr + PACKET_LENGTH);
}

/** Writes the header of a packet whose data (`dataLen` octets) is already at ptr + 4. */
export function packetWriteHeader(ptr: usize, code: u32, id: u32, dataLen: i32): i32 {
  store<u8>(ptr + PACKET_CODE, <u8>code);
  store<u8>(ptr + PACKET_ID, <u8>id);
  writeU16(ptr + PACKET_LENGTH, <u32>(dataLen + PACKET_HEADER_BYTES));
  return dataLen + PACKET_HEADER_BYTES;
}
