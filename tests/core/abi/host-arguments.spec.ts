import { hostRegionOk } from "../../../assembly/abi/region";
import { clockAdvance, clockNow } from "../../../assembly/mem/clock";
import { globalCounter, globalCountersReset, GlobalCounter } from "../../../assembly/mem/counters";

describe("host arguments", () => {
  it("a_region_must_lie_inside_memory_else_it_is_counted", () => {
    globalCountersReset();
    const top = <usize>(memory.size() << 16);
    expect(hostRegionOk(0, 0)).toBe(true);
    expect(hostRegionOk(top - 8, 8)).toBe(true);
    expect(hostRegionOk(top - 8, 9)).toBe(false); // ends past memory
    expect(hostRegionOk(top + 1, 0)).toBe(false); // starts past it
    expect(hostRegionOk(0xffffffff, 8)).toBe(false); // would wrap in 32 bits
    expect(hostRegionOk(16, -1)).toBe(false);
    expect(globalCounter(GlobalCounter.BadCalls)).toBe(4);
  });

  it("time_moves_only_forward_and_only_to_finite_values", () => {
    globalCountersReset();
    clockAdvance(5000);
    clockAdvance(4000);
    expect(clockNow()).toBe(5000);
    clockAdvance(Infinity);
    clockAdvance(NaN);
    clockAdvance(-Infinity);
    expect(clockNow()).toBe(5000);
    expect(globalCounter(GlobalCounter.BadCalls)).toBe(3);
    clockAdvance(6000);
    expect(clockNow()).toBe(6000);
  });
});
