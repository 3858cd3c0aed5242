// One ARAP session above the line's MNP link, as server (the access server) or client (the
// simulator's Macintosh): the version exchange, the DES challenge and response in both
// directions (arap-auth.ts), on the server the feature flags and then either the callback
// notice (the line drops and the client is called back, RFC 2869 §2.2) or the start
// information and zone list; then the session, which carries AppleTalk datagrams. Each
// control message is acknowledged by an Ack with its sequence number; a peer that
// acknowledges nothing for ARAP_ACK_WAIT_MS is gone. The message encoding is dialback's own
// (wire/arap-message.ts, PROVISIONAL); the order is RFC 2869's.
//
// The session reports to its owner (ArapOwner, past tense) and never touches the link: the
// owner carries its packets (line/arap-link.ts). Here are the calls the owner makes (open,
// link up and down, the stream in, timers, datagrams) and the dispatch of each control message
// to its role: arap-server.ts answers a call, arap-client.ts places one. The record is in
// arap-session-state.ts, what the session sends and how it closes in arap-control.ts, its
// trace lines in arap-trace.ts.

import {
  ArapCode, ArapCloseReason, arapAssemblerRestart, arapAssemble, arapControlParse, arapIsData, arapVersionsPut, ARAP_PACKET_MAX, ARAP_CHANNEL_DATA,
} from "../wire/arap-message";
import {
  ArapSession, ArapRole, ArapState, ARAP_OUR_LOWEST, ARAP_OUR_HIGHEST, ARAP_REPLY_WAIT_MS, ARAP_ACK_WAIT_MS, ARAP_TICKLE_MS, CLEARED_FROM,
  CLEARED_TO, EXTRA_BYTES, arapSessionBytes, arapSessionWipe,
} from "./arap-session-state";
import { arapTraceMessage, arapTraceNote } from "./arap-trace";
import { arapControlBody, arapControlSend, arapControlEmpty, arapControlAck, arapControlClose, arapControlBad } from "./arap-control";
import { arapServerIn, arapServerJudged } from "./arap-server";
import { arapClientIn } from "./arap-client";

// ---- Opening ----

/** Opens the session as `role` at `now`: it waits for the owner's arapSessionLinkUp. A client's credentials are set by arapSessionClientCredentials first. */
export function arapSessionOpen(s: ArapSession, role: ArapRole, now: f64): void {
  memory.fill(changetype<usize>(s) + CLEARED_FROM, 0, CLEARED_TO - CLEARED_FROM);
  memory.fill(arapSessionBytes(s, 0), 0, <usize>EXTRA_BYTES);
  arapAssemblerRestart(s.assembler);
  s.role = role;
  s.state = ArapState.Link;
  s.waitingSince = -1;
  s.deadline = -1;
  s.lastSent = now;
  if (role != ArapRole.Client) {
    memory.fill(s.secret, 0, 64); // a server keeps no secret of its own here
    s.secretLen = 0;
  }
}

/** The MNP link reached its data phase: the server speaks first. */
export function arapSessionLinkUp(s: ArapSession, now: f64): void {
  if (s.state != ArapState.Link) return;
  s.state = ArapState.Version;
  s.deadline = now + ARAP_REPLY_WAIT_MS;
  if (s.role != ArapRole.Server) return;
  const body = arapControlBody(s, ArapCode.SrvrVersion);
  arapControlSend(s, ArapCode.SrvrVersion, arapVersionsPut(body, ARAP_OUR_LOWEST, ARAP_OUR_HIGHEST, true), now);
}

/** The MNP link (or the line) went down under the session. */
export function arapSessionLinkDown(s: ArapSession, now: f64): void {
  if (s.state == ArapState.Closing) {
    s.state = ArapState.Closed;
    return;
  }
  arapControlClose(s, ArapCloseReason.LinkLost, now);
  s.state = ArapState.Closed;
}

/** The owner has ended the link after `closing`: the session is over. */
export function arapSessionEnded(s: ArapSession): void {
  s.state = ArapState.Closed;
  s.deadline = -1;
  arapSessionWipe(s);
}

/** Ends an open (or opening) session from our side. */
export function arapSessionClose(s: ArapSession, reason: ArapCloseReason, now: f64): void {
  arapControlClose(s, reason, now);
}

// ---- Receiving ----

/** Octets of the stream from the link; every complete packet is handled in order. */
export function arapSessionStreamIn(s: ArapSession, src: usize, len: i32, now: f64): void {
  let at = 0;
  while (at < len && s.state != ArapState.Closed && s.state != ArapState.Closing) {
    at += arapAssemble(s.assembler, src + <usize>at, len - at);
    if (s.assembler.broken != 0) {
      s.badPackets++;
      arapTraceNote(s, "stream out of step (bad packet length)");
      arapControlClose(s, ArapCloseReason.ProtocolError, now);
      return;
    }
    if (s.assembler.packetReady != 0) packetIn(s, s.assembler.buf, s.assembler.packetLen, now);
  }
}

function packetIn(s: ArapSession, packet: usize, len: u32, now: f64): void {
  if (arapIsData(packet, len)) {
    if (s.state != ArapState.Open) {
      s.badPackets++; // a datagram before the session is up: dropped
      return;
    }
    s.datagramsIn++;
    s.owner.datagramIn(s, packet + 1, <i32>len - 1);
    return;
  }
  const c = s.control;
  if (!arapControlParse(packet, len, c)) {
    arapControlBad(s, now);
    return;
  }
  arapTraceMessage(s, false, c.code, c.seq, len);
  if (c.code == ArapCode.Ack) {
    ackIn(s, c.seq, now);
    return;
  }
  arapControlAck(s, c.seq, now);
  if (c.code == ArapCode.Close) {
    arapControlClose(s, ArapCloseReason.PeerClosed, now);
    return;
  }
  if (c.code == ArapCode.Tickle) return;
  if (s.role == ArapRole.Server) arapServerIn(s, c, now);
  else arapClientIn(s, c, now);
}

// Every control message up to `seq` has arrived.
function ackIn(s: ArapSession, seq: u32, now: f64): void {
  const last = (s.seqOut - 1) & 0xff;
  const ahead = (last - seq) & 0xff;
  const outstanding = (last - s.ackedUpTo) & 0xff;
  if (ahead > outstanding) return; // acknowledges nothing we sent lately
  s.ackedUpTo = seq;
  s.waitingSince = seq == last ? -1 : now;
}

// ---- Time and data ----

/** Runs the session's timers; returns its next deadline or -1. */
export function arapSessionTick(s: ArapSession, now: f64): f64 {
  if (s.state == ArapState.Closed || s.state == ArapState.Closing || s.state == ArapState.Link) return -1;
  if (s.deadline >= 0 && now >= s.deadline) {
    if (s.state == ArapState.AuthWait) {
      arapTraceNote(s, "no answer from the AAA server");
      arapServerJudged(s, false, now);
    } else arapControlClose(s, ArapCloseReason.Timeout, now);
    if (s.state == ArapState.Closing || s.state == ArapState.Closed) return -1;
  }
  if (s.waitingSince >= 0 && now - s.waitingSince >= ARAP_ACK_WAIT_MS) {
    arapTraceNote(s, "the peer acknowledges nothing");
    arapControlClose(s, ArapCloseReason.Timeout, now);
    return -1;
  }
  if (s.state == ArapState.Open && now - s.lastSent >= ARAP_TICKLE_MS) arapControlEmpty(s, ArapCode.Tickle, now);
  let next = s.deadline;
  if (s.waitingSince >= 0) {
    const ack = s.waitingSince + ARAP_ACK_WAIT_MS;
    if (next < 0 || ack < next) next = ack;
  }
  if (s.state == ArapState.Open) {
    const tickle = s.lastSent + ARAP_TICKLE_MS;
    if (next < 0 || tickle < next) next = tickle;
  }
  return next;
}

/** Sends one AppleTalk datagram on an open session; false when it is not open, too long, or not queued. */
export function arapSessionDatagramOut(s: ArapSession, datagram: usize, len: i32, now: f64): bool {
  if (s.state != ArapState.Open || len <= 0 || <u32>len + 1 > ARAP_PACKET_MAX) return false;
  store<u8>(s.out, <u8>((len + 1) >>> 8));
  store<u8>(s.out, <u8>(len + 1), 1);
  store<u8>(s.out, ARAP_CHANNEL_DATA, 2);
  memory.copy(s.out + 3, datagram, <usize>len);
  s.lastSent = now;
  return s.owner.packetOut(s, s.out, len + 3);
}
