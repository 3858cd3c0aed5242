// ARAP packets as they travel in the MNP byte stream, and the bodies of its control messages.
// The message names and their order are public (RFC 2869 §2.2, Cisco's ARA traces); their
// numeric codes and layouts are not (Apple's ARAP 2.0 ERS). Every such number below is
// dialback's own encoding, marked PROVISIONAL, and documented in one table in boards/arap.md;
// tests check behaviour, not these values.
//
// A packet is a 2-octet length (big-endian, the octets that follow) and that many octets.
// Octet 0 says what it carries: an AppleTalk datagram, or a control message with a sequence
// number and a 2-octet code, then the message's own fields.

/** The length prefix. */
export const ARAP_LENGTH_BYTES: u32 = 2;
/** The longest packet (after its length) a receiver takes. */
export const ARAP_PACKET_MAX: u32 = 600;

/** PROVISIONAL: octet 0 of a packet carrying an AppleTalk (DDP) datagram. */
export const ARAP_CHANNEL_DATA: u8 = 0x00;
/** PROVISIONAL: octet 0 of a control message. */
export const ARAP_CHANNEL_CONTROL: u8 = 0x10;
/** Control header: channel, sequence number, code (2, big-endian). */
export const ARAP_CONTROL_HEADER: u32 = 4;

/** PROVISIONAL, every value: the control messages (names after RFC 2869 §2.2 and Cisco's traces). */
export const enum ArapCode {
  SrvrVersion = 0x0001, // server: lowest and highest version it speaks
  ClientVersion = 0x0002, // client: the version chosen
  AuthChallenge = 0x0003, // server: Cn, two random 32-bit numbers
  AuthRequest = 0x0004, // client: user, Rc = DES(K, Cn), its own Cc, the number to call back (may be empty)
  AuthResponse = 0x0005, // server: result and Rs = DES(K, Cc)
  AuthAgain = 0x0006, // server: the response was wrong; tries left and a fresh Cn
  Features = 0x0007, // server: the 14 octets of RFC 2869 ARAP-Features
  Callback = 0x0008, // server: the line drops now and the client is called back (wait in seconds)
  StartInfo = 0x0009, // server: AppearAsNet, AppearAsNode, default zone, server name, smart-buffering flags
  ZoneList = 0x000a, // server: the zones the client may see
  Tickle = 0x000b, // either: still there
  Close = 0x000c, // either: the session ends (reason)
  Ack = 0x000d, // either: control message `seq` arrived
}

/** PROVISIONAL: ARAP versions as 0xMMmm. */
export const ARAP_VERSION_1: u32 = 0x0100;
export const ARAP_VERSION_2: u32 = 0x0200;

/** RFC 2869 §2.2: Cn, Cc, Rc and Rs are 8 octets each. */
export const ARAP_BLOCK_BYTES: u32 = 8;
/** RFC 2869 §5.x: User-Name up to 31 characters for ARAP. */
export const ARAP_NAME_MAX: u32 = 31;
/** AppleTalk zone and object names: at most 32 octets. */
export const ARAP_ZONE_MAX: u32 = 32;
/** A callback number offered by the client: at most 32 octets (a callback record's). */
export const ARAP_NUMBER_MAX: u32 = 32;
/** RFC 2869 ARAP-Features: 14 octets. */
export const ARAP_FEATURES_BYTES: u32 = 14;
/** Zones listed in one ZoneList message at most. */
export const ARAP_ZONES_PER_MESSAGE: u32 = 16;

/** Why a session ended (Close's reason octet, PROVISIONAL values). */
export const enum ArapCloseReason {
  None = 0,
  AuthFailed = 1,
  Version = 2,
  Callback = 3,
  User = 4,
  Timeout = 5,
  ProtocolError = 6,
  ServerNotAuthentic = 7, // client: the server's Rs was wrong
  WrongUser = 8, // callback leg: not the user called back
  PeerClosed = 9, // not sent: the peer's Close came in
  LinkLost = 10, // not sent: the MNP link or the line went down
}

// ---- The packet stream ----

//  ArapAssembler: one receive direction of the packet stream.
@unmanaged
export class ArapAssembler {
  buf: usize;
  capacity: u32;
  /** Octets of the length read (0..2), then of the packet. */
  lengthHave: u32;
  length: u32;
  have: u32;
  packetReady: u32;
  /** The length of the packet at `buf` once packetReady. */
  packetLen: u32;
  /** A length of 0 or past the capacity: the stream cannot be followed any more. */
  broken: u32;
}

export function arapAssemblerInit(a: ArapAssembler, buf: usize, capacity: u32): void {
  a.buf = buf;
  a.capacity = capacity;
  arapAssemblerRestart(a);
}

export function arapAssemblerRestart(a: ArapAssembler): void {
  a.lengthHave = 0;
  a.length = 0;
  a.have = 0;
  a.packetReady = 0;
  a.packetLen = 0;
  a.broken = 0;
}

/**
 * Takes stream octets until one packet is complete (packetReady, packetLen octets at `buf`) or
 * `len` are used; returns how many were consumed. A broken stream consumes everything.
 */
export function arapAssemble(a: ArapAssembler, src: usize, len: i32): i32 {
  a.packetReady = 0;
  let i = 0;
  while (i < len) {
    if (a.broken != 0) return len;
    if (a.lengthHave < ARAP_LENGTH_BYTES) {
      a.length = (a.length << 8) | <u32>load<u8>(src + <usize>i);
      a.lengthHave++;
      i++;
      if (a.lengthHave == ARAP_LENGTH_BYTES && (a.length == 0 || a.length > a.capacity)) a.broken = 1;
      continue;
    }
    const want = a.length - a.have;
    const n = <u32>(len - i) < want ? <u32>(len - i) : want;
    memory.copy(a.buf + <usize>a.have, src + <usize>i, <usize>n);
    a.have += n;
    i += <i32>n;
    if (a.have == a.length) {
      a.packetReady = 1;
      a.packetLen = a.have;
      a.lengthHave = 0;
      a.length = 0;
      a.have = 0;
      return i;
    }
  }
  return i;
}

/** Starts a control packet at `dst`: length (filled by arapPacketEnd), channel, seq, code. Returns where the body goes. */
export function arapControlBegin(dst: usize, seq: u32, code: ArapCode): usize {
  store<u8>(dst, ARAP_CHANNEL_CONTROL, 2);
  store<u8>(dst, <u8>seq, 3);
  store<u8>(dst, <u8>(<u32>code >>> 8), 4);
  store<u8>(dst, <u8>code, 5);
  return dst + ARAP_LENGTH_BYTES + ARAP_CONTROL_HEADER;
}

/** Ends the packet begun at `dst` whose last octet is before `end`; returns its whole length. */
export function arapPacketEnd(dst: usize, end: usize): i32 {
  const n = <u32>(end - dst) - ARAP_LENGTH_BYTES;
  store<u8>(dst, <u8>(n >>> 8));
  store<u8>(dst, <u8>n, 1);
  return <i32>(n + ARAP_LENGTH_BYTES);
}

// ---- Control messages ----

//  ArapControl: a parsed control header.
@unmanaged
export class ArapControl {
  seq: u32;
  code: u32;
  body: usize;
  bodyLen: u32;
}

/** Reads a control packet's header (the octets after the length); false for a data packet or one too short. */
export function arapControlParse(packet: usize, len: u32, out: ArapControl): bool {
  if (len < ARAP_CONTROL_HEADER || load<u8>(packet) != ARAP_CHANNEL_CONTROL) return false;
  out.seq = load<u8>(packet, 1);
  out.code = (<u32>load<u8>(packet, 2) << 8) | <u32>load<u8>(packet, 3);
  out.body = packet + ARAP_CONTROL_HEADER;
  out.bodyLen = len - ARAP_CONTROL_HEADER;
  return true;
}

/** Whether the packet (after its length) carries a datagram. */
export function arapIsData(packet: usize, len: u32): bool {
  return len >= 1 && load<u8>(packet) == ARAP_CHANNEL_DATA;
}

function putU16(at: usize, v: u32): usize {
  store<u8>(at, <u8>(v >>> 8));
  store<u8>(at, <u8>v, 1);
  return at + 2;
}

function getU16(at: usize): u32 {
  return (<u32>load<u8>(at) << 8) | <u32>load<u8>(at, 1);
}

// A u8-length string: false when it runs past `end` or is longer than `max`.
function stringFits(at: usize, end: usize, max: u32): bool {
  if (at + 1 > end) return false;
  const n = <u32>load<u8>(at);
  return n <= max && at + 1 + <usize>n <= end;
}

function putString(at: usize, src: usize, len: u32): usize {
  store<u8>(at, <u8>len);
  memory.copy(at + 1, src, <usize>len);
  return at + 1 + <usize>len;
}

/** SrvrVersion / ClientVersion bodies: one or two versions. */
export function arapVersionsPut(at: usize, low: u32, high: u32, both: bool): usize {
  at = putU16(at, low);
  return both ? putU16(at, high) : at;
}

/** The first version of a version body, -1 when too short. */
export function arapVersionLow(body: usize, len: u32): i32 {
  return len >= 2 ? <i32>getU16(body) : -1;
}

/** The second version of a SrvrVersion body, -1 when too short. */
export function arapVersionHigh(body: usize, len: u32): i32 {
  return len >= 4 ? <i32>getU16(body + 2) : -1;
}

/** Eight octets (a challenge or a response). */
export function arapBlockPut(at: usize, block: usize): usize {
  memory.copy(at, block, ARAP_BLOCK_BYTES);
  return at + ARAP_BLOCK_BYTES;
}

//  ArapAuthRequestView: where the fields of an AuthRequest body are.
@unmanaged
export class ArapAuthRequestView {
  name: usize;
  nameLen: u32;
  rc: usize;
  cc: usize;
  number: usize;
  numberLen: u32;
}

/** AuthRequest body: name (u8-length), Rc, Cc, number (u8-length). */
export function arapAuthRequestPut(at: usize, name: usize, nameLen: u32, rc: usize, cc: usize, number: usize, numberLen: u32): usize {
  at = putString(at, name, nameLen);
  at = arapBlockPut(at, rc);
  at = arapBlockPut(at, cc);
  return putString(at, number, numberLen);
}

/** Reads an AuthRequest body; false when a field is missing, too long, or the name is empty. */
export function arapAuthRequestParse(body: usize, len: u32, out: ArapAuthRequestView): bool {
  const end = body + <usize>len;
  if (!stringFits(body, end, ARAP_NAME_MAX)) return false;
  out.nameLen = load<u8>(body);
  out.name = body + 1;
  if (out.nameLen == 0) return false;
  let at = body + 1 + <usize>out.nameLen;
  if (at + 2 * ARAP_BLOCK_BYTES > end) return false;
  out.rc = at;
  out.cc = at + ARAP_BLOCK_BYTES;
  at += 2 * ARAP_BLOCK_BYTES;
  if (!stringFits(at, end, ARAP_NUMBER_MAX)) return false;
  out.numberLen = load<u8>(at);
  out.number = at + 1;
  return at + 1 + <usize>out.numberLen == end;
}

/** PROVISIONAL: AuthResponse result octet. */
export const ARAP_AUTH_ACCEPTED: u32 = 0;
export const ARAP_AUTH_REFUSED: u32 = 1;

/** AuthResponse body: result, then Rs (zeros when refused). */
export function arapAuthResponsePut(at: usize, result: u32, rs: usize): usize {
  store<u8>(at, <u8>result);
  if (rs != 0) memory.copy(at + 1, rs, ARAP_BLOCK_BYTES);
  else memory.fill(at + 1, 0, ARAP_BLOCK_BYTES);
  return at + 1 + ARAP_BLOCK_BYTES;
}

/** AuthAgain body: tries left, then a fresh Cn. */
export function arapAuthAgainPut(at: usize, triesLeft: u32, cn: usize): usize {
  store<u8>(at, <u8>triesLeft);
  return arapBlockPut(at + 1, cn);
}

//  ArapStartView: the fields of a StartInfo body.
@unmanaged
export class ArapStartView {
  network: u32;
  node: u32;
  zone: usize;
  zoneLen: u32;
  server: usize;
  serverLen: u32;
  flags: u32;
}

/** StartInfo body: AppearAsNet (2), AppearAsNode (1), zone, server name (u8-length each), flags (1). */
export function arapStartInfoPut(at: usize, network: u32, node: u32, zone: usize, zoneLen: u32, server: usize, serverLen: u32, flags: u32): usize {
  at = putU16(at, network);
  store<u8>(at, <u8>node);
  at = putString(at + 1, zone, zoneLen);
  at = putString(at, server, serverLen);
  store<u8>(at, <u8>flags);
  return at + 1;
}

export function arapStartInfoParse(body: usize, len: u32, out: ArapStartView): bool {
  const end = body + <usize>len;
  if (len < 3) return false;
  out.network = getU16(body);
  out.node = load<u8>(body, 2);
  let at = body + 3;
  if (!stringFits(at, end, ARAP_ZONE_MAX)) return false;
  out.zoneLen = load<u8>(at);
  out.zone = at + 1;
  at += 1 + <usize>out.zoneLen;
  if (!stringFits(at, end, ARAP_ZONE_MAX)) return false;
  out.serverLen = load<u8>(at);
  out.server = at + 1;
  at += 1 + <usize>out.serverLen;
  if (at + 1 != end) return false;
  out.flags = load<u8>(at);
  return true;
}

/** ZoneList body: count, then that many u8-length names. */
export function arapZoneListPut(at: usize, count: u32, zone: usize, zoneLen: u32): usize {
  store<u8>(at, <u8>count);
  at += 1;
  for (let i: u32 = 0; i < count; i++) at = putString(at, zone, zoneLen);
  return at;
}

/** The number of zones in a ZoneList body, -1 when malformed. */
export function arapZoneListCount(body: usize, len: u32): i32 {
  const end = body + <usize>len;
  if (len < 1) return -1;
  const count = <u32>load<u8>(body);
  if (count > ARAP_ZONES_PER_MESSAGE) return -1;
  let at = body + 1;
  for (let i: u32 = 0; i < count; i++) {
    if (!stringFits(at, end, ARAP_ZONE_MAX)) return -1;
    at += 1 + <usize>load<u8>(at);
  }
  return at == end ? <i32>count : -1;
}

/** The trace name of a code. */
export function arapCodeName(code: u32): string {
  switch (code) {
    case ArapCode.SrvrVersion: return "SRVRVERSION";
    case ArapCode.ClientVersion: return "CLIENTVERSION";
    case ArapCode.AuthChallenge: return "AUTH_CHALLENGE";
    case ArapCode.AuthRequest: return "AUTH_REQUEST";
    case ArapCode.AuthResponse: return "AUTH_RESPONSE";
    case ArapCode.AuthAgain: return "AUTH_AGAIN";
    case ArapCode.Features: return "FEATURES";
    case ArapCode.Callback: return "CALLBACK";
    case ArapCode.StartInfo: return "STARTINFOFROMSERVER";
    case ArapCode.ZoneList: return "ZONELISTINFO";
    case ArapCode.Tickle: return "TICKLE";
    case ArapCode.Close: return "CLOSE";
    case ArapCode.Ack: return "ACK";
  }
  return "UNKNOWN";
}
