// SWAR tests over the eight octets of a u64 at once, for the framing loops: non-zero when
// any octet matches, and the lowest set bit always marks the first matching octet (borrows
// only run upwards from a match, so bits above it may be false alarms).

// @ts-ignore: decorator
@inline const LOW: u64 = 0x0101010101010101;
// @ts-ignore: decorator
@inline export const HIGH: u64 = 0x8080808080808080;

// @ts-ignore: decorator
@inline export function anyZero(x: u64): u64 {
  return (x - LOW) & ~x & HIGH;
}

/**
 * Flags 0x7C-0x7F: one test covers flag and escape (RFC 1662 §4.2); 0x7C and 0x7F are false
 * alarms that the per-octet paths pass through unchanged (cheaper than testing 0x7D and
 * 0x7E apart).
 */
// @ts-ignore: decorator
@inline export function anyFlagOrEscape(x: u64): u64 {
  return anyZero(flagOrEscapeZero(x));
}

// 0x7C-0x7F become 0x00, every other octet keeps its top bit.
// @ts-ignore: decorator
@inline function flagOrEscapeZero(x: u64): u64 {
  return (x | 0x0303030303030303) ^ 0x7f7f7f7f7f7f7f7f;
}

/**
 * anyFlagOrEscape, and also octets below 0x20 when `controls` is 0x2020…20 (0 for ACCM 0
 * adds nothing). Both tests take ~x & HIGH, as flagOrEscapeZero keeps each top bit, so it
 * is taken once.
 */
// @ts-ignore: decorator
@inline export function anyToEscape(x: u64, controls: u64): u64 {
  return ((flagOrEscapeZero(x) - LOW) | (x - controls)) & ~x & HIGH;
}
