// Host side of the PPP engine's ABI: the pppOpen options block, helpers that write
// parameters into the core, and a decoder that turns PPP events into readable records.

import type { Core, CoreEvent } from "./core.ts";
import { EventKind } from "./abi.ts";
import { LinkDownReason, PppPhase, PppRole } from "./core-enums.ts";

export { LinkDownReason, PppPhase, PppRole };

export const PROTOCOL_PAP = 0xc023;
export const PROTOCOL_CHAP = 0xc223;

export const Auth = { PAP: 1, CHAP: 2 } as const;
/** Server: what it accepts in the peer's LCP Callback option. */
export const CallbackAccept = { RFC1570: 1, CBCP: 2 } as const;
/** Client: what it asks for. */
export const CallbackRequest = { None: 0, RFC1570: 1, CBCP: 2 } as const;
export const CbcpType = { NoCallback: 1, UserNumber: 2, AdminNumber: 3 } as const;
export const CallbackKind = { RFC1570: 1, CBCP: 2 } as const;

export interface PppOptions {
  /** Auth bits: server = required (CHAP first), client = what it will do (0 = both). */
  auth?: number;
  /** Server: CallbackAccept bits; client: a CallbackRequest value. */
  callback?: number;
  /** Client, RFC 1570: the operation (0-4) to request. */
  callbackOperation?: number;
  /** Server: offered CBCP types (list); client: the preferred type. */
  cbcpTypes?: number[] | number;
  cbcpDelay?: number;
  trace?: boolean;
  /** Report every frame (PppFrame events), e.g. for a pcap file. */
  capture?: boolean;
  mru?: number;
  ourAddress?: string;
  peerAddress?: string;
  accm?: number;
  user?: string;
  secret?: string;
  /** Client: number to be called back on; server: the administrator's (preset) number. */
  number?: string;
  /** Our name in CHAP challenges. */
  name?: string;
  /** LCP keepalive period in seconds (0 = none) and unanswered requests that end the link (default 5). */
  echoInterval?: number;
  echoFailures?: number;
  /** Server: RFC 1877 DNS and NBNS servers (primary, secondary) given to a peer that asks. */
  dns?: string[];
  wins?: string[];
  /** Server: a non-zero address the peer asks for is acked (`async dynamic address`). */
  peerChooses?: boolean;
}

export const PPP_OPTIONS_BYTES = 172;

export function ipv4(text: string): number {
  const parts = text.split(".").map((p) => Number(p));
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) throw new Error(`bad IPv4 address: ${text}`);
  return ((parts[0] << 24) | (parts[1] << 16) | (parts[2] << 8) | parts[3]) >>> 0;
}

export function formatIpv4(value: number): string {
  const v = value >>> 0;
  return [v >>> 24, (v >>> 16) & 255, (v >>> 8) & 255, v & 255].join(".");
}

function text(field: string | undefined, name: string): Buffer {
  const b = Buffer.from(field ?? "", "latin1");
  if (b.length > 32) throw new Error(`${name} is longer than 32 octets`);
  return b;
}

/** The options block pppOpen reads (layout: assembly/protocol/config.ts). */
export function encodePppOptions(o: PppOptions): Uint8Array {
  const out = new Uint8Array(PPP_OPTIONS_BYTES);
  const v = new DataView(out.buffer);
  const types = o.cbcpTypes === undefined ? 0 : Array.isArray(o.cbcpTypes) ? o.cbcpTypes.reduce((m, t) => m | (1 << t), 0) : o.cbcpTypes;
  v.setUint8(0, o.auth ?? 0);
  v.setUint8(1, o.callback ?? 0);
  v.setUint8(2, o.callbackOperation ?? 0);
  v.setUint8(3, types);
  v.setUint8(4, o.cbcpDelay ?? 0);
  v.setUint8(5, (o.trace ? 1 : 0) | (o.capture ? 2 : 0) | (o.peerChooses ? 4 : 0));
  v.setUint16(6, o.mru ?? 0, true);
  v.setUint32(8, o.ourAddress ? ipv4(o.ourAddress) : 0, true);
  v.setUint32(12, o.peerAddress ? ipv4(o.peerAddress) : 0, true);
  v.setUint32(16, o.accm ?? 0, true);
  const fields = [text(o.user, "user"), text(o.secret, "secret"), text(o.number, "number"), text(o.name, "name")];
  fields.forEach((f, i) => {
    v.setUint8(20 + i, f.length);
    out.set(f, 24 + 32 * i);
  });
  v.setUint16(152, o.echoInterval ?? 0, true);
  v.setUint8(154, o.echoFailures ?? 0);
  const servers = [o.dns?.[0], o.dns?.[1], o.wins?.[0], o.wins?.[1]];
  servers.forEach((a, i) => v.setUint32(156 + 4 * i, a ? ipv4(a) : 0, true));
  return out;
}

function param(core: Core, bytes: Uint8Array, offset = 0): number {
  const base = core.exports.pppParamBuffer() + offset;
  new Uint8Array(core.exports.memory.buffer).set(bytes, base);
  return base;
}

/** Starts PPP on `line`; returns the core's status (0 = ok). */
export function pppOpen(core: Core, line: number, role: PppRole, options: PppOptions): number {
  const block = encodePppOptions(options);
  return core.exports.pppOpen(line, role, param(core, block), block.length);
}

export function authUserAdd(core: Core, name: string, secret: string, flags = 0): number {
  const n = Buffer.from(name, "latin1");
  const s = Buffer.from(secret, "latin1");
  const at = param(core, Buffer.concat([n, s]));
  return core.exports.authUserAdd(at, n.length, at + n.length, s.length, flags);
}

export function entropyPush(core: Core, bytes: Uint8Array): void {
  core.exports.entropyPush(param(core, bytes), bytes.length);
}

export function ipPush(core: Core, line: number, datagram: Uint8Array): boolean {
  return core.exports.ipPush(line, param(core, datagram), datagram.length) === 1;
}

/** A PPP event in readable form. */
export type PppEvent =
  | { type: "phase"; line: number; phase: PppPhase; role: PppRole }
  | { type: "trace"; line: number; text: string }
  | { type: "framing"; line: number; txAccm: number; rxAccm: number }
  | { type: "authRequest"; line: number; protocol: number; name: string; data: Uint8Array; token: number }
  | { type: "authSucceeded"; line: number; direction: "peer" | "self"; protocol: number; name: string }
  | { type: "authFailed"; line: number; direction: "peer" | "self"; protocol: number; name: string }
  | { type: "callbackAgreed"; line: number; kind: number; operation: number; delay: number; role: PppRole; number: string }
  | { type: "ipcpUp"; line: number; ourAddress: string; peerAddress: string }
  | { type: "ipcpDown"; line: number }
  | { type: "ipDatagram"; line: number; datagram: Uint8Array }
  | { type: "linkDown"; line: number; reason: LinkDownReason }
  | { type: "frame"; line: number; direction: "in" | "out"; frame: Uint8Array };

/** Decodes a core event of the PPP range (16-47); null for any other kind. */
export function decodePppEvent(e: CoreEvent): PppEvent | null {
  const [a0, a1, a2, a3] = e.args;
  const line = e.line;
  const latin1 = (b: Uint8Array) => Buffer.from(b).toString("latin1");
  switch (e.kind) {
    case EventKind.PppPhase:
      return { type: "phase", line, phase: a0, role: a1 };
    case EventKind.PppTrace:
      return { type: "trace", line, text: latin1(e.data) };
    case EventKind.PppFraming:
      return { type: "framing", line, txAccm: a0 >>> 0, rxAccm: a1 >>> 0 };
    case EventKind.AuthRequest:
      return { type: "authRequest", line, protocol: a0, name: latin1(e.data.subarray(0, a1)), data: e.data.slice(a1), token: a2 >>> 0 };
    case EventKind.AuthSucceeded:
    case EventKind.AuthFailed:
      return {
        type: e.kind === EventKind.AuthSucceeded ? ("authSucceeded" as const) : ("authFailed" as const),
        line,
        direction: a0 === 0 ? "peer" : "self",
        protocol: a1,
        name: latin1(e.data),
      };
    case EventKind.CallbackAgreed:
      return { type: "callbackAgreed", line, kind: a0, operation: a1, delay: a2, role: a3, number: latin1(e.data) };
    case EventKind.IpcpUp:
      return { type: "ipcpUp", line, ourAddress: formatIpv4(a0), peerAddress: formatIpv4(a1) };
    case EventKind.IpcpDown:
      return { type: "ipcpDown", line };
    case EventKind.IpDatagram:
      return { type: "ipDatagram", line, datagram: e.data };
    case EventKind.PppLinkDown:
      return { type: "linkDown", line, reason: a0 };
    case EventKind.PppFrame:
      return { type: "frame", line, direction: a0 === 1 ? "out" : "in", frame: e.data };
  }
  return null;
}
