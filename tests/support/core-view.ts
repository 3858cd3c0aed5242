// What the core says it read from an image, through the configuration query exports, so a
// test can hold it against what the compiler meant to write.

import { Core } from "../../host/core/core.ts";
import { UserString } from "../../host/core/abi.ts";

export interface CoreUser {
  name: string;
  password: string;
  dialstring: string;
  flags: number;
  rotary: number;
  lineFirst: number;
  lineLast: number;
}

export interface CoreLine {
  tty: number;
  flags: number;
  rotary: number;
  modem: number;
  forcedWait: number;
  callbackScript: number;
}

export interface CoreConfigView {
  users: CoreUser[];
  lines: CoreLine[];
  rotaries: { group: number; members: number[] }[];
  scripts: string[];
  interfaces: { number: number; flags: number; peerAddress: string }[];
  globalFlags: number;
}

const utf8 = new TextDecoder();

export function coreConfigView(core: Core, ttys: number[]): CoreConfigView {
  const x = core.exports;
  const mem = () => new Uint8Array(x.memory.buffer);
  const str = (ptr: number, len: number) => utf8.decode(mem().slice(ptr, ptr + len));
  const userString = (i: number, which: UserString) => str(x.configUserStringPtr(i, which), x.configUserStringLen(i, which));
  const users: CoreUser[] = [];
  for (let i = 0; i < x.configUserCount(); i++) {
    users.push({
      name: userString(i, UserString.Name),
      password: userString(i, UserString.Password),
      dialstring: userString(i, UserString.Dialstring),
      flags: x.configUserFlags(i),
      rotary: x.configUserRotary(i),
      lineFirst: x.configUserLineFirst(i),
      lineLast: x.configUserLineLast(i),
    });
  }
  const lines = ttys
    .filter((tty) => x.configLineFlags(tty) >= 0)
    .map((tty) => ({
      tty,
      flags: x.configLineFlags(tty),
      rotary: x.configLineRotary(tty),
      modem: x.configLineModem(tty),
      forcedWait: x.configLineForcedWait(tty),
      callbackScript: x.configLineCallbackScript(tty),
    }));
  const rotaries = [];
  for (let i = 0; i < x.configRotaryCount(); i++) {
    const group = x.configRotaryGroup(i);
    const lo = x.configRotaryMembersLow(group) >>> 0;
    const hi = x.configRotaryMembersHigh(group) >>> 0;
    const members: number[] = [];
    for (let tty = 1; tty < 64; tty++) if ((tty < 32 ? (lo >>> tty) & 1 : (hi >>> (tty - 32)) & 1) === 1) members.push(tty);
    rotaries.push({ group, members });
  }
  const scripts: string[] = [];
  for (let i = 0; i < x.configScriptCount(); i++) scripts.push(str(x.configScriptNamePtr(i), x.configScriptNameLen(i)));
  const interfaces = [];
  for (let i = 0; i < x.configInterfaceCount(); i++) {
    const number = x.configInterfaceNumber(i);
    const a = x.configInterfacePeerAddress(number) >>> 0;
    interfaces.push({ number, flags: x.configInterfaceFlags(number), peerAddress: [a >>> 24, (a >>> 16) & 255, (a >>> 8) & 255, a & 255].join(".") });
  }
  return { users, lines, rotaries, scripts, interfaces, globalFlags: x.configGlobalFlags() };
}
