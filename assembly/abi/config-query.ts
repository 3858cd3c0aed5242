// Read-only queries over the configuration the core took from the image (boards/image.md).
// Every index or number out of range answers -1 (or 0 for pointers and lengths), never traps.

import { configLoaded } from "../config/load";
import { userCount, userFind, userRecord, userStringLen, userStringPtr, UserString } from "../config/users";
import { lineSettings } from "../config/line-settings";
import { rotaryAt, rotaryCount, rotaryFind } from "../config/rotaries";
import { scriptCount, scriptRecord } from "../config/scripts";
import { interfaceAt, interfaceCount, interfaceFind } from "../config/interfaces";
import { globalFlags, globalForcedWait } from "../config/globals";
import { aaaListCount, aaaServerCount } from "../config/aaa";
import { NONE16 } from "../config/section";

function user(i: i32): usize {
  return configLoaded() && i >= 0 ? userRecord(<u32>i) : 0;
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
  const r = user(i);
  return r == 0 ? -1 : <i32>load<u16>(r);
}

export function configUserRotary(i: i32): i32 {
  const r = user(i);
  return r == 0 ? -1 : <i32>load<u16>(r, 2);
}

export function configUserLineFirst(i: i32): i32 {
  const r = user(i);
  return r == 0 ? -1 : <i32>load<u16>(r, 4);
}

export function configUserLineLast(i: i32): i32 {
  const r = user(i);
  return r == 0 ? -1 : <i32>load<u16>(r, 6);
}

/** Where user `i`'s string `which` (0 name, 1 password, 2 dial string, 3 allowed pattern, 4 autocommand) is. */
export function configUserStringPtr(i: i32, which: i32): usize {
  if (user(i) == 0 || which < 0 || which > <i32>UserString.Autocommand) return 0;
  return userStringPtr(<u32>i, <UserString>which);
}

export function configUserStringLen(i: i32, which: i32): i32 {
  if (user(i) == 0 || which < 0 || which > <i32>UserString.Autocommand) return 0;
  return <i32>userStringLen(<u32>i, <UserString>which);
}

function line(tty: i32): usize {
  return configLoaded() ? lineSettings(tty) : 0;
}

/** LineFlag bits of TTY `tty`, -1 when the image has no compiled record for it. */
export function configLineFlags(tty: i32): i32 {
  const r = line(tty);
  return r == 0 ? -1 : <i32>load<u16>(r, 2);
}

/** Rotary group of the line, 0 for none, -1 for no such line. */
export function configLineRotary(tty: i32): i32 {
  const r = line(tty);
  return r == 0 ? -1 : <i32>load<u16>(r, 4);
}

/** 0 none, 1 InOut, 2 Dialin, 3 CallIn, 4 CallOut, 5 CTS-Required, 6 DTR-Active, 7 RI-is-CD, 8 Host, 9 Printer. */
export function configLineModem(tty: i32): i32 {
  const r = line(tty);
  return r == 0 ? -1 : <i32>load<u8>(r, 6);
}

export function configLineSpeed(tty: i32): i32 {
  const r = line(tty);
  return r == 0 ? -1 : <i32>load<u32>(r, 8);
}

/** Seconds to wait before the callback dial (the line's own value, else the global), -1 when neither is set. */
export function configLineForcedWait(tty: i32): i32 {
  const r = line(tty);
  if (r == 0) return -1;
  const v = <u32>load<u16>(r, 12);
  return v == NONE16 ? -1 : <i32>v;
}

/** Chat-script index for `script callback` (first match), -1 for none. */
export function configLineCallbackScript(tty: i32): i32 {
  const r = line(tty);
  if (r == 0) return -1;
  const v = <u32>load<u16>(r, 14);
  return v == NONE16 ? -1 : <i32>v;
}

export function configLineArapCallbackScript(tty: i32): i32 {
  const r = line(tty);
  if (r == 0) return -1;
  const v = <u32>load<u16>(r, 16);
  return v == NONE16 ? -1 : <i32>v;
}

/** Idle time-out in seconds (IOS default 600; 0 = never). */
export function configLineExecTimeout(tty: i32): i32 {
  const r = line(tty);
  return r == 0 ? -1 : <i32>load<u32>(r, 20);
}

export function configRotaryCount(): i32 {
  return configLoaded() ? <i32>rotaryCount() : 0;
}

export function configRotaryGroup(i: i32): i32 {
  const r = configLoaded() && i >= 0 ? rotaryAt(<u32>i) : 0;
  return r == 0 ? -1 : <i32>load<u16>(r);
}

/** Members of rotary `group` as a mask of TTYs 0..31 (bit n = TTY n); 0 when there is no such group. */
export function configRotaryMembersLow(group: i32): u32 {
  const r = configLoaded() && group > 0 ? rotaryFind(<u32>group) : 0;
  return r == 0 ? 0 : load<u32>(r, 4);
}

/** TTYs 32..63 (bit n = TTY 32 + n). */
export function configRotaryMembersHigh(group: i32): u32 {
  const r = configLoaded() && group > 0 ? rotaryFind(<u32>group) : 0;
  return r == 0 ? 0 : load<u32>(r, 8);
}

export function configScriptCount(): i32 {
  return configLoaded() ? <i32>scriptCount() : 0;
}

export function configScriptNamePtr(i: i32): usize {
  const r = configLoaded() && i >= 0 ? scriptRecord(<u32>i) : 0;
  return r == 0 ? 0 : r + 1;
}

export function configScriptNameLen(i: i32): i32 {
  const r = configLoaded() && i >= 0 ? scriptRecord(<u32>i) : 0;
  return r == 0 ? 0 : <i32>load<u8>(r);
}

export function configScriptTokenCount(i: i32): i32 {
  const r = configLoaded() && i >= 0 ? scriptRecord(<u32>i) : 0;
  return r == 0 ? -1 : <i32>load<u8>(r + 1 + <usize>load<u8>(r));
}

export function configInterfaceCount(): i32 {
  return configLoaded() ? <i32>interfaceCount() : 0;
}

export function configInterfaceNumber(i: i32): i32 {
  const r = configLoaded() && i >= 0 ? interfaceAt(<u32>i) : 0;
  return r == 0 ? -1 : <i32>load<u16>(r);
}

/** InterfaceFlag bits of `interface async number`, -1 when absent. */
export function configInterfaceFlags(number: i32): i32 {
  const r = configLoaded() ? interfaceFind(number) : 0;
  return r == 0 ? -1 : <i32>load<u16>(r, 2);
}

/** The peer's default address as a big-endian u32 (10.1.1.1 = 0x0A010101), 0 when none. */
export function configInterfacePeerAddress(number: i32): u32 {
  const r = configLoaded() ? interfaceFind(number) : 0;
  if (r == 0) return 0;
  return (<u32>load<u8>(r, 4) << 24) | (<u32>load<u8>(r, 5) << 16) | (<u32>load<u8>(r, 6) << 8) | <u32>load<u8>(r, 7);
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
