// The dial alphabet: what a number must be before any chat script may put it after ATD.
// A number is digits, `*` and `#`, plus the dial modifiers the configuration allows (at most
// `,` `W` `P` `T`, V.250 §6.3.1), no longer than the configured maximum. Anything else
// (`;` returns the modem to command state, `\r` ends the command line and starts the next
// one, letters, `&`, `S=`, `!`, `@`, `+`) makes the callback refused. The visual separators
// space, `-`, `(`, `)` and `.` are removed first, as a modem would ignore them anyway.
// The same rule checks every number: the configured dial string, an AAA server's, and the
// caller's (CBCP, RFC 1570, the EXEC prompt); the chat engine asks it again before \T.

import { eventEmit } from "../mem/events";
import { globalCount, GlobalCounter } from "../mem/counters";
import { DialModifier, DIAL_MAX_LENGTH, dialRulesModifiers, dialRulesMaxLength } from "../config/dial-rules";
import { directoryFlags, USER_REMOTE } from "../users/directory";
import { CallbackMethod } from "./record";
import { CallbackEvent } from "./callback-events";

/** Where a number came from (the event names it). */
export const enum DialSource {
  Config = 1, // `username … callback-dialstring`
  Aaa = 2, // a RADIUS or TACACS+ server's callback attributes (aaaUserSet)
  Cbcp = 3, // MS-CBCP user-specified number
  Rfc1570 = 4, // RFC 1570 operation 1 or 3
  ExecPrompt = 5, // typed at `Callback Dialstring:`
  Caller = 6, // a caller by another method
}

/** What is wrong with a number. */
export const enum DialProblem {
  None = 0,
  Empty = 1, // nothing to dial once the separators are gone
  TooLong = 2, // more than the configured maximum
  NotDialable = 3, // a byte that is no digit, `*`, `#`, modifier or separator
  ModifierNotAllowed = 4, // `,` `W` `P` `T` the configuration does not allow
}

/** Bytes of a refused number the event shows (enough to see what was tried). */
export const DIAL_SHOWN_MAX: u32 = 64;

// @ts-ignore: decorator
@lazy const checked: usize = memory.data(<i32>DIAL_MAX_LENGTH);

function isSeparator(b: u8): bool {
  return b == 0x20 || b == 0x2d || b == 0x28 || b == 0x29 || b == 0x2e; // space - ( ) .
}

// DialModifier bit of `b` (either case), 0 when it is none.
function modifierOf(b: u8): u32 {
  const upper = b >= 0x61 && b <= 0x7a ? b - 0x20 : b;
  if (upper == 0x2c) return DialModifier.Pause;
  if (upper == 0x57) return DialModifier.WaitForDialTone;
  if (upper == 0x50) return DialModifier.Pulse;
  if (upper == 0x54) return DialModifier.Tone;
  return 0;
}

function problem(kind: DialProblem, offset: u32): i32 {
  return -(<i32>kind | (<i32>offset << 8));
}

// Copies the dialable bytes of `src` to `checked`; separators are skipped when `strip`.
function scan(src: usize, len: u32, strip: bool): i32 {
  const allowed = dialRulesModifiers();
  const longest = dialRulesMaxLength();
  let kept: u32 = 0;
  for (let i: u32 = 0; i < len; i++) {
    const b = load<u8>(src + i);
    if (strip && isSeparator(b)) continue;
    const modifier = modifierOf(b);
    if (modifier != 0) {
      if ((allowed & modifier) == 0) return problem(DialProblem.ModifierNotAllowed, i);
    } else if (!((b >= 0x30 && b <= 0x39) || b == 0x2a || b == 0x23)) {
      return problem(DialProblem.NotDialable, i);
    }
    if (kept >= longest) return problem(DialProblem.TooLong, i);
    store<u8>(checked + kept, b);
    kept++;
  }
  return kept == 0 ? problem(DialProblem.Empty, 0) : <i32>kept;
}

/**
 * Checks `len` bytes of a number. Returns the length of the number to dial (separators
 * removed), readable at dialNumberText() until the next check, or -(DialProblem | offset << 8)
 * with the offset of the first byte that is wrong in what was given.
 */
export function dialNumberCheck(src: usize, len: u32): i32 {
  return scan(src, len, true);
}

/** The number the last successful check kept. */
export function dialNumberText(): usize {
  return checked;
}

/** True when `len` bytes are a number as the check leaves it: what \T may carry. */
export function dialNumberAllowed(src: usize, len: i32): bool {
  return len > 0 && scan(src, <u32>len, false) == len;
}

/** The source of a callback's number: the directory entry's, else the caller's by method. */
export function dialSourceOf(method: CallbackMethod, fromCaller: bool, user: i32): DialSource {
  if (!fromCaller) return (directoryFlags(user) & USER_REMOTE) != 0 ? DialSource.Aaa : DialSource.Config;
  if (method == CallbackMethod.Cbcp) return DialSource.Cbcp;
  if (method == CallbackMethod.Rfc1570) return DialSource.Rfc1570;
  if (method == CallbackMethod.Exec) return DialSource.ExecPrompt;
  return DialSource.Caller;
}

/**
 * The number of callback `id` on `tty`, from `source`: its checked length (number at
 * dialNumberText()), or a negative check result after the refusal is reported
 * (CallbackEvent.NumberRefused with the number as given) and counted.
 */
export function dialNumberAccept(tty: u32, id: u32, source: DialSource, src: usize, len: u32): i32 {
  const n = dialNumberCheck(src, len);
  if (n > 0) return n;
  globalCount(GlobalCounter.DialNumbersRefused);
  const shown = len < DIAL_SHOWN_MAX ? len : DIAL_SHOWN_MAX;
  eventEmit(<i32>tty, CallbackEvent.NumberRefused, <i32>id, <i32>source, (-n) & 0xff, (-n) >> 8, src, shown);
  return n;
}
