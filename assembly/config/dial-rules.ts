// Section 9, DialRules (a dialback extension): u8 allowed dial modifiers (DialModifier bits),
// u8 longest number, u16 reserved 0. Absent: the defaults below. The alphabet itself is
// callback/dial-number.ts; this file only reads what the configuration allows.

import { ImageStatus, SectionType } from "./image";
import { SectionView, sectionLocate } from "./section";

export const DIAL_RULES_BYTES: u32 = 4;

/** V.250 §6.3.1 dial modifiers a configuration may allow, as bits. */
export const enum DialModifier {
  Pause = 1, // `,`
  WaitForDialTone = 2, // `W`
  Pulse = 4, // `P`
  Tone = 8, // `T`
  All = 15,
}

/** Only `,`: a pause after a PBX's outside-line digit ("9,5551234") is what callback numbers need. */
export const DIAL_DEFAULT_MODIFIERS: u32 = DialModifier.Pause;
/** A callback record holds 32 octets of number (callback/record.ts NUMBER_BYTES). */
export const DIAL_MAX_LENGTH: u32 = 32;
export const DIAL_DEFAULT_MAX_LENGTH: u32 = DIAL_MAX_LENGTH;

// @ts-ignore: decorator
@lazy const view: SectionView = changetype<SectionView>(memory.data(offsetof<SectionView>(), 8));
let modifiers: u32 = DIAL_DEFAULT_MODIFIERS;
let maxLength: u32 = DIAL_DEFAULT_MAX_LENGTH;

export function dialRulesReset(): void {
  modifiers = DIAL_DEFAULT_MODIFIERS;
  maxLength = DIAL_DEFAULT_MAX_LENGTH;
}

export function dialRulesLoad(): ImageStatus {
  dialRulesReset();
  sectionLocate(view, SectionType.DialRules);
  if (view.ptr == 0) return ImageStatus.Ok;
  if (view.len < DIAL_RULES_BYTES) return ImageStatus.BadSection;
  const allowed = <u32>load<u8>(view.ptr);
  const longest = <u32>load<u8>(view.ptr, 1);
  if ((allowed & ~DialModifier.All) != 0 || longest == 0 || longest > DIAL_MAX_LENGTH) return ImageStatus.BadValue;
  dialRulesSet(allowed, longest);
  return ImageStatus.Ok;
}

/** Sets the rules as the section gives them (specs set them directly). */
export function dialRulesSet(allowed: u32, longest: u32): void {
  modifiers = allowed & DialModifier.All;
  maxLength = longest == 0 || longest > DIAL_MAX_LENGTH ? DIAL_MAX_LENGTH : longest;
}

/** DialModifier bits the configuration allows in a number. */
export function dialRulesModifiers(): u32 {
  return modifiers;
}

/** The longest number the configuration allows (1..DIAL_MAX_LENGTH). */
export function dialRulesMaxLength(): u32 {
  return maxLength;
}
