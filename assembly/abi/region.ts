// A region of host memory named in a call (ptr, len) must lie inside the module's memory,
// which never grows; anything else is refused and counted (boards/abi.md, Rules).

import { globalCount, GlobalCounter } from "../mem/counters";

/** True when [ptr, ptr + len) is inside memory; otherwise counts BadCalls and returns false. */
export function hostRegionOk(ptr: usize, len: i32): bool {
  const ok = len >= 0 && <u64>ptr + <u64>len <= (<u64>memory.size() << 16);
  if (!ok) globalCount(GlobalCounter.BadCalls);
  return ok;
}
