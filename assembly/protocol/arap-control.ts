// What a session sends of its own control messages: each numbered modulo 256 (the first one
// unacknowledged starts the Ack wait), the Ack of each one received, and the Close that ends
// the session. The owner carries the packets; one it cannot queue ends the session.

import { ArapCode, ArapCloseReason, arapControlBegin, arapPacketEnd, ARAP_LENGTH_BYTES } from "../wire/arap-message";
import { ArapSession, ArapState, arapSessionWipe } from "./arap-session-state";
import { arapTraceMessage } from "./arap-trace";

/** Starts our next numbered control message `code` in the out buffer; returns where its body goes. */
export function arapControlBody(s: ArapSession, code: ArapCode): usize {
  return arapControlBegin(s.out, s.seqOut, code);
}

// Sends the control packet whose body ends at `end`; a packet the owner cannot queue ends the session.
export function arapControlSend(s: ArapSession, code: ArapCode, end: usize, now: f64): void {
  const len = arapPacketEnd(s.out, end);
  const seq = s.seqOut;
  arapTraceMessage(s, true, code, seq, <u32>len - ARAP_LENGTH_BYTES);
  if (code != ArapCode.Ack) {
    s.seqOut = (s.seqOut + 1) & 0xff;
    if (s.waitingSince < 0) s.waitingSince = now;
  }
  s.lastSent = now;
  if (!s.owner.packetOut(s, s.out, len)) arapControlClose(s, ArapCloseReason.ProtocolError, now);
}

/** Sends a control message without a body (a Tickle). */
export function arapControlEmpty(s: ArapSession, code: ArapCode, now: f64): void {
  arapControlSend(s, code, arapControlBody(s, code), now);
}

/** Acknowledges the peer's control message `seq` (an Ack takes no number of its own). */
export function arapControlAck(s: ArapSession, seq: u32, now: f64): void {
  const body = arapControlBegin(s.out, seq, ArapCode.Ack);
  const len = arapPacketEnd(s.out, body);
  arapTraceMessage(s, true, ArapCode.Ack, seq, <u32>len - ARAP_LENGTH_BYTES);
  s.lastSent = now;
  s.owner.packetOut(s, s.out, len);
}

/** The session ends for `reason`: a Close goes out (unless the peer or the link ended it), then the owner hears `closing`. */
export function arapControlClose(s: ArapSession, reason: ArapCloseReason, now: f64): void {
  if (s.state == ArapState.Closed || s.state == ArapState.Closing) return;
  const tell = reason != ArapCloseReason.PeerClosed && reason != ArapCloseReason.LinkLost && s.state != ArapState.Link;
  s.state = ArapState.Closing;
  s.closeReason = reason;
  s.deadline = -1;
  arapSessionWipe(s);
  if (tell) {
    const body = arapControlBody(s, ArapCode.Close);
    store<u8>(body, <u8>reason);
    arapControlSend(s, ArapCode.Close, body + 1, now);
  }
  s.owner.closing(s, reason);
}

/** A packet malformed or out of turn: counted, and the session closes. */
export function arapControlBad(s: ArapSession, now: f64): void {
  s.badPackets++;
  arapControlClose(s, ArapCloseReason.ProtocolError, now);
}
