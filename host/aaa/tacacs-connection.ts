// One TCP connection carrying one TACACS+ session (RFC 8907 §4.3 without Single Connection Mode:
// the connection closes with the session, §4.4). Sends obfuscated packets and hands back the
// revealed body of the reply that matches the session; anything else, a timeout or a closed
// connection comes back as a reason naming no key, password or body content.

import { createConnection, type Socket } from "node:net";
import { randomBytes } from "node:crypto";
import {
  TACACS_FLAG_UNENCRYPTED,
  TACACS_HEADER_LENGTH,
  tacacsHeaderDecode,
  tacacsObfuscate,
  tacacsPacketEncode,
  type TacacsHeader,
} from "./tacacs-codec.ts";
import type { TacacsServer } from "./tacacs-client.ts";

export type TacacsExchange = { body: Uint8Array } | { error: string };

// RFC 8907 §4.1: seq_no never wraps; a session that would pass 255 must end.
const MAX_SEQ_NO = 255;

export class TacacsConnection {
  private readonly socket: Socket;
  private readonly timer: NodeJS.Timeout;
  private received = Buffer.alloc(0);
  private waiting: { seqNo: number; resolve: (reply: TacacsExchange) => void } | null = null;
  /** Set once the connection is unusable; every later exchange gets it. */
  private failure: string | null = null;
  /** A last packet is being flushed; its write callback closes the socket. */
  private ending = false;
  /** RFC 8907 §4.1: cryptographically strong random, one per session. */
  readonly sessionId = randomBytes(4).readUInt32BE(0);

  /** Connects at once; the whole session, connect included, must finish within `timeoutMs`. */
  constructor(
    private readonly server: TacacsServer,
    private readonly type: number,
    private readonly version: number,
    timeoutMs: number,
  ) {
    this.socket = createConnection({ host: server.host, port: server.port });
    this.socket.setNoDelay(true);
    this.socket.on("data", (chunk: Buffer) => this.arrived(chunk));
    this.socket.on("error", (err: NodeJS.ErrnoException) => this.fail(`connection error ${err.code ?? err.name}`));
    this.socket.on("close", () => this.fail("connection closed by the server"));
    this.timer = setTimeout(() => this.fail(`no answer within ${timeoutMs} ms`), timeoutMs);
  }

  /** Sends the packet with `seqNo` and resolves with the body of the reply numbered seqNo + 1; never rejects. */
  exchange(seqNo: number, body: Uint8Array): Promise<TacacsExchange> {
    if (this.failure) return Promise.resolve({ error: this.failure });
    if (this.waiting) return Promise.resolve({ error: "an exchange is already waiting" });
    if (seqNo + 1 > MAX_SEQ_NO) return Promise.resolve({ error: `seq_no ${seqNo + 1} would pass ${MAX_SEQ_NO}` });
    return new Promise((resolve) => {
      this.waiting = { seqNo: seqNo + 1, resolve };
      this.socket.write(this.packet(seqNo, body));
      this.parse();
    });
  }

  /** Sends a last packet that wants no reply (a CONTINUE with the abort flag), then closes. */
  sendAndClose(seqNo: number, body: Uint8Array): void {
    if (this.failure) return;
    this.failure = "session ended by the client";
    this.ending = true;
    clearTimeout(this.timer);
    this.socket.write(this.packet(seqNo, body), () => this.socket.destroy());
  }

  /** Ends the session; a waiting exchange resolves with `reason`. */
  close(reason = "session closed by the client"): void {
    this.fail(reason);
  }

  private packet(seqNo: number, body: Uint8Array): Uint8Array {
    // RFC 8907 §4.5: obfuscation always on; §4.1: no single-connect flag, one session per connection.
    return tacacsPacketEncode({ version: this.version, type: this.type, seqNo, flags: 0, sessionId: this.sessionId }, body, this.server.key);
  }

  private arrived(chunk: Buffer): void {
    this.received = Buffer.concat([this.received, chunk]);
    this.parse();
  }

  private parse(): void {
    if (!this.waiting || this.received.length < TACACS_HEADER_LENGTH) return;
    const header = tacacsHeaderDecode(this.received);
    if (typeof header === "string") return this.fail(`bad reply header: ${header}`);
    const mismatch = this.mismatch(header, this.waiting.seqNo);
    if (mismatch) return this.fail(`bad reply header: ${mismatch}`);
    if (this.received.length < TACACS_HEADER_LENGTH + header.length) return;
    const obfuscated = this.received.subarray(TACACS_HEADER_LENGTH, TACACS_HEADER_LENGTH + header.length);
    const body = tacacsObfuscate(header, obfuscated, this.server.key);
    this.received = this.received.subarray(TACACS_HEADER_LENGTH + header.length);
    const { resolve } = this.waiting;
    this.waiting = null;
    resolve({ body });
  }

  // RFC 8907 §4.1: a reply keeps our version, type and session_id and carries the next seq_no.
  private mismatch(header: TacacsHeader, seqNo: number): string | null {
    if (header.version !== this.version) return `version 0x${header.version.toString(16)}, sent 0x${this.version.toString(16)}`;
    if (header.type !== this.type) return `type ${header.type}, sent ${this.type}`;
    if (header.seqNo !== seqNo) return `seq_no ${header.seqNo}, expected ${seqNo}`;
    if (header.sessionId !== this.sessionId) return "session_id is not ours";
    // RFC 8907 §4.5: the unobfuscated mode MUST NOT be used; a reply in clear is refused.
    if (header.flags & TACACS_FLAG_UNENCRYPTED) return "unobfuscated (TAC_PLUS_UNENCRYPTED_FLAG set)";
    return null;
  }

  private fail(reason: string): void {
    if (!this.failure) this.failure = reason;
    clearTimeout(this.timer);
    if (!this.ending) this.socket.destroy();
    const waiting = this.waiting;
    this.waiting = null;
    waiting?.resolve({ error: this.failure });
  }
}
