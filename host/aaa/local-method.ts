// The `local` method after a server in an IOS method list: when every server before it could
// not answer, the configuration's own users decide (PAP and login passwords, CHAP per RFC 1994
// §2), and a local user's callback settings come with the answer as a server's would.

import { createHash, timingSafeEqual } from "node:crypto";
import type { User } from "../config/model.ts";
import type { AaaAnswer, AaaCallback, AaaRequest } from "./radius-client.ts";
import type { AaaClient } from "./responder.ts";
import type { ArapKeyLayout } from "../core/arap.ts";
import { arapResponse } from "./arap-des.ts";

const REJECT: AaaAnswer = { verdict: "reject", replyMessage: null };

// Compares every octet whatever the lengths, so the time taken tells nothing.
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  const n = Math.max(a.length, b.length, 1);
  const x = Buffer.alloc(n);
  const y = Buffer.alloc(n);
  x.set(a);
  y.set(b);
  return timingSafeEqual(x, y) && a.length === b.length;
}

export function localCallback(u: User): AaaCallback | null {
  if (u.callbackDialstring === null) return null;
  const lines = u.callbackLine ? { first: u.callbackLine.first, last: u.callbackLine.last, aux: u.callbackLine.kind === "aux" } : null;
  return {
    dialstring: u.callbackDialstring, noCallbackVerify: u.nocallbackVerify, callbackLine: null, callbackRotary: u.callbackRotary,
    callbackLines: lines, allowedPattern: u.callbackAllowedPattern,
  };
}

/**
 * The verdict `users` give (PAP and login passwords, CHAP per RFC 1994 §2, ARAP per RFC 2869
 * §2.2 with the DES key laid out as `arapKeyLayout`), at once.
 */
export function localAnswer(users: User[], request: AaaRequest, arapKeyLayout: ArapKeyLayout = "as-is"): AaaAnswer {
  const user = users.find((u) => u.name === request.user);
  if (!user) return REJECT;
  // MS-CHAP against local users is the core's own check (assembly/protocol/mschap.ts), made before the host is asked.
  if (request.kind === "mschap") return { verdict: "error", reason: `MS-CHAP v${request.version} is checked by the core's local users, not here` };
  const secret = Buffer.from(user.password?.text ?? "", "latin1");
  if (request.kind === "arap") {
    // Rc must be DES(K, Cn); then the server's own proof Rs = DES(K, Cc) goes back with the accept.
    const expected = arapResponse(secret, arapKeyLayout, request.challenge);
    if (!expected || !sameBytes(expected, request.response)) return REJECT;
    const rs = arapResponse(secret, arapKeyLayout, request.clientChallenge) as Buffer;
    return { verdict: "accept", replyMessage: null, callback: localCallback(user), arapResponse: rs };
  }
  const proven =
    request.kind === "chap"
      ? sameBytes(createHash("md5").update(Uint8Array.of(request.id)).update(secret).update(request.challenge).digest(), request.response)
      : sameBytes(secret, request.password);
  return proven ? { verdict: "accept", replyMessage: null, callback: localCallback(user) } : REJECT;
}

export class LocalMethod implements AaaClient {
  readonly authority = "local" as const;
  /** `firstInList`: `local` before other methods, where a name the table lacks goes on to them (a wrong password does not). */
  constructor(
    private readonly users: User[],
    private readonly firstInList = false,
    private readonly arapKeyLayout: ArapKeyLayout = "as-is",
  ) {}

  async authenticate(request: AaaRequest): Promise<AaaAnswer> {
    if (this.firstInList && !this.users.some((u) => u.name === request.user)) return { verdict: "error", reason: "no such local user" };
    return localAnswer(this.users, request, this.arapKeyLayout);
  }

  close(): void {}
}
