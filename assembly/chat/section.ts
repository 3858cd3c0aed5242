// The ChatScripts image section (type 5), read in place. Layout fixed by the project's
// coordination notes: u16 count, u16 reserved, count × u32 record offset (from the
// section start); record: u8 nameLen, name, u8 tokenCount, tokenCount × (u16 len, bytes).
// Records are checked token by token when compiled (compile.ts).

import { ChatError, chatStatus } from "./program";

export const CHAT_SCRIPTS_SECTION: u32 = 5;

let sectionPtr: usize = 0;
let sectionLen: u32 = 0;
let scriptCount: i32 = 0;

/** Uses the section at `ptr` (it must stay in place). Returns the script count or a chat status. */
export function chatLibraryOpen(ptr: usize, len: u32): i32 {
  sectionPtr = 0;
  sectionLen = 0;
  scriptCount = 0;
  if (len == 0) return 0;
  if (len < 4) return chatStatus(ChatError.BadSection, 0);
  const count = <u32>load<u16>(ptr);
  if (4 + <u64>count * 4 > <u64>len) return chatStatus(ChatError.BadSection, 0);
  for (let i: u32 = 0; i < count; i++) {
    const offset = load<u32>(ptr + 4 + (<usize>i << 2));
    if (offset < 4 + count * 4 || offset >= len) return chatStatus(ChatError.BadSection, 0);
  }
  sectionPtr = ptr;
  sectionLen = len;
  scriptCount = <i32>count;
  return scriptCount;
}

/** Where the library's section is (0 when none is loaded). */
export function chatLibraryPtr(): usize {
  return sectionPtr;
}

export function chatLibraryCount(): i32 {
  return scriptCount;
}

/** Start of script record `index`, or 0. */
export function chatLibraryRecord(index: i32): usize {
  if (index < 0 || index >= scriptCount) return 0;
  return sectionPtr + <usize>load<u32>(sectionPtr + 4 + (<usize>index << 2));
}

/** Where records must end: the end of the section. */
export function chatLibraryEnd(): usize {
  return sectionPtr + <usize>sectionLen;
}
