// TACACS+ client (RFC 8907) for PAP, CHAP and login users with RadiusClient's interface: an
// authentication session, then on PASS an authorization session for the callback pairs, each on
// its own TCP connection with its own session_id. A server that errs, stays silent, hangs up or
// answers what does not decode with its key is skipped for the next one. Keys, passwords and
// CHAP responses go only into obfuscated bodies: no reason string or thrown error carries them.

import type { AaaAnswer, AaaCallback, AaaRequest } from "./radius-client.ts";
import type { TacacsServer, TacacsSession } from "./tacacs-connection.ts";
import { TacacsSessionOpener, type TacacsOpeners } from "./tacacs-single-connection.ts";
import { nodeAaaIo, type AaaIo } from "./aaa-io.ts";
import { ServerHealth } from "./server-health.ts";
import { tacacsAuthorizationArgs, tacacsGrantOf } from "./tacacs-authorization.ts";
import {
  TACACS_AUTHEN_LOGIN,
  TACACS_AUTHEN_METH_TACACSPLUS,
  TACACS_AUTHEN_STATUS_ERROR,
  TACACS_AUTHEN_STATUS_FAIL,
  TACACS_AUTHEN_STATUS_FOLLOW,
  TACACS_AUTHEN_STATUS_GETPASS,
  TACACS_AUTHEN_STATUS_GETUSER,
  TACACS_AUTHEN_STATUS_PASS,
  TACACS_AUTHEN_STATUS_RESTART,
  TACACS_AUTHEN_SVC_LOGIN,
  TACACS_AUTHEN_SVC_PPP,
  TACACS_AUTHEN_TYPE_ASCII,
  TACACS_AUTHEN_TYPE_CHAP,
  TACACS_AUTHEN_TYPE_PAP,
  TACACS_AUTHENTICATION,
  TACACS_AUTHORIZATION,
  TACACS_AUTHOR_STATUS_ERROR,
  TACACS_AUTHOR_STATUS_PASS_ADD,
  TACACS_AUTHOR_STATUS_PASS_REPL,
  TACACS_CONTINUE_FLAG_ABORT,
  TACACS_PRIV_LVL_USER,
  TACACS_VERSION_DEFAULT,
  TACACS_VERSION_ONE,
  tacacsAuthenContinueEncode,
  tacacsAuthenReplyDecode,
  tacacsAuthenStartEncode,
  tacacsAuthorRequestEncode,
  tacacsAuthorResponseDecode,
  type TacacsAuthenStart,
} from "./tacacs-codec.ts";

export type { TacacsServer };

export interface TacacsClientOptions {
  /** Tried in order (dead ones skipped); one that errs or gives no usable answer passes the session to the next. */
  servers: TacacsServer[];
  /** Per server and session, connect included (IOS `tacacs-server timeout` default 5 s). */
  timeoutMs: number;
  /** A group's `deadtime`: how long a server that gave no answer is skipped (0 or absent: never). */
  deadTimeMs?: number;
  /** Dead servers, shared with accounting. */
  health?: ServerHealth;
  /** `ip tacacs source-interface`'s address: connections leave from it. */
  localAddress?: string;
  /** Told of every server that gave no answer (never a key or password). */
  log?: (text: string) => void;
  /** Clock, timers, randomness and TCP (Node's by default; the simulator's virtual ones). */
  io?: AaaIo;
  /** Openers shared with accounting (their owner closes them); else the client's own. */
  openers?: TacacsOpeners;
}

/** How a TACACS+ server is named in logs and in the dead-server table. */
export function tacacsServerName(server: { host: string; port: number }): string {
  return `TACACS+ ${server.host}:${server.port}`;
}

/** RFC 8907 §6.1 authen_method: how the user in an authorization REQUEST was authenticated. */
export const TACACS_AUTHEN_METH_NONE = 0x01;
export const TACACS_AUTHEN_METH_LINE = 0x03;
export const TACACS_AUTHEN_METH_ENABLE = 0x04;
export const TACACS_AUTHEN_METH_LOCAL = 0x05;
export const TACACS_AUTHEN_METH_RADIUS = 0x10;

/** An authorization's outcome alone: what the server allows, a refusal, or why no server decided. */
export type TacacsAuthorization = { verdict: "pass"; callback: AaaCallback | null } | { verdict: "fail" } | { verdict: "error"; reason: string };

/** IOS defaults: TCP port 49 (RFC 8907 §3.4), 5 s timeout. */
export const TACACS_PORT = 49;
export const TACACS_TIMEOUT_MS = 5000;

/** A server's final word on a session, or why it gave none (then the next server is asked). */
type Outcome<T> = T | { error: string };
type Authenticated = { passed: boolean; message: string | null };
type Authorized = { passed: false; message: string | null } | { passed: true; message: string | null; args: string[] };

interface Pending {
  settled: boolean;
  connections: Set<TacacsSession>;
  resolve: (answer: AaaAnswer) => void;
}

// RFC 8907 §5.1: user, port, rem_addr and data lengths are one octet each.
const MAX_FIELD = 0xff;
// RFC 8907 §5.3: a CONTINUE's user_msg length is two octets.
const MAX_USER_MSG = 0xffff;
// The core's async lines have no caller address; IOS puts the port type in rem_addr for them.
const REMOTE_ADDRESS = octets("async");

export class TacacsClient {
  readonly authority = "tacacs+" as const;
  private readonly options: TacacsClientOptions;
  private readonly pending = new Set<Pending>();
  private readonly io: AaaIo;
  private readonly health: ServerHealth;
  private readonly openers: TacacsSessionOpener[];
  private readonly ownOpeners: boolean;
  private closed = false;

  constructor(options: TacacsClientOptions) {
    validateOptions(options);
    this.options = { ...options, servers: options.servers.map((s) => ({ ...s })) };
    this.io = options.io ?? nodeAaaIo;
    this.health = options.health ?? new ServerHealth(this.io, (text) => options.log?.(text));
    const shared = options.openers;
    this.ownOpeners = !shared;
    this.openers = this.options.servers.map((s) => shared?.of(s, options.localAddress) ?? new TacacsSessionOpener(s, this.io, options.localAddress));
  }

  /**
   * Authorization alone (`aaa authorization ... group tacacs+` for a user another method
   * authenticated, `authenMethod` saying which): what the server allows for callback. Never rejects.
   */
  authorize(request: AaaRequest, authenMethod: number): Promise<TacacsAuthorization> {
    if (this.closed) return Promise.resolve({ verdict: "error", reason: "TACACS+ client is closed" });
    const invalid = checkRequest(request);
    if (invalid) return Promise.resolve({ verdict: "error", reason: invalid });
    return new Promise((resolve) => {
      const pending: Pending = { settled: false, connections: new Set(), resolve: () => {} };
      this.pending.add(pending);
      const done = (answer: TacacsAuthorization) => {
        if (pending.settled) return;
        pending.settled = true;
        this.pending.delete(pending);
        resolve(answer);
      };
      pending.resolve = (answer) => done(answer.verdict === "error" ? answer : { verdict: "fail" });
      this.eachServer(pending, 0, "authorization", (server) => this.authorizeOn(pending, server, request, authenMethod)).then(
        (outcome) => {
          if ("error" in outcome) return done({ verdict: "error", reason: outcome.error });
          if (!outcome.passed) return done({ verdict: "fail" });
          const grant = tacacsGrantOf(outcome.args);
          done("refused" in grant ? { verdict: "fail" } : { verdict: "pass", callback: grant.callback });
        },
        (fault: unknown) => done({ verdict: "error", reason: `TACACS+ client fault (${fault instanceof Error ? fault.name : typeof fault})` }),
      );
    });
  }

  /**
   * Authenticates, then authorizes; never rejects. Resolves within 2 × servers × timeoutMs: the
   * authentication walks the servers once, the authorization once more from the server that passed.
   */
  authenticate(request: AaaRequest): Promise<AaaAnswer> {
    if (this.closed) return Promise.resolve(error("TACACS+ client is closed"));
    const invalid = checkRequest(request);
    if (invalid) return Promise.resolve(error(invalid));
    return new Promise((resolve) => {
      const pending: Pending = { settled: false, connections: new Set(), resolve };
      this.pending.add(pending);
      this.run(pending, request).then(
        (answer) => this.finish(pending, answer),
        // A fault of ours: its message could quote a field, so only its class goes out.
        (fault: unknown) => this.finish(pending, error(`TACACS+ client fault (${fault instanceof Error ? fault.name : typeof fault})`)),
      );
    });
  }

  /** Closes every connection; requests still waiting resolve { verdict: "error" }. */
  close(): void {
    this.closed = true;
    for (const pending of [...this.pending]) this.finish(pending, error("TACACS+ client closed"));
    if (this.ownOpeners) for (const opener of this.openers) opener.close();
  }

  private finish(pending: Pending, answer: AaaAnswer): void {
    if (pending.settled) return;
    pending.settled = true;
    this.pending.delete(pending);
    for (const connection of pending.connections) connection.close("TACACS+ client closed");
    pending.resolve(answer);
  }

  private async run(pending: Pending, request: AaaRequest): Promise<AaaAnswer> {
    const authentication = await this.eachServer(pending, 0, "authentication", (server) => this.authenticateOn(pending, server, request));
    if ("error" in authentication) return error(authentication.error);
    if (!authentication.passed) return { verdict: "reject", replyMessage: authentication.message };
    const authorization = await this.eachServer(pending, authentication.serverIndex, "authorization", (server) =>
      this.authorizeOn(pending, server, request, TACACS_AUTHEN_METH_TACACSPLUS),
    );
    // RFC 8907 §4.4: an ERROR (or no answer) cannot be applied; with every server tried there is nothing to apply, so no verdict.
    if ("error" in authorization) return error(authorization.error);
    // RFC 8907 §6.2: on FAIL "the requested authorization MUST be denied"; we asked for the PPP or shell service itself, so the user
    // does not get in. (Admitting the user without callback would also skip the location check a callback server exists for.)
    if (!authorization.passed) return { verdict: "reject", replyMessage: authorization.message };
    const grant = tacacsGrantOf(authorization.args);
    // RFC 8907 §6.1: a mandatory pair we cannot honour makes the authorization failed, as a FAIL.
    if ("refused" in grant) return { verdict: "reject", replyMessage: authorization.message };
    return { verdict: "accept", callback: grant.callback, replyMessage: joinMessages(authentication.message, authorization.message) };
  }

  /** Asks each usable server once, starting at `first` and wrapping, until one gives a final word. */
  private async eachServer<T extends object>(
    pending: Pending,
    first: number,
    what: string,
    ask: (server: TacacsServer) => Promise<Outcome<T>>,
  ): Promise<(T & { serverIndex: number }) | { error: string }> {
    const servers = this.options.servers;
    const names = servers.map(tacacsServerName);
    const usable = new Set(this.health.usable(names));
    let last = "";
    let asked = 0;
    for (let k = 0; k < servers.length; k++) {
      if (pending.settled) return { error: "TACACS+ client closed" };
      const index = (first + k) % servers.length;
      if (!usable.has(names[index])) continue;
      asked++;
      const outcome = await ask(servers[index]);
      if (!("error" in outcome)) {
        this.health.markAlive(names[index]);
        return { ...outcome, serverIndex: index };
      }
      last = `${servers[index].host}:${servers[index].port}: ${outcome.error}`;
      this.options.log?.(`${names[index]}: ${outcome.error} (${what})`);
      this.health.markDead(names[index], this.options.deadTimeMs ?? 0, outcome.error);
    }
    return { error: `no TACACS+ ${what} answer from ${asked} server(s); last ${last}` };
  }

  private open(pending: Pending, server: TacacsServer, type: number, version: number): TacacsSession {
    const opener = this.openers[this.options.servers.indexOf(server)];
    const connection = opener.open(type, version, server.timeoutMs ?? this.options.timeoutMs);
    pending.connections.add(connection);
    return connection;
  }

  private done(pending: Pending, connection: TacacsSession): void {
    connection.close();
    pending.connections.delete(connection);
  }

  // RFC 8907 §5.4.2: PAP and CHAP are one START (minor version 1) and one REPLY; ASCII login (minor 0) answers GETUSER/GETPASS.
  private async authenticateOn(pending: Pending, server: TacacsServer, request: AaaRequest): Promise<Outcome<Authenticated>> {
    const ascii = request.kind === "login";
    const connection = this.open(pending, server, TACACS_AUTHENTICATION, ascii ? TACACS_VERSION_DEFAULT : TACACS_VERSION_ONE);
    try {
      let seqNo = 1;
      let body = tacacsAuthenStartEncode(startOf(request));
      const answered = new Set<number>();
      for (;;) {
        const exchange = await connection.exchange(seqNo, body);
        if ("error" in exchange) return exchange;
        const reply = tacacsAuthenReplyDecode(exchange.body);
        if (typeof reply === "string") return { error: `reply does not decode with the key: ${reply}` };
        const message = textOf(reply.serverMsg);
        switch (reply.status) {
          case TACACS_AUTHEN_STATUS_PASS:
            return { passed: true, message };
          // RFC 8907 §5.4.3: FOLLOW is treated as FAIL; a client without RESTART support processes it as FAIL.
          case TACACS_AUTHEN_STATUS_FAIL:
          case TACACS_AUTHEN_STATUS_FOLLOW:
          case TACACS_AUTHEN_STATUS_RESTART:
            return { passed: false, message };
          // RFC 8907 §5.4.3: proceed as if that server could not be contacted.
          case TACACS_AUTHEN_STATUS_ERROR:
            return { error: "server answered ERROR" };
        }
        // RFC 8907 §5.4.2.2/3: PAP and CHAP get PASS, FAIL or ERROR only.
        if (!ascii) return { error: `status ${reply.status} in a ${request.kind.toUpperCase()} session` };
        // We have the user and one password and nobody to ask: GETDATA, or a second GETPASS after a refused password, ends in FAIL.
        const wanted = reply.status === TACACS_AUTHEN_STATUS_GETUSER || reply.status === TACACS_AUTHEN_STATUS_GETPASS;
        if (!wanted || answered.has(reply.status)) {
          // RFC 8907 §5.4.3: the client ends a session early with a CONTINUE carrying the abort flag.
          const abort = { flags: TACACS_CONTINUE_FLAG_ABORT, userMsg: new Uint8Array(0), data: octets("no further input on this line") };
          connection.sendAndClose(seqNo + 2, tacacsAuthenContinueEncode(abort));
          // The server_msg here is a prompt, not a word on the user.
          return { passed: false, message: null };
        }
        answered.add(reply.status);
        // RFC 8907 §5.4.2.1: ASCII login carries the user name and the password in user_msg.
        const userMsg = reply.status === TACACS_AUTHEN_STATUS_GETUSER ? octets(request.user) : request.password;
        body = tacacsAuthenContinueEncode({ flags: 0, userMsg, data: new Uint8Array(0) });
        seqNo += 2;
      }
    } finally {
      this.done(pending, connection);
    }
  }

  // RFC 8907 §6.1: a new session (own session_id, minor version 0) saying how the user was authenticated.
  private async authorizeOn(pending: Pending, server: TacacsServer, request: AaaRequest, authenMethod: number): Promise<Outcome<Authorized>> {
    const connection = this.open(pending, server, TACACS_AUTHORIZATION, TACACS_VERSION_DEFAULT);
    try {
      const start = startOf(request);
      const body = tacacsAuthorRequestEncode({
        authenMethod,
        privLvl: TACACS_PRIV_LVL_USER,
        authenType: start.authenType,
        authenService: start.authenService,
        user: start.user,
        port: start.port,
        remAddr: start.remAddr,
        args: tacacsAuthorizationArgs(request.kind),
      });
      const exchange = await connection.exchange(1, body);
      if ("error" in exchange) return exchange;
      const response = tacacsAuthorResponseDecode(exchange.body);
      if (typeof response === "string") return { error: `response does not decode with the key: ${response}` };
      const message = textOf(response.serverMsg);
      if (response.status === TACACS_AUTHOR_STATUS_PASS_ADD || response.status === TACACS_AUTHOR_STATUS_PASS_REPL) {
        return { passed: true, message, args: response.args };
      }
      if (response.status === TACACS_AUTHOR_STATUS_ERROR) return { error: "server answered ERROR" };
      // FAIL, and FOLLOW which RFC 8907 §6.2 handles as for authentication (§5.4.3: as FAIL).
      return { passed: false, message };
    } finally {
      this.done(pending, connection);
    }
  }
}

function error(reason: string): AaaAnswer {
  return { verdict: "error", reason };
}

// The responder decodes the core's name octets as latin1; latin1 gives the same octets back.
function octets(text: string): Uint8Array {
  return Uint8Array.from(Buffer.from(text, "latin1"));
}

function textOf(bytes: Uint8Array): string | null {
  return bytes.length ? Buffer.from(bytes).toString("latin1") : null;
}

function joinMessages(...messages: (string | null)[]): string | null {
  const present = messages.filter((m): m is string => m !== null);
  return present.length ? present.join("\n") : null;
}

function startOf(request: AaaRequest): TacacsAuthenStart {
  const common = { action: TACACS_AUTHEN_LOGIN, privLvl: TACACS_PRIV_LVL_USER, user: octets(request.user) };
  // RFC 8907 §5.1: port is free text, "ttyN" for the Nth tty line as its own example.
  const where = { port: octets(`tty${request.line}`), remAddr: REMOTE_ADDRESS };
  if (request.kind === "login") {
    return { ...common, ...where, authenType: TACACS_AUTHEN_TYPE_ASCII, authenService: TACACS_AUTHEN_SVC_LOGIN, data: new Uint8Array(0) };
  }
  if (request.kind === "pap") {
    return { ...common, ...where, authenType: TACACS_AUTHEN_TYPE_PAP, authenService: TACACS_AUTHEN_SVC_PPP, data: Uint8Array.from(request.password) };
  }
  if (request.kind !== "chap") throw new Error("no TACACS+ start for this check"); // ARAP is refused by checkRequest first
  // RFC 8907 §5.4.2.3: data = PPP id ‖ challenge ‖ 16-octet response.
  const data = Uint8Array.from([request.id, ...request.challenge, ...request.response]);
  return { ...common, ...where, authenType: TACACS_AUTHEN_TYPE_CHAP, authenService: TACACS_AUTHEN_SVC_PPP, data };
}

function validateOptions(options: TacacsClientOptions): void {
  if (!options.servers.length) throw new RangeError("TacacsClient: at least one server is needed");
  options.servers.forEach((s, i) => {
    if (!s.host) throw new RangeError(`TacacsClient: server ${i} has no host`);
    if (!Number.isInteger(s.port) || s.port < 1 || s.port > 65535) throw new RangeError(`TacacsClient: server ${i} port ${s.port} is not 1-65535`);
    // RFC 8907 §4.5: bodies are always obfuscated, which needs a key.
    if (!s.key) throw new RangeError(`TacacsClient: server ${i} has an empty key`);
  });
  if (!(options.timeoutMs > 0)) throw new RangeError(`TacacsClient: timeoutMs ${options.timeoutMs} must be positive`);
  options.servers.forEach((s, i) => {
    if (s.timeoutMs !== undefined && !(s.timeoutMs > 0)) throw new RangeError(`TacacsClient: server ${i} timeoutMs must be positive`);
  });
}

/** Why `request` cannot be sent, or null; names fields and lengths, never values. */
function checkRequest(request: AaaRequest): string | null {
  if (!request.user || [...request.user].some((c) => c.charCodeAt(0) > 0xff)) return "user name must be 1 or more single-octet characters";
  const userLength = octets(request.user).length;
  if (userLength > MAX_FIELD) return `user name of ${userLength} octets exceeds ${MAX_FIELD}`;
  if (!Number.isInteger(request.line) || request.line < 0) return `line ${request.line} is not a line number`;
  if (request.kind === "mschap") return `MS-CHAP v${request.version} is not asked of TACACS+ servers`;
  // RFC 8907 §5.4.2 dropped ARAP (authen_type 4): a TACACS+ server cannot answer it.
  if (request.kind === "arap") return "TACACS+ has no ARAP authentication (RFC 8907 dropped it)";
  if (request.kind === "chap") {
    if (!Number.isInteger(request.id) || request.id < 0 || request.id > 255) return `CHAP identifier ${request.id} is not 0-255`;
    // RFC 8907 §5.4.2.3: the response is always 16 octets (MD5); the challenge length is what remains.
    if (request.response.length !== 16) return `CHAP response must be 16 octets, got ${request.response.length}`;
    if (!request.challenge.length || 1 + request.challenge.length + 16 > MAX_FIELD) return `CHAP challenge of ${request.challenge.length} octets`;
    return null;
  }
  const max = request.kind === "pap" ? MAX_FIELD : MAX_USER_MSG;
  if (request.password.length > max) return `password longer than ${max} octets`;
  return null;
}
