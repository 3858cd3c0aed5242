import { limitInit, limitAllows, limitRecord, limitForget, LIMIT_MAX } from "../../../assembly/callback/limit";
import { arenaReset, arenaUsed } from "../../../assembly/mem/arena";

// `callback limit COUNT MINUTES`: at most COUNT callbacks per user in any MINUTES window.

describe("callback limit", () => {
  it("counts_each_users_callbacks_in_a_sliding_window", () => {
    arenaReset();
    expect(limitInit(2, 10)).toBe(true);
    const minute: f64 = 60000;
    expect(limitAllows(3, 0)).toBe(true);
    limitRecord(3, 0);
    limitRecord(3, 4 * minute);
    expect(limitAllows(3, 9 * minute)).toBe(false);
    expect(limitAllows(4, 9 * minute)).toBe(true); // another user has its own count
    expect(limitAllows(3, 10 * minute)).toBe(true); // the first has left the window
    limitRecord(3, 10 * minute);
    expect(limitAllows(3, 13 * minute)).toBe(false);
    limitForget(3); // the entry now holds someone else
    expect(limitAllows(3, 13 * minute)).toBe(true);
  });

  it("no_limit_takes_no_memory_and_allows_everything", () => {
    arenaReset();
    expect(limitInit(0, 10)).toBe(true);
    expect(arenaUsed()).toBe(0);
    for (let i = 0; i < 100; i++) limitRecord(1, 0);
    expect(limitAllows(1, 0)).toBe(true);
  });

  it("a_count_over_the_ring_is_held_at_its_size", () => {
    arenaReset();
    expect(limitInit(LIMIT_MAX + 5, 60)).toBe(true);
    for (let i = 0; i < LIMIT_MAX - 1; i++) limitRecord(0, <f64>i);
    expect(limitAllows(0, 100)).toBe(true);
    limitRecord(0, 100);
    expect(limitAllows(0, 101)).toBe(false);
    expect(limitAllows(-1, 0)).toBe(true); // no user: nothing to count
  });
});
