// One TCP connection carrying one TACACS+ session (RFC 8907 §4.3 without Single Connection Mode:
// the connection closes with the session, §4.4). Sends obfuscated packets and hands back the
// revealed body of the reply that matches the session; anything else, a timeout or a closed
// connection comes back as a reason naming no key, password or body content.

import type { AaaIo, AaaTimer, TcpStream } from "./aaa-io.ts";
import {
  TACACS_FLAG_UNENCRYPTED,
  TACACS_HEADER_LENGTH,
  tacacsHeaderDecode,
  tacacsObfuscate,
  tacacsPacketEncode,
  type TacacsHeader,
} from "./tacacs-codec.ts";

export interface TacacsServer {
  host: string;
  port: number;
  key: string;
  /** `tacacs-server host H single-connection`: sessions share one connection (RFC 8907 §4.3). */
  singleConnection?: boolean;
  /** `tacacs-server host H timeout S` (else the client's). */
  timeoutMs?: number;
}

export type TacacsExchange = { body: Uint8Array } | { error: string };

/** A TACACS+ session as the clients use it, on its own connection or on a shared one. */
export interface TacacsSession {
  readonly sessionId: number;
  /** Sends the packet with `seqNo` and resolves with the body of the reply numbered seqNo + 1; never rejects. */
  exchange(seqNo: number, body: Uint8Array): Promise<TacacsExchange>;
  /** Sends a last packet that wants no reply (a CONTINUE with the abort flag), then ends the session. */
  sendAndClose(seqNo: number, body: Uint8Array): void;
  /** Ends the session; a waiting exchange resolves with `reason`. */
  close(reason?: string): void;
}

// RFC 8907 §4.1: seq_no never wraps; a session that would pass 255 must end.
export const MAX_SEQ_NO = 255;

/** RFC 8907 §4.1: a reply keeps our version, type and session_id, carries the next seq_no, and (§4.5) is never in clear. */
export function tacacsReplyMismatch(header: TacacsHeader, sent: { version: number; type: number; sessionId: number }, seqNo: number): string | null {
  if (header.version !== sent.version) return `version 0x${header.version.toString(16)}, sent 0x${sent.version.toString(16)}`;
  if (header.type !== sent.type) return `type ${header.type}, sent ${sent.type}`;
  if (header.seqNo !== seqNo) return `seq_no ${header.seqNo}, expected ${seqNo}`;
  if (header.sessionId !== sent.sessionId) return "session_id is not ours";
  if (header.flags & TACACS_FLAG_UNENCRYPTED) return "unobfuscated (TAC_PLUS_UNENCRYPTED_FLAG set)";
  return null;
}

/** RFC 8907 §4.1: cryptographically strong random, one per session. */
export function tacacsSessionId(io: AaaIo): number {
  return Buffer.from(io.random(4)).readUInt32BE(0);
}

export class TacacsConnection implements TacacsSession {
  private readonly stream: TcpStream;
  private readonly timer: AaaTimer;
  private received = Buffer.alloc(0);
  private waiting: { seqNo: number; resolve: (reply: TacacsExchange) => void } | null = null;
  /** Set once the connection is unusable; every later exchange gets it. */
  private failure: string | null = null;
  /** A last packet is being flushed; its write callback closes the socket. */
  private ending = false;
  readonly sessionId: number;

  /** Connects at once; the whole session, connect included, must finish within `timeoutMs`. */
  constructor(
    private readonly server: TacacsServer,
    private readonly type: number,
    private readonly version: number,
    timeoutMs: number,
    io: AaaIo,
    local?: string,
  ) {
    this.sessionId = tacacsSessionId(io);
    this.stream = io.tcp(server.host, server.port, local);
    this.stream.onData((chunk) => this.arrived(chunk));
    this.stream.onEnd((code) => this.fail(code ? `connection error ${code}` : "connection closed by the server"));
    this.timer = io.after(timeoutMs, () => this.fail(`no answer within ${timeoutMs} ms`));
  }

  exchange(seqNo: number, body: Uint8Array): Promise<TacacsExchange> {
    if (this.failure) return Promise.resolve({ error: this.failure });
    if (this.waiting) return Promise.resolve({ error: "an exchange is already waiting" });
    if (seqNo + 1 > MAX_SEQ_NO) return Promise.resolve({ error: `seq_no ${seqNo + 1} would pass ${MAX_SEQ_NO}` });
    return new Promise((resolve) => {
      this.waiting = { seqNo: seqNo + 1, resolve };
      this.stream.write(this.packet(seqNo, body));
      this.parse();
    });
  }

  sendAndClose(seqNo: number, body: Uint8Array): void {
    if (this.failure) return;
    this.failure = "session ended by the client";
    this.ending = true;
    this.timer.cancel();
    this.stream.write(this.packet(seqNo, body), () => this.stream.destroy());
  }

  close(reason = "session closed by the client"): void {
    this.fail(reason);
  }

  private packet(seqNo: number, body: Uint8Array): Uint8Array {
    // RFC 8907 §4.5: obfuscation always on; §4.1: no single-connect flag, one session per connection.
    return tacacsPacketEncode({ version: this.version, type: this.type, seqNo, flags: 0, sessionId: this.sessionId }, body, this.server.key);
  }

  private arrived(chunk: Uint8Array): void {
    this.received = Buffer.concat([this.received, chunk]);
    this.parse();
  }

  private parse(): void {
    if (!this.waiting || this.received.length < TACACS_HEADER_LENGTH) return;
    const header = tacacsHeaderDecode(this.received);
    if (typeof header === "string") return this.fail(`bad reply header: ${header}`);
    const mismatch = tacacsReplyMismatch(header, { version: this.version, type: this.type, sessionId: this.sessionId }, this.waiting.seqNo);
    if (mismatch) return this.fail(`bad reply header: ${mismatch}`);
    if (this.received.length < TACACS_HEADER_LENGTH + header.length) return;
    const obfuscated = this.received.subarray(TACACS_HEADER_LENGTH, TACACS_HEADER_LENGTH + header.length);
    const body = tacacsObfuscate(header, obfuscated, this.server.key);
    this.received = this.received.subarray(TACACS_HEADER_LENGTH + header.length);
    const { resolve } = this.waiting;
    this.waiting = null;
    resolve({ body });
  }

  private fail(reason: string): void {
    if (!this.failure) this.failure = reason;
    this.timer.cancel();
    if (!this.ending) this.stream.destroy();
    const waiting = this.waiting;
    this.waiting = null;
    waiting?.resolve({ error: this.failure });
  }
}
