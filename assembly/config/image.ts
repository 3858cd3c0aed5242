// Reader of the configuration image the host compiles (format: boards/image.md).
// Every view checks its bounds once; a bad or foreign image is refused with a status.

import { fcs32Update, FCS32_INIT } from "../wire/fcs";

export const IMAGE_MAGIC: u32 = 0x4b424c44; // "DLBK" read little-endian
export const IMAGE_VERSION: u32 = 1;
export const IMAGE_HEADER_BYTES: u32 = 24;
export const SECTION_ENTRY_BYTES: u32 = 12;

export const enum ImageStatus {
  Ok = 0,
  BadMagic = -1,
  BadVersion = -2,
  Truncated = -3,
  BadChecksum = -4,
  BadSection = -5,
  TooManyLines = -6,
  OutOfMemory = -7,
  MissingSection = -8,
  BadValue = -9,
}

export const enum SectionType {
  System = 1,
  Lines = 2,
  Users = 3,
  Rotaries = 4,
  ChatScripts = 5,
  Interfaces = 6,
  Globals = 7,
  Aaa = 8,
  DialRules = 9,
  Login = 10,
  AddressPools = 11,
  InterfaceExtras = 12,
  LineExtras = 14,
  InterfaceCredentials = 15,
}

let imagePtr: usize = 0;
let imageLen: u32 = 0;
let sectionCount: u32 = 0;

/**
 * Checks header, version, length, CRC-32 and the section directory.
 * Header: magic u32, version u16, headerBytes u16, totalBytes u32, crc32 u32 (over bytes 16..total
 * with the crc field excluded), sectionCount u16, reserved u16, reserved u32; then the directory.
 */
export function imageOpen(ptr: usize, len: u32): ImageStatus {
  imagePtr = 0;
  if (len < IMAGE_HEADER_BYTES) return ImageStatus.Truncated;
  if (load<u32>(ptr) != IMAGE_MAGIC) return ImageStatus.BadMagic;
  if (<u32>load<u16>(ptr, 4) != IMAGE_VERSION) return ImageStatus.BadVersion;
  const headerBytes = <u32>load<u16>(ptr, 6);
  const total = load<u32>(ptr, 8);
  if (headerBytes < IMAGE_HEADER_BYTES || total > len || total < headerBytes) return ImageStatus.Truncated;
  const crc = ~fcs32Update(FCS32_INIT, ptr + 16, total - 16);
  if (crc != load<u32>(ptr, 12)) return ImageStatus.BadChecksum;
  const count = <u32>load<u16>(ptr, 16);
  if (headerBytes + count * SECTION_ENTRY_BYTES > total) return ImageStatus.Truncated;
  for (let i: u32 = 0; i < count; i++) {
    const entry = ptr + headerBytes + i * SECTION_ENTRY_BYTES;
    const offset = load<u32>(entry, 4);
    const length = load<u32>(entry, 8);
    if (offset > total || length > total - offset) return ImageStatus.BadSection;
  }
  imagePtr = ptr;
  imageLen = total;
  sectionCount = count;
  return ImageStatus.Ok;
}

/** Start of the first section of `type` (0 if absent); its length via imageSectionLength. */
export function imageSection(type: u32): usize {
  if (imagePtr == 0) return 0;
  const headerBytes = <u32>load<u16>(imagePtr, 6);
  for (let i: u32 = 0; i < sectionCount; i++) {
    const entry = imagePtr + headerBytes + i * SECTION_ENTRY_BYTES;
    if (<u32>load<u16>(entry) == type) return imagePtr + load<u32>(entry, 4);
  }
  return 0;
}

export function imageSectionLength(type: u32): u32 {
  if (imagePtr == 0) return 0;
  const headerBytes = <u32>load<u16>(imagePtr, 6);
  for (let i: u32 = 0; i < sectionCount; i++) {
    const entry = imagePtr + headerBytes + i * SECTION_ENTRY_BYTES;
    if (<u32>load<u16>(entry) == type) return load<u32>(entry, 8);
  }
  return 0;
}
