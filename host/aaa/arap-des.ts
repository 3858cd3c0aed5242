// ARAP's DES step for the host's own checks (the `local` method after a server, the
// simulator's AAA server): DES(K, block) with K the password's first 8 octets, NUL-padded,
// laid out as `arap key-layout` says (as-is, or each octet shifted left by one), exactly as
// the core does (assembly/protocol/arap-auth.ts). Node's OpenSSL 3 offers single DES only as
// triple DES with one key three times (EDE with K1 = K2 = K3 is DES).

import { createCipheriv } from "node:crypto";
import type { ArapKeyLayout } from "../core/arap.ts";

/** The 8-octet DES key of `password` in `layout`; null for an empty password (it proves nothing). */
export function arapKey(password: Uint8Array, layout: ArapKeyLayout): Buffer | null {
  if (password.length === 0) return null;
  const key = Buffer.alloc(8);
  for (let i = 0; i < Math.min(8, password.length); i++) key[i] = layout === "shifted" ? (password[i] << 1) & 0xff : password[i];
  return key;
}

/** DES-ECB of one 8-octet block under an 8-octet key. */
export function desBlock(key: Uint8Array, block: Uint8Array): Buffer {
  const k = Buffer.from(key);
  const cipher = createCipheriv("des-ede3-ecb", Buffer.concat([k, k, k]), null);
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(block), cipher.final()]);
}

/** DES(K(password), block), or null without a password. */
export function arapResponse(password: Uint8Array, layout: ArapKeyLayout, block: Uint8Array): Buffer | null {
  const key = arapKey(password, layout);
  const out = key ? desBlock(key, block) : null;
  key?.fill(0);
  return out;
}
