// A PPP session under test with a recording owner: frames sent and upcalls are kept as text
// (hex frames joined by "|", notes joined by " "), so specs compare exact bytes and order.

import { arenaReset } from "../../../assembly/mem/arena";
import { entropyReset, entropyMix } from "../../../assembly/crypto/entropy";
import { authReset } from "../../../assembly/protocol/auth";
import { Session, SessionOwner, CbcpOffer, IpcpOffer, LinkDownReason } from "../../../assembly/protocol/session-state";
import { sessionCreate, sessionOpen, sessionFrameIn, sessionTick, sessionClose, sessionLowerDown } from "../../../assembly/protocol/session";
import { FsmState } from "../../../assembly/protocol/fsm";
import { hexBytes, ptrOf, toHex, asciiBytes } from "./bytes";

export let frames: string[] = [];
export let notes: string[] = [];

let endOn = "";
let endByLowerDown = false;
/** The automata and phase right after the owner's request returned, still inside the upcall. */
export let endSeen = "";
export let lastToken: u32 = 0;

/** From now on the owner asks the session to end (close, or lower-down) from inside the upcall whose note starts with `prefix`. */
export function ownerEndsOn(prefix: string, lowerDown: bool): void {
  endOn = prefix;
  endByLowerDown = lowerDown;
}

function note(s: Session, text: string): void {
  notes.push(text);
  if (endOn.length == 0 || !text.startsWith(endOn)) return;
  if (endByLowerDown) sessionLowerDown(s, LinkDownReason.LocalClose);
  else sessionClose(s, LinkDownReason.LocalClose);
  endSeen = "lcp:" + s.lcp.state.toString() + " ipcp:" + s.ipcp.state.toString() + " phase:" + s.phase.toString();
}

function frameOut(s: Session, frame: usize, len: i32): void {
  frames.push(toHex(frame, len));
}
function framingChanged(s: Session, tx: u32, rx: u32): void {
  note(s, "framing:" + tx.toString(16) + "/" + rx.toString(16));
}
function phaseChanged(s: Session, phase: u32): void {
  note(s, "phase:" + phase.toString());
}
function authSucceeded(s: Session, direction: i32, protocol: u32, name: usize, len: i32): void {
  note(s, "authOk:" + direction.toString() + ":" + protocol.toString(16) + ":" + toHex(name, len));
}
function authFailed(s: Session, direction: i32, protocol: u32, name: usize, len: i32): void {
  note(s, "authFail:" + direction.toString() + ":" + protocol.toString(16));
}
function authRequested(s: Session, protocol: u32, token: u32, name: usize, nameLen: i32, data: usize, dataLen: i32): void {
  lastToken = token;
  note(s, "authAsk:" + protocol.toString(16) + ":" + toHex(name, nameLen) + ":" + toHex(data, dataLen));
}
// What the owner answers when CBCP asks for the offer: 0 keeps the configured one.
let offerTypes: u32 = 0;
let offerNumber = "";

export function ownerOffers(types: u32, number: string): void {
  offerTypes = types;
  offerNumber = number;
}

function cbcpOffer(s: Session, offer: CbcpOffer): void {
  if (offerTypes == 0) return;
  offer.types = offerTypes;
  const b = asciiBytes(offerNumber);
  memory.copy(offer.number, ptrOf(b), b.length);
  offer.numberLen = b.length;
}
function callbackAgreed(s: Session, kind: i32, operation: u32, delay: u32, number: usize, len: i32): void {
  note(s, "callback:" + kind.toString() + ":" + operation.toString() + ":" + delay.toString() + ":" + toHex(number, len));
}
// What the owner answers when the network phase asks for addresses: 0 keeps the options block's.
let offerPeer: u32 = 0;
let offerRefused = false;

/** From now on the owner gives the peer `peer` (0: the options block's), or refuses the network phase. */
export function ownerAddresses(peer: u32, refuse: bool = false): void {
  offerPeer = peer;
  offerRefused = refuse;
}

/** The offer the session asked about last, as "our:peer:chooses" in hex (not a note: the phase notes keep their order). */
export let offerAsked = "";

function ipcpOffer(s: Session, offer: IpcpOffer): bool {
  offerAsked = offer.ourAddress.toString(16) + ":" + offer.peerAddress.toString(16) + ":" + offer.peerChooses.toString();
  if (offerPeer != 0) offer.peerAddress = offerPeer;
  return !offerRefused;
}

function ipcpUp(s: Session, our: u32, peer: u32): void {
  note(s, "ipcpUp:" + our.toString(16) + ":" + peer.toString(16));
}
function ipcpDown(s: Session): void {
  note(s, "ipcpDown");
}
function datagramIn(s: Session, p: usize, len: i32): void {
  note(s, "ip:" + toHex(p, len));
}
function linkDown(s: Session, reason: u32): void {
  note(s, "down:" + reason.toString());
}
export let traces: string[] = [];
function trace(s: Session, text: usize, len: i32): void {
  let t = "";
  for (let i = 0; i < len; i++) t += String.fromCharCode(load<u8>(text + i));
  traces.push(t);
}

export let captured: string[] = [];
function frameCaptured(s: Session, outgoing: bool, frame: usize, len: i32): void {
  captured.push((outgoing ? "O:" : "I:") + toHex(frame, len));
}

function newOwner(): SessionOwner {
  const o = changetype<SessionOwner>(heap.alloc(offsetof<SessionOwner>()));
  o.frameOut = frameOut;
  o.framingChanged = framingChanged;
  o.phaseChanged = phaseChanged;
  o.authSucceeded = authSucceeded;
  o.authFailed = authFailed;
  o.authRequested = authRequested;
  o.cbcpOffer = cbcpOffer;
  o.callbackAgreed = callbackAgreed;
  o.ipcpOffer = ipcpOffer;
  o.ipcpUp = ipcpUp;
  o.ipcpDown = ipcpDown;
  o.datagramIn = datagramIn;
  o.linkDown = linkDown;
  o.trace = trace;
  o.frameCaptured = frameCaptured;
  return o;
}

/** The pppOpen options block (config.ts layout). */
export function options(auth: u8, callback: u8, operation: u8, cbcpTypes: u8, delay: u8, flags: u8, user: string, secret: string,
  number: string, ourAddress: u32 = 0x0a010101, peerAddress: u32 = 0x0a010102): StaticArray<u8> {
  const out = new StaticArray<u8>(152);
  const p = ptrOf(out);
  store<u8>(p, auth);
  store<u8>(p, callback, 1);
  store<u8>(p, operation, 2);
  store<u8>(p, cbcpTypes, 3);
  store<u8>(p, delay, 4);
  store<u8>(p, flags, 5);
  store<u32>(p, ourAddress, 8);
  store<u32>(p, peerAddress, 12);
  const texts = [user, secret, number];
  for (let i = 0; i < texts.length; i++) {
    const b = asciiBytes(texts[i]);
    store<u8>(p + 20 + i, <u8>b.length);
    memory.copy(p + 24 + 32 * i, ptrOf(b), b.length);
  }
  return out;
}

/** `block` with the RFC 1877 servers appended (config.ts offset 156: DNS, DNS secondary, NBNS, NBNS secondary) and `flags` or'ed in. */
export function withServers(block: StaticArray<u8>, dns1: u32, dns2: u32, nbns1: u32, nbns2: u32, flags: u8 = 0): StaticArray<u8> {
  const out = new StaticArray<u8>(172);
  const p = ptrOf(out);
  memory.copy(p, ptrOf(block), block.length);
  store<u8>(p, load<u8>(p, 5) | flags, 5);
  store<u32>(p, dns1, 156);
  store<u32>(p, dns2, 160);
  store<u32>(p, nbns1, 164);
  store<u32>(p, nbns2, 168);
  return out;
}

/** A fresh session (arena, users and entropy reset) opened as `role` at time 0. */
export function openSession(role: u32, block: StaticArray<u8>): Session {
  arenaReset();
  authReset();
  entropyReset();
  const seed = asciiBytes("spec");
  entropyMix(ptrOf(seed), seed.length);
  frames = [];
  notes = [];
  traces = [];
  captured = [];
  offerTypes = 0;
  offerNumber = "";
  offerPeer = 0;
  offerRefused = false;
  offerAsked = "";
  endOn = "";
  endByLowerDown = false;
  endSeen = "";
  lastToken = 0;
  const s = changetype<Session>(sessionCreate(1, newOwner(), 1600));
  expect(sessionOpen(s, role, ptrOf(block), block.length, 0)).toBe(true);
  return s;
}

export function feed(s: Session, hex: string): void {
  const f = hexBytes(hex);
  sessionFrameIn(s, ptrOf(f), f.length);
}

/** Frames sent since the last call, joined by "|". */
export function sent(): string {
  const out = frames.join("|");
  frames = [];
  return out;
}

export function noted(): string {
  const out = notes.join(" ");
  notes = [];
  return out;
}

/** Acks our outstanding LCP Configure-Request as the peer would. */
export function ackOurLcpRequest(s: Session): void {
  const f = s.lcp;
  feed(s, "ff03c02102" + hex8(f.requestId) + hex16(<u32>f.requestLen + 4) + toHex(f.requestCopy, f.requestLen));
}

export function ackOurIpcpRequest(s: Session): void {
  const f = s.ipcp;
  feed(s, "ff03802102" + hex8(f.requestId) + hex16(<u32>f.requestLen + 4) + toHex(f.requestCopy, f.requestLen));
}

export function hex8(v: u32): string {
  return (v < 16 ? "0" : "") + v.toString(16);
}

export function hex16(v: u32): string {
  return hex8(v >>> 8) + hex8(v & 255);
}

export function hex32(v: u32): string {
  return hex16(v >>> 16) + hex16(v & 0xffff);
}

// pppd 2.4.9's first ConfReq (protocols.md §1, observed): asyncmap 0, magic, pcomp, accomp.
export const PPPD_CONFREQ = "ff03c021010100140206000000000506c8035b3507020802";

/** Opens LCP both ways with pppd's request; returns with LCP Opened. */
export function lcpOpen(s: Session): void {
  feed(s, PPPD_CONFREQ);
  ackOurLcpRequest(s);
  expect(s.lcp.state).toBe(FsmState.Opened);
}

export function tickTo(s: Session, now: f64): f64 {
  return sessionTick(s, now);
}
