// Memory that lives only inside one export call: chatCheck's program, a captured frame with its
// password hidden, a log line on its way to the event ring, the MS-CHAP contexts. The codec's
// diagnostic output (the bench) is here too: it stays valid until the next call that uses this
// region, so codecEncode and the codecDecode that reads it run with no line call between.
// One region serves them all: static data, not the arena, decides whether the sized builds fit.

export const CALL_SCRATCH_BYTES: i32 = 72 * 1024;

// @ts-ignore: decorator
@lazy export const callScratch: usize = memory.data(CALL_SCRATCH_BYTES, 16);

/** Where chatCheck compiles its program (abi/chat.ts). */
export const SCRATCH_CHAT_CHECK_AT: usize = 0;
/** Where a captured PPP frame has its password hidden (line/ppp-link.ts). */
export const SCRATCH_CAPTURE_AT: usize = 4096;
/** Where the PPP link builds a log line (line/ppp-link.ts). */
export const SCRATCH_LOG_AT: usize = 8192;
/** Where the MS-CHAP computations keep their SHA-1 context, DES round keys and scratch (crypto/mschap.ts). */
export const SCRATCH_MSCHAP_AT: usize = 12288;
