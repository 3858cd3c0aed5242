// Records one line's traffic both ways: the raw bytes, the frames found in them, every
// byte that did not make a good frame (reported, never hidden), and a pcap of the frames.

import type { Clock } from "../core/clock.ts";
import { Deframer, type DeframeCounts, type DeframeIssue, type DeframerOptions } from "./deframe.ts";
import { describeFrame } from "./frame-summary.ts";
import { Direction, PcapWriter } from "./pcap.ts";

export interface CapturedFrame {
  direction: Direction;
  atMs: number;
  /** Unescaped frame without FCS: FF 03 protocol information (or compressed forms). */
  frame: Uint8Array;
}

export interface CaptureIssue extends DeframeIssue {
  direction: Direction;
  atMs: number;
}

export interface CaptureOptions extends DeframerOptions {
  clock: Clock;
  /** Wall-clock ms for clock time 0 in the pcap; 0 keeps files reproducible. */
  epochMs?: number;
}

export class LineCapture {
  private readonly clock: Clock;
  private readonly deframers: Record<Direction, Deframer>;
  private readonly rawParts: Record<Direction, Buffer[]> = { [Direction.Received]: [], [Direction.Sent]: [] };
  readonly frames: CapturedFrame[] = [];
  readonly issues: CaptureIssue[] = [];
  private readonly order: (CapturedFrame | CaptureIssue)[] = [];
  readonly pcap: PcapWriter;

  constructor(options: CaptureOptions) {
    this.clock = options.clock;
    this.deframers = { [Direction.Received]: new Deframer(options), [Direction.Sent]: new Deframer(options) };
    this.pcap = new PcapWriter({ clock: options.clock, epochMs: options.epochMs });
  }

  /** Bytes that arrived from the peer. */
  received(bytes: Uint8Array): void {
    this.record(Direction.Received, bytes);
  }

  /** Bytes we sent to the peer. */
  sent(bytes: Uint8Array): void {
    this.record(Direction.Sent, bytes);
  }

  /** Everything seen in one direction, exactly as it crossed the line. */
  raw(direction: Direction): Buffer {
    return Buffer.concat(this.rawParts[direction]);
  }

  counts(direction: Direction): DeframeCounts & { pendingFrameBytes: number } {
    const d = this.deframers[direction];
    return { ...d.counts, pendingFrameBytes: d.pendingFrameBytes };
  }

  /** Ends the capture: bytes still outside frames become issues. */
  finish(): void {
    const atMs = this.clock.now();
    for (const direction of [Direction.Received, Direction.Sent]) {
      this.deframers[direction].finish((issue) => this.addIssue({ ...issue, direction, atMs }));
    }
  }

  /** One line per frame and per issue, in capture order (direction: "I" received, "O" sent). */
  lines(): string[] {
    return this.order.map((entry) => {
      const text = "frame" in entry ? describeFrame(entry.frame) : describeIssue(entry);
      return `${(entry.atMs / 1000).toFixed(3)} ${dirLetter(entry.direction)} ${text}`;
    });
  }

  private record(direction: Direction, bytes: Uint8Array): void {
    const atMs = this.clock.now();
    this.rawParts[direction].push(Buffer.from(bytes));
    this.deframers[direction].push(
      bytes,
      (frame) => {
        const entry = { direction, atMs, frame };
        this.frames.push(entry);
        this.order.push(entry);
        this.pcap.add(direction, frame, atMs);
      },
      (issue) => this.addIssue({ ...issue, direction, atMs }),
    );
  }

  private addIssue(issue: CaptureIssue): void {
    this.issues.push(issue);
    this.order.push(issue);
  }
}

function dirLetter(direction: Direction): string {
  return direction === Direction.Sent ? "O" : "I";
}

function describeIssue(issue: DeframeIssue): string {
  const hex = Buffer.from(issue.bytes.subarray(0, 16)).toString("hex");
  const more = issue.bytes.length > 16 ? "…" : "";
  const names: Record<DeframeIssue["kind"], string> = {
    runt: "runt frame",
    badFcs: "bad FCS",
    abort: "aborted frame",
    oversize: "oversize frame",
    outside: "bytes outside frames",
  };
  return `${names[issue.kind]} (${issue.bytes.length} bytes: ${hex}${more})`;
}
