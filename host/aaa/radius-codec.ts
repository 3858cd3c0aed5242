// Own codec, not npm radius@1.1.4: it hides User-Password only for UTF-8 strings, compares authenticators as lossy UTF-8, keeps the secret in module state.
// RADIUS wire codec (RFC 2865 §3, §5): parse and emit packets and attributes, hide passwords, sign
// and check Response Authenticators and Message-Authenticators (RFC 3579 §3.2). No state, no I/O;
// the client in radius-client.ts owns both.

import { createHash, createHmac, timingSafeEqual } from "node:crypto";

export const RADIUS_ACCESS_REQUEST = 1;
export const RADIUS_ACCESS_ACCEPT = 2;
export const RADIUS_ACCESS_REJECT = 3;
export const RADIUS_ACCESS_CHALLENGE = 11;
// RFC 2866 §3.
export const RADIUS_ACCOUNTING_REQUEST = 4;
export const RADIUS_ACCOUNTING_RESPONSE = 5;

export const RADIUS_USER_NAME = 1;
export const RADIUS_USER_PASSWORD = 2;
export const RADIUS_CHAP_PASSWORD = 3;
export const RADIUS_NAS_IP_ADDRESS = 4;
export const RADIUS_NAS_PORT = 5;
export const RADIUS_SERVICE_TYPE = 6;
export const RADIUS_FRAMED_PROTOCOL = 7;
export const RADIUS_FRAMED_IP_ADDRESS = 8;
export const RADIUS_REPLY_MESSAGE = 18;
export const RADIUS_CALLBACK_NUMBER = 19;
export const RADIUS_CLASS = 25;
export const RADIUS_VENDOR_SPECIFIC = 26;
export const RADIUS_CALLED_STATION_ID = 30;
export const RADIUS_CALLING_STATION_ID = 31;
export const RADIUS_NAS_IDENTIFIER = 32;
// RFC 2866 §5.
export const RADIUS_ACCT_STATUS_TYPE = 40;
export const RADIUS_ACCT_DELAY_TIME = 41;
export const RADIUS_ACCT_INPUT_OCTETS = 42;
export const RADIUS_ACCT_OUTPUT_OCTETS = 43;
export const RADIUS_ACCT_SESSION_ID = 44;
export const RADIUS_ACCT_AUTHENTIC = 45;
export const RADIUS_ACCT_SESSION_TIME = 46;
export const RADIUS_ACCT_INPUT_PACKETS = 47;
export const RADIUS_ACCT_OUTPUT_PACKETS = 48;
export const RADIUS_ACCT_TERMINATE_CAUSE = 49;
export const RADIUS_ACCT_MULTI_SESSION_ID = 50;
export const RADIUS_CHAP_CHALLENGE = 60;
/** RFC 2869 §5.4, §5.15: ARAP's credentials in an Access-Request and the server's proof in an Accept. */
export const RADIUS_ARAP_PASSWORD = 70;
export const RADIUS_ARAP_CHALLENGE_RESPONSE = 84;
export const RADIUS_NAS_PORT_TYPE = 61;
export const RADIUS_MESSAGE_AUTHENTICATOR = 80;

export const SERVICE_TYPE_LOGIN = 1;
export const SERVICE_TYPE_FRAMED = 2;
export const SERVICE_TYPE_CALLBACK_LOGIN = 3;
export const SERVICE_TYPE_CALLBACK_FRAMED = 4;
export const FRAMED_PROTOCOL_PPP = 1;
export const FRAMED_PROTOCOL_ARAP = 3;
export const NAS_PORT_TYPE_ASYNC = 0;
// RFC 2866 §5.1 Acct-Status-Type; RFC 2866 §5.6 Acct-Authentic.
export const ACCT_STATUS_START = 1;
export const ACCT_STATUS_STOP = 2;
export const ACCT_STATUS_INTERIM_UPDATE = 3;
export const ACCT_AUTHENTIC_RADIUS = 1;
export const ACCT_AUTHENTIC_LOCAL = 2;
export const ACCT_AUTHENTIC_REMOTE = 3;
export const VENDOR_CISCO = 9;
export const CISCO_AVPAIR = 1;
/** RFC 2548 §2: Microsoft's vendor attributes (Vendor-Id 311) for MS-CHAP v1 and v2. */
export const VENDOR_MICROSOFT = 311;
export const MS_CHAP_RESPONSE = 1;
export const MS_CHAP_ERROR = 2;
export const MS_CHAP_CHALLENGE = 11;
export const MS_CHAP2_RESPONSE = 25;
export const MS_CHAP2_SUCCESS = 26;

// RFC 2865 §3: header is Code(1) Identifier(1) Length(2) Authenticator(16); packets are 20..4096 octets.
const HEADER_LENGTH = 20;
const AUTHENTICATOR_OFFSET = 4;
const AUTHENTICATOR_LENGTH = 16;
const MAX_PACKET_LENGTH = 4096;
// RFC 2865 §5: an attribute's Length octet covers Type and Length, so a value holds at most 253 octets.
export const MAX_ATTRIBUTE_VALUE = 253;
// RFC 2865 §5.2: a User-Password is at most 128 octets once padded.
export const MAX_PASSWORD_LENGTH = 128;

export interface RadiusAttribute {
  type: number;
  value: Uint8Array;
}

export interface RadiusPacket {
  code: number;
  identifier: number;
  authenticator: Uint8Array;
  attributes: RadiusAttribute[];
}

/** Emits `packet`; throws RangeError when an attribute value or the packet is too long (no values in the message). */
export function radiusEncode(packet: RadiusPacket): Uint8Array {
  const length = HEADER_LENGTH + packet.attributes.reduce((sum, a) => sum + 2 + a.value.length, 0);
  if (length > MAX_PACKET_LENGTH) throw new RangeError(`RADIUS packet of ${length} octets exceeds ${MAX_PACKET_LENGTH}`);
  const out = Buffer.alloc(length);
  out[0] = packet.code;
  out[1] = packet.identifier;
  out.writeUInt16BE(length, 2);
  out.set(packet.authenticator.subarray(0, AUTHENTICATOR_LENGTH), AUTHENTICATOR_OFFSET);
  let at = HEADER_LENGTH;
  for (const a of packet.attributes) {
    if (a.value.length > MAX_ATTRIBUTE_VALUE) throw new RangeError(`RADIUS attribute ${a.type} value of ${a.value.length} octets exceeds 253`);
    out[at] = a.type;
    out[at + 1] = 2 + a.value.length;
    out.set(a.value, at + 2);
    at += 2 + a.value.length;
  }
  return new Uint8Array(out.buffer, out.byteOffset, out.length);
}

/** Parses one datagram; returns a reason string for anything RFC 2865 §3 says to discard silently. */
export function radiusDecode(datagram: Uint8Array): RadiusPacket | string {
  if (datagram.length < HEADER_LENGTH) return `short packet (${datagram.length} octets)`;
  const length = (datagram[2] << 8) | datagram[3];
  // RFC 2865 §3: octets past Length are padding and ignored; fewer than Length means discard.
  if (length < HEADER_LENGTH || length > MAX_PACKET_LENGTH || length > datagram.length) return `bad Length ${length} for ${datagram.length} octets`;
  const attributes: RadiusAttribute[] = [];
  for (let at = HEADER_LENGTH; at < length; ) {
    const attributeLength = at + 1 < length ? datagram[at + 1] : 0;
    if (attributeLength < 2 || at + attributeLength > length) return `bad attribute length at offset ${at}`;
    attributes.push({ type: datagram[at], value: datagram.slice(at + 2, at + attributeLength) });
    at += attributeLength;
  }
  return {
    code: datagram[0],
    identifier: datagram[1],
    authenticator: datagram.slice(AUTHENTICATOR_OFFSET, AUTHENTICATOR_OFFSET + AUTHENTICATOR_LENGTH),
    attributes,
  };
}

function md5(...parts: Uint8Array[]): Uint8Array {
  const hash = createHash("md5");
  for (const p of parts) hash.update(p);
  return hash.digest();
}

function secretBytes(secret: string): Uint8Array {
  return Buffer.from(secret, "utf8");
}

/** RFC 2865 §5.2: pads to 16n with NULs and XORs each block with MD5(secret ‖ previous block), the first with the Request Authenticator. */
export function radiusHidePassword(password: Uint8Array, secret: string, requestAuthenticator: Uint8Array): Uint8Array {
  if (password.length > MAX_PASSWORD_LENGTH) throw new RangeError(`User-Password longer than ${MAX_PASSWORD_LENGTH} octets`);
  const padded = new Uint8Array(Math.max(16, Math.ceil(password.length / 16) * 16));
  padded.set(password);
  return xorChain(padded, secretBytes(secret), requestAuthenticator, true);
}

/** Inverse of radiusHidePassword (what a server does), trailing NUL padding removed. */
export function radiusRevealPassword(hidden: Uint8Array, secret: string, requestAuthenticator: Uint8Array): Uint8Array {
  const plain = xorChain(hidden, secretBytes(secret), requestAuthenticator, false);
  let end = plain.length;
  while (end > 0 && plain[end - 1] === 0) end--;
  return plain.slice(0, end);
}

// The chain runs over ciphertext blocks both ways: when hiding, that is the output; when revealing, the input.
function xorChain(input: Uint8Array, secret: Uint8Array, requestAuthenticator: Uint8Array, hiding: boolean): Uint8Array {
  const out = new Uint8Array(input.length - (input.length % 16));
  let previous = requestAuthenticator;
  for (let block = 0; block < out.length; block += 16) {
    const pad = md5(secret, previous);
    for (let i = 0; i < 16; i++) out[block + i] = input[block + i] ^ pad[i];
    previous = (hiding ? out : input).subarray(block, block + 16);
  }
  return out;
}

/** RFC 2865 §3: MD5(Code ‖ Identifier ‖ Length ‖ RequestAuth ‖ Attributes ‖ Secret) over the first Length octets of `response`. */
export function radiusResponseAuthenticator(response: Uint8Array, requestAuthenticator: Uint8Array, secret: string): Uint8Array {
  const length = (response[2] << 8) | response[3];
  const head = response.slice(0, AUTHENTICATOR_OFFSET);
  return md5(head, requestAuthenticator, response.subarray(HEADER_LENGTH, length), secretBytes(secret));
}

/** True when `response` carries the Response Authenticator the shared secret gives for our Request Authenticator. */
export function radiusResponseValid(response: Uint8Array, requestAuthenticator: Uint8Array, secret: string): boolean {
  if (response.length < HEADER_LENGTH) return false;
  const expected = radiusResponseAuthenticator(response, requestAuthenticator, secret);
  return timingSafeEqual(expected, response.subarray(AUTHENTICATOR_OFFSET, HEADER_LENGTH));
}

/**
 * RFC 2866 §3: an Accounting-Request's Request Authenticator is MD5(Code ‖ Identifier ‖ Length ‖
 * 16 zero octets ‖ Attributes ‖ Secret). Emits `packet` with it filled in (`packet.authenticator` ignored).
 */
export function radiusAccountingRequestEncode(packet: Omit<RadiusPacket, "authenticator">, secret: string): Uint8Array {
  const out = radiusEncode({ ...packet, authenticator: new Uint8Array(AUTHENTICATOR_LENGTH) });
  out.set(radiusAccountingAuthenticator(out, secret), AUTHENTICATOR_OFFSET);
  return out;
}

/** The RFC 2866 §3 Request Authenticator of an encoded Accounting-Request (what a server checks). */
export function radiusAccountingAuthenticator(request: Uint8Array, secret: string): Uint8Array {
  const length = (request[2] << 8) | request[3];
  return md5(request.subarray(0, AUTHENTICATOR_OFFSET), new Uint8Array(AUTHENTICATOR_LENGTH), request.subarray(HEADER_LENGTH, length), secretBytes(secret));
}

/** True when an Accounting-Request's authenticator is the one the shared secret gives (RFC 2866 §3). */
export function radiusAccountingRequestValid(request: Uint8Array, secret: string): boolean {
  if (request.length < HEADER_LENGTH || ((request[2] << 8) | request[3]) > request.length) return false;
  return timingSafeEqual(radiusAccountingAuthenticator(request, secret), request.subarray(AUTHENTICATOR_OFFSET, HEADER_LENGTH));
}

/**
 * Emits a response (what a server does): `packet.authenticator` is ignored and replaced by the
 * signed one. With `messageAuthenticator` (the default) a Message-Authenticator goes first,
 * signed before the Response Authenticator as RFC 3579 §3.2 orders.
 */
export function radiusEncodeResponse(
  packet: Omit<RadiusPacket, "authenticator">,
  requestAuthenticator: Uint8Array,
  secret: string,
  messageAuthenticator = true,
): Uint8Array {
  const attributes = messageAuthenticator ? [radiusMessageAuthenticatorPlaceholder(), ...packet.attributes] : packet.attributes;
  const out = radiusEncode({ ...packet, attributes, authenticator: requestAuthenticator });
  if (messageAuthenticator) radiusSignMessageAuthenticator(out, requestAuthenticator, secret);
  out.set(radiusResponseAuthenticator(out, requestAuthenticator, secret), AUTHENTICATOR_OFFSET);
  return out;
}

// RFC 3579 §3.2: Message-Authenticator is 18 octets, a 16-octet HMAC-MD5 value.
const MESSAGE_AUTHENTICATOR_LENGTH = 16;

/** A Message-Authenticator of 16 zero octets, to be signed once the packet is encoded. */
export function radiusMessageAuthenticatorPlaceholder(): RadiusAttribute {
  return { type: RADIUS_MESSAGE_AUTHENTICATOR, value: new Uint8Array(MESSAGE_AUTHENTICATOR_LENGTH) };
}

/** Offsets of each Message-Authenticator value in the first Length octets of `datagram` (a decodable packet). */
function messageAuthenticatorOffsets(datagram: Uint8Array): number[] {
  const length = (datagram[2] << 8) | datagram[3];
  const offsets: number[] = [];
  for (let at = HEADER_LENGTH; at + 1 < length && datagram[at + 1] >= 2; at += datagram[at + 1]) {
    if (datagram[at] === RADIUS_MESSAGE_AUTHENTICATOR) offsets.push(at + 2);
  }
  return offsets;
}

/**
 * RFC 3579 §3.2: HMAC-MD5 keyed with the secret over the packet with `authenticator` in the
 * Authenticator field (a request's own; for a reply, the Request Authenticator) and the
 * Message-Authenticator value at `valueAt` zeroed.
 */
function messageAuthenticatorOf(datagram: Uint8Array, valueAt: number, authenticator: Uint8Array, secret: string): Uint8Array {
  const length = (datagram[2] << 8) | datagram[3];
  const copy = Uint8Array.from(datagram.subarray(0, length));
  copy.set(authenticator.subarray(0, AUTHENTICATOR_LENGTH), AUTHENTICATOR_OFFSET);
  copy.fill(0, valueAt, valueAt + MESSAGE_AUTHENTICATOR_LENGTH);
  return createHmac("md5", secretBytes(secret)).update(copy).digest();
}

/**
 * Fills the (single) Message-Authenticator of an encoded packet in place: of an
 * Access-Request with its own authenticator, of a reply with `requestAuthenticator`.
 */
export function radiusSignMessageAuthenticator(datagram: Uint8Array, authenticator: Uint8Array, secret: string): void {
  const [at] = messageAuthenticatorOffsets(datagram);
  if (at === undefined) throw new RangeError("packet has no Message-Authenticator to sign");
  datagram.set(messageAuthenticatorOf(datagram, at, authenticator, secret), at);
}

export type MessageAuthenticatorCheck = "absent" | "valid" | "invalid";

/**
 * RFC 3579 §3.2 on a reply to our request: "invalid" for a wrong value, a value of the wrong
 * length or more than one Message-Authenticator (§3.3: at most one); "absent" when none.
 */
export function radiusMessageAuthenticatorCheck(reply: Uint8Array, requestAuthenticator: Uint8Array, secret: string): MessageAuthenticatorCheck {
  if (reply.length < HEADER_LENGTH || ((reply[2] << 8) | reply[3]) > reply.length) return "invalid";
  const offsets = messageAuthenticatorOffsets(reply);
  if (offsets.length === 0) return "absent";
  const at = offsets[0];
  if (offsets.length > 1 || reply[at - 1] !== 2 + MESSAGE_AUTHENTICATOR_LENGTH) return "invalid";
  const expected = messageAuthenticatorOf(reply, at, requestAuthenticator, secret);
  return timingSafeEqual(expected, reply.subarray(at, at + MESSAGE_AUTHENTICATOR_LENGTH)) ? "valid" : "invalid";
}

export function radiusText(type: number, text: string): RadiusAttribute {
  return { type, value: Buffer.from(text, "utf8") };
}

/** An address attribute (RFC 2865 §5: 4 octets, network order) from dotted IPv4 text; throws RangeError for anything else. */
export function radiusIpv4(type: number, address: string): RadiusAttribute {
  const parts = address.split(".");
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) throw new RangeError("not a dotted IPv4 address");
  return { type, value: Uint8Array.from(parts.map(Number)) };
}

export function radiusInteger(type: number, value: number): RadiusAttribute {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(value >>> 0);
  return { type, value: out };
}

/** RFC 2865 §5: integers are 4 octets; null for any other length. */
export function radiusIntegerValue(attribute: RadiusAttribute): number | null {
  const v = attribute.value;
  return v.length === 4 ? ((v[0] << 24) | (v[1] << 16) | (v[2] << 8) | v[3]) >>> 0 : null;
}

export function radiusTextValue(attribute: RadiusAttribute): string {
  return Buffer.from(attribute.value).toString("utf8");
}

/** RFC 2865 §5.26: Vendor-Id(4) then one Type(1) Length(1) Value sub-attribute, the layout the RFC recommends. */
export function radiusVendorAttribute(vendor: number, sub: RadiusAttribute): RadiusAttribute {
  const out = Buffer.alloc(4 + 2 + sub.value.length);
  out.writeUInt32BE(vendor, 0);
  out[4] = sub.type;
  out[5] = 2 + sub.value.length;
  out.set(sub.value, 6);
  return { type: RADIUS_VENDOR_SPECIFIC, value: out };
}

/** Sub-attributes of one Vendor-Specific value; null when it is not in the recommended Type-Length-Value form. */
export function radiusVendorSubAttributes(attribute: RadiusAttribute): { vendor: number; attributes: RadiusAttribute[] } | null {
  const v = attribute.value;
  if (attribute.type !== RADIUS_VENDOR_SPECIFIC || v.length < 4) return null;
  const vendor = ((v[0] << 24) | (v[1] << 16) | (v[2] << 8) | v[3]) >>> 0;
  const attributes: RadiusAttribute[] = [];
  for (let at = 4; at < v.length; ) {
    const length = at + 1 < v.length ? v[at + 1] : 0;
    if (length < 2 || at + length > v.length) return null;
    attributes.push({ type: v[at], value: v.slice(at + 2, at + length) });
    at += length;
  }
  return { vendor, attributes };
}
