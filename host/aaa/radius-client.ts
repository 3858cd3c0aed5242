// RADIUS authentication client (RFC 2865) for PAP, CHAP, MS-CHAP v1 and v2 (RFC 2548) and login users: one UDP socket,
// identifiers in rotation, retransmission and failover IOS-style (`radius-server retransmit`,
// `timeout`, `deadtime`), replies mapped to a verdict and the callback the server allows.
// Every request carries a Message-Authenticator first and every reply's is checked (RFC 3579
// §3.2; against the BlastRADIUS forgery, CVE-2024-3596). Secrets, passwords and CHAP responses
// go only into the datagram (hidden where RFC 2865 says so): no reason string, log line or
// thrown error carries them.

import { isIP } from "node:net";
import { nodeAaaIo, type AaaIo, type AaaTimer, type UdpPort } from "./aaa-io.ts";
import { ServerHealth } from "./server-health.ts";
import {
  CISCO_AVPAIR,
  FRAMED_PROTOCOL_ARAP,
  FRAMED_PROTOCOL_PPP,
  MAX_ATTRIBUTE_VALUE,
  MAX_PASSWORD_LENGTH,
  MS_CHAP_CHALLENGE,
  MS_CHAP_ERROR,
  MS_CHAP_RESPONSE,
  MS_CHAP2_RESPONSE,
  MS_CHAP2_SUCCESS,
  NAS_PORT_TYPE_ASYNC,
  RADIUS_ACCESS_ACCEPT,
  RADIUS_ACCESS_CHALLENGE,
  RADIUS_ACCESS_REJECT,
  RADIUS_ACCESS_REQUEST,
  RADIUS_ARAP_CHALLENGE_RESPONSE,
  RADIUS_ARAP_PASSWORD,
  RADIUS_CALLBACK_NUMBER,
  RADIUS_CHAP_CHALLENGE,
  RADIUS_CHAP_PASSWORD,
  RADIUS_CLASS,
  RADIUS_FRAMED_IP_ADDRESS,
  RADIUS_FRAMED_PROTOCOL,
  RADIUS_NAS_IDENTIFIER,
  RADIUS_NAS_IP_ADDRESS,
  RADIUS_NAS_PORT,
  RADIUS_NAS_PORT_TYPE,
  RADIUS_REPLY_MESSAGE,
  RADIUS_SERVICE_TYPE,
  RADIUS_USER_NAME,
  RADIUS_USER_PASSWORD,
  RADIUS_VENDOR_SPECIFIC,
  SERVICE_TYPE_CALLBACK_FRAMED,
  SERVICE_TYPE_CALLBACK_LOGIN,
  SERVICE_TYPE_FRAMED,
  SERVICE_TYPE_LOGIN,
  VENDOR_CISCO,
  VENDOR_MICROSOFT,
  radiusDecode,
  radiusEncode,
  radiusHidePassword,
  radiusInteger,
  radiusIntegerValue,
  radiusIpv4,
  radiusMessageAuthenticatorCheck,
  radiusMessageAuthenticatorPlaceholder,
  radiusResponseValid,
  radiusSignMessageAuthenticator,
  radiusText,
  radiusTextValue,
  radiusVendorAttribute,
  radiusVendorSubAttributes,
  type RadiusAttribute,
  type RadiusPacket,
} from "./radius-codec.ts";

/**
 * Which replies must carry a Message-Authenticator: "accept" (the default) an Access-Accept,
 * "required" every reply, "optional" none (a server too old to send one). A reply that carries
 * one is checked whatever the policy.
 */
export type MessageAuthenticatorPolicy = "accept" | "required" | "optional";

export interface RadiusServer {
  host: string;
  port: number;
  secret: string;
  messageAuthenticator?: MessageAuthenticatorPolicy;
  /** `radius-server host H timeout S`: this server's wait per transmission (else the client's). */
  timeoutMs?: number;
  /** `radius-server host H retransmit N` (else the client's). */
  retries?: number;
}

export interface RadiusClientOptions {
  /** Tried in order (dead ones skipped); after its retransmissions without a valid answer the next one gets the request. */
  servers: RadiusServer[];
  /** Per attempt (IOS default 5 s). */
  timeoutMs: number;
  /** Retransmissions per server (IOS default 3). */
  retries: number;
  /** `radius-server deadtime`: how long a server that never answered is skipped (0 or absent: never). */
  deadTimeMs?: number;
  /** Dead servers, shared with accounting and the other clients of the same servers. */
  health?: ServerHealth;
  /** NAS-Identifier (32), e.g. the hostname; without it and NAS-IP-Address the request carries NAS-IP-Address 127.0.0.1. */
  nasIdentifier?: string;
  /** NAS-IP-Address (4): `ip radius source-interface`'s address; the socket is bound to it when `bindSource`. */
  nasIpAddress?: string;
  bindSource?: boolean;
  /** Told of every reply refused, with the reason (never its content), and of every server that gave no answer. */
  log?: (text: string) => void;
  /** Clock, timers, randomness and UDP (Node's by default; the simulator's virtual ones). */
  io?: AaaIo;
}

export type AaaRequest =
  | { kind: "pap"; line: number; user: string; password: Uint8Array }
  | { kind: "chap"; line: number; user: string; id: number; challenge: Uint8Array; response: Uint8Array }
  /** MS-CHAP v1 (RFC 2433: 8-octet challenge) or v2 (RFC 2759: 16); `response` is the 49-octet Response value as the peer sent it. */
  | { kind: "mschap"; version: 1 | 2; line: number; user: string; id: number; challenge: Uint8Array; response: Uint8Array }
  | { kind: "login"; line: number; user: string; password: Uint8Array }
  /** ARAP (RFC 2869 §2.2): the server's challenge Cn, the client's own Cc, its response Rc = DES(K, Cn); 8 octets each. */
  | { kind: "arap"; line: number; user: string; challenge: Uint8Array; clientChallenge: Uint8Array; response: Uint8Array };

/** What the server allows for callback. dialstring null = the server gave no callback number; "" = the caller may give the number. */
export interface AaaCallback {
  dialstring: string | null;
  noCallbackVerify: boolean;
  callbackLine: number | null;
  callbackRotary: number | null;
  /** A range of callback lines (a local user's `callback-line tty A B`); callbackLine wins. */
  callbackLines?: { first: number; last: number; aux: boolean } | null;
  /** IOS regular expression the caller's own number must match (a local user's `callback-allowed-pattern`). */
  allowedPattern?: string | null;
}

/** Who decided an accept (RFC 2866 §5.6 Acct-Authentic: RADIUS, Local, Remote), set by the method chain. */
export type AaaAuthority = "radius" | "tacacs+" | "local" | "none";

export type AaaAnswer =
  /** `authenticatorResponse`: MS-CHAPv2's "S=" and 40 hex digits from MS-CHAP2-Success (RFC 2548 §2.3.3), the peer's proof of the server. */
  | {
      verdict: "accept";
      callback: AaaCallback | null;
      replyMessage: string | null;
      /**
       * RFC 2865 §5.8 Framed-IP-Address for the peer's IPCP, as a 32-bit value (absent: none;
       * 0xFFFFFFFF the user chooses, 0xFFFFFFFE the NAS chooses from its pool).
       */
      framedAddress?: number;
      authenticatorResponse?: string;
      /** RFC 2865 §5.25: Class attributes of the Access-Accept, to go back in every accounting record (absent when none). */
      classes?: Uint8Array[];
      authority?: AaaAuthority;
      /** For an ARAP check, Rs = DES(K, Cc), the proof the client asks of the server (RFC 2869 ARAP-Challenge-Response). */
      arapResponse?: Uint8Array;
    }
  /** `msChapError`: the text of MS-CHAP-Error (RFC 2548 §2.1.5) after its Ident octet, for the log. */
  | { verdict: "reject"; replyMessage: string | null; msChapError?: string }
  | { verdict: "error"; reason: string };

interface Pending {
  request: AaaRequest;
  identifier: number;
  /** Indexes of the servers to try, in order (the dead ones left out when some are alive). */
  order: number[];
  /** Position in `order`. */
  step: number;
  /** Transmissions to the current server so far, the first included. */
  sent: number;
  /** Bumped per transmission, so a late send callback or timer of an earlier one is ignored. */
  attempt: number;
  authenticator: Uint8Array;
  datagram: Uint8Array;
  timer: AaaTimer | null;
  /** Replies from the current server refused after their Identifier matched, by reason, for the error reason. */
  refused: Map<string, number>;
  resolve: (answer: AaaAnswer) => void;
}

// RFC 2865 §3: the Identifier is one octet; ours must differ among requests outstanding at once.
const IDENTIFIERS = 256;
const NAS_IP_LOOPBACK = Uint8Array.of(127, 0, 0, 1);

/** How a RADIUS server is named in logs and in the dead-server table. */
export function radiusServerName(server: { host: string; port: number }): string {
  return `RADIUS ${server.host}:${server.port}`;
}

export class RadiusClient {
  readonly authority = "radius" as const;
  private readonly options: RadiusClientOptions;
  private readonly io: AaaIo;
  private readonly health: ServerHealth;
  private readonly port: UdpPort;
  private readonly pending = new Map<number, Pending>();
  private nextIdentifier: number;
  private closed = false;
  /** Datagrams dropped: malformed, unknown identifier, wrong source, failed authenticator or unexpected code. */
  dropped = 0;

  constructor(options: RadiusClientOptions) {
    validateOptions(options);
    this.options = { ...options, servers: options.servers.map((s) => ({ ...s })) };
    this.io = options.io ?? nodeAaaIo;
    this.health = options.health ?? new ServerHealth(this.io, (text) => options.log?.(text));
    this.nextIdentifier = this.io.random(1)[0];
    const local = options.bindSource ? options.nasIpAddress : undefined;
    this.port = this.io.udp(
      (datagram, address, port) => this.received(datagram, address, port),
      (code) => this.fail(`RADIUS socket error: ${code}`),
      local,
    );
  }

  /** Sends an Access-Request and resolves with the verdict; never rejects, and resolves within Σ servers (retries + 1) × timeout. */
  authenticate(request: AaaRequest): Promise<AaaAnswer> {
    if (this.closed) return Promise.resolve(error("RADIUS client is closed"));
    const invalid = checkRequest(request);
    if (invalid) return Promise.resolve(error(invalid));
    const identifier = this.takeIdentifier();
    if (identifier === null) return Promise.resolve(error(`no free RADIUS identifier: ${IDENTIFIERS} requests outstanding`));
    const names = this.options.servers.map(radiusServerName);
    const usable = new Set(this.health.usable(names));
    const order = names.flatMap((name, i) => (usable.has(name) ? [i] : []));
    return new Promise((resolve) => {
      const pending: Pending = {
        request,
        identifier,
        order,
        step: 0,
        sent: 0,
        attempt: 0,
        authenticator: new Uint8Array(0),
        datagram: new Uint8Array(0),
        timer: null,
        refused: new Map(),
        resolve,
      };
      this.pending.set(identifier, pending);
      this.startServer(pending);
    });
  }

  /** Closes the socket; requests still waiting resolve { verdict: "error" }. */
  close(): void {
    if (this.closed) return;
    this.fail("RADIUS client closed");
  }

  private server(pending: Pending): RadiusServer {
    return this.options.servers[pending.order[pending.step]];
  }

  private timeoutOf(server: RadiusServer): number {
    return server.timeoutMs ?? this.options.timeoutMs;
  }

  private takeIdentifier(): number | null {
    for (let i = 0; i < IDENTIFIERS; i++) {
      const identifier = (this.nextIdentifier + i) % IDENTIFIERS;
      if (this.pending.has(identifier)) continue;
      this.nextIdentifier = (identifier + 1) % IDENTIFIERS;
      return identifier;
    }
    return null;
  }

  // A new server has its own secret, so the request is built again with a fresh Request Authenticator (RFC 2865 §3: unpredictable, unique).
  private startServer(pending: Pending): void {
    const server = this.server(pending);
    // RFC 2869 §2.2: for ARAP, octets 0-7 of the Request Authenticator are the challenge the client answered.
    const request = pending.request;
    pending.authenticator = request.kind === "arap" ? Uint8Array.from([...request.challenge, ...this.io.random(8)]) : this.io.random(16);
    pending.sent = 0;
    pending.refused = new Map();
    pending.datagram = radiusEncode(accessRequest(pending, server.secret, this.options));
    radiusSignMessageAuthenticator(pending.datagram, pending.authenticator, server.secret);
    this.transmit(pending);
  }

  // RFC 2865 §2.5: a retransmission to the same server repeats the datagram, Identifier and Request Authenticator unchanged.
  private transmit(pending: Pending): void {
    const server = this.server(pending);
    const attempt = ++pending.attempt;
    pending.sent++;
    pending.timer = this.io.after(this.timeoutOf(server), () => this.timedOut(pending, attempt));
    this.port.send(pending.datagram, server.port, server.host, (err) => {
      if (err && this.pending.get(pending.identifier) === pending && pending.attempt === attempt) this.nextServer(pending, err);
    });
  }

  private timedOut(pending: Pending, attempt: number): void {
    if (this.pending.get(pending.identifier) !== pending || pending.attempt !== attempt) return;
    pending.timer = null;
    const server = this.server(pending);
    if (pending.sent <= (server.retries ?? this.options.retries)) this.transmit(pending);
    else this.nextServer(pending, pending.refused.size ? [...pending.refused].map(([why, n]) => `replies ${why}: ${n}`).join(", ") : "no answer");
  }

  private nextServer(pending: Pending, why: string): void {
    pending.timer?.cancel();
    pending.timer = null;
    const server = this.server(pending);
    const name = radiusServerName(server);
    const last = `${server.host}:${server.port}: ${why} after ${pending.sent} transmission(s) of ${this.timeoutOf(server)} ms`;
    // A server that said nothing valid is as good as down; one whose replies fail the checks likely has another key.
    const hint = pending.refused.size ? " (does it share our key?)" : "";
    this.options.log?.(`${name}: ${why} after ${pending.sent} transmission(s) for ${pending.request.user}${hint}`);
    this.health.markDead(name, this.options.deadTimeMs ?? 0, why);
    pending.step++;
    if (pending.step < pending.order.length) this.startServer(pending);
    else this.finish(pending, error(`no valid answer from ${pending.order.length} RADIUS server(s); last ${last}`));
  }

  // RFC 2865 §3/§4: a reply counts only with our Identifier, from the server asked, with the right Response Authenticator
  // and (RFC 3579 §3.2) a right Message-Authenticator where it has one or must have one; else drop and wait.
  private received(datagram: Uint8Array, address: string, port: number): void {
    const pending = datagram.length >= 2 ? this.pending.get(datagram[1]) : undefined;
    const server = pending && this.server(pending);
    const packet = radiusDecode(datagram);
    if (typeof packet === "string") return this.drop(`malformed reply from ${address}:${port} (${packet})`);
    if (!pending || !server) return this.drop(`reply from ${address}:${port} with identifier ${packet.identifier}, which no request is waiting for`);
    if (!fromServer(server, address, port)) return this.drop(`reply from ${address}:${port}, not from the server asked`);
    const refusal = refusalOf(datagram, packet, pending, server);
    if (refusal) {
      pending.refused.set(refusal, (pending.refused.get(refusal) ?? 0) + 1);
      return this.drop(`reply ${refusal} from ${address}:${port}, identifier ${packet.identifier}`);
    }
    const answer = answerFor(packet, pending.request.kind);
    if (!answer) return this.drop(`reply code ${packet.code} from ${address}:${port} does not answer an Access-Request`);
    this.health.markAlive(radiusServerName(server));
    this.finish(pending, answer);
  }

  private drop(why: string): void {
    this.dropped++;
    this.options.log?.(`RADIUS: dropped a ${why}`);
  }

  private finish(pending: Pending, answer: AaaAnswer): void {
    pending.timer?.cancel();
    pending.timer = null;
    this.pending.delete(pending.identifier);
    pending.resolve(answer);
  }

  private fail(reason: string): void {
    this.closed = true;
    for (const pending of [...this.pending.values()]) this.finish(pending, error(reason));
    this.port.close();
  }
}

function error(reason: string): AaaAnswer {
  return { verdict: "error", reason };
}

const MESSAGE_AUTHENTICATOR_POLICIES: MessageAuthenticatorPolicy[] = ["accept", "required", "optional"];

/** Why an authentic-looking reply to `pending` is not taken ("failing ...", "without ..."), or null when it is. */
function refusalOf(datagram: Uint8Array, packet: RadiusPacket, pending: Pending, server: RadiusServer): string | null {
  if (!radiusResponseValid(datagram, pending.authenticator, server.secret)) return "failing the Response Authenticator check";
  const check = radiusMessageAuthenticatorCheck(datagram, pending.authenticator, server.secret);
  if (check === "invalid") return "failing the Message-Authenticator check";
  if (check === "valid") return null;
  const policy = server.messageAuthenticator ?? "accept";
  // BlastRADIUS turns a Reject into an Accept with a valid Response Authenticator but cannot add a Message-Authenticator.
  if (policy === "required" || (policy === "accept" && packet.code === RADIUS_ACCESS_ACCEPT)) {
    return `without the Message-Authenticator this server must send (${policy === "required" ? "every reply" : "Access-Accept"})`;
  }
  return null;
}

function validateOptions(options: RadiusClientOptions): void {
  if (!options.servers.length) throw new RangeError("RadiusClient: at least one server is needed");
  options.servers.forEach((s, i) => {
    if (!s.host) throw new RangeError(`RadiusClient: server ${i} has no host`);
    if (!Number.isInteger(s.port) || s.port < 1 || s.port > 65535) throw new RangeError(`RadiusClient: server ${i} port ${s.port} is not 1-65535`);
    if (!s.secret) throw new RangeError(`RadiusClient: server ${i} has an empty secret (RFC 2865 §3 requires one)`);
    const policy = s.messageAuthenticator;
    if (policy !== undefined && !MESSAGE_AUTHENTICATOR_POLICIES.includes(policy)) {
      throw new RangeError(`RadiusClient: server ${i} Message-Authenticator policy must be ${MESSAGE_AUTHENTICATOR_POLICIES.join(", ")}`);
    }
  });
  if (!(options.timeoutMs > 0)) throw new RangeError(`RadiusClient: timeoutMs ${options.timeoutMs} must be positive`);
  if (!Number.isInteger(options.retries) || options.retries < 0) throw new RangeError(`RadiusClient: retries ${options.retries} must be 0 or more`);
  options.servers.forEach((s, i) => {
    if (s.timeoutMs !== undefined && !(s.timeoutMs > 0)) throw new RangeError(`RadiusClient: server ${i} timeoutMs must be positive`);
    if (s.retries !== undefined && (!Number.isInteger(s.retries) || s.retries < 0)) throw new RangeError(`RadiusClient: server ${i} retries must be 0 or more`);
  });
  if (options.nasIpAddress !== undefined && isIP(options.nasIpAddress) !== 4) throw new RangeError("RadiusClient: nasIpAddress must be an IPv4 address");
  const id = options.nasIdentifier;
  if (id !== undefined && (!id || Buffer.byteLength(id) > MAX_ATTRIBUTE_VALUE)) throw new RangeError("RadiusClient: nasIdentifier must be 1-253 octets");
}

/** Why `request` cannot be sent, or null; names fields, never their values. */
function checkRequest(request: AaaRequest): string | null {
  const userLength = Buffer.byteLength(request.user);
  if (userLength < 1 || userLength > MAX_ATTRIBUTE_VALUE) return `User-Name must be 1-${MAX_ATTRIBUTE_VALUE} octets, got ${userLength}`;
  if (!Number.isInteger(request.line) || request.line < 0) return `line ${request.line} is not a NAS-Port number`;
  if (request.kind === "chap") {
    if (!Number.isInteger(request.id) || request.id < 0 || request.id > 255) return `CHAP identifier ${request.id} is not 0-255`;
    // RFC 1994 §4.1 with MD5: the Response value is 16 octets; RFC 2865 §5.3 carries exactly those.
    if (request.response.length !== 16) return `CHAP response must be 16 octets, got ${request.response.length}`;
    // RFC 2865 §5.40: CHAP-Challenge holds at least 5 octets.
    if (request.challenge.length < 5 || request.challenge.length > MAX_ATTRIBUTE_VALUE) return `CHAP challenge of ${request.challenge.length} octets`;
  } else if (request.kind === "mschap") {
    if (!Number.isInteger(request.id) || request.id < 0 || request.id > 255) return `MS-CHAP identifier ${request.id} is not 0-255`;
    if (request.response.length !== MSCHAP_RESPONSE_BYTES) return `MS-CHAP response must be ${MSCHAP_RESPONSE_BYTES} octets, got ${request.response.length}`;
    // RFC 2433 §2 and RFC 2759 §4: the authenticator's challenge is 8 octets in v1, 16 in v2.
    if (request.challenge.length !== (request.version === 1 ? 8 : 16)) return `MS-CHAP v${request.version} challenge of ${request.challenge.length} octets`;
  } else if (request.kind === "arap") {
    const sizes = [request.challenge.length, request.clientChallenge.length, request.response.length];
    if (sizes.some((n) => n !== 8)) return `ARAP challenges and response must be 8 octets each, got ${sizes.join(", ")}`;
  } else if (request.password.length > MAX_PASSWORD_LENGTH) {
    return `password longer than ${MAX_PASSWORD_LENGTH} octets (RFC 2865 §5.2)`;
  }
  return null;
}

function accessRequest(pending: Pending, secret: string, nas: Pick<RadiusClientOptions, "nasIdentifier" | "nasIpAddress">): RadiusPacket {
  const request = pending.request;
  const framed = request.kind !== "login";
  // RFC 3579 §3.2 (and the BlastRADIUS advice): Message-Authenticator first, signed once the packet is encoded.
  const attributes: RadiusAttribute[] = [
    radiusMessageAuthenticatorPlaceholder(),
    radiusText(RADIUS_USER_NAME, request.user),
    ...credentials(request, secret, pending.authenticator),
  ];
  // RFC 2865 §4.1: an Access-Request carries NAS-IP-Address or NAS-Identifier.
  attributes.push(...radiusNasAttributes(nas));
  attributes.push(radiusInteger(RADIUS_NAS_PORT, request.line), radiusInteger(RADIUS_NAS_PORT_TYPE, NAS_PORT_TYPE_ASYNC));
  attributes.push(radiusInteger(RADIUS_SERVICE_TYPE, framed ? SERVICE_TYPE_FRAMED : SERVICE_TYPE_LOGIN));
  if (framed) attributes.push(radiusInteger(RADIUS_FRAMED_PROTOCOL, request.kind === "arap" ? FRAMED_PROTOCOL_ARAP : FRAMED_PROTOCOL_PPP));
  return { code: RADIUS_ACCESS_REQUEST, identifier: pending.identifier, authenticator: pending.authenticator, attributes };
}

// The Response value of MS-CHAP v1 and v2 on the wire (RFC 2433 §2, RFC 2759 §4).
const MSCHAP_RESPONSE_BYTES = 49;

// RFC 2548 §2.3.2 (v2): Ident, Flags, Peer-Challenge(16), Reserved(8), Response(24), from the wire's
// Peer-Challenge ‖ Reserved ‖ NT-Response ‖ Flags; §2.1.3 (v1): Ident, Flags, LM-Response(24), NT-Response(24),
// from LM ‖ NT ‖ Use-NT flag. Both are the wire value with its last octet (flags) moved to the front.
function msChapAttributes(request: Extract<AaaRequest, { kind: "mschap" }>): RadiusAttribute[] {
  const r = request.response;
  const value = Uint8Array.from([request.id, r[MSCHAP_RESPONSE_BYTES - 1], ...r.subarray(0, MSCHAP_RESPONSE_BYTES - 1)]);
  return [
    radiusVendorAttribute(VENDOR_MICROSOFT, { type: MS_CHAP_CHALLENGE, value: Uint8Array.from(request.challenge) }),
    radiusVendorAttribute(VENDOR_MICROSOFT, { type: request.version === 1 ? MS_CHAP_RESPONSE : MS_CHAP2_RESPONSE, value }),
  ];
}

/** RFC 2865 §4.1, RFC 2866 §4.1: NAS-Identifier and/or NAS-IP-Address, the loopback address when neither is known. */
export function radiusNasAttributes(nas: Pick<RadiusClientOptions, "nasIdentifier" | "nasIpAddress">): RadiusAttribute[] {
  const out: RadiusAttribute[] = [];
  if (nas.nasIpAddress) out.push(radiusIpv4(RADIUS_NAS_IP_ADDRESS, nas.nasIpAddress));
  if (nas.nasIdentifier) out.push(radiusText(RADIUS_NAS_IDENTIFIER, nas.nasIdentifier));
  return out.length ? out : [{ type: RADIUS_NAS_IP_ADDRESS, value: NAS_IP_LOOPBACK }];
}

function credentials(request: AaaRequest, secret: string, authenticator: Uint8Array): RadiusAttribute[] {
  if (request.kind === "mschap") return msChapAttributes(request);
  // RFC 2869 §5.4: ARAP-Password = the client's challenge Cc (high 8 octets) ‖ its response Rc (low 8).
  if (request.kind === "arap") return [{ type: RADIUS_ARAP_PASSWORD, value: Uint8Array.from([...request.clientChallenge, ...request.response]) }];
  if (request.kind !== "chap") return [{ type: RADIUS_USER_PASSWORD, value: radiusHidePassword(request.password, secret, authenticator) }];
  // RFC 2865 §5.3: CHAP-Password = CHAP Ident ‖ Response; §5.40: the challenge goes in CHAP-Challenge, not the Request Authenticator.
  const chapPassword = new Uint8Array(17);
  chapPassword[0] = request.id;
  chapPassword.set(request.response, 1);
  return [
    { type: RADIUS_CHAP_PASSWORD, value: chapPassword },
    { type: RADIUS_CHAP_CHALLENGE, value: Uint8Array.from(request.challenge) },
  ];
}

/** The verdict for an authenticated reply, or null for a code an Access-Request cannot get (dropped). */
export function answerFor(packet: RadiusPacket, kind: AaaRequest["kind"]): AaaAnswer | null {
  const replyMessage = replyMessageOf(packet.attributes);
  if (packet.code === RADIUS_ACCESS_ACCEPT) {
    const framed = framedAddressOf(packet.attributes);
    const classes = packet.attributes.filter((a) => a.type === RADIUS_CLASS).map((a) => Uint8Array.from(a.value));
    const accept: AaaAnswer = { verdict: "accept", callback: callbackOf(packet.attributes, kind), replyMessage };
    if (framed !== null) accept.framedAddress = framed;
    if (classes.length) accept.classes = classes;
    const success = kind === "mschap" ? microsoftAttribute(packet.attributes, MS_CHAP2_SUCCESS) : null;
    if (success) accept.authenticatorResponse = authenticatorResponseOf(success);
    if (kind !== "arap") return accept;
    // RFC 2869 §5.15: the server's answer to the client's challenge; an Accept without it cannot prove us to the client.
    const response = packet.attributes.find((a) => a.type === RADIUS_ARAP_CHALLENGE_RESPONSE)?.value;
    if (!response || response.length !== 8) return { verdict: "reject", replyMessage };
    accept.arapResponse = Uint8Array.from(response);
    return accept;
  }
  if (packet.code === RADIUS_ACCESS_REJECT) {
    const error = kind === "mschap" ? msChapErrorOf(packet.attributes) : null;
    return error === null ? { verdict: "reject", replyMessage } : { verdict: "reject", replyMessage, msChapError: error };
  }
  // RFC 2865 §4.4: a NAS without challenge-response support treats Access-Challenge as Access-Reject; we have none.
  if (packet.code === RADIUS_ACCESS_CHALLENGE) return { verdict: "reject", replyMessage };
  return null;
}

// The first Microsoft sub-attribute `type` of the reply (RFC 2548), or null.
function microsoftAttribute(attributes: RadiusAttribute[], type: number): Uint8Array | null {
  for (const a of attributes) {
    const vendor = radiusVendorSubAttributes(a);
    if (vendor?.vendor !== VENDOR_MICROSOFT) continue;
    const sub = vendor.attributes.find((s) => s.type === type);
    if (sub) return sub.value;
  }
  return null;
}

// RFC 2548 §2.3.3: MS-CHAP2-Success is Ident then the "S=" string; anything else is left for the core to refuse.
function authenticatorResponseOf(value: Uint8Array): string {
  return Buffer.from(value.subarray(1)).toString("latin1");
}

// The MS-CHAP-Error text of a reply (RFC 2548 §2.1.5: Ident, then "E=eeeeeeeeee R=r ..."), or null.
function msChapErrorOf(attributes: RadiusAttribute[]): string | null {
  const value = microsoftAttribute(attributes, MS_CHAP_ERROR);
  return value && value.length > 1 ? Buffer.from(value.subarray(1)).toString("latin1") : null;
}

/** RFC 2865 §5.8: the first Framed-IP-Address (4 octets; 0.0.0.0 or another length is none), or null. */
export function framedAddressOf(attributes: RadiusAttribute[]): number | null {
  const a = attributes.find((x) => x.type === RADIUS_FRAMED_IP_ADDRESS);
  const value = a ? radiusIntegerValue(a) : null;
  return value ? value : null;
}

// RFC 2865 §5.18: several Reply-Messages are shown in order; servers split long text across them, so join without a separator.
function replyMessageOf(attributes: RadiusAttribute[]): string | null {
  const parts = attributes.filter((a) => a.type === RADIUS_REPLY_MESSAGE).map(radiusTextValue);
  return parts.length ? parts.join("") : null;
}

/**
 * The callback an Accept allows, or null when it names none. Service-Type Callback-Login (3) or
 * Callback-Framed (4) with no number allows callback to a number the caller gives (dialstring "").
 * Cisco AV pairs win over Callback-Number (19); the last of each AV pair wins.
 */
export function callbackOf(attributes: RadiusAttribute[], kind: AaaRequest["kind"]): AaaCallback | null {
  const serviceTypes = attributes.filter((a) => a.type === RADIUS_SERVICE_TYPE).map(radiusIntegerValue);
  const allowed = serviceTypes.some((t) => t === SERVICE_TYPE_CALLBACK_FRAMED || t === SERVICE_TYPE_CALLBACK_LOGIN);
  const numbers = attributes.filter((a) => a.type === RADIUS_CALLBACK_NUMBER).map(radiusTextValue);
  const pairs = ciscoCallbackPairs(attributes, kind);
  if (!allowed && !numbers.length && !pairs.size) return null;
  return {
    dialstring: pairs.get("callback-dialstring") ?? numbers[0] ?? (allowed ? "" : null),
    noCallbackVerify: pairs.get("nocallback-verify") === "1",
    callbackLine: decimal(pairs.get("callback-line")),
    callbackRotary: decimal(pairs.get("callback-rotary")),
  };
}

const CALLBACK_PAIRS = new Set(["callback-dialstring", "nocallback-verify", "callback-line", "callback-rotary"]);
// IOS AV pair: [protocol:]attribute then "=" (mandatory) or "*" (optional), then the value.
const AV_PAIR = /^(?:([A-Za-z0-9_-]+):)?([A-Za-z0-9_-]+)[=*](.*)$/s;

// IOS reads callback pairs under the service being authorised: "lcp:" for PPP, "shell:" for an exec login, "arap:" for ARA; no prefix fits all.
function ciscoCallbackPairs(attributes: RadiusAttribute[], kind: AaaRequest["kind"]): Map<string, string> {
  const ours = kind === "login" ? "shell" : kind === "arap" ? "arap" : "lcp";
  const pairs = new Map<string, string>();
  for (const a of attributes) {
    if (a.type !== RADIUS_VENDOR_SPECIFIC) continue;
    const vendor = radiusVendorSubAttributes(a);
    if (vendor?.vendor !== VENDOR_CISCO) continue;
    for (const sub of vendor.attributes) {
      const match = sub.type === CISCO_AVPAIR ? AV_PAIR.exec(radiusTextValue(sub)) : null;
      if (!match || !CALLBACK_PAIRS.has(match[2].toLowerCase())) continue;
      if (match[1] === undefined || match[1].toLowerCase() === ours) pairs.set(match[2].toLowerCase(), match[3].trim());
    }
  }
  return pairs;
}

function decimal(text: string | undefined): number | null {
  return text !== undefined && /^\d{1,9}$/.test(text) ? Number(text) : null;
}

// A reply must come from where the request went (RFC 2865 §3); a host name cannot be compared without resolving it, so only its port is.
function fromServer(server: RadiusServer, address: string, port: number): boolean {
  if (port !== server.port) return false;
  return isIP(server.host) === 0 || address === server.host;
}
