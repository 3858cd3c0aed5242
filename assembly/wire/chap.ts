// CHAP packet bodies (RFC 1994 §4): Challenge and Response carry
// Value-Size(1) Value Name; Success and Failure carry a Message (the rest).

export const CHAP_CHALLENGE: u32 = 1;
export const CHAP_RESPONSE: u32 = 2;
export const CHAP_SUCCESS: u32 = 3;
export const CHAP_FAILURE: u32 = 4;
export const CHAP_MD5: u32 = 5;
export const CHAP_MD5_VALUE_BYTES: u32 = 16;

//  ChapValue (16 bytes): value and name of a parsed Challenge or Response.
//  ┌───────┬──────────┬──────┬─────────┐
//  │ value │ valueLen │ name │ nameLen │
//  └───────┴──────────┴──────┴─────────┘
@unmanaged
export class ChapValue {
  value: usize;
  valueLen: u32;
  name: usize;
  nameLen: u32;
}

/** Parses Challenge/Response data; false when Value-Size is 0 or runs past `len` octets. */
export function chapValueParse(out: ChapValue, data: usize, len: i32): bool {
  if (len < 1) return false;
  const size = <i32>load<u8>(data);
  if (size == 0 || 1 + size > len) return false;
  out.value = data + 1;
  out.valueLen = <u32>size;
  out.name = data + 1 + size;
  out.nameLen = <u32>(len - 1 - size);
  return true;
}

/** Writes Challenge/Response data; returns its length, or -1 for a value of 0 or > 255 octets. */
export function chapValueWrite(dst: usize, value: usize, valueLen: i32, name: usize, nameLen: i32): i32 {
  if (valueLen <= 0 || valueLen > 255 || nameLen < 0) return -1;
  store<u8>(dst, <u8>valueLen);
  memory.copy(dst + 1, value, valueLen);
  memory.copy(dst + 1 + valueLen, name, nameLen);
  return 1 + valueLen + nameLen;
}
