// A server and a client ARAP session joined back to back (no MNP under them: the stream is
// handed over in pieces of `piece` octets), with recording owners and a local user table.

import { arenaReset, arenaTake } from "../../../assembly/mem/arena";
import { entropyMix } from "../../../assembly/crypto/entropy";
import { directoryReset, directoryAdd } from "../../../assembly/users/directory";
import { ArapSession, ArapOwner, ArapRole, ArapNext, arapSessionCreate, ARAP_BUFFER_BYTES } from "../../../assembly/protocol/arap-session-state";
import { arapSessionOpen, arapSessionLinkUp, arapSessionStreamIn, arapSessionTick } from "../../../assembly/protocol/arap-session";
import { arapSessionServerInfo } from "../../../assembly/protocol/arap-server";
import { arapSessionClientCredentials } from "../../../assembly/protocol/arap-client";
import { arapAuthModeSet } from "../../../assembly/protocol/arap-auth";
import { asciiBytes, ptrOf, toHex } from "./bytes";

export let server = changetype<ArapSession>(0);
export let client = changetype<ArapSession>(0);
export let now: f64 = 0;
/** Octets per hand-over (1: every split point). */
export let piece: i32 = 1 << 30;
/** What the server's owner answers once the client is proven. */
export let serverNext: ArapNext = ArapNext.Continue;
/** Notes of both owners in order ("S:..." server, "C:..." client). */
export let notes: string[] = [];
export let traces: string[] = [];
/** The last AuthRequest the server's owner was asked: token and data (name ‖ Cn ‖ Cc ‖ Rc) as hex. */
export let askedToken: u32 = 0;
export let askedData: string = "";
/** Packets on their way: to the client, to the server. */
let toClient: u8[] = [];
let toServer: u8[] = [];
/** The server's packets are dropped while true (a peer that says nothing). */
export let serverMute: bool = false;

function tag(s: ArapSession): string {
  return changetype<usize>(s) == changetype<usize>(server) ? "S:" : "C:";
}

function packetOut(s: ArapSession, p: usize, len: i32): bool {
  const to = changetype<usize>(s) == changetype<usize>(server) ? toClient : toServer;
  if (changetype<usize>(s) == changetype<usize>(server) && serverMute) return true;
  for (let i = 0; i < len; i++) to.push(load<u8>(p + <usize>i));
  return true;
}

function text(p: usize, n: u32): string {
  let out = "";
  for (let i: u32 = 0; i < n; i++) out += String.fromCharCode(load<u8>(p + i));
  return out;
}

function authRequested(s: ArapSession, token: u32, name: usize, nameLen: u32, data: usize, dataLen: u32): void {
  askedToken = token;
  askedData = toHex(name, nameLen) + ":" + toHex(data, dataLen);
  notes.push(tag(s) + "ask:" + text(name, nameLen));
}
function authFailed(s: ArapSession, name: usize, nameLen: u32, tries: u32): void {
  notes.push(tag(s) + "fail:" + text(name, nameLen) + ":" + tries.toString());
}
function authSucceeded(s: ArapSession, name: usize, nameLen: u32, number: usize, numberLen: u32): ArapNext {
  notes.push(tag(s) + "ok:" + text(name, nameLen) + ":" + text(number, numberLen));
  return serverNext;
}
function callbackNoticed(s: ArapSession, wait: u32): void {
  notes.push(tag(s) + "callback");
}
function opened(s: ArapSession): void {
  notes.push(tag(s) + "open");
}
function datagramIn(s: ArapSession, p: usize, len: i32): void {
  notes.push(tag(s) + "ddp:" + toHex(p, len));
}
function closing(s: ArapSession, reason: u32): void {
  notes.push(tag(s) + "close:" + reason.toString());
}
function trace(s: ArapSession, p: usize, len: i32): void {
  traces.push(text(p, <u32>len));
}

/** Fresh sessions; the server knows `users` (name, password pairs) and checks them in `mode`. */
export function arapPair(users: string[], mode: i32 = 0): void {
  arenaReset();
  directoryReset();
  arapAuthModeSet(mode);
  const seed = asciiBytes("arap pair seed, thirty-two octets!");
  entropyMix(ptrOf(seed), seed.length);
  for (let i = 0; i + 1 < users.length; i += 2) {
    const n = asciiBytes(users[i]);
    const p = asciiBytes(users[i + 1]);
    directoryAdd(ptrOf(n), n.length, ptrOf(p), p.length, 0);
  }
  const owner = changetype<ArapOwner>(heap.alloc(offsetof<ArapOwner>()));
  owner.packetOut = packetOut;
  owner.authRequested = authRequested;
  owner.authFailed = authFailed;
  owner.authSucceeded = authSucceeded;
  owner.callbackNoticed = callbackNoticed;
  owner.opened = opened;
  owner.datagramIn = datagramIn;
  owner.closing = closing;
  owner.trace = trace;
  server = changetype<ArapSession>(arapSessionCreate(4, owner, arenaTake(ARAP_BUFFER_BYTES, 8)));
  client = changetype<ArapSession>(arapSessionCreate(1, owner, arenaTake(ARAP_BUFFER_BYTES, 8)));
  notes = [];
  traces = [];
  toClient = [];
  toServer = [];
  now = 0;
  piece = 1 << 30;
  serverNext = ArapNext.Continue;
  serverMute = false;
  askedToken = 0;
  askedData = "";
}

export function setPiece(n: i32): void {
  piece = n;
}
export function setServerNext(next: ArapNext): void {
  serverNext = next;
}
export function setServerMute(mute: bool): void {
  serverMute = mute;
}

/** Opens both; the client is `user` with `password`, offering `number`; the server announces net 422, zone "router test". */
export function arapStart(user: string, password: string, number: string = "", layoutServer: u32 = 0, layoutClient: u32 = 0): void {
  const u = asciiBytes(user);
  const p = asciiBytes(password);
  const n = asciiBytes(number);
  arapSessionOpen(server, ArapRole.Server, now);
  server.keyLayout = layoutServer;
  const zone = asciiBytes("router test");
  const host = asciiBytes("Router");
  arapSessionServerInfo(server, 422, 4, ptrOf(zone), zone.length, ptrOf(host), host.length);
  expect(arapSessionClientCredentials(client, ptrOf(u), u.length, ptrOf(p), p.length, ptrOf(n), n.length)).toBe(true);
  arapSessionOpen(client, ArapRole.Client, now);
  client.keyLayout = layoutClient;
  arapSessionLinkUp(client, now);
  arapSessionLinkUp(server, now);
}

// Hands what is on its way over in pieces.
function hand(to: ArapSession, bytes: u8[]): void {
  if (bytes.length == 0) return;
  const buf = heap.alloc(bytes.length);
  for (let i = 0; i < bytes.length; i++) store<u8>(buf + <usize>i, bytes[i]);
  for (let at = 0; at < bytes.length; at += piece) {
    const n = bytes.length - at < piece ? bytes.length - at : piece;
    arapSessionStreamIn(to, buf + <usize>at, n, now);
  }
  heap.free(buf);
}

/** Runs `ms` of virtual time in 10 ms steps. */
export function arapRun(ms: f64): void {
  const end = now + ms;
  while (now <= end) {
    const c = toClient;
    toClient = [];
    hand(client, c);
    const s = toServer;
    toServer = [];
    hand(server, s);
    arapSessionTick(server, now);
    arapSessionTick(client, now);
    now += 10;
  }
}

/** Raw bytes straight into `to` (a forged packet). */
export function inject(to: ArapSession, hex: string): void {
  const clean = hex.replaceAll(" ", "");
  const buf = heap.alloc(clean.length / 2);
  for (let i = 0; i < clean.length / 2; i++) store<u8>(buf + <usize>i, <u8>I32.parseInt(clean.substr(i * 2, 2), 16));
  arapSessionStreamIn(to, buf, clean.length / 2, now);
}

export function joined(): string {
  return notes.join(" ");
}
