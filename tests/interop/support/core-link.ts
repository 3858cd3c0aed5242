// Wires one dialback core line to a byte stream (a guest's ttyS1): received bytes go to
// core.rxPush, the core's transmit ring goes back out, and core.tick runs at each deadline
// the core asks for. Optionally records both directions in a LineCapture, and lets a tamper
// rewrite each whole frame from the peer on its way in (a man in the middle).

import type { Duplex } from "node:stream";
import type { Clock } from "../../../host/core/clock.ts";
import type { Core, CoreEvent } from "../../../host/core/core.ts";
import type { LineCapture } from "../../../host/trace/capture.ts";
import { Deframer } from "../../../host/trace/deframe.ts";
import { hdlcFrame } from "../../support/hdlc.ts";
import type { FrameTamper } from "./tamper.ts";

export interface CoreLinkOptions {
  stream: Duplex;
  core: Core;
  line: number;
  clock: Clock;
  capture?: LineCapture;
  /** Every event the core emits while linked (any line), in order. */
  onEvent?: (event: CoreEvent) => void;
  /**
   * Keep what the core sends until the peer has sent something (default true). A guest tty
   * that pppd has not yet opened and set raw echoes what arrives on it, so early bytes
   * come back as garbage (seen with two pppds); pppd's first frame says it is listening.
   */
  holdUntilPeerSpeaks?: boolean;
  /**
   * Sees each good frame from the peer (FCS checked) and returns the frame the core gets,
   * framed again. Without it the peer's bytes reach the core exactly as they came.
   */
  tamper?: FrameTamper;
}

export interface CoreLink {
  /** Sends whatever the core has queued on the line now (call after core.frameSend). */
  flush(): void;
  /** Bytes the core refused (its event ring stayed full); should stay 0. */
  readonly refusedBytes: number;
  /** With a tamper: runts, bad-FCS frames, aborts and bytes outside frames from the peer, not passed on. */
  readonly droppedNonFrames: number;
  /** Detaches from the stream and stops ticking. */
  stop(): void;
}

export function linkCoreLine(options: CoreLinkOptions): CoreLink {
  const { stream, core, line, clock, capture, onEvent, tamper } = options;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let refusedBytes = 0;
  let droppedNonFrames = 0;
  const deframer = tamper ? new Deframer() : undefined;
  let peerSpoke = options.holdUntilPeerSpeaks === false;
  const held: Uint8Array[] = [];

  const drainEvents = (): void => {
    for (const event of core.drainEvents()) onEvent?.(event);
  };
  const flush = (): void => {
    if (stopped) return;
    const out = core.txDrain(line);
    if (out.length > 0) held.push(out);
    if (!peerSpoke) return;
    for (const bytes of held.splice(0)) {
      capture?.sent(bytes);
      stream.write(bytes);
    }
  };
  const schedule = (): void => {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    timer = undefined;
    const next = core.tick(clock.now());
    drainEvents();
    flush();
    if (next !== null) timer = setTimeout(schedule, Math.max(0, next - clock.now()));
  };
  // The capture records what the core received: the peer's bytes as they came, or with a
  // tamper the frames it returned, framed again (what was not a good frame is not passed on).
  const deliver = (bytes: Uint8Array): void => {
    capture?.received(bytes);
    let offered = 0;
    let refusals = 0;
    while (offered < bytes.length) {
      const taken = core.rxPush(line, bytes.subarray(offered));
      drainEvents(); // makes room in the event ring for the rest
      offered += taken;
      refusals = taken === 0 ? refusals + 1 : 0;
      if (refusals === 2) {
        refusedBytes += bytes.length - offered; // refused even with an empty event ring
        break;
      }
    }
  };
  const onData = (bytes: Buffer): void => {
    peerSpoke = true;
    if (tamper && deframer) {
      deframer.push(
        bytes,
        (frame) => deliver(hdlcFrame(tamper(frame))),
        () => droppedNonFrames++,
      );
    } else {
      deliver(bytes);
    }
    schedule();
  };

  stream.on("data", onData);
  schedule();
  return {
    flush,
    get refusedBytes() {
      return refusedBytes;
    },
    get droppedNonFrames() {
      return droppedNonFrames;
    },
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      stream.off("data", onData);
    },
  };
}
