// The frame check sequence of MNP class 4 (V.42 Annex A §A.3.6): CRC-16 with the polynomial
// x^16 + x^15 + x^2 + 1, reflected (0xA001), initial value 0, no final XOR (CRC-16/ARC).
// It covers the frame body and the ETX octet of the end flag, not the start flag nor the DLE
// octets added for transparency; it is sent low octet first. Check value of "123456789": BB3D.

/** Initial value of the running CRC. */
export const MNP_CRC_INIT: u32 = 0;

const POLY: u32 = 0xa001;

// A half-octet table (16 entries, 32 bytes) rather than an octet table (512 bytes): static
// data is what decides whether the 8-line build fits its pages, and MNP runs at modem speeds.
// @ts-ignore: decorator
@lazy const table: usize = memory.data(16 * 2, 2);
let tableReady: bool = false;

function buildTable(): void {
  for (let i: u32 = 0; i < 16; i++) {
    let v = i;
    for (let k = 0; k < 4; k++) v = v & 1 ? (v >>> 1) ^ POLY : v >>> 1;
    store<u16>(table + (<usize>i << 1), <u16>v);
  }
  tableReady = true;
}

/** The running CRC after one more octet (low half-octet first, as the CRC is reflected). */
export function mnpCrcUpdate(crc: u32, octet: u32): u32 {
  if (!tableReady) buildTable();
  crc = (crc >>> 4) ^ <u32>load<u16>(table + (<usize>((crc ^ octet) & 0xf) << 1));
  return (crc >>> 4) ^ <u32>load<u16>(table + (<usize>((crc ^ (octet >>> 4)) & 0xf) << 1));
}

/** The running CRC after `len` octets at `src`. */
export function mnpCrcOver(crc: u32, src: usize, len: i32): u32 {
  for (let i = 0; i < len; i++) crc = mnpCrcUpdate(crc, load<u8>(src + <usize>i));
  return crc;
}
