// Two MNP links on one simulated wire, each behind the real framing codec: what one link sends
// is framed (mnpEncode), may be damaged or dropped on its way, and is deframed (mnpDecode)
// into the other. Time is virtual; `run` steps both links' timers.

import { arenaReset, arenaTake } from "../../../assembly/mem/arena";
import { mnpEncode, mnpEncodedMax, mnpDecode, mnpDecoderInit, MnpDecoder, MNP_DECODER_BYTES, MnpFrameReady } from "../../../assembly/wire/mnp-frame";
import { MnpLink, MnpOwner, MNP_BUFFER_BYTES, mnpCreate, mnpFrameIn, mnpTick, mnpSend } from "../../../assembly/protocol/mnp-link";
import { toHex } from "./bytes";

/** One direction of the wire and what arrived at its far end. */
export class Side {
  link: MnpLink = changetype<MnpLink>(0);
  decoder: MnpDecoder = changetype<MnpDecoder>(0);
  /** Octets on their way to this side. */
  inbound: u8[] = [];
  /** Information delivered to this side's owner, in order. */
  received: u8[] = [];
  /** Every frame body this side sent, as hex. */
  sent: string[] = [];
  ups: i32 = 0;
  downs: i32 = 0;
  downReason: u32 = 0;
  ldReason: i32 = -2;
  /** Frames this side sends from now on are lost one in `dropOneIn` (0 none), at random. */
  dropOneIn: u32 = 0;
  /** One frame in `corruptOneIn` this side sends has one octet flipped (0 none), at random. */
  corruptOneIn: u32 = 0;
  /** Every `dropEvery`-th frame this side sends is lost (0 none): for a frame at a known place. */
  dropEvery: i32 = 0;
  private seed: u32 = 0x9e3779b9;
  /** The next pseudo-random number (xorshift32; the same sequence every run). */
  random(): u32 {
    let x = this.seed;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    this.seed = x;
    return x;
  }
  /** All frames this side sends are lost while true. */
  mute: bool = false;
  counted: i32 = 0;
}

export let a = new Side();
export let b = new Side();
export let now: f64 = 0;

const frameScratch = heap.alloc(4096);

function sideOf(link: MnpLink): Side {
  return changetype<usize>(link) == changetype<usize>(a.link) ? a : b;
}

function otherOf(link: MnpLink): Side {
  return changetype<usize>(link) == changetype<usize>(a.link) ? b : a;
}

function frameOut(link: MnpLink, frame: usize, len: i32): void {
  const from = sideOf(link);
  const to = otherOf(link);
  from.sent.push(toHex(frame, len));
  from.counted++;
  if (from.mute) return;
  if (from.dropEvery > 0 && from.counted % from.dropEvery == 0) return;
  if (from.dropOneIn > 0 && from.random() % from.dropOneIn == 0) return;
  const n = mnpEncode(frameScratch, 4096, frame, len);
  if (from.corruptOneIn > 0 && from.random() % from.corruptOneIn == 0) {
    const at = 3 + <i32>(from.random() % <u32>(n - 5)); // inside the body, the end flag or the FCS
    store<u8>(frameScratch + <usize>at, load<u8>(frameScratch + <usize>at) ^ 0x40);
  }
  for (let i = 0; i < n; i++) to.inbound.push(load<u8>(frameScratch + <usize>i));
}

function linkUp(link: MnpLink): void {
  sideOf(link).ups++;
}

function dataIn(link: MnpLink, data: usize, len: i32): void {
  const s = sideOf(link);
  for (let i = 0; i < len; i++) s.received.push(load<u8>(data + <usize>i));
}

function linkDown(link: MnpLink, reason: u32, ld: i32): void {
  const s = sideOf(link);
  s.downs++;
  s.downReason = reason;
  s.ldReason = ld;
}

/** Fresh links on a fresh arena. */
export function pair(): void {
  arenaReset();
  a = new Side();
  b = new Side();
  now = 0;
  const owner = changetype<MnpOwner>(heap.alloc(offsetof<MnpOwner>()));
  owner.frameOut = frameOut;
  owner.linkUp = linkUp;
  owner.dataIn = dataIn;
  owner.linkDown = linkDown;
  a.link = changetype<MnpLink>(mnpCreate(1, owner, arenaTake(MNP_BUFFER_BYTES, 8)));
  b.link = changetype<MnpLink>(mnpCreate(2, owner, arenaTake(MNP_BUFFER_BYTES, 8)));
  a.decoder = changetype<MnpDecoder>(heap.alloc(MNP_DECODER_BYTES));
  mnpDecoderInit(a.decoder, heap.alloc(400), 400);
  b.decoder = changetype<MnpDecoder>(heap.alloc(MNP_DECODER_BYTES));
  mnpDecoderInit(b.decoder, heap.alloc(400), 400);
}

// Feeds what is on its way to `s` through its decoder into its link, in pieces of 7 octets.
function deliver(s: Side): void {
  if (s.inbound.length == 0) return;
  const bytes = s.inbound;
  s.inbound = [];
  const buf = heap.alloc(bytes.length);
  for (let i = 0; i < bytes.length; i++) store<u8>(buf + <usize>i, bytes[i]);
  let at = 0;
  while (at < bytes.length) {
    const piece = bytes.length - at < 7 ? bytes.length - at : 7;
    let used = 0;
    while (used < piece) {
      used += mnpDecode(s.decoder, buf + <usize>(at + used), piece - used);
      const ready = s.decoder.frameReady;
      if (ready != MnpFrameReady.None) mnpFrameIn(s.link, s.decoder.buf, <i32>s.decoder.frameLen, ready == MnpFrameReady.Good, now);
    }
    at += piece;
  }
  heap.free(buf);
}

/** Runs `ms` of virtual time in 10 ms steps: both directions delivered, both timers run. */
export function run(ms: f64): void {
  const end = now + ms;
  while (now <= end) {
    deliver(a);
    deliver(b);
    mnpTick(a.link, now);
    mnpTick(b.link, now);
    now += 10;
  }
}

/** Offers `data` to `s`'s link, as much as it takes each step, running until all is taken or `ms` pass. */
export function sendAll(s: Side, data: u8[], ms: f64): bool {
  const buf = heap.alloc(data.length + 1);
  for (let i = 0; i < data.length; i++) store<u8>(buf + <usize>i, data[i]);
  let at = 0;
  const end = now + ms;
  while (at < data.length && now <= end) {
    at += mnpSend(s.link, buf + <usize>at, data.length - at, now);
    run(10);
  }
  heap.free(buf);
  return at == data.length;
}

/** `n` octets of a pattern that shows order and includes DLE, SYN, STX and ETX. */
export function pattern(n: i32): u8[] {
  const out: u8[] = [];
  for (let i = 0; i < n; i++) out.push(<u8>((i * 7 + (i >> 8)) & 0xff));
  return out;
}

export function sameBytes(x: u8[], y: u8[]): bool {
  if (x.length != y.length) return false;
  for (let i = 0; i < x.length; i++) if (x[i] != y[i]) return false;
  return true;
}

export function frameSize(len: i32): i32 {
  return mnpEncodedMax(len);
}
