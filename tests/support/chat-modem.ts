// Runs one chat script in the release core on TTY 1 against a scripted modem, on a
// virtual clock: each reply waits until the script has sent its `after` text (in order),
// then arrives `delayMs` later. Time jumps from deadline to deadline; nothing sleeps.

import { Core } from "../../host/core/core.ts";
import { ChatResult, EventKind } from "../../host/core/abi.ts";
import { VirtualClock } from "../../host/core/clock.ts";
import { writeImage, encodeSystem, encodeLines, DEFAULT_SYSTEM, LineFlag } from "../../host/image/writer.ts";
import { encodeChatScripts } from "../../host/image/chat-section.ts";
import { chatRunScript, ChatRefused } from "../../host/core/chat.ts";

export interface ModemReply {
  /** Text the script must have sent (after the previous reply's trigger) before this reply. */
  after: string;
  /** What the modem answers (JSON escapes: "\r\n"). */
  text: string;
  /** Virtual milliseconds between the trigger and the reply; 0 when absent. */
  delayMs?: number;
}

export interface ChatCase {
  name: string;
  /** Tokens as the ChatScripts section carries them: quotes removed, escapes as written. */
  script: string[];
  dialString?: string;
  modemReplies: ModemReply[];
  expected: { result: "success" | "abort" | "timeout"; abortIndex?: number };
}

export interface ChatOutcome {
  result: "success" | "abort" | "timeout" | "carrier-lost" | "bad-script" | "stopped" | "none";
  /** 0-based index of the ABORT string that matched (Debian chat exit status − 4). */
  abortIndex?: number;
  token: number;
  sent: string;
  traces: string[];
  /** Virtual time from start to the result. */
  virtualMs: number;
}

export const CHAT_TTY = 1;

const RESULT_NAMES: Record<number, ChatOutcome["result"]> = {
  [ChatResult.Success]: "success",
  [ChatResult.Abort]: "abort",
  [ChatResult.Timeout]: "timeout",
  [ChatResult.CarrierLost]: "carrier-lost",
  [ChatResult.BadScript]: "bad-script",
  [ChatResult.Stopped]: "stopped",
};

/** Loads the image with one line and the given scripts; returns the core ready at time 0. */
export async function coreWithScripts(scripts: { name: string; tokens: string[] }[]): Promise<Core> {
  const core = await Core.load();
  core.init(writeImage([encodeSystem(DEFAULT_SYSTEM), encodeLines([{ tty: CHAT_TTY, flags: LineFlag.FrameMonitor }]), encodeChatScripts(scripts)]));
  core.tick(0);
  return core;
}

/** Starts script `index` on the line with `dial` as \T; returns the core's status. */
export function chatRun(core: Core, index: number, dial: string): number {
  try {
    chatRunScript(core, CHAT_TTY, index, dial);
    return 0;
  } catch (e) {
    if (e instanceof ChatRefused) return -(e.error | (e.token << 8));
    throw e;
  }
}

export async function runChatCase(c: ChatCase): Promise<ChatOutcome> {
  const core = await coreWithScripts([{ name: c.name.replace(/\s+/g, "-").slice(0, 32), tokens: c.script }]);
  return driveChat(core, 0, c.dialString ?? "5551234", c.modemReplies);
}

export function driveChat(core: Core, index: number, dial: string, replies: ModemReply[]): ChatOutcome {
  const clock = new VirtualClock(0);
  let sent = "";
  let searchFrom = 0;
  let nextReply = 0;
  const scheduled: { at: number; text: string }[] = [];
  const traces: string[] = [];
  const status = chatRun(core, index, dial);
  if (status < 0) throw new Error(`chatRun refused: ${status}`);
  for (let round = 0; round < 100000; round++) {
    sent += Buffer.from(core.txDrain(CHAT_TTY)).toString("latin1");
    while (nextReply < replies.length) {
      const at = sent.indexOf(replies[nextReply].after, searchFrom);
      if (at < 0) break;
      searchFrom = at + replies[nextReply].after.length;
      scheduled.push({ at: clock.now() + (replies[nextReply].delayMs ?? 0), text: replies[nextReply].text });
      nextReply++;
      scheduled.sort((a, b) => a.at - b.at);
    }
    // Input due now goes in before the tick (the core's documented order); what the
    // script sends in answer may trigger further replies at this same moment.
    if (scheduled.length && scheduled[0].at <= clock.now()) {
      const reply = scheduled.shift()!;
      core.rxPush(CHAT_TTY, Buffer.from(reply.text, "latin1"));
      continue;
    }
    for (const e of core.drainEvents()) {
      if (e.kind === EventKind.ChatTrace) traces.push(Buffer.from(e.data).toString("latin1"));
      if (e.kind === EventKind.ChatResult) {
        sent += Buffer.from(core.txDrain(CHAT_TTY)).toString("latin1");
        const result = RESULT_NAMES[e.args[2]] ?? "none";
        // The line layer reads the same outcome without events.
        if (core.exports.chatOutcome(CHAT_TTY, 0) !== e.args[2] || core.exports.chatOutcome(CHAT_TTY, 2) !== e.args[3]) {
          throw new Error("chatOutcome disagrees with the ChatResult event");
        }
        return {
          result,
          abortIndex: result === "abort" ? e.args[3] : undefined,
          token: e.args[1],
          sent,
          traces,
          virtualMs: clock.now(),
        };
      }
    }
    const deadline = core.tick(clock.now());
    const candidates = [deadline ?? Infinity, scheduled.length ? scheduled[0].at : Infinity];
    const next = Math.min(...candidates);
    if (next === Infinity) {
      if (core.exports.chatActive(CHAT_TTY) === 0) continue;
      throw new Error("chat waits with no deadline and no modem reply");
    }
    if (next > clock.now()) {
      clock.jumpTo(next);
      core.tick(clock.now());
    }
  }
  throw new Error("chat did not finish");
}
