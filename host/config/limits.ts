// What the core's fixed tables and the image format hold. `config check` reports a setting
// past one of these at the word that crosses it, so the core never refuses an image that
// `config check` accepted. tests/host/config/limits.test.ts holds each number against the core.

import { ApplyContext, Value } from "./grammar.ts";

export const LIMITS = {
  /** assembly/users/directory.ts DIRECTORY_MAX_USERS. */
  localUsers: 64,
  /** directory.ts NAME_BYTES. */
  userNameBytes: 32,
  /** directory.ts SECRET_BYTES: the clear text PAP and CHAP check. */
  secretBytes: 64,
  /** directory.ts DIALSTRING_BYTES. */
  dialstringBytes: 32,
  /** directory.ts PATTERN_BYTES. */
  patternBytes: 48,
  /** assembly/chat/program.ts PROGRAM_NAME_BYTES: a longer name never compiles when dialling. */
  chatScriptNameBytes: 32,
  /** Strings in the image have a one-byte length (boards/image.md). */
  imageStringBytes: 255,
  /** A chat-script record counts its words in one byte. */
  chatScriptWords: 255,
  /** One configuration line (a longer one is refused before it is read: it is never a real command). */
  lineChars: 4096,
} as const;

const utf8 = new TextEncoder();

export function byteLength(s: string): number {
  return utf8.encode(s).length;
}

/** Reports `value` at its word when its UTF-8 form is longer than `max`; true when it fits. */
export function fitsBytes(ctx: ApplyContext, value: Value, max: number, what: string, holder: string): boolean {
  const n = byteLength(value.text);
  if (n <= max) return true;
  ctx.diags.error(value.tok.loc, `${what} is ${n} bytes long; ${holder} holds at most ${max}`);
  return false;
}

/** Image strings (host names, AAA list and server names, keys, autocommands, zones). */
export function fitsImage(ctx: ApplyContext, value: Value, what: string): boolean {
  return fitsBytes(ctx, value, LIMITS.imageStringBytes, what, "the configuration image");
}
