// A compiled chat script: a step list and the decoded strings, in one fixed block.
// Built by compile.ts from a ChatScripts record, read by the runner; never allocated.

/** Steps one script may compile to (tokens plus expect fallback parts). */
export const PROGRAM_MAX_STEPS: i32 = 96;
/** Decoded string bytes one script may hold. */
export const PROGRAM_STRING_BYTES: i32 = 1024;
export const PROGRAM_NAME_BYTES: i32 = 32;
export const STEP_BYTES: i32 = 8;

//  ChatProgram (PROGRAM_BYTES):
//  ┌───────────┬────────────┬─────────┬──────────┬──────────┬────────────────────┬───────────────┐
//  │ stepCount │ stringUsed │ nameLen │ reserved │ name[32] │ steps[96] × 8      │ strings[1024] │
//  │ u16       │ u16        │ u16     │ u16      │          │                    │               │
//  └───────────┴────────────┴─────────┴──────────┴──────────┴────────────────────┴───────────────┘
//  ChatStep (8 bytes): kind u8, flags u8, token u16 (index in the record), at u16 (string
//  offset), len u16 (string length; seconds for Timeout).
const NAME_OFFSET: usize = 8;
const STEPS_OFFSET: usize = NAME_OFFSET + <usize>PROGRAM_NAME_BYTES;
const STRINGS_OFFSET: usize = STEPS_OFFSET + <usize>(PROGRAM_MAX_STEPS * STEP_BYTES);
export const PROGRAM_BYTES: i32 = <i32>STRINGS_OFFSET + PROGRAM_STRING_BYTES;

export const enum StepKind {
  Abort = 1,
  Timeout = 2,
  Expect = 3,
  Send = 4,
  /** Sub-send of an `EXP-SEND-EXP` token: runs only when the expect before it timed out. */
  FallbackSend = 5,
  /** Sub-expect of an `EXP-SEND-EXP` token, after its FallbackSend. */
  FallbackExpect = 6,
}

export const enum StepFlag {
  /** The send ends in `\c` (or is EOT/BREAK): no carriage return after it. */
  NoReturn = 1,
  /** Traces show the send as hidden (a password answer, or `\q`). */
  Hidden = 2,
}

// Send strings keep their run-time actions in-band: 0xFF then a code; 0xFF 0xFF is 0xFF.
export const SEND_ESCAPE: u8 = 0xff;
export const SEND_DIAL: u8 = 0x54; // 'T': the dial string
export const SEND_DELAY: u8 = 0x64; // 'd': wait 2 s
export const SEND_PAUSE: u8 = 0x70; // 'p': wait 0.25 s
export const SEND_BREAK: u8 = 0x4b; // 'K': a BREAK

/**
 * Why a script is refused. A chat status is `-(kind | token << 8)`, token being the
 * 0-based index of the offending token in the script record (0 when none applies).
 */
export const enum ChatError {
  Truncated = 1, // the record runs past its section or its declared token count
  BadEscape = 2, // unknown backslash escape, octal above \377, or a lone trailing backslash
  MissingValue = 3, // ABORT or TIMEOUT as the last token
  BadTimeout = 4, // TIMEOUT value not 1..65535 decimal seconds
  EmptyAbort = 5, // ABORT "" would match at once
  TooManySteps = 6,
  TooLong = 7, // decoded strings exceed PROGRAM_STRING_BYTES
  MatcherTooLarge = 8, // active ABORT strings plus this expect exceed the automaton
  TooManyAborts = 9,
  EscapeInExpect = 10, // \c \d \p \K \T have no meaning while expecting
  NameTooLong = 11,
  BadRegexp = 12, // script-selection regexp malformed or too large
  NoSuchScript = 32,
  NoSuchLine = 33,
  LineBusy = 34,
  NoRunner = 35,
  DialTooLong = 36,
  BadSection = 37,
  DialRefused = 38, // the dial string is not a checked number (callback/dial-number.ts)
}

export function chatStatus(kind: ChatError, token: i32): i32 {
  return -(<i32>kind | (token << 8));
}

@unmanaged
export class ChatProgram {
  stepCount: u16;
  stringUsed: u16;
  nameLen: u16;
  reserved: u16;
}

export function programName(p: ChatProgram): usize {
  return changetype<usize>(p) + NAME_OFFSET;
}

export function programStrings(p: ChatProgram): usize {
  return changetype<usize>(p) + STRINGS_OFFSET;
}

export function stepAt(p: ChatProgram, index: i32): usize {
  return changetype<usize>(p) + STEPS_OFFSET + <usize>(index * STEP_BYTES);
}

export function stepKind(step: usize): StepKind {
  return <StepKind>load<u8>(step);
}

export function stepFlags(step: usize): u32 {
  return <u32>load<u8>(step, 1);
}

export function stepToken(step: usize): i32 {
  return <i32>load<u16>(step, 2);
}

/** Address of the step's decoded string. */
export function stepString(p: ChatProgram, step: usize): usize {
  return programStrings(p) + <usize>load<u16>(step, 4);
}

export function stepLength(step: usize): i32 {
  return <i32>load<u16>(step, 6);
}

export function stepWrite(step: usize, kind: StepKind, flags: u32, token: i32, at: i32, len: i32): void {
  store<u8>(step, <u8>kind);
  store<u8>(step, <u8>flags, 1);
  store<u16>(step, <u16>token, 2);
  store<u16>(step, <u16>at, 4);
  store<u16>(step, <u16>len, 6);
}
