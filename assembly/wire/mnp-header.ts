// The header field of MNP class 4 frames (V.42 Annex A §A.6): a length indication (the
// header's length without itself), the type, then fixed and variable parameters (type,
// length, value). LR negotiates the link (§A.6.4.1), LA acknowledges (§A.6.4.2), LD ends
// it (§A.6.5.1), LT carries data (§A.6.6.1). With the fixed-field facility of the optimised
// data phase (LR parameter 8, bit 2) LT and LA carry their numbers in fixed places
// (Tables A.3b, A.6b). Parsers check every length against the frame; builders write into
// memory the caller sized with MNP_HEADER_MAX.

export const enum MnpType {
  LR = 1,
  LD = 2,
  LT = 4,
  LA = 5,
  LN = 6, // attention (a break); unverified, taken and ignored
  LNA = 7,
}

/** The longest header a builder writes (an LR with every parameter). */
export const MNP_HEADER_MAX: i32 = 24;

// §A.6.4.1.3: constant parameter 1 of an LR is the octet 2.
const LR_CONSTANT_1: u8 = 2;
// LR variable parameter types (Table A.2).
const LR_CONSTANT_2: u32 = 1;
const LR_FRAMING: u32 = 2;
const LR_WINDOW: u32 = 3;
const LR_N401: u32 = 4;
const LR_OPTIMISATION: u32 = 8;

/** §A.6.4.1.5: two-way simultaneous start-stop octet-oriented framing. */
export const MNP_FRAMING_OCTET: u32 = 2;
/** §A.6.4.1.8 data phase optimisation bits. */
export const MNP_OPT_N401_256: u32 = 1;
export const MNP_OPT_FIXED_FIELDS: u32 = 2;

/** Which LR parameters were present (MnpLrParams.seen). */
export const LR_SEEN_CONSTANT_2: u32 = 1;
export const LR_SEEN_FRAMING: u32 = 2;
export const LR_SEEN_WINDOW: u32 = 4;
export const LR_SEEN_N401: u32 = 8;
export const LR_SEEN_OPTIMISATION: u32 = 16;

/** LD reason codes (Table A.5). 0 is sent by some devices for other protocol errors. */
export const MNP_LD_PROTOCOL_ERROR: u32 = 0;
export const MNP_LD_NO_LR: u32 = 1;
export const MNP_LD_BAD_CONSTANT_1: u32 = 2;
export const MNP_LD_BAD_PARAMETER: u32 = 3;
export const MNP_LD_USER: u32 = 255;

//  MnpLrParams: what an LR offers or answers.
@unmanaged
export class MnpLrParams {
  constant1: u32;
  framing: u32;
  window: u32;
  n401: u32;
  optimisation: u32;
  seen: u32;
}

//  MnpFields: the numbers of an LT or LA, and where an LT's information is.
@unmanaged
export class MnpFields {
  /** LT: N(S). LA: N(R). */
  number: u32;
  /** LA: N(k), the receive credit. */
  credit: u32;
  info: usize;
  infoLen: u32;
}

/** The header's length indication, or -1 when the frame cannot hold it (255, the 2-octet form, is not taken). */
export function mnpHeaderLength(frame: usize, len: i32): i32 {
  if (len < 2) return -1;
  const li = <i32>load<u8>(frame);
  if (li == 0 || li == 255 || 1 + li > len) return -1;
  return li;
}

/** The frame's type (MnpType), or -1 when its header is malformed. */
export function mnpFrameType(frame: usize, len: i32): i32 {
  return mnpHeaderLength(frame, len) < 0 ? -1 : <i32>load<u8>(frame, 1);
}

// Finds variable parameter `type` in header octets [from, end); returns its value's address or 0, its length in `found`.
let foundLen: u32 = 0;
function parameter(frame: usize, from: usize, end: usize, type: u32): usize {
  let at = from;
  while (at + 2 <= end) {
    const t = <u32>load<u8>(frame + at);
    const n = <usize>load<u8>(frame + at, 1);
    if (at + 2 + n > end) return 0;
    if (t == type) {
      foundLen = <u32>n;
      return frame + at + 2;
    }
    at += 2 + n;
  }
  return 0;
}

// Whether the parameters in [from, end) are well formed (none runs past the header).
function parametersWellFormed(frame: usize, from: usize, end: usize): bool {
  let at = from;
  while (at < end) {
    if (at + 2 > end) return false;
    at += 2 + <usize>load<u8>(frame + at, 1);
  }
  return at == end;
}

/** Reads an LR's parameters into `out`; false when the header is malformed. Unknown parameters are skipped (§A.7.1.5.6). */
export function mnpLrParse(frame: usize, len: i32, out: MnpLrParams): bool {
  const li = mnpHeaderLength(frame, len);
  if (li < 2 || load<u8>(frame, 1) != MnpType.LR) return false;
  const end = <usize>(1 + li);
  if (!parametersWellFormed(frame, 3, end)) return false;
  out.constant1 = load<u8>(frame, 2);
  out.seen = 0;
  out.framing = 0;
  out.window = 0;
  out.n401 = 0;
  out.optimisation = 0;
  if (parameter(frame, 3, end, LR_CONSTANT_2) != 0) out.seen |= LR_SEEN_CONSTANT_2;
  let p = parameter(frame, 3, end, LR_FRAMING);
  if (p != 0 && foundLen >= 1) {
    out.framing = load<u8>(p);
    out.seen |= LR_SEEN_FRAMING;
  }
  p = parameter(frame, 3, end, LR_WINDOW);
  if (p != 0 && foundLen >= 1) {
    out.window = load<u8>(p);
    out.seen |= LR_SEEN_WINDOW;
  }
  p = parameter(frame, 3, end, LR_N401);
  if (p != 0 && foundLen >= 2) {
    out.n401 = <u32>load<u8>(p) | (<u32>load<u8>(p, 1) << 8); // low octet first (unverified against V.42 itself)
    out.seen |= LR_SEEN_N401;
  }
  p = parameter(frame, 3, end, LR_OPTIMISATION);
  if (p != 0 && foundLen >= 1) {
    out.optimisation = load<u8>(p);
    out.seen |= LR_SEEN_OPTIMISATION;
  }
  return true;
}

/** Writes an LR with the parameters `p.seen` names (constant parameter 2 always). Returns its length. */
export function mnpLrBuild(dst: usize, p: MnpLrParams): i32 {
  store<u8>(dst, MnpType.LR, 1);
  store<u8>(dst, LR_CONSTANT_1, 2);
  // §A.6.4.1.4: constant parameter 2, the octets 1 6 1 0 0 0 0 255.
  store<u8>(dst, LR_CONSTANT_2, 3);
  store<u8>(dst, 6, 4);
  store<u8>(dst, 1, 5);
  store<u32>(dst + 6, 0);
  store<u8>(dst, 255, 10);
  let at: usize = 11;
  if (p.seen & LR_SEEN_FRAMING) {
    store<u8>(dst + at, LR_FRAMING);
    store<u8>(dst + at, 1, 1);
    store<u8>(dst + at, <u8>p.framing, 2);
    at += 3;
  }
  if (p.seen & LR_SEEN_WINDOW) {
    store<u8>(dst + at, LR_WINDOW);
    store<u8>(dst + at, 1, 1);
    store<u8>(dst + at, <u8>p.window, 2);
    at += 3;
  }
  if (p.seen & LR_SEEN_N401) {
    store<u8>(dst + at, LR_N401);
    store<u8>(dst + at, 2, 1);
    store<u8>(dst + at, <u8>p.n401, 2);
    store<u8>(dst + at, <u8>(p.n401 >>> 8), 3);
    at += 4;
  }
  if (p.seen & LR_SEEN_OPTIMISATION) {
    store<u8>(dst + at, LR_OPTIMISATION);
    store<u8>(dst + at, 1, 1);
    store<u8>(dst + at, <u8>p.optimisation, 2);
    at += 3;
  }
  store<u8>(dst, <u8>(at - 1));
  return <i32>at;
}

/** Writes an LT header with N(S) = `ns`; the information follows at the returned length. */
export function mnpLtBuild(dst: usize, ns: u32, fixed: bool): i32 {
  if (fixed) {
    store<u8>(dst, 2); // Table A.6b
    store<u8>(dst, MnpType.LT, 1);
    store<u8>(dst, <u8>ns, 2);
    return 3;
  }
  store<u8>(dst, 4); // Table A.6a: parameter 1, the send sequence number
  store<u8>(dst, MnpType.LT, 1);
  store<u8>(dst, 1, 2);
  store<u8>(dst, 1, 3);
  store<u8>(dst, <u8>ns, 4);
  return 5;
}

/** Reads an LT (either form) into `out`; false when malformed or empty (§A.6.6.1: no null information field). */
export function mnpLtParse(frame: usize, len: i32, out: MnpFields): bool {
  const li = mnpHeaderLength(frame, len);
  if (li < 2 || load<u8>(frame, 1) != MnpType.LT) return false;
  const end = <usize>(1 + li);
  if (li == 2) out.number = load<u8>(frame, 2);
  else {
    if (!parametersWellFormed(frame, 2, end)) return false;
    const p = parameter(frame, 2, end, 1);
    if (p == 0 || foundLen < 1) return false;
    out.number = load<u8>(p);
  }
  out.credit = 0;
  out.info = frame + end;
  out.infoLen = <u32>(len - <i32>end);
  return out.infoLen > 0;
}

/** Writes an LA with N(R) = `nr` and N(k) = `nk`; returns its length. */
export function mnpLaBuild(dst: usize, nr: u32, nk: u32, fixed: bool): i32 {
  if (fixed) {
    store<u8>(dst, 3); // Table A.3b
    store<u8>(dst, MnpType.LA, 1);
    store<u8>(dst, <u8>nr, 2);
    store<u8>(dst, <u8>nk, 3);
    return 4;
  }
  store<u8>(dst, 7); // Table A.3a: parameters 1 (N(R)) and 2 (N(k))
  store<u8>(dst, MnpType.LA, 1);
  store<u8>(dst, 1, 2);
  store<u8>(dst, 1, 3);
  store<u8>(dst, <u8>nr, 4);
  store<u8>(dst, 2, 5);
  store<u8>(dst, 1, 6);
  store<u8>(dst, <u8>nk, 7);
  return 8;
}

/** Reads an LA (either form) into `out`; false when malformed. */
export function mnpLaParse(frame: usize, len: i32, out: MnpFields): bool {
  const li = mnpHeaderLength(frame, len);
  if (li < 2 || load<u8>(frame, 1) != MnpType.LA) return false;
  out.info = 0;
  out.infoLen = 0;
  if (li == 3) {
    out.number = load<u8>(frame, 2);
    out.credit = load<u8>(frame, 3);
    return true;
  }
  const end = <usize>(1 + li);
  if (!parametersWellFormed(frame, 2, end)) return false;
  const nr = parameter(frame, 2, end, 1);
  if (nr == 0 || foundLen < 1) return false;
  out.number = load<u8>(nr);
  const nk = parameter(frame, 2, end, 2);
  if (nk == 0 || foundLen < 1) return false;
  out.credit = load<u8>(nk);
  return true;
}

/** Writes an LD with `reason` (Table A.5); returns its length. */
export function mnpLdBuild(dst: usize, reason: u32): i32 {
  store<u8>(dst, 4);
  store<u8>(dst, MnpType.LD, 1);
  store<u8>(dst, 1, 2);
  store<u8>(dst, 1, 3);
  store<u8>(dst, <u8>reason, 4);
  return 5;
}

/** An LD's reason code, or -1 when it carries none (or is malformed). */
export function mnpLdReason(frame: usize, len: i32): i32 {
  const li = mnpHeaderLength(frame, len);
  if (li < 1 || load<u8>(frame, 1) != MnpType.LD) return -1;
  const end = <usize>(1 + li);
  if (!parametersWellFormed(frame, 2, end)) return -1;
  const p = parameter(frame, 2, end, 1);
  return p != 0 && foundLen >= 1 ? <i32>load<u8>(p) : -1;
}
