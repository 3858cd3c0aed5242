// Read-only queries over the configuration the core took from the image (boards/image.md).
// Every index or number out of range answers -1 (or 0 for pointers and lengths), never traps.

import { configLoaded } from "../config/load";
import { userCount, userFind, userExists, userFlags, userRotary, userLineFirst, userLineLast, userStringLen, userStringPtr, UserString } from "../config/users";
import {
  lineHasSettings, lineFlags, lineRotary, lineModem, lineSpeed, lineForcedWait, lineCallbackScript, lineArapCallbackScript, lineExecTimeout,
} from "../config/line-settings";
import { rotaryCount, rotaryGroupAt, rotaryMembersLow, rotaryMembersHigh } from "../config/rotaries";
import { scriptCount, scriptNamePtr, scriptNameLen, scriptTokenCount } from "../config/scripts";
import { interfaceCount, interfaceNumberAt, interfaceExists, interfaceFlags, interfacePeerAddress } from "../config/interfaces";
import { globalFlags, globalForcedWait } from "../config/globals";
import { aaaListCount, aaaServerCount } from "../config/aaa";
import { NONE16 } from "../config/section";

function user(i: i32): bool {
  return configLoaded() && i >= 0 && userExists(<u32>i);
}

export function configUserCount(): i32 {
  return configLoaded() ? <i32>userCount() : 0;
}

/** Index of the user whose name is the `len` bytes at `ptr`, or -1. */
export function configUserFind(ptr: usize, len: i32): i32 {
  if (!configLoaded() || len < 0 || <u64>ptr + <u64>len > (<u64>memory.size() << 16)) return -1;
  return userFind(ptr, <u32>len);
}

/** UserFlag bits (boards/image.md), -1 when there is no user `i`. */
export function configUserFlags(i: i32): i32 {
  return user(i) ? <i32>userFlags(<u32>i) : -1;
}

export function configUserRotary(i: i32): i32 {
  return user(i) ? <i32>userRotary(<u32>i) : -1;
}

export function configUserLineFirst(i: i32): i32 {
  return user(i) ? <i32>userLineFirst(<u32>i) : -1;
}

export function configUserLineLast(i: i32): i32 {
  return user(i) ? <i32>userLineLast(<u32>i) : -1;
}

/** Where user `i`'s string `which` (0 name, 1 password, 2 dial string, 3 allowed pattern, 4 autocommand) is. */
export function configUserStringPtr(i: i32, which: i32): usize {
  if (!user(i) || which < 0 || which > <i32>UserString.Autocommand) return 0;
  return userStringPtr(<u32>i, <UserString>which);
}

export function configUserStringLen(i: i32, which: i32): i32 {
  if (!user(i) || which < 0 || which > <i32>UserString.Autocommand) return 0;
  return <i32>userStringLen(<u32>i, <UserString>which);
}

function line(tty: i32): bool {
  return configLoaded() && lineHasSettings(tty);
}

/** LineFlag bits of TTY `tty`, -1 when the image has no compiled record for it. */
export function configLineFlags(tty: i32): i32 {
  return line(tty) ? <i32>lineFlags(tty) : -1;
}

/** Rotary group of the line, 0 for none, -1 for no such line. */
export function configLineRotary(tty: i32): i32 {
  return line(tty) ? <i32>lineRotary(tty) : -1;
}

/** 0 none, 1 InOut, 2 Dialin, 3 CallIn, 4 CallOut, 5 CTS-Required, 6 DTR-Active, 7 RI-is-CD, 8 Host, 9 Printer. */
export function configLineModem(tty: i32): i32 {
  return line(tty) ? <i32>lineModem(tty) : -1;
}

export function configLineSpeed(tty: i32): i32 {
  return line(tty) ? <i32>lineSpeed(tty) : -1;
}

/** Seconds to wait before the callback dial (the line's own value, else the global), -1 when neither is set. */
export function configLineForcedWait(tty: i32): i32 {
  return line(tty) ? lineForcedWait(tty) : -1;
}

/** Chat-script index for `script callback` (first match), -1 for none. */
export function configLineCallbackScript(tty: i32): i32 {
  return line(tty) ? lineCallbackScript(tty) : -1;
}

export function configLineArapCallbackScript(tty: i32): i32 {
  return line(tty) ? lineArapCallbackScript(tty) : -1;
}

/** Idle time-out in seconds (IOS default 600; 0 = never). */
export function configLineExecTimeout(tty: i32): i32 {
  return line(tty) ? <i32>lineExecTimeout(tty) : -1;
}

export function configRotaryCount(): i32 {
  return configLoaded() ? <i32>rotaryCount() : 0;
}

export function configRotaryGroup(i: i32): i32 {
  const group = configLoaded() && i >= 0 ? rotaryGroupAt(<u32>i) : 0;
  return group == 0 ? -1 : <i32>group;
}

/** Members of rotary `group` as a mask of TTYs 0..31 (bit n = TTY n); 0 when there is no such group. */
export function configRotaryMembersLow(group: i32): u32 {
  return configLoaded() && group > 0 ? rotaryMembersLow(<u32>group) : 0;
}

/** TTYs 32..63 (bit n = TTY 32 + n). */
export function configRotaryMembersHigh(group: i32): u32 {
  return configLoaded() && group > 0 ? rotaryMembersHigh(<u32>group) : 0;
}

export function configScriptCount(): i32 {
  return configLoaded() ? <i32>scriptCount() : 0;
}

export function configScriptNamePtr(i: i32): usize {
  return configLoaded() && i >= 0 ? scriptNamePtr(<u32>i) : 0;
}

export function configScriptNameLen(i: i32): i32 {
  return configLoaded() && i >= 0 ? <i32>scriptNameLen(<u32>i) : 0;
}

export function configScriptTokenCount(i: i32): i32 {
  return configLoaded() && i >= 0 ? scriptTokenCount(<u32>i) : -1;
}

export function configInterfaceCount(): i32 {
  return configLoaded() ? <i32>interfaceCount() : 0;
}

export function configInterfaceNumber(i: i32): i32 {
  return configLoaded() && i >= 0 ? interfaceNumberAt(<u32>i) : -1;
}

/** InterfaceFlag bits of `interface async number`, -1 when absent. */
export function configInterfaceFlags(number: i32): i32 {
  return configLoaded() && interfaceExists(number) ? <i32>interfaceFlags(number) : -1;
}

/** The peer's default address as a big-endian u32 (10.1.1.1 = 0x0A010101), 0 when none. */
export function configInterfacePeerAddress(number: i32): u32 {
  return configLoaded() ? interfacePeerAddress(number) : 0;
}

export function configGlobalFlags(): i32 {
  return configLoaded() ? <i32>globalFlags() : 0;
}

/** Global `callback forced-wait` seconds, -1 when not configured. */
export function configGlobalForcedWait(): i32 {
  const v = configLoaded() ? globalForcedWait() : NONE16;
  return v == NONE16 ? -1 : <i32>v;
}

export function configAaaListCount(): i32 {
  return configLoaded() ? <i32>aaaListCount() : 0;
}

export function configAaaServerCount(): i32 {
  return configLoaded() ? <i32>aaaServerCount() : 0;
}
