// Helpers the command tables share: secrets, line lookup, user lookup with duplicate checks.

import { ApplyContext, Value, Values } from "../grammar.ts";
import { LineConfig, LineKind, Secret, User, newUser } from "../model.ts";
import { type7Decode } from "../type7.ts";

/** `[0|7] TEXT`: type 7 is decoded; a malformed one is reported at the text. */
export function readSecret(ctx: ApplyContext, v: Values, typeName: string, textName: string): Secret | null {
  const text = v[textName] as Value;
  if (v[typeName]?.text === "7") {
    const plain = type7Decode(text.text);
    if (plain === null) {
      ctx.diags.error(text.tok.loc, `"${text.text}" is not a valid type 7 secret`);
      return null;
    }
    return { text: plain, type: 7 };
  }
  // Type 7 works on bytes; keep secrets to what every IOS release can show and encrypt.
  const bad = [...text.text].findIndex((c) => c < " " || c > "~");
  if (bad >= 0) {
    ctx.diags.error(text.tok.loc, `a secret must be printable ASCII ("${[...text.text][bad]}" is not)`);
    return null;
  }
  return { text: text.text, type: 0 };
}

/** The user named `name`, created on first use; attributes set twice are duplicates. */
export function userFor(ctx: ApplyContext, name: string): User {
  let user = ctx.model.users.find((u) => u.name === name);
  if (!user) {
    user = newUser(name);
    ctx.model.users.push(user);
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
