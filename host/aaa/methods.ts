// The IOS methods of an authentication list that are not servers: `none` (anyone gets in, and
// so no callback: nobody is known), `enable` (the enable secret or password), `line` (the
// line's password) and `if-needed` (a caller who already logged in on the line's EXEC is not
// asked again). None of them knows a user, so none of them gives a callback; `local` is
// local-method.ts. A method that cannot decide answers "error", and the list goes on.

import { createHash, timingSafeEqual } from "node:crypto";
import type { ConfigModel } from "../config/model.ts";
import { type5Matches } from "../config/type5.ts";
import type { AaaAnswer, AaaAuthority, AaaRequest } from "./radius-client.ts";
import type { AaaClient } from "./responder.ts";

const REJECT: AaaAnswer = { verdict: "reject", replyMessage: null };
const NOBODY: AaaAnswer = { verdict: "accept", callback: null, replyMessage: null };

// Compares every octet whatever the lengths, so the time taken tells nothing.
function same(a: Uint8Array, b: Uint8Array): boolean {
  const n = Math.max(a.length, b.length, 1);
  const x = Buffer.alloc(n);
  const y = Buffer.alloc(n);
  x.set(a);
  y.set(b);
  return timingSafeEqual(x, y) && a.length === b.length;
}

/** A clear secret checked against a PAP or login password, or a CHAP response (RFC 1994 §2). */
function proves(request: AaaRequest, secret: string): boolean {
  const clear = Buffer.from(secret, "latin1");
  if (request.kind === "mschap") return false; // never asked: MS-CHAP is refused as an error first (see msChapUnchecked)
  if (request.kind === "arap") return false; // ARAP is checked by `local` and RADIUS only (from-config.ts)
  if (request.kind !== "chap") return same(clear, request.password);
  return same(createHash("md5").update(Uint8Array.of(request.id)).update(clear).update(request.challenge).digest(), request.response);
}

// MS-CHAP against the enable or line password is not checked here: the list goes on to its next method.
function msChapUnchecked(request: Extract<AaaRequest, { kind: "mschap" }>): AaaAnswer {
  return { verdict: "error", reason: `MS-CHAP v${request.version} cannot be checked against this password` };
}

/** `none`: accepted with no callback (IOS: no authentication, so no user whose callback could be looked up). */
export class NoneMethod implements AaaClient {
  readonly authority: AaaAuthority = "none";
  async authenticate(): Promise<AaaAnswer> {
    return NOBODY;
  }
  close(): void {}
}

/** `enable`: the level-15 `enable secret` (type 5) or else `enable password`; a CHAP peer only against a clear password. */
export class EnableMethod implements AaaClient {
  readonly authority: AaaAuthority = "local";
  constructor(private readonly enable: ConfigModel["enable"]) {}

  async authenticate(request: AaaRequest): Promise<AaaAnswer> {
    if (request.kind === "mschap") return msChapUnchecked(request);
    const top = (level: number | null) => level === null || level === 15;
    const secret = this.enable.secrets.find((s) => top(s.level));
    const password = this.enable.passwords.find((p) => top(p.level));
    if (secret && secret.type === 5) {
      if (request.kind === "chap" || request.kind === "arap") {
        return { verdict: "error", reason: `a ${request.kind.toUpperCase()} response cannot be checked against a hashed enable secret` };
      }
      return type5Matches(Buffer.from(request.password).toString("latin1"), secret.hash) ? NOBODY : REJECT;
    }
    if (secret) return { verdict: "error", reason: `enable secret of type ${secret.type} cannot be checked here` };
    if (password) return proves(request, password.password.text) ? NOBODY : REJECT;
    // IOS: with no enable password the method has nothing to check and the list goes on.
    return { verdict: "error", reason: "no enable secret or password is configured" };
  }
  close(): void {}
}

/** `line`: the password of the line the caller is on (`password` under `line N`). */
export class LineMethod implements AaaClient {
  readonly authority: AaaAuthority = "local";
  constructor(private readonly lines: ConfigModel["lines"]) {}

  async authenticate(request: AaaRequest): Promise<AaaAnswer> {
    if (request.kind === "mschap") return msChapUnchecked(request);
    const line = this.lines.find((l) => l.kind === "tty" && l.number === request.line);
    if (!line?.password) return { verdict: "error", reason: `line ${request.line} has no password` };
    return proves(request, line.password.text) ? NOBODY : REJECT;
  }
  close(): void {}
}

/** Who logged in on each line's EXEC in the call now up, with what the method that accepted them gave. */
export class LineLogins {
  private readonly byLine = new Map<number, { user: string; answer: Extract<AaaAnswer, { verdict: "accept" }> }>();

  loggedIn(line: number, user: string, answer: Extract<AaaAnswer, { verdict: "accept" }>): void {
    this.byLine.set(line, { user, answer });
  }

  /** The call on `line` ended. */
  ended(line: number): void {
    this.byLine.delete(line);
  }

  of(line: number): { user: string; answer: Extract<AaaAnswer, { verdict: "accept" }> } | null {
    return this.byLine.get(line) ?? null;
  }
}

/** `if-needed`: PPP started from an EXEC where the same user logged in is not asked again (IOS: "if already authenticated"). */
export class IfNeededMethod implements AaaClient {
  constructor(private readonly logins: LineLogins) {}

  async authenticate(request: AaaRequest): Promise<AaaAnswer> {
    const known = this.logins.of(request.line);
    if (known && known.user === request.user) return known.answer;
    return { verdict: "error", reason: "not authenticated on the line yet" };
  }
  close(): void {}
}
