// Helpers for the chat specs: a ChatScripts record from tokens, a readable dump of a
// compiled program, a runner with an output ring, and the events it emitted.

import {
  ChatProgram, PROGRAM_BYTES, stepAt, stepKind, stepFlags, stepString, stepLength, StepKind, StepFlag, SEND_ESCAPE,
} from "../../../assembly/chat/program";
import { chatCompile } from "../../../assembly/chat/compile";
import { ChatRunner, chatRunnerInit, CHAT_RUNNER_BYTES } from "../../../assembly/chat/runner";
import { Ring, ringInit, ringRead, RING_HEADER_BYTES } from "../../../assembly/mem/ring";
import { arenaReset } from "../../../assembly/mem/arena";
import { eventsInit, eventTake, eventCurrentPtr } from "../../../assembly/mem/events";

/** A record: u8 nameLen, name, u8 tokenCount, then (u16 len, bytes) per token. */
export function chatRecord(name: string, tokens: string[]): StaticArray<u8> {
  let size = 2 + name.length;
  for (let i = 0; i < tokens.length; i++) size += 2 + tokens[i].length;
  const out = new StaticArray<u8>(size);
  let at = 0;
  out[at++] = <u8>name.length;
  for (let i = 0; i < name.length; i++) out[at++] = <u8>name.charCodeAt(i);
  out[at++] = <u8>tokens.length;
  for (let t = 0; t < tokens.length; t++) {
    const token = tokens[t];
    out[at++] = <u8>(token.length & 0xff);
    out[at++] = <u8>(token.length >> 8);
    for (let i = 0; i < token.length; i++) out[at++] = <u8>token.charCodeAt(i);
  }
  return out;
}

export let lastStatus: i32 = 0;

/** Compiles tokens into a fresh program; the status is in lastStatus. */
export function compileTokens(tokens: string[]): ChatProgram {
  const record = chatRecord("dial", tokens);
  const program = changetype<ChatProgram>(heap.alloc(PROGRAM_BYTES));
  const at = changetype<usize>(record);
  lastStatus = chatCompile(at, at + <usize>record.length, program);
  return program;
}

/** Bytes readably: printable ASCII as is, others as <hh>, send actions as {T} {d} {p} {K}. */
export function readable(ptr: usize, len: i32, sending: bool): string {
  let s = "";
  let i = 0;
  while (i < len) {
    const b = load<u8>(ptr + <usize>i);
    if (sending && b == SEND_ESCAPE) {
      const code = load<u8>(ptr + <usize>i + 1);
      s += code == SEND_ESCAPE ? "<ff>" : "{" + String.fromCharCode(code) + "}";
      i += 2;
      continue;
    }
    if (b >= 0x20 && b < 0x7f && b != 0x3c) s += String.fromCharCode(b);
    else s += "<" + (b < 16 ? "0" : "") + b.toString(16) + ">";
    i++;
  }
  return s;
}

/** One line per step: A[..] T[n] E[..] S[..] fS[..] fE[..], then c (no return) and h (hidden). */
export function dumpProgram(p: ChatProgram): string {
  let s = "";
  for (let i = 0; i < <i32>p.stepCount; i++) {
    const step = stepAt(p, i);
    const kind = stepKind(step);
    const sending = kind == StepKind.Send || kind == StepKind.FallbackSend;
    if (i) s += " ";
    switch (kind) {
      case StepKind.Abort: s += "A"; break;
      case StepKind.Timeout: s += "T"; break;
      case StepKind.Expect: s += "E"; break;
      case StepKind.Send: s += "S"; break;
      case StepKind.FallbackSend: s += "fS"; break;
      case StepKind.FallbackExpect: s += "fE"; break;
      default: s += "?";
    }
    if (kind == StepKind.Timeout) s += "[" + stepLength(step).toString() + "]";
    else s += "[" + readable(stepString(p, step), stepLength(step), sending) + "]";
    if (stepFlags(step) & StepFlag.NoReturn) s += "c";
    if (stepFlags(step) & StepFlag.Hidden) s += "h";
  }
  return s;
}

/** Decodes a chat status into "kind@token". */
export function statusText(status: i32): string {
  if (status >= 0) return status.toString();
  return ((-status) & 0xff).toString() + "@" + ((-status) >> 8).toString();
}

export const TTY: i32 = 7;
let outputRing: Ring = changetype<Ring>(0);

/** A runner on TTY 7 writing to a fresh 4 KiB ring; events reset. */
export function newRunner(): ChatRunner {
  arenaReset();
  eventsInit(256, 32768);
  outputRing = changetype<Ring>(heap.alloc(RING_HEADER_BYTES));
  ringInit(outputRing, heap.alloc(4096), 4096);
  const r = changetype<ChatRunner>(heap.alloc(CHAT_RUNNER_BYTES));
  chatRunnerInit(r, TTY, changetype<usize>(outputRing));
  return r;
}

/** What the runner sent since the last call, readably. */
export function sent(): string {
  const buf = heap.alloc(4096);
  const n = <i32>ringRead(outputRing, buf, 4096);
  return readable(buf, n, false);
}

/** Every event since the last call: "kind:a0,a1,a2,a3:text" joined by "|". */
export function events(): string {
  let s = "";
  for (let kind = eventTake(); kind != 0; kind = eventTake()) {
    const at = eventCurrentPtr();
    if (s.length) s += "|";
    s += kind.toString() + ":" + load<i32>(at, 8).toString() + "," + load<i32>(at, 12).toString() + "," +
      load<i32>(at, 16).toString() + "," + load<i32>(at, 20).toString() + ":" +
      readable(<usize>load<u32>(at, 24), <i32>load<u32>(at, 28), false);
  }
  return s;
}

/** Only the trace texts since the last call, joined by "|". */
export function traces(): string {
  let s = "";
  for (let kind = eventTake(); kind != 0; kind = eventTake()) {
    if (kind != 49) continue;
    const at = eventCurrentPtr();
    if (s.length) s += "|";
    const ptr = <usize>load<u32>(at, 24);
    for (let i: u32 = 0; i < load<u32>(at, 28); i++) s += String.fromCharCode(load<u8>(ptr + <usize>i));
  }
  return s;
}

export function text(s: string): StaticArray<u8> {
  const out = new StaticArray<u8>(s.length);
  for (let i = 0; i < s.length; i++) out[i] = <u8>s.charCodeAt(i);
  return out;
}
