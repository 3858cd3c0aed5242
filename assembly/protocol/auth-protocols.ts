// The four authentication protocols LCP option 3 can name (RFC 1334 PAP; RFC 1994 CHAP-MD5;
// RFC 2433 MS-CHAP; RFC 2759 MS-CHAPv2): their codes as `ppp authentication` lists them, their
// bits in the options block, their wire form (protocol and CHAP algorithm), and the order in
// which an authenticator asks for them.

import { PROTOCOL_PAP, PROTOCOL_CHAP } from "../wire/ppp-frame";
import { CHAP_MD5 } from "../wire/chap";
import { CHAP_MSCHAP_V1, CHAP_MSCHAP_V2 } from "../wire/mschap";
import {
  PppConfig, AUTH_PAP, AUTH_CHAP, AUTH_MSCHAP, AUTH_MSCHAPV2, AUTH_CODE_PAP, AUTH_CODE_CHAP, AUTH_CODE_MSCHAP, AUTH_CODE_MSCHAPV2,
  CONFIG_AUTH_ORDER_BYTES, configAuthCode,
} from "./config";

/** The options-block bit of a protocol code (0 for none). */
export function authCodeBit(code: u32): u32 {
  if (code == AUTH_CODE_PAP) return AUTH_PAP;
  if (code == AUTH_CODE_CHAP) return AUTH_CHAP;
  if (code == AUTH_CODE_MSCHAP) return AUTH_MSCHAP;
  if (code == AUTH_CODE_MSCHAPV2) return AUTH_MSCHAPV2;
  return 0;
}

/** The PPP protocol a code travels on. */
export function authCodeProtocol(code: u32): u32 {
  return code == AUTH_CODE_PAP ? PROTOCOL_PAP : PROTOCOL_CHAP;
}

/** The CHAP algorithm of a code (0 for PAP). */
export function authCodeAlgorithm(code: u32): u32 {
  if (code == AUTH_CODE_CHAP) return CHAP_MD5;
  if (code == AUTH_CODE_MSCHAP) return CHAP_MSCHAP_V1;
  if (code == AUTH_CODE_MSCHAPV2) return CHAP_MSCHAP_V2;
  return 0;
}

/** The code of an LCP option value (protocol, algorithm), 0 when it is none of the four. */
export function authCodeOf(protocol: u32, algorithm: u32): u32 {
  if (protocol == PROTOCOL_PAP) return AUTH_CODE_PAP;
  if (protocol != PROTOCOL_CHAP) return 0;
  if (algorithm == CHAP_MD5) return AUTH_CODE_CHAP;
  if (algorithm == CHAP_MSCHAP_V1) return AUTH_CODE_MSCHAP;
  if (algorithm == CHAP_MSCHAP_V2) return AUTH_CODE_MSCHAPV2;
  return 0;
}

/** Names as IOS prints them in `debug ppp negotiation`. */
export function authCodeName(code: u32): string {
  if (code == AUTH_CODE_PAP) return "PAP";
  if (code == AUTH_CODE_CHAP) return "CHAP";
  if (code == AUTH_CODE_MSCHAP) return "MS-CHAP";
  if (code == AUTH_CODE_MSCHAPV2) return "MS-CHAP-V2";
  return "?";
}

// Without a configured order, the strongest first: MS-CHAPv2 (mutual), CHAP, MS-CHAP, PAP.
// @ts-ignore: decorator
@lazy const DEFAULT_ORDER: usize = memory.data<u8>([4, 2, 3, 1]);

/**
 * The `i`-th protocol code an authenticator asks for (0 past the end): the configured order
 * (`ppp authentication`) when one is given, else the strongest first among the `auth` bits.
 */
export function authOrderCode(cfg: PppConfig, i: i32): u32 {
  if (i < 0 || i >= CONFIG_AUTH_ORDER_BYTES) return 0;
  if (configAuthCode(cfg, 0) != 0) return configAuthCode(cfg, i);
  let seen = 0;
  for (let k = 0; k < 4; k++) {
    const code = <u32>load<u8>(DEFAULT_ORDER + <usize>k);
    if ((<u32>cfg.auth & authCodeBit(code)) == 0) continue;
    if (seen == i) return code;
    seen++;
  }
  return 0;
}

/**
 * The code a peer that asked for an unacceptable protocol is told to use instead (RFC 1661
 * §5.3): the first of `allowed` (bits) in the configured order, else the strongest first.
 */
export function authPreferred(cfg: PppConfig, allowed: u32): u32 {
  for (let i = 0; i < CONFIG_AUTH_ORDER_BYTES; i++) {
    const code = configAuthCode(cfg, i);
    if (code != 0 && (allowed & authCodeBit(code)) != 0) return code;
  }
  for (let k = 0; k < 4; k++) {
    const code = <u32>load<u8>(DEFAULT_ORDER + <usize>k);
    if ((allowed & authCodeBit(code)) != 0) return code;
  }
  return 0;
}
