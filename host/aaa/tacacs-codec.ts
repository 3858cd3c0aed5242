// TACACS+ wire codec (RFC 8907 §4-§6): the 12-octet header, body obfuscation with the MD5 pad,
// authentication START/REPLY/CONTINUE, authorization REQUEST/RESPONSE and AV pairs. No state, no
// I/O; tacacs-connection.ts and tacacs-client.ts own both. Decoders return a reason string, never
// throw, and name fields and lengths in it, never their values (bodies carry passwords).

import { createHash } from "node:crypto";

export const TACACS_HEADER_LENGTH = 12;
// RFC 8907 §4.1: major version 0xc; minor 0 (default) or 1 (PAP/CHAP login, §5.4.1).
export const TACACS_MAJOR_VERSION = 0xc;
export const TACACS_VERSION_DEFAULT = 0xc0;
export const TACACS_VERSION_ONE = 0xc1;
export const TACACS_AUTHENTICATION = 0x01;
export const TACACS_AUTHORIZATION = 0x02;
export const TACACS_ACCOUNTING = 0x03;
export const TACACS_FLAG_UNENCRYPTED = 0x01;
export const TACACS_FLAG_SINGLE_CONNECT = 0x04;
// RFC 8907 §4.1: implementations bound the body size; 2^16 is the recommended maximum.
export const TACACS_MAX_BODY = 0x10000;

// RFC 8907 §5.1.
export const TACACS_AUTHEN_LOGIN = 0x01;
export const TACACS_PRIV_LVL_USER = 0x01;
export const TACACS_AUTHEN_TYPE_ASCII = 0x01;
export const TACACS_AUTHEN_TYPE_PAP = 0x02;
export const TACACS_AUTHEN_TYPE_CHAP = 0x03;
export const TACACS_AUTHEN_SVC_LOGIN = 0x01;
export const TACACS_AUTHEN_SVC_PPP = 0x03;

// RFC 8907 §5.2.
export const TACACS_AUTHEN_STATUS_PASS = 0x01;
export const TACACS_AUTHEN_STATUS_FAIL = 0x02;
export const TACACS_AUTHEN_STATUS_GETDATA = 0x03;
export const TACACS_AUTHEN_STATUS_GETUSER = 0x04;
export const TACACS_AUTHEN_STATUS_GETPASS = 0x05;
export const TACACS_AUTHEN_STATUS_RESTART = 0x06;
export const TACACS_AUTHEN_STATUS_ERROR = 0x07;
export const TACACS_AUTHEN_STATUS_FOLLOW = 0x21;
export const TACACS_REPLY_FLAG_NOECHO = 0x01;
// RFC 8907 §5.3.
export const TACACS_CONTINUE_FLAG_ABORT = 0x01;

// RFC 8907 §6.1 and §6.2.
export const TACACS_AUTHEN_METH_TACACSPLUS = 0x06;
export const TACACS_AUTHOR_STATUS_PASS_ADD = 0x01;
export const TACACS_AUTHOR_STATUS_PASS_REPL = 0x02;
export const TACACS_AUTHOR_STATUS_FAIL = 0x10;
export const TACACS_AUTHOR_STATUS_ERROR = 0x11;
export const TACACS_AUTHOR_STATUS_FOLLOW = 0x21;

// RFC 8907 §7.1 and §7.2.
export const TACACS_ACCT_FLAG_START = 0x02;
export const TACACS_ACCT_FLAG_STOP = 0x04;
export const TACACS_ACCT_FLAG_WATCHDOG = 0x08;
export const TACACS_ACCT_STATUS_SUCCESS = 0x01;
export const TACACS_ACCT_STATUS_ERROR = 0x02;
export const TACACS_ACCT_STATUS_FOLLOW = 0x21;
export const TACACS_AUTHEN_TYPE_NOT_SET = 0x00;

const AUTHEN_STATUSES = new Set([1, 2, 3, 4, 5, 6, 7, 0x21]);
const AUTHOR_STATUSES = new Set([1, 2, 0x10, 0x11, 0x21]);
const ACCT_STATUSES = new Set([1, 2, 0x21]);

export interface TacacsHeader {
  /** Major in the high nibble, minor in the low one: 0xc0 or 0xc1. */
  version: number;
  type: number;
  seqNo: number;
  flags: number;
  sessionId: number;
  /** Body octets after the header. */
  length: number;
}

/** Who asks, from where: the fields an authentication START and an authorization REQUEST share (§5.1, §6.1). */
export interface TacacsSubject {
  privLvl: number;
  authenType: number;
  authenService: number;
  user: Uint8Array;
  port: Uint8Array;
  remAddr: Uint8Array;
}

export interface TacacsAuthenStart extends TacacsSubject {
  action: number;
  data: Uint8Array;
}

export interface TacacsAuthenReply {
  status: number;
  flags: number;
  serverMsg: Uint8Array;
  data: Uint8Array;
}

export interface TacacsAuthenContinue {
  flags: number;
  userMsg: Uint8Array;
  data: Uint8Array;
}

export interface TacacsAuthorRequest extends TacacsSubject {
  authenMethod: number;
  /** AV pairs as sent, "name=value" or "name*value" (US-ASCII, §6.1). */
  args: string[];
}

export interface TacacsAuthorResponse {
  status: number;
  serverMsg: Uint8Array;
  data: Uint8Array;
  args: string[];
}

export interface TacacsAcctRequest extends TacacsSubject {
  flags: number;
  authenMethod: number;
  args: string[];
}

export interface TacacsAcctReply {
  status: number;
  serverMsg: Uint8Array;
  data: Uint8Array;
}

export interface TacacsAvPair {
  name: string;
  value: string;
  /** "=" separator; "*" marks an optional pair (RFC 8907 §6.1). */
  mandatory: boolean;
}

/** Emits the 12-octet header. */
export function tacacsHeaderEncode(header: TacacsHeader): Uint8Array {
  const out = Buffer.alloc(TACACS_HEADER_LENGTH);
  out[0] = header.version;
  out[1] = header.type;
  out[2] = header.seqNo;
  out[3] = header.flags;
  out.writeUInt32BE(header.sessionId >>> 0, 4);
  out.writeUInt32BE(header.length >>> 0, 8);
  return new Uint8Array(out.buffer, out.byteOffset, out.length);
}

/** Parses the first 12 octets; a reason for a short buffer, a major version other than 0xc or a body over TACACS_MAX_BODY. */
export function tacacsHeaderDecode(bytes: Uint8Array): TacacsHeader | string {
  if (bytes.length < TACACS_HEADER_LENGTH) return `short header (${bytes.length} octets)`;
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, TACACS_HEADER_LENGTH);
  const header = { version: bytes[0], type: bytes[1], seqNo: bytes[2], flags: bytes[3], sessionId: view.readUInt32BE(4), length: view.readUInt32BE(8) };
  if (header.version >> 4 !== TACACS_MAJOR_VERSION) return `major version ${header.version >> 4} is not 12`;
  if (header.length > TACACS_MAX_BODY) return `body length ${header.length} exceeds ${TACACS_MAX_BODY}`;
  return header;
}

/**
 * RFC 8907 §4.5: the pseudo pad MD5(session_id ‖ key ‖ version ‖ seq_no [‖ previous hash]), chained and cut to `length`.
 * The session_id goes in network order, as in the header.
 */
export function tacacsPad(header: Pick<TacacsHeader, "sessionId" | "version" | "seqNo">, key: string, length: number): Uint8Array {
  const prefix = Buffer.alloc(4);
  prefix.writeUInt32BE(header.sessionId >>> 0);
  const stream = Buffer.concat([prefix, Buffer.from(key, "utf8"), Uint8Array.of(header.version, header.seqNo)]);
  const pad = new Uint8Array(Math.ceil(length / 16) * 16);
  let previous: Uint8Array = new Uint8Array(0);
  for (let at = 0; at < length; at += 16) {
    previous = createHash("md5").update(stream).update(previous).digest();
    pad.set(previous, at);
  }
  return pad.subarray(0, length);
}

/** XORs `body` with the pad (obfuscating and revealing are the same); with TAC_PLUS_UNENCRYPTED_FLAG set it returns a copy. */
export function tacacsObfuscate(header: Pick<TacacsHeader, "sessionId" | "version" | "seqNo" | "flags">, body: Uint8Array, key: string): Uint8Array {
  if (header.flags & TACACS_FLAG_UNENCRYPTED) return Uint8Array.from(body);
  const pad = tacacsPad(header, key, body.length);
  return body.map((octet, i) => octet ^ pad[i]);
}

/** Header ‖ obfuscated body, the length filled in; throws RangeError for a body over TACACS_MAX_BODY. */
export function tacacsPacketEncode(header: Omit<TacacsHeader, "length">, body: Uint8Array, key: string): Uint8Array {
  if (body.length > TACACS_MAX_BODY) throw new RangeError(`TACACS+ body of ${body.length} octets exceeds ${TACACS_MAX_BODY}`);
  const full = { ...header, length: body.length };
  const out = new Uint8Array(TACACS_HEADER_LENGTH + body.length);
  out.set(tacacsHeaderEncode(full));
  out.set(tacacsObfuscate(full, body, key), TACACS_HEADER_LENGTH);
  return out;
}

/** Builds a body from fixed octets and length-prefixed fields; throws RangeError when a field exceeds its length octets. */
function emit(fixed: number[], fields: { value: Uint8Array; octets: 1 | 2; name: string }[], tail: Uint8Array[] = []): Uint8Array {
  const lengths: number[] = [];
  for (const f of fields) {
    const max = f.octets === 1 ? 0xff : 0xffff;
    if (f.value.length > max) throw new RangeError(`TACACS+ ${f.name} of ${f.value.length} octets exceeds ${max}`);
    if (f.octets === 1) lengths.push(f.value.length);
    else lengths.push(f.value.length >> 8, f.value.length & 0xff);
  }
  return Uint8Array.from(Buffer.concat([Uint8Array.from([...fixed, ...lengths]), ...fields.map((f) => f.value), ...tail]));
}

/** Reads length-prefixed fields after `fixed` octets; a reason unless the lengths add up to the body exactly (RFC 8907 §4.5). */
function split(body: Uint8Array, what: string, fixed: number, lengths: number[]): Uint8Array[] | string {
  const total = lengths.reduce((sum, n) => sum + n, fixed);
  if (total !== body.length) return `${what}: field lengths add up to ${total}, body has ${body.length} octets`;
  const out: Uint8Array[] = [];
  let at = fixed;
  for (const n of lengths) {
    out.push(body.slice(at, at + n));
    at += n;
  }
  return out;
}

const u16 = (body: Uint8Array, at: number) => (body[at] << 8) | body[at + 1];
const ascii = (text: string) => Uint8Array.from(Buffer.from(text, "latin1"));
const text = (bytes: Uint8Array) => Buffer.from(bytes).toString("latin1");

/** RFC 8907 §5.1. */
export function tacacsAuthenStartEncode(s: TacacsAuthenStart): Uint8Array {
  return emit([s.action, s.privLvl, s.authenType, s.authenService], [
    { value: s.user, octets: 1, name: "user" },
    { value: s.port, octets: 1, name: "port" },
    { value: s.remAddr, octets: 1, name: "rem_addr" },
    { value: s.data, octets: 1, name: "data" },
  ]);
}

export function tacacsAuthenStartDecode(body: Uint8Array): TacacsAuthenStart | string {
  if (body.length < 8) return `authentication START: ${body.length} octets, 8 at least`;
  const fields = split(body, "authentication START", 8, [body[4], body[5], body[6], body[7]]);
  if (typeof fields === "string") return fields;
  const [user, port, remAddr, data] = fields;
  return { action: body[0], privLvl: body[1], authenType: body[2], authenService: body[3], user, port, remAddr, data };
}

/** RFC 8907 §5.2. */
export function tacacsAuthenReplyEncode(r: TacacsAuthenReply): Uint8Array {
  return emit([r.status, r.flags], [
    { value: r.serverMsg, octets: 2, name: "server_msg" },
    { value: r.data, octets: 2, name: "data" },
  ]);
}

/** Also refuses a status RFC 8907 §5.2 does not define: after a wrong key the lengths rarely add up, the status then has 8 of 256 chances. */
export function tacacsAuthenReplyDecode(body: Uint8Array): TacacsAuthenReply | string {
  if (body.length < 6) return `authentication REPLY: ${body.length} octets, 6 at least`;
  const fields = split(body, "authentication REPLY", 6, [u16(body, 2), u16(body, 4)]);
  if (typeof fields === "string") return fields;
  if (!AUTHEN_STATUSES.has(body[0])) return `authentication REPLY: unknown status 0x${body[0].toString(16)}`;
  return { status: body[0], flags: body[1], serverMsg: fields[0], data: fields[1] };
}

/** RFC 8907 §5.3: user_msg_len(2) data_len(2) flags(1), then the two fields. */
export function tacacsAuthenContinueEncode(c: TacacsAuthenContinue): Uint8Array {
  const body = emit([], [
    { value: c.userMsg, octets: 2, name: "user_msg" },
    { value: c.data, octets: 2, name: "data" },
  ]);
  return Uint8Array.from([...body.subarray(0, 4), c.flags, ...body.subarray(4)]);
}

export function tacacsAuthenContinueDecode(body: Uint8Array): TacacsAuthenContinue | string {
  if (body.length < 5) return `authentication CONTINUE: ${body.length} octets, 5 at least`;
  const fields = split(body, "authentication CONTINUE", 5, [u16(body, 0), u16(body, 2)]);
  if (typeof fields === "string") return fields;
  return { flags: body[4], userMsg: fields[0], data: fields[1] };
}

/** RFC 8907 §6.1: throws RangeError for over 255 args or an arg over 255 octets. */
export function tacacsAuthorRequestEncode(r: TacacsAuthorRequest): Uint8Array {
  const args = r.args.map(ascii);
  if (args.length > 0xff) throw new RangeError(`TACACS+ authorization REQUEST with ${args.length} args exceeds 255`);
  const argLengths = args.map((a, i) => {
    if (a.length > 0xff) throw new RangeError(`TACACS+ arg ${i + 1} of ${a.length} octets exceeds 255`);
    return a.length;
  });
  const head = emit([r.authenMethod, r.privLvl, r.authenType, r.authenService], [
    { value: r.user, octets: 1, name: "user" },
    { value: r.port, octets: 1, name: "port" },
    { value: r.remAddr, octets: 1, name: "rem_addr" },
  ]);
  // The arg_cnt and arg_N_len octets sit between the three string lengths and the strings.
  return Uint8Array.from([...head.subarray(0, 7), args.length, ...argLengths, ...head.subarray(7), ...Buffer.concat(args)]);
}

export function tacacsAuthorRequestDecode(body: Uint8Array): TacacsAuthorRequest | string {
  if (body.length < 8) return `authorization REQUEST: ${body.length} octets, 8 at least`;
  const count = body[7];
  if (body.length < 8 + count) return `authorization REQUEST: ${count} arg lengths do not fit in ${body.length} octets`;
  const argLengths = [...body.subarray(8, 8 + count)];
  const fields = split(body, "authorization REQUEST", 8 + count, [body[4], body[5], body[6], ...argLengths]);
  if (typeof fields === "string") return fields;
  const [user, port, remAddr, ...args] = fields;
  return { authenMethod: body[0], privLvl: body[1], authenType: body[2], authenService: body[3], user, port, remAddr, args: args.map(text) };
}

/** RFC 8907 §6.2: status arg_cnt server_msg_len(2) data_len(2) arg_N_len…, then server_msg, data, args. */
export function tacacsAuthorResponseEncode(r: TacacsAuthorResponse): Uint8Array {
  const args = r.args.map(ascii);
  if (args.length > 0xff) throw new RangeError(`TACACS+ authorization RESPONSE with ${args.length} args exceeds 255`);
  const argLengths = args.map((a, i) => {
    if (a.length > 0xff) throw new RangeError(`TACACS+ arg ${i + 1} of ${a.length} octets exceeds 255`);
    return a.length;
  });
  const head = emit([r.status, args.length], [
    { value: r.serverMsg, octets: 2, name: "server_msg" },
    { value: r.data, octets: 2, name: "data" },
  ]);
  return Uint8Array.from([...head.subarray(0, 6), ...argLengths, ...head.subarray(6), ...Buffer.concat(args)]);
}

export function tacacsAuthorResponseDecode(body: Uint8Array): TacacsAuthorResponse | string {
  if (body.length < 6) return `authorization RESPONSE: ${body.length} octets, 6 at least`;
  const count = body[1];
  if (body.length < 6 + count) return `authorization RESPONSE: ${count} arg lengths do not fit in ${body.length} octets`;
  const argLengths = [...body.subarray(6, 6 + count)];
  const fields = split(body, "authorization RESPONSE", 6 + count, [u16(body, 2), u16(body, 4), ...argLengths]);
  if (typeof fields === "string") return fields;
  if (!AUTHOR_STATUSES.has(body[0])) return `authorization RESPONSE: unknown status 0x${body[0].toString(16)}`;
  const [serverMsg, data, ...args] = fields;
  return { status: body[0], serverMsg, data, args: args.map(text) };
}

/** RFC 8907 §6.1: the name ends at the first "=" (mandatory) or "*" (optional); names hold neither, values may; values may be empty. */
export function tacacsAvPairParse(arg: string): TacacsAvPair | string {
  const at = arg.search(/[=*]/);
  if (at < 0) return `AV pair of ${arg.length} characters has no "=" or "*"`;
  if (at === 0) return "AV pair with an empty name";
  return { name: arg.slice(0, at), value: arg.slice(at + 1), mandatory: arg[at] === "=" };
}

export function tacacsAvPairFormat(pair: TacacsAvPair): string {
  return `${pair.name}${pair.mandatory ? "=" : "*"}${pair.value}`;
}

/** RFC 8907 §7.1: flags authen_method priv_lvl authen_type authen_service user_len port_len rem_addr_len arg_cnt arg_N_len…, then the strings. */
export function tacacsAcctRequestEncode(r: TacacsAcctRequest): Uint8Array {
  const args = r.args.map(ascii);
  if (args.length > 0xff) throw new RangeError(`TACACS+ accounting REQUEST with ${args.length} args exceeds 255`);
  const argLengths = args.map((a, i) => {
    if (a.length > 0xff) throw new RangeError(`TACACS+ arg ${i + 1} of ${a.length} octets exceeds 255`);
    return a.length;
  });
  const head = emit([r.flags, r.authenMethod, r.privLvl, r.authenType, r.authenService], [
    { value: r.user, octets: 1, name: "user" },
    { value: r.port, octets: 1, name: "port" },
    { value: r.remAddr, octets: 1, name: "rem_addr" },
  ]);
  return Uint8Array.from([...head.subarray(0, 8), args.length, ...argLengths, ...head.subarray(8), ...Buffer.concat(args)]);
}

export function tacacsAcctRequestDecode(body: Uint8Array): TacacsAcctRequest | string {
  if (body.length < 9) return `accounting REQUEST: ${body.length} octets, 9 at least`;
  const count = body[8];
  if (body.length < 9 + count) return `accounting REQUEST: ${count} arg lengths do not fit in ${body.length} octets`;
  const argLengths = [...body.subarray(9, 9 + count)];
  const fields = split(body, "accounting REQUEST", 9 + count, [body[5], body[6], body[7], ...argLengths]);
  if (typeof fields === "string") return fields;
  const [user, port, remAddr, ...args] = fields;
  return { flags: body[0], authenMethod: body[1], privLvl: body[2], authenType: body[3], authenService: body[4], user, port, remAddr, args: args.map(text) };
}

/** RFC 8907 §7.2: server_msg_len(2) data_len(2) status(1), then server_msg and data. */
export function tacacsAcctReplyEncode(r: TacacsAcctReply): Uint8Array {
  const body = emit([], [
    { value: r.serverMsg, octets: 2, name: "server_msg" },
    { value: r.data, octets: 2, name: "data" },
  ]);
  return Uint8Array.from([...body.subarray(0, 4), r.status, ...body.subarray(4)]);
}

/** Also refuses a status §7.2 does not define (after a wrong key the lengths rarely add up; then the status is checked). */
export function tacacsAcctReplyDecode(body: Uint8Array): TacacsAcctReply | string {
  if (body.length < 5) return `accounting REPLY: ${body.length} octets, 5 at least`;
  const fields = split(body, "accounting REPLY", 5, [u16(body, 0), u16(body, 2)]);
  if (typeof fields === "string") return fields;
  if (!ACCT_STATUSES.has(body[4])) return `accounting REPLY: unknown status 0x${body[4].toString(16)}`;
  return { status: body[4], serverMsg: fields[0], data: fields[1] };
}
