// The simulator's RADIUS (RFC 2865, 2866) and TACACS+ (RFC 8907) servers, on the virtual
// network of aaa-network.ts: they check what they receive with their own key, answer from
// their accounts (callback attributes, Framed-IP-Address, Class, Cisco AV pairs), record the
// accounting they are sent, and misbehave as the scenario says (slow, silent, reject, garbage).

import { createHash } from "node:crypto";
import type { AaaAccount, AaaServerFault, AaaServerFaultKind } from "../scenario/scenario.ts";
import {
  CISCO_AVPAIR,
  RADIUS_ACCESS_ACCEPT,
  RADIUS_ACCESS_REJECT,
  RADIUS_ACCESS_REQUEST,
  RADIUS_ACCOUNTING_REQUEST,
  RADIUS_ACCOUNTING_RESPONSE,
  RADIUS_ACCT_MULTI_SESSION_ID,
  RADIUS_ACCT_SESSION_ID,
  RADIUS_ACCT_STATUS_TYPE,
  RADIUS_ACCT_TERMINATE_CAUSE,
  RADIUS_ARAP_CHALLENGE_RESPONSE,
  RADIUS_ARAP_PASSWORD,
  RADIUS_CALLBACK_NUMBER,
  RADIUS_CALLED_STATION_ID,
  RADIUS_CALLING_STATION_ID,
  RADIUS_CHAP_CHALLENGE,
  RADIUS_CHAP_PASSWORD,
  RADIUS_CLASS,
  RADIUS_FRAMED_IP_ADDRESS,
  RADIUS_NAS_IDENTIFIER,
  RADIUS_NAS_PORT,
  RADIUS_REPLY_MESSAGE,
  RADIUS_SERVICE_TYPE,
  RADIUS_USER_NAME,
  RADIUS_USER_PASSWORD,
  SERVICE_TYPE_CALLBACK_FRAMED,
  SERVICE_TYPE_CALLBACK_LOGIN,
  SERVICE_TYPE_FRAMED,
  SERVICE_TYPE_LOGIN,
  VENDOR_CISCO,
  radiusAccountingRequestValid,
  radiusDecode,
  radiusEncodeResponse,
  radiusInteger,
  radiusIntegerValue,
  radiusIpv4,
  radiusMessageAuthenticatorCheck,
  radiusRevealPassword,
  radiusText,
  radiusTextValue,
  radiusVendorAttribute,
  type RadiusAttribute,
  type RadiusPacket,
} from "../aaa/radius-codec.ts";
import {
  TACACS_ACCOUNTING,
  TACACS_ACCT_FLAG_START,
  TACACS_ACCT_FLAG_STOP,
  TACACS_ACCT_STATUS_ERROR,
  TACACS_ACCT_STATUS_SUCCESS,
  TACACS_AUTHENTICATION,
  TACACS_AUTHEN_STATUS_ERROR,
  TACACS_AUTHEN_STATUS_FAIL,
  TACACS_AUTHEN_STATUS_GETPASS,
  TACACS_AUTHEN_STATUS_PASS,
  TACACS_AUTHEN_TYPE_ASCII,
  TACACS_AUTHEN_TYPE_CHAP,
  TACACS_AUTHORIZATION,
  TACACS_AUTHOR_STATUS_ERROR,
  TACACS_AUTHOR_STATUS_FAIL,
  TACACS_AUTHOR_STATUS_PASS_ADD,
  TACACS_FLAG_SINGLE_CONNECT,
  TACACS_HEADER_LENGTH,
  TACACS_REPLY_FLAG_NOECHO,
  tacacsAcctReplyEncode,
  tacacsAcctRequestDecode,
  tacacsAuthenContinueDecode,
  tacacsAuthenReplyEncode,
  tacacsAuthenStartDecode,
  tacacsAuthorRequestDecode,
  tacacsAuthorResponseEncode,
  tacacsHeaderDecode,
  tacacsObfuscate,
  tacacsPacketEncode,
  type TacacsHeader,
} from "../aaa/tacacs-codec.ts";
import type { SimAaaNetwork, TcpPeer } from "./aaa-network.ts";
import { TERMINATE_CAUSES } from "../aaa/accounting-record.ts";
import type { Rng } from "../sim/rng.ts";
import { arapResponse } from "../aaa/arap-des.ts";
import type { ArapKeyLayout } from "../core/arap.ts";

/** One accounting record as a simulated server received it. */
export interface SimAccountingEntry {
  server: string;
  /** Virtual ms when it arrived. */
  at: number;
  status: "start" | "stop" | "update";
  user: string;
  sessionId: string;
  /** RADIUS Acct-Multi-Session-Id (TACACS+ has none). */
  multiId: string | null;
  tty: number;
  /** RADIUS Acct-Terminate-Cause number, TACACS+ reason text. */
  cause: string | null;
  callbackNumber: string | null;
  /** Every attribute or AV pair as text, for tests. */
  fields: Record<string, string>;
}

export interface SimServerOptions {
  name: string;
  host: string;
  key: string;
  accounts: AaaAccount[];
  faults: AaaServerFault[];
  /** Milliseconds the server takes to answer when it is not slow. */
  answerAfterMs: number;
  /** A caller this server never answers (the scenario's `aaa-timeout`). */
  silentFor: (tty: number) => boolean;
  now: () => number;
  rng: Rng;
  log: (text: string) => void;
  received: (entry: SimAccountingEntry) => void;
  /** How ARAP passwords become DES keys, as the access server lays them (`arap key-layout`). */
  arapKeyLayout?: ArapKeyLayout;
}

abstract class SimServer {
  /** Requests answered, and left unanswered (silent, a wrong key on accounting, a silent caller). */
  answered = 0;
  silent = 0;

  constructor(protected readonly o: SimServerOptions) {}

  protected fault(kind: AaaServerFaultKind): AaaServerFault | null {
    const t = this.o.now() / 1000;
    return this.o.faults.find((f) => f.fault === kind && t >= f.from && (f.until === null || t < f.until)) ?? null;
  }

  /** How long the answer takes now (a slow fault's seconds, else the usual). */
  protected delay(): number {
    const slow = this.fault("slow");
    return slow ? slow.seconds * 1000 : this.o.answerAfterMs;
  }

  protected account(user: string): AaaAccount | null {
    return this.o.accounts.find((a) => a.username === user) ?? null;
  }

  protected quiet(tty: number, user: string): boolean {
    if (this.fault("silent")) {
      this.silent++;
      return true;
    }
    if (this.o.silentFor(tty)) {
      this.silent++;
      this.o.log(`AAA: the server does not answer for ${user} (${this.o.name})`);
      return true;
    }
    return false;
  }
}

const CAUSES = Object.fromEntries(Object.entries(TERMINATE_CAUSES).map(([name, code]) => [code, name])) as Record<number, string>;
const STATUS: Record<number, SimAccountingEntry["status"]> = { 1: "start", 2: "stop", 3: "update" };
const SERVICE_TYPE_NAMES: Record<string, number> = {
  "Login-User": SERVICE_TYPE_LOGIN,
  "Framed-User": SERVICE_TYPE_FRAMED,
  "Callback-Login-User": SERVICE_TYPE_CALLBACK_LOGIN,
  "Callback-Framed-User": SERVICE_TYPE_CALLBACK_FRAMED,
};

/** How long a server keeps the answer to an Accounting-Request for its duplicates (FreeRADIUS's `cleanup_delay`, 5 s). */
const DUPLICATE_ANSWER_MS = 5000;

export class SimRadiusServer extends SimServer {
  /** Accounting-Requests recognised as copies of one already taken (RFC 5080 §2.2.2): not written again. */
  duplicates = 0;
  /** Accounting-Requests taken, by Identifier and Request Authenticator: when the answer leaves, and the answer. */
  private readonly taken = new Map<string, { answerAt: number; answer: Uint8Array | null }>();

  constructor(o: SimServerOptions, net: SimAaaNetwork, authPort: number, acctPort: number) {
    super(o);
    net.listenUdp(o.host, authPort, (datagram, reply) => this.access(datagram, reply));
    net.listenUdp(o.host, acctPort, (datagram, reply) => this.accounting(datagram, reply));
  }

  private access(datagram: Uint8Array, reply: (d: Uint8Array, afterMs: number) => void): void {
    const request = radiusDecode(datagram);
    if (typeof request === "string" || request.code !== RADIUS_ACCESS_REQUEST) return;
    const user = text(request, RADIUS_USER_NAME) ?? "";
    const tty = integer(request, RADIUS_NAS_PORT) ?? -1;
    if (this.quiet(tty, user)) return;
    this.answered++;
    if (this.fault("garbage")) return reply(garbage(this.o.rng, request.identifier, datagram.length), this.delay());
    // RFC 3579 §3.2: with another key the request's Message-Authenticator fails; answered all the same, as a server not
    // requiring one would (its Reject is signed with its own key, which the client cannot check).
    const keyed = radiusMessageAuthenticatorCheck(datagram, request.authenticator, this.o.key) !== "invalid";
    if (!keyed) this.o.log(`${this.o.name}: request from a client whose key is not ours`);
    const account = keyed && !this.fault("reject") ? this.account(user) : null;
    const proven = account !== null && this.proves(request, account);
    const login = integer(request, RADIUS_SERVICE_TYPE) === SERVICE_TYPE_LOGIN;
    const code = proven ? RADIUS_ACCESS_ACCEPT : RADIUS_ACCESS_REJECT;
    const attributes = proven ? [...acceptAttributes(account as AaaAccount, login), ...this.arapProof(request, account as AaaAccount)] : [];
    reply(radiusEncodeResponse({ code, identifier: request.identifier, attributes }, request.authenticator, this.o.key), this.delay());
  }

  // RFC 2869 §2.2, §5.4: ARAP-Password = Cc ‖ Rc, and Cn is the Request Authenticator's first 8 octets.
  private arapProves(request: RadiusPacket, account: AaaAccount, arap: Uint8Array): boolean {
    if (arap.length !== 16) return false;
    const expected = arapResponse(Buffer.from(account.password, "latin1"), this.o.arapKeyLayout ?? "as-is", request.authenticator.subarray(0, 8));
    return expected !== null && expected.equals(arap.subarray(8));
  }

  /** RFC 2869 §5.15: an ARAP accept carries DES(K, Cc), the server's proof for the client. */
  private arapProof(request: RadiusPacket, account: AaaAccount): RadiusAttribute[] {
    const arap = request.attributes.find((a) => a.type === RADIUS_ARAP_PASSWORD)?.value;
    if (!arap || arap.length !== 16) return [];
    const rs = arapResponse(Buffer.from(account.password, "latin1"), this.o.arapKeyLayout ?? "as-is", arap.subarray(0, 8));
    return rs ? [{ type: RADIUS_ARAP_CHALLENGE_RESPONSE, value: Uint8Array.from(rs) }] : [];
  }

  private proves(request: RadiusPacket, account: AaaAccount): boolean {
    const arap = request.attributes.find((a) => a.type === RADIUS_ARAP_PASSWORD)?.value;
    if (arap) return this.arapProves(request, account, arap);
    const secret = Buffer.from(account.password, "latin1");
    const hidden = request.attributes.find((a) => a.type === RADIUS_USER_PASSWORD)?.value;
    if (hidden) return Buffer.from(radiusRevealPassword(hidden, this.o.key, request.authenticator)).equals(secret);
    const chap = request.attributes.find((a) => a.type === RADIUS_CHAP_PASSWORD)?.value;
    const challenge = request.attributes.find((a) => a.type === RADIUS_CHAP_CHALLENGE)?.value ?? request.authenticator;
    if (!chap || chap.length !== 17) return false;
    // RFC 1994 §2: MD5(identifier ‖ secret ‖ challenge).
    const expected = createHash("md5").update(chap.subarray(0, 1)).update(secret).update(challenge).digest();
    return expected.equals(chap.subarray(1));
  }

  // RFC 2866 §3: an Accounting-Request whose authenticator the key does not give is silently discarded.
  private accounting(datagram: Uint8Array, reply: (d: Uint8Array, afterMs: number) => void): void {
    const request = radiusDecode(datagram);
    if (typeof request === "string" || request.code !== RADIUS_ACCOUNTING_REQUEST) return;
    if (this.fault("silent")) {
      this.silent++;
      return;
    }
    if (!radiusAccountingRequestValid(datagram, this.o.key)) {
      this.silent++;
      this.o.log(`${this.o.name}: dropped an Accounting-Request with an invalid authenticator (is the key ours?)`);
      return;
    }
    if (this.duplicate(request, reply)) return;
    this.answered++;
    if (this.fault("garbage")) return reply(garbage(this.o.rng, request.identifier, 20), this.delay());
    const fields: Record<string, string> = {};
    for (const a of request.attributes) fields[String(a.type)] = a.type === RADIUS_FRAMED_IP_ADDRESS ? [...a.value].join(".") : describeValue(a);
    const cause = integer(request, RADIUS_ACCT_TERMINATE_CAUSE);
    this.o.received({
      server: this.o.name,
      at: this.o.now(),
      status: STATUS[integer(request, RADIUS_ACCT_STATUS_TYPE) ?? 0] ?? "update",
      user: text(request, RADIUS_USER_NAME) ?? "",
      sessionId: text(request, RADIUS_ACCT_SESSION_ID) ?? "",
      multiId: text(request, RADIUS_ACCT_MULTI_SESSION_ID),
      tty: integer(request, RADIUS_NAS_PORT) ?? -1,
      cause: cause === null ? null : (CAUSES[cause] ?? String(cause)),
      callbackNumber: text(request, RADIUS_CALLBACK_NUMBER),
      fields,
    });
    const response = { code: RADIUS_ACCOUNTING_RESPONSE, identifier: request.identifier, attributes: [] };
    const answer = radiusEncodeResponse(response, request.authenticator, this.o.key, false);
    const delay = this.delay();
    this.taken.set(duplicateKey(request), { answerAt: this.o.now() + delay, answer });
    reply(answer, delay);
  }

  // RFC 5080 §2.2.2, as FreeRADIUS does it: a copy of a request still being answered is ignored; one that comes
  // within DUPLICATE_ANSWER_MS of the answer gets the same answer again; neither is written a second time.
  private duplicate(request: RadiusPacket, reply: (d: Uint8Array, afterMs: number) => void): boolean {
    const now = this.o.now();
    for (const [key, t] of this.taken) if (now > t.answerAt + DUPLICATE_ANSWER_MS) this.taken.delete(key);
    const seen = this.taken.get(duplicateKey(request));
    if (!seen) return false;
    this.duplicates++;
    if (now >= seen.answerAt && seen.answer) reply(seen.answer, 0);
    return true;
  }
}

function duplicateKey(request: RadiusPacket): string {
  return `${request.identifier} ${Buffer.from(request.authenticator).toString("hex")}`;
}

/** What an Access-Accept carries for `account`: the callback its fields allow, then the attributes it names. */
function acceptAttributes(account: AaaAccount, login: boolean): RadiusAttribute[] {
  const extra = account.attributes ?? {};
  const out: RadiusAttribute[] = [];
  const serviceType = extra["Service-Type"]?.[0];
  if (serviceType) out.push(radiusInteger(RADIUS_SERVICE_TYPE, SERVICE_TYPE_NAMES[serviceType]));
  else if (account.callbackDialstring !== null) {
    out.push(radiusInteger(RADIUS_SERVICE_TYPE, login ? SERVICE_TYPE_CALLBACK_LOGIN : SERVICE_TYPE_CALLBACK_FRAMED));
  }
  if (account.callbackDialstring) out.push(radiusText(RADIUS_CALLBACK_NUMBER, account.callbackDialstring));
  // Cisco AV pairs without a protocol prefix apply to PPP and to the shell alike.
  const pairs = [...callbackPairs(account), ...(extra["Cisco-AVPair"] ?? [])];
  for (const pair of pairs) out.push(radiusVendorAttribute(VENDOR_CISCO, radiusText(CISCO_AVPAIR, pair)));
  for (const n of extra["Callback-Number"] ?? []) out.push(radiusText(RADIUS_CALLBACK_NUMBER, n));
  for (const a of extra["Framed-IP-Address"] ?? []) out.push(radiusIpv4(RADIUS_FRAMED_IP_ADDRESS, a));
  for (const m of extra["Reply-Message"] ?? []) out.push(radiusText(RADIUS_REPLY_MESSAGE, m));
  for (const c of extra.Class ?? []) out.push(radiusText(RADIUS_CLASS, c));
  return out;
}

function callbackPairs(account: AaaAccount): string[] {
  const out: string[] = [];
  if (account.callbackRotary !== null) out.push(`callback-rotary=${account.callbackRotary}`);
  if (account.callbackLine !== null) out.push(`callback-line=${account.callbackLine}`);
  if (account.noCallbackVerify) out.push("nocallback-verify=1");
  return out;
}

function text(packet: RadiusPacket, type: number): string | null {
  const a = packet.attributes.find((x) => x.type === type);
  return a ? radiusTextValue(a) : null;
}

function integer(packet: RadiusPacket, type: number): number | null {
  const a = packet.attributes.find((x) => x.type === type);
  return a ? radiusIntegerValue(a) : null;
}

// RFC 2865 §5 / RFC 2866 §5: the attributes of type text or string an access server sends in accounting.
const TEXT_TYPES = new Set([
  RADIUS_USER_NAME, RADIUS_CALLBACK_NUMBER, RADIUS_CLASS, RADIUS_CALLED_STATION_ID, RADIUS_CALLING_STATION_ID,
  RADIUS_NAS_IDENTIFIER, RADIUS_ACCT_SESSION_ID, RADIUS_ACCT_MULTI_SESSION_ID,
]);

function describeValue(a: RadiusAttribute): string {
  const printable = [...a.value].every((b) => b >= 0x20 && b < 0x7f);
  if (printable && (a.value.length !== 4 || TEXT_TYPES.has(a.type))) return radiusTextValue(a);
  return a.value.length === 4 ? String(radiusIntegerValue(a)) : Buffer.from(a.value).toString("hex");
}

/** A reply with the right identifier and nothing else right. */
function garbage(rng: Rng, identifier: number, length: number): Uint8Array {
  const out = rng.bytes(Math.max(20, Math.min(length, 200)));
  out[0] = RADIUS_ACCESS_ACCEPT;
  out[1] = identifier;
  out[2] = out.length >> 8;
  out[3] = out.length & 0xff;
  return out;
}

export class SimTacacsServer extends SimServer {
  constructor(o: SimServerOptions, net: SimAaaNetwork, port: number) {
    super(o);
    net.listenTcp(o.host, port, (peer) => this.connection(peer));
  }

  private connection(peer: TcpPeer): { data(bytes: Uint8Array): void; closed(): void } {
    let buffer = Buffer.alloc(0);
    let single = false;
    /** ASCII logins waiting for their password, by session. */
    const asking = new Map<number, { user: string; tty: number }>();
    return {
      data: (bytes) => {
        buffer = Buffer.concat([buffer, bytes]);
        while (buffer.length >= TACACS_HEADER_LENGTH) {
          const header = tacacsHeaderDecode(buffer);
          if (typeof header === "string") return peer.close(0);
          if (buffer.length < TACACS_HEADER_LENGTH + header.length) return;
          const body = tacacsObfuscate(header, buffer.subarray(TACACS_HEADER_LENGTH, TACACS_HEADER_LENGTH + header.length), this.o.key);
          buffer = buffer.subarray(TACACS_HEADER_LENGTH + header.length);
          // RFC 8907 §4.3: a client's single-connect flag is answered with ours, and then the connection stays.
          single = (header.flags & TACACS_FLAG_SINGLE_CONNECT) !== 0;
          this.packet(header, body, asking, (replyBody, last) => {
            const flags = single ? TACACS_FLAG_SINGLE_CONNECT : 0;
            const head = { version: header.version, type: header.type, seqNo: header.seqNo + 1, flags, sessionId: header.sessionId };
            const out = tacacsPacketEncode(head, replyBody, this.o.key);
            const after = this.delay();
            peer.send(out, after);
            if (last && !single) peer.close(after);
          });
        }
      },
      closed: () => {},
    };
  }

  private packet(
    header: TacacsHeader,
    body: Uint8Array,
    asking: Map<number, { user: string; tty: number }>,
    send: (body: Uint8Array, last: boolean) => void,
  ): void {
    const silent = (user: string, tty: number) => this.quiet(tty, user);
    const nothing = new Uint8Array(0);
    const authenReply = (status: number, flags = 0) => tacacsAuthenReplyEncode({ status, flags, serverMsg: nothing, data: nothing });
    if (header.type === TACACS_AUTHENTICATION && header.seqNo === 1) {
      const start = tacacsAuthenStartDecode(body);
      if (typeof start === "string") return this.wrongKey(send, authenReply(TACACS_AUTHEN_STATUS_ERROR));
      const user = latin1(start.user);
      const tty = ttyOf(start.port);
      if (silent(user, tty)) return;
      this.answered++;
      if (this.fault("garbage")) return send(this.o.rng.bytes(12), true);
      if (start.authenType === TACACS_AUTHEN_TYPE_ASCII) {
        asking.set(header.sessionId, { user, tty });
        return send(authenReply(TACACS_AUTHEN_STATUS_GETPASS, TACACS_REPLY_FLAG_NOECHO), false);
      }
      const account = this.fault("reject") ? null : this.account(user);
      const secret = Buffer.from(account?.password ?? "", "latin1");
      // RFC 8907 §5.4.2.3: data = id ‖ challenge ‖ MD5(id ‖ secret ‖ challenge).
      const d = start.data;
      const chap = () => {
        const expected = createHash("md5").update(d.subarray(0, 1)).update(secret).update(d.subarray(1, d.length - 16)).digest();
        return expected.equals(d.subarray(d.length - 16));
      };
      const proven = account !== null && (start.authenType === TACACS_AUTHEN_TYPE_CHAP ? d.length > 17 && chap() : Buffer.from(d).equals(secret));
      return send(authenReply(proven ? TACACS_AUTHEN_STATUS_PASS : TACACS_AUTHEN_STATUS_FAIL), true);
    }
    if (header.type === TACACS_AUTHENTICATION) {
      const waiting = asking.get(header.sessionId);
      const cont = tacacsAuthenContinueDecode(body);
      if (!waiting || typeof cont === "string") return this.wrongKey(send, authenReply(TACACS_AUTHEN_STATUS_ERROR));
      asking.delete(header.sessionId);
      const account = this.fault("reject") ? null : this.account(waiting.user);
      const proven = account !== null && Buffer.from(cont.userMsg).equals(Buffer.from(account.password, "latin1"));
      return send(authenReply(proven ? TACACS_AUTHEN_STATUS_PASS : TACACS_AUTHEN_STATUS_FAIL), true);
    }
    if (header.type === TACACS_AUTHORIZATION) {
      const request = tacacsAuthorRequestDecode(body);
      const response = (status: number, args: string[] = []) => tacacsAuthorResponseEncode({ status, serverMsg: nothing, data: nothing, args });
      if (typeof request === "string") return this.wrongKey(send, response(TACACS_AUTHOR_STATUS_ERROR));
      const user = latin1(request.user);
      if (silent(user, ttyOf(request.port))) return;
      this.answered++;
      if (this.fault("garbage")) return send(this.o.rng.bytes(8), true);
      const account = this.fault("reject") ? null : this.account(user);
      if (!account) return send(response(TACACS_AUTHOR_STATUS_FAIL), true);
      const dial = account.callbackDialstring !== null ? [`callback-dialstring=${account.callbackDialstring}`] : [];
      const pairs = [...dial, ...callbackPairs(account), ...(account.avPairs ?? [])];
      return send(response(TACACS_AUTHOR_STATUS_PASS_ADD, pairs), true);
    }
    if (header.type === TACACS_ACCOUNTING) {
      const request = tacacsAcctRequestDecode(body);
      const reply = (status: number) => tacacsAcctReplyEncode({ status, serverMsg: nothing, data: nothing });
      if (typeof request === "string") return this.wrongKey(send, reply(TACACS_ACCT_STATUS_ERROR));
      if (this.fault("silent")) {
        this.silent++;
        return;
      }
      this.answered++;
      if (this.fault("garbage")) return send(this.o.rng.bytes(6), true);
      const fields: Record<string, string> = {};
      for (const arg of request.args) {
        const at = arg.search(/[=*]/);
        if (at > 0) fields[arg.slice(0, at)] = arg.slice(at + 1);
      }
      const flags = request.flags;
      this.o.received({
        server: this.o.name,
        at: this.o.now(),
        status: flags & TACACS_ACCT_FLAG_STOP ? "stop" : flags & TACACS_ACCT_FLAG_START ? "start" : "update",
        user: latin1(request.user),
        sessionId: fields.task_id ?? "",
        multiId: null,
        tty: ttyOf(request.port),
        cause: fields.reason ?? null,
        callbackNumber: fields["callback-dialstring"] ?? null,
        fields,
      });
      return send(reply(TACACS_ACCT_STATUS_SUCCESS), true);
    }
  }

  // RFC 8907 §4.5: a body whose lengths do not add up was obfuscated with another key: ERROR, under ours.
  private wrongKey(send: (body: Uint8Array, last: boolean) => void, error: Uint8Array): void {
    this.o.log(`${this.o.name}: a packet that does not decode with our key`);
    send(error, true);
  }
}

function latin1(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("latin1");
}

function ttyOf(port: Uint8Array): number {
  const m = /^tty(\d+)$/.exec(latin1(port));
  return m ? Number(m[1]) : -1;
}
