// Rewrites single PPP frames on their way from a peer to the core, as a hostile caller or a
// broken line in the middle would: a forged MS-CHAPv2 authenticator response, a
// Configure-Ack turned into a Configure-Nak. Frames are unescaped, without FCS (as the
// deframer gives them); anything a rule does not match passes unchanged.

import { PROTOCOL_CHAP } from "../../../host/core/ppp.ts";
import { splitFrame } from "../../../host/trace/frame-summary.ts";

/** Sees one whole frame from the peer and returns the frame the core is to get instead (or the same one). */
export type FrameTamper = (frame: Uint8Array) => Uint8Array;

export const PROTOCOL_LCP = 0xc021;
const CONFIGURE_ACK = 2; // RFC 1661 §5.2
const CONFIGURE_NAK = 3; // RFC 1661 §5.3
const CHAP_SUCCESS = 3; // RFC 1994 §4.2
export const LCP_MRU = 1; // RFC 1661 §6.1
const HEADER_BYTES = 4; // Code, Identifier, Length (RFC 1661 §5)
// RFC 2759 §5: the Success message starts "S=" and 40 uppercase hex digits.
const AUTHENTICATOR_RESPONSE = /^S=[0-9A-F]{40}/;

interface ControlPacket {
  protocol: number;
  /** Octets before the Code field (address, control, protocol as the peer sent them). */
  headerLen: number;
  code: number;
  id: number;
  /** Data after the four-octet header, up to the packet's Length. */
  data: Uint8Array;
}

/** The control packet a frame carries, or undefined if it is too short or its Length overruns the frame. */
export function parsedControlPacket(frame: Uint8Array): ControlPacket | undefined {
  const parts = splitFrame(frame);
  if (!parts || parts.info.length < HEADER_BYTES) return undefined;
  const { protocol, info } = parts;
  const length = (info[2] << 8) | info[3];
  if (length < HEADER_BYTES || length > info.length) return undefined;
  return { protocol, headerLen: frame.length - info.length, code: info[0], id: info[1], data: info.subarray(HEADER_BYTES, length) };
}

function packetFrame(frame: Uint8Array, packet: ControlPacket, code: number, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(packet.headerLen + HEADER_BYTES + data.length);
  out.set(frame.subarray(0, packet.headerLen));
  const length = HEADER_BYTES + data.length;
  out.set([code, packet.id, length >> 8, length & 0xff], packet.headerLen);
  out.set(data, packet.headerLen + HEADER_BYTES);
  return out;
}

/** Whether the frame is a CHAP Success (RFC 1994 §4.2). */
export function isChapSuccess(frame: Uint8Array): boolean {
  const packet = parsedControlPacket(frame);
  return packet?.protocol === PROTOCOL_CHAP && packet.code === CHAP_SUCCESS;
}

/** The "S=<40 hex>" of an MS-CHAPv2 Success, or undefined for any other frame. */
export function successAuthenticatorResponse(frame: Uint8Array): string | undefined {
  const packet = parsedControlPacket(frame);
  if (!packet || !isChapSuccess(frame)) return undefined;
  return AUTHENTICATOR_RESPONSE.exec(Buffer.from(packet.data).toString("latin1"))?.[0];
}

/**
 * An MS-CHAPv2 Success whose authenticator response has its last hex digit changed (what a
 * party without the password would send); other frames unchanged.
 */
export function forgeAuthenticatorResponse(frame: Uint8Array): Uint8Array {
  const packet = parsedControlPacket(frame);
  const response = successAuthenticatorResponse(frame);
  if (!packet || !response) return frame;
  const out = Uint8Array.from(frame);
  const at = packet.headerLen + HEADER_BYTES + response.length - 1;
  out[at] = out[at] === 0x30 ? 0x31 : 0x30; // "0" -> "1", anything else -> "0"
  return out;
}

/** The value of option `type` in a Configure packet's data (RFC 1661 §5.1), or undefined. */
export function optionValue(options: Uint8Array, type: number): Uint8Array | undefined {
  for (let at = 0; at + 2 <= options.length; ) {
    const len = options[at + 1];
    if (len < 2 || at + len > options.length) return undefined;
    if (options[at] === type) return options.subarray(at + 2, at + len);
    at += len;
  }
  return undefined;
}

/**
 * A Configure-Ack of `protocol` turned into a Configure-Nak with the same Identifier whose
 * options are `propose(acked options)`; other frames, or no proposal, unchanged.
 */
export function configureAckAsNak(frame: Uint8Array, protocol: number, propose: (acked: Uint8Array) => Uint8Array | undefined): Uint8Array {
  const packet = parsedControlPacket(frame);
  if (packet?.protocol !== protocol || packet.code !== CONFIGURE_ACK) return frame;
  const options = propose(packet.data);
  return options ? packetFrame(frame, packet, CONFIGURE_NAK, options) : frame;
}

/**
 * An LCP Nak's options proposing the other of two MRUs than the one acked (RFC 1661 §6.1):
 * a peer that never settles, whatever the sender asks for next.
 */
export function mruFlipping(one: number, other: number): (acked: Uint8Array) => Uint8Array | undefined {
  return (acked) => {
    const value = optionValue(acked, LCP_MRU);
    if (value?.length !== 2) return undefined;
    const next = ((value[0] << 8) | value[1]) === one ? other : one;
    return Uint8Array.from([LCP_MRU, 4, next >> 8, next & 0xff]);
  };
}
