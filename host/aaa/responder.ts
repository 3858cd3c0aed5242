// Answers the core's AuthRequest events (boards/ppp-abi.md) from an AAA client: what the
// server allows for callback goes in first (aaaUserSet), then its verdict (authResult).
// An answer that comes after the session has gone is dropped by the core itself.

import { EventKind, LineEvent, LineState } from "../core/abi.ts";
import type { Core, CoreEvent } from "../core/core.ts";
import type { User } from "../config/model.ts";
import { localCallback } from "./local-method.ts";
import type { LineLogins } from "./methods.ts";
import type { AaaAnswer, AaaAuthority, AaaRequest } from "./radius-client.ts";
import { PROTOCOL_ARAP, arapAuthResult } from "../core/arap.ts";

export interface AaaClient {
  authenticate(request: AaaRequest): Promise<AaaAnswer>;
  close(): void;
  /** Who decides when this method accepts (RFC 2866 §5.6 Acct-Authentic); a chain of methods has none of its own. */
  readonly authority?: AaaAuthority;
}

/** AuthRequest protocol codes: an EXEC login (assembly/line/machine.ts), PAP, CHAP; ARAP is PROTOCOL_ARAP. */
const PROTOCOL_LOGIN = 0;
const PROTOCOL_PAP = 0xc023;
const PROTOCOL_CHAP = 0xc223;
/** ARAP's Cn ‖ Cc ‖ Rc (assembly/line/arap-link.ts). */
const ARAP_BLOCK = 8;
/** The core's CHAP challenge length (assembly/protocol/authenticate.ts). */
const CHAP_CHALLENGE_BYTES = 16;
/** AuthRequest a3 of CHAP: the algorithm of LCP option 3 (RFC 1994 MD5 5, RFC 2433 MS-CHAP 0x80, RFC 2759 MS-CHAPv2 0x81). */
const ALGORITHM_MSCHAP = 0x80;
const ALGORITHM_MSCHAP_V2 = 0x81;
/** MS-CHAP's challenge (v1 8 octets, v2 16) and Response value (49 octets). */
const MSCHAP_V1_CHALLENGE_BYTES = 8;
const MSCHAP_RESPONSE_BYTES = 49;
/** aaaUserSet flags (assembly/abi/ppp.ts). */
const FLAG_CALLBACK = 1;
const FLAG_NOCALLBACK_VERIFY = 2;
const FLAG_CALLBACK_LINE_AUX = 4;

/** The AAA question an AuthRequest event asks, or null when it is malformed. */
export function requestFromEvent(e: CoreEvent): AaaRequest | null {
  if (e.kind !== EventKind.AuthRequest) return null;
  const [protocol, nameLen] = e.args;
  if (nameLen < 0 || nameLen > e.data.length) return null;
  const user = Buffer.from(e.data.subarray(0, nameLen)).toString("latin1");
  const data = e.data.subarray(nameLen);
  if (protocol === PROTOCOL_PAP) return { kind: "pap", line: e.line, user, password: Uint8Array.from(data) };
  if (protocol === PROTOCOL_LOGIN) return { kind: "login", line: e.line, user, password: Uint8Array.from(data) };
  const algorithm = e.args[3];
  // MS-CHAP: id ‖ challenge ‖ the peer's 49-octet Response value.
  if (protocol === PROTOCOL_CHAP && (algorithm === ALGORITHM_MSCHAP || algorithm === ALGORITHM_MSCHAP_V2)) {
    const version = algorithm === ALGORITHM_MSCHAP ? 1 : 2;
    const size = version === 1 ? MSCHAP_V1_CHALLENGE_BYTES : CHAP_CHALLENGE_BYTES;
    if (data.length !== 1 + size + MSCHAP_RESPONSE_BYTES) return null;
    return {
      kind: "mschap", version, line: e.line, user, id: data[0],
      challenge: Uint8Array.from(data.subarray(1, 1 + size)), response: Uint8Array.from(data.subarray(1 + size)),
    };
  }
  // RFC 2869 §2.2: the server's challenge, the client's, and the client's response.
  if (protocol === PROTOCOL_ARAP && data.length === 3 * ARAP_BLOCK) {
    const block = (i: number) => Uint8Array.from(data.subarray(i * ARAP_BLOCK, (i + 1) * ARAP_BLOCK));
    return { kind: "arap", line: e.line, user, challenge: block(0), clientChallenge: block(1), response: block(2) };
  }
  // RFC 1994 §4.1: the core sends id ‖ challenge ‖ 16-octet MD5 response.
  if (protocol === PROTOCOL_CHAP && data.length === 1 + CHAP_CHALLENGE_BYTES + 16) {
    return {
      kind: "chap", line: e.line, user, id: data[0],
      challenge: Uint8Array.from(data.subarray(1, 1 + CHAP_CHALLENGE_BYTES)), response: Uint8Array.from(data.subarray(1 + CHAP_CHALLENGE_BYTES)),
    };
  }
  return null;
}

/** Who answers PPP's PAP and CHAP checks, EXEC logins and ARAP (IOS keeps a list for each). */
export interface AaaClients {
  ppp: AaaClient | null;
  login: AaaClient | null;
  arap?: AaaClient | null;
  /** Kept up to date from the events: who logged in on each line (`if-needed`). */
  logins?: LineLogins;
}

type Accepted = Extract<AaaAnswer, { verdict: "accept" }>;

export interface AaaResponderHooks {
  /** An accept the core took, with what accounting echoes (Class, Acct-Authentic). */
  accepted?: (request: AaaRequest, answer: Accepted) => void;
  /** The configuration's users, for the callback of one the core itself let in at the EXEC (`if-needed` after it). */
  localUsers?: User[];
  /** The run loop's clock: the core's is brought to it before an answer, so what the answer starts (a hang-up's drain) counts from now. */
  now?: () => number;
}

export class AaaResponder {
  private inFlight = 0;
  private readonly clients: AaaClients;
  /** The last login each line's host check accepted, until the core says who logged in. */
  private readonly loginAnswers = new Map<number, { user: string; answer: Accepted }>();

  /** `clients`: one client for both, or one each; `settled` runs after each answer reaches the core (the run loop pumps then). */
  constructor(
    private readonly core: Core,
    clients: AaaClient | AaaClients,
    private readonly settled: () => void,
    private readonly log: (text: string) => void = () => {},
    private readonly hooks: AaaResponderHooks = {},
  ) {
    this.clients = "authenticate" in clients ? { ppp: clients, login: clients, arap: clients } : clients;
  }

  /** Sees every event (AuthRequest included): who logged in on which line, and when a call ends. */
  observe(e: CoreEvent): void {
    const logins = this.clients.logins;
    if (e.kind === LineEvent.LoginSucceeded && e.args[0] >= 0) {
      const user = Buffer.from(e.data).toString("latin1");
      const host = this.loginAnswers.get(e.line);
      const local = this.hooks.localUsers?.find((u) => u.name === user);
      const callback = local ? localCallback(local) : null;
      const answer: Accepted = host?.user === user ? host.answer : { verdict: "accept", callback, replyMessage: null, authority: "local" };
      logins?.loggedIn(e.line, user, answer);
    } else if (e.kind === LineEvent.LineState && e.args[0] === LineState.Idle) {
      logins?.ended(e.line);
      this.loginAnswers.delete(e.line);
    }
  }

  /** Questions asked and not yet answered. */
  pending(): number {
    return this.inFlight;
  }

  /** Takes AuthRequest events (true); the answer follows when the server's comes. */
  handle(e: CoreEvent): boolean {
    if (e.kind !== EventKind.AuthRequest) return false;
    const request = requestFromEvent(e);
    const token = e.args[2] >>> 0;
    const client = request && (request.kind === "login" ? this.clients.login : request.kind === "arap" ? (this.clients.arap ?? null) : this.clients.ppp);
    if (!request || !client) {
      const why = request ? `no server method for a ${request.kind} check` : "malformed authentication request";
      this.log(`line ${e.line}: AAA: ${why}, refused`);
      if (e.args[0] === PROTOCOL_ARAP) this.core.exports.arapAuthResult(e.line, 0, token, 0);
      else this.core.exports.authResult(e.line, 0, token);
      this.settled();
      return true;
    }
    this.inFlight++;
    void client.authenticate(request).then(
      (answer) => this.answer(request, token, answer),
      (error: Error) => this.answer(request, token, { verdict: "error", reason: error.message }),
    );
    return true;
  }

  private answer(request: AaaRequest, token: number, answer: AaaAnswer): void {
    this.inFlight--;
    // The core's clock stands where the loop last ticked it, maybe seconds before a slow server answered.
    if (this.hooks.now) this.core.tick(this.hooks.now());
    const outcome = aaaAnswerCore(this.core, request, token, answer, this.log);
    if (outcome === "accepted" && answer.verdict === "accept") {
      if (request.kind === "login") this.loginAnswers.set(request.line, { user: request.user, answer });
      this.hooks.accepted?.(request, answer);
    }
    this.settled();
  }
}

/** Gives the core the server's answer to the question `token` asked: what the core made of it ("late": the check had ended). */
export function aaaAnswerCore(core: Core, request: AaaRequest, token: number, answer: AaaAnswer, log: (text: string) => void): "accepted" | "refused" | "late" {
  // An ARAP accept must carry the server's proof for the client (RFC 2869 ARAP-Challenge-Response).
  const proof = answer.verdict === "accept" && request.kind === "arap" ? (answer.arapResponse ?? null) : null;
  const usable = answer.verdict === "accept" && (request.kind !== "arap" || proof?.length === 8);
  if (answer.verdict === "accept" && !usable) log(`line ${request.line}: AAA: ${request.user} accepted without an ARAP challenge response, refused`);
  let ok = usable && answer.verdict === "accept" && record(core, request, answer, log);
  // RFC 2759 §5: MS-CHAPv2's Success carries the server's authenticator response; the core refuses an acceptance without it.
  const mutual = request.kind === "mschap" && request.version === 2;
  if (ok && mutual && answer.verdict === "accept") ok = authenticatorResponseGiven(core, request, token, answer, log);
  if (answer.verdict === "reject" && answer.msChapError) log(`line ${request.line}: AAA: MS-CHAP-Error ${answer.msChapError.replace(/[^\x20-\x7e]/g, "?")}`);
  if (answer.verdict === "error") log(`line ${request.line}: AAA: no answer for ${request.user} (${answer.reason}), refused`);
  else log(`line ${request.line}: AAA: ${request.user} ${ok ? "accepted" : "rejected"}`);
  // A check that ended meanwhile (timed out, line hung up) takes no answer: the token says which.
  const taken =
    request.kind === "arap"
      ? arapAuthResult(core, request.line, ok, token, ok ? proof : null) !== 0
      : core.exports.authResult(request.line, ok ? 1 : 0, token) !== 0;
  if (!taken) log(`line ${request.line}: AAA: answer for ${request.user} came too late`);
  return !taken ? "late" : ok ? "accepted" : "refused";
}

// The server's "S=..." (MS-CHAP2-Success) to the core before the verdict; false when it gave none the core takes.
function authenticatorResponseGiven(
  core: Core, request: AaaRequest, token: number, answer: Extract<AaaAnswer, { verdict: "accept" }>, log: (text: string) => void,
): boolean {
  const value = Buffer.from(answer.authenticatorResponse ?? "", "latin1");
  const ex = core.exports;
  const at = ex.pppParamBuffer();
  new Uint8Array(ex.memory.buffer).set(value, at);
  const status = value.length ? ex.authResponseSet(request.line, token, at, value.length) : -2;
  if (status !== 1) log(`line ${request.line}: AAA: ${request.user} accepted without a usable MS-CHAP2-Success (${status}), refused`);
  return status === 1;
}

// What the server allows goes into the core's remote user table before the verdict.
function record(core: Core, request: AaaRequest, answer: Extract<AaaAnswer, { verdict: "accept" }>, log: (text: string) => void): boolean {
  const cb = answer.callback;
  const name = Buffer.from(request.user, "latin1");
  const dial = Buffer.from(cb?.dialstring ?? "", "latin1");
  const pattern = Buffer.from(cb?.allowedPattern ?? "", "latin1");
  const aux = cb?.callbackLines?.aux ? FLAG_CALLBACK_LINE_AUX : 0;
  const flags = (cb ? FLAG_CALLBACK : 0) | (cb?.noCallbackVerify ? FLAG_NOCALLBACK_VERIFY : 0) | aux;
  const ex = core.exports;
  const at = ex.pppParamBuffer();
  new Uint8Array(ex.memory.buffer).set(Buffer.concat([name, dial, pattern]), at);
  const lineFirst = cb?.callbackLine ?? cb?.callbackLines?.first ?? 0;
  const lineLast = cb?.callbackLine ?? cb?.callbackLines?.last ?? 0;
  const patternAt = at + name.length + dial.length;
  const framed = answer.framedAddress ?? 0; // RFC 2865 Framed-IP-Address: the peer's IPCP address (0 none)
  const index = ex.aaaUserSet(
    at, name.length, flags, at + name.length, dial.length, cb?.callbackRotary ?? 0, lineFirst, lineLast, patternAt, pattern.length, framed | 0,
  );
  if (index < 0) log(`line ${request.line}: AAA: ${request.user} accepted but not recordable (${index}), refused`);
  return index >= 0;
}
