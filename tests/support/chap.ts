// RFC 1994 §4.1: a CHAP Response Value is MD5(Identifier ‖ secret ‖ Challenge). A secret given
// as a string is taken as UTF-8, as Node's hash takes a string.
import { createHash } from "node:crypto";

export function chapResponse(id: number, secret: string | Uint8Array, challenge: Uint8Array | readonly number[]): Uint8Array {
  const key = typeof secret === "string" ? Buffer.from(secret, "utf8") : secret;
  return createHash("md5").update(Uint8Array.of(id)).update(key).update(Uint8Array.from(challenge)).digest();
}
