// MS-CHAPv2 as a Windows client computes it (RFC 2759 §8; its DES step is MS-CHAP v1's, RFC
// 2433 §A.5), written apart from the core's own (assembly/crypto/mschap.ts) so a replay
// checks the core against a second reading of the RFCs. MD4 and DES come from libraries:
// this Node's OpenSSL no longer offers either.

import { createHash } from "node:crypto";
import md4 from "js-md4";
import des from "des.js";

const md4Of = (bytes: Uint8Array): Buffer => Buffer.from(md4.arrayBuffer(bytes));
const sha1 = (...parts: Uint8Array[]): Buffer => {
  const h = createHash("sha1");
  for (const p of parts) h.update(p);
  return h.digest();
};

// RFC 2759 §8.7: the two constants of GenerateAuthenticatorResponse.
const MAGIC1 = Buffer.from("Magic server to client signing constant", "latin1");
const MAGIC2 = Buffer.from("Pad to make it do more than one iteration", "latin1");

/** RFC 2759 §8.3: MD4 of the password in UTF-16LE ("Unicode"). */
export function ntPasswordHash(password: string): Buffer {
  return md4Of(Buffer.from(password, "utf16le"));
}

/** RFC 2759 §8.2: the first 8 octets of SHA-1(peer challenge ‖ authenticator challenge ‖ user). */
export function challengeHash(peerChallenge: Uint8Array, authChallenge: Uint8Array, user: string): Buffer {
  return sha1(peerChallenge, authChallenge, Buffer.from(user, "latin1")).subarray(0, 8);
}

/** RFC 2759 §8.6: 7 key octets spread over 8, the low bit of each (parity) left 0. */
function desKey(seven: Uint8Array): Buffer {
  const key = Buffer.alloc(8);
  let bits = 0n;
  for (const b of seven) bits = (bits << 8n) | BigInt(b);
  for (let i = 0; i < 8; i++) key[i] = Number((bits >> BigInt(49 - 7 * i)) & 0x7fn) << 1;
  return key;
}

/** RFC 2759 §8.5: the 8-octet challenge DES-encrypted under three keys cut from the 16-octet hash. */
export function challengeResponse(challenge: Uint8Array, passwordHash: Uint8Array): Buffer {
  const padded = Buffer.concat([passwordHash, Buffer.alloc(5)]);
  const parts = [0, 7, 14].map((at) => {
    const cipher = des.DES.create({ type: "encrypt", key: desKey(padded.subarray(at, at + 7)), padding: false });
    return Buffer.from(cipher.update(challenge));
  });
  return Buffer.concat(parts);
}

/** RFC 2759 §8.1: the 24-octet NT-Response. `user` is the name without any "DOMAIN\" (§4). */
export function ntResponse(authChallenge: Uint8Array, peerChallenge: Uint8Array, user: string, password: string): Buffer {
  return challengeResponse(challengeHash(peerChallenge, authChallenge, user), ntPasswordHash(password));
}

/** RFC 2759 §8.7: "S=" and 40 upper-case hex digits, what the authenticator's Success must carry. */
export function authenticatorResponse(password: string, nt: Uint8Array, peerChallenge: Uint8Array, authChallenge: Uint8Array, user: string): string {
  const hashHash = md4Of(ntPasswordHash(password));
  const digest = sha1(hashHash, nt, MAGIC1);
  return `S=${sha1(digest, challengeHash(peerChallenge, authChallenge, user), MAGIC2).toString("hex").toUpperCase()}`;
}

/** RFC 2759 §4: the 49-octet Response Value (peer challenge, 8 reserved zeros, NT-Response, flags 0). */
export function responseValue(peerChallenge: Uint8Array, nt: Uint8Array): Buffer {
  return Buffer.concat([peerChallenge, Buffer.alloc(8), nt, Buffer.alloc(1)]);
}
