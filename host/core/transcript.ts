// A text transcript of what the core reports for one byte stream on one line: the
// format boards/wasm3-gateway/runner.c prints, so V8 and wasm3 runs compare line by line.
//   frame line=N proto=XXXX|none len=N hex=...        one per FrameReceived event
//   event line=N kind=N args=a0,a1,a2,a3 len=N        any other event
//   counters line=N rxBytes=N ... framesSent=N        line counters 0-11
//   globals poolExhausted=N ... badCalls=N            global counters 0-3

import { Core, CoreError, CoreEvent } from "./core.ts";
import { EventKind, GLOBAL_LINE } from "./abi.ts";

export const LINE_COUNTER_NAMES = [
  "rxBytes", "txBytes", "rxRefused", "txDropped", "framesGood", "badFcs",
  "runts", "oversize", "aborts", "outsideBytes", "deletedControls", "framesSent",
] as const;

export const GLOBAL_COUNTER_NAMES = ["poolExhausted", "eventsDropped", "imageRejected", "badCalls"] as const;

export interface TranscriptOptions {
  line: number;
  /** Bytes read from the stream at a time (the runner's --chunk). */
  chunk: number;
}

export function formatEvent(e: CoreEvent): string {
  if (e.kind === EventKind.FrameReceived) {
    const proto = e.args[0] < 0 ? "none" : e.args[0].toString(16).padStart(4, "0");
    return `frame line=${e.line} proto=${proto} len=${e.data.length} hex=${Buffer.from(e.data).toString("hex")}`;
  }
  return `event line=${e.line} kind=${e.kind} args=${e.args.join(",")} len=${e.data.length}`;
}

export function formatCounters(core: Core, line: number): string[] {
  const counters = LINE_COUNTER_NAMES.map((name, id) => `${name}=${core.counter(line, id)}`);
  const globals = GLOBAL_COUNTER_NAMES.map((name, id) => `${name}=${core.counter(GLOBAL_LINE, id)}`);
  return [`counters line=${line} ${counters.join(" ")}`, `globals ${globals.join(" ")}`];
}

/**
 * Initialises `core` with `image`, feeds `stream` to one line chunk by chunk through the
 * receive window (re-offering what the core refuses after draining events, as the runner
 * does) and returns the transcript, one line per entry, newline-terminated.
 */
export function transcript(core: Core, image: Uint8Array, stream: Uint8Array, options: TranscriptOptions): string {
  const { line, chunk } = options;
  core.init(image);
  const window = core.exports.rxBufferSize(line);
  if (core.exports.rxBuffer(line) === 0 || window <= 0) throw new CoreError(`line ${line} is not in the image`);
  const out: string[] = [];
  const drain = (): number => {
    let n = 0;
    for (const e of core.drainEvents()) {
      out.push(formatEvent(e));
      n++;
    }
    return n;
  };
  for (let at = 0; at < stream.length; at += chunk) {
    const piece = stream.subarray(at, Math.min(at + chunk, stream.length));
    let off = 0;
    let stalls = 0;
    while (off < piece.length) {
      const n = Math.min(window, piece.length - off);
      const taken = core.rxPush(line, piece.subarray(off, off + n));
      const drained = drain();
      stalls = taken === 0 && drained === 0 ? stalls + 1 : 0;
      if (stalls > 1) throw new CoreError(`the core takes no more input on line ${line}`);
      off += taken;
    }
  }
  drain();
  out.push(...formatCounters(core, line));
  return out.join("\n") + "\n";
}
