// One-line summaries of PPP frames for traces: protocol, code, identifier and length.

const PROTOCOLS: Record<number, string> = {
  0x0021: "IP",
  0x0057: "IPv6",
  0x8021: "IPCP",
  0x8057: "IPV6CP",
  0x80fd: "CCP",
  0xc021: "LCP",
  0xc023: "PAP",
  0xc029: "CBCP",
  0xc223: "CHAP",
};

// RFC 1661 §5 codes; IPCP, IPV6CP and CCP use the first seven.
const LCP_CODES = ["", "CONFREQ", "CONFACK", "CONFNAK", "CONFREJ", "TERMREQ", "TERMACK", "CODEREJ", "PROTREJ", "ECHOREQ", "ECHOREP", "DISCREQ"];
const PAP_CODES = ["", "AUTH-REQ", "AUTH-ACK", "AUTH-NAK"]; // RFC 1334 §2.2
const CHAP_CODES = ["", "CHALLENGE", "RESPONSE", "SUCCESS", "FAILURE"]; // RFC 1994 §4
const CBCP_CODES = ["", "CALLBACK-REQ", "CALLBACK-RESP", "CALLBACK-ACK"];

function codeName(protocol: number, code: number): string {
  const table = protocol === 0xc023 ? PAP_CODES : protocol === 0xc223 ? CHAP_CODES : protocol === 0xc029 ? CBCP_CODES : LCP_CODES;
  return table[code] || `code ${code}`;
}

/** Address/control and protocol per RFC 1662 §3.2 and RFC 1661 §6.5–6.6 (either may be compressed). */
export function splitFrame(frame: Uint8Array): { protocol: number; info: Uint8Array } | null {
  let at = frame.length >= 2 && frame[0] === 0xff && frame[1] === 0x03 ? 2 : 0;
  if (at >= frame.length) return null;
  let protocol = frame[at];
  if ((protocol & 1) === 0) {
    if (at + 1 >= frame.length) return null;
    protocol = (protocol << 8) | frame[at + 1];
    at += 2;
  } else {
    at += 1;
  }
  return { protocol, info: frame.subarray(at) };
}

export function describeFrame(frame: Uint8Array): string {
  const parts = splitFrame(frame);
  if (!parts) return `short frame (${frame.length} bytes)`;
  const { protocol, info } = parts;
  const name = PROTOCOLS[protocol] ?? `protocol 0x${protocol.toString(16).padStart(4, "0")}`;
  const isControl = protocol >= 0x8000 || protocol === 0xc029;
  if (!isControl) return `${name} ${info.length} bytes`;
  if (info.length < 4) return `${name} truncated packet (${info.length} bytes)`;
  const length = (info[2] << 8) | info[3];
  const note = length > info.length ? ` (declares ${length}, has ${info.length})` : "";
  return `${name} ${codeName(protocol, info[0])} id ${info[1]} len ${length}${note}`;
}
