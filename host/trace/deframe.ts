// An RFC 1662 asynchronous HDLC receiver for traces: flags, 7D escapes, FCS-16 check. It
// is written apart from the core's decoder on purpose, so a trace can check the core.
// Every byte is accounted for: good frames, runts, bad FCS, aborts, bytes outside frames.

const FLAG = 0x7e;
const ESCAPE = 0x7d;
const FCS16_GOOD = 0xf0b8; // RFC 1662 §C.2: the FCS over a frame and its own FCS

const FCS16_TABLE = (() => {
  const table = new Uint16Array(256);
  for (let b = 0; b < 256; b++) {
    let v = b;
    for (let k = 0; k < 8; k++) v = v & 1 ? (v >>> 1) ^ 0x8408 : v >>> 1;
    table[b] = v;
  }
  return table;
})();

export function fcs16(bytes: Uint8Array, fcs = 0xffff): number {
  for (const b of bytes) fcs = (fcs >>> 8) ^ FCS16_TABLE[(fcs ^ b) & 0xff];
  return fcs;
}

export type DeframeIssueKind = "runt" | "badFcs" | "abort" | "oversize" | "outside";

export interface DeframeIssue {
  kind: DeframeIssueKind;
  /** The bytes concerned, unescaped for frames, raw for bytes outside frames. */
  bytes: Uint8Array;
}

export interface DeframeCounts {
  bytes: number;
  frames: number;
  runts: number;
  badFcs: number;
  aborts: number;
  oversize: number;
  outsideBytes: number;
  deletedControls: number;
}

export interface DeframerOptions {
  /** Receive ACCM: unescaped control octets set here were inserted by the link and are deleted (RFC 1662 §7.1). */
  accm?: number;
  /** Longest frame kept, address to FCS. */
  maxFrame?: number;
}

export class Deframer {
  private readonly accm: number;
  private readonly maxFrame: number;
  private hunting = true;
  private escaped = false;
  private discarding = false;
  private frame: number[] = [];
  private outside: number[] = [];
  readonly counts: DeframeCounts = { bytes: 0, frames: 0, runts: 0, badFcs: 0, aborts: 0, oversize: 0, outsideBytes: 0, deletedControls: 0 };

  constructor(options: DeframerOptions = {}) {
    this.accm = (options.accm ?? 0) >>> 0;
    this.maxFrame = options.maxFrame ?? 1600;
  }

  /** Bytes received before the first flag and not yet reported. */
  get pendingOutside(): number {
    return this.outside.length;
  }

  /** Octets of an unfinished frame (no closing flag yet). */
  get pendingFrameBytes(): number {
    return this.frame.length;
  }

  /** Feeds bytes; calls onFrame with each good frame (FCS removed) and onIssue with everything else. */
  push(bytes: Uint8Array, onFrame: (frame: Uint8Array) => void, onIssue: (issue: DeframeIssue) => void): void {
    for (const b of bytes) {
      this.counts.bytes++;
      if (this.hunting) {
        if (b === FLAG) {
          this.hunting = false;
          this.flushOutside(onIssue);
        } else {
          this.outside.push(b);
          this.counts.outsideBytes++;
        }
        continue;
      }
      if (b < 0x20 && (this.accm >>> b) & 1) {
        this.counts.deletedControls++;
        continue;
      }
      if (b === FLAG) {
        if (this.escaped) {
          this.counts.aborts++; // RFC 1662 §4.3: 7D 7E aborts the frame
          onIssue({ kind: "abort", bytes: Uint8Array.from(this.frame) });
          this.frame = [];
        } else if (!this.discarding) {
          this.close(onFrame, onIssue);
        }
        this.escaped = false;
        this.discarding = false;
        this.frame = [];
        continue;
      }
      if (this.discarding) continue;
      let v = b;
      if (this.escaped) {
        v = b ^ 0x20;
        this.escaped = false;
      } else if (b === ESCAPE) {
        this.escaped = true;
        continue;
      }
      if (this.frame.length >= this.maxFrame) {
        this.counts.oversize++;
        onIssue({ kind: "oversize", bytes: Uint8Array.from(this.frame) });
        this.frame = [];
        this.discarding = true;
        continue;
      }
      this.frame.push(v);
    }
  }

  /** Reports bytes still outside any frame (call at the end of a capture). */
  finish(onIssue: (issue: DeframeIssue) => void): void {
    this.flushOutside(onIssue);
  }

  private flushOutside(onIssue: (issue: DeframeIssue) => void): void {
    if (this.outside.length === 0) return;
    onIssue({ kind: "outside", bytes: Uint8Array.from(this.outside) });
    this.outside = [];
  }

  private close(onFrame: (frame: Uint8Array) => void, onIssue: (issue: DeframeIssue) => void): void {
    const frame = Uint8Array.from(this.frame);
    if (frame.length === 0) return; // shared or repeated flags
    if (frame.length < 4) {
      this.counts.runts++; // RFC 1662 §4.3: shorter than address, control and FCS-16
      onIssue({ kind: "runt", bytes: frame });
      return;
    }
    if (fcs16(frame) !== FCS16_GOOD) {
      this.counts.badFcs++;
      onIssue({ kind: "badFcs", bytes: frame });
      return;
    }
    this.counts.frames++;
    onFrame(frame.subarray(0, frame.length - 2));
  }
}
