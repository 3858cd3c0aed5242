// The compiler's part of each Lines (2) record: bytes 4..31 after `tty u16, flags u16`
// (boards/image.md). Images with 4-byte records (no compiler) give every line the defaults.

import { lineGet, MAX_LINES } from "../line/lines";
import { ImageStatus, SectionType } from "./image";
import { NONE16, SectionView, sectionLocate } from "./section";
import { rotaryFind, rotaryHasMember, rotaryCount, rotaryAt } from "./rotaries";
import { scriptCount } from "./scripts";

export const LINE_RECORD_BYTES_COMPILED: u32 = 32;

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
    if (lineGet(tty) == null) return ImageStatus.BadValue;
    const rotary = <u32>load<u16>(r, 4);
    if (rotary != 0 && !rotaryHasMember(rotaryFind(rotary), tty)) return ImageStatus.BadValue;
    if (<u32>load<u8>(r, 6) > 9 || <u32>load<u8>(r, 7) > 3 || <u32>load<u8>(r, 18) > 3) return ImageStatus.BadValue;
    const callback = <u32>load<u16>(r, 14);
    const arap = <u32>load<u16>(r, 16);
    if ((callback != NONE16 && callback >= scriptCount()) || (arap != NONE16 && arap >= scriptCount())) return ImageStatus.BadValue;
    store<u32>(byTty + (<usize>tty << 2), <u32>r);
  }
  // Every rotary member must say so in its own record.
  for (let k: u32 = 0; k < rotaryCount(); k++) {
    const rec = rotaryAt(k);
    for (let tty: i32 = 1; tty < MAX_LINES; tty++) {
      if (rotaryHasMember(rec, tty) && lineSettingsRotary(tty) != <i32>load<u16>(rec)) return ImageStatus.BadValue;
    }
  }
  return ImageStatus.Ok;
}

/** The compiled record of `tty`, 0 when none. */
export function lineSettings(tty: i32): usize {
  if (tty <= 0 || tty >= MAX_LINES) return 0;
  return <usize>load<u32>(byTty + (<usize>tty << 2));
}

export function lineSettingsRotary(tty: i32): i32 {
  const r = lineSettings(tty);
  return r == 0 ? 0 : <i32>load<u16>(r, 4);
}
