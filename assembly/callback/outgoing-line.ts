// Which line calls back, in IOS's order: the user's `callback-line` (the first free one of
// its range), else a free line of the user's `callback-rotary`, else the line the call came
// in on. A line is free when it is idle, is not answering an incoming call (its modem rang
// within the ring hold, line/ring-watch.ts), is not `modem dialin` (IOS runs no outbound
// script there) and is not busied out by the host (line/busyout.ts). No free line of the
// range or rotary: none (the caller waits or it fails).

import { MAX_LINES } from "../mem/tty";
import { lineGet } from "../line/lines";
import { LineState, machineGet } from "../line/machine-state";
import { ringWatchRinging } from "../line/ring-watch";
import { lineBusiedOut } from "../line/busyout";
import { lineRotary, lineModem, ModemMode } from "../config/line-settings";
import { directoryRotary, directoryLineFirst, directoryLineLast } from "../users/directory";
import { CallbackRecord } from "./record";

function lineFree(tty: i32, now: f64): bool {
  const m = machineGet(tty);
  if (m == null || lineGet(tty) == null || m.state != LineState.Idle) return false;
  if (lineBusiedOut(tty)) return false; // another core drives it (boards/abi.md, reload)
  if (ringWatchRinging(<u32>tty, m.since, now)) return false; // its modem is answering a call
  return lineModem(tty) != ModemMode.Dialin; // IOS: no outbound scripts on dial-in lines
}

/** The line to dial `r` on at `now`, -1 when none is free. */
export function callbackLineChoose(r: CallbackRecord, now: f64): i32 {
  const first = <i32>directoryLineFirst(r.userIndex);
  if (first > 0) {
    const last = <i32>directoryLineLast(r.userIndex);
    for (let tty = first; tty <= (last >= first ? last : first); tty++) if (lineFree(tty, now)) return tty;
    return -1;
  }
  const rotary = directoryRotary(r.userIndex);
  if (rotary > 0) {
    for (let tty = 1; tty < MAX_LINES; tty++) {
      if (machineGet(tty) != null && lineRotary(tty) == rotary && lineFree(tty, now)) return tty;
    }
    return -1;
  }
  return lineFree(<i32>r.lineIn, now) ? <i32>r.lineIn : -1;
}
