// What one PPP session is asked to do, as the host writes it for pppOpen (boards/ppp-abi.md).
// Little-endian, fixed offsets, 172 octets; a shorter block leaves the rest zero.
//
//  PppConfig (24 bytes, then four 32-octet text fields)
//  ┌──────┬──────────┬───────────────────┬───────────┬───────────┬───────┬─────┐
//  │ auth │ callback │ callbackOperation │ cbcpTypes │ cbcpDelay │ flags │ mru │
//  │ u8   │ u8       │ u8                │ u8        │ u8        │ u8    │ u16 │
//  ├──────┴──────┬───┴───────────┬───────┴───────────┴───────────┴───────┴─────┤
//  │ ourAddress  │ peerAddress   │ accm │ userLen secretLen numberLen nameLen  │
//  └─────────────┴───────────────┴──────┴──────────────────────────────────────┘
//  24: user[32]  56: secret[32]  88: number[32]  120: name[32]
//  152: echoInterval u16 (seconds, 0 = no keepalive)  154: echoFailures u8 (0 = 5)  155: pad
//  156: RFC 1877 servers, u32 each (0 = none): DNS primary, DNS secondary, NBNS primary, NBNS secondary

/** auth bits: server = protocols it requires (CHAP first), client = protocols it will do. */
export const AUTH_PAP: u32 = 1;
export const AUTH_CHAP: u32 = 2;

/** callback, server role: what it accepts in the peer's LCP Callback option. */
export const CALLBACK_ACCEPT_RFC1570: u32 = 1;
export const CALLBACK_ACCEPT_CBCP: u32 = 2;
/** callback, client role: what it asks for. */
export const CALLBACK_REQUEST_NONE: u32 = 0;
export const CALLBACK_REQUEST_RFC1570: u32 = 1;
export const CALLBACK_REQUEST_CBCP: u32 = 2;

export const CONFIG_FLAG_TRACE: u32 = 1;
/** Report every frame sent and received (for a pcap file on the host). */
export const CONFIG_FLAG_CAPTURE: u32 = 2;
/** Server: a non-zero address the peer asks for is acked (`async dynamic address`), even when one is assigned. */
export const CONFIG_FLAG_PEER_CHOOSES_ADDRESS: u32 = 4;

export const CONFIG_TEXT_BYTES: i32 = 32;
export const CONFIG_USER: usize = 24;
export const CONFIG_SECRET: usize = 56;
export const CONFIG_NUMBER: usize = 88;
export const CONFIG_NAME: usize = 120;
export const CONFIG_ECHO_INTERVAL: usize = 152;
export const CONFIG_ECHO_FAILURES: usize = 154;
/** The four RFC 1877 server addresses (NameServer order: DNS, DNS secondary, NBNS, NBNS secondary). */
export const CONFIG_NAME_SERVERS: usize = 156;
export const CONFIG_BYTES: i32 = 172;
/** The shortest options block pppOpen takes (the fixed fields). */
export const CONFIG_FIXED_BYTES: i32 = 24;

@unmanaged
export class PppConfig {
  auth: u8;
  callback: u8;
  /** Client: RFC 1570 operation 0-4 to request. */
  callbackOperation: u8;
  /** Server: offered CBCP types as bits (1 << type); client: the type it prefers. */
  cbcpTypes: u8;
  /** Seconds before the call back, sent in CBCP. */
  cbcpDelay: u8;
  flags: u8;
  /** 0 = 1500. */
  mru: u16;
  /** IPv4 addresses as big-endian values (10.1.1.1 = 0x0a010101); 0 = none/ask. */
  ourAddress: u32;
  peerAddress: u32;
  /** The receive ACCM we ask for. */
  accm: u32;
  userLen: u8;
  secretLen: u8;
  numberLen: u8;
  nameLen: u8;
}

/**
 * Copies `len` octets of options into `cfg` (CONFIG_BYTES of memory), zero-filling the rest.
 * Returns false when the block is shorter than the fixed fields or a text length is over 32.
 */
export function configLoad(cfg: PppConfig, src: usize, len: i32): bool {
  if (len < CONFIG_FIXED_BYTES) return false;
  const n = len < CONFIG_BYTES ? len : CONFIG_BYTES;
  const at = changetype<usize>(cfg);
  memory.fill(at, 0, <usize>CONFIG_BYTES);
  memory.copy(at, src, <usize>n);
  const limit = <u8>CONFIG_TEXT_BYTES;
  return cfg.userLen <= limit && cfg.secretLen <= limit && cfg.numberLen <= limit && cfg.nameLen <= limit;
}

/** LCP keepalive period in ms (0 = off) and the unanswered Echo-Requests that end the link. */
export function configEchoIntervalMs(cfg: PppConfig): f64 {
  return <f64>load<u16>(changetype<usize>(cfg) + CONFIG_ECHO_INTERVAL) * 1000;
}

export function configEchoFailures(cfg: PppConfig): u32 {
  const n = <u32>load<u8>(changetype<usize>(cfg) + CONFIG_ECHO_FAILURES);
  return n == 0 ? 5 : n;
}

/** RFC 1877 server `which` (0 DNS, 1 DNS secondary, 2 NBNS, 3 NBNS secondary) as a big-endian value; 0 = none. */
export function configNameServer(cfg: PppConfig, which: i32): u32 {
  return which < 0 || which > 3 ? 0 : load<u32>(changetype<usize>(cfg) + CONFIG_NAME_SERVERS + <usize>which * 4);
}

// @ts-ignore: decorator
@inline export function configText(cfg: PppConfig, field: usize): usize {
  return changetype<usize>(cfg) + field;
}
