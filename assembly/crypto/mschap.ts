// The MS-CHAP computations (RFC 2433 Appendix A for version 1, RFC 2759 §8 for version 2):
// the NT password hash, the DES challenge response, and MS-CHAPv2's challenge hash and
// authenticator response. Pure functions over caller memory and static scratch; secrets are
// wiped from the scratch before each function returns.

import { callScratch, SCRATCH_MSCHAP_AT } from "../mem/call-scratch";
import { Md4, md4Init, md4Update, md4Final, MD4_CONTEXT_BYTES } from "./md4";
import { Sha1, sha1Init, sha1Update, sha1Final, SHA1_CONTEXT_BYTES, SHA1_DIGEST_BYTES } from "./sha1";
import { desSchedule, desEncrypt, desKeyFrom56, DES_SCHEDULE_BYTES } from "./des";

export const MSCHAP_HASH_BYTES: i32 = 16;
export const MSCHAP_NT_RESPONSE_BYTES: i32 = 24;
/** MS-CHAP v1 challenge (RFC 2433 §3) and the challenge hash of v2 (RFC 2759 §8.2). */
export const MSCHAP_V1_CHALLENGE_BYTES: i32 = 8;
export const MSCHAP_V2_CHALLENGE_BYTES: i32 = 16;
export const MSCHAP_AUTHENTICATOR_RESPONSE_BYTES: i32 = 20;

// RFC 2759 §8.7: the two constants of GenerateAuthenticatorResponse.
// @ts-ignore: decorator
@lazy const MAGIC1: usize = memory.data<u8>([
  0x4d, 0x61, 0x67, 0x69, 0x63, 0x20, 0x73, 0x65, 0x72, 0x76, 0x65, 0x72, 0x20, 0x74, 0x6f, 0x20, 0x63, 0x6c, 0x69, 0x65, 0x6e, 0x74, 0x20,
  0x73, 0x69, 0x67, 0x6e, 0x69, 0x6e, 0x67, 0x20, 0x63, 0x6f, 0x6e, 0x73, 0x74, 0x61, 0x6e, 0x74,
]); // "Magic server to client signing constant"
const MAGIC1_BYTES: i32 = 39;
// @ts-ignore: decorator
@lazy const MAGIC2: usize = memory.data<u8>([
  0x50, 0x61, 0x64, 0x20, 0x74, 0x6f, 0x20, 0x6d, 0x61, 0x6b, 0x65, 0x20, 0x69, 0x74, 0x20, 0x64, 0x6f, 0x20, 0x6d, 0x6f, 0x72, 0x65, 0x20,
  0x74, 0x68, 0x61, 0x6e, 0x20, 0x6f, 0x6e, 0x65, 0x20, 0x69, 0x74, 0x65, 0x72, 0x61, 0x74, 0x69, 0x6f, 0x6e,
]); // "Pad to make it do more than one iteration"
const MAGIC2_BYTES: i32 = 41;

// @ts-ignore: decorator
@lazy const md4Context: usize = memory.data(MD4_CONTEXT_BYTES, 8);
// Every function here is done when it returns (the secrets wiped): its contexts, round keys
// and scratch live in the call scratch (mem/call-scratch.ts), not in static data of their own.
// @ts-ignore: decorator
@lazy const sha1Context: usize = callScratch + SCRATCH_MSCHAP_AT;
// @ts-ignore: decorator
@lazy const schedule: usize = sha1Context + <usize>SHA1_CONTEXT_BYTES;
// The 21-octet zero-padded hash (RFC 2433 §A.5), a DES key, digests, hashes and a challenge hash.
const SCRATCH_BYTES: usize = 128;
// @ts-ignore: decorator
@lazy const scratch: usize = schedule + <usize>DES_SCHEDULE_BYTES;
const PADDED_HASH: usize = 0;
const DES_KEY: usize = 24;
const DIGEST: usize = 32;
const HASH_HASH: usize = 56;
const CHALLENGE: usize = 72;
const HASH: usize = 80;
const FIRST_DIGEST: usize = 96;
// @ts-ignore: decorator
@lazy const unicode: usize = memory.data(2, 2);

function wipe(): void {
  memory.fill(scratch, 0, SCRATCH_BYTES);
  memory.fill(md4Context, 0, <usize>MD4_CONTEXT_BYTES);
  memory.fill(sha1Context, 0, <usize>SHA1_CONTEXT_BYTES);
  memory.fill(schedule, 0, <usize>DES_SCHEDULE_BYTES);
}

/**
 * NtPasswordHash (RFC 2433 §A.3): MD4 of the password in UTF-16LE. Each octet is one
 * character (ASCII and Latin-1), as pppd and Windows encode an 8-bit password.
 */
export function mschapNtPasswordHash(password: usize, passwordLen: i32, out: usize): void {
  const ctx = changetype<Md4>(md4Context);
  md4Init(ctx);
  store<u8>(unicode, 0, 1);
  for (let i = 0; i < passwordLen; i++) {
    store<u8>(unicode, load<u8>(password + i));
    md4Update(ctx, unicode, 2);
  }
  store<u8>(unicode, 0);
  md4Final(ctx, out);
  memory.fill(md4Context, 0, <usize>MD4_CONTEXT_BYTES);
}

/**
 * ChallengeResponse (RFC 2433 §A.5, RFC 2759 §8.5): the 8-octet challenge DES-encrypted
 * under each third of the 16-octet hash padded to 21 octets; 24 octets to `out`.
 */
export function mschapChallengeResponse(challenge: usize, passwordHash: usize, out: usize): void {
  memory.fill(scratch + PADDED_HASH, 0, 21);
  memory.copy(scratch + PADDED_HASH, passwordHash, 16);
  for (let third = 0; third < 3; third++) {
    desKeyFrom56(scratch + PADDED_HASH + <usize>(7 * third), scratch + DES_KEY);
    desSchedule(scratch + DES_KEY, schedule);
    desEncrypt(schedule, challenge, out + <usize>(8 * third));
  }
  wipe();
}

/** MS-CHAP v1 NT-Response (RFC 2433 §A.2): ChallengeResponse of the challenge under the NT hash. */
export function mschapV1NtResponse(challenge: usize, password: usize, passwordLen: i32, out: usize): void {
  mschapNtPasswordHash(password, passwordLen, scratch + HASH);
  mschapChallengeResponse(challenge, scratch + HASH, out);
}

/** The user name as MS-CHAPv2 hashes it: what follows the last backslash of "DOMAIN\user" (RFC 2759 §4). */
export function mschapUserStart(user: usize, userLen: i32): i32 {
  for (let i = userLen - 1; i >= 0; i--) if (load<u8>(user + i) == 0x5c) return i + 1;
  return 0;
}

/** ChallengeHash (RFC 2759 §8.2): the first 8 octets of SHA1(peer challenge ‖ authenticator challenge ‖ user name). */
export function mschapV2ChallengeHash(peerChallenge: usize, authChallenge: usize, user: usize, userLen: i32, out: usize): void {
  const ctx = changetype<Sha1>(sha1Context);
  const skip = mschapUserStart(user, userLen);
  sha1Init(ctx);
  sha1Update(ctx, peerChallenge, MSCHAP_V2_CHALLENGE_BYTES);
  sha1Update(ctx, authChallenge, MSCHAP_V2_CHALLENGE_BYTES);
  sha1Update(ctx, user + <usize>skip, userLen - skip);
  sha1Final(ctx, scratch + DIGEST);
  memory.copy(out, scratch + DIGEST, MSCHAP_V1_CHALLENGE_BYTES);
}

/** GenerateNTResponse (RFC 2759 §8.1): 24 octets to `out`. */
export function mschapV2NtResponse(authChallenge: usize, peerChallenge: usize, user: usize, userLen: i32, password: usize, passwordLen: i32,
  out: usize): void {
  mschapV2ChallengeHash(peerChallenge, authChallenge, user, userLen, scratch + CHALLENGE);
  mschapNtPasswordHash(password, passwordLen, scratch + HASH);
  mschapChallengeResponse(scratch + CHALLENGE, scratch + HASH, out);
}

/**
 * GenerateAuthenticatorResponse (RFC 2759 §8.7): the 20 octets the "S=" of a Success
 * message carries in hex, proving the authenticator knows the password too.
 */
export function mschapV2AuthenticatorResponse(password: usize, passwordLen: i32, ntResponse: usize, peerChallenge: usize, authChallenge: usize,
  user: usize, userLen: i32, out: usize): void {
  const ctx = changetype<Sha1>(sha1Context);
  mschapNtPasswordHash(password, passwordLen, scratch + HASH);
  // PasswordHashHash: MD4 of the 16-octet hash (RFC 2759 §8.4).
  const md4 = changetype<Md4>(md4Context);
  md4Init(md4);
  md4Update(md4, scratch + HASH, 16);
  md4Final(md4, scratch + HASH_HASH);
  sha1Init(ctx);
  sha1Update(ctx, scratch + HASH_HASH, 16);
  sha1Update(ctx, ntResponse, MSCHAP_NT_RESPONSE_BYTES);
  sha1Update(ctx, MAGIC1, MAGIC1_BYTES);
  sha1Final(ctx, scratch + FIRST_DIGEST);
  mschapV2ChallengeHash(peerChallenge, authChallenge, user, userLen, scratch + CHALLENGE);
  sha1Init(ctx);
  sha1Update(ctx, scratch + FIRST_DIGEST, SHA1_DIGEST_BYTES);
  sha1Update(ctx, scratch + CHALLENGE, MSCHAP_V1_CHALLENGE_BYTES);
  sha1Update(ctx, MAGIC2, MAGIC2_BYTES);
  sha1Final(ctx, out);
  wipe();
}
