// Host helpers over the core's chat exports: strings in through the chat buffer, statuses
// out as readable errors.

import type { Core } from "./core.ts";
import { ChatError, chatStatusDecode } from "./abi.ts";

export class ChatRefused extends Error {
  constructor(
    readonly error: ChatError,
    readonly token: number,
  ) {
    super(`chat: ${ChatError[error] ?? `error ${error}`}${token ? ` at token ${token}` : ""}`);
  }
}

function put(core: Core, bytes: Uint8Array): number {
  const ptr = core.exports.chatBuffer(bytes.length);
  if (ptr === 0) throw new RangeError(`chat: ${bytes.length} bytes do not fit the chat buffer`);
  new Uint8Array(core.exports.memory.buffer).set(bytes, ptr);
  return ptr;
}

function check(status: number): number {
  const refused = chatStatusDecode(status);
  if (refused) throw new ChatRefused(refused.error, refused.token);
  return status;
}

/** Replaces the core's chat library with a ChatScripts section; returns the script count. */
export function chatLoadSection(core: Core, section: Uint8Array): number {
  return check(core.exports.chatLoad(put(core, section), section.length));
}

/** Starts script `index` on TTY `line` with `dial` for \T; throws ChatRefused when refused. */
export function chatRunScript(core: Core, line: number, index: number, dial: string): void {
  const bytes = Buffer.from(dial, "latin1");
  check(core.exports.chatRun(line, index, put(core, bytes), bytes.length));
}
