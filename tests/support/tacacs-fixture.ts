// A TACACS+ server for tests (RFC 8907), built on host/aaa/tacacs-codec.ts: it reveals each
// body with its own key, checks PAP passwords, recomputes CHAP responses (RFC 1994 §4.1), runs
// the ASCII GETUSER/GETPASS dialogue, answers authorization from the test's handler, takes
// accounting records (RFC 8907 §7: SUCCESS to each), and records what it decoded. A `misbehave` mode makes it stay silent or answer what a client must refuse.

import { createServer, type Server, type Socket } from "node:net";
import {
  TACACS_AUTHEN_STATUS_ERROR,
  TACACS_AUTHEN_STATUS_FAIL,
  TACACS_AUTHEN_STATUS_GETPASS,
  TACACS_AUTHEN_STATUS_GETUSER,
  TACACS_AUTHEN_STATUS_PASS,
  TACACS_AUTHEN_TYPE_ASCII,
  TACACS_AUTHEN_TYPE_CHAP,
  TACACS_AUTHEN_TYPE_PAP,
  TACACS_ACCOUNTING,
  TACACS_ACCT_STATUS_ERROR,
  TACACS_ACCT_STATUS_SUCCESS,
  TACACS_AUTHORIZATION,
  TACACS_AUTHOR_STATUS_ERROR,
  TACACS_AUTHOR_STATUS_PASS_ADD,
  TACACS_CONTINUE_FLAG_ABORT,
  TACACS_FLAG_UNENCRYPTED,
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
  type TacacsAcctRequest,
  type TacacsAuthenStart,
  type TacacsAuthorRequest,
  type TacacsHeader,
} from "../../host/aaa/tacacs-codec.ts";
import { chapResponse } from "./chap.ts";

export interface AuthorizationAnswer {
  status: number;
  args?: string[];
  serverMsg?: string;
}

/** Replies a client must not take as a verdict. */
export type Misbehaviour = "silent" | "hang-up" | "bad-lengths" | "wrong-session-id" | "wrong-seq-no" | "wrong-version" | "unencrypted";

export interface TacacsFixtureOptions {
  key: string;
  /** user → password, for PAP, CHAP and ASCII alike. */
  users: Record<string, string>;
  /** Authorization answer; PASS_ADD with no pairs when absent. */
  authorize?: (request: TacacsAuthorRequest) => AuthorizationAnswer;
  /** Authentication ERROR for every START (a server that cannot decide). */
  authenticationError?: boolean;
  /** ASCII: ask GETUSER even when START names the user. */
  alwaysAskUser?: boolean;
  /** ASCII: a wrong password gets GETPASS again instead of FAIL, as servers that allow retries do. */
  askPasswordAgain?: boolean;
  misbehave?: Misbehaviour;
  /** server_msg of a FAIL. */
  failMessage?: string;
}

/** One session as the fixture decoded it. */
export interface FixtureSession {
  type: number;
  version: number;
  sessionId: number;
  /** Flags of the first packet. */
  flags: number;
  start?: TacacsAuthenStart;
  /** Where each CONTINUE carried its answer. */
  continues: { userMsg: string; data: string; flags: number }[];
  user?: string;
  /** The password the fixture revealed (PAP data or an ASCII CONTINUE). */
  password?: string;
  /** CHAP: the response matched MD5(id ‖ password ‖ challenge). */
  chapValid?: boolean;
  result?: "pass" | "fail" | "error" | "aborted";
  authorization?: TacacsAuthorRequest;
  /** An accounting REQUEST, and its AV pairs by name. */
  accounting?: TacacsAcctRequest & { pairs: Record<string, string> };
  /** Set when a body did not decode with the fixture's key. */
  undecodable?: string;
}

const text = (bytes: Uint8Array) => Buffer.from(bytes).toString("latin1");
const bytes = (value: string) => Uint8Array.from(Buffer.from(value, "latin1"));

export class TacacsFixture {
  readonly sessions: FixtureSession[] = [];
  /** TCP connections accepted. */
  connections = 0;
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    readonly port: number,
    readonly options: TacacsFixtureOptions,
  ) {}

  static async start(options: TacacsFixtureOptions): Promise<TacacsFixture> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const address = server.address();
    if (!address || typeof address === "string") throw new Error("fixture has no TCP address");
    const fixture = new TacacsFixture(server, address.port, options);
    server.on("connection", (socket) => fixture.accept(socket));
    return fixture;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(socket: Socket): void {
    this.connections++;
    this.sockets.add(socket);
    socket.on("close", () => this.sockets.delete(socket));
    socket.on("error", () => {});
    let buffer = Buffer.alloc(0);
    let session: FixtureSession | null = null;
    socket.on("data", (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      for (;;) {
        const header = tacacsHeaderDecode(buffer);
        if (typeof header === "string" || buffer.length < TACACS_HEADER_LENGTH + header.length) return;
        const body = tacacsObfuscate(header, buffer.subarray(TACACS_HEADER_LENGTH, TACACS_HEADER_LENGTH + header.length), this.options.key);
        buffer = buffer.subarray(TACACS_HEADER_LENGTH + header.length);
        if (!session) {
          session = { type: header.type, version: header.version, sessionId: header.sessionId, flags: header.flags, continues: [] };
          this.sessions.push(session);
        }
        this.packet(socket, session, header, body);
      }
    });
  }

  private packet(socket: Socket, session: FixtureSession, header: TacacsHeader, body: Uint8Array): void {
    const mode = this.options.misbehave;
    if (mode === "silent") return;
    if (mode === "hang-up") return void socket.destroy();
    const reply =
      header.type === TACACS_AUTHORIZATION
        ? this.authorization(session, body)
        : header.type === TACACS_ACCOUNTING
          ? this.accounting(session, body)
          : this.authentication(session, header, body);
    if (reply) socket.write(this.encode(header, reply));
  }

  private authentication(session: FixtureSession, header: TacacsHeader, body: Uint8Array): Uint8Array | null {
    const status = (s: number, serverMsg = "", flags = 0) =>
      tacacsAuthenReplyEncode({ status: s, flags, serverMsg: bytes(serverMsg), data: new Uint8Array(0) });
    const finish = (pass: boolean) => {
      session.result = pass ? "pass" : "fail";
      return pass ? status(TACACS_AUTHEN_STATUS_PASS, "Welcome") : status(TACACS_AUTHEN_STATUS_FAIL, this.options.failMessage ?? "");
    };
    if (header.seqNo === 1) {
      const start = tacacsAuthenStartDecode(body);
      // RFC 8907 §4.5: a server whose key does not match MUST answer ERROR.
      if (typeof start === "string") return this.undecodable(session, start, status(TACACS_AUTHEN_STATUS_ERROR));
      session.start = start;
      if (start.user.length) session.user = text(start.user);
      if (this.options.authenticationError) {
        session.result = "error";
        return status(TACACS_AUTHEN_STATUS_ERROR);
      }
      const expected = session.user === undefined ? undefined : this.options.users[session.user];
      if (start.authenType === TACACS_AUTHEN_TYPE_PAP) {
        session.password = text(start.data);
        return finish(expected !== undefined && session.password === expected);
      }
      if (start.authenType === TACACS_AUTHEN_TYPE_CHAP) {
        // RFC 8907 §5.4.2.3: id (1) ‖ challenge ‖ response (16).
        const id = start.data[0];
        const challenge = start.data.subarray(1, start.data.length - 16);
        const response = start.data.subarray(start.data.length - 16);
        session.chapValid = start.data.length > 17 && expected !== undefined && Buffer.from(chapResponse(id, expected, challenge)).equals(response);
        return finish(session.chapValid);
      }
      if (start.authenType !== TACACS_AUTHEN_TYPE_ASCII) return finish(false);
      if (session.user === undefined || this.options.alwaysAskUser) return status(TACACS_AUTHEN_STATUS_GETUSER, "Username: ");
      return status(TACACS_AUTHEN_STATUS_GETPASS, "Password: ", TACACS_REPLY_FLAG_NOECHO);
    }
    const next = tacacsAuthenContinueDecode(body);
    if (typeof next === "string") return this.undecodable(session, next, status(TACACS_AUTHEN_STATUS_ERROR));
    session.continues.push({ userMsg: text(next.userMsg), data: text(next.data), flags: next.flags });
    if (next.flags & TACACS_CONTINUE_FLAG_ABORT) {
      session.result = "aborted";
      return null;
    }
    // RFC 8907 §5.4.2.1: the answer is in user_msg. Asked in order: the user (if needed), then the password.
    if (session.continues.length === 1 && (session.user === undefined || this.options.alwaysAskUser)) {
      session.user = text(next.userMsg);
      return status(TACACS_AUTHEN_STATUS_GETPASS, "Password: ", TACACS_REPLY_FLAG_NOECHO);
    }
    session.password = text(next.userMsg);
    const expected = session.user === undefined ? undefined : this.options.users[session.user];
    const good = expected !== undefined && session.password === expected;
    if (!good && this.options.askPasswordAgain) return status(TACACS_AUTHEN_STATUS_GETPASS, "Password again: ", TACACS_REPLY_FLAG_NOECHO);
    return finish(good);
  }

  private authorization(session: FixtureSession, body: Uint8Array): Uint8Array {
    const request = tacacsAuthorRequestDecode(body);
    const none = { serverMsg: new Uint8Array(0), data: new Uint8Array(0), args: [] };
    if (typeof request === "string") return this.undecodable(session, request, tacacsAuthorResponseEncode({ ...none, status: TACACS_AUTHOR_STATUS_ERROR }));
    session.authorization = request;
    session.user = text(request.user);
    const answer = this.options.authorize?.(request) ?? { status: TACACS_AUTHOR_STATUS_PASS_ADD };
    return tacacsAuthorResponseEncode({ ...none, status: answer.status, args: answer.args ?? [], serverMsg: bytes(answer.serverMsg ?? "") });
  }

  private accounting(session: FixtureSession, body: Uint8Array): Uint8Array {
    const request = tacacsAcctRequestDecode(body);
    const reply = (status: number) => tacacsAcctReplyEncode({ status, serverMsg: new Uint8Array(0), data: new Uint8Array(0) });
    if (typeof request === "string") return this.undecodable(session, request, reply(TACACS_ACCT_STATUS_ERROR));
    const pairs: Record<string, string> = {};
    for (const arg of request.args) {
      const at = arg.search(/[=*]/);
      if (at > 0) pairs[arg.slice(0, at)] = arg.slice(at + 1);
    }
    session.accounting = { ...request, pairs };
    session.user = text(request.user);
    return reply(TACACS_ACCT_STATUS_SUCCESS);
  }

  private undecodable(session: FixtureSession, reason: string, reply: Uint8Array): Uint8Array {
    session.undecodable = reason;
    session.result = "error";
    return reply;
  }

  // A reply keeps version, type and session_id and takes the next seq_no (RFC 8907 §4.1), unless told to break one of them.
  private encode(request: TacacsHeader, body: Uint8Array): Uint8Array {
    const mode = this.options.misbehave;
    const header = {
      version: mode === "wrong-version" ? request.version ^ 1 : request.version,
      type: request.type,
      seqNo: mode === "wrong-seq-no" ? request.seqNo + 3 : request.seqNo + 1,
      flags: mode === "unencrypted" ? TACACS_FLAG_UNENCRYPTED : 0,
      sessionId: mode === "wrong-session-id" ? (request.sessionId + 1) >>> 0 : request.sessionId,
    };
    // Lengths inside the body that no longer add up to the header's: what a client sees from a corrupt server.
    const sent = mode === "bad-lengths" ? Uint8Array.from([...body, 0]) : body;
    return tacacsPacketEncode(header, sent, this.options.key);
  }
}
