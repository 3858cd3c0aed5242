// The record of one ARAP session, shared by both roles and by the calls the owner makes
// (arap-session.ts): its states, the owner's table, the timers' values, and the memory carved
// per line at init (the record, then Cn, Cc, Rc, Rs and the peer's name and number; the packet
// and trace buffers where the owner says). It imports no role: arap-server.ts and
// arap-client.ts import this, and only arap-session.ts (the dispatcher) imports them.

import { arenaTake } from "../mem/arena";
import {
  ArapAssembler, ArapControl, ArapAuthRequestView, ArapStartView, arapAssemblerInit, ARAP_PACKET_MAX, ARAP_LENGTH_BYTES, ARAP_ZONE_MAX,
  ARAP_NUMBER_MAX, ARAP_VERSION_1, ARAP_VERSION_2,
} from "../wire/arap-message";

export const enum ArapRole {
  Server = 0,
  Client = 1,
}

export const enum ArapState {
  Closed = 0,
  Link = 1, // waiting for the MNP link's data phase
  Version = 2, // server: SRVRVERSION sent; client: waiting for it
  Auth = 3, // server: challenge out, waiting for the request; client: request out, waiting for the response
  AuthWait = 4, // server: the host (an AAA server) is asked
  Startup = 5, // client: authenticated, waiting for the start information and zone list
  Open = 6, // the session is up
  Closing = 7, // a Close went out or came in; the owner ends the link once it has left
}

/** What the owner decides once the server has authenticated the client. */
export const enum ArapNext {
  Continue = 0, // the session comes up
  Callback = 1, // the client is told it will be called back, then the line drops
  Refuse = 2, // not the user called back (a callback leg): the session ends
}

/** The lowest and highest versions we speak. */
export const ARAP_OUR_LOWEST: u32 = ARAP_VERSION_1;
export const ARAP_OUR_HIGHEST: u32 = ARAP_VERSION_2;
/** Wrong responses a server takes before it closes (IOS logins allow three tries). */
export const ARAP_TRIES: u32 = 3;
/** How long each side waits for the next message of the start-up. */
export const ARAP_REPLY_WAIT_MS: f64 = 30000;
/** How long the server waits for the host's AAA answer (as for logins and PPP). */
export const ARAP_AAA_WAIT_MS: f64 = 60000;
/** An unacknowledged control message older than this ends the session. */
export const ARAP_ACK_WAIT_MS: f64 = 30000;
/** An idle open session tickles its peer this often. */
export const ARAP_TICKLE_MS: f64 = 20000;

//  ArapOwner: what a session reports (past tense) and how it sends.
@unmanaged
export class ArapOwner {
  /** A whole packet (length prefix included) to carry to the peer; false when it could not be queued. */
  packetOut: (s: ArapSession, packet: usize, len: i32) => bool;
  /** Server, host modes: the host must answer (token) whether name ‖ Cn ‖ Cc ‖ Rc is right. */
  authRequested: (s: ArapSession, token: u32, name: usize, nameLen: u32, data: usize, dataLen: u32) => void;
  /** Server: the client's response was wrong (or refused); client: the server refused us. */
  authFailed: (s: ArapSession, name: usize, nameLen: u32, tries: u32) => void;
  /**
   * Server: the client proved `name` (the number it offered for a callback, possibly empty);
   * the answer decides what follows. Client: the server proved itself (the answer is ignored).
   */
  authSucceeded: (s: ArapSession, name: usize, nameLen: u32, number: usize, numberLen: u32) => ArapNext;
  /** Client: the server will call back after `waitSeconds`. */
  callbackNoticed: (s: ArapSession, waitSeconds: u32) => void;
  /** The session is up (server: start-up sent; client: zone list received). */
  opened: (s: ArapSession) => void;
  /** An AppleTalk datagram arrived. */
  datagramIn: (s: ArapSession, datagram: usize, len: i32) => void;
  /** The session is ending for `reason`; the owner ends the link once what was sent has left. */
  closing: (s: ArapSession, reason: u32) => void;
  /** One trace line (`TTY4 ARAP: O SRVRVERSION seq 0 len 8`). */
  trace: (s: ArapSession, text: usize, len: i32) => void;
}
/** Octets of one trace line (arap-trace.ts). */
export const ARAP_TRACE_BYTES: i32 = 96;

//  ArapSession: one line's ARAP session, carved at init.
@unmanaged
export class ArapSession {
  tty: u32;
  owner: ArapOwner;
  assembler: ArapAssembler;
  out: usize;
  control: ArapControl;
  request: ArapAuthRequestView;
  start: ArapStartView;
  traceBuf: usize;
  /** Server: what StartInfo and ZoneList say (set by the owner before opening). */
  network: u32;
  node: u32;
  zone: usize;
  zoneLen: u32;
  serverName: usize;
  serverNameLen: u32;
  keyLayout: u32;
  /** Client: who we are and the number we offer for a callback. */
  name: usize;
  nameLen: u32;
  secret: usize;
  secretLen: u32;
  number: usize;
  numberLen: u32;
  // Cleared by arapSessionOpen from here on.
  role: u32;
  state: u32;
  version: u32;
  seqOut: u32;
  /** Sequence number of the last of our control messages the peer acknowledged (seqOut - 1 when all are). */
  ackedUpTo: u32;
  /** When the oldest unacknowledged control message went out, -1 when none waits. */
  waitingSince: f64;
  deadline: f64;
  lastSent: f64;
  tries: u32;
  token: u32;
  closeReason: u32;
  /** Client: the server's notice that it will call back, and its wait. */
  callbackNotice: u32;
  callbackWait: u32;
  /** Client: what StartInfo said. */
  peerNetwork: u32;
  peerNode: u32;
  zonesSeen: u32;
  /** Server: the length of the client's name and of the number it offered (at PEER_NAME, PEER_NUMBER). */
  peerNameLen: u32;
  peerNumberLen: u32;
  // Counters (cleared at init only).
  datagramsIn: u32;
  badPackets: u32;
}

// Per session, after the record: Cn, Cc, Rc, Rs (8 each), the peer's name and number.
export const BLOCK_CN: usize = 0;
export const BLOCK_CC: usize = 8;
export const BLOCK_RC: usize = 16;
export const BLOCK_RS: usize = 24;
export const PEER_NAME: usize = 32;
export const PEER_NUMBER: usize = PEER_NAME + 32;
export const EXTRA_BYTES: i32 = <i32>(PEER_NUMBER + 32);

/** What arapSessionOpen clears of the record. */
export const CLEARED_FROM: usize = offsetof<ArapSession>("role");
export const CLEARED_TO: usize = offsetof<ArapSession>("datagramsIn");

// The session's buffers (packet being assembled, packet being built, trace line), in `buffers`.
const PACKET_IN_AT: usize = 0;
const PACKET_OUT_AT: usize = (PACKET_IN_AT + <usize>ARAP_PACKET_MAX + 7) & ~7;
const TRACE_AT: usize = (PACKET_OUT_AT + <usize>(ARAP_PACKET_MAX + ARAP_LENGTH_BYTES) + 7) & ~7;
/** Bytes of a session's buffers (8-aligned). */
export const ARAP_BUFFER_BYTES: i32 = <i32>((TRACE_AT + <usize>ARAP_TRACE_BYTES + 7) & ~7);

/**
 * Carves one session for `tty`, its buffers at `buffers` (ARAP_BUFFER_BYTES, 8-aligned): the
 * owner's to place, used only between arapSessionOpen and arapSessionEnded. Null when the
 * arena is exhausted.
 */
export function arapSessionCreate(tty: u32, owner: ArapOwner, buffers: usize): ArapSession | null {
  const at = arenaTake(offsetof<ArapSession>() + EXTRA_BYTES, 8);
  const assembler = arenaTake(offsetof<ArapAssembler>(), 4);
  const buf = buffers == 0 ? <usize>0 : buffers + PACKET_IN_AT;
  const out = buffers == 0 ? <usize>0 : buffers + PACKET_OUT_AT;
  const control = arenaTake(offsetof<ArapControl>(), 4);
  const request = arenaTake(offsetof<ArapAuthRequestView>(), 4);
  const start = arenaTake(offsetof<ArapStartView>(), 4);
  const traceBuf = buffers == 0 ? <usize>0 : buffers + TRACE_AT;
  const texts = arenaTake(<i32>(ARAP_ZONE_MAX * 2 + 32 + 64 + ARAP_NUMBER_MAX), 4);
  if (!at || !assembler || !buf || !out || !control || !request || !start || !traceBuf || !texts) return null;
  const s = changetype<ArapSession>(at);
  s.tty = tty;
  s.owner = owner;
  s.assembler = changetype<ArapAssembler>(assembler);
  arapAssemblerInit(s.assembler, buf, ARAP_PACKET_MAX);
  s.out = out;
  s.control = changetype<ArapControl>(control);
  s.request = changetype<ArapAuthRequestView>(request);
  s.start = changetype<ArapStartView>(start);
  s.traceBuf = traceBuf;
  s.zone = texts;
  s.serverName = texts + ARAP_ZONE_MAX;
  s.name = texts + 2 * ARAP_ZONE_MAX;
  s.secret = s.name + 32;
  s.number = s.secret + 64;
  s.state = ArapState.Closed;
  s.deadline = -1;
  return s;
}

/** Where the per-session octets at `at` (BLOCK_*, PEER_*) are, just past the record. */
export function arapSessionBytes(s: ArapSession, at: usize): usize {
  return changetype<usize>(s) + offsetof<ArapSession>() + at;
}

/** Secrets and challenges leave memory as soon as they are no longer needed. */
export function arapSessionWipe(s: ArapSession): void {
  memory.fill(arapSessionBytes(s, 0), 0, PEER_NAME);
  if (s.role == ArapRole.Client) memory.fill(s.secret, 0, 64);
}
