// The image's local users (section 3) into the directory, with their callback data and the
// retries `callback retry` gives every user.

import { userCount, userFlags, userRotary, userLineFirst, userLineLast, userStringPtr, userStringLen, UserFlag, UserString } from "../config/users";
import { globalRetryCount, globalRetryGapSeconds } from "../config/globals";
import { directoryAdd, directorySetCallback, USER_NOCALLBACK_VERIFY, USER_CALLBACK_LINE_AUX } from "./directory";

/** False when a user does not fit the directory (the image asked for more than the core holds). */
export function directoryLoadImage(): bool {
  const retries = globalRetryCount();
  const retryGap = globalRetryGapSeconds();
  for (let i: u32 = 0; i < userCount(); i++) {
    const flags = userFlags(i);
    let directoryFlags: u32 = 0;
    if (flags & UserFlag.NocallbackVerify) directoryFlags |= USER_NOCALLBACK_VERIFY;
    if (flags & UserFlag.LineIsAux) directoryFlags |= USER_CALLBACK_LINE_AUX;
    const index = directoryAdd(
      userStringPtr(i, UserString.Name), userStringLen(i, UserString.Name),
      userStringPtr(i, UserString.Password), userStringLen(i, UserString.Password), directoryFlags,
    );
    if (index < 0) return false;
    // The chapter: a dial string "specified as NULL or not defined" means the client's number,
    // so a user with only callback-rotary or callback-line is called back where it says.
    if ((flags & (UserFlag.Dialstring | UserFlag.DialstringFromCaller | UserFlag.Rotary | UserFlag.Line)) == 0) continue;
    const hasLine = (flags & UserFlag.Line) != 0;
    if (!directorySetCallback(
      index, userStringPtr(i, UserString.Dialstring), userStringLen(i, UserString.Dialstring),
      flags & UserFlag.Rotary ? userRotary(i) : 0,
      hasLine ? userLineFirst(i) : 0, hasLine ? userLineLast(i) : 0,
      userStringPtr(i, UserString.AllowedPattern), userStringLen(i, UserString.AllowedPattern), retries, retryGap,
    )) return false;
  }
  return true;
}
