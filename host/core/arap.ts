// Host side of the ARAP ABI (boards/abi.md, ARAP): the arapOpen options block of a client,
// the AAA verdict with the server's response, and a decoder that turns ARAP events into
// readable records.

import type { Core, CoreEvent } from "./core.ts";
import { ArapCloseReason, ArapEvent, ArapState, MnpDownReason } from "./core-enums.ts";

export { ArapCloseReason, ArapEvent, ArapState, MnpDownReason };

/** AuthRequest protocol code of an ARAP check (assembly/line/arap-link.ts); data = name ‖ Cn ‖ Cc ‖ Rc. */
export const PROTOCOL_ARAP = 3;
export const ARAP_OPTIONS_BYTES = 132;
/** The password's octets in the DES key (`arap key-layout`, a dialback extension). */
export type ArapKeyLayout = "as-is" | "shifted";

export interface ArapClientOptions {
  user: string;
  password: string;
  /** The number offered for a callback (used when the user's dial string is ""). */
  number?: string;
  keyLayout?: ArapKeyLayout;
  /** The callback leg: we answered, the server initiates MNP. */
  answering?: boolean;
  trace?: boolean;
}

function field(text: string | undefined, name: string, max: number): Buffer {
  const b = Buffer.from(text ?? "", "latin1");
  if (b.length > max) throw new Error(`${name} is longer than ${max} octets`);
  return b;
}

/** The options block arapOpen reads. */
export function encodeArapOptions(o: ArapClientOptions): Uint8Array {
  const out = new Uint8Array(ARAP_OPTIONS_BYTES);
  const user = field(o.user, "user", 31);
  const secret = field(o.password, "password", 64);
  const number = field(o.number, "number", 32);
  out[0] = (o.trace ? 1 : 0) | (o.keyLayout === "shifted" ? 2 : 0) | (o.answering ? 4 : 0);
  out[1] = user.length;
  out[2] = secret.length;
  out[3] = number.length;
  out.set(user, 4);
  out.set(secret, 36);
  out.set(number, 100);
  return out;
}

function param(core: Core, bytes: Uint8Array): number {
  const base = core.exports.pppParamBuffer();
  new Uint8Array(core.exports.memory.buffer).set(bytes, base);
  return base;
}

/** Starts an ARA client on `line`; returns the core's status (0 = ok). The options leave the parameter window at once. */
export function arapOpen(core: Core, line: number, options: ArapClientOptions): number {
  const block = encodeArapOptions(options);
  const at = param(core, block);
  const status = core.exports.arapOpen(line, 1, at, block.length);
  new Uint8Array(core.exports.memory.buffer).fill(0, at, at + block.length); // the password leaves the window
  return status;
}

/** The host's verdict on an ARAP check, with the server's 8-octet response when accepted. */
export function arapAuthResult(core: Core, line: number, ok: boolean, token: number, response: Uint8Array | null): number {
  if (!ok || !response || response.length !== 8) return core.exports.arapAuthResult(line, 0, token, 0);
  const at = param(core, response);
  return core.exports.arapAuthResult(line, 1, token, at);
}

/** An ARAP event in readable form. */
export type ArapLineEvent =
  | { type: "phase"; line: number; state: ArapState; role: "server" | "client"; mnp: number }
  | { type: "trace"; line: number; text: string }
  | { type: "authenticated"; line: number; direction: "peer" | "self"; name: string }
  | { type: "authFailed"; line: number; direction: "peer" | "self"; tries: number; name: string }
  | { type: "linkDown"; line: number; reason: ArapCloseReason; mnpReason: MnpDownReason; ldReason: number }
  | { type: "datagram"; line: number; datagram: Uint8Array }
  | { type: "callbackNotice"; line: number; waitSeconds: number };

/** Decodes a core event of the ARAP range (96-111); null for any other kind. */
export function decodeArapEvent(e: CoreEvent): ArapLineEvent | null {
  const [a0, a1, a2] = e.args;
  const line = e.line;
  const latin1 = (b: Uint8Array) => Buffer.from(b).toString("latin1");
  switch (e.kind as number) {
    case ArapEvent.ArapPhase:
      return { type: "phase", line, state: a0, role: a1 === 1 ? "client" : "server", mnp: a2 };
    case ArapEvent.ArapTrace:
      return { type: "trace", line, text: latin1(e.data) };
    case ArapEvent.ArapAuthenticated:
      return { type: "authenticated", line, direction: a0 === 0 ? "peer" : "self", name: latin1(e.data) };
    case ArapEvent.ArapAuthFailed:
      return { type: "authFailed", line, direction: a0 === 0 ? "peer" : "self", tries: a1, name: latin1(e.data) };
    case ArapEvent.ArapLinkDown:
      return { type: "linkDown", line, reason: a0, mnpReason: a1, ldReason: a2 };
    case ArapEvent.ArapDatagram:
      return { type: "datagram", line, datagram: e.data };
    case ArapEvent.ArapCallbackNotice:
      return { type: "callbackNotice", line, waitSeconds: a0 };
  }
  return null;
}
