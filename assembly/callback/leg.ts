// The called-back leg. Every leg authenticates: a PPP leg asks for the PPP methods of its
// own line's interface, else those of the interface the call came in on, and a PPP callback
// no method applies to is refused before anything is dialled; an EXEC leg logs in again
// (unless the user is `nocallback-verify`); an ARAP leg runs ARAP's DES exchange again. Only the user called back finishes the
// callback: anyone else who authenticates on the leg ends it as WrongUser and loses the link.

import { directoryFlags, USER_NOCALLBACK_VERIFY } from "../users/directory";
import { pppLinkAuthMethods } from "../line/ppp-link";
import { machineHangUp, machineLegLogin, machineLegExec, machineLegPpp, machineLegArap } from "../line/machine";
import { machineGet } from "../line/machine-state";
import { lineGet } from "../line/lines";
import { CallbackRecord, CallbackState, CallbackOutcome, CallbackMethod, RecordLine, recordOn, recordFinish } from "./record";

/**
 * Every leg authenticates: a PPP callback leg on `lineOut` asks for the PPP methods of its
 * own interface, else those of the interface the call came in on (`lineIn`). 0 = none.
 */
export function callbackLegAuth(lineOut: u32, lineIn: u32): u32 {
  const own = pppLinkAuthMethods(lineOut);
  return own != 0 ? own : pppLinkAuthMethods(lineIn);
}

/** Whether `r` may be dialled on `tty`: a PPP callback only where its leg can ask who answered. */
export function callbackLegCanAuthenticate(r: CallbackRecord, tty: i32): bool {
  const pppLeg = r.method != CallbackMethod.Exec && r.method != CallbackMethod.Arap;
  if (pppLeg && callbackLegAuth(<u32>tty, r.lineIn) == 0) return false;
  return true;
}

/** The line that dialled `tty` connected and is activated: the leg's session starts. */
export function callbackLegActivated(tty: u32, now: f64): void {
  const r = recordOn(CallbackState.Connected, RecordLine.Out, tty);
  if (r == null) {
    hangUp(tty, now); // no callback waits for this leg any more
    return;
  }
  if (r.method == CallbackMethod.Exec) {
    if (directoryFlags(r.userIndex) & USER_NOCALLBACK_VERIFY) {
      // IOS nocallback-verify: the configuration waives the second login for this user.
      callbackSessionUp(tty, r.userIndex, now);
      machineLegExec(<i32>tty, r.userIndex, now);
    } else {
      machineLegLogin(<i32>tty, r.userIndex, now);
    }
    return;
  }
  if (r.method == CallbackMethod.Arap) {
    machineLegArap(<i32>tty, r.userIndex, now); // ARAP authenticates whoever answers, always
    return;
  }
  // The callback leg authenticates the same user again: nobody is known on it before then.
  const auth = callbackLegAuth(tty, r.lineIn);
  if (auth == 0) {
    recordFinish(r, CallbackOutcome.NoAuthentication, now);
    hangUp(tty, now);
    return;
  }
  machineLegPpp(<i32>tty, r.userIndex, auth, now);
}

function hangUp(tty: u32, now: f64): void {
  const m = machineGet(<i32>tty);
  const l = lineGet(<i32>tty);
  if (m != null && l != null) machineHangUp(m, l, now);
}

// The one test of who may finish a callback: the user it was requested for, nobody else.
function calledBack(r: CallbackRecord, user: i32): bool {
  return user >= 0 && user == r.userIndex;
}

/**
 * `user` authenticated on the callback leg on `tty`: true when it is the user called back;
 * anyone else ends the callback (WrongUser) and the line closes the leg.
 */
export function callbackLegAuthenticated(tty: u32, user: i32, now: f64): bool {
  const r = recordOn(CallbackState.Connected, RecordLine.Out, tty);
  if (r == null) return false;
  if (calledBack(r, user)) return true;
  recordFinish(r, CallbackOutcome.WrongUser, now);
  return false;
}

/**
 * The called-back session is up (IPCP opened, or the EXEC prompt shown) with `user`
 * authenticated on it: the callback is ok only for the user it was for; false otherwise
 * (the line then ends the session).
 */
export function callbackSessionUp(tty: u32, user: i32, now: f64): bool {
  const r = recordOn(CallbackState.Connected, RecordLine.Out, tty);
  if (r == null) return false;
  const ok = calledBack(r, user);
  recordFinish(r, ok ? CallbackOutcome.Ok : CallbackOutcome.WrongUser, now);
  return ok;
}

/** The outgoing line lost carrier or its session failed before it came up. */
export function callbackSessionLost(tty: u32, now: f64): void {
  const r = recordOn(CallbackState.Connected, RecordLine.Out, tty);
  if (r != null) recordFinish(r, CallbackOutcome.CarrierLost, now);
}
