// Each question asked of the host (AuthRequest event) carries a token that its answer must
// give back, so an answer that comes late, after its check has ended and another has begun
// on the same line, decides nothing.

let lastToken: u32 = 0;

/** A token no check has carried yet (never 0, which no answer may use). */
export function authTokenNext(): u32 {
  lastToken = lastToken == 0xffffffff ? 1 : lastToken + 1;
  return lastToken;
}
