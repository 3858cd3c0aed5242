// State of one RFC 1662 receive direction, shared by the decode loops of hdlc.ts and
// hdlc-interpreter-decode.ts.

/** RFC 1662 §7.1: the ACCM in force until LCP says otherwise. */
export const ACCM_DEFAULT: u32 = 0xffffffff;

export const enum DecodeState {
  Hunt = 0,
  Data = 1,
  Escaped = 2,
  Discard = 3,
}

// Slack past capacity so the 8-octet fast path may store a whole word.
export const HDLC_DECODER_SLACK: i32 = 8;

//  HdlcDecoder (64 bytes): state of one receive direction.
//  ┌─────────┬──────────┬─────┬───────┬──────┬──────────┬────────────┬──────────┐
//  │ buf ptr │ capacity │ len │ state │ accm │ fcsBytes │ frameReady │ frameLen │
//  ├─────────┴──┬───────┴─────┴──┬────┴──────┴───┬──────┴──────┬─────┴──────────┤
//  │ framesGood │ badFcs │ runts │ oversize │ aborts │ outsideBytes │ deleted │ … │
//  └────────────┴────────┴───────┴──────────┴────────┴──────────────┴─────────┴───┘
@unmanaged
export class HdlcDecoder {
  buf: usize;
  /** Largest unescaped frame kept (address..FCS); longer ones are dropped as oversize. */
  capacity: u32;
  len: u32;
  state: u32;
  accm: u32;
  fcsBytes: u32;
  frameReady: u32;
  frameLen: u32;
  framesGood: u32;
  badFcs: u32;
  runts: u32;
  oversize: u32;
  aborts: u32;
  outsideBytes: u32;
  deleted: u32;
  reserved: u32;
}

export const HDLC_DECODER_BYTES: i32 = offsetof<HdlcDecoder>();

/** `buf` must hold capacity + HDLC_DECODER_SLACK bytes. */
export function hdlcDecoderInit(d: HdlcDecoder, buf: usize, capacity: u32): void {
  memory.fill(changetype<usize>(d), 0, <usize>HDLC_DECODER_BYTES);
  d.buf = buf;
  d.capacity = capacity;
  d.accm = ACCM_DEFAULT;
  d.fcsBytes = 2;
  d.state = DecodeState.Hunt;
}

/** Back to hunting for a flag (carrier change, new session); counters kept. */
export function hdlcDecoderRestart(d: HdlcDecoder): void {
  d.state = DecodeState.Hunt;
  d.len = 0;
  d.frameReady = 0;
}
