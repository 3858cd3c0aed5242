// Section 2, Lines, as the foundation writes it: `u16 count, u16 recordBytes`, then records
// that start `u16 tty, u16 flags` (boards/image.md). Which TTYs the image has is read from
// the image itself: init makes its lines from here, and every reader that names a TTY
// (rotaries, users' callback lines, line passwords) checks it here, never against the lines
// made of it.

import { ImageStatus, SectionType, imageSection, imageSectionLength } from "./image";

/** The foundation's part of a record: tty and flags. */
export const LINE_RECORD_BYTES_FOUNDATION: u32 = 4;

// The section's start when its table fits, else 0.
function table(): usize {
  const at = imageSection(SectionType.Lines);
  const len = imageSectionLength(SectionType.Lines);
  if (at == 0 || len < 4) return 0;
  const count = <u32>load<u16>(at);
  const recordBytes = <u32>load<u16>(at, 2);
  return recordBytes < LINE_RECORD_BYTES_FOUNDATION || 4 + <u64>count * recordBytes > <u64>len ? 0 : at;
}

/** Ok when the image has a Lines table whose records fit; MissingSection or BadSection otherwise. */
export function linesSectionCheck(): ImageStatus {
  if (imageSection(SectionType.Lines) == 0 || imageSectionLength(SectionType.Lines) < 4) return ImageStatus.MissingSection;
  return table() == 0 ? ImageStatus.BadSection : ImageStatus.Ok;
}

/** Records in the section (0 when it is missing or does not fit). */
export function linesSectionCount(): u32 {
  const at = table();
  return at == 0 ? 0 : <u32>load<u16>(at);
}

// Record `i` (0 ≤ i < linesSectionCount()), 0 when there is none.
function linesSectionRecord(i: u32): usize {
  const at = table();
  if (at == 0 || i >= <u32>load<u16>(at)) return 0;
  return at + 4 + <usize>i * <usize>load<u16>(at, 2);
}

/** The TTY of record `i` (-1 none). */
export function linesSectionTty(i: u32): i32 {
  const r = linesSectionRecord(i);
  return r == 0 ? -1 : <i32>load<u16>(r);
}

/** The LineFlag bits of record `i` (0 none). */
export function linesSectionFlags(i: u32): u32 {
  const r = linesSectionRecord(i);
  return r == 0 ? 0 : <u32>load<u16>(r, 2);
}

/** Whether the image has a line with TTY number `tty`. */
export function imageHasLine(tty: i32): bool {
  const at = table();
  if (at == 0) return false;
  const count = <u32>load<u16>(at);
  const recordBytes = <usize>load<u16>(at, 2);
  for (let i: u32 = 0; i < count; i++) if (<i32>load<u16>(at + 4 + <usize>i * recordBytes) == tty) return true;
  return false;
}
