// Diagnostic exports over fixed buffers: framing of whole batches without a line,
// used by the bench and by cross-engine checks. They never touch line state.

import { LineCounter } from "../mem/counters";
import { callScratch, CALL_SCRATCH_BYTES } from "../mem/call-scratch";
import { hdlcEncode, hdlcEncodedMax, hdlcDecode, hdlcDecoderInit, HdlcDecoder, HDLC_DECODER_BYTES, HDLC_DECODER_SLACK } from "../wire/hdlc";

const CODEC_IN_BYTES: i32 = 32 * 1024;
// The output area is the call scratch (mem/call-scratch.ts): codecEncode fills it within its call.
const CODEC_OUT_BYTES: i32 = CALL_SCRATCH_BYTES;
const CODEC_FRAME_MAX: u32 = 2048;

// @ts-ignore: decorator
@lazy const codecIn: usize = memory.data(CODEC_IN_BYTES, 16);
// @ts-ignore: decorator
@lazy const codecOut: usize = callScratch;
// @ts-ignore: decorator
@lazy const codecDecoder: usize = memory.data(HDLC_DECODER_BYTES, 8);
// @ts-ignore: decorator
@lazy const codecFrame: usize = memory.data(<i32>CODEC_FRAME_MAX + HDLC_DECODER_SLACK, 16);

export function codecInPtr(): usize {
  return codecIn;
}

export function codecOutPtr(): usize {
  return codecOut;
}

/**
 * Frames the input area as consecutive frames of `frameLen` bytes (`total` bytes in all)
 * into the output area. Returns the encoded length, or -1 if it does not fit.
 */
export function codecEncode(total: i32, frameLen: i32, accm: u32, fcsBytes: i32): i32 {
  if (total < 0 || total > CODEC_IN_BYTES || frameLen <= 0) return -1;
  let o = 0;
  for (let i = 0; i < total; i += frameLen) {
    const n = total - i < frameLen ? total - i : frameLen;
    const room = CODEC_OUT_BYTES - o;
    if (room < hdlcEncodedMax(n)) return -1;
    o += hdlcEncode(codecOut + o, room, codecIn + i, n, accm, fcsBytes, o == 0);
  }
  return o;
}

/** Resets the codec decoder with receive ACCM `accm` and FCS size. */
export function codecDecoderReset(accm: u32, fcsBytes: i32): void {
  const d = changetype<HdlcDecoder>(codecDecoder);
  hdlcDecoderInit(d, codecFrame, CODEC_FRAME_MAX);
  d.accm = accm;
  d.fcsBytes = <u32>fcsBytes;
}

/** Decodes `len` bytes of the output area; returns good frames seen (counters in the decoder). */
export function codecDecode(len: i32): i32 {
  if (len < 0 || len > CODEC_OUT_BYTES) return -1;
  const d = changetype<HdlcDecoder>(codecDecoder);
  let used = 0;
  let frames = 0;
  while (used < len) {
    used += hdlcDecode(d, codecOut + used, len - used);
    if (d.frameReady) {
      frames++;
      d.frameReady = 0;
    }
  }
  return frames;
}

/** Decoder counter by LineCounter id (FramesGood..DeletedControls). */
export function codecDecoderCounter(id: i32): u32 {
  const d = changetype<HdlcDecoder>(codecDecoder);
  switch (id) {
    case LineCounter.FramesGood: return d.framesGood;
    case LineCounter.BadFcs: return d.badFcs;
    case LineCounter.Runts: return d.runts;
    case LineCounter.Oversize: return d.oversize;
    case LineCounter.Aborts: return d.aborts;
    case LineCounter.OutsideBytes: return d.outsideBytes;
    case LineCounter.DeletedControls: return d.deleted;
  }
  return 0;
}
