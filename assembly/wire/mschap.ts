// MS-CHAP packet bodies on CHAP (C223): the 49-octet Response values of version 1 (RFC 2433
// §3-4) and version 2 (RFC 2759 §4), and the texts of Success ("S=<40 hex>", RFC 2759 §5) and
// Failure ("E=691 R=0 ...", RFC 2433 §6, RFC 2759 §6) packets. No state, no crypto.

/** LCP Authentication-Protocol CHAP algorithms (RFC 2433 §2, RFC 2759 §2). */
export const CHAP_MSCHAP_V1: u32 = 0x80;
export const CHAP_MSCHAP_V2: u32 = 0x81;

/** MS-CHAP v1 Change-Password packets (RFC 2433 §7-8) and the v2 one (RFC 2759 §7): refused here. */
export const MSCHAP_V1_CHANGE_PASSWORD_1: u32 = 5;
export const MSCHAP_V1_CHANGE_PASSWORD_2: u32 = 6;
export const MSCHAP_V2_CHANGE_PASSWORD: u32 = 7;

export const MSCHAP_RESPONSE_BYTES: u32 = 49;
// v1: LM-Response(24) NT-Response(24) Flags(1); v2: Peer-Challenge(16) Reserved(8) NT-Response(24) Flags(1).
export const MSCHAP_V1_NT_AT: usize = 24;
export const MSCHAP_V2_PEER_CHALLENGE_AT: usize = 0;
export const MSCHAP_V2_NT_AT: usize = 24;
export const MSCHAP_FLAGS_AT: usize = 48;
/** v1 Flags: 1 = use the NT-Response (RFC 2433 §4); the LM-Response is never used here. */
export const MSCHAP_V1_USE_NT: u32 = 1;

/** Error codes of a Failure packet (RFC 2433 §6): 691 authentication failure, 709 error changing password. */
export const MSCHAP_ERROR_AUTHENTICATION_FAILURE: u32 = 691;
export const MSCHAP_ERROR_CHANGING_PASSWORD: u32 = 709;

/** Length of "S=" and 40 hex digits. */
export const MSCHAP_SUCCESS_TEXT_BYTES: i32 = 42;

function hexDigit(v: u32): u8 {
  return <u8>(v < 10 ? 0x30 + v : 0x41 + v - 10); // upper case, as RFC 2759 §5 writes it
}

function hexValue(c: u32): i32 {
  if (c >= 0x30 && c <= 0x39) return <i32>(c - 0x30);
  if (c >= 0x41 && c <= 0x46) return <i32>(c - 0x41 + 10);
  if (c >= 0x61 && c <= 0x66) return <i32>(c - 0x61 + 10);
  return -1;
}

/** Writes `len` octets at `src` as upper-case hex at `dst`; returns 2 * len. */
export function mschapHexWrite(dst: usize, src: usize, len: i32): i32 {
  for (let i = 0; i < len; i++) {
    const b = <u32>load<u8>(src + <usize>i);
    store<u8>(dst + <usize>(2 * i), hexDigit(b >> 4));
    store<u8>(dst + <usize>(2 * i + 1), hexDigit(b & 15));
  }
  return 2 * len;
}

/** Reads 2 * len hex digits at `src` into `len` octets at `dst`; false on any other character. */
export function mschapHexRead(src: usize, len: i32, dst: usize): bool {
  for (let i = 0; i < len; i++) {
    const high = hexValue(<u32>load<u8>(src + <usize>(2 * i)));
    const low = hexValue(<u32>load<u8>(src + <usize>(2 * i + 1)));
    if (high < 0 || low < 0) return false;
    store<u8>(dst + <usize>i, <u8>((high << 4) | low));
  }
  return true;
}

/** RFC 2759 §5: "S=" and the 20-octet authenticator response in hex, then " M=" and `message`. Returns the length. */
export function mschapSuccessWrite(dst: usize, authenticatorResponse: usize, message: usize, messageLen: i32): i32 {
  store<u8>(dst, 0x53); // S
  store<u8>(dst, 0x3d, 1); // =
  let n = 2 + mschapHexWrite(dst + 2, authenticatorResponse, 20);
  if (messageLen > 0) {
    store<u8>(dst + <usize>n, 0x20);
    store<u8>(dst + <usize>n, 0x4d, 1); // M
    store<u8>(dst + <usize>n, 0x3d, 2);
    memory.copy(dst + <usize>n + 3, message, messageLen);
    n += 3 + messageLen;
  }
  return n;
}

/**
 * The authenticator response of a Success message (`len` octets at `message`): exactly "S="
 * and 40 hex digits, alone or followed by a space. False for anything else.
 */
export function mschapSuccessParse(message: usize, len: i32, out: usize): bool {
  if (len < MSCHAP_SUCCESS_TEXT_BYTES) return false;
  if (load<u8>(message) != 0x53 || load<u8>(message, 1) != 0x3d) return false;
  if (len > MSCHAP_SUCCESS_TEXT_BYTES && load<u8>(message + <usize>MSCHAP_SUCCESS_TEXT_BYTES) != 0x20) return false;
  return mschapHexRead(message + 2, 20, out);
}

function decimalWrite(dst: usize, v: u32): i32 {
  let digits = 1;
  for (let t = v; t >= 10; t /= 10) digits++;
  for (let i = digits - 1, t = v; i >= 0; i--, t /= 10) store<u8>(dst + <usize>i, <u8>(0x30 + t % 10));
  return digits;
}

/**
 * A Failure text with no retry and no password change: "E=<error> R=0", and for version 2
 * (`challenge` non-zero, 16 octets) " C=<32 hex> V=3 M=<message>" (RFC 2759 §6). Returns the length.
 */
export function mschapFailureWrite(dst: usize, error: u32, challenge: usize, message: usize, messageLen: i32): i32 {
  store<u8>(dst, 0x45); // E
  store<u8>(dst, 0x3d, 1);
  let n = 2 + decimalWrite(dst + 2, error);
  const retry = dst + <usize>n;
  store<u8>(retry, 0x20);
  store<u8>(retry, 0x52, 1); // R
  store<u8>(retry, 0x3d, 2);
  store<u8>(retry, 0x30, 3); // R=0: the peer may not retry
  n += 4;
  if (challenge != 0) {
    const c = dst + <usize>n;
    store<u8>(c, 0x20);
    store<u8>(c, 0x43, 1); // C
    store<u8>(c, 0x3d, 2);
    n += 3 + mschapHexWrite(c + 3, challenge, 16);
    const v = dst + <usize>n;
    store<u8>(v, 0x20);
    store<u8>(v, 0x56, 1); // V=3: the version of the password-change protocol (RFC 2759 §6)
    store<u8>(v, 0x3d, 2);
    store<u8>(v, 0x33, 3);
    n += 4;
    if (messageLen > 0) {
      const m = dst + <usize>n;
      store<u8>(m, 0x20);
      store<u8>(m, 0x4d, 1);
      store<u8>(m, 0x3d, 2);
      memory.copy(m + 3, message, messageLen);
      n += 3 + messageLen;
    }
  }
  return n;
}
