// MNP class 4 start-stop, octet-oriented framing (V.42 Annex A §A.3): a frame is the start
// flag SYN DLE STX, the body (header and information), the end flag DLE ETX and the FCS
// (mnp-crc.ts, low octet first). A DLE of the body is sent doubled (§A.3.4); the flags' DLEs
// are not. The encoder and the decoder work over byte views; the decoder keeps only its own
// state, in memory its owner carved.

import { MNP_CRC_INIT, mnpCrcUpdate } from "./mnp-crc";

export const MNP_SYN: u8 = 0x16;
export const MNP_DLE: u8 = 0x10;
export const MNP_STX: u8 = 0x02;
export const MNP_ETX: u8 = 0x03;

/** The body of the smallest frame a receiver takes: a length indication and a type. */
export const MNP_BODY_MIN: u32 = 2;

/** Worst case on the line for a body of `len` octets: every octet a DLE, both flags, the FCS. */
export function mnpEncodedMax(len: i32): i32 {
  return 3 + 2 * len + 2 + 2;
}

/**
 * Frames the `len` body octets at `src` into `dst` (capacity `cap`). Returns the encoded
 * length, or -1 when `cap` is below mnpEncodedMax(len) or `len` is negative.
 */
export function mnpEncode(dst: usize, cap: i32, src: usize, len: i32): i32 {
  if (len < 0 || cap < mnpEncodedMax(len)) return -1;
  store<u8>(dst, MNP_SYN);
  store<u8>(dst, MNP_DLE, 1);
  store<u8>(dst, MNP_STX, 2);
  let at: usize = 3;
  let crc = MNP_CRC_INIT;
  for (let i = 0; i < len; i++) {
    const b = load<u8>(src + <usize>i);
    crc = mnpCrcUpdate(crc, b);
    store<u8>(dst + at, b);
    at++;
    if (b == MNP_DLE) {
      store<u8>(dst + at, MNP_DLE); // §A.3.4 transparency
      at++;
    }
  }
  crc = mnpCrcUpdate(crc, MNP_ETX);
  store<u8>(dst + at, MNP_DLE);
  store<u8>(dst + at, MNP_ETX, 1);
  store<u8>(dst + at, <u8>crc, 2);
  store<u8>(dst + at, <u8>(crc >>> 8), 3);
  return <i32>(at + 4);
}

export const enum MnpDecodeState {
  Hunt = 0, // looking for DLE STX (a SYN before it is welcome, not required)
  HuntDle = 1, // DLE seen outside a frame
  Body = 2,
  BodyDle = 3, // DLE seen in the body: a doubled DLE, ETX, or a broken frame
  Crc1 = 4,
  Crc2 = 5,
  Overrun = 6, // the body outgrew the buffer: skip to the frame's end
  OverrunDle = 7, // DLE seen while skipping
}

/** What the last call left in the buffer. */
export const enum MnpFrameReady {
  None = 0,
  Good = 1, // frameLen body octets with a good FCS
  Bad = 2, // a frame with a bad FCS (the body is not to be used; the link may react to it)
}

//  MnpDecoder (60 bytes): state of one receive direction.
//  buf, capacity, len, state, crc, rxCrc, frameReady, frameLen, then the counters.
@unmanaged
export class MnpDecoder {
  buf: usize;
  capacity: u32;
  len: u32;
  state: u32;
  crc: u32;
  rxCrc: u32;
  frameReady: u32;
  frameLen: u32;
  framesGood: u32;
  badFcs: u32;
  /** Bodies shorter than MNP_BODY_MIN with a good FCS. */
  runts: u32;
  oversize: u32;
  /** A DLE in a body followed by neither DLE nor ETX: the frame is dropped. */
  broken: u32;
  outsideBytes: u32;
  reserved: u32;
}

export const MNP_DECODER_BYTES: i32 = offsetof<MnpDecoder>();

/** A decoder over `buf` of `capacity` octets (the largest body kept). */
export function mnpDecoderInit(d: MnpDecoder, buf: usize, capacity: u32): void {
  memory.fill(changetype<usize>(d), 0, <usize>MNP_DECODER_BYTES);
  d.buf = buf;
  d.capacity = capacity;
  d.state = MnpDecodeState.Hunt;
}

/** Back to hunting for a start flag (a new call); counters kept. */
export function mnpDecoderRestart(d: MnpDecoder): void {
  d.state = MnpDecodeState.Hunt;
  d.len = 0;
  d.frameReady = MnpFrameReady.None;
}

/** The decoder has just seen a start flag outside (the line's autoselect took it): a body follows. */
export function mnpDecoderStarted(d: MnpDecoder): void {
  d.state = MnpDecodeState.Body;
  d.len = 0;
  d.crc = MNP_CRC_INIT;
  d.frameReady = MnpFrameReady.None;
}

function bodyByte(d: MnpDecoder, b: u32): void {
  if (d.len >= d.capacity) {
    d.oversize++;
    d.state = MnpDecodeState.Overrun;
    return;
  }
  store<u8>(d.buf + <usize>d.len, <u8>b);
  d.len++;
  d.crc = mnpCrcUpdate(d.crc, b);
}

/**
 * Takes octets from `src` until one frame ends (frameReady set) or `len` are used. Returns
 * how many were consumed; call again for the rest after reading the frame.
 */
export function mnpDecode(d: MnpDecoder, src: usize, len: i32): i32 {
  d.frameReady = MnpFrameReady.None;
  let i = 0;
  while (i < len) {
    const b = <u32>load<u8>(src + <usize>i);
    i++;
    switch (d.state) {
      case MnpDecodeState.Hunt:
        if (b == MNP_DLE) d.state = MnpDecodeState.HuntDle;
        else if (b != MNP_SYN) d.outsideBytes++;
        break;
      case MnpDecodeState.HuntDle:
        if (b == MNP_STX) mnpDecoderStarted(d);
        else if (b != MNP_DLE) {
          d.outsideBytes++;
          d.state = MnpDecodeState.Hunt;
        }
        break;
      case MnpDecodeState.Body:
        if (b == MNP_DLE) d.state = MnpDecodeState.BodyDle;
        else bodyByte(d, b);
        break;
      case MnpDecodeState.BodyDle:
        if (b == MNP_DLE) {
          d.state = MnpDecodeState.Body;
          bodyByte(d, b);
        } else if (b == MNP_ETX) {
          d.crc = mnpCrcUpdate(d.crc, b);
          d.state = MnpDecodeState.Crc1;
        } else if (b == MNP_STX) {
          d.broken++; // a start flag inside a frame: the one before was cut short
          mnpDecoderStarted(d);
        } else {
          d.broken++;
          d.state = MnpDecodeState.Hunt;
        }
        break;
      case MnpDecodeState.Crc1:
        d.rxCrc = b;
        d.state = MnpDecodeState.Crc2;
        break;
      case MnpDecodeState.Crc2:
        d.rxCrc |= b << 8;
        d.state = MnpDecodeState.Hunt;
        if (d.rxCrc != d.crc) {
          d.badFcs++;
          d.frameLen = d.len;
          d.frameReady = MnpFrameReady.Bad;
          return i;
        }
        if (d.len < MNP_BODY_MIN) {
          d.runts++;
          break;
        }
        d.framesGood++;
        d.frameLen = d.len;
        d.frameReady = MnpFrameReady.Good;
        return i;
      case MnpDecodeState.Overrun:
        // Only the end flag ends an overrun (its FCS octets may look like anything).
        if (b == MNP_DLE) d.state = MnpDecodeState.OverrunDle;
        break;
      default:
        // DLE DLE is data, DLE ETX ends the frame (its FCS is then skipped as outside bytes).
        if (b == MNP_ETX) d.state = MnpDecodeState.Hunt;
        else if (b == MNP_STX) mnpDecoderStarted(d);
        else d.state = MnpDecodeState.Overrun;
    }
  }
  return i;
}
