// Helpers the command tables share: secrets, line lookup, user lookup with duplicate checks.

import { ApplyContext, Value, Values } from "../grammar.ts";
import { LineConfig, LineKind, Secret, User, newUser } from "../model.ts";
import { type7Decode, type7Encode } from "../type7.ts";
import { LIMITS } from "../limits.ts";

/** `[0|7] TEXT`: type 7 is decoded; a malformed one is reported at the text. Never echoes the text. */
export function readSecret(ctx: ApplyContext, v: Values, typeName: string, textName: string): Secret | null {
  const text = v[textName] as Value;
  const type7 = v[typeName]?.text === "7";
  const plain = type7 ? type7Decode(text.text) : text.text;
  if (plain === null) {
    // A mistyped type 7 is often a clear secret: say what is wrong without showing it.
    ctx.diags.error(text.tok.loc, "not a valid type 7 secret (two decimal digits, then pairs of hex digits)");
    return null;
  }
  // Type 7 works on bytes; keep secrets to what every IOS release can show and encrypt.
  const chars = [...plain];
  const bad = chars.findIndex((c) => c < " " || c > "~");
  if (bad >= 0) {
    const code = (chars[bad].codePointAt(0) as number).toString(16).toUpperCase().padStart(4, "0");
    ctx.diags.error(text.tok.loc, `a secret must be printable ASCII (character ${bad + 1}${type7 ? " once decoded" : ""} is U+${code})`);
    return null;
  }
  if (!type7) return { text: plain, type: 0 };
  // IOS prints a type 7 form as it was given; dialback's own form is the one it would write anyway.
  return text.text === type7Encode(plain) ? { text: plain, type: 7 } : { text: plain, type: 7, cipher: text.text };
}

/** The user named `name`, created on first use; attributes set twice are duplicates. */
export function userFor(ctx: ApplyContext, name: string, at?: Value): User {
  let user = ctx.model.users.find((u) => u.name === name);
  if (!user) {
    const created = newUser(name);
    user = created;
    ctx.model.users.push(created);
    // The user past the core's table is reported where it first appears (`no username` may free room).
    if (at) {
      ctx.later((m) => {
        if (m.users.indexOf(created) === LIMITS.localUsers) {
          ctx.diags.error(at.tok.loc, `a local user past the ${LIMITS.localUsers} the core's user table holds (${m.users.length} configured)`);
        }
      });
    }
  }
  return user;
}

/** Remembers where a user's attribute was set; reports a second setting as a duplicate user. */
export function claimUserAttribute(ctx: ApplyContext, user: string, attribute: string, at: Value): boolean {
  const key = `user:${user}:${attribute}`;
  const earlier = ctx.memo.get(key) as number | undefined;
  if (earlier !== undefined) {
    ctx.diags.error(at.tok.loc, `duplicate user "${user}": ${attribute} already given on line ${earlier}`);
    return false;
  }
  ctx.memo.set(key, at.tok.loc.line);
  return true;
}

export function lineExists(lines: LineConfig[], kind: LineKind, number: number): boolean {
  return lines.some((l) => l.kind === kind && l.number === number);
}

/** Applies `f` to every line of the current `line` scope. */
export function eachLine(ctx: ApplyContext, f: (l: LineConfig) => void): void {
  if (ctx.scope.mode === "line") ctx.scope.lines.forEach(f);
}

export function interfaceScope(ctx: ApplyContext) {
  if (ctx.scope.mode !== "interface") throw new Error("interface command outside interface mode");
  return ctx.scope.iface;
}
