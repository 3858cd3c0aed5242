// Feeding byte streams to the core's HDLC decoder in pieces, for split-point specs.

import { hdlcDecode, hdlcDecoderInit, HdlcDecoder, HDLC_DECODER_BYTES, HDLC_DECODER_SLACK } from "../../../assembly/wire/hdlc";
import { toHex } from "./bytes";

/** A decoder over fresh spec memory (specs may allocate; the core may not). */
export function specDecoder(accm: u32, fcsBytes: u32 = 2, capacity: u32 = 1600): HdlcDecoder {
  const d = changetype<HdlcDecoder>(heap.alloc(HDLC_DECODER_BYTES));
  hdlcDecoderInit(d, heap.alloc(capacity + HDLC_DECODER_SLACK), capacity);
  d.accm = accm;
  d.fcsBytes = fcsBytes;
  return d;
}

/** Feeds `len` bytes in pieces of at most `piece`; returns the good frames as hex joined by "|". */
export function feedPieces(d: HdlcDecoder, src: usize, len: i32, piece: i32): string {
  let out = "";
  let at = 0;
  while (at < len) {
    const n = len - at < piece ? len - at : piece;
    let used = 0;
    while (used < n) {
      used += hdlcDecode(d, src + at + used, n - used);
      if (d.frameReady) {
        out += (out.length ? "|" : "") + toHex(d.buf, d.frameLen);
        d.frameReady = 0;
      }
    }
    at += n;
  }
  return out;
}

/** The frames of `src[0..len)` fed as two pieces cut at `cut`, through one decoder. */
export function feedCut(d: HdlcDecoder, src: usize, len: i32, cut: i32): string {
  const first = feedPieces(d, src, cut, 1 << 30);
  const rest = feedPieces(d, src + cut, len - cut, 1 << 30);
  return first.length && rest.length ? first + "|" + rest : first + rest;
}
