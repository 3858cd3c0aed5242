import { arenaReset, arenaTake, arenaUsed, arenaCapacity } from "../../../assembly/mem/arena";

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
});
