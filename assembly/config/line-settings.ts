// The compiler's part of each Lines (2) record: bytes 4..31 after `tty u16, flags u16`
// (boards/image.md), one typed accessor per field. Images with 4-byte records (no compiler)
// give every line the defaults.

import { MAX_LINES } from "../mem/tty";
import { ImageStatus, SectionType } from "./image";
import { NONE16, SectionView, sectionLocate } from "./section";
import { rotaryHas, rotaryCount, rotaryGroupAt } from "./rotaries";
import { scriptCount } from "./scripts";

export const LINE_RECORD_BYTES_COMPILED: u32 = 32;

/** IOS `exec-timeout` default: 10 minutes. The compiler writes it into every record it makes; a line without one gets it here. */
export const EXEC_TIMEOUT_DEFAULT_S: u32 = 600;

export const enum LineFlag {
  LoginLocal = 1 << 0,
  LoginAuthentication = 1 << 1,
  LoginLine = 1 << 2,
  AutoselectPpp = 1 << 3,
  AutoselectArap = 1 << 4,
  AutoselectSlip = 1 << 5,
  AutoselectDuringLogin = 1 << 6,
  ArapEnable = 1 << 7,
  FlushAtActivation = 1 << 8,
  ForcedWaitOwn = 1 << 9,
  CallbackScript = 1 << 10,
  ArapCallbackScript = 1 << 11,
  HasInterface = 1 << 12,
  /** The console (line 0): always at the EXEC prompt, no modem, no login. */
  Console = 1 << 14,
  /** Diagnostic: every received byte goes straight to the framer (no carrier, no login). */
  FrameMonitor = 1 << 15,
}

/** `modem` setting of a line (record byte 6). */
export const enum ModemMode {
  None = 0,
  InOut = 1,
  Dialin = 2,
  CallIn = 3,
  CallOut = 4,
  CtsRequired = 5,
  DtrActive = 6,
  RiIsCd = 7,
  Host = 8,
  Printer = 9,
}

// Field offsets of a compiled record.
const AT_FLAGS: usize = 2;
const AT_ROTARY: usize = 4;
const AT_MODEM: usize = 6;
const AT_STOPBITS: usize = 7;
const AT_SPEED: usize = 8;
const AT_FORCED_WAIT: usize = 12;
const AT_CALLBACK_SCRIPT: usize = 14;
const AT_ARAP_CALLBACK_SCRIPT: usize = 16;
const AT_FLOWCONTROL: usize = 18;
const AT_EXEC_TIMEOUT: usize = 20;
const AT_ANSWER_TIMEOUT: usize = 24;

// @ts-ignore: decorator
@lazy const view: SectionView = changetype<SectionView>(memory.data(offsetof<SectionView>(), 8));
// Record address per TTY (0 = no compiled record).
// @ts-ignore: decorator
@lazy const byTty: usize = memory.data(MAX_LINES * 4, 4);

export function lineSettingsReset(): void {
  memory.fill(byTty, 0, <usize>MAX_LINES * 4);
}

/** Indexes the compiled records and checks their references (scripts, rotary membership). */
export function lineSettingsLoad(): ImageStatus {
  lineSettingsReset();
  sectionLocate(view, SectionType.Lines);
  if (view.ptr == 0 || view.len < 4) return ImageStatus.Ok;
  const n = <u32>load<u16>(view.ptr);
  const recordBytes = <u32>load<u16>(view.ptr, 2);
  if (recordBytes < LINE_RECORD_BYTES_COMPILED) return ImageStatus.Ok;
  for (let i: u32 = 0; i < n; i++) {
    const r = view.ptr + 4 + i * recordBytes;
    const tty = <i32>load<u16>(r);
    if (tty <= 0 || tty >= MAX_LINES) return ImageStatus.BadValue;
    const rotary = <u32>load<u16>(r, AT_ROTARY);
    if (rotary != 0 && !rotaryHas(rotary, tty)) return ImageStatus.BadValue;
    if (<u32>load<u8>(r, AT_MODEM) > <u32>ModemMode.Printer || <u32>load<u8>(r, AT_STOPBITS) > 3 || <u32>load<u8>(r, AT_FLOWCONTROL) > 3) {
      return ImageStatus.BadValue;
    }
    const callback = <u32>load<u16>(r, AT_CALLBACK_SCRIPT);
    const arap = <u32>load<u16>(r, AT_ARAP_CALLBACK_SCRIPT);
    if ((callback != NONE16 && callback >= scriptCount()) || (arap != NONE16 && arap >= scriptCount())) return ImageStatus.BadValue;
    store<u32>(byTty + (<usize>tty << 2), <u32>r);
  }
  // Every rotary member must say so in its own record.
  for (let k: u32 = 0; k < rotaryCount(); k++) {
    const group = rotaryGroupAt(k);
    for (let tty: i32 = 1; tty < MAX_LINES; tty++) {
      if (rotaryHas(group, tty) && <u32>lineRotary(tty) != group) return ImageStatus.BadValue;
    }
  }
  return ImageStatus.Ok;
}

// The compiled record of `tty`, 0 when none.
function record(tty: i32): usize {
  if (tty <= 0 || tty >= MAX_LINES) return 0;
  return <usize>load<u32>(byTty + (<usize>tty << 2));
}

/** Whether `tty` has a compiled record (else every accessor gives the default). */
export function lineHasSettings(tty: i32): bool {
  return record(tty) != 0;
}

/** LineFlag bits of the compiled record (0 without one). */
export function lineFlags(tty: i32): u32 {
  const r = record(tty);
  return r == 0 ? 0 : <u32>load<u16>(r, AT_FLAGS);
}

/** Rotary group of the line, 0 for none. */
export function lineRotary(tty: i32): u32 {
  const r = record(tty);
  return r == 0 ? 0 : <u32>load<u16>(r, AT_ROTARY);
}

export function lineModem(tty: i32): ModemMode {
  const r = record(tty);
  return r == 0 ? ModemMode.None : <ModemMode>load<u8>(r, AT_MODEM);
}

/** Speed in bit/s, 0 for the default. */
export function lineSpeed(tty: i32): u32 {
  const r = record(tty);
  return r == 0 ? 0 : load<u32>(r, AT_SPEED);
}

/**
 * `callback forced-wait` of the line in seconds, -1 when none. The image carries the
 * effective value: the line's own, else the global one (the compiler applies the fallback).
 */
export function lineForcedWait(tty: i32): i32 {
  const r = record(tty);
  const v = r == 0 ? NONE16 : <u32>load<u16>(r, AT_FORCED_WAIT);
  return v == NONE16 ? -1 : <i32>v;
}

/**
 * The chat script `script callback` chose for the line, -1 when none: the compiler matched
 * the IOS regular expression against the script names and the image carries the index of
 * the first match, so the core never runs a regular expression for it.
 */
export function lineCallbackScript(tty: i32): i32 {
  const r = record(tty);
  const v = r == 0 ? NONE16 : <u32>load<u16>(r, AT_CALLBACK_SCRIPT);
  return v == NONE16 ? -1 : <i32>v;
}

/** The same for `script arap-callback`. */
export function lineArapCallbackScript(tty: i32): i32 {
  const r = record(tty);
  const v = r == 0 ? NONE16 : <u32>load<u16>(r, AT_ARAP_CALLBACK_SCRIPT);
  return v == NONE16 ? -1 : <i32>v;
}

/** `exec-timeout` in seconds (0 = never); EXEC_TIMEOUT_DEFAULT_S for a line without a compiled record. */
export function lineExecTimeout(tty: i32): u32 {
  const r = record(tty);
  return r == 0 ? EXEC_TIMEOUT_DEFAULT_S : load<u32>(r, AT_EXEC_TIMEOUT);
}

/** `modem answer-timeout` in seconds, 0 when not set (the line's default applies). */
export function lineAnswerTimeout(tty: i32): u32 {
  const r = record(tty);
  return r == 0 ? 0 : <u32>load<u16>(r, AT_ANSWER_TIMEOUT);
}
