// Applies the configuration image to the line layer after init has read it: each line's
// login, modem, rotary, forced wait, callback script, exec-timeout and login response time;
// the host name, `service exec-callback` and `login block-for`; and the local users with
// their callback data.

import { MAX_LINES } from "./lines";
import { machineGet, machineSetCallback, machineSetExecCallback, machineSetHostname } from "./machine";
import {
  directoryAdd, directorySetCallback, USER_NOCALLBACK_VERIFY, USER_CALLBACK_LINE_AUX,
} from "../users/directory";
import { lineSettings } from "../config/line-settings";
import { globalFlags, globalForcedWait, globalsPtr } from "../config/globals";
import { userCount, userRecord, userStringPtr, userStringLen, UserFlag, UserString } from "../config/users";
import { NONE16 } from "../config/section";
import { loginResponseMs, loginBlockForMs, loginBlockAttempts, loginBlockWithinMs } from "../config/login";
import { loginGuardConfigure } from "./login-guard";

const GLOBAL_EXEC_CALLBACK: u32 = 1 << 0;
const GLOBAL_RETRY: u32 = 1 << 8;

/** `callback retry N` (dialback extension): retries after busy or no answer, 0 when not configured. */
export function configuredRetries(): u32 {
  const globals = globalsPtr();
  return globals != 0 && (globalFlags() & GLOBAL_RETRY) != 0 ? <u32>load<u16>(globals, 8) : 0;
}

/** `callback retry N GAP`: seconds between retries, 0 when not configured. */
export function configuredRetryGapSeconds(): u32 {
  const globals = globalsPtr();
  return globals != 0 && (globalFlags() & GLOBAL_RETRY) != 0 ? <u32>load<u16>(globals, 10) : 0;
}

/** `callback limit COUNT MINUTES` (dialback extension): COUNT, 0 when not configured. */
export function configuredLimitCount(): i32 {
  const globals = globalsPtr();
  return globals != 0 ? <i32>load<u16>(globals, 14) : 0;
}

/** `callback limit COUNT MINUTES`: the window in minutes. */
export function configuredLimitMinutes(): i32 {
  const globals = globalsPtr();
  return globals != 0 ? <i32>load<u16>(globals, 22) : 0;
}

/** False when a user does not fit the directory (the image asked for more than the core holds). */
export function linesConfigure(): bool {
  const globals = globalsPtr();
  machineSetExecCallback((globalFlags() & GLOBAL_EXEC_CALLBACK) != 0);
  if (globals != 0) {
    const hostLen = <u32>load<u8>(globals, 18);
    if (hostLen != 0) machineSetHostname(globals + <usize>load<u16>(globals, 16), hostLen);
  }
  const globalWait = globalForcedWait();
  for (let tty = 1; tty < MAX_LINES; tty++) {
    const m = machineGet(tty);
    if (m == null) continue;
    m.loginResponseMs = loginResponseMs(tty);
    const r = lineSettings(tty);
    if (r == 0) continue;
    const wait = <u32>load<u16>(r, 12);
    const forced = wait != NONE16 ? wait : globalWait != NONE16 ? globalWait : 0;
    const script = <u32>load<u16>(r, 14);
    machineSetCallback(tty, <u32>load<u8>(r, 6), <u32>load<u16>(r, 4), <f64>forced * 1000, script == NONE16 ? -1 : <i32>script);
    m.execTimeoutMs = <f64>load<u32>(r, 20) * 1000;
  }
  loginGuardConfigure(loginBlockForMs(), loginBlockAttempts(), loginBlockWithinMs());
  const retries = configuredRetries();
  const retryGap = configuredRetryGapSeconds();
  for (let i: u32 = 0; i < userCount(); i++) {
    const rec = userRecord(i);
    const flags = <u32>load<u16>(rec);
    let directoryFlags: u32 = 0;
    if (flags & UserFlag.NocallbackVerify) directoryFlags |= USER_NOCALLBACK_VERIFY;
    if (flags & UserFlag.LineIsAux) directoryFlags |= USER_CALLBACK_LINE_AUX;
    const index = directoryAdd(
      userStringPtr(i, UserString.Name), userStringLen(i, UserString.Name),
      userStringPtr(i, UserString.Password), userStringLen(i, UserString.Password), directoryFlags,
    );
    if (index < 0) return false;
    if ((flags & (UserFlag.Dialstring | UserFlag.DialstringFromCaller)) == 0) continue;
    const hasLine = (flags & UserFlag.Line) != 0;
    if (!directorySetCallback(
      index, userStringPtr(i, UserString.Dialstring), userStringLen(i, UserString.Dialstring),
      flags & UserFlag.Rotary ? <u32>load<u16>(rec, 2) : 0,
      hasLine ? <u32>load<u16>(rec, 4) : 0, hasLine ? <u32>load<u16>(rec, 6) : 0,
      userStringPtr(i, UserString.AllowedPattern), userStringLen(i, UserString.AllowedPattern), retries, retryGap,
    )) return false;
  }
  return true;
}
