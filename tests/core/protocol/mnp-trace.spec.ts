// The `debug arap` lines of MNP frames: type and numbers of each frame kind, never the
// information field, and damaged or malformed frames named without being read.

import { mnpTraceFrame } from "../../../assembly/protocol/mnp-trace";
import { tracePtr, traceLength } from "../../../assembly/protocol/trace";
import { hexBytes, ptrOf } from "../support/bytes";

function line(hex: string, outgoing: bool = false, good: bool = true): string {
  const b = hexBytes(hex);
  mnpTraceFrame(4, outgoing, ptrOf(b), b.length, good);
  return String.UTF8.decodeUnsafe(tracePtr(), <usize>traceLength());
}

describe("mnp trace", () => {
  it("an_lr_shows_the_parameters_it_offers", () => {
    const lr = "17010201060100000000ff02010203010404020001080103";
    expect(line(lr, true)).toBe("TTY4 MNP: O LR window 4 N401 256 optimisation 3 len 24");
    // Only what the LR carries: k 8 and nothing else.
    expect(line("0d010201060100000000ff030108")).toBe("TTY4 MNP: I LR window 8 len 14");
  });

  it("lt_and_la_show_their_numbers_in_both_forms_and_never_the_information", () => {
    expect(line("0204076869")).toBe("TTY4 MNP: I LT N(S) 7 len 5");
    expect(line("04040101fe4142")).toBe("TTY4 MNP: I LT N(S) 254 len 7");
    expect(line("03050904", true)).toBe("TTY4 MNP: O LA N(R) 9 N(k) 4 len 4");
    expect(line("0705010103020102")).toBe("TTY4 MNP: I LA N(R) 3 N(k) 2 len 8");
    expect(line("020407" + "6869").includes("hi")).toBe(false);
  });

  it("ld_shows_its_reason_and_ln_lna_their_names", () => {
    expect(line("04020101ff", true)).toBe("TTY4 MNP: O LD reason 255 len 5");
    expect(line("0102")).toBe("TTY4 MNP: I LD len 2");
    expect(line("0106")).toBe("TTY4 MNP: I LN len 2");
    expect(line("0107")).toBe("TTY4 MNP: I LNA len 2");
  });

  it("damaged_and_malformed_frames_are_named_without_being_read", () => {
    expect(line("0204076869", false, false)).toBe("TTY4 MNP: I bad FCS, dropped len 5");
    expect(line("09")).toBe("TTY4 MNP: I malformed header len 1");
    expect(line("0904")).toBe("TTY4 MNP: I malformed header len 2", "the length indication runs past the frame");
    expect(line("0104")).toBe("TTY4 MNP: I malformed LT len 2");
    expect(line("020507")).toBe("TTY4 MNP: I malformed LA len 3");
    expect(line("0309aabb")).toBe("TTY4 MNP: I type 9 len 4");
  });
});
