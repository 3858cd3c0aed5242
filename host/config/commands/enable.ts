// `enable secret` and `enable password` (IOS "Passwords and privileges"). Kept for the running
// configuration only: the EXEC here has no privileged mode. A clear `enable secret` is hashed
// when read (type 5), so no output ever shows it again.

import { ApplyContext, Command, kw, num, opt, rest, Value, Values } from "../grammar.ts";
import { TYPE5_FORM, type5Hash } from "../type5.ts";
import { readSecret } from "./shared.ts";

const LEVEL = opt(kw("levelKeyword", "level"), num("level", "a privilege level", 1, 15));

function levelOf(v: Values): number | null {
  const n = v.level?.num ?? null;
  return n === 15 ? null : n;
}

function noteNoEffect(ctx: ApplyContext, what: string): void {
  ctx.diags.noteOnce(`no-effect:${what}`, ctx.first.loc, `"${what}" accepted, no effect here (no privileged EXEC; kept in the running configuration)`);
}

// Types 8 and 9 (PBKDF2, scrypt) are kept as written; only their alphabet is checked.
const HASHED_FORMS: Record<string, RegExp> = { "5": TYPE5_FORM, "8": /^\$8\$[./0-9A-Za-z$]{1,80}$/, "9": /^\$9\$[./0-9A-Za-z$]{1,80}$/ };

function enableSecret(ctx: ApplyContext, v: Values): void {
  const level = levelOf(v);
  const secrets = ctx.model.enable.secrets;
  const at = secrets.findIndex((s) => s.level === level);
  if (ctx.negated) {
    if (at >= 0) secrets.splice(at, 1);
    return;
  }
  const text = v.text as Value;
  const type = v.type?.text ?? "0";
  let entry;
  if (type === "0") {
    const clear = readSecret(ctx, v, "type", "text");
    if (!clear) return;
    entry = { level, type: 5 as const, hash: type5Hash(clear.text) };
  } else {
    if (!HASHED_FORMS[type].test(text.text)) {
      const form = type === "5" ? " ($1$SALT$HASH)" : "";
      ctx.diags.error(text.tok.loc, `not a valid type ${type} secret${form}; give the clear text without a type to have it hashed`);
      return;
    }
    entry = { level, type: Number(type) as 5 | 8 | 9, hash: text.text };
  }
  if (at >= 0) secrets[at] = entry;
  else secrets.push(entry);
  noteNoEffect(ctx, "enable secret");
}

function enablePassword(ctx: ApplyContext, v: Values): void {
  const level = levelOf(v);
  const passwords = ctx.model.enable.passwords;
  const at = passwords.findIndex((p) => p.level === level);
  if (ctx.negated) {
    if (at >= 0) passwords.splice(at, 1);
    return;
  }
  const password = readSecret(ctx, v, "type", "text");
  if (!password) return;
  if (at >= 0) passwords[at] = { level, password };
  else passwords.push({ level, password });
  noteNoEffect(ctx, "enable password");
}

export const enableCommands: Command[] = [
  { mode: "global", words: ["enable", "secret"], args: [LEVEL, opt(kw("type", "0", "5", "8", "9")), rest("text", "a secret")], noArgs: 0, apply: enableSecret },
  { mode: "global", words: ["enable", "password"], args: [LEVEL, opt(kw("type", "0", "7")), rest("text", "a password")], noArgs: 0, apply: enablePassword },
];
