// Answers ICMP Echo Requests addressed to one of our own IPv4 addresses, as the access
// server must for a caller's ping (RFC 792 Echo/Echo Reply over RFC 791 IPv4). Anything
// that is not a well-formed echo request for us is refused with a reason, never answered.

const IPV4_VERSION = 4;
const PROTOCOL_ICMP = 1;
const ICMP_ECHO_REPLY = 0;
const ICMP_ECHO_REQUEST = 8;
const ICMP_HEADER_BYTES = 8;
/** RFC 791: TTL of datagrams we originate (the recommended initial value is 64 today). */
const REPLY_TTL = 64;

export type EchoResult = { reply: Uint8Array } | { refused: string };

/** RFC 1071 Internet checksum: one's complement of the one's complement sum of 16-bit words. */
export function internetChecksum(bytes: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i + 1 < bytes.length; i += 2) sum += (bytes[i] << 8) | bytes[i + 1];
  if (bytes.length % 2 === 1) sum += bytes[bytes.length - 1] << 8; // odd length: pad with a zero octet
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

function addressText(bytes: Uint8Array, at: number): string {
  return `${bytes[at]}.${bytes[at + 1]}.${bytes[at + 2]}.${bytes[at + 3]}`;
}

/**
 * The Echo Reply for `datagram` if it is an ICMP Echo Request to one of `ourAddresses`
 * (dotted quads); otherwise the reason it was refused.
 */
export function answerEcho(datagram: Uint8Array, ourAddresses: readonly string[]): EchoResult {
  if (datagram.length < 20) return { refused: `datagram of ${datagram.length} octets is shorter than an IPv4 header` };
  const version = datagram[0] >> 4;
  if (version !== IPV4_VERSION) return { refused: `IP version ${version}, not 4` };
  const headerBytes = (datagram[0] & 0x0f) * 4;
  if (headerBytes < 20) return { refused: `IHL ${headerBytes / 4} is below the minimum of 5 (RFC 791)` };
  const totalLength = (datagram[2] << 8) | datagram[3];
  if (totalLength < headerBytes || totalLength > datagram.length) {
    return { refused: `total length ${totalLength} does not fit a ${headerBytes}-octet header in ${datagram.length} octets` };
  }
  if (internetChecksum(datagram.subarray(0, headerBytes)) !== 0) return { refused: "bad IPv4 header checksum" };
  // A fragment would need reassembly first; pings this small never come fragmented.
  const fragment = ((datagram[6] << 8) | datagram[7]) & 0x3fff;
  if (fragment !== 0) return { refused: "fragmented datagram" };
  if (datagram[9] !== PROTOCOL_ICMP) return { refused: `protocol ${datagram[9]}, not ICMP` };
  const destination = addressText(datagram, 16);
  if (!ourAddresses.includes(destination)) return { refused: `addressed to ${destination}, not to us` };

  const icmp = datagram.subarray(headerBytes, totalLength);
  if (icmp.length < ICMP_HEADER_BYTES) return { refused: `ICMP message of ${icmp.length} octets is shorter than its header` };
  if (internetChecksum(icmp) !== 0) return { refused: "bad ICMP checksum" };
  if (icmp[0] !== ICMP_ECHO_REQUEST || icmp[1] !== 0) return { refused: `ICMP type ${icmp[0]} code ${icmp[1]}, not an echo request` };

  // RFC 792: swap the addresses, type 0, identifier, sequence and data returned unchanged.
  // Options are not copied back (RFC 1122 §3.2.2.6 lets us leave them out), so the header is 20 octets.
  const reply = new Uint8Array(20 + icmp.length);
  reply[0] = 0x45;
  reply[1] = datagram[1];
  reply[2] = reply.length >> 8;
  reply[3] = reply.length & 0xff;
  reply.set(datagram.subarray(4, 6), 4); // identification of the request: any value is allowed
  reply[6] = 0;
  reply[7] = 0;
  reply[8] = REPLY_TTL;
  reply[9] = PROTOCOL_ICMP;
  reply.set(datagram.subarray(16, 20), 12);
  reply.set(datagram.subarray(12, 16), 16);
  const headerSum = internetChecksum(reply.subarray(0, 20));
  reply[10] = headerSum >> 8;
  reply[11] = headerSum & 0xff;

  const message = reply.subarray(20);
  message.set(icmp);
  message[0] = ICMP_ECHO_REPLY;
  message[2] = 0;
  message[3] = 0;
  const icmpSum = internetChecksum(message);
  message[2] = icmpSum >> 8;
  message[3] = icmpSum & 0xff;
  return { reply };
}
