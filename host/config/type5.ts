// The IOS "type 5" secret: MD5-crypt (the FreeBSD `$1$salt$hash` form IOS uses for `enable
// secret`). One-way: the running configuration shows the hash, never the secret.

import { createHash, randomBytes } from "node:crypto";

/** crypt(3)'s base-64 alphabet, least significant 6 bits first. */
const ITOA64 = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const MAGIC = "$1$";
const ROUNDS = 1000;
/** IOS writes 4-character salts; MD5-crypt takes up to 8. */
const SALT_CHARS = 4;

/** A type 5 value as IOS accepts it: `$1$`, a salt of 1-8 characters, `$`, then the hash. */
export const TYPE5_FORM = /^\$1\$[./0-9A-Za-z]{1,8}\$[./0-9A-Za-z]{1,22}$/;

function md5(...parts: Buffer[]): Buffer {
  const h = createHash("md5");
  for (const p of parts) h.update(p);
  return h.digest();
}

function to64(v: number, n: number): string {
  let out = "";
  for (let i = 0; i < n; i++, v >>>= 6) out += ITOA64[v & 0x3f];
  return out;
}

/** A fresh random salt (crypt alphabet); a fixed one is for tests only. */
export function type5Salt(): string {
  return [...randomBytes(SALT_CHARS)].map((b) => ITOA64[b & 0x3f]).join("");
}

/** `$1$salt$hash` of `secret` (UTF-8) with `salt` (at most 8 characters are used). */
export function type5Hash(secret: string, salt: string = type5Salt()): string {
  const s = salt.replace(/\$.*$/, "").slice(0, 8);
  const pw = Buffer.from(secret, "utf8");
  const sb = Buffer.from(s, "latin1");
  const alt = md5(pw, sb, pw);
  const first = createHash("md5").update(pw).update(MAGIC).update(sb);
  for (let left = pw.length; left > 0; left -= 16) first.update(alt.subarray(0, Math.min(16, left)));
  // The bits of the length pick a zero byte or the secret's first byte (as the original does).
  for (let i = pw.length; i > 0; i >>>= 1) first.update(i & 1 ? Buffer.alloc(1) : pw.subarray(0, 1));
  let f: Buffer = first.digest();
  for (let i = 0; i < ROUNDS; i++) {
    const parts: Buffer[] = [i & 1 ? pw : f];
    if (i % 3) parts.push(sb);
    if (i % 7) parts.push(pw);
    parts.push(i & 1 ? f : pw);
    f = md5(...parts);
  }
  const groups: [number, number, number][] = [[0, 6, 12], [1, 7, 13], [2, 8, 14], [3, 9, 15], [4, 10, 5]];
  const hash = groups.map(([a, b, c]) => to64((f[a] << 16) | (f[b] << 8) | f[c], 4)).join("") + to64(f[11], 2);
  return `${MAGIC}${s}$${hash}`;
}

/** Whether `secret` matches the type 5 value `stored`. */
export function type5Matches(secret: string, stored: string): boolean {
  const m = /^\$1\$([^$]{0,8})\$/.exec(stored);
  return m !== null && type5Hash(secret, m[1]) === stored;
}
