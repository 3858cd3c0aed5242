// The dial alphabet for the host and tools: a number checked exactly as a callback's would be
// (callback/dial-number.ts), under the rules of the image last given to init.

import { dialNumberCheck, dialNumberText } from "../callback/dial-number";
import { dialRulesModifiers, dialRulesMaxLength } from "../config/dial-rules";

/**
 * Checks the `len` bytes at `ptr`: the length of the number to dial (readable at
 * dialCheckedPtr()), or -(DialProblem | offset << 8); -1 for a region outside memory.
 */
export function dialCheck(ptr: usize, len: i32): i32 {
  if (len < 0 || <u64>ptr + <u64>len > (<u64>memory.size() << 16)) return -1;
  return dialNumberCheck(ptr, <u32>len);
}

/** Where the number the last good dialCheck kept is. */
export function dialCheckedPtr(): usize {
  return dialNumberText();
}

/** The rules in force: `which` 0 = allowed DialModifier bits, 1 = longest number. */
export function dialRules(which: i32): i32 {
  return which == 0 ? <i32>dialRulesModifiers() : <i32>dialRulesMaxLength();
}
