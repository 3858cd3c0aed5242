// PPP frame header (RFC 1661 §2, RFC 1662 §3.1): optional FF 03, then a 1- or 2-octet
// protocol. Parse accepts both compressed forms always; emit compresses only when told.

import { readU16, writeU16 } from "./bytes";

export const PPP_ADDRESS: u8 = 0xff;
export const PPP_CONTROL: u8 = 0x03;
/** Room in front of a packet for the longest header (FF 03 + 2-octet protocol). */
export const PPP_HEADER_MAX: i32 = 4;

export const PROTOCOL_IP: u32 = 0x0021;
export const PROTOCOL_IPCP: u32 = 0x8021;
export const PROTOCOL_LCP: u32 = 0xc021;
export const PROTOCOL_PAP: u32 = 0xc023;
export const PROTOCOL_CHAP: u32 = 0xc223;
export const PROTOCOL_CBCP: u32 = 0xc029;

/**
 * Parses the header of `len` octets at `frame`. Returns the offset of the information
 * field (the protocol goes to `protocolOut`), or -1 when the header is truncated or the
 * protocol is malformed (RFC 1661 §2: the low octet must be odd, the high octet even).
 */
export function pppFrameParse(frame: usize, len: i32, protocolOut: usize): i32 {
  let at = 0;
  if (len >= 2 && load<u8>(frame) == PPP_ADDRESS && load<u8>(frame, 1) == PPP_CONTROL) at = 2;
  if (at >= len) return -1;
  const first = <u32>load<u8>(frame + at);
  let protocol: u32;
  if (first & 1) {
    protocol = first; // RFC 1661 §6.5: one-octet (compressed) protocol
    at += 1;
  } else {
    if (at + 2 > len) return -1;
    protocol = readU16(frame + at);
    if ((protocol & 1) == 0) return -1;
    at += 2;
  }
  store<u32>(protocolOut, protocol);
  return at;
}

// @ts-ignore: decorator
@lazy const protocolScratch: usize = memory.data(4, 4);

/** The protocol of the `len` octets at `frame` (header in any form), or -1 as pppFrameParse refuses it. */
export function pppFrameProtocol(frame: usize, len: i32): i32 {
  return pppFrameParse(frame, len, protocolScratch) < 0 ? -1 : <i32>load<u32>(protocolScratch);
}

/**
 * Writes the header so that it ends exactly at `info` (room of PPP_HEADER_MAX octets
 * before it). Returns the frame start. `acfc`/`pfc` compress when allowed; LCP is never
 * compressed (RFC 1661 §6.5, RFC 1662 §3.2).
 */
export function pppFrameHeader(info: usize, protocol: u32, acfc: bool, pfc: bool): usize {
  let start = info;
  const lcp = protocol == PROTOCOL_LCP;
  if (pfc && !lcp && protocol < 0x100) {
    start -= 1;
    store<u8>(start, <u8>protocol);
  } else {
    start -= 2;
    writeU16(start, protocol);
  }
  if (!acfc || lcp) {
    start -= 2;
    store<u8>(start, PPP_ADDRESS);
    store<u8>(start, PPP_CONTROL, 1);
  }
  return start;
}
