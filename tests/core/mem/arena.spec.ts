import { arenaReset, arenaReserveTop, arenaTake, arenaUsed, arenaCapacity, ARENA_END } from "../../../assembly/mem/arena";

describe("arena", () => {
  it("takes_are_aligned_zeroed_and_counted", () => {
    arenaReset();
    const a = arenaTake(3, 1);
    const b = arenaTake(16, 8);
    expect(a).not.toBe(0);
    expect(b & 7).toBe(0);
    expect(load<u8>(b)).toBe(0);
    expect(arenaUsed()).toBeGreaterThanOrEqual(19);
  });

  it("a_take_that_does_not_fit_returns_zero_and_changes_nothing", () => {
    arenaReset();
    const used = arenaUsed();
    expect(arenaTake(arenaCapacity() + 1, 8)).toBe(0);
    expect(arenaTake(-1, 8)).toBe(0);
    expect(arenaUsed()).toBe(used);
    expect(arenaTake(arenaCapacity(), 8)).not.toBe(0);
    expect(arenaTake(1, 1)).toBe(0);
  });

  it("reset_gives_back_everything_and_zeroes_it", () => {
    arenaReset();
    const a = arenaTake(64, 8);
    store<u32>(a, 0xdeadbeef);
    arenaReset();
    expect(arenaUsed()).toBe(0);
    const b = arenaTake(64, 8);
    expect(b).toBe(a);
    expect(load<u32>(b)).toBe(0);
  });

  it("top_reservations_end_at_arena_end_and_pools_stop_below_them", () => {
    arenaReset();
    expect(arenaReserveTop(4096)).toBe(true);
    expect(arenaReserveTop(1024)).toBe(true);
    expect(arenaUsed()).toBe(5120);
    // The pools may take everything below the reservations, and not one octet more.
    const rest = arenaCapacity() - 5120;
    const a = arenaTake(rest, 1);
    expect(a).not.toBe(0);
    expect(a + <usize>rest).toBe(ARENA_END - 5120);
    expect(arenaTake(1, 1)).toBe(0);
    expect(arenaReserveTop(1)).toBe(false);
    expect(arenaReserveTop(-1)).toBe(false);
    expect(arenaUsed()).toBe(arenaCapacity());
  });

  it("a_reservation_the_pools_already_cover_is_refused_and_reset_lifts_all", () => {
    arenaReset();
    arenaTake(arenaCapacity() - 100, 8);
    expect(arenaReserveTop(101)).toBe(false);
    expect(arenaReserveTop(100)).toBe(true);
    arenaReset();
    expect(arenaUsed()).toBe(0);
    expect(arenaTake(arenaCapacity(), 8)).not.toBe(0);
  });

  it("reset_zeroes_everything_ever_taken_at_the_bottom_and_reserved_at_the_top", () => {
    arenaReset();
    const deep = arenaTake(arenaCapacity() / 2, 8);
    store<u32>(deep + <usize>(arenaCapacity() / 2 - 4), 0xfeedface);
    expect(arenaReserveTop(4096)).toBe(true);
    store<u32>(ARENA_END - 4096, 0xdeadbeef);
    arenaReset();
    arenaReset(); // a second reset with less taken still clears what the first one saw
    expect(load<u32>(deep + <usize>(arenaCapacity() / 2 - 4))).toBe(0);
    expect(load<u32>(ARENA_END - 4096)).toBe(0);
  });
});
