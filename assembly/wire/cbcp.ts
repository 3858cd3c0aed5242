// Microsoft CBCP bodies (MS-CBCP §2.2; protocols.md §5): options
// Type(1) Length(1) [Delay(1)] [AddressType(1) Address NUL].

export const CBCP_REQUEST: u32 = 1;
export const CBCP_RESPONSE: u32 = 2;
export const CBCP_ACK: u32 = 3;

export const CBCP_NO_CALLBACK: u32 = 1;
export const CBCP_USER_NUMBER: u32 = 2;
export const CBCP_ADMIN_NUMBER: u32 = 3;
export const CBCP_LIST: u32 = 4;
export const CBCP_ADDRESS_PSTN: u32 = 1;

//  CbcpOption (20 bytes): one parsed option.
//  ┌──────┬───────┬─────────────┬────────┬───────────┐
//  │ type │ delay │ addressType │ number │ numberLen │
//  └──────┴───────┴─────────────┴────────┴───────────┘
@unmanaged
export class CbcpOption {
  type: u32;
  delay: u32;
  addressType: u32;
  number: usize;
  numberLen: u32;
}

/**
 * Parses the option at `ptr` (`end` bounds the packet). Returns the address after it, or 0
 * when it is malformed. Absent fields read 0; the number stops at its NUL or the option end.
 */
export function cbcpOptionParse(out: CbcpOption, ptr: usize, end: usize): usize {
  if (ptr + 2 > end) return 0;
  const len = <usize>load<u8>(ptr, 1);
  if (len < 2 || ptr + len > end) return 0;
  out.type = load<u8>(ptr);
  out.delay = len >= 3 ? load<u8>(ptr, 2) : 0;
  out.addressType = len >= 4 ? load<u8>(ptr, 3) : 0;
  out.number = ptr + 4;
  let n: u32 = 0;
  if (len > 4) {
    while (<usize>(4 + n) < len && load<u8>(ptr + 4 + n) != 0) n++;
  }
  out.numberLen = n;
  return ptr + len;
}

/**
 * Writes one option: type 1 as `01 02`, type 3 as `03 03 delay`, type 2 (and 4) as
 * `type len delay 01 number 00` (MS-CBCP §2.2.4.1: the 5-octet form even when empty).
 * Returns its length, or -1 when the number does not fit an option.
 */
export function cbcpOptionWrite(dst: usize, type: u32, delay: u32, number: usize, numberLen: i32): i32 {
  store<u8>(dst, <u8>type);
  if (type == CBCP_NO_CALLBACK) {
    store<u8>(dst, 2, 1);
    return 2;
  }
  if (type == CBCP_ADMIN_NUMBER) {
    store<u8>(dst, 3, 1);
    store<u8>(dst, <u8>delay, 2);
    return 3;
  }
  if (numberLen < 0 || numberLen > 250) return -1;
  const len = 5 + numberLen;
  store<u8>(dst, <u8>len, 1);
  store<u8>(dst, <u8>delay, 2);
  store<u8>(dst, <u8>CBCP_ADDRESS_PSTN, 3);
  memory.copy(dst + 4, number, numberLen);
  store<u8>(dst + 4 + numberLen, 0);
  return len;
}
