// A line runs PPP or ARAP, never both: its ARAP link borrows its MNP and ARAP buffers from the
// spare part of the line's idle PPP session (line/ppp-link.ts pppLinkLend). Who holds them is
// recorded; an open while the other protocol holds them is refused with -3 and counted, and
// the buffers come back wiped.

import { CoreBench, BenchConfig, BenchLine, clientOptions, arapClientOptions, CLIENT } from "../support/callback-core";
import { LineFlag } from "../../../assembly/config/line-settings";
import { pppOpen, pppLowerDown, pppPhase } from "../../../assembly/abi/ppp";
import { arapOpen, arapLowerDown, arapState } from "../../../assembly/abi/arap";
import { counterGet } from "../../../assembly/abi/exports";
import { GlobalCounter, GLOBAL_LINE } from "../../../assembly/mem/counters";
import { LinkBorrower, pppLinkLend, pppLinkGiveBack, pppLinkLentTo, pppLinkSpareAt, pppLinkSpareBytes } from "../../../assembly/line/ppp-link";
import { MNP_BUFFER_BYTES } from "../../../assembly/protocol/mnp-link";
import { ARAP_BUFFER_BYTES } from "../../../assembly/protocol/arap-session-state";
import { ArapState } from "../../../assembly/protocol/arap-session-state";
import { ptrOf } from "../support/bytes";

function bench(): CoreBench {
  const c = new BenchConfig();
  c.lines.push(new BenchLine(4, LineFlag.FlushAtActivation | LineFlag.AutoselectArap | LineFlag.ArapEnable, 0, false, -1, true));
  return new CoreBench(c);
}

function busy(): u32 {
  return counterGet(GLOBAL_LINE, GlobalCounter.LinkBuffersBusy);
}

function spareIsZero(tty: u32): bool {
  const at = pppLinkSpareAt(tty);
  for (let i = 0; i < pppLinkSpareBytes(tty); i++) if (load<u8>(at + <usize>i) != 0) return false;
  return true;
}

describe("link buffers: PPP lends its idle session's buffers to ARAP", () => {
  it("the_spare_part_holds_both_arap_buffer_sets", () => {
    bench();
    expect(pppLinkSpareAt(CLIENT)).not.toBe(0);
    expect(MNP_BUFFER_BYTES + ARAP_BUFFER_BYTES).toBeLessThanOrEqual(pppLinkSpareBytes(CLIENT));
  });

  it("arap_open_while_ppp_runs_is_refused_and_counted", () => {
    bench();
    const ppp = clientOptions("Ted", "Rhoda");
    const ara = arapClientOptions("excalibur", "guenivere");
    expect(pppOpen(CLIENT, 1, ptrOf(ppp), ppp.length)).toBe(0);
    const before = busy();
    expect(arapOpen(CLIENT, 1, ptrOf(ara), ara.length)).toBe(-3);
    expect(busy()).toBe(before + 1);
    expect(pppLinkLentTo(CLIENT)).toBe(LinkBorrower.None);
    expect(arapState(CLIENT)).toBe(ArapState.Closed);
    pppLowerDown(CLIENT);
    expect(arapOpen(CLIENT, 1, ptrOf(ara), ara.length)).toBe(0, "once PPP has ended ARAP takes the buffers");
    expect(pppLinkLentTo(CLIENT)).toBe(LinkBorrower.Arap);
  });

  it("ppp_open_while_arap_runs_is_refused_and_counted_and_the_buffers_come_back_wiped", () => {
    bench();
    const ppp = clientOptions("Ted", "Rhoda");
    const ara = arapClientOptions("excalibur", "guenivere");
    expect(arapOpen(CLIENT, 1, ptrOf(ara), ara.length)).toBe(0); // the client's LR goes out from the borrowed scratch
    expect(spareIsZero(CLIENT)).toBe(false);
    const phase = pppPhase(CLIENT);
    const before = busy();
    expect(pppOpen(CLIENT, 1, ptrOf(ppp), ppp.length)).toBe(-3);
    expect(busy()).toBe(before + 1);
    expect(pppPhase(CLIENT)).toBe(phase, "the session's record is not what ARAP borrowed");
    arapLowerDown(CLIENT);
    expect(pppLinkLentTo(CLIENT)).toBe(LinkBorrower.None);
    expect(spareIsZero(CLIENT)).toBe(true, "nothing of ARAP is left for PPP");
    expect(pppOpen(CLIENT, 1, ptrOf(ppp), ppp.length)).toBe(0);
  });

  it("only_the_holder_gives_back_and_no_one_borrows_twice", () => {
    bench();
    const before = busy();
    expect(pppLinkGiveBack(CLIENT, LinkBorrower.Arap)).toBe(false, "nothing was lent");
    expect(pppLinkLend(CLIENT, LinkBorrower.Arap)).toBe(true);
    expect(pppLinkLend(CLIENT, LinkBorrower.Arap)).toBe(false, "lent already");
    expect(pppLinkLend(CLIENT, LinkBorrower.None)).toBe(false);
    expect(pppLinkLentTo(CLIENT)).toBe(LinkBorrower.Arap);
    expect(busy()).toBe(before + 3);
    expect(pppLinkGiveBack(CLIENT, LinkBorrower.Arap)).toBe(true);
    expect(pppLinkLentTo(CLIENT)).toBe(LinkBorrower.None);
    expect(pppLinkLend(99, LinkBorrower.Arap)).toBe(false, "no such line");
  });
});
