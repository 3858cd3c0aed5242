// `debug arap`-style lines for MNP frames ("TTY4 MNP: I LT N(S) 3 len 42"), built in the
// shared trace buffer (trace.ts): the frame's type and numbers, never its information. A
// frame whose FCS failed is named as such and not read (V.42 Annex A §A.7.3: it is dropped).

import { traceClear, traceText, traceNumber } from "./trace";
import {
  MnpType, MnpLrParams, MnpFields, mnpFrameType, mnpLrParse, mnpLtParse, mnpLaParse, mnpLdReason, LR_SEEN_WINDOW, LR_SEEN_N401, LR_SEEN_OPTIMISATION,
} from "../wire/mnp-header";

// @ts-ignore: decorator
@lazy const lr: usize = memory.data(offsetof<MnpLrParams>(), 8);
// @ts-ignore: decorator
@lazy const fields: usize = memory.data(offsetof<MnpFields>(), 8);

/** Writes the trace line of one unframed MNP frame (header and information) into the trace buffer. */
export function mnpTraceFrame(tty: u32, outgoing: bool, frame: usize, len: i32, good: bool): void {
  traceClear();
  traceText("TTY");
  traceNumber(tty);
  traceText(outgoing ? " MNP: O " : " MNP: I ");
  if (!good) traceText("bad FCS, dropped");
  else describe(frame, len);
  traceText(" len ");
  traceNumber(<u32>(len < 0 ? 0 : len));
}

function describe(frame: usize, len: i32): void {
  const type = mnpFrameType(frame, len);
  const f = changetype<MnpFields>(fields);
  switch (type) {
    case MnpType.LR: {
      const p = changetype<MnpLrParams>(lr);
      if (!mnpLrParse(frame, len, p)) return traceText("malformed LR");
      traceText("LR");
      if (p.seen & LR_SEEN_WINDOW) {
        traceText(" window ");
        traceNumber(p.window);
      }
      if (p.seen & LR_SEEN_N401) {
        traceText(" N401 ");
        traceNumber(p.n401);
      }
      if (p.seen & LR_SEEN_OPTIMISATION) {
        traceText(" optimisation ");
        traceNumber(p.optimisation);
      }
      return;
    }
    case MnpType.LT:
      if (!mnpLtParse(frame, len, f)) return traceText("malformed LT");
      traceText("LT N(S) ");
      traceNumber(f.number);
      return;
    case MnpType.LA:
      if (!mnpLaParse(frame, len, f)) return traceText("malformed LA");
      traceText("LA N(R) ");
      traceNumber(f.number);
      traceText(" N(k) ");
      traceNumber(f.credit);
      return;
    case MnpType.LD: {
      traceText("LD");
      const reason = mnpLdReason(frame, len);
      if (reason >= 0) {
        traceText(" reason ");
        traceNumber(<u32>reason);
      }
      return;
    }
    case MnpType.LN:
      traceText("LN");
      return;
    case MnpType.LNA:
      traceText("LNA");
      return;
    case -1:
      traceText("malformed header");
      return;
    default:
      traceText("type ");
      traceNumber(<u32>type);
      return;
  }
}
