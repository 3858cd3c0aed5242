// Section 14, LineExtras (boards/image.md): per TTY line, the `script startup|reset|activation|
// connection|dialer` choices, `modem autoconfigure` with the modem type's name, who answers an
// incoming call (the modem by S0, or the line by ATA on RING) and the chat script that
// configures the modem, resolved from the modemcap table by the compiler. Read in place; an
// image without the section gives every line none of these.

import { MAX_LINES } from "../mem/tty";
import { ImageStatus, SectionType } from "./image";
import { NONE16, SectionView, sectionLocate, sectionHas, tableFits } from "./section";
import { imageHasLine } from "./lines-section";
import { scriptCount } from "./scripts";

/** The record as the compiler writes it; a shorter one is refused, a longer one read as far as this. */
export const LINE_EXTRA_RECORD_BYTES: u32 = 24;

export const enum LineExtraFlag {
  AutoconfigureDiscovery = 1 << 0,
  AutoconfigureType = 1 << 1,
}

/** Who answers an incoming call (record byte 17). */
export const enum AnswerMode {
  Unset = 0, // no modem type: the modem's own settings decide
  Modem = 1, // the modem type's init sets S0 to 1 or more
  Line = 2, // the line sends ATA when its modem reports RING
}

/** `script EVENT` fields, in record order. */
export const enum LineScript {
  Startup = 0,
  Reset = 1,
  Activation = 2,
  Connection = 3,
  Dialer = 4,
}

const AT_FLAGS: usize = 2;
const AT_SCRIPTS: usize = 4;
const AT_TYPE: usize = 14;
const AT_TYPE_LEN: usize = 16;
const AT_ANSWER: usize = 17;
const AT_MODEM_SCRIPT: usize = 18;
const AT_MODEM_SCRIPT_LEN: usize = 20;
const AT_DISCOVERY: usize = 22;

// @ts-ignore: decorator
@lazy const view: SectionView = changetype<SectionView>(memory.data(offsetof<SectionView>(), 8));
// Record address per TTY (0 = no record).
// @ts-ignore: decorator
@lazy const byTty: usize = memory.data(MAX_LINES * 4, 4);

export function lineExtrasReset(): void {
  view.ptr = 0;
  view.len = 0;
  memory.fill(byTty, 0, <usize>MAX_LINES * 4);
}

/** `u16 count, u16 recordBytes`, then the records: each TTY once, references inside the image. */
export function lineExtrasLoad(): ImageStatus {
  lineExtrasReset();
  sectionLocate(view, SectionType.LineExtras);
  if (view.ptr == 0) return ImageStatus.Ok;
  if (!tableFits(view, LINE_EXTRA_RECORD_BYTES)) return ImageStatus.BadSection;
  const count = <u32>load<u16>(view.ptr);
  const recordBytes = <u32>load<u16>(view.ptr, 2);
  for (let i: u32 = 0; i < count; i++) {
    const r = view.ptr + 4 + i * recordBytes;
    const tty = <i32>load<u16>(r);
    if (tty <= 0 || tty >= MAX_LINES || !imageHasLine(tty) || record(tty) != 0) return ImageStatus.BadValue;
    for (let k: usize = 0; k < 5; k++) {
      const script = <u32>load<u16>(r + AT_SCRIPTS + (k << 1));
      if (script != NONE16 && script >= scriptCount()) return ImageStatus.BadValue;
    }
    if (<u32>load<u8>(r, AT_ANSWER) > <u32>AnswerMode.Line) return ImageStatus.BadValue;
    if (!sectionHas(view, <u32>load<u16>(r, AT_TYPE), <u32>load<u8>(r, AT_TYPE_LEN))) return ImageStatus.BadSection;
    const at = <u32>load<u16>(r, AT_MODEM_SCRIPT);
    const len = <u32>load<u16>(r, AT_MODEM_SCRIPT_LEN);
    if (at != NONE16 && (len < 2 || !sectionHas(view, at, len))) return ImageStatus.BadSection;
    const discovery = <u32>load<u16>(r, AT_DISCOVERY);
    if (discovery != 0 && !discoveryTableFits(discovery)) return ImageStatus.BadSection;
    store<u32>(byTty + (<usize>tty << 2), <u32>r);
  }
  return ImageStatus.Ok;
}

function record(tty: i32): usize {
  return tty <= 0 || tty >= MAX_LINES ? 0 : <usize>load<u32>(byTty + (<usize>tty << 2));
}

/** LineExtraFlag bits (0 without a record). */
export function lineExtraFlags(tty: i32): u32 {
  const r = record(tty);
  return r == 0 ? 0 : <u32>load<u16>(r, AT_FLAGS);
}

/** The chat-script index `script EVENT` chose for the line (first match), -1 when none. */
export function lineEventScript(tty: i32, which: LineScript): i32 {
  const r = record(tty);
  const v = r == 0 ? NONE16 : <u32>load<u16>(r + AT_SCRIPTS + (<usize>which << 1));
  return v == NONE16 ? -1 : <i32>v;
}

/** Who answers the line's incoming calls. */
export function lineAnswerMode(tty: i32): AnswerMode {
  const r = record(tty);
  return r == 0 ? AnswerMode.Unset : <AnswerMode>load<u8>(r, AT_ANSWER);
}

/** Where the chat record configuring the line's modem starts (section 5's record layout), 0 when none. */
export function lineModemScriptPtr(tty: i32): usize {
  const r = record(tty);
  if (r == 0) return 0;
  const at = <u32>load<u16>(r, AT_MODEM_SCRIPT);
  return at == NONE16 ? 0 : view.ptr + <usize>at;
}

/** Its length in bytes (0 when none). */
export function lineModemScriptLen(tty: i32): u32 {
  const r = record(tty);
  return r == 0 || load<u16>(r, AT_MODEM_SCRIPT) == <u16>NONE16 ? 0 : <u32>load<u16>(r, AT_MODEM_SCRIPT_LEN);
}

/** `modem autoconfigure type NAME`: where NAME is (its length: lineModemTypeLen). */
export function lineModemTypePtr(tty: i32): usize {
  const r = record(tty);
  return r == 0 ? 0 : view.ptr + <usize>load<u16>(r, AT_TYPE);
}

export function lineModemTypeLen(tty: i32): u32 {
  const r = record(tty);
  return r == 0 ? 0 : <u32>load<u8>(r, AT_TYPE_LEN);
}

// ---- `modem autoconfigure discovery`: the modem types the line can tell apart ----
// At record byte 22 (0: none) a table in the pool: u8 count, then per candidate u8 nameLen,
// name, u8 patternLen, pattern, u8 AnswerMode, u16 scriptLen, the chat record (section 5's layout).

// Every candidate lies inside the section with non-empty fields.
function discoveryTableFits(offset: u32): bool {
  if (!sectionHas(view, offset, 1)) return false;
  const count = <u32>load<u8>(view.ptr + <usize>offset);
  let at = offset + 1;
  for (let k: u32 = 0; k < count; k++) {
    for (let field = 0; field < 2; field++) {
      if (!sectionHas(view, at, 1)) return false;
      const n = <u32>load<u8>(view.ptr + <usize>at);
      if (n == 0 || !sectionHas(view, at + 1, n)) return false;
      at += 1 + n;
    }
    if (!sectionHas(view, at, 3)) return false;
    if (<u32>load<u8>(view.ptr + <usize>at) > <u32>AnswerMode.Line) return false;
    const len = <u32>load<u8>(view.ptr + <usize>at + 1) | (<u32>load<u8>(view.ptr + <usize>at + 2) << 8);
    if (len < 2 || !sectionHas(view, at + 3, len)) return false;
    at += 3 + len;
  }
  return true;
}

/** How many modem types discovery chooses from (0: the line does not discover). */
export function lineDiscoveryCount(tty: i32): u32 {
  const r = record(tty);
  if (r == 0 || load<u16>(r, AT_DISCOVERY) == 0) return 0;
  return <u32>load<u8>(view.ptr + <usize>load<u16>(r, AT_DISCOVERY));
}

/** Where candidate `k` starts (checked at load), 0 when there is none. */
export function lineDiscoveryCandidate(tty: i32, k: u32): usize {
  if (k >= lineDiscoveryCount(tty)) return 0;
  let c = view.ptr + <usize>load<u16>(record(tty), AT_DISCOVERY) + 1;
  for (let i: u32 = 0; i < k; i++) c = candidateScriptPtr(c) + <usize>candidateScriptLen(c);
  return c;
}

export function candidateNamePtr(c: usize): usize {
  return c + 1;
}

export function candidateNameLen(c: usize): u32 {
  return <u32>load<u8>(c);
}

/** The text the modem's identification must contain (ASCII, any case). */
export function candidatePatternPtr(c: usize): usize {
  return c + 2 + <usize>candidateNameLen(c);
}

export function candidatePatternLen(c: usize): u32 {
  return <u32>load<u8>(c + 1 + <usize>candidateNameLen(c));
}

function candidateTail(c: usize): usize {
  return candidatePatternPtr(c) + <usize>candidatePatternLen(c);
}

export function candidateAnswer(c: usize): AnswerMode {
  return <AnswerMode>load<u8>(candidateTail(c));
}

export function candidateScriptLen(c: usize): u32 {
  const t = candidateTail(c);
  return <u32>load<u8>(t, 1) | (<u32>load<u8>(t, 2) << 8);
}

export function candidateScriptPtr(c: usize): usize {
  return candidateTail(c) + 3;
}
