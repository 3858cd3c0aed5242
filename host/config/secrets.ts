// Every secret the model holds, and `service password-encryption` applied to them as IOS
// does: reversible secrets become type 7 in the running configuration, including those of
// commands kept as written (line `password`, `ppp chap password`, `key-string`).

import { ConfigModel, Secret } from "./model.ts";
import { Diagnostics } from "./diagnostics.ts";
import { tokenizeLine } from "./tokens.ts";
import { type7Encode } from "./type7.ts";

function isSecret(v: unknown): v is Secret {
  if (typeof v !== "object" || v === null) return false;
  const s = v as Record<string, unknown>;
  return typeof s.text === "string" && (s.type === 0 || s.type === 7);
}

/** Secret-typed fields of a line or an interface, whatever their names (each command adds its own). */
function ownSecrets(o: object): Secret[] {
  return Object.values(o).filter(isSecret);
}

/** Every reversible secret of the model: user passwords, server keys, enable passwords, line and interface secrets. */
export function modelSecrets(m: ConfigModel): Secret[] {
  const all: (Secret | null)[] = [
    ...m.users.map((u) => u.password),
    m.tacacs.key,
    m.radius.key,
    ...m.tacacs.hosts.map((h) => h.key),
    ...m.radius.hosts.map((h) => h.key),
    ...m.enable.passwords.map((p) => p.password),
    ...m.lines.flatMap(ownSecrets),
    ...m.interfaces.flatMap(ownSecrets),
    ...m.asyncGroups.flatMap(ownSecrets),
  ];
  return all.filter((s): s is Secret => s !== null);
}

/** Kept commands whose last words are a reversible secret: the keyword path before it ("*" is any word). */
const KEPT_SECRET_PATHS: string[][] = [
  ["password"],
  ["ppp", "chap", "password"],
  ["ppp", "pap", "sent-username", "*", "password"],
  ["key-string"],
  ["l2tp", "tunnel", "password"],
];

/** An IOS abbreviation of `keyword`: `key` is the command `key`, not `key-string`. */
function abbreviates(word: string, keyword: string): boolean {
  const w = word.toLowerCase();
  const shortest = keyword.includes("-") ? keyword.indexOf("-") + 2 : Math.min(3, keyword.length);
  return keyword.startsWith(w) && w.length >= shortest;
}

/** `text` with its secret as type 7, or unchanged when it is not such a command or is already type 7. */
export function encryptKeptCommand(text: string): string {
  const tokens = tokenizeLine(text, 1, new Diagnostics());
  for (const path of KEPT_SECRET_PATHS) {
    if (tokens.length <= path.length) continue;
    const matches = path.every((w, i) => w === "*" || abbreviates(tokens[i].text, w));
    if (!matches) continue;
    let at = path.length;
    const type = tokens[at].text;
    if (type === "7" || type === "5") return text;
    if (type === "0" && tokens.length > at + 1) at++;
    const start = tokens[at].loc.col - 1;
    const clear = tokens.length === at + 1 ? tokens[at].text : text.slice(start).trimEnd();
    return `${text.slice(0, tokens[path.length].loc.col - 1)}7 ${type7Encode(clear)}`;
  }
  return text;
}

/** `service password-encryption`: every reversible secret is shown as type 7 from now on. */
export function applyPasswordEncryption(m: ConfigModel): void {
  for (const s of modelSecrets(m)) s.type = 7;
  for (const l of m.lines) l.extras = l.extras.map(encryptKeptCommand);
  for (const i of [...m.interfaces, ...m.asyncGroups]) i.extras = i.extras.map(encryptKeptCommand);
  for (const e of m.extras) e.block = e.block.map(encryptKeptCommand);
}
