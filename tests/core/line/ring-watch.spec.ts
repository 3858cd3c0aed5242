import { MAX_LINES } from "../../../assembly/mem/tty";
import { ringWatchReset, ringWatchByte, ringWatchSignal, ringWatchRinging, RING_HOLD_MS } from "../../../assembly/line/ring-watch";

function feed(tty: u32, s: string, now: f64): void {
  for (let i = 0; i < s.length; i++) ringWatchByte(tty, <u8>s.charCodeAt(i), now);
}

describe("ring watch", () => {
  it("a_ring_result_on_an_idle_line_holds_it_for_a_while_then_lets_go", () => {
    ringWatchReset();
    expect(ringWatchRinging(7, 0, 1000)).toBe(false);
    feed(7, "\r\nRI", 1000);
    expect(ringWatchRinging(7, 0, 1000)).toBe(false);
    feed(7, "NG\r\n", 1000);
    expect(ringWatchRinging(7, 0, 1000)).toBe(true);
    expect(ringWatchRinging(8, 0, 1000)).toBe(false, "only the line that rang");
    expect(ringWatchRinging(7, 0, 1000 + RING_HOLD_MS - 1)).toBe(true);
    expect(ringWatchRinging(7, 0, 1000 + RING_HOLD_MS)).toBe(false);
    expect(ringWatchRinging(7, 2000, 1500)).toBe(false, "a ring before the line last went idle is over");
  });

  it("ringing_ringback_and_ring_inside_text_do_not_count_but_ri_does", () => {
    ringWatchReset();
    feed(3, "\r\nRINGING\r\nSTRING\r\n", 10);
    expect(ringWatchRinging(3, 0, 10)).toBe(false);
    ringWatchSignal(3, 20);
    expect(ringWatchRinging(3, 0, 20)).toBe(true);
    ringWatchReset();
    expect(ringWatchRinging(3, 0, 20)).toBe(false);
    ringWatchByte(99, 0x0a, 0);
    expect(ringWatchRinging(99, 0, 0)).toBe(false);
    ringWatchSignal(<u32>(MAX_LINES - 1), 5);
    expect(ringWatchRinging(<u32>(MAX_LINES - 1), 0, 5)).toBe(true, "every TTY of the line table is watched");
  });
});
