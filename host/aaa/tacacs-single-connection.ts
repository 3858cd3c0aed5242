// `tacacs-server host H single-connection` (RFC 8907 §4.3): one TCP connection to the server
// carries every session, told apart by session_id, each packet with TAC_PLUS_SINGLE_CONNECT_FLAG.
// The server agrees by setting the flag in its reply; until it has, sessions get their own
// connections (the first one asks), and a server that does not agree keeps them that way.

import type { AaaIo, AaaTimer, TcpStream } from "./aaa-io.ts";
import {
  TACACS_FLAG_SINGLE_CONNECT,
  TACACS_HEADER_LENGTH,
  tacacsHeaderDecode,
  tacacsObfuscate,
  tacacsPacketEncode,
} from "./tacacs-codec.ts";
import {
  MAX_SEQ_NO,
  TacacsConnection,
  tacacsReplyMismatch,
  tacacsSessionId,
  type TacacsExchange,
  type TacacsServer,
  type TacacsSession,
} from "./tacacs-connection.ts";

type Mode = "unknown" | "asking" | "single" | "refused";

/** Opens sessions to one server: on the shared connection once the server agreed, else on their own. */
export class TacacsSessionOpener {
  private mode: Mode;
  private shared: SharedConnection | null = null;

  constructor(
    private readonly server: TacacsServer,
    private readonly io: AaaIo,
    private readonly local?: string,
  ) {
    this.mode = server.singleConnection ? "unknown" : "refused";
  }

  /** Whether sessions now share one connection (the server agreed). */
  get single(): boolean {
    return this.mode === "single";
  }

  open(type: number, version: number, timeoutMs: number): TacacsSession {
    if (this.mode === "refused" || this.mode === "asking") return new TacacsConnection(this.server, type, version, timeoutMs, this.io, this.local);
    if (!this.shared || this.shared.failed) {
      this.shared = new SharedConnection(this.server, this.io, this.local, (agreed) => this.answered(agreed));
      if (this.mode === "single") this.shared.agreed = true;
    }
    if (this.mode === "unknown") this.mode = "asking";
    return this.shared.session(type, version, timeoutMs);
  }

  close(): void {
    this.shared?.destroy("TACACS+ client closed");
    this.shared = null;
  }

  // RFC 8907 §4.3: the server's first reply says whether it will keep the connection for more sessions (null: it never said).
  private answered(agreed: boolean | null): void {
    if (this.mode !== "asking") return;
    this.mode = agreed === null ? "unknown" : agreed ? "single" : "refused";
  }
}

/**
 * The openers of a client set, one per server, key and source address: with `single-connection`
 * authentication, authorization and accounting sessions share the server's one connection.
 */
export class TacacsOpeners {
  private readonly openers = new Map<string, TacacsSessionOpener>();

  constructor(private readonly io: AaaIo) {}

  of(server: TacacsServer, local?: string): TacacsSessionOpener {
    const key = JSON.stringify([server.host, server.port, server.key, server.singleConnection === true, local ?? null]);
    let opener = this.openers.get(key);
    if (!opener) {
      opener = new TacacsSessionOpener(server, this.io, local);
      this.openers.set(key, opener);
    }
    return opener;
  }

  close(): void {
    for (const opener of this.openers.values()) opener.close();
    this.openers.clear();
  }
}

interface Waiting {
  seqNo: number;
  resolve: (reply: TacacsExchange) => void;
}

class SharedSession implements TacacsSession {
  readonly sessionId: number;
  waiting: Waiting | null = null;
  failure: string | null = null;
  private readonly timer: AaaTimer;

  constructor(
    private readonly connection: SharedConnection,
    readonly type: number,
    readonly version: number,
    timeoutMs: number,
    io: AaaIo,
  ) {
    this.sessionId = tacacsSessionId(io);
    // A server silent past the session's time is taken as gone: the connection goes with it.
    this.timer = io.after(timeoutMs, () => connection.destroy(`no answer within ${timeoutMs} ms`));
  }

  exchange(seqNo: number, body: Uint8Array): Promise<TacacsExchange> {
    if (this.failure) return Promise.resolve({ error: this.failure });
    if (this.waiting) return Promise.resolve({ error: "an exchange is already waiting" });
    if (seqNo + 1 > MAX_SEQ_NO) return Promise.resolve({ error: `seq_no ${seqNo + 1} would pass ${MAX_SEQ_NO}` });
    return new Promise((resolve) => {
      this.waiting = { seqNo: seqNo + 1, resolve };
      this.connection.send(this, seqNo, body);
    });
  }

  sendAndClose(seqNo: number, body: Uint8Array): void {
    if (this.failure) return;
    this.connection.send(this, seqNo, body);
    this.end("session ended by the client");
  }

  close(reason = "session closed by the client"): void {
    this.end(reason);
  }

  /** Ends the session (its waiting exchange gets `reason`); the shared connection stays. */
  end(reason: string): void {
    if (!this.failure) this.failure = reason;
    this.timer.cancel();
    this.connection.forget(this);
    const waiting = this.waiting;
    this.waiting = null;
    waiting?.resolve({ error: this.failure });
  }
}

class SharedConnection {
  private readonly stream: TcpStream;
  private readonly sessions = new Map<number, SharedSession>();
  private received = Buffer.alloc(0);
  failed = false;
  /** The server set the single-connect flag in a reply. */
  agreed = false;
  private heard = false;

  constructor(
    private readonly server: TacacsServer,
    private readonly io: AaaIo,
    local: string | undefined,
    private readonly answered: (agreed: boolean | null) => void,
  ) {
    this.stream = io.tcp(server.host, server.port, local);
    this.stream.onData((chunk) => this.arrived(chunk));
    this.stream.onEnd((code) => this.destroy(code ? `connection error ${code}` : "connection closed by the server"));
  }

  session(type: number, version: number, timeoutMs: number): TacacsSession {
    const session = new SharedSession(this, type, version, timeoutMs, this.io);
    if (this.failed) session.end("connection closed");
    else this.sessions.set(session.sessionId, session);
    return session;
  }

  send(session: SharedSession, seqNo: number, body: Uint8Array): void {
    if (this.failed) return;
    const header = { version: session.version, type: session.type, seqNo, flags: TACACS_FLAG_SINGLE_CONNECT, sessionId: session.sessionId };
    this.stream.write(tacacsPacketEncode(header, body, this.server.key));
  }

  forget(session: SharedSession): void {
    if (this.sessions.get(session.sessionId) === session) this.sessions.delete(session.sessionId);
    // A server that did not agree closes after the session (§4.3); so do we.
    if (this.heard && !this.agreed && this.sessions.size === 0) this.destroy("session over");
  }

  destroy(reason: string): void {
    if (this.failed) return;
    this.failed = true;
    this.stream.destroy();
    if (!this.heard) this.answered(null);
    for (const session of [...this.sessions.values()]) session.end(reason);
    this.sessions.clear();
  }

  private arrived(chunk: Uint8Array): void {
    this.received = Buffer.concat([this.received, chunk]);
    while (!this.failed && this.received.length >= TACACS_HEADER_LENGTH) {
      const header = tacacsHeaderDecode(this.received);
      if (typeof header === "string") return this.destroy(`bad reply header: ${header}`);
      if (this.received.length < TACACS_HEADER_LENGTH + header.length) return;
      const obfuscated = this.received.subarray(TACACS_HEADER_LENGTH, TACACS_HEADER_LENGTH + header.length);
      this.received = this.received.subarray(TACACS_HEADER_LENGTH + header.length);
      const session = this.sessions.get(header.sessionId);
      // A reply for a session that has ended (it timed out, or the client aborted it) is dropped.
      if (!session?.waiting) continue;
      if (!this.heard) {
        this.heard = true;
        this.agreed = (header.flags & TACACS_FLAG_SINGLE_CONNECT) !== 0;
        this.answered(this.agreed);
      }
      const mismatch = tacacsReplyMismatch(header, session, session.waiting.seqNo);
      if (mismatch) {
        session.end(`bad reply header: ${mismatch}`);
        continue;
      }
      const { resolve } = session.waiting;
      session.waiting = null;
      resolve({ body: tacacsObfuscate(header, obfuscated, this.server.key) });
    }
  }
}
