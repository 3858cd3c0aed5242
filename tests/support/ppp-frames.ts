// PPP packets built in TypeScript, independent of the core, for fuzzing and fixtures:
// control packets of LCP (RFC 1661 §5), PAP (RFC 1334 §2), CHAP (RFC 1994 §4), IPCP
// (RFC 1332), CBCP (MS-CBCP §2.2), their options as Type-Length-Value, and RFC 1662 framing
// with a right or a wrong FCS-16. Also a small deframer for reading what a core sent.

export const PROTO = { LCP: 0xc021, PAP: 0xc023, CHAP: 0xc223, CBCP: 0xc029, IPCP: 0x8021, IP: 0x0021 } as const;

export const LCP = {
  ConfReq: 1, ConfAck: 2, ConfNak: 3, ConfRej: 4, TermReq: 5, TermAck: 6, CodeRej: 7, ProtRej: 8,
  EchoReq: 9, EchoRep: 10, DiscardReq: 11, Identification: 12, TimeRemaining: 13,
} as const;

/** One option (RFC 1661 §6): its Length is 2 + value unless `length` lies. */
export function option(type: number, value: ArrayLike<number> = [], length = value.length + 2): number[] {
  return [type & 255, length & 255, ...Array.from(value, (b) => b & 255)];
}

export function u16(v: number): number[] {
  return [(v >>> 8) & 255, v & 255];
}

export function u32(v: number): number[] {
  return [(v >>> 24) & 255, (v >>> 16) & 255, (v >>> 8) & 255, v & 255];
}

export function latin1(text: string): number[] {
  return Array.from(Buffer.from(text, "latin1"));
}

/** Code, Identifier, Length (right unless `length` lies), data. */
export function controlPacket(code: number, id: number, data: ArrayLike<number> = [], length = data.length + 4): number[] {
  return [code & 255, id & 255, ...u16(length), ...Array.from(data)];
}

/** Address and control (unless compressed), protocol (one octet when compressible and asked), information. */
export function pppFrame(protocol: number, information: ArrayLike<number>, acfc = false, pfc = false): Uint8Array {
  const header = acfc ? [] : [0xff, 0x03];
  const proto = pfc && protocol < 0x100 && (protocol & 1) === 1 ? [protocol] : u16(protocol);
  return Uint8Array.from([...header, ...proto, ...Array.from(information)]);
}

export const lcpOptions = {
  mru: (v: number) => option(1, u16(v)),
  accm: (v: number) => option(2, u32(v)),
  pap: () => option(3, u16(PROTO.PAP)),
  chapMd5: () => option(3, [...u16(PROTO.CHAP), 5]),
  magic: (v: number) => option(5, u32(v)),
  pfc: () => option(7),
  acfc: () => option(8),
  /** RFC 1570 Callback: operation 0-4, 6 = CBCP; message per operation. */
  callback: (operation: number, message: string = "") => option(13, [operation, ...latin1(message)]),
};

export const ipcpOptions = {
  address: (a: number) => option(3, u32(a)),
  compression: (protocol: number) => option(2, [...u16(protocol), 15, 0]),
  addresses: (a: number, b: number) => option(1, [...u32(a), ...u32(b)]),
};

/** PAP Authenticate-Request (RFC 1334 §2.2.1). */
export function papRequest(id: number, peer: string, password: string): number[] {
  const p = latin1(peer);
  const w = latin1(password);
  return controlPacket(1, id, [p.length, ...p, w.length, ...w]);
}

/** CHAP Challenge (1) or Response (2): Value-Size, Value, Name (RFC 1994 §4.1). */
export function chapPacket(code: 1 | 2, id: number, value: ArrayLike<number>, name: string): number[] {
  return controlPacket(code, id, [value.length & 255, ...Array.from(value), ...latin1(name)]);
}

/** A CBCP option: type 1 `01 02`, 3 `03 03 delay`, 2 and 4 `type len delay 01 number 00`. */
export function cbcpOption(type: number, delay = 0, number = ""): number[] {
  if (type === 1) return [1, 2];
  if (type === 3) return [3, 3, delay & 255];
  const n = latin1(number);
  return [type & 255, (5 + n.length) & 255, delay & 255, 1, ...n, 0];
}

// RFC 1662 Appendix C table for FCS-16.
const FCS_TABLE = (() => {
  const t = new Uint16Array(256);
  for (let b = 0; b < 256; b++) {
    let v = b;
    for (let k = 0; k < 8; k++) v = v & 1 ? (v >>> 1) ^ 0x8408 : v >>> 1;
    t[b] = v;
  }
  return t;
})();

export function fcs16(bytes: ArrayLike<number>, from = 0, to = bytes.length): number {
  let fcs = 0xffff;
  for (let i = from; i < to; i++) fcs = (fcs >>> 8) ^ FCS_TABLE[(fcs ^ bytes[i]) & 0xff];
  return ~fcs & 0xffff;
}

/** A growing byte buffer, reused between batches so building a stream allocates little. */
export class ByteBuffer {
  bytes: Uint8Array;
  length = 0;

  constructor(size = 1 << 16) {
    this.bytes = new Uint8Array(size);
  }

  put(b: number): void {
    if (this.length === this.bytes.length) this.grow(1);
    this.bytes[this.length++] = b;
  }

  putAll(a: ArrayLike<number>): void {
    if (this.length + a.length > this.bytes.length) this.grow(a.length);
    this.bytes.set(a as ArrayLike<number>, this.length);
    this.length += a.length;
  }

  clear(): void {
    this.length = 0;
  }

  view(): Uint8Array {
    return this.bytes.subarray(0, this.length);
  }

  private grow(more: number): void {
    const next = new Uint8Array(Math.max(this.bytes.length * 2, this.length + more));
    next.set(this.bytes.subarray(0, this.length));
    this.bytes = next;
  }
}

/**
 * Appends flag, the frame with its FCS-16 (xor `fcsError` to make it wrong) escaped per
 * `accm` (7D and 7E always), and a closing flag to `out`.
 */
export function hdlcEncodeInto(out: ByteBuffer, frame: ArrayLike<number>, accm = 0xffffffff, fcsError = 0, openingFlag = true): void {
  const fcs = fcs16(frame) ^ fcsError;
  if (openingFlag) out.put(0x7e);
  const put = (b: number) => {
    if (b === 0x7e || b === 0x7d || (b < 0x20 && (accm >>> b) & 1)) {
      out.put(0x7d);
      out.put(b ^ 0x20);
    } else {
      out.put(b);
    }
  };
  for (let i = 0; i < frame.length; i++) put(frame[i]);
  put(fcs & 0xff);
  put(fcs >>> 8);
  out.put(0x7e);
}

/** Splits a byte stream into frames with a good FCS-16 (FCS removed); other bytes are dropped. */
export class HdlcDeframer {
  private buf: number[] = [];
  private escaped = false;
  private inFrame = false;

  push(bytes: ArrayLike<number>): Uint8Array[] {
    const frames: Uint8Array[] = [];
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i];
      if (b === 0x7e) {
        const n = this.buf.length;
        const good = n >= 4 && fcs16(this.buf, 0, n - 2) === (this.buf[n - 2] | (this.buf[n - 1] << 8));
        if (this.inFrame && good) frames.push(Uint8Array.from(this.buf.slice(0, -2)));
        this.buf = [];
        this.escaped = false;
        this.inFrame = true;
      } else if (!this.inFrame) {
        continue;
      } else if (b === 0x7d) {
        this.escaped = true;
      } else {
        this.buf.push(this.escaped ? b ^ 0x20 : b);
        this.escaped = false;
      }
    }
    return frames;
  }
}
