// The table of TTY lines: per-line buffers carved at init (receive window, framer state,
// transmit ring) and the transmit path the host drains. Line numbers are IOS TTY numbers.
// What received octets are for is decided above (machine.ts, ppp-link.ts): this file, the
// lowest of the line layer, calls nothing above it.

import { arenaTake } from "../mem/arena";
import { MAX_LINES, OUTPUT_DTR, OUTPUT_RTS } from "../mem/tty";
import { Ring, ringInit, ringWrite, ringFree, RING_HEADER_BYTES } from "../mem/ring";
import { globalCount, GlobalCounter, LineCounter } from "../mem/counters";
import { HdlcDecoder, hdlcDecoderInit, hdlcEncode, hdlcEncodedMax, HDLC_DECODER_BYTES, HDLC_DECODER_SLACK, ACCM_DEFAULT } from "../wire/hdlc";

//  Line (80 bytes): one TTY.
//  ┌─────┬───────┬───────┬────────────┬────────┬─────────┬─────────┬────────────┬─────────┐
//  │ tty │ flags │ rxWin │ rxWinBytes │ txRing │ decoder │ scratch │ scratchCap │ inputs  │ …
//  └─────┴───────┴───────┴────────────┴────────┴─────────┴─────────┴────────────┴─────────┘
//  then outputs, txAccm, txFcsBytes, and the counters not kept by the decoder.
@unmanaged
export class Line {
  tty: u32;
  flags: u32;
  rxWindow: usize;
  rxWindowBytes: u32;
  txRing: Ring;
  decoder: HdlcDecoder;
  scratch: usize;
  scratchBytes: u32;
  inputs: u32;
  outputs: u32;
  txAccm: u32;
  txFcsBytes: u32;
  rxBytes: u32;
  txBytes: u32;
  rxRefused: u32;
  txDropped: u32;
  framesSent: u32;
  pppFramesIn: u32;
}

// @ts-ignore: decorator
@lazy const table: usize = memory.data(MAX_LINES * 4, 4);

export function linesReset(): void {
  memory.fill(table, 0, <usize>MAX_LINES * 4);
}

/** The line with TTY number `tty`, or null when it is not configured. */
export function lineGet(tty: i32): Line | null {
  if (tty < 0 || tty >= MAX_LINES) return null;
  const at = load<usize>(table + (<usize>tty << 2));
  return at == 0 ? null : changetype<Line>(at);
}

/** Carves one line's buffers; false when the arena is exhausted. */
export function lineCreate(tty: i32, flags: u32, rxWindowBytes: u32, txRingBytes: u32, frameMax: u32): bool {
  const line = arenaTake(offsetof<Line>(), 8);
  const ring = arenaTake(RING_HEADER_BYTES, 8);
  const decoder = arenaTake(HDLC_DECODER_BYTES, 8);
  const rxWindow = arenaTake(<i32>rxWindowBytes, 8);
  const txData = arenaTake(<i32>txRingBytes, 8);
  const frameBuf = arenaTake(<i32>frameMax + HDLC_DECODER_SLACK, 8);
  const scratchBytes = hdlcEncodedMax(<i32>frameMax);
  const scratch = arenaTake(scratchBytes, 8);
  if (!line || !ring || !decoder || !rxWindow || !txData || !frameBuf || !scratch) {
    globalCount(GlobalCounter.PoolExhausted);
    return false;
  }
  const l = changetype<Line>(line);
  l.tty = <u32>tty;
  l.flags = flags;
  l.rxWindow = rxWindow;
  l.rxWindowBytes = rxWindowBytes;
  l.txRing = changetype<Ring>(ring);
  ringInit(l.txRing, txData, txRingBytes);
  l.decoder = changetype<HdlcDecoder>(decoder);
  hdlcDecoderInit(l.decoder, frameBuf, frameMax);
  l.scratch = scratch;
  l.scratchBytes = <u32>scratchBytes;
  l.txAccm = ACCM_DEFAULT;
  l.txFcsBytes = 2;
  l.outputs = OUTPUT_DTR | OUTPUT_RTS;
  store<usize>(table + (<usize>tty << 2), line);
  return true;
}

/** Frames `len` octets and queues them for sending; false (counted) when the ring is full. */
export function lineSendFrame(l: Line, src: usize, len: i32): bool {
  if (hdlcEncodedMax(len) > <i32>l.scratchBytes) {
    l.txDropped++;
    return false;
  }
  const n = hdlcEncode(l.scratch, <i32>l.scratchBytes, src, len, l.txAccm, <i32>l.txFcsBytes, true);
  if (<u32>n > ringFree(l.txRing)) {
    l.txDropped++;
    return false;
  }
  ringWrite(l.txRing, l.scratch, <u32>n);
  l.framesSent++;
  return true;
}

/** The line's own counters (LineCounter below 16; the PPP link keeps 16-47: pppLinkCounter). */
export function lineCounter(l: Line, id: i32): u32 {
  const d = l.decoder;
  switch (id) {
    case LineCounter.RxBytes: return l.rxBytes;
    case LineCounter.TxBytes: return l.txBytes;
    case LineCounter.RxRefused: return l.rxRefused;
    case LineCounter.TxDropped: return l.txDropped;
    case LineCounter.FramesGood: return d.framesGood;
    case LineCounter.BadFcs: return d.badFcs;
    case LineCounter.Runts: return d.runts;
    case LineCounter.Oversize: return d.oversize;
    case LineCounter.Aborts: return d.aborts;
    case LineCounter.OutsideBytes: return d.outsideBytes;
    case LineCounter.DeletedControls: return d.deleted;
    case LineCounter.FramesSent: return l.framesSent;
  }
  return 0;
}
