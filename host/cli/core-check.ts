// The core's own word on a configuration the compiler accepted: its image is loaded into
// the core and every chat script compiled, as a dial would. The compiler's limits are meant
// to catch all the core refuses; should the core still refuse, the refusal is reported at
// the line from which it starts (found by loading ever shorter beginnings of the file).

import { Core, imageRefusal } from "../core/core.ts";
import { ChatError, chatStatusDecode, ImageStatus } from "../core/abi.ts";
import { compileConfig, CompileResult } from "../config/compile.ts";
import { compileImage, ImageLimitError } from "../config/image.ts";
import { Diagnostic, Diagnostics, formatDiagnostic, Loc } from "../config/diagnostics.ts";
import { tokenizeLine } from "../config/tokens.ts";

/** What the core's chat compiler means by each refusal (assembly/chat/program.ts). */
const CHAT_REFUSALS: Partial<Record<ChatError, string>> = {
  [ChatError.MissingValue]: "ABORT or TIMEOUT has no value after it",
  [ChatError.BadTimeout]: "TIMEOUT takes whole seconds",
  [ChatError.BadEscape]: "an escape the chat language does not have",
  [ChatError.EmptyAbort]: "an empty ABORT string",
  [ChatError.TooManySteps]: "more expect and send steps than a script holds",
  [ChatError.TooLong]: "more text than a script holds",
  [ChatError.MatcherTooLarge]: "its ABORT and expect strings are too many or too long to match at once",
  [ChatError.TooManyAborts]: "more ABORT strings than a script holds",
  [ChatError.EscapeInExpect]: "an escape only a send may have, in an expect",
  [ChatError.NameTooLong]: "its name is longer than the chat engine holds",
};

/** The status the core gives the image of `text`'s model (an image the writer refuses counts as refused). */
function statusOf(core: Core, text: string): number {
  try {
    return core.tryInit(compileImage(compileConfig(text).model));
  } catch (e) {
    if (e instanceof ImageLimitError) return ImageStatus.OutOfMemory;
    throw e;
  }
}

/** The first line from which the core refuses the file: the shortest refused beginning. */
function refusedFrom(core: Core, text: string): number {
  const lines = text.split(/\r\n|\r|\n/);
  let fits = 0;
  let refused = lines.length;
  while (refused - fits > 1) {
    const mid = (fits + refused) >> 1;
    if (statusOf(core, lines.slice(0, mid).join("\n")) === ImageStatus.Ok) fits = mid;
    else refused = mid;
  }
  return refused;
}

/** Where chat-script `name` is defined, and the place of its word `token` (0 = first after the name). */
function chatLoc(text: string, name: string, token: number): Loc {
  const quiet = new Diagnostics();
  const lines = text.split(/\r\n|\r|\n/);
  for (let i = 0; i < lines.length; i++) {
    const t = tokenizeLine(lines[i], i + 1, quiet);
    if (t.length >= 2 && "chat-script".startsWith(t[0].text.toLowerCase()) && t[0].text.length >= 4 && t[1].text === name) {
      return (t[2 + token] ?? t[1]).loc;
    }
  }
  return { line: 1, col: 1, width: 1 };
}

/**
 * Loads the configuration into `core` (left initialised with it when there is no error) and
 * returns what the core refuses, as diagnostics of the file: the image, then each chat
 * script (an error when a line selects it, a warning otherwise).
 */
export function coreDiagnostics(core: Core, result: CompileResult, text: string): Diagnostic[] {
  const status = core.tryInit(compileImage(result.model));
  if (status !== ImageStatus.Ok) {
    const line = refusedFrom(core, text);
    core.tryInit(compileImage(result.model));
    return [{ severity: "error", loc: { line, col: 1, width: 1 }, message: `the ${imageRefusal(status)}, from this line on` }];
  }
  const out: Diagnostic[] = [];
  const used = new Set(result.model.lines.flatMap((l) => Object.values(l.scripts).flatMap((r) => r?.matches ?? [])));
  result.model.chatScripts.forEach((s, i) => {
    const refused = chatStatusDecode(core.exports.chatCheck(i));
    if (!refused) return;
    const why = CHAT_REFUSALS[refused.error] ?? ChatError[refused.error] ?? `status ${refused.error}`;
    const loc = chatLoc(text, s.name, refused.error === ChatError.NameTooLong ? -1 : refused.token);
    const message = `chat-script ${s.name}: the core's chat engine refuses it: ${why}`;
    out.push({ severity: used.has(s.name) ? "error" : "warning", loc, message: used.has(s.name) ? message : `${message} (no line selects it yet)` });
  });
  return out;
}

/** The diagnostics in the compiler's form (the compiler's masked lines, so no secret shows). */
export function formatCoreDiagnostics(result: CompileResult, diagnostics: Diagnostic[]): string[] {
  return diagnostics.map((d) => formatDiagnostic(result.file, result.lines, d));
}
